// Where a request really comes from in shared mode. Behind a reverse proxy the socket is the proxy,
// so the client's address and the host it asked for are in X-Forwarded-For / X-Forwarded-Host — but
// anyone can send those headers, so they are believed only for THREADSQL_TRUST_PROXY hops, read from
// the right (each proxy appends what it saw; entries further left were written by the client).
// X-Forwarded-Proto is never needed: cookies are Secure when THREADSQL_PUBLIC_URL is https, a fact
// of the deployment that no request header can change.
import type http from 'node:http';
import { originAccepted } from '../web-access.ts';

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The entry `hops` from the right of a comma-separated forwarding header, or undefined. */
function fromRight(value: string | undefined, hops: number): string | undefined {
  if (!value || hops < 1) return undefined;
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts[Math.max(0, parts.length - hops)];
}

/** The client's address: the socket's, or what the trusted proxy saw. Key for per-IP sign-in limits. */
export function clientAddress(req: http.IncomingMessage, trustProxyHops: number): string {
  return fromRight(header(req, 'x-forwarded-for'), trustProxyHops) ?? req.socket.remoteAddress ?? 'unknown';
}

/** The host the browser asked for (lowercase, default port dropped). */
export function requestedHost(req: http.IncomingMessage, trustProxyHops: number, scheme: 'http:' | 'https:'): string | undefined {
  const raw = fromRight(header(req, 'x-forwarded-host'), trustProxyHops) ?? req.headers.host;
  if (!raw) return undefined;
  const host = raw.trim().toLowerCase();
  const defaultPort = scheme === 'https:' ? ':443' : ':80';
  return host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host;
}

/**
 * CSRF, first wall: a state-changing request comes from a page of our public origin. A browser sends
 * Origin on every cross-site POST and on same-origin fetch POSTs; no Origin and no Sec-Fetch-Site is
 * a non-browser client (curl, a script), which no other site can drive. The per-session token is the
 * second wall.
 */
export function isFromOrigin(req: http.IncomingMessage, publicOrigin: string): boolean {
  const expected = new URL(publicOrigin).origin;
  return originAccepted(req, (origin) => origin.origin === expected);
}
