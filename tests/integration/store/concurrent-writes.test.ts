// Proof for the lost-write problem (see src/store/guarded-client.ts): separate processes writing to
// one store file, and a connection left with a statement stuck after SQLITE_BUSY. In every case each
// write that returned success is on disk, and nothing is there that did not.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { isThreadsqlError } from '../../../src/lib/errors.ts';
import { MIGRATIONS_FOLDER } from '../../../src/store/migrate.ts';
import type { Store } from '../../../src/store/store.ts';
import { makeTempDir, openFileStore, rawClient, type TempDir } from './store-test-helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const WRITER = path.join(here, 'fixtures', 'concurrent-writer.ts');
const REPO_ROOT = path.resolve(here, '../../..');

interface Report {
  tag: string;
  started: string[];
  finished: string[];
  failures: Record<string, number>;
  reconnects: number;
}

/** Fork two writers, let them open the store, then release both at once. */
async function runWriters(filePath: string, options: { count: number; busyTimeoutMs: number; parallel: number }) {
  const children = ['a', 'b'].map((tag) => {
    const child = fork(WRITER, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const ready = new Promise<void>((resolve) => child.on('message', (m: { ready?: boolean }) => m.ready && resolve()));
    const report = new Promise<Report>((resolve, reject) => {
      child.on('message', (m: { report?: Report }) => m.report && resolve(m.report));
      child.on('exit', (code) => reject(new Error(`writer ${tag} exited (${code}) without a report:\n${output}`)));
    });
    child.send({ filePath, tag, ...options });
    return { child, ready, report };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.send('go');
  return Promise.all(children.map((c) => c.report));
}

async function idsOnDisk(client: Client): Promise<{ all: Set<string>; finished: Set<string> }> {
  const rows = (await client.execute('SELECT id, status FROM query_attempts')).rows;
  return {
    all: new Set(rows.map((r) => String(r['id']))),
    finished: new Set(rows.filter((r) => r['status'] !== 'pending').map((r) => String(r['id']))),
  };
}

describe('concurrent writers on one store file', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'data', 'threadsql.db');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('keeps every write of two processes × 500 attempts, migrating the fresh file from both at once', async () => {
    const reports = await runWriters(file, { count: 500, busyTimeoutMs: 5_000, parallel: 4 });

    const client = rawClient(file);
    try {
      const disk = await idsOnDisk(client);
      const started = reports.flatMap((r) => r.started);
      const finished = reports.flatMap((r) => r.finished);
      expect(reports.map((r) => r.failures)).toEqual([{}, {}]);
      expect(started).toHaveLength(1000);
      expect(finished).toHaveLength(1000);
      expect(started.filter((id) => !disk.all.has(id))).toEqual([]);
      expect(finished.filter((id) => !disk.finished.has(id))).toEqual([]);
      expect(disk.all.size).toBe(1000);
      // The rollup was updated in the same transactions: one user, 1000 successes.
      const rollup = await client.execute('SELECT sum(attempts_count) AS n, sum(success_count) AS ok FROM metrics_rollup');
      expect(rollup.rows[0]).toMatchObject({ n: 1000, ok: 1000 });
      const migrations = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
      // Each migration applied once, though both processes raced to migrate the fresh file.
      expect(migrations.rows[0]?.['n']).toBe(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    } finally {
      client.close();
    }
  }, 120_000);

  it('never reports success for a lost write when SQLITE_BUSY happens constantly (busy_timeout 0)', async () => {
    (await openFileStore(file)).close(); // migrate first; this test is about the writes
    const reports = await runWriters(file, { count: 500, busyTimeoutMs: 0, parallel: 4 });

    const client = rawClient(file);
    try {
      const disk = await idsOnDisk(client);
      const started = reports.flatMap((r) => r.started);
      const finished = reports.flatMap((r) => r.finished);
      const failures = reports.flatMap((r) => Object.values(r.failures)).reduce((a, b) => a + b, 0);
      // The test only proves something if BUSY really happened and the connection was replaced.
      expect(failures).toBeGreaterThan(0);
      expect(reports.reduce((n, r) => n + r.reconnects, 0)).toBeGreaterThan(0);
      for (const r of reports) {
        for (const key of Object.keys(r.failures)) expect(key).toMatch(/^store_unavailable: /);
      }
      // Every start and finish that returned success is on disk; nothing else is.
      expect(started.filter((id) => !disk.all.has(id))).toEqual([]);
      expect(finished.filter((id) => !disk.finished.has(id))).toEqual([]);
      expect(disk.all.size).toBe(started.length);
      const rollup = await client.execute('SELECT coalesce(sum(attempts_count), 0) AS n FROM metrics_rollup');
      expect(rollup.rows[0]?.['n']).toBe(disk.finished.size);
    } finally {
      client.close();
    }
  }, 120_000);
});

describe('a connection after SQLITE_BUSY', () => {
  let dir: TempDir;
  let file: string;
  let store: Store;
  let holder: Client;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'threadsql.db');
    store = await openFileStore(file, { busyTimeoutMs: 50 });
    holder = rawClient(file);
  });
  afterEach(async () => {
    await store.close();
    holder.close();
    await dir.remove();
  });

  it('fails loudly while another connection holds the lock, then loses none of the next writes', async () => {
    const user = await store.users.ensureUser({ platform: 'local', platformUserId: 'me' }, false);
    const lock = await holder.transaction('write'); // BEGIN IMMEDIATE on another connection

    // Several calls queued on the store's one connection while the lock is held: all must fail.
    const blocked = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => store.attempts.start({ userId: user.id, platform: 'local', question: `blocked ${i}` })),
    );
    expect(blocked.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of blocked) {
      const reason = (r as PromiseRejectedResult).reason;
      expect(isThreadsqlError(reason) && reason.code).toBe('store_unavailable');
    }
    await lock.rollback();

    // The same store, lock free: every write that returns success must be durable and visible to
    // another connection (before the fix, these "succeeded" inside a transaction nobody committed).
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.attempts.start({ userId: user.id, platform: 'local', question: `after ${i}` })),
    );
    for (const id of ids.slice(0, 10)) expect(await store.attempts.finish(id, { status: 'success' })).toBe(true);

    const seen = await holder.execute('SELECT id, status FROM query_attempts');
    expect(new Set(seen.rows.map((r) => String(r['id'])))).toEqual(new Set(ids));
    expect(seen.rows.filter((r) => r['status'] === 'success')).toHaveLength(10);

    // The replaced connection got its pragmas back.
    const diagnostics = await store.diagnostics();
    expect(diagnostics.reconnects).toBeGreaterThan(0);
    expect(diagnostics.foreignKeys).toBe(true);
    expect(diagnostics.busyTimeoutMs).toBe(50);
    expect(diagnostics.synchronous).toBe(1);
  });

  it('does not keep the write lock after failing busy (another process can write right away)', async () => {
    const user = await store.users.ensureUser({ platform: 'local', platformUserId: 'me' }, false);
    const lock = await holder.transaction('write');
    await expect(store.attempts.start({ userId: user.id, platform: 'local' })).rejects.toMatchObject({ code: 'store_unavailable' });
    await lock.rollback();
    await store.attempts.start({ userId: user.id, platform: 'local' });
    // A second, independent writer must get the lock within its own short wait.
    const other = rawClient(file);
    try {
      await other.execute("UPDATE users SET display_name = 'x'");
    } finally {
      other.close();
    }
  });
});
