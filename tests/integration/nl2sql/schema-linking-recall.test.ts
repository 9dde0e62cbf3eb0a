// Schema-linking recall on the shipped knowledge base: for every kb/*.sql example, do the tables its
// SQL reads (the gold tables, from the guard) appear in the schema slice the prompt would show for its
// question? Measured on the real demo warehouse schema, without letting the example boost itself.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKbFiles } from '../../../src/kb/check-kb.ts';
import { parseKbFile } from '../../../src/kb/parse-kb-file.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { selectSchemaSlice } from '../../../src/nl2sql/schema-slice.ts';
import { catalogFromSchema } from '../../../src/sql/catalog.ts';
import { guardSql } from '../../../src/sql/guard.ts';
import { createDemoWarehouse } from '../../../src/warehouse/demo/demo-warehouse.ts';
import { introspectSchema } from '../../../src/warehouse/introspect.ts';
import type { SchemaDescription } from '../../../src/warehouse/schema-types.ts';
import type { Warehouse } from '../../../src/warehouse/types.ts';

let dir: string;
let warehouse: Warehouse;
let schema: SchemaDescription;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tsql-recall-'));
  warehouse = await createDemoWarehouse({ dataDir: dir, logger: silentLogger });
  schema = await introspectSchema(warehouse);
}, 180_000);

afterAll(async () => {
  await warehouse?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function measure(budget: number) {
  const catalog = catalogFromSchema(schema);
  let gold = 0;
  let found = 0;
  const misses: string[] = [];
  for (const file of await listKbFiles(path.resolve(import.meta.dirname, '../../../kb'))) {
    const parsed = parseKbFile(await readFile(file, 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.reason}`);
    const verdict = await guardSql(parsed.example.sql, catalog);
    if (!verdict.ok) throw new Error(`${file}: ${verdict.reason}`);
    const slice = selectSchemaSlice(schema, parsed.example.question, { tokenBudget: budget });
    expect(slice.tokens).toBeLessThanOrEqual(budget);
    for (const t of verdict.relations) {
      gold++;
      if (slice.tables.includes(t)) found++;
      else misses.push(`${path.basename(file)}: ${t}`);
    }
  }
  return { gold, found, recall: found / gold, misses };
}

describe('schema linking on the shipped knowledge base', () => {
  it.each([1000, 1500, 2500])('finds the gold tables of the KB questions within a %i-token slice', async (budget) => {
    const r = await measure(budget);
    console.log(`schema-linking recall at ${budget} tokens: ${r.found}/${r.gold} = ${r.recall.toFixed(3)}; misses: ${r.misses.join('; ') || 'none'}`);
    expect(r.recall).toBeGreaterThanOrEqual(budget >= 2500 ? 0.9 : 0.75);
  });
});
