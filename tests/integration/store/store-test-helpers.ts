// Helpers for the store's integration tests: a temp dir per test, a store on a file in it, a
// clock the test can move, and a raw libSQL client for looking at what really is on disk.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from '@libsql/client';
import type { Config } from '../../../src/config/config.ts';
import type { Clock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { openStore, type OpenStoreOptions, type Store } from '../../../src/store/store.ts';

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'threadsql-store-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Config['store'] for a file store at `filePath`, as loadConfig would build it. */
export function fileStoreConfig(filePath: string): Config['store'] {
  return { url: `file:${filePath}`, authToken: undefined, isFile: true, filePath };
}

export function openFileStore(filePath: string, options: Partial<OpenStoreOptions> = {}): Promise<Store> {
  return openStore(fileStoreConfig(filePath), { logger: silentLogger, ...options });
}

/** A raw client on the same file, for inspecting it independently of the store under test. */
export function rawClient(filePath: string): Client {
  return createClient({ url: `file:${filePath}`, timeout: 5_000 });
}

export interface TestClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function createTestClock(start = new Date('2025-03-05T10:00:00.000Z')): TestClock {
  let now = start.getTime();
  let mono = 0;
  return {
    now: () => new Date(now),
    monotonicMs: () => mono,
    newId: () => randomUUID(),
    set(at) {
      now = at.getTime();
    },
    advance(ms) {
      now += ms;
      mono += ms;
    },
  };
}
