// Web sign-in users with a password (`npx threadsql users add|list|remove|passwd`): store rows with
// platform 'web', the name as their platform user id, and a scrypt hash. Chat users never get a
// password; they sign in with a one-time link from /threadsql web instead.
import type { Store, UserRow } from '../../../store/store.ts';
import { LOCAL_WEB_USER } from '../web-access.ts';
import { hashPassword } from './password-hash.ts';

export const USER_NAME_RULE = 'a user name is 1–64 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';
export const MIN_PASSWORD_CHARS = 10;
// scrypt hashes any length, but a megabyte "password" is a cheap way to burn CPU.
export const MAX_PASSWORD_CHARS = 256;

/**
 * The stored form of a name (lowercase), or undefined when it breaks the rule. Names cannot hold ":"
 * or capitals, so they never collide with Slack (U0123…) or Teams (29:…) ids, and "local" is the
 * local-mode admin's own name.
 */
export function normalizeUserName(raw: string): string | undefined {
  const name = raw.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name) || name === LOCAL_WEB_USER.userId) return undefined;
  return name;
}

/** Why a new password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_CHARS) return `a password needs at least ${MIN_PASSWORD_CHARS} characters`;
  if ([...password].length > MAX_PASSWORD_CHARS) return `a password has at most ${MAX_PASSWORD_CHARS} characters`;
  return undefined;
}

export type UserChange = { ok: true; user: UserRow; sessionsRevoked: number } | { ok: false; problem: string };

async function findByName(store: Store, name: string): Promise<UserRow | undefined> {
  return store.users.find({ platform: 'web', tenantId: '', platformUserId: name });
}

/** Create a password user (or bring back a removed one with a new password). */
export async function addPasswordUser(store: Store, rawName: string, password: string, isAdmin: boolean): Promise<UserChange> {
  const name = normalizeUserName(rawName);
  if (!name) return { ok: false, problem: rawName.trim().toLowerCase() === LOCAL_WEB_USER.userId ? '"local" is reserved for the local-mode user' : USER_NAME_RULE };
  const weak = passwordProblem(password);
  if (weak) return { ok: false, problem: weak };
  const existing = await findByName(store, name);
  if (existing?.active && existing.passwordHash) return { ok: false, problem: `user "${name}" already exists; use "users passwd ${name}" to change the password` };
  const user = await store.users.ensureUser({ platform: 'web', tenantId: '', platformUserId: name, displayName: name }, isAdmin);
  await store.users.setPasswordHash(user.id, await hashPassword(password));
  await store.users.setActive(user.id, true);
  return { ok: true, user: (await store.users.get(user.id))!, sessionsRevoked: 0 };
}

/** A new password; every web session of the user ends (a leaked session dies with the old password). */
export async function changePassword(store: Store, rawName: string, password: string): Promise<UserChange> {
  const name = normalizeUserName(rawName);
  const user = name ? await findByName(store, name) : undefined;
  if (!user?.passwordHash) return { ok: false, problem: `there is no password user "${rawName.trim()}"` };
  const weak = passwordProblem(password);
  if (weak) return { ok: false, problem: weak };
  await store.users.setPasswordHash(user.id, await hashPassword(password));
  const sessionsRevoked = await store.sessions.revokeWebForUser(user.id);
  return { ok: true, user, sessionsRevoked };
}

/**
 * Switch a password user off: they can no longer sign in and their open sessions end. The row stays
 * (their attempts are the audit trail, which the store never deletes); `users add` brings them back.
 */
export async function removePasswordUser(store: Store, rawName: string): Promise<UserChange> {
  const name = normalizeUserName(rawName);
  const user = name ? await findByName(store, name) : undefined;
  if (!user?.passwordHash) return { ok: false, problem: `there is no password user "${rawName.trim()}"` };
  await store.users.setActive(user.id, false);
  const sessionsRevoked = await store.sessions.revokeWebForUser(user.id);
  return { ok: true, user: { ...user, active: false }, sessionsRevoked };
}
