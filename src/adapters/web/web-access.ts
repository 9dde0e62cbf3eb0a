// Who may use the web app, and from where. Local mode (the server bound to a loopback address):
// the person at this machine is a local admin, no sign-in. Bound anywhere else, the web app is
// refused until sign-in exists (issue 7, shared mode). Plus the two browser-side walls every
// request passes: the Host header (DNS rebinding) and, on POSTs, the Origin header (CSRF).
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
}

export type WebMode = { kind: 'local' } | { kind: 'refused'; reason: string };

/** Local mode only when the server listens on a loopback address; anything else needs sign-in. */
export function webModeFor(host: string): WebMode {
  if (isLoopbackHost(host)) return { kind: 'local' };
  return {
    kind: 'refused',
    reason: `HOST=${host} is reachable from other machines and web sign-in is not built yet; set HOST=127.0.0.1 to use the web app locally`,
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
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  const host = req.headers.host;
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
  } catch {
    return false; // "null" or garbage: not our page
  }
}
