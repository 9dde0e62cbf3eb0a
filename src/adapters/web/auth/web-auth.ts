// Shared mode's walls and sign-in routes. Every web request passes, in order: the Host check
// (THREADSQL_PUBLIC_URL's host; DNS rebinding and stray hostnames), the Origin check on anything but
// GET, a valid session cookie, and on anything but GET the session's CSRF token. Sign-in itself
// (password, or a one-time link from /threadsql web) passes the first two and a rate limit.
import type http from 'node:http';
import { hashSecretToken, isSecretTokenShape } from '../../../lib/secret-token.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { Route } from '../../../server/http-server.ts';
import type { Store } from '../../../store/store.ts';
import { SIGN_IN_LINK_PATH } from '../../../engine/commands/web-sign-in-link.ts';
import { BodyError, readJsonBody, SECURITY_HEADERS, sendError, sendJson } from '../http-io.ts';
import type { WebIdentity, WebMode } from '../web-access.ts';
import { loadAuthPages, AUTH_ASSETS_PATH } from './auth-pages.ts';
import { readFormBody } from './form-body.ts';
import { verifyNobody, verifyPassword } from './password-hash.ts';
import { normalizeUserName, MAX_PASSWORD_CHARS } from './password-users.ts';
import { clientAddress, isFromOrigin, requestedHost } from './request-origin.ts';
import { createSignInLimiter, type SignInLimits } from './sign-in-limiter.ts';
import { CSRF_FIELD, createWebSessions, type SignedIn } from './web-sessions.ts';

export const SIGN_IN_PATH = '/signin';
export const SIGN_OUT_PATH = '/signout';
export const SESSION_API = '/api/web/session';
export const SIGN_IN_API = '/api/web/signin';
export const SIGN_OUT_API = '/api/web/signout';

// One message for an unknown name, a wrong password and a removed user: which names exist is not
// something a stranger should learn here.
const WRONG_CREDENTIALS = 'Wrong user name or password.';

type SharedMode = Extract<WebMode, { kind: 'shared' }>;

export interface WebAuth {
  /** Admit a web request or answer it (403, 401 or a redirect to sign-in); the identity when admitted. */
  admit(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): Promise<WebIdentity | undefined>;
  /** Sign-in, sign-out and session routes; mount them before the /api/web catch-all. */
  routes: Route[];
}

export interface WebAuthDeps {
  store: Store;
  logger: Logger;
  mode: SharedMode;
  limits?: SignInLimits;
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'cache-control': 'no-store' });
  res.end();
}

