// Chat identities: created on first contact, role refreshed from THREADSQL_ADMINS on every contact.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { users, type Platform, type UserRow } from './schema.ts';

/** A chat identity as an adapter sees it. */
export interface UserIdentity {
  platform: Platform;
  /** Slack workspace / Teams tenant; omit or '' when the platform has none. */
  tenantId?: string | undefined;
  platformUserId: string;
  displayName?: string | undefined;
}

export interface UsersRepo {
  /** The user for this identity, created on first contact. Role follows `isAdmin` every time; a non-empty display name is refreshed. */
  ensureUser(identity: UserIdentity, isAdmin: boolean): Promise<UserRow>;
  get(id: string): Promise<UserRow | undefined>;
  find(identity: Omit<UserIdentity, 'displayName'>): Promise<UserRow | undefined>;
  /** Web sign-in users only (a CHECK refuses a hash on chat identities). */
  setPasswordHash(id: string, passwordHash: string | null): Promise<boolean>;
  setActive(id: string, active: boolean): Promise<boolean>;
  /** Web sign-in users (platform 'web' with a password), active or not, by name. */
  listPasswordUsers(): Promise<UserRow[]>;
}

export function createUsersRepo({ db, clock }: RepoDeps): UsersRepo {
  return {
    async ensureUser(identity, isAdmin) {
      // Most messages come from users we know, unchanged: a read, not a write transaction.
      const existing = await db
        .select()
        .from(users)
        .where(sameIdentity(identity))
        .get();
      const role = isAdmin ? 'admin' : 'user';
      if (existing && existing.role === role && (!identity.displayName || existing.displayName === identity.displayName)) {
        return existing;
      }
      const [row] = await db
        .insert(users)
        .values({
          id: clock.newId(),
          platform: identity.platform,
          tenantId: identity.tenantId ?? '',
          platformUserId: identity.platformUserId,
          displayName: identity.displayName ?? '',
          role: isAdmin ? 'admin' : 'user',
          createdAt: clock.now(),
        })
        .onConflictDoUpdate({
          target: [users.platform, users.tenantId, users.platformUserId],
          set: {
            role: sql`excluded.role`,
            displayName: sql`CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE ${users.displayName} END`,
          },
        })
        .returning();
      return row!;
    },

    async get(id) {
      return db.select().from(users).where(eq(users.id, id)).get();
    },

    async find(identity) {
      return db
        .select()
        .from(users)
        .where(sameIdentity(identity))
        .get();
    },

    async setPasswordHash(id, passwordHash) {
      const result = await db.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
      return result.rowsAffected === 1;
    },

    async setActive(id, active) {
      const result = await db.update(users).set({ active }).where(eq(users.id, id)).run();
      return result.rowsAffected === 1;
    },

    async listPasswordUsers() {
      return db
        .select()
        .from(users)
        .where(and(eq(users.platform, 'web'), isNotNull(users.passwordHash)))
        .orderBy(asc(users.platformUserId))
        .all();
    },
  };
}

/** The unique (platform, tenant, platform user id) of a chat identity. */
function sameIdentity(identity: { platform: Platform; tenantId?: string | undefined; platformUserId: string }) {
  return and(
    eq(users.platform, identity.platform),
    eq(users.tenantId, identity.tenantId ?? ''),
    eq(users.platformUserId, identity.platformUserId),
  );
}
