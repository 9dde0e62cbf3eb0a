// The privacy rule: a non-admin sees only their own attempts and manifests, an admin sees all;
// another user's attempt looks exactly like one that does not exist.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, Viewer } from '../../../src/store/store.ts';
import { makeTempDir, openFileStore, type TempDir } from './store-test-helpers.ts';

describe('store privacy', () => {
  let dir: TempDir;
  let store: Store;
  let alice: Viewer;
  let bob: Viewer;
  let admin: Viewer;
  let aliceAttempt: string;
  let bobAttempt: string;

  const saveManifest = (attemptId: string) =>
    store.manifests.save({
      attemptId,
      columns: [{ name: 'total', type: 'numeric' }],
      totalRows: 3,
      pageSize: 500,
      pageCount: 1,
      exportRowLimit: 10_000,
      exportTruncated: false,
      exportFilePath: `/data/exports/${attemptId}.csv`,
      exportRowCount: 3,
    });

  beforeEach(async () => {
    dir = await makeTempDir();
    store = await openFileStore(path.join(dir.path, 'threadsql.db'));
    const viewerOf = async (platformUserId: string, isAdmin: boolean): Promise<Viewer> => {
      const user = await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId }, isAdmin);
      return { userId: user.id, role: user.role };
    };
    alice = await viewerOf('UALICE', false);
    bob = await viewerOf('UBOB', false);
    admin = await viewerOf('UADMIN', true);
    aliceAttempt = await store.attempts.start({ userId: alice.userId, platform: 'slack', question: 'revenue by region' });
    bobAttempt = await store.attempts.start({ userId: bob.userId, platform: 'slack', question: 'salaries by region' });
    await saveManifest(aliceAttempt);
    await saveManifest(bobAttempt);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it("does not give user A user B's attempt, and answers as if it did not exist", async () => {
    expect(await store.attempts.getForViewer(bobAttempt, alice)).toBeUndefined();
    expect(await store.attempts.getForViewer('no-such-attempt', alice)).toBeUndefined();
    expect((await store.attempts.getForViewer(aliceAttempt, alice))?.naturalLanguageQuery).toBe('revenue by region');
  });

  it("does not give user A user B's manifest", async () => {
    expect(await store.manifests.getForViewer(bobAttempt, alice)).toBeUndefined();
    expect((await store.manifests.getForViewer(aliceAttempt, alice))?.columns).toEqual([{ name: 'total', type: 'numeric' }]);
  });

  it("lists only the user's own attempts, even when they ask for all or search for B's words", async () => {
    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    expect(ids(await store.attempts.listForViewer(alice))).toEqual([aliceAttempt]);
    expect(ids(await store.attempts.listForViewer(alice, { all: true }))).toEqual([aliceAttempt]);
    expect(ids(await store.attempts.listForViewer(alice, { all: true, search: 'salaries' }))).toEqual([]);
  });

  it('gives an admin any attempt and manifest, and everyone’s list when asked for all', async () => {
    expect((await store.attempts.getForViewer(bobAttempt, admin))?.id).toBe(bobAttempt);
    expect((await store.manifests.getForViewer(bobAttempt, admin))?.attemptId).toBe(bobAttempt);
    expect(await store.attempts.listForViewer(admin)).toEqual([]); // own by default
    const all = await store.attempts.listForViewer(admin, { all: true });
    expect(new Set(all.map((r) => r.id))).toEqual(new Set([aliceAttempt, bobAttempt]));
    const found = await store.attempts.listForViewer(admin, { all: true, search: 'SALARIES' });
    expect(found.map((r) => r.id)).toEqual([bobAttempt]);
  });

  it('treats LIKE wildcards in a search as plain text', async () => {
    const pct = await store.attempts.start({ userId: alice.userId, platform: 'slack', question: 'orders with 50% discount' });
    const ids = async (search: string) => (await store.attempts.listForViewer(alice, { search })).map((r) => r.id);
    expect(await ids('50%')).toEqual([pct]);
    expect(await ids('%')).toEqual([pct]);
    expect(await ids('_')).toEqual([]);
  });

  it("lets a user give feedback only on attempts they can see", async () => {
    expect(await store.attempts.recordFeedback(bobAttempt, alice, 'down')).toBe(false);
    expect(await store.attempts.recordFeedback(aliceAttempt, alice, 'up', 'spot on')).toBe(true);
    const row = await store.attempts.getForViewer(aliceAttempt, alice);
    expect(row).toMatchObject({ feedback: 'up', feedbackText: 'spot on' });
    expect(row?.feedbackAt).toBeInstanceOf(Date);
    expect((await store.attempts.getForViewer(bobAttempt, admin))?.feedback).toBeNull();
  });

  it('sees nothing with a viewer that has no user id', async () => {
    expect(await store.attempts.listForViewer({ userId: '', role: 'user' }, { all: true })).toEqual([]);
  });
});
