// The store's reads behind the web admin console: attempt filters (status, user, platform, date
// range), the people who asked, the 👎 inbox and the weekly totals. A non-admin asking for "all"
// still sees only their own; nothing here widens the privacy rule.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, Viewer } from '../../../src/store/store.ts';
import { createTestClock, makeTempDir, openFileStore, type TempDir, type TestClock } from './store-test-helpers.ts';

describe('admin console queries', () => {
  let dir: TempDir;
  let store: Store;
  let clock: TestClock;
  let alice: Viewer;
  let bob: Viewer;
  let admin: Viewer;

  async function ask(viewer: Viewer, platform: 'slack' | 'web', question: string, status: 'success' | 'failed_execution' | 'timeout'): Promise<string> {
    const id = await store.attempts.start({ userId: viewer.userId, platform, question });
    await store.attempts.markGenerated(id, { sql: `SELECT '${question}'`, sqlSource: 'model', generationMs: 120, promptTokens: 100, completionTokens: 20, costUsd: 0.001 });
    await store.attempts.finish(id, { status, executionMs: 30 });
    clock.advance(60_000);
    return id;
  }

  beforeEach(async () => {
    dir = await makeTempDir();
    clock = createTestClock(new Date('2025-03-05T10:00:00.000Z')); // a Wednesday
    store = await openFileStore(path.join(dir.path, 'threadsql.db'), { clock });
    const viewerOf = async (platform: 'slack' | 'web', platformUserId: string, displayName: string, isAdmin: boolean): Promise<Viewer> => {
      const user = await store.users.ensureUser({ platform, tenantId: '', platformUserId, displayName }, isAdmin);
      return { userId: user.id, role: user.role };
    };
    alice = await viewerOf('slack', 'UALICE', 'Alice', false);
    bob = await viewerOf('web', 'bob', 'Bob', false);
    admin = await viewerOf('web', 'root', 'Root', true);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('filters everyone\'s attempts by status, user, platform and date range for an admin', async () => {
    const a1 = await ask(alice, 'slack', 'revenue by region', 'success');
    const a2 = await ask(alice, 'slack', 'refunds by month', 'failed_execution');
    clock.set(new Date('2025-03-12T10:00:00.000Z'));
    const b1 = await ask(bob, 'web', 'orders per day', 'success');
    const b2 = await ask(bob, 'web', 'slow report', 'timeout');

    const ids = async (options: Parameters<Store['attempts']['listForViewer']>[1]) => (await store.attempts.listForViewer(admin, { all: true, ...options })).map((r) => r.id);
    expect(await ids({})).toEqual([b2, b1, a2, a1]);
    expect(await ids({ status: 'success' })).toEqual([b1, a1]);
    expect(await ids({ userId: alice.userId })).toEqual([a2, a1]);
    expect(await ids({ platform: 'web' })).toEqual([b2, b1]);
    expect(await ids({ createdFrom: new Date('2025-03-10T00:00:00.000Z') })).toEqual([b2, b1]);
    expect(await ids({ createdBefore: new Date('2025-03-10T00:00:00.000Z') })).toEqual([a2, a1]);
    expect(await ids({ status: 'success', platform: 'slack', search: 'region' })).toEqual([a1]);
  });

  it('finds an attempt by several words in any order, each in the question or the SQL', async () => {
    const a1 = await ask(alice, 'slack', 'How many films are there per rating?', 'success');
    await ask(alice, 'slack', 'films per store', 'success');
    const search = async (words: string) => (await store.attempts.listForViewer(alice, { search: words })).map((r) => r.id);
    expect(await search('rating films')).toEqual([a1]);
    expect(await search('  RATING   select ')).toEqual([a1]); // "select" is in the SQL
    expect(await search('rating store')).toEqual([]);
    // Part of a word, any case, short words, and characters that mean something to the index or LIKE.
    expect(await search('ATIN')).toEqual([a1]);
    expect(await search('a1 rating')).toEqual([]); // "a1" is too short for the index: matched by LIKE
    expect(await search('"rating" 100%')).toEqual([]);
    expect(await search('per')).toHaveLength(2);
    expect(await search('zeppelin')).toEqual([]);
  });

  it('searches the same way whether a word is rare (read through the search index) or common (read newest first)', async () => {
    // "revenue" in 520 questions: more than the index drives; "warranty" in 3; Bob's words are his.
    const mine: string[] = [];
    for (let i = 0; i < 520; i++) {
      mine.push(await store.attempts.start({ userId: alice.userId, platform: 'slack', question: `revenue by region ${i}` }));
      clock.advance(1000);
    }
    const warranty = [await ask(alice, 'slack', 'warranty claims by month', 'success'), await ask(alice, 'slack', 'open warranty cases', 'success')];
    const bobs = await ask(bob, 'web', 'warranty revenue for bob', 'success');
    const search = async (viewer: Viewer, words: string, extra: { offset?: number; all?: boolean } = {}) =>
      (await store.attempts.listForViewer(viewer, { search: words, limit: 20, ...extra })).map((r) => r.id);

    expect(await search(alice, 'WARRANTY')).toEqual([...warranty].reverse());
    expect(await search(alice, 'warranty revenue')).toEqual([]); // Bob's attempt has both words
    expect(await search(admin, 'warranty revenue', { all: true })).toEqual([bobs]);
    expect(await search(alice, 'revenue')).toHaveLength(20);
    expect(await search(alice, 'revenue', { offset: 510 })).toEqual(mine.slice(0, 10).reverse());
    expect(await search(alice, 'revenue 519')).toEqual([mine[519]]);
    expect(await search(alice, 'revenue zeppelin')).toEqual([]);
  });

  it("gives a non-admin only their own attempts whatever filters they send", async () => {
    await ask(alice, 'slack', 'revenue by region', 'success');
    const b1 = await ask(bob, 'web', 'orders per day', 'success');
    expect((await store.attempts.listForViewer(bob, { all: true, userId: alice.userId })).map((r) => r.id)).toEqual([]);
    expect((await store.attempts.listForViewer(bob, { all: true, status: 'success' })).map((r) => r.id)).toEqual([b1]);
  });

  it('lists the people who asked, most attempts first, and only oneself for a non-admin', async () => {
    await ask(alice, 'slack', 'q1', 'success');
    await ask(alice, 'slack', 'q2', 'success');
    await ask(bob, 'web', 'q3', 'success');
    expect(await store.attempts.askersForViewer(admin, { all: true })).toEqual([
      { userId: alice.userId, platform: 'slack', displayName: 'Alice', attempts: 2 },
      { userId: bob.userId, platform: 'web', displayName: 'Bob', attempts: 1 },
    ]);
    expect((await store.attempts.askersForViewer(bob, { all: true })).map((a) => a.displayName)).toEqual(['Bob']);
  });

  it('collects 👎 newest first with their comments, and leaves out 👍', async () => {
    const a1 = await ask(alice, 'slack', 'revenue by region', 'success');
    const a2 = await ask(alice, 'slack', 'refunds by month', 'success');
    const b1 = await ask(bob, 'web', 'orders per day', 'success');
    await store.attempts.recordFeedback(a1, alice, 'down', 'counts refunds twice');
    clock.advance(1000);
    await store.attempts.recordFeedback(b1, bob, 'down', null);
    clock.advance(1000);
    await store.attempts.recordFeedback(a2, alice, 'up', 'great');
    const inbox = await store.attempts.downvotesForViewer(admin, { all: true });
    expect(inbox.map((f) => [f.attemptId, f.userDisplayName, f.feedbackText])).toEqual([
      [b1, 'Bob', null],
      [a1, 'Alice', 'counts refunds twice'],
    ]);
    expect(inbox[1]!.feedbackAt).toBeInstanceOf(Date);
    expect((await store.attempts.downvotesForViewer(admin, { all: true, withTextOnly: true })).map((f) => f.attemptId)).toEqual([a1]);
    expect((await store.attempts.downvotesForViewer(bob, { all: true })).map((f) => f.attemptId)).toEqual([b1]);
  });

  it('sums every user per week, oldest first, with empty weeks as zeros', async () => {
    await ask(alice, 'slack', 'q1', 'success'); // week of 2025-03-03
    await ask(bob, 'web', 'q2', 'failed_execution');
    clock.set(new Date('2025-03-19T09:00:00.000Z')); // two weeks later; 2025-03-10 stays empty
    await ask(bob, 'web', 'q3', 'timeout');
    const weeks = await store.metrics.weeklyTotals(4);
    expect(weeks.map((w) => w.weekStart)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17']);
    expect(weeks[0]).toMatchObject({ attempts: 0, success: 0, costUsd: 0 });
    expect(weeks[1]).toMatchObject({ attempts: 2, executed: 2, success: 1, promptTokens: 200, completionTokens: 40 });
    expect(weeks[1]!.costUsd).toBeCloseTo(0.002, 6);
    expect(weeks[2]).toMatchObject({ attempts: 0 });
    expect(weeks[3]).toMatchObject({ attempts: 1, executed: 1, success: 0 });
  });
});
