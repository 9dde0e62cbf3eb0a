// What openStore says when it cannot open the store, and that it leaves nothing half-written.
//
// Unwritable directories are made in ways that fail for root too (these tests may run as root,
// where chmod 0555 stops nothing): a path whose parent is a regular file (ENOTDIR), /proc itself
// (root may "access" it, but no file can be created there), and a path under /proc (ENOENT; a
// recursive mkdir there never returns on Node 20, so this also checks we do not use one).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isThreadsqlError, type ThreadsqlError } from '../../../src/lib/errors.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { openStore } from '../../../src/store/store.ts';
import { fileStoreConfig, makeTempDir, openFileStore, rawClient, type TempDir } from './store-test-helpers.ts';

async function openError(promise: Promise<unknown>): Promise<ThreadsqlError> {
  try {
    await promise;
  } catch (error) {
    if (isThreadsqlError(error)) return error;
    throw error;
  }
  throw new Error('expected openStore to fail');
}

describe('openStore errors', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('creates a missing data directory (several levels deep)', async () => {
    const file = path.join(dir.path, 'a', 'b', 'c', 'threadsql.db');
    const store = await openFileStore(file);
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('says store_corrupt in one line naming the file, and leaves the file untouched', async () => {
    const file = path.join(dir.path, 'threadsql.db');
    const garbage = Buffer.from('this is not an SQLite database; '.repeat(256));
    await writeFile(file, garbage);

    const error = await openError(openFileStore(file));
    expect(error.code).toBe('store_corrupt');
    expect(error.userMessage).toContain(file);
    expect(error.userMessage).not.toContain('\n');
    expect(await readFile(file)).toEqual(garbage);
    expect(await readdir(dir.path)).toEqual(['threadsql.db']); // no -wal, no -shm
  });

  it('refuses an SQLite file that belongs to something else instead of adding tables to it', async () => {
    const file = path.join(dir.path, 'other.db');
    const other = rawClient(file);
    await other.execute('CREATE TABLE invoices (id integer primary key)');
    other.close();

    const error = await openError(openFileStore(file));
    expect(error.code).toBe('store_corrupt');
    expect(error.userMessage).toContain(file);
    const check = rawClient(file);
    try {
      const tables = (await check.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")).rows.map((r) => r['name']);
      expect(tables).toEqual(['invoices']);
    } finally {
      check.close();
    }
  });

  it('refuses a directory where the store file should be', async () => {
    const file = path.join(dir.path, 'threadsql.db');
    await mkdir(file);
    const error = await openError(openFileStore(file));
    expect(error.code).toBe('store_corrupt');
    expect(error.userMessage).toContain(file);
  });

  it('says data_dir_unwritable when a parent of the data directory is a regular file, creating nothing', async () => {
    const blocker = path.join(dir.path, 'not-a-dir');
    await writeFile(blocker, 'x');
    const file = path.join(blocker, 'data', 'threadsql.db');

    const error = await openError(openFileStore(file));
    expect(error.code).toBe('data_dir_unwritable');
    expect(error.userMessage).toContain(path.join(blocker, 'data'));
    expect(error.userMessage).not.toContain('\n');
    expect(await readdir(dir.path)).toEqual(['not-a-dir']);
  });

  it('says data_dir_unwritable for a directory no one can create files in, root included (/proc)', async () => {
    const error = await openError(openFileStore('/proc/threadsql.db'));
    expect(error.code).toBe('data_dir_unwritable');
    expect(error.userMessage).toContain('/proc');
  });

  it('says data_dir_unwritable, without hanging, for a data directory that cannot be created (/proc/…)', async () => {
    const error = await openError(openFileStore(`/proc/threadsql-test-${process.pid}/data/threadsql.db`));
    expect(error.code).toBe('data_dir_unwritable');
    expect(error.userMessage).toContain(`/proc/threadsql-test-${process.pid}`);
  });

  it('says store_unavailable for an unreachable libSQL server, naming the host and never the token', async () => {
    const token = 'tok-abcdef-123456-secret';
    const error = await openError(
      openStore({ url: 'http://127.0.0.1:9', authToken: token, isFile: false, filePath: undefined }, { logger: silentLogger }),
    );
    expect(error.code).toBe('store_unavailable');
    expect(error.userMessage).toContain('127.0.0.1:9');
    expect(error.userMessage).not.toContain(token);
    expect(error.message).not.toContain(token);
  });

  it('opens an in-memory store (no WAL) for tests and throwaway runs', async () => {
    const store = await openStore({ url: 'file::memory:', authToken: undefined, isFile: false, filePath: undefined }, { logger: silentLogger });
    try {
      expect(await store.diagnostics()).toMatchObject({ kind: 'memory', foreignKeys: true });
      const user = await store.users.ensureUser({ platform: 'local', platformUserId: 'me' }, true);
      expect(user.role).toBe('admin');
      expect(await store.healthcheck()).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });

  it('healthcheck answers ok, and throws store_unavailable once the store is closed', async () => {
    const store = await openStore(fileStoreConfig(path.join(dir.path, 'threadsql.db')), { logger: silentLogger });
    expect(await store.healthcheck()).toMatchObject({ ok: true });
    await store.close();
    await expect(store.healthcheck()).rejects.toMatchObject({ name: 'ThreadsqlError', code: 'store_unavailable' });
  });
});
