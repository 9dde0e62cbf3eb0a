// The prompt: labelled sections in a fixed order, each within its own token budget —
// instructions, house notes, schema slice (one system message), then KB examples and the thread's
// earlier turns as user/assistant pairs, then the question. Items that do not fit are dropped
// whole, never cut mid-SQL; only an over-long question is cut, with a marker.
import type { ChatMessage } from './llm-client.ts';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS, truncateToTokens } from './tokens.ts';

export interface PromptInput {
  question: string;
  /** Rendered by selectSchemaSlice, already within its own budget. */
  schemaSlice: string;
  /** Closest first. */
  examples: Array<{ question: string; sql: string }>;
  /** House rules and business terms from the knowledge base, most relevant first. */
  notes: string[];
  /** The thread's earlier turns, oldest first. Never the data: row count and column names only. */
  turns: Array<{ question: string; sql: string | null; rowCount: number | null; columns: string[] }>;
  budgets?: Partial<PromptBudgets>;
  /** ISO date the model should take as today ("last month" questions); from the clock. */
  today?: string;
}

export interface PromptBudgets {
  notes: number;
  examples: number;
  turns: number;
  question: number;
}

export type PromptSectionName = 'instructions' | 'notes' | 'schema' | 'examples' | 'turns' | 'question';

/** What went into one section: its estimated tokens, items kept, items dropped for the budget, and whether text was cut. */
export interface PromptSection {
  name: PromptSectionName;
  tokens: number;
  items: number;
  dropped: number;
  truncated: boolean;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Always all six, in the order they appear in the prompt. */
  sections: PromptSection[];
}

/** Estimated tokens per section; the schema slice has its own budget in selectSchemaSlice. */
export const DEFAULT_PROMPT_BUDGETS: PromptBudgets = { notes: 600, examples: 2_000, turns: 1_500, question: 600 };

const TURN_COLUMNS_SHOWN = 12;
const REPAIR_REASON_MAX_CHARS = 1_000;

/** Build the chat messages for a question, and the budget accounting of each section. */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const budgets = { ...DEFAULT_PROMPT_BUDGETS, ...input.budgets };

  const instructions = instructionText(input.today);
  const notes = fitItems(input.notes.map((n) => n.trim()).filter(Boolean), budgets.notes, (n) => estimateTokens(`- ${n}\n`), 'skip');
  const notesText = notes.kept.length > 0 ? `\n\n## House notes\n${notes.kept.map((n) => `- ${n}`).join('\n')}` : '';
  const schemaBody = input.schemaSlice.trim() === '' ? '(no tables matched the question)' : input.schemaSlice.trim();
  const schemaText = `\n\n## Schema\n${schemaBody}`;

  const examplePairs = input.examples.map((e) => pair(e.question, sqlBlock(e.sql)));
  const examples = fitItems(examplePairs, budgets.examples, pairTokens, 'skip');

  // Newest turns matter most for a follow-up, and a gap in the middle would confuse it:
  // keep the newest run of turns that fits, then show them oldest first.
  const turnPairs = input.turns.map((t) => pair(t.question, turnAnswer(t))).reverse();
  const turns = fitItems(turnPairs, budgets.turns, pairTokens, 'stop');
  turns.kept.reverse();

  const question = fitQuestion(input.question.trim(), budgets.question);

  const messages: ChatMessage[] = [
    { role: 'system', content: `${instructions}${notesText}${schemaText}` },
    ...examples.kept.flat(),
    ...turns.kept.flat(),
    { role: 'user', content: question.text },
  ];

  const sections: PromptSection[] = [
    { name: 'instructions', tokens: estimateTokens(instructions) + MESSAGE_OVERHEAD_TOKENS, items: 1, dropped: 0, truncated: false },
    { name: 'notes', tokens: estimateTokens(notesText), items: notes.kept.length, dropped: notes.dropped, truncated: false },
    { name: 'schema', tokens: estimateTokens(schemaText), items: countTables(input.schemaSlice), dropped: 0, truncated: false },
    { name: 'examples', tokens: sum(examples.kept.map(pairTokens)), items: examples.kept.length, dropped: examples.dropped, truncated: false },
    { name: 'turns', tokens: sum(turns.kept.map(pairTokens)), items: turns.kept.length, dropped: turns.dropped, truncated: false },
    { name: 'question', tokens: estimateTokens(question.text) + MESSAGE_OVERHEAD_TOKENS, items: 1, dropped: 0, truncated: question.truncated },
  ];
  return { messages, sections };
}

