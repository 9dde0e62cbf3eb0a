import { describe, expect, it } from 'vitest';
import { renderReply, renderWelcome, plain } from '../../../../src/adapters/teams/render-reply.ts';
import type { Reply } from '../../../../src/engine/reply.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const ID = '0123abcd-0000-4000-8000-000000000001';

function answer(columns: number, rows: number, cell = (r: number, c: number) => `value ${r}-${c} ${'x'.repeat(20)}`): Reply {
  return {
    kind: 'answer',
    text: `${rows} rows of ${columns} columns.\n${rows} rows · 1 table · 12 ms`,
    parts: [
      {
        kind: 'table',
        columns: Array.from({ length: columns }, (_, c) => ({ name: `column_${c + 1}`, type: c === 0 ? 'int4' : 'text' })),
        rows: Array.from({ length: Math.min(rows, 500) }, (_, r) => Array.from({ length: columns }, (_, c) => (c === 0 ? r + 1 : cell(r, c)))),
        page: 1,
        pageCount: Math.ceil(rows / 500),
        pageSize: 500,
        totalRows: rows,
      },
      { kind: 'sql', sql: 'SELECT * FROM wide' },
      { kind: 'csv', path: '/tmp/x.csv', rowCount: rows, truncated: false },
    ],
    actions: [
      { kind: 'page', attemptId: ID, page: 2, label: 'Next page' },
      { kind: 'show_sql', attemptId: ID, label: 'Show SQL' },
      { kind: 'retry', attemptId: ID, label: 'Retry' },
      { kind: 'feedback', attemptId: ID, value: 'up', label: '👍' },
      { kind: 'feedback', attemptId: ID, value: 'down', label: '👎' },
    ],
    attemptId: ID,
  };
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const table = (card: Json): Json => (card.body as Json[]).find((e) => e.type === 'Table')!;

describe('Reply → Adaptive Card', () => {
  it('shows the chart as an Image from its signed link, with its alt text', () => {
    const reply = answer(2, 12);
    reply.parts.splice(1, 0, { kind: 'chart', png: new Uint8Array([137, 80, 78, 71]), altText: 'Bar chart of revenue by region; highest North America.' });
    const { card } = renderReply(reply, { chartUrl: 'https://threadsql.example/exports/t.png' }) as { card: Json };
    const image = (card.body as Json[]).find((e) => e.type === 'Image');
    expect(image).toMatchObject({ url: 'https://threadsql.example/exports/t.png', altText: 'Bar chart of revenue by region; highest North America.' });
    const without = renderReply(reply, {}) as { card: Json };
    expect((without.card.body as Json[]).some((e) => e.type === 'Image')).toBe(false);
  });

  it('shows the first 20 rows, the status line, the CSV link and the SQL behind a ShowCard', () => {
    const r = renderReply(answer(5, 1000), { csvUrl: 'https://t.example/exports/tok' });
    const card = r.card as unknown as Json;
    expect(card.version).toBe('1.5');
    expect(table(card).rows).toHaveLength(21);
    expect(JSON.stringify(card)).toContain('showing 20 of 1,000 rows · page 1 of 2 · all rows in the CSV');
    expect((card.body as Json[]).find((e) => e.type === 'ActionSet')!.actions[0]).toEqual({ type: 'Action.OpenUrl', title: 'Download CSV (1,000 rows)', url: 'https://t.example/exports/tok' });
    expect(card.actions.find((a: Json) => a.title === 'Show SQL').card.body[0].text).toBe('SELECT * FROM wide');
    expect(r.trimmed).toBeUndefined();
    expect(r.text).toContain('CSV: https://t.example/exports/tok');
  });

  it('keeps a 100-column, 500-row result under 28 KB, trimming columns and saying so', () => {
    const r = renderReply(answer(100, 500));
    expect(bytes(r.card)).toBeLessThanOrEqual(28_000);
    const t = table(r.card as unknown as Json);
    expect(t.columns.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(r.card)).toMatch(/of 100 columns/);
  });

  it('trims rows before columns, and drops the table only when nothing else fits', () => {
    const long = answer(8, 500, () => 'y'.repeat(120));
    const r = renderReply(long, { maxBytes: 12_000 });
    expect(bytes(r.card)).toBeLessThanOrEqual(12_000);
    expect(table(r.card as unknown as Json).rows.length - 1).toBeLessThan(20);
    expect(r.trimmed).toMatch(/rows/);
    const tiny = renderReply(long, { maxBytes: 2_500 });
    expect(bytes(tiny.card)).toBeLessThanOrEqual(2_500);
    expect((tiny.card.body as Json[]).some((e) => e.type === 'Table')).toBe(false);
    expect(JSON.stringify(tiny.card)).toMatch(/too large for a Teams card/);
  });

  it('has at most 6 actions and a ShowCard with a comment box for 👎', () => {
    const card = renderReply(answer(3, 10)).card as unknown as Json;
    expect(card.actions.length).toBeLessThanOrEqual(6);
    const down = card.actions.find((a: Json) => a.title === '👎');
    expect(down.type).toBe('Action.ShowCard');
    expect(down.card.body[0]).toMatchObject({ type: 'Input.Text', id: 'threadsqlComment' });
    expect(down.card.actions[0].data).toEqual({ threadsql: 'feedback', attemptId: ID, value: 'down' });
  });

  it('shows errors in attention colour and the SQL inline when there is no Show SQL button', () => {
    const r = renderReply({ kind: 'error', text: 'The database refused the query.', parts: [{ kind: 'sql', sql: 'SELECT nope' }], actions: [] });
    const body = (r.card as unknown as Json).body as Json[];
    expect(body[0]).toMatchObject({ color: 'Attention' });
    expect(body.some((e) => e.fontType === 'Monospace' && e.text === 'SELECT nope')).toBe(true);
    expect(r.text).toContain('SELECT nope');
  });

  it('keeps data that looks like Markdown lists literal', () => {
    expect(plain('1. Intro')).not.toBe('1. Intro');
    expect(plain('- dash')).not.toBe('- dash');
    expect(plain('a - b, 1.5')).toBe('a - b, 1.5');
  });

  it('welcomes with the knowledge-base questions, as buttons in personal chat only', () => {
    const qs = ['How many films?', 'Top customers?', 'Rentals per store?'];
    const personal = renderWelcome(qs, 'personal').attachments![0]!.content as Json;
    expect(personal.actions.map((a: Json) => a.data.msteams)).toEqual(qs.map((q) => ({ type: 'imBack', value: q })));
    const team = renderWelcome(qs, 'channel').attachments![0]!.content as Json;
    expect(team.actions).toBeUndefined();
    for (const q of qs) expect(JSON.stringify(team)).toContain(q);
  });
});
