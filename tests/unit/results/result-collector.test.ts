import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readExportRows } from '../../../src/results/export-page-reader.ts';
import { readPage } from '../../../src/results/page-files.ts';
import { createResultCollector } from '../../../src/results/result-collector.ts';
import type { Cell, ColumnMeta } from '../../../src/warehouse/types.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'tsql-results-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

const columns: ColumnMeta[] = [
  { name: 'id', type: 'int4' },
  { name: 'amount', type: 'numeric' },
  { name: 'note', type: 'text' },
  { name: 'doc', type: 'jsonb' },
  { name: 'ok', type: 'bool' },
  { name: 'tags', type: '_text' },
];

function row(i: number): Cell[] {
  return [i, `${i}.10`, i % 3 === 0 ? null : i % 3 === 1 ? '' : `line "${i}",\nnext`, i % 2 ? { n: i } : null, i % 2 === 0, ['a', `b${i}`]];
}

async function collect(total: number, pageSize: number, exportRowLimit: number) {
  const exportPath = path.join(dir, 'exports', 'a1.csv');
  const c = createResultCollector({ pageSize, exportRowLimit, exportPath, pagesDir: path.join(dir, 'pages', 'a1') });
  await c.columns(columns);
  for (let start = 0; start < total; start += 7) {
    const batch: Cell[][] = [];
    for (let i = start; i < Math.min(total, start + 7); i++) batch.push(row(i));
    await c.rows(batch);
  }
  return c.finish();
}

describe('result collector', () => {
  it('keeps only the first page in memory and counts every row', async () => {
    const r = await collect(1234, 500, 10_000);
    expect(r.firstPage).toHaveLength(500);
    expect(r.firstPage[0]).toEqual(row(0));
    expect(r).toMatchObject({ totalRows: 1234, pageCount: 3, exportRowCount: 1234, exportTruncated: false });
  });

  it('cuts the export at the row limit and flags it as truncated', async () => {
    const r = await collect(100, 20, 30);
    expect(r).toMatchObject({ totalRows: 100, exportRowCount: 30, exportTruncated: true, pageCount: 5 });
    const text = await readFile(r.exportPath, 'utf8');
    expect(text.trimEnd().split('\r\n')[0]).toBe('id,amount,note,doc,ok,tags');
  });

  it('writes RFC 4180: quotes, embedded newlines, CRLF, NULL empty and empty string quoted', async () => {
    const r = await collect(3, 10, 10);
    const text = await readFile(r.exportPath, 'utf8');
    expect(text).toBe(
      'id,amount,note,doc,ok,tags\r\n' +
        '0,0.10,,,true,"[""a"",""b0""]"\r\n' +
        '1,1.10,"","{""n"":1}",false,"[""a"",""b1""]"\r\n' +
        '2,2.10,"line ""2"",\nnext",,true,"[""a"",""b2""]"\r\n',
    );
  });

  it('reads any page back from the export with the original types', async () => {
    const r = await collect(1234, 500, 10_000);
    const page3 = await readExportRows(r.exportPath, columns, 1000, 500);
    expect(page3).toHaveLength(234);
    expect(page3[0]).toEqual(row(1000));
    expect(page3.at(-1)).toEqual(row(1233));
    const page1 = await readExportRows(r.exportPath, columns, 0, 500);
    expect(page1).toEqual(r.firstPage);
  });

  it('keeps every page the export covers as JSON with exact types, and no partial page past it', async () => {
    const all = await collect(1234, 500, 10_000);
    const pages = path.join(dir, 'pages', 'a1');
    expect(await readPage(pages, 1)).toEqual(all.firstPage);
    const last = await readPage(pages, 3);
    expect(last).toHaveLength(234);
    expect(last?.[233]).toEqual(row(1233));
    expect(await readPage(pages, 4)).toBeUndefined();
    await rm(pages, { recursive: true, force: true });
    await collect(1000, 300, 700); // export stops inside page 3
    expect(await readPage(pages, 2)).toHaveLength(300);
    expect(await readPage(pages, 3)).toBeUndefined();
  });

  it('writes a header-only file for an empty result and reports one empty page', async () => {
    const r = await collect(0, 500, 10_000);
    expect(r).toMatchObject({ totalRows: 0, pageCount: 1, exportTruncated: false });
    expect(await readFile(r.exportPath, 'utf8')).toBe('id,amount,note,doc,ok,tags\r\n');
  });

  it('leaves no file behind when the query fails mid-stream', async () => {
    const exportPath = path.join(dir, 'exports', 'a2.csv');
    const c = createResultCollector({ pageSize: 10, exportRowLimit: 100, exportPath, pagesDir: path.join(dir, 'pages', 'a2') });
    await c.columns(columns);
    await c.rows([row(1)]);
    await c.abort();
    await expect(stat(exportPath)).rejects.toThrow();
    await expect(stat(`${exportPath}.partial`)).rejects.toThrow();
    await expect(stat(path.join(dir, 'pages', 'a2'))).rejects.toThrow();
  });
});
