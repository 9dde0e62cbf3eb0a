// Every card shape threadsql sends is a valid Adaptive Card 1.5 (adaptive-card-check.ts: Microsoft's
// own parser, strictly) and stays within the Teams size budget.
import { describe, expect, it } from 'vitest';
import { renderPageReply, renderReply, renderWelcome } from '../../../../src/adapters/teams/render-reply.ts';
import { MAX_CARD_BYTES } from '../../../../src/adapters/teams/limits.ts';
import type { Reply } from '../../../../src/engine/reply.ts';
import { answerActions } from '../../../fixtures/reply-actions.ts';
import { adaptiveCardProblems } from './adaptive-card-check.ts';

const ID = '0123abcd-0000-4000-8000-000000000001';
const LINKS = { csvUrl: 'https://threadsql.example/exports/tok', chartUrl: 'https://threadsql.example/exports/tok.png' };

function answer(columns: number, rows: number, page = 1): Reply {
  return {
    kind: 'answer',
    text: `Films by rating: ${rows} rows.\n${rows} rows · 1 table · 12 ms`,
    parts: [
      {
        kind: 'table',
        columns: Array.from({ length: columns }, (_, c) => ({ name: `column_${c + 1}`, type: c === 0 ? 'int4' : 'text' })),
        rows: Array.from({ length: Math.min(rows, 500) }, (_, r) => Array.from({ length: columns }, (_, c) => (c === 0 ? r + 1 : `md5 ${r}-${c} 0cc175b9c0f1b6a831c399e269772661`))),
        page,
        pageCount: Math.ceil(rows / 500),
        pageSize: 500,
        totalRows: rows,
      },
      { kind: 'chart', png: new Uint8Array([137, 80, 78, 71]), altText: 'Bar chart of films per rating.' },
      { kind: 'sql', sql: 'SELECT rating, count(*) FROM film GROUP BY rating' },
      { kind: 'csv', path: '/tmp/x.csv', rowCount: rows, truncated: false },
      { kind: 'notice', tone: 'warning', text: 'Cached answer from 5 minutes ago.' },
    ],
    actions: answerActions(ID),
    attemptId: ID,
  };
}

const cards: Array<[string, () => unknown]> = [
  ['an answer (table, chart, CSV link, SQL, page, retry, 👍/👎)', () => renderReply(answer(5, 1000), LINKS).card],
  ['the 100-column, 500-row answer', () => renderReply(answer(100, 500), LINKS).card],
  [
    'a later page of an answer',
    () => {
      const page = answer(5, 1000, 2);
      page.parts = page.parts.filter((p) => p.kind === 'table');
      page.actions = [{ kind: 'page', attemptId: ID, page: 1, label: 'Previous page' }];
      return renderPageReply(page, { summary: 'Films by rating: 1,000 rows.', sql: 'SELECT 1' }, { csvUrl: LINKS.csvUrl }).card;
    },
  ],
  [
    'an error with its SQL',
    () =>
      renderReply({ kind: 'error', text: 'The query failed: column "ratng" does not exist.', parts: [{ kind: 'sql', sql: 'SELECT ratng FROM film' }], actions: [{ kind: 'retry', attemptId: ID, label: 'Retry' }], attemptId: ID }).card,
  ],
  ['a clarification question', () => renderReply({ kind: 'clarification', text: 'Do you mean rentals or payments?', parts: [], actions: [] }).card],
  ['a command’s output (history)', () => renderReply({ kind: 'command', text: 'Your latest questions:\n0123abcd  success  films per rating\n4567ef01  failed   revenue', parts: [], actions: [], private: true }).card],
  ['the card cut to its essentials when nothing fits', () => renderReply(answer(8, 500), { ...LINKS, maxBytes: 1_200 }).card],
  ['the personal welcome', () => (renderWelcome(['How many films per rating?', 'Top 10 customers?', 'Rentals per store?'], 'personal').attachments![0]!.content)],
  ['the channel welcome', () => (renderWelcome(['How many films per rating?'], 'channel').attachments![0]!.content)],
];

describe('Adaptive Card validity', () => {
  it.each(cards)('%s is a valid Adaptive Card 1.5 within the size budget', (_name, make) => {
    const card = make();
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it.each([
    ['a value outside an enum', { type: 'TextBlock', text: 'x', size: 'Huge' }, /Invalid value "Huge" for property "size"/],
    ['an unknown element type', { type: 'Sparkline' }, /Unknown element type "Sparkline"/],
    ['an unknown property', { type: 'TextBlock', text: 'y', colour: 'red' }, /\.body\[0\]\.colour: not understood/],
    ['an element newer than 1.5', { type: 'Input.Rating', id: 'r' }, /Unknown element type "Input\.Rating"/],
    ['an Input without its id', { type: 'Input.Text' }, /id/i],
  ])('the check itself refuses %s', (_name, element, message) => {
    const problems = adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [element] });
    expect(problems.join('\n')).toMatch(message);
  });
});
