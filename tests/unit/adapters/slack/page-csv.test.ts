// One page of a result as a CSV file, written the way the full export is (csv-export.ts).
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { pageCsv, pageCsvUpload } from '../../../../src/adapters/slack/page-csv.ts';
import type { Reply } from '../../../../src/engine/reply.ts';

const columns = [
  { name: 'id', type: 'int4' },
  { name: 'note', type: 'text' },
  { name: 'tags', type: 'jsonb' },
];

describe('page CSV', () => {
  it('keeps NULL (empty field) apart from an empty string (""), quotes what needs it, ends lines with CRLF', () => {
    const csv = pageCsv({ columns, rows: [[1, null, { a: 1 }], [2, '', null], [3, 'say "hi", bye', ['x']]] });
    expect(csv).toBe('id,note,tags\r\n1,,"{""a"":1}"\r\n2,"",\r\n3,"say ""hi"", bye","[""x""]"\r\n');
    expect(parse(csv, { columns: true })).toEqual([
      { id: '1', note: '', tags: '{"a":1}' },
      { id: '2', note: '', tags: '' },
      { id: '3', note: 'say "hi", bye', tags: '["x"]' },
    ]);
  });

  it('names the file and says which rows of which page it holds', () => {
    const reply: Reply = {
      kind: 'answer',
      text: 'Page 3 of 4.',
      parts: [{ kind: 'table', columns, rows: [[1001, 'a', null], [1002, 'b', null]], page: 3, pageCount: 4, pageSize: 500, totalRows: 1502 }],
      actions: [],
      attemptId: '1a2b3c4d-0000-4000-8000-000000000001',
    };
    expect(pageCsvUpload(reply)).toMatchObject({
      kind: 'csv-data',
      filename: 'threadsql-1a2b3c4d-page-3.csv',
      comment: 'CSV of page 3 of 4 (rows 1,001–1,002 of 1,502).',
    });
    expect(pageCsvUpload({ ...reply, parts: [] })).toBeUndefined();
  });
});
