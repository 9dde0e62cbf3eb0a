// Web sign-in sessions (shared mode): a random token in an HttpOnly cookie; the store keeps only its
// hash (sessions table, 8 hours idle, revoked on sign-out). Each session has a CSRF token derived
// from the session token (HMAC), so nothing more is stored: the page reads it from a second,
// script-readable cookie (or GET /api/web/session) and sends it in `x-csrf-token` on every POST.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import { hashSecretToken, isSecretTokenShape, newSecretToken } from '../../../lib/secret-token.ts';
import type { Store, UserRow } from '../../../store/store.ts';
import type { WebIdentity } from '../web-access.ts';

export const CSRF_HEADER = 'x-csrf-token';
/** The form field name for the same token (the sign-out page's plain HTML form). */
export const CSRF_FIELD = 'csrf';

export interface SignedIn {
  identity: WebIdentity;
  user: UserRow;
  sessionId: string;
  csrfToken: string;
}

export interface WebSessions {
  readonly cookieNames: { session: string; csrf: string };
  /** Start a session for `user`: store row, then the two cookies on `res` (headers not yet sent). */
  start(res: http.ServerResponse, user: UserRow): Promise<SignedIn>;
  /** The signed-in person for this request, or undefined (no cookie, unknown, expired, revoked, user removed). */
  resolve(req: http.IncomingMessage): Promise<SignedIn | undefined>;
  /** Revoke the session and clear its cookies. */
  end(res: http.ServerResponse, sessionId: string): Promise<void>;
  /** Whether the request carries this session's CSRF token (header, or the form field already read). */
  hasCsrfToken(req: http.IncomingMessage, signedIn: SignedIn, formValue?: string): boolean;
  /** Set-Cookie headers that remove both cookies (a dead session's leftovers). */
  clearingCookies(): string[];
}

/** What the web app knows about a signed-in store user. A chat user keeps their platform in the id. */
export function identityFor(user: UserRow): WebIdentity {
  return {
    tenantId: user.tenantId,
    // Password users' names cannot contain ":", so "slack:U…" / "teams:29:…" never meet a name.
    userId: user.platform === 'web' ? user.platformUserId : `${user.platform}:${user.platformUserId}`,
    displayName: user.displayName || user.platformUserId,
    isAdmin: user.role === 'admin',
    storeUserId: user.id,
  };
}

function csrfFor(token: string): string {
  return createHmac('sha256', token).update('threadsql csrf v1').digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createWebSessions(deps: { store: Store; secure: boolean }): WebSessions {
  const { store, secure } = deps;
  // __Host- cookies must be Secure, Path=/ and host-only: a sibling subdomain cannot plant or
  // overwrite them. Over plain http (an internal deployment) browsers refuse the prefix.
  const names = secure ? { session: '__Host-threadsql_session', csrf: '__Host-threadsql_csrf' } : { session: 'threadsql_session', csrf: 'threadsql_csrf' };
  // Lax, not Strict: a link to threadsql from Slack (a cross-site navigation) should arrive signed in;
  // cross-site POSTs never carry the cookie, and the Origin check and CSRF token stop same-site ones.
  // No Max-Age: the store decides expiry (8 hours idle); the cookie ends with the browser session.
  const base: SerializeOptions = { path: '/', sameSite: 'lax', secure };

  const setCookies = (res: http.ServerResponse, cookies: string[]) => {
    const prior = res.getHeader('set-cookie');
    res.setHeader('set-cookie', [...(Array.isArray(prior) ? prior : prior ? [String(prior)] : []), ...cookies]);
  };
  const clearing = () => [
    stringifySetCookie(names.session, '', { ...base, httpOnly: true, maxAge: 0 }),
    stringifySetCookie(names.csrf, '', { ...base, maxAge: 0 }),
  ];

  return {
    cookieNames: names,

    async start(res, user) {
      const token = newSecretToken();
      const row = await store.sessions.createWeb(user.id, hashSecretToken(token));
      const csrfToken = csrfFor(token);
      setCookies(res, [stringifySetCookie(names.session, token, { ...base, httpOnly: true }), stringifySetCookie(names.csrf, csrfToken, base)]);
      return { identity: identityFor(user), user, sessionId: row.id, csrfToken };
    },

    async resolve(req) {
      const token = parseCookie(req.headers.cookie ?? '')[names.session];
      if (!token || !isSecretTokenShape(token)) return undefined;
      const session = await store.sessions.touchWeb(hashSecretToken(token));
      if (!session?.userId) return undefined;
      const user = await store.users.get(session.userId);
      if (!user?.active) {
        // Removed since: the session is over for good, not just for this request.
        await store.sessions.revoke(session.id);
        return undefined;
      }
      return { identity: identityFor(user), user, sessionId: session.id, csrfToken: csrfFor(token) };
    },

    async end(res, sessionId) {
      await store.sessions.revoke(sessionId);
      setCookies(res, clearing());
    },

    hasCsrfToken(req, signedIn, formValue) {
      const raw = req.headers[CSRF_HEADER];
      const sent = typeof raw === 'string' ? raw : formValue;
      return typeof sent === 'string' && sameSecret(sent, signedIn.csrfToken);
    },

    clearingCookies: clearing,
  };
}
