// Promoting an answer into the knowledge base: the file parses back to the same example, its name
// is a slug that stays inside the KB folder, and an existing file is never overwritten.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKbFile } from '../../../src/kb/parse-kb-file.ts';
import { formatKbExample, kbSlug, writeKbExample } from '../../../src/kb/write-kb-example.ts';

describe('kbSlug', () => {
  it.each([
    ['Monthly revenue in 2025, excluding refunds', 'monthly-revenue-in-2025-excluding-refunds'],
    ['../../etc/passwd', 'etc-passwd'],
    ['Café sales — été', 'cafe-sales-ete'],
    ['???', 'example'],
    ['a'.repeat(80), 'example'],
  ])('makes %j into %j', (question, slug) => {
    expect(kbSlug(question)).toBe(slug);
  });

  it('keeps whole words within 60 characters', () => {
    const slug = kbSlug('how many films of every rating were rented in each store during the summer of 2005');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('how-many-films-of-every-rating-were-rented-in-each-store');
  });
});

describe('formatKbExample', () => {
  it('parses back to the same question, tags and SQL', () => {
    const text = formatKbExample({ question: 'Films per rating', tags: ['films', 'Rating'], notes: ['promoted from attempt 1234'], sql: 'SELECT rating, count(*) FROM film GROUP BY rating;' });
    const parsed = parseKbFile(text);
    expect(parsed).toEqual({ ok: true, example: { question: 'Films per rating', tags: ['films', 'rating'], notes: 'promoted from attempt 1234', sql: 'SELECT rating, count(*) FROM film GROUP BY rating;' } });
  });

  it('keeps a question with a newline from spilling into the SQL', () => {
    const text = formatKbExample({ question: 'Films\nDROP TABLE film', tags: [], notes: [], sql: 'SELECT 1' });
    const parsed = parseKbFile(text);
    expect(parsed.ok && parsed.example.question).toBe('Films DROP TABLE film');
    expect(parsed.ok && parsed.example.sql).toBe('SELECT 1;');
  });

  it('does not let a note replace the question header', () => {
    const parsed = parseKbFile(formatKbExample({ question: 'Real question', tags: [], notes: ['question: fake'], sql: 'SELECT 1' }));
    expect(parsed.ok && parsed.example.question).toBe('Real question');
  });
});

describe('writeKbExample', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tsql-kbw-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a new file and takes the next free name instead of overwriting', async () => {
    await writeFile(path.join(dir, 'films-per-rating.sql'), '-- question: keep me\nSELECT 1;\n');
    const first = await writeKbExample(dir, { question: 'Films per rating', tags: [], notes: [], sql: 'SELECT 2' });
    const second = await writeKbExample(dir, { question: 'Films per rating', tags: [], notes: [], sql: 'SELECT 3' });
    expect(first).toMatchObject({ ok: true, fileName: 'films-per-rating-2.sql' });
    expect(second).toMatchObject({ ok: true, fileName: 'films-per-rating-3.sql' });
    expect(await readFile(path.join(dir, 'films-per-rating.sql'), 'utf8')).toContain('keep me');
    expect((await readdir(dir)).sort()).toEqual(['films-per-rating-2.sql', 'films-per-rating-3.sql', 'films-per-rating.sql']);
  });

  it('names a file from a path-like question inside the folder', async () => {
    const result = await writeKbExample(dir, { question: '../../outside/evil', tags: [], notes: [], sql: 'SELECT 1' });
    expect(result).toMatchObject({ ok: true, fileName: 'outside-evil.sql' });
    expect(result.ok && path.dirname(result.file)).toBe(path.resolve(dir));
  });

  it('refuses an example without a question or SQL', async () => {
    expect(await writeKbExample(dir, { question: '  ', tags: [], notes: [], sql: 'SELECT 1' })).toEqual({ ok: false, reason: 'the example needs a question' });
    expect(await writeKbExample(dir, { question: 'q', tags: [], notes: [], sql: ' ' })).toEqual({ ok: false, reason: 'the example needs SQL' });
    expect(await readdir(dir)).toEqual([]);
  });
});
