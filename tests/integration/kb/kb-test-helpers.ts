// Helpers for the knowledge-base integration tests: the shipped kb/ folder (read in place or
// copied to a temp dir to be edited), a store file per test, and the demo warehouse's relations.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { catalogFromNames } from '../../../src/sql/catalog.ts';
import type { RelationCatalog } from '../../../src/sql/guard.ts';
import { makeTempDir, type TempDir } from '../store/store-test-helpers.ts';

export const KB_DIR = path.resolve(import.meta.dirname, '../../../kb');
export const SHIPPED_EXAMPLES = 41;
export const SHIPPED_NOTES = 4;

/** The demo warehouse's relations (src/warehouse/demo/dataset/schema.ts), all in public. */
export const DEMO_CATALOG: RelationCatalog = catalogFromNames(
  [
    'regions', 'countries', 'stores', 'employees', 'customers', 'categories', 'suppliers', 'products',
    'orders', 'order_items', 'payments', 'returns', 'events', 'order_revenue', 'monthly_revenue',
  ].map((name) => ({ schema: 'public', name })),
  ['public'],
);

export interface KbWorkspace {
  /** A copy of kb/ the test may edit. */
  kbDir: string;
  storeFile: string;
  temp: TempDir;
}

export async function makeKbWorkspace(): Promise<KbWorkspace> {
  const temp = await makeTempDir('threadsql-kb-');
  const kbDir = path.join(temp.path, 'kb');
  await cp(KB_DIR, kbDir, { recursive: true });
  return { kbDir, storeFile: path.join(temp.path, 'threadsql.db'), temp };
}
