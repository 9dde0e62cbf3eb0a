// The web adapter: the browser page and its JSON API, mounted on our one HTTP server. Lives here:
// request → engine input, Reply → JSON for the page, who may use it (local mode, or shared mode with
// sign-in in auth/). Not here: SQL, models, storage rules — the engine and the store's viewer-scoped
// reads do those.
import type http from 'node:http';
import type { Route } from '../../server/http-server.ts';
import { createWebAuth, SESSION_API, SIGN_IN_PATH, SIGN_OUT_PATH, type WebAuth } from './auth/web-auth.ts';
import { loadAuthPages, AUTH_ASSETS_PATH } from './auth/auth-pages.ts';
import type { SignInLimits } from './auth/sign-in-limiter.ts';
import { sendError, sendJson } from './http-io.ts';
import { API_BASE } from './reply-json.ts';
import { ASSETS_PATH, loadStaticAssets } from './static-assets.ts';
import { isLocalHostHeader, isSameOrigin, LOCAL_WEB_USER, webModeFor, type WebIdentity, type WebMode } from './web-access.ts';
import { createWebApi, type WebApiDeps } from './web-api.ts';

export interface WebAdapter {
  readonly mode: WebMode;
  readonly routes: Route[];
  /** The start-up line after "web:". */
  line(serverUrl: string): string;
}

export interface WebAdapterOptions {
  /**
   * Who is asking, in local mode. Default: the fixed local admin. Tests use it to be two different
   * people. Shared mode ignores it: there the session cookie says who is asking.
   */
  identify?: (req: http.IncomingMessage) => WebIdentity | undefined;
  /** Shared mode's sign-in rate limits (default: 30 failures per address, 5 per name, per 15 minutes). */
  signInLimits?: SignInLimits;
}

const localIdentity = (): WebIdentity => ({ tenantId: LOCAL_WEB_USER.tenantId, userId: LOCAL_WEB_USER.userId, displayName: LOCAL_WEB_USER.displayName, isAdmin: true });

export function createWebAdapter(app: WebApiDeps, options: WebAdapterOptions = {}): WebAdapter {
  const mode = webModeFor(app.config.host, app.config.web);
  const assets = loadStaticAssets();
  const pages = loadAuthPages();
  const api = createWebApi(app);
  const identify = options.identify ?? localIdentity;
  const log = app.logger.child({ module: 'web' });
  const auth: WebAuth | undefined = mode.kind === 'shared' ? createWebAuth({ store: app.store, logger: app.logger, mode, limits: options.signInLimits }) : undefined;

  // Local mode's walls, in order; each answers the request itself when it refuses.
  function admitLocal(req: http.IncomingMessage, res: http.ServerResponse): WebIdentity | undefined {
    if (!isLocalHostHeader(req.headers.host)) {
      log.warn({ host: req.headers.host }, 'web request with a foreign Host header refused');
      sendError(res, 403, 'this server answers only to localhost, 127.0.0.1 or [::1]');
      return undefined;
    }
    if (req.method !== 'GET' && !isSameOrigin(req)) {
      log.warn({ origin: req.headers.origin }, 'cross-site web request refused');
      sendError(res, 403, 'cross-site request refused');
      return undefined;
    }
    const who = identify(req);
    if (!who) sendError(res, 401, 'sign in first');
    return who;
  }

  async function admit(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): Promise<WebIdentity | undefined> {
    if (mode.kind === 'refused') {
      if (kind === 'page') pages.message(res, 403, 'The web app is off on this server', `${mode.reason}. Slack, Teams and the terminal (npx threadsql chat) work as usual.`);
      else sendError(res, 403, `the web app is off: ${mode.reason}`);
      return undefined;
    }
    if (auth) return auth.admit(req, res, kind);
    return admitLocal(req, res);
  }

  const routes: Route[] = [
    // Sign-in and session routes first: the server takes the first route that matches, and the
    // /api/web catch-all below would otherwise answer /api/web/session and friends.
    ...(auth?.routes ?? localSessionRoutes(admit, pages)),
    {
      method: 'GET',
      path: '/',
      handler: async (req, res) => {
        if (await admit(req, res, 'page')) assets.index(res);
      },
    },
    {
      method: 'GET',
      path: `${ASSETS_PATH}/*`,
      handler: (req, res) => {
        // Stylesheet and script are served even when the app is refused: the 403 page uses the CSS.
        const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice(ASSETS_PATH.length + 1);
        if (!assets.asset(name, res)) sendError(res, 404, 'not found');
      },
    },
    ...(['GET', 'POST'] as const).map(
      (method): Route => ({
        method,
        path: `${API_BASE}/*`,
        handler: async (req, res) => {
          const who = await admit(req, res, 'api');
          if (who) await api.handle(req, res, who);
        },
      }),
    ),
  ];

  return {
    mode,
    routes,
    line: (serverUrl) => {
      // 127.0.0.1 and localhost are the same server here; "localhost" is what people type.
      if (mode.kind === 'local') return `open ${serverUrl.replace('//127.0.0.1:', '//localhost:')}  (local mode: you are the local admin, no sign-in)`;
      if (mode.kind === 'shared') {
        const plain = mode.secure ? '' : ' (THREADSQL_PUBLIC_URL is http: cookies are not Secure; use https outside a trusted network)';
        return `shared mode at ${mode.publicUrl} — sign in with a link from /threadsql web or a password user (npx threadsql users add)${plain}`;
      }
      return `off (${mode.reason})`;
    },
  };
}

// Local mode has no sign-in: /signin and /signout lead to the chat, and the session endpoint describes the local
// admin, so the page can ask the same question in both modes.
function localSessionRoutes(admit: (req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api') => Promise<WebIdentity | undefined>, pages: ReturnType<typeof loadAuthPages>): Route[] {
  return [
    {
      method: 'GET',
      path: SIGN_IN_PATH,
      handler: (_req, res) => {
        res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
        res.end();
      },
    },
    {
      method: 'GET',
      path: SIGN_OUT_PATH,
      handler: (_req, res) => {
        res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
        res.end();
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
    {
      method: 'GET',
      path: SESSION_API,
      handler: async (req, res) => {
        const who = await admit(req, res, 'api');
        if (who) sendJson(res, 200, { mode: 'local', user: { name: who.displayName, role: who.isAdmin ? 'admin' : 'user', via: 'local' }, csrfToken: null, signOut: null });
      },
    },
  ];
}
