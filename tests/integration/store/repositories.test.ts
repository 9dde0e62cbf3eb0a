// The repositories' behaviour on a real store file: attempt lifecycle and orphans, event claims,
// snapshot dedupe, weekly metrics, thread and web sessions, the KB index, users.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE, SESSION_IDLE_MS, type Store } from '../../../src/store/store.ts';
import { createTestClock, makeTempDir, openFileStore, rawClient, type TempDir, type TestClock } from './store-test-helpers.ts';

describe('store repositories', () => {
  let dir: TempDir;
  let file: string;
  let store: Store;
  let clock: TestClock;
  let userId: string;

  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'threadsql.db');
    clock = createTestClock(new Date('2025-03-05T10:00:00.000Z')); // a Wednesday
    store = await openFileStore(file, { clock });
    userId = (await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'U1', displayName: 'Ann' }, false)).id;
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const me = () => ({ userId, role: 'user' as const });

  describe('attempts', () => {
    it('is pending from start and ends in exactly one final status', async () => {
      const id = await store.attempts.start({ userId, platform: 'slack', question: 'q' });
      expect(await store.attempts.getForViewer(id, me())).toMatchObject({ status: 'pending', finishedAt: null });
      clock.advance(1_000);
      expect(await store.attempts.markGenerated(id, { sql: 'select 1', sqlSource: 'model', generationMs: 812.6, promptTokens: 900, completionTokens: 40, model: 'm', costUsd: 0.002 })).toBe(true);
      expect(await store.attempts.markExecuting(id)).toBe(true);
      clock.advance(250);
      expect(await store.attempts.finish(id, { status: 'success', executionMs: 250 })).toBe(true);
      // Never re-opened, never finished twice.
      expect(await store.attempts.finish(id, { status: 'timeout' })).toBe(false);
      expect(await store.attempts.markGenerated(id, { sql: 'select 2', sqlSource: 'model', generationMs: 1 })).toBe(false);
      const row = await store.attempts.getForViewer(id, me());
      expect(row).toMatchObject({
        status: 'success',
        generatedSql: 'select 1',
        sqlSource: 'model',
        generationMs: 813,
        executionMs: 250,
        promptTokens: 900,
        createdAt: new Date('2025-03-05T10:00:00.000Z'),
        executedAt: new Date('2025-03-05T10:00:01.000Z'),
        finishedAt: new Date('2025-03-05T10:00:01.250Z'),
      });
    });

    it('refuses a status that is not final', async () => {
      const id = await store.attempts.start({ userId, platform: 'slack' });
      await expect(store.attempts.finish(id, { status: 'pending' as never })).rejects.toMatchObject({ code: 'internal' });
    });

    it('closes attempts a crash left open at the next start: not_executed, or failed_execution when the query had been sent', async () => {
      const finished = await store.attempts.start({ userId, platform: 'slack' });
      await store.attempts.finish(finished, { status: 'success' });
      const neverRan = await store.attempts.start({ userId, platform: 'slack' });
      const wasRunning = await store.attempts.start({ userId, platform: 'slack' });
      await store.attempts.markExecuting(wasRunning);
      await store.close();

      clock.advance(60_000);
      store = await openFileStore(file, { clock }); // "the next start"
      expect(await store.attempts.closeOrphans()).toBe(2);
      expect(await store.attempts.closeOrphans()).toBe(0);
      expect(await store.attempts.getForViewer(neverRan, me())).toMatchObject({ status: 'not_executed', error: INTERRUPTED_MESSAGE, errorCode: 'internal' });
      expect(await store.attempts.getForViewer(wasRunning, me())).toMatchObject({ status: 'failed_execution', error: INTERRUPTED_MESSAGE });
      expect((await store.attempts.getForViewer(finished, me()))?.status).toBe('success');
      const [week] = await store.metrics.rollup(1);
      expect(week).toMatchObject({ attemptsCount: 3, executedCount: 2, successCount: 1 });
    });

    it("leaves attempts started after the cutoff alone (another replica's live work)", async () => {
      const old = await store.attempts.start({ userId, platform: 'slack' });
      clock.advance(10 * 60_000);
      const live = await store.attempts.start({ userId, platform: 'slack' });
      expect(await store.attempts.closeOrphans('gone', { createdBefore: new Date(clock.now().getTime() - 5 * 60_000) })).toBe(1);
      expect((await store.attempts.getForViewer(old, me()))?.status).toBe('not_executed');
      expect((await store.attempts.getForViewer(live, me()))?.status).toBe('pending');
    });

    it('returns the earlier turns of a thread oldest first', async () => {
      const session = await store.sessions.openThread({ platform: 'slack', tenantId: 'T1', channelId: 'C1', threadKey: '1.1' });
      const first = await store.attempts.start({ userId, platform: 'slack', sessionId: session.id, question: 'one' });
      clock.advance(1);
      const second = await store.attempts.start({ userId, platform: 'slack', sessionId: session.id, question: 'two' });
      await store.attempts.start({ userId, platform: 'slack', question: 'elsewhere' });
      expect((await store.attempts.threadTurns(session.id, 10)).map((t) => [t.id, t.question])).toEqual([
        [first, 'one'],
        [second, 'two'],
      ]);
    });
  });

  describe('events', () => {
    it('lets exactly one caller claim an event, even when many try at once', async () => {
      const claims = await Promise.all(Array.from({ length: 10 }, () => store.events.claim('slack', 'Ev123')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.events.claim('slack', 'Ev123')).toBe(false);
      expect(await store.events.claim('teams', 'Ev123')).toBe(true); // ids are per platform
    });

    it('claims once across two store instances on the same file (a second replica)', async () => {
      const other = await openFileStore(file, { clock });
      try {
        const results = [await store.events.claim('slack', 'Ev9'), await other.events.claim('slack', 'Ev9')];
        expect(results).toEqual([true, false]);
      } finally {
        await other.close();
      }
    });

    it('links an event to its attempt and prunes old events', async () => {
      await store.events.claim('slack', 'old');
      clock.advance(2 * 60 * 60_000);
      await store.events.claim('slack', 'new');
      const attempt = await store.attempts.start({ userId, platform: 'slack' });
      expect(await store.events.attachAttempt('slack', 'new', attempt)).toBe(true);
      expect(await store.events.pruneBefore(new Date(clock.now().getTime() - 60 * 60_000))).toBe(1);
      expect(await store.events.claim('slack', 'old')).toBe(true);
      expect(await store.events.claim('slack', 'new')).toBe(false);
    });
  });

  describe('snapshots', () => {
    const input = { sourceHash: 'abc', tableCount: 2, columnCount: 7, tablesJson: '{"tables":[]}', warehouseKind: 'demo' };

    it('dedupes by source hash: same hash, same row, loaded_at moves', async () => {
      const first = await store.snapshots.saveOrTouch(input);
      clock.advance(5_000);
      const again = await store.snapshots.saveOrTouch(input);
      expect(first.isNew).toBe(true);
      expect(again).toEqual({ id: first.id, isNew: false });
      const latest = await store.snapshots.latest();
      expect(latest).toMatchObject({ id: first.id, loadedAt: clock.now(), createdAt: new Date('2025-03-05T10:00:00.000Z') });
    });

    it('returns the most recently loaded one, filtered by kind and excluding an id', async () => {
      const a = await store.snapshots.saveOrTouch(input);
      clock.advance(1_000);
      const b = await store.snapshots.saveOrTouch({ ...input, sourceHash: 'def' });
      clock.advance(1_000);
      await store.snapshots.saveOrTouch({ ...input, sourceHash: 'pg1', warehouseKind: 'postgres' });
      expect((await store.snapshots.latest({ warehouseKind: 'demo' }))?.id).toBe(b.id);
      expect((await store.snapshots.latest({ warehouseKind: 'demo', excludeId: b.id }))?.id).toBe(a.id);
      expect((await store.snapshots.latest())?.warehouseKind).toBe('postgres');
    });
  });

  describe('metrics', () => {
    it('counts finished attempts per user and ISO week (Monday, UTC)', async () => {
      const finish = async (status: 'success' | 'failed_execution' | 'failed_generation', tokens = 0) => {
        const id = await store.attempts.start({ userId, platform: 'slack' });
        if (tokens) await store.attempts.markGenerated(id, { sql: 'select 1', sqlSource: 'model', generationMs: 1, promptTokens: tokens, completionTokens: 1, costUsd: 0.5 });
        await store.attempts.finish(id, { status });
      };
      await finish('success', 100);
      await finish('failed_execution', 50);
      await finish('failed_generation');
      clock.set(new Date('2025-03-10T00:00:00.000Z')); // next Monday
      await finish('success');

      const weeks = await store.metrics.rollup(2);
      expect(weeks).toEqual([
        { weekStart: '2025-03-10', userId, attemptsCount: 1, executedCount: 1, successCount: 1, promptTokens: 0, completionTokens: 0, costUsd: 0 },
        { weekStart: '2025-03-03', userId, attemptsCount: 3, executedCount: 2, successCount: 1, promptTokens: 150, completionTokens: 2, costUsd: 1 },
      ]);
      expect(await store.metrics.rollup(1)).toHaveLength(1);
    });

    it('records an ended attempt directly into its week', async () => {
      await store.metrics.recordAttemptEnd(userId, 'timeout', new Date('2025-03-09T23:59:59.999Z'), { promptTokens: 5 });
      await store.metrics.recordAttemptEnd(userId, 'not_executed', new Date('2025-03-03T00:00:00.000Z'));
      expect(await store.metrics.rollup(1, userId)).toEqual([
        { weekStart: '2025-03-03', userId, attemptsCount: 2, executedCount: 1, successCount: 0, promptTokens: 5, completionTokens: 0, costUsd: 0 },
      ]);
    });
  });

  describe('sessions', () => {
    const thread = { platform: 'slack' as const, tenantId: 'T1', channelId: 'C1', threadKey: '1712.01' };

    it('keeps one session per thread, sliding its 8-hour expiry with each use', async () => {
      const first = await store.sessions.openThread(thread);
      clock.advance(7 * 60 * 60_000);
      const again = await store.sessions.openThread(thread);
      expect(again.id).toBe(first.id);
      expect(again.expiresAt.getTime()).toBe(clock.now().getTime() + SESSION_IDLE_MS);
      expect(again.userId).toBeNull();
    });

    it('starts a new session after 8 idle hours and revokes the old one', async () => {
      const first = await store.sessions.openThread(thread);
      clock.advance(SESSION_IDLE_MS);
      const next = await store.sessions.openThread(thread);
      expect(next.id).not.toBe(first.id);
      expect((await store.sessions.get(first.id))?.revoked).toBe(true);
    });

    it('gives two stores racing on the same new thread one session', async () => {
      const other = await openFileStore(file, { clock });
      try {
        const [a, b] = await Promise.all([store.sessions.openThread(thread), other.sessions.openThread(thread)]);
        expect(a.id).toBe(b.id);
      } finally {
        await other.close();
      }
    });

    it('finds a web session by token hash until it expires or is revoked', async () => {
      const web = await store.users.ensureUser({ platform: 'web', platformUserId: 'ann@example.com' }, false);
      const session = await store.sessions.createWeb(web.id, 'hash-1');
      clock.advance(60_000);
      expect((await store.sessions.touchWeb('hash-1'))?.id).toBe(session.id);
      clock.advance(SESSION_IDLE_MS);
      expect(await store.sessions.touchWeb('hash-1')).toBeUndefined();
      const fresh = await store.sessions.createWeb(web.id, 'hash-2');
      expect(await store.sessions.revoke(fresh.id)).toBe(true);
      expect(await store.sessions.touchWeb('hash-2')).toBeUndefined();
    });
  });

  describe('kb index', () => {
    const entry = { filePath: 'revenue.sql', kind: 'example' as const, questionText: 'Revenue by month?', tags: ['revenue'], sqlText: 'select 1', contentHash: 'h1' };

    it('upserts by file path, reports content changes, and clears a stale embedding', async () => {
      const first = await store.kb.upsert(entry);
      expect(first.changed).toBe(true);
      const raw = rawClient(file);
      try {
        await raw.execute({ sql: 'UPDATE kb_examples_index SET embedding = ? WHERE id = ?', args: [new Uint8Array([1, 2, 3]), first.id] });
        expect(await store.kb.upsert(entry)).toEqual({ id: first.id, changed: false });
        expect((await store.kb.list())[0]?.embedding).not.toBeNull();
        expect(await store.kb.upsert({ ...entry, contentHash: 'h2', tags: ['revenue', 'monthly'] })).toEqual({ id: first.id, changed: true });
      } finally {
        raw.close();
      }
      const [row] = await store.kb.list();
      expect(row).toMatchObject({ tags: ['revenue', 'monthly'], contentHash: 'h2', embedding: null });
    });

    it('removes entries whose files are gone', async () => {
      await store.kb.upsert(entry);
      await store.kb.upsert({ filePath: 'notes/fiscal-year.md', kind: 'note', questionText: 'Fiscal year', tags: [], contentHash: 'n1' });
      expect(await store.kb.removeMissing(['revenue.sql'])).toBe(1);
      expect((await store.kb.list()).map((r) => r.filePath)).toEqual(['revenue.sql']);
      expect(await store.kb.removeMissing([])).toBe(1);
    });
  });

  describe('users', () => {
    it('creates a user on first contact and follows the admin list on every contact', async () => {
      const again = await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'U1' }, true);
      expect(again).toMatchObject({ id: userId, role: 'admin', displayName: 'Ann' });
      const demoted = await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'U1', displayName: 'Ann B.' }, false);
      expect(demoted).toMatchObject({ id: userId, role: 'user', displayName: 'Ann B.' });
      const otherTenant = await store.users.ensureUser({ platform: 'slack', tenantId: 'T2', platformUserId: 'U1' }, false);
      expect(otherTenant.id).not.toBe(userId);
      expect(await store.users.find({ platform: 'slack', tenantId: 'T1', platformUserId: 'U1' })).toMatchObject({ id: userId });
    });

    it('keeps password hashes to web users', async () => {
      const web = await store.users.ensureUser({ platform: 'web', platformUserId: 'ann@example.com' }, false);
      expect(await store.users.setPasswordHash(web.id, 'scrypt$...')).toBe(true);
      await expect(store.users.setPasswordHash(userId, 'scrypt$...')).rejects.toMatchObject({ code: 'internal' });
    });
  });
});
