import { describe, expect, it } from 'vitest';
import { pngSize, renderReplyJson } from '../../../../src/adapters/web/reply-json.ts';
import type { Reply, ReplyAction, ReplyPart } from '../../../../src/engine/reply.ts';
import { answerActions } from '../../../fixtures/reply-actions.ts';

const ATTEMPT = '1a2b3c4d-0000-4000-8000-000000000001';

function fakePng(width: number, height: number): Uint8Array {
  const png = new Uint8Array(64);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return png;
}

// One of each part kind; the mapped type makes a new ReplyPart kind a compile error here until it has a fixture.
const ONE_OF_EACH: { [K in ReplyPart['kind']]: Extract<ReplyPart, { kind: K }> } = {
  table: {
    kind: 'table',
    columns: [
      { name: 'region', type: 'text' },
      { name: 'revenue', type: 'numeric' },
      { name: 'tags', type: 'jsonb' },
    ],
    rows: [
      ['<script>alert(1)</script>', '1234567.5', { a: 1 }],
      [null, null, null],
    ],
    page: 1,
    pageCount: 3,
    pageSize: 500,
    totalRows: 1_234,
  },
  sql: { kind: 'sql', sql: 'SELECT region, sum(total) AS revenue FROM orders GROUP BY 1' },
  chart: { kind: 'chart', png: fakePng(800, 450), altText: 'Bar chart of revenue by region' },
  csv: { kind: 'csv', path: '/var/threadsql/exports/1a2b3c4d.csv', rowCount: 1_234, truncated: false },
  notice: { kind: 'notice', tone: 'warning', text: 'Reading stopped at the row limit.' },
};

const ACTIONS: ReplyAction[] = answerActions(ATTEMPT);

const ANSWER: Reply = { kind: 'answer', text: 'Revenue by region.\n1,234 rows', parts: Object.values(ONE_OF_EACH), actions: ACTIONS, attemptId: ATTEMPT, status: 'success' };

describe('web reply JSON', () => {
  it('keeps every part and action of a reply', () => {
    const json = renderReplyJson(ANSWER);
    expect(json.parts.map((p) => p.kind)).toEqual(['table', 'sql', 'chart', 'csv', 'notice']);
    expect(json.actions.map((a) => a.kind)).toEqual(['page', 'show_sql', 'retry', 'feedback', 'feedback']);
    expect(json).toMatchObject({ kind: 'answer', attemptId: ATTEMPT, status: 'success', text: ANSWER.text });
  });

  it('turns the chart and the CSV into API URLs and never sends a server file path or PNG bytes', () => {
    const json = renderReplyJson(ANSWER);
    expect(json.parts.find((p) => p.kind === 'chart')).toEqual({ kind: 'chart', url: `/api/web/attempts/${ATTEMPT}/chart.png`, altText: 'Bar chart of revenue by region', width: 800, height: 450 });
    expect(json.parts.find((p) => p.kind === 'csv')).toEqual({ kind: 'csv', url: `/api/web/attempts/${ATTEMPT}/export.csv`, rowCount: 1_234, truncated: false });
    expect(JSON.stringify(json)).not.toContain('/var/threadsql');
  });

  it('formats cells as text for display, keeps NULL as null and leaves markup as plain text', () => {
    const table = renderReplyJson(ANSWER).parts.find((p) => p.kind === 'table');
    expect(table?.kind === 'table' && table.rows).toEqual([
      ['<script>alert(1)</script>', '1,234,567.5', '{"a":1}'],
      [null, null, null],
    ]);
    expect(table?.kind === 'table' && table.columns.map((c) => c.numeric)).toEqual([false, true, false]);
  });

  it('makes retry the engine command in the thread', () => {
    const retry = renderReplyJson(ANSWER).actions.find((a) => a.kind === 'retry');
    expect(retry).toEqual({ kind: 'retry', label: 'Retry', command: `retry ${ATTEMPT}` });
  });

  it('drops the chart and the CSV of a reply without an attempt (nothing to fetch them by)', () => {
    const json = renderReplyJson({ ...ANSWER, attemptId: undefined });
    expect(json.parts.map((p) => p.kind)).toEqual(['table', 'sql', 'notice']);
  });

  it('reads no size from bytes that are not a PNG', () => {
    expect(pngSize(new Uint8Array(10))).toEqual({ width: null, height: null });
  });
});
