// The answer cache on a real store file: what is stored, when it expires, hit counting, the
// foreign key to the attempt that wrote the SQL; and the key that decides what counts as "the same prompt".
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerCacheKey, normalizeQuestion } from '../../../src/nl2sql/cache-key.ts';
import type { Store } from '../../../src/store/store.ts';
import { createTestClock, makeTempDir, openFileStore, rawClient, type TempDir, type TestClock } from './store-test-helpers.ts';

const DAY = 24 * 3600 * 1000;
const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);

describe('answer cache repository', () => {
  let dir: TempDir;
  let file: string;
  let store: Store;
  let clock: TestClock;
  let userId: string;

  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'threadsql.db');
    clock = createTestClock();
    store = await openFileStore(file, { clock });
    userId = (await store.users.ensureUser({ platform: 'terminal', platformUserId: 'me' }, false)).id;
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const put = (overrides: Partial<Parameters<Store['answerCache']['put']>[0]> = {}) =>
    store.answerCache.put({
      key: KEY,
      sql: 'SELECT 1',
      model: 'gpt-test',
      schemaHash: 'schema-1',
      kbState: 'kb-1',
      sourceAttemptId: null,
      ttlMs: 30 * DAY,
      now: clock.now(),
      ...overrides,
    });

  it('returns what was put, with its expiry and no hits', async () => {
    const attemptId = await store.attempts.start({ userId, platform: 'terminal', question: 'q' });
    await put({ sourceAttemptId: attemptId });
    expect(await store.answerCache.get(KEY, clock.now())).toEqual({
      key: KEY,
      sql: 'SELECT 1',
      model: 'gpt-test',
      schemaHash: 'schema-1',
      kbState: 'kb-1',
      sourceAttemptId: attemptId,
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 30 * DAY),
      hitCount: 0,
      lastHitAt: null,
    });
    expect(await store.answerCache.get(OTHER_KEY, clock.now())).toBeUndefined();
  });

  it('ignores an entry from the moment it expires, and prunes it', async () => {
    await put({ ttlMs: DAY });
    await put({ key: OTHER_KEY, ttlMs: 3 * DAY });
    const justBefore = new Date(clock.now().getTime() + DAY - 1);
    const expiry = new Date(clock.now().getTime() + DAY);
    expect(await store.answerCache.get(KEY, justBefore)).toBeDefined();
    expect(await store.answerCache.get(KEY, expiry)).toBeUndefined();
    expect(await store.answerCache.pruneExpired(justBefore)).toBe(0);
    expect(await store.answerCache.pruneExpired(expiry)).toBe(1);
    expect(await store.answerCache.get(OTHER_KEY, expiry)).toBeDefined();
  });

  it('counts hits and remembers the last one', async () => {
    await put();
    clock.advance(60_000);
    expect(await store.answerCache.recordHit(KEY, clock.now())).toBe(true);
    clock.advance(60_000);
    expect(await store.answerCache.recordHit(KEY, clock.now())).toBe(true);
    expect(await store.answerCache.get(KEY, clock.now())).toMatchObject({ hitCount: 2, lastHitAt: clock.now() });
    expect(await store.answerCache.recordHit(OTHER_KEY, clock.now())).toBe(false);
  });

  it('replaces an entry put again under the same key, starting its hits afresh', async () => {
    await put();
    await store.answerCache.recordHit(KEY, clock.now());
    clock.advance(DAY);
    await put({ sql: 'SELECT 2', schemaHash: 'schema-2', now: clock.now() });
    expect(await store.answerCache.get(KEY, clock.now())).toMatchObject({ sql: 'SELECT 2', schemaHash: 'schema-2', hitCount: 0, lastHitAt: null, createdAt: clock.now() });
  });

  it('invalidates everything at once and says how many went', async () => {
    await put();
    await put({ key: OTHER_KEY });
    expect(await store.answerCache.invalidateAll()).toBe(2);
    expect(await store.answerCache.get(KEY, clock.now())).toBeUndefined();
    expect(await store.answerCache.invalidateAll()).toBe(0);
  });

  it('keeps the entry but forgets the attempt when the source attempt is deleted', async () => {
    const attemptId = await store.attempts.start({ userId, platform: 'terminal', question: 'q' });
    await put({ sourceAttemptId: attemptId });
    const raw = rawClient(file);
    try {
      await raw.execute('PRAGMA foreign_keys = ON');
      await raw.execute({ sql: 'DELETE FROM query_attempts WHERE id = ?', args: [attemptId] });
    } finally {
      raw.close();
    }
    expect(await store.answerCache.get(KEY, clock.now())).toMatchObject({ sql: 'SELECT 1', sourceAttemptId: null });
  });

  it('refuses a source attempt that does not exist', async () => {
    await expect(put({ sourceAttemptId: 'no-such-attempt' })).rejects.toMatchObject({ code: 'internal' });
  });

  it.each([
    ['a key that is not a sha256', { key: 'not-a-hash' }],
    ['an upper-case key', { key: 'A'.repeat(64) }],
    ['an empty SQL', { sql: '  ' }],
    ['a zero lifetime', { ttlMs: 0 }],
    ['a negative lifetime', { ttlMs: -1 }],
  ])('refuses %s', async (_label, overrides) => {
    await expect(put(overrides)).rejects.toMatchObject({ code: 'internal' });
    expect(await store.answerCache.invalidateAll()).toBe(0);
  });
});