export function createWebAuth(deps: WebAuthDeps): WebAuth {
  const { store, mode } = deps;
  const log = deps.logger.child({ module: 'web.auth' });
  const sessions = createWebSessions({ store, secure: mode.secure });
  const limiter = createSignInLimiter(deps.limits);
  const pages = loadAuthPages();

  /** Host and (on non-GET) Origin; answers the request itself when it refuses. */
  function passesWalls(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): boolean {
    const host = requestedHost(req, mode.trustProxyHops, mode.scheme);
    if (host !== mode.host) {
      log.warn({ host }, 'web request for a host other than THREADSQL_PUBLIC_URL refused');
      const text = `This server answers only at ${mode.publicUrl}.`;
      if (kind === 'page') pages.message(res, 403, 'Wrong address', text, { href: mode.publicUrl, label: `Go to ${mode.publicUrl}` });
      else sendError(res, 403, text);
      return false;
    }
    if (req.method !== 'GET' && !isFromOrigin(req, mode.origin)) {
      log.warn({ origin: req.headers.origin }, 'cross-site web request refused');
      sendError(res, 403, 'cross-site request refused');
      return false;
    }
    return true;
  }

  /** Cookies of a session that is over: the browser should stop sending them. */
  function clearStaleCookies(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.headers.cookie?.includes(sessions.cookieNames.session)) res.setHeader('set-cookie', sessions.clearingCookies());
  }

  async function admit(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): Promise<WebIdentity | undefined> {
    if (!passesWalls(req, res, kind)) return undefined;
    const signedIn = await sessions.resolve(req);
    if (!signedIn) {
      const hadSession = Boolean(req.headers.cookie?.includes(sessions.cookieNames.session));
      clearStaleCookies(req, res);
      if (kind === 'page') redirect(res, hadSession ? `${SIGN_IN_PATH}?reason=expired` : SIGN_IN_PATH);
      else sendJson(res, 401, { error: 'sign in first', signIn: SIGN_IN_PATH });
      return undefined;
    }
    if (req.method !== 'GET' && !sessions.hasCsrfToken(req, signedIn)) {
      log.warn({ sessionId: signedIn.sessionId }, 'web request without its CSRF token refused');
      sendError(res, 403, 'this request is missing its CSRF token (x-csrf-token); reload the page');
      return undefined;
    }
    return signedIn.identity;
  }

  /** Too many attempts: 429 with Retry-After, as JSON or as a page. */
  function tooMany(res: http.ServerResponse, retryAfterSeconds: number, kind: 'page' | 'api'): void {
    res.setHeader('retry-after', String(retryAfterSeconds));
    const text = `Too many sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`;
    if (kind === 'page') pages.message(res, 429, 'Too many attempts', text);
    else sendError(res, 429, text);
  }

  async function signInWithPassword(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!passesWalls(req, res, 'api')) return;
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(req, 4096);
    } catch (err) {
      if (err instanceof BodyError) return sendError(res, err.status, err.message);
      throw err;
    }
    const rawName = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!rawName.trim() || !password) return sendError(res, 400, 'send {"username": "…", "password": "…"}');
    const name = normalizeUserName(rawName) ?? rawName.trim().toLowerCase().slice(0, 64);
    const address = clientAddress(req, mode.trustProxyHops);
    const verdict = await limiter.check(address, name);
    if (!verdict.ok) {
      log.warn({ user: name }, 'web sign-in rate-limited');
      return tooMany(res, verdict.retryAfterSeconds, 'api');
    }
    const user = normalizeUserName(rawName) && password.length <= MAX_PASSWORD_CHARS ? await store.users.find({ platform: 'web', tenantId: '', platformUserId: name }) : undefined;
    const ok = user?.passwordHash && user.active ? await verifyPassword(password, user.passwordHash) : await verifyNobody(password.slice(0, MAX_PASSWORD_CHARS));
    if (!ok || !user) {
      await limiter.failed(address, name);
      log.warn({ user: name }, 'web sign-in failed');
      return sendError(res, 401, WRONG_CREDENTIALS);
    }
    await limiter.succeeded(name);
    await endCurrentSession(req);
    const signedIn = await sessions.start(res, user);
    log.info({ userId: user.id, via: 'password' }, 'web sign-in');
    sendJson(res, 200, sessionJson(signedIn));
  }

  /** Signing in again in the same browser ends the session it had. */
  async function endCurrentSession(req: http.IncomingMessage): Promise<void> {
    const current = await sessions.resolve(req);
    if (current) await store.sessions.revoke(current.sessionId);
  }

  function linkToken(req: http.IncomingMessage): string | undefined {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const token = path.slice(SIGN_IN_LINK_PATH.length);
    return isSecretTokenShape(token) ? token : undefined;
  }

  const linkGone = (res: http.ServerResponse) =>
    pages.message(res, 410, 'This link no longer works', 'Sign-in links work once, for 15 minutes. Send /threadsql web in Slack or Teams for a new one.', { href: SIGN_IN_PATH, label: 'Sign in with a password instead' });

  async function redeemLink(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!passesWalls(req, res, 'page')) return;
    // Drain the (empty) form body so the connection can be reused.
    await readFormBody(req).catch(() => new URLSearchParams());
    const address = clientAddress(req, mode.trustProxyHops);
    const verdict = await limiter.check(address);
    if (!verdict.ok) return tooMany(res, verdict.retryAfterSeconds, 'page');
    const token = linkToken(req);
    const link = token ? await store.signInLinks.redeem(hashSecretToken(token)) : undefined;
    const user = link ? await store.users.get(link.userId) : undefined;
    if (!user?.active) {
      // 256-bit tokens cannot be guessed; counting failures still stops a client hammering the route.
      await limiter.failed(address);
      log.warn({ known: Boolean(link) }, 'web sign-in link refused (unknown, used, expired, or user removed)');
      return linkGone(res);
    }
    await endCurrentSession(req);
    await sessions.start(res, user);
    log.info({ userId: user.id, via: 'link', platform: user.platform }, 'web sign-in');
    redirect(res, '/');
  }

  function sessionJson(s: SignedIn) {
    return {
      mode: 'shared' as const,
      user: { name: s.identity.displayName, role: s.user.role, via: s.user.platform === 'web' ? 'password' : s.user.platform },
      csrfToken: s.csrfToken,
      signOut: SIGN_OUT_PATH,
    };
  }

  async function signOut(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): Promise<void> {
    if (!passesWalls(req, res, kind)) return;
    let form: URLSearchParams | undefined;
    if (kind === 'page') {
      try {
        form = await readFormBody(req);
      } catch (err) {
        if (err instanceof BodyError) return sendError(res, err.status, err.message);
        throw err;
      }
    }
    const signedIn = await sessions.resolve(req);
    if (!signedIn) {
      clearStaleCookies(req, res);
      if (kind === 'page') return redirect(res, `${SIGN_IN_PATH}?reason=signed-out`);
      return sendJson(res, 401, { error: 'not signed in', signIn: SIGN_IN_PATH });
    }
    if (!sessions.hasCsrfToken(req, signedIn, form?.get(CSRF_FIELD) ?? undefined)) {
      log.warn({ sessionId: signedIn.sessionId }, 'sign-out without its CSRF token refused');
      return sendError(res, 403, 'this request is missing its CSRF token; reload the page');
    }
    await sessions.end(res, signedIn.sessionId);
    log.info({ userId: signedIn.user.id }, 'web sign-out');
    if (kind === 'page') return redirect(res, `${SIGN_IN_PATH}?reason=signed-out`);
    sendJson(res, 200, { ok: true, signIn: SIGN_IN_PATH });
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: SIGN_IN_PATH,
      handler: async (req, res) => {
        if (!passesWalls(req, res, 'page')) return;
        if (await sessions.resolve(req)) return redirect(res, '/');
        pages.signIn(res);
      },
    },
    {
      method: 'GET',
      path: `${AUTH_ASSETS_PATH}/*`,
      handler: (req, res) => {
        const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice(AUTH_ASSETS_PATH.length + 1);
        if (!pages.asset(name, res)) sendError(res, 404, 'not found');
      },
    },
    { method: 'POST', path: SIGN_IN_API, handler: signInWithPassword },
    {
      method: 'GET',
      path: `${SIGN_IN_LINK_PATH}*`,
      handler: (req, res) => {
        if (!passesWalls(req, res, 'page')) return;
        const token = linkToken(req);
        // Showing the button consumes nothing: chat apps and mail scanners fetch links on their own.
        if (!token) return linkGone(res);
        pages.confirmLink(res, token);
      },
    },
    { method: 'POST', path: `${SIGN_IN_LINK_PATH}*`, handler: redeemLink },
    {
      method: 'GET',
      path: SESSION_API,
      handler: async (req, res) => {
        if (!passesWalls(req, res, 'api')) return;
        const signedIn = await sessions.resolve(req);
        if (!signedIn) {
          clearStaleCookies(req, res);
          return sendJson(res, 401, { error: 'sign in first', signIn: SIGN_IN_PATH });
        }
        sendJson(res, 200, sessionJson(signedIn));
      },
    },
    { method: 'POST', path: SIGN_OUT_API, handler: (req, res) => signOut(req, res, 'api') },
    {
      method: 'GET',
      path: SIGN_OUT_PATH,
      handler: async (req, res) => {
        if (!passesWalls(req, res, 'page')) return;
        const signedIn = await sessions.resolve(req);
        if (!signedIn) return redirect(res, `${SIGN_IN_PATH}?reason=signed-out`);
        pages.confirmSignOut(res, signedIn.identity.displayName, CSRF_FIELD, signedIn.csrfToken);
      },
    },
    { method: 'POST', path: SIGN_OUT_PATH, handler: (req, res) => signOut(req, res, 'page') },
  ];

  return { admit, routes };
}