/**
 * The messages for a second try: the first prompt, the failed SQL as the model's answer, and the
 * reason (the guard's or the database's own message) as the user's reply.
 */
export function buildRepairPrompt(previous: ChatMessage[], failedSql: string, reason: string): ChatMessage[] {
  let why = reason.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  if (why.length > REPAIR_REASON_MAX_CHARS) why = `${why.slice(0, REPAIR_REASON_MAX_CHARS - 1)}…`;
  return [
    ...previous,
    { role: 'assistant', content: sqlBlock(failedSql) },
    { role: 'user', content: `That SQL failed: ${why || 'no reason given'}. Reply with a corrected query.` },
  ];
}

function instructionText(today: string | undefined): string {
  const lines = [
    'You write SQL for a PostgreSQL data warehouse. Dialect: PostgreSQL.',
    '',
    '## How to answer',
    '- Reply with ONE read-only SELECT statement (a WITH … SELECT is fine) in a ```sql block. Never write anything that changes data.',
    '- Only when the question is genuinely ambiguous, reply instead with one line: CLARIFY: <one short question>, in the language of the question.',
    '- Use only the tables and columns shown under "Schema", with their schema-qualified names.',
    '- Qualify every column with its table name or alias. Prefer explicit JOIN … ON to joins in WHERE.',
    '- Add LIMIT only when the user asks for the top N or a fixed number of rows.',
    '- The first conversation turns are worked examples from the knowledge base; the turns after them are this thread\'s earlier questions, which a follow-up builds on.',
  ];
  if (today) lines.push(`- Today is ${today}.`);
  return lines.join('\n');
}

type Pair = [ChatMessage, ChatMessage];

function pair(question: string, answer: string): Pair {
  return [
    { role: 'user', content: question.trim() },
    { role: 'assistant', content: answer },
  ];
}

function pairTokens(p: Pair): number {
  return estimateTokens(p[0].content) + estimateTokens(p[1].content) + 2 * MESSAGE_OVERHEAD_TOKENS;
}

function sqlBlock(sql: string): string {
  return `\`\`\`sql\n${sql.trim()}\n\`\`\``;
}

function turnAnswer(turn: PromptInput['turns'][number]): string {
  if (turn.sql === null) return '(no SQL was written for this question)';
  const block = sqlBlock(turn.sql);
  if (turn.rowCount === null) return `${block}\n(the query did not return a result)`;
  const rows = `${turn.rowCount} row${turn.rowCount === 1 ? '' : 's'}`;
  const shown = turn.columns.slice(0, TURN_COLUMNS_SHOWN);
  const cols = shown.length === 0 ? '' : `: ${shown.join(', ')}${turn.columns.length > shown.length ? ', …' : ''}`;
  return `${block}\n(returned ${rows}${cols})`;
}

/**
 * Keep items in order while they fit. 'skip' passes over an item too big for what is left and
 * tries the next (examples, notes: each stands alone); 'stop' ends at the first (turns: a run).
 */
function fitItems<T>(items: T[], budget: number, cost: (item: T) => number, onOverflow: 'skip' | 'stop'): { kept: T[]; dropped: number } {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    const c = cost(item);
    if (used + c <= budget) {
      kept.push(item);
      used += c;
    } else if (onOverflow === 'stop') {
      break;
    }
  }
  return { kept, dropped: items.length - kept.length };
}

function fitQuestion(question: string, budget: number): { text: string; truncated: boolean } {
  if (estimateTokens(question) <= budget) return { text: question, truncated: false };
  const total = Array.from(question).length;
  // Reserve room for the marker, which names both lengths so the model knows the rest is missing.
  const marker = (kept: number) => `\n[… question cut here: it had ${total} characters; the first ${kept} are shown]`;
  const head = truncateToTokens(question, Math.max(0, budget - estimateTokens(marker(total))));
  return { text: `${head}${marker(Array.from(head).length)}`, truncated: true };
}

/** Tables in a rendered slice: its CREATE lines. */
function countTables(slice: string): number {
  return slice.match(/^CREATE /gm)?.length ?? 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
