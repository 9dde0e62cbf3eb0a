// The web adapter: the browser page and its JSON API, mounted on our one HTTP server. Lives here:
// request → engine input, Reply → JSON for the page, who may use it (local mode). Not here: SQL,
// models, storage rules — the engine and the store's viewer-scoped reads do those.
import type http from 'node:http';
import type { Route } from '../../server/http-server.ts';
import { sendError } from './http-io.ts';
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
   * Who is asking. Default (local mode): the fixed local admin. Sign-in (shared mode) will plug in
   * here; tests use it to be two different people.
   */
  identify?: (req: http.IncomingMessage) => WebIdentity | undefined;
}

const localIdentity = (): WebIdentity => ({ tenantId: LOCAL_WEB_USER.tenantId, userId: LOCAL_WEB_USER.userId, displayName: LOCAL_WEB_USER.displayName, isAdmin: true });

export function createWebAdapter(app: WebApiDeps, options: WebAdapterOptions = {}): WebAdapter {
  const mode = webModeFor(app.config.host);
  const assets = loadStaticAssets();
  const api = createWebApi(app);
  const identify = options.identify ?? localIdentity;
  const log = app.logger.child({ module: 'web' });

  // The walls every web request passes, in order; each answers the request itself when it refuses.
  function admit(req: http.IncomingMessage, res: http.ServerResponse, kind: 'page' | 'api'): WebIdentity | undefined {
    if (mode.kind === 'refused') {
      if (kind === 'page') assets.refused(res, mode.reason);
      else sendError(res, 403, `the web app is off: ${mode.reason}`);
      return undefined;
    }
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

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      handler: (req, res) => {
        if (admit(req, res, 'page')) assets.index(res);
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
          const who = admit(req, res, 'api');
          if (who) await api.handle(req, res, who);
        },
      }),
    ),
  ];

  return {
    mode,
    routes,
    // 127.0.0.1 and localhost are the same server here; "localhost" is what people type.
    line: (serverUrl) => (mode.kind === 'local' ? `open ${serverUrl.replace('//127.0.0.1:', '//localhost:')}  (local mode: you are the local admin, no sign-in)` : `off (${mode.reason})`),
  };
}
