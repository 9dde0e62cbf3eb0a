// Who may use the web app, and from where. Local mode (the server bound to a loopback address, the
// default): the person at this machine is a local admin, no sign-in. Shared mode (THREADSQL_WEB_PUBLIC=1,
// any bind address, usually behind the company's proxy): people sign in (src/adapters/web/auth/), and
// the Host check compares with THREADSQL_PUBLIC_URL's host. Bound to a reachable address without
// shared mode, the web app is refused. Plus the browser-side walls of local mode: the Host header
// (DNS rebinding) and, on POSTs, the Origin header (CSRF).
import type http from 'node:http';
import { isLoopbackHost } from '../../lib/loopback.ts';

/** The web user of local mode: one fixed identity, platform 'web'. */
export const LOCAL_WEB_USER = { platform: 'web' as const, tenantId: '', userId: 'local', displayName: 'local user' };

/** A person using the web app, as the engine and the store know them. */
export interface WebIdentity {
  tenantId: string;
  userId: string;
  displayName: string;
  isAdmin: boolean;
  /**
   * Shared mode: the signed-in store user (a password user, or the Slack/Teams user a sign-in link
   * was made for). The engine and the store's viewer act as this row; absent in local mode.
   */
  storeUserId?: string;
}

export type WebMode =
  | { kind: 'local' }
  | {
      kind: 'shared';
      /** THREADSQL_PUBLIC_URL: what browsers use; sign-in links point here. */
      publicUrl: string;
      /** Its origin (scheme://host[:port]): the only Origin a state-changing request may carry. */
      origin: string;
      /** Its host, lowercase, default port dropped: the only Host (or trusted X-Forwarded-Host) accepted. */
      host: string;
      scheme: 'http:' | 'https:';
      /** Cookies are Secure (and __Host- prefixed) when the public URL is https. */
      secure: boolean;
      trustProxyHops: number;
    }
  | { kind: 'refused'; reason: string };

/** How the web app runs here. Shared mode wins over loopback: a proxy on this machine makes everyone look local. */
export function webModeFor(host: string, web: { public: boolean; publicUrl: string | undefined; trustProxyHops: number } = { public: false, publicUrl: undefined, trustProxyHops: 0 }): WebMode {
  if (web.public && web.publicUrl) {
    const url = new URL(web.publicUrl);
    const scheme = url.protocol === 'https:' ? 'https:' : 'http:';
    return { kind: 'shared', publicUrl: web.publicUrl, origin: url.origin, host: url.host.toLowerCase(), scheme, secure: scheme === 'https:', trustProxyHops: web.trustProxyHops };
  }
  if (web.public) return { kind: 'refused', reason: 'THREADSQL_WEB_PUBLIC=1 needs THREADSQL_PUBLIC_URL, the address people\'s browsers use' };
  if (isLoopbackHost(host)) return { kind: 'local' };
  return {
    kind: 'refused',
    reason: `HOST=${host} is reachable from other machines and THREADSQL_WEB_PUBLIC is not set; set THREADSQL_WEB_PUBLIC=1 (with THREADSQL_PUBLIC_URL) for shared mode with sign-in, or HOST=127.0.0.1 to use the web app locally`,
  };
}

export { isLoopbackHost };

/**
 * The Host header names this machine. A page on any other site can point its own DNS name at
 * 127.0.0.1 (DNS rebinding) and then talk to us "same-origin"; its requests still carry its name.
 */
export function isLocalHostHeader(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(hostHeader.trim());
  return Boolean(m && isLoopbackHost(m[1]!));
}

/**
 * CSRF: a state-changing request must come from our own page. Browsers send Origin on every
 * cross-site POST (and on same-origin fetch POSTs), so an Origin equal to our own origin is the
 * check; a missing Origin is a non-browser client (curl, a script), which no other site can make.
 * A present "null" or foreign Origin is refused.
 */
export function isSameOrigin(req: http.IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  return originAccepted(req, (origin) => (origin.protocol === 'http:' || origin.protocol === 'https:') && origin.host === host);
}

/**
 * The Origin wall both modes share: no Origin (and no Sec-Fetch-Site, or same-origin) is a
 * non-browser client; a present Origin must parse and pass `accept`; "null" or garbage never does.
 */
export function originAccepted(req: http.IncomingMessage, accept: (origin: URL) => boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  try {
    return accept(new URL(origin));
  } catch {
    return false; // "null" or garbage: not our page
  }
}
