// Checks a card with Microsoft's own Adaptive Cards parser (the `adaptivecards` 3.x package, the
// renderer Teams' web client is built on), as a 1.5 card. No npm package ships the official Adaptive
// Card JSON schema (checked: adaptivecards, adaptivecards-designer, @microsoft/adaptivecards-tools,
// @microsoft/teams.cards, @microsoft/app-manifest), so this is the offline authority:
// 1. every parse event (unknown element or action type, a value outside an enum, an element newer
//    than 1.5) is a problem;
// 2. validateProperties() (duplicate ids, required properties) events are problems;
// 3. the card is serialized back: anything the parser did not understand (an unknown property, a
//    value it replaced) is missing or different there, and is a problem — except the few things
//    the parser leaves out on purpose, listed in DROPPED_ON_PURPOSE.
import { createRequire } from 'node:module';

type AC = typeof import('adaptivecards');
// The package's ES build imports without file extensions (not loadable by Node); its UMD build is.
const ac = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AC;

type Json = Record<string, unknown>;

// Keys the parser drops although they are fine, each with why.
const DROPPED_ON_PURPOSE: Array<{ key: string; where: (parent: Json, path: string) => boolean; why: string }> = [
  { key: 'msteams', where: (_p, path) => path === '', why: 'Teams’ own card extension (full width), not part of the Adaptive Card schema' },
  { key: 'type', where: (p) => 'width' in p || 'horizontalCellContentAlignment' in p, why: 'TableColumnDefinition: the type is implied by `columns`' },
  { key: 'version', where: (_p, path) => path.endsWith('.card'), why: 'a ShowCard’s card takes its version from the outer card' },
  { key: 'firstRowAsHeader', where: (p) => p.firstRowAsHeader === true, why: 'the default (true) is not written back' },
  { key: 'showGridLines', where: (p) => p.showGridLines === true, why: 'the default (true) is not written back' },
];

/** Why the card is not a valid Adaptive Card 1.5; empty when it is. */
export function adaptiveCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const version = ac.Versions.v1_5;
  const context = new ac.SerializationContext(version);
  const parsed = new ac.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const back = parsed.toJSON(new ac.SerializationContext(version));
  compare(card, back, '', problems);
  return problems;
}

function compare(sent: unknown, understood: unknown, path: string, problems: string[]): void {
  if (Array.isArray(sent)) {
    if (!Array.isArray(understood) || understood.length !== sent.length) return void problems.push(`${path || 'card'}: ${sent.length} items, the parser kept ${Array.isArray(understood) ? understood.length : 'none'}`);
    sent.forEach((item, i) => compare(item, understood[i], `${path}[${i}]`, problems));
    return;
  }
  if (sent && typeof sent === 'object') {
    if (!understood || typeof understood !== 'object') return void problems.push(`${path || 'card'}: not understood`);
    const s = sent as Json;
    const u = understood as Json;
    for (const key of Object.keys(s)) {
      const at = `${path}.${key}`;
      if (!(key in u)) {
        if (!DROPPED_ON_PURPOSE.some((d) => d.key === key && d.where(s, path))) problems.push(`${at}: not understood by the Adaptive Cards 1.5 parser`);
        continue;
      }
      compare(s[key], u[key], at, problems);
    }
    return;
  }
  if (sent !== understood) problems.push(`${path}: ${JSON.stringify(sent)} was read as ${JSON.stringify(understood)}`);
}