describe('answerCacheKey', () => {
  const base = {
    question: 'Monthly revenue in 2025?',
    schemaHash: 'schema-1',
    kbState: 'kb-1',
    threadContext: [] as Array<{ question: string; sql: string }>,
    model: 'gpt-test',
  };

  it('is a sha256 in lower-case hex', () => {
    expect(answerCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    '  monthly   REVENUE in 2025 ',
    'Monthly revenue in 2025',
    'monthly revenue\tin\n2025?!',
    'Ｍonthly revenue in 2025？',
  ])('gives %j the same key as the canonical spelling', (question) => {
    expect(answerCacheKey({ ...base, question })).toBe(answerCacheKey(base));
  });

  it.each([
    ['another question', { question: 'Monthly revenue in 2024?' }],
    ['another schema', { schemaHash: 'schema-2' }],
    ['another KB state', { kbState: 'kb-2' }],
    ['another model', { model: 'gpt-other' }],
    ['a thread context', { threadContext: [{ question: 'Orders by status', sql: 'SELECT status, count(*) FROM orders GROUP BY 1' }] }],
  ])('changes with %s', (_label, change) => {
    expect(answerCacheKey({ ...base, ...change })).not.toBe(answerCacheKey(base));
  });

  it('depends on the order of earlier turns, and normalises their questions too', () => {
    const a = { question: 'Orders by status', sql: 'SELECT 1' };
    const b = { question: 'Refunds per month', sql: 'SELECT 2' };
    expect(answerCacheKey({ ...base, threadContext: [a, b] })).not.toBe(answerCacheKey({ ...base, threadContext: [b, a] }));
    expect(answerCacheKey({ ...base, threadContext: [{ question: ' ORDERS  by status? ', sql: ' SELECT 1 ' }] })).toBe(
      answerCacheKey({ ...base, threadContext: [a] }),
    );
  });

  it('cannot be made to collide by moving text between fields', () => {
    expect(answerCacheKey({ ...base, question: 'a', schemaHash: 'b c' })).not.toBe(answerCacheKey({ ...base, question: 'a b', schemaHash: 'c' }));
  });

  it('normalises a question by NFKC, whitespace, case and trailing punctuation only', () => {
    expect(normalizeQuestion('  Revenue   by Region?  ')).toBe('revenue by region');
    expect(normalizeQuestion('Revenue, by region')).toBe('revenue, by region');
  });
});
