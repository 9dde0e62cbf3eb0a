// Entry point of the demo dataset: generates every table from one seed (same seed → byte-identical
// COPY text) and lists the steps that turn it into a PGlite database. Bump DEMO_GENERATOR_VERSION
// whenever the output changes, so existing installs regenerate their warehouse.
import { generateCatalog } from './catalog.ts';
import { generateEvents } from './events.ts';
import { generateOrders } from './orders.ts';
import { generatePeople } from './people.ts';
import { commentsSql, CONSTRAINTS_SQL, CREATE_TABLES_SQL } from './schema.ts';
import type { TableData } from './tsv.ts';

/** Bump when the generator's output or the schema changes: installed warehouses are rebuilt. */
export const DEMO_GENERATOR_VERSION = 1;
export const DEMO_SEED = 20_250_101;

export interface DemoDataset {
  seed: number;
  /** In load order. */
  tables: TableData[];
}

export function generateDemoDataset(seed: number = DEMO_SEED): DemoDataset {
  const people = generatePeople(seed);
  const catalog = generateCatalog(seed);
  const sales = generateOrders(seed, catalog, people);
  const events = generateEvents(seed, catalog, people, sales.orders);
  return { seed, tables: [...people.tables, ...catalog.tables, ...sales.tables, events] };
}

/** One step of building the database inside PGlite. */
export type BuildStep =
  | { kind: 'sql'; label: string; sql: string }
  | { kind: 'copy'; label: string; table: string; columns: readonly string[]; data: Uint8Array };

/**
 * Tables and rows in one transaction (with wal_level=minimal, COPY into a table created in the same
 * transaction skips the WAL), then keys and indexes, comments, and finally VACUUM FREEZE ANALYZE so
 * row estimates exist and no query ever has to set hint bits, and checkpoints that trim the WAL
 * before the data directory is dumped.
 */
export function buildSteps(dataset: DemoDataset): BuildStep[] {
  const encoder = new TextEncoder();
  return [
    { kind: 'sql', label: 'create tables', sql: `BEGIN;\n${CREATE_TABLES_SQL}` },
    ...dataset.tables.map((t): BuildStep => ({ kind: 'copy', label: `copy ${t.name}`, table: t.name, columns: t.columns, data: encoder.encode(t.text) })),
    { kind: 'sql', label: 'keys, indexes, views', sql: CONSTRAINTS_SQL },
    { kind: 'sql', label: 'comments', sql: commentsSql() },
    { kind: 'sql', label: 'commit', sql: 'COMMIT' },
    { kind: 'sql', label: 'vacuum analyze', sql: 'VACUUM (FREEZE, ANALYZE)' },
    { kind: 'sql', label: 'checkpoint', sql: 'CHECKPOINT; SELECT pg_switch_wal(); CHECKPOINT; SELECT pg_switch_wal(); CHECKPOINT;' },
  ];
}

/**
 * Server settings baked into the demo data directory (postgresql.conf). The data directory is
 * loaded whole into each worker's memory, so it is kept small and not cached twice: 1 MB WAL
 * segments (initdb option below) with recycling off, and modest shared_buffers (the "disk" is
 * already RAM).
 */
export const DEMO_POSTGRES_CONF: readonly string[] = [
  "TimeZone = 'UTC'",
  'wal_level = minimal',
  'max_wal_senders = 0',
  'wal_recycle = off',
  'min_wal_size = 4MB',
  'max_wal_size = 64MB',
  'shared_buffers = 32MB',
  'work_mem = 16MB',
];

/** Extra initdb arguments for the demo data directory. */
export const DEMO_INITDB_ARGS: readonly string[] = ['--wal-segsize=1'];
