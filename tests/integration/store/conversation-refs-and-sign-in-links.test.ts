// Two small repositories on a real store file: conversation references that survive a restart
// (Teams proactive messages) and one-time web sign-in links (once, before expiry, hash only).
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { createTestClock, makeTempDir, openFileStore, rawClient, type TempDir, type TestClock } from './store-test-helpers.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

describe('conversation references and sign-in links', () => {
  let dir: TempDir;
  let file: string;
  let store: Store;
  let clock: TestClock;
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'threadsql.db');
    clock = createTestClock();
    store = await openFileStore(file, { clock });
    alice = (await store.users.ensureUser({ platform: 'teams', tenantId: 't1', platformUserId: 'aad-alice' }, false)).id;
    bob = (await store.users.ensureUser({ platform: 'teams', tenantId: 't1', platformUserId: 'aad-bob' }, false)).id;
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('keeps the latest reference of a conversation and finds it again after the store is reopened', async () => {
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: 'a:1', userId: alice, reference: { serviceUrl: 'https://old' } });
    clock.advance(1000);
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: 'a:1', reference: { serviceUrl: 'https://new' } });
    await store.close();
    store = await openFileStore(file, { clock });

    const row = await store.conversationRefs.get('teams', 't1', 'a:1');
    expect(row?.reference).toEqual({ serviceUrl: 'https://new' });
    // A later save that does not say whose chat it is keeps the owner.
    expect(row?.userId).toBe(alice);
    expect(await store.conversationRefs.get('teams', 't2', 'a:1')).toBeUndefined();
  });

  it("finds a user's personal chat, the most recent when there are several, and never another user's", async () => {
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: 'a:old', userId: alice, reference: { id: 'old' } });
    clock.advance(1000);
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: 'a:new', userId: alice, reference: { id: 'new' } });
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: '19:channel', reference: { id: 'channel' } });

    expect((await store.conversationRefs.personalFor('teams', alice))?.conversationId).toBe('a:new');
    expect(await store.conversationRefs.personalFor('teams', bob)).toBeUndefined();
    expect(await store.conversationRefs.personalFor('slack', alice)).toBeUndefined();
  });

  it('forgets channel conversations not seen for a while, and keeps personal chats however old', async () => {
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: '19:old;messageid=1', reference: { id: 'old thread' } });
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: 'a:alice', userId: alice, reference: { id: 'personal' } });
    clock.advance(10_000);
    await store.conversationRefs.save({ platform: 'teams', tenantId: 't1', conversationId: '19:new;messageid=2', reference: { id: 'new thread' } });

    expect(await store.conversationRefs.pruneBefore(new Date(clock.now().getTime() - 5_000))).toBe(1);
    expect(await store.conversationRefs.get('teams', 't1', '19:old;messageid=1')).toBeUndefined();
    expect(await store.conversationRefs.get('teams', 't1', '19:new;messageid=2')).toBeDefined();
    expect((await store.conversationRefs.personalFor('teams', alice))?.conversationId).toBe('a:alice');
  });

  it('redeems a sign-in link exactly once, for the user it was made for', async () => {
    const token = randomBytes(32).toString('base64url');
    await store.signInLinks.create(alice, hash(token), 15 * 60_000);

    const [first, second] = await Promise.all([store.signInLinks.redeem(hash(token)), store.signInLinks.redeem(hash(token))]);
    const redeemed = [first, second].filter(Boolean);
    expect(redeemed).toHaveLength(1);
    expect(redeemed[0]!.userId).toBe(alice);
    expect(await store.signInLinks.redeem(hash(token))).toBeUndefined();
    expect(await store.signInLinks.redeem(hash('some other token'))).toBeUndefined();
  });

  it('refuses an expired link and prunes it later', async () => {
    const token = 'expiring-token';
    await store.signInLinks.create(bob, hash(token), 60_000);
    clock.advance(60_001);
    expect(await store.signInLinks.redeem(hash(token))).toBeUndefined();
    expect(await store.signInLinks.pruneBefore(clock.now())).toBe(1);
  });

  it('stores only the hash of a link token', async () => {
    const token = randomBytes(32).toString('base64url');
    await store.signInLinks.create(alice, hash(token), 60_000);
    const raw = rawClient(file);
    try {
      const rows = await raw.execute('SELECT * FROM sign_in_links');
      expect(JSON.stringify(rows.rows)).not.toContain(token);
      expect(rows.rows[0]!.token_hash).toBe(hash(token));
    } finally {
      raw.close();
    }
  });
});
