// Every knowledge-base example in kb/ must be well-formed and must run on the demo warehouse,
// returning at least one row, using only common built-in functions (the guard's allow-list).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.ts';
import { createDemoWarehouse, type DemoWarehouse } from '../../src/warehouse/demo/demo-warehouse.ts';

const KB_DIR = path.resolve(import.meta.dirname, '../../kb');
const files = (await readdir(KB_DIR)).sort();
const sqlFiles = files.filter((f) => f.endsWith('.sql'));
const notes = files.filter((f) => f.endsWith('.md'));

/** The header contract: `-- question:` first, optional `-- tags:`, free `--` notes, then the SQL. */
function parseExample(text: string): { question: string; tags: string[]; sql: string } {
  const lines = text.split('\n');
  const question = /^-- question: (.+)$/.exec(lines[0] ?? '')?.[1]?.trim();
  if (!question) throw new Error('first line must be "-- question: …"');
  let i = 1;
  let tags: string[] = [];
  const tagLine = /^-- tags: (.*)$/.exec(lines[1] ?? '');
  if (tagLine) {
    tags = (tagLine[1] ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    i = 2;
  }
  while (i < lines.length && (lines[i] ?? '').startsWith('--')) i++;
  return { question, tags, sql: lines.slice(i).join('\n').trim() };
}

// Functions an allow-list guard will certainly admit; anything else in an example is a mistake.
const COMMON_FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'round', 'coalesce', 'nullif', 'date_trunc', 'extract', 'to_char',
  'lower', 'upper', 'row_number', 'rank', 'dense_rank', 'lag', 'lead',
]);
// Words that are followed by "(" without being function calls.
const NOT_FUNCTIONS = new Set(['as', 'in', 'over', 'filter', 'values', 'exists', 'any', 'and', 'or', 'not', 'on', 'from', 'where', 'select', 'join', 'partition']);

function functionsCalled(sql: string): string[] {
  const withoutStrings = sql.replace(/'[^']*'/g, "''");
  const relationsWithColumnLists = [...withoutStrings.matchAll(/\bAS\s+([a-z_][a-z0-9_]*)\s*\(/gi)].map((m) => m[1]!.toLowerCase());
  const calls = [...withoutStrings.matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi)].map((m) => m[1]!.toLowerCase());
  return [...new Set(calls.filter((c) => !NOT_FUNCTIONS.has(c) && !relationsWithColumnLists.includes(c)))];
}

let dataDir: string;
let wh: DemoWarehouse;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'threadsql-demo-kb-'));
  wh = await createDemoWarehouse({ dataDir, logger: silentLogger });
}, 240_000);

afterAll(async () => {
  await wh?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('knowledge base over the demo warehouse', () => {
  it('has at least 28 examples and 3 to 5 notes', () => {
    expect(sqlFiles.length).toBeGreaterThanOrEqual(28);
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(notes.length).toBeLessThanOrEqual(5);
  });

  it('asks a different question in every example', async () => {
    const questions = await Promise.all(sqlFiles.map(async (f) => parseExample(await readFile(path.join(KB_DIR, f), 'utf8')).question));
    expect(new Set(questions).size).toBe(questions.length);
  });

  it.each(sqlFiles)('%s is well-formed and calls only common functions', async (file) => {
    const example = parseExample(await readFile(path.join(KB_DIR, file), 'utf8'));
    expect(file).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.sql$/);
    expect(example.tags.length).toBeGreaterThan(0);
    expect(example.sql).toMatch(/^(SELECT|WITH)\b/);
    expect(example.sql).not.toMatch(/;\s*\S/); // one statement
    expect(functionsCalled(example.sql).filter((f) => !COMMON_FUNCTIONS.has(f))).toEqual([]);
  });

  it.each(sqlFiles)('%s runs on the demo warehouse and returns rows', async (file) => {
    const { sql } = parseExample(await readFile(path.join(KB_DIR, file), 'utf8'));
    let columns = 0;
    const started = performance.now();
    const summary = await wh.stream(sql, { timeoutMs: 10_000, maxRows: 10_000, batchSize: 500 }, {
      columns: (c) => void (columns = c.length),
      rows: () => undefined,
    });
    console.log(`kb/${file}: ${summary.rowCount} rows in ${Math.round(performance.now() - started)} ms`);
    expect(columns).toBeGreaterThan(0);
    expect(summary.rowCount).toBeGreaterThanOrEqual(1);
    expect(summary.capped).toBe(false);
  });
});
