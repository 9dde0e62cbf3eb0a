// Signed, expiring download links for CSV exports (GET /exports/<token>) and chart images
// (GET /exports/<token>.png, where a card cannot carry the PNG itself). The token names one attempt
// and an expiry, signed with HMAC-SHA256, so a link works in any chat scope without Graph or
// SharePoint permissions — and only for that attempt, only until it expires. The link itself is the
// permission: it is minted only into a reply whose reader could already see that answer.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { pipeFile, type Route } from './http-server.ts';

export const EXPORTS_PATH = '/exports';

export interface ExportLinksOptions {
  /** HMAC key; undefined = 32 random bytes made now (links then stop working when the process ends). */
  secret: string | undefined;
  /** The base URL browsers reach this server at (THREADSQL_PUBLIC_URL, or the server's own URL). */
  baseUrl: () => string;
  ttlMs: number;
  clock: Clock;
  logger: Logger;
  /** Where an attempt's CSV lives; undefined when it has none (or it is gone). */
  exportFile(attemptId: string): Promise<string | undefined>;
  /** Where an attempt's chart PNG lives; undefined when it has none. */
  chartFile?(attemptId: string): Promise<string | undefined>;
}

/** What a token opens: the two never share a signature (the kind is part of what is signed). */
export type LinkKind = 'csv' | 'chart';

export type TokenCheck = { ok: true; attemptId: string; expiresAt: Date } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export interface ExportLinks {
  /** A download URL for this attempt's CSV, valid for the configured time from now. */
  urlFor(attemptId: string): string;
  /** An image URL for this attempt's chart PNG, valid for the configured time from now. */
  chartUrlFor(attemptId: string): string;
  /** When a link made now stops working. */
  expiresAt(): Date;
  check(token: string, kind?: LinkKind): TokenCheck;
  route(): Route;
}

// uuid . expiry (unix seconds) . signature (base64url of the full SHA-256 HMAC)
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export function createExportLinks(options: ExportLinksOptions): ExportLinks {
  const key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
  const log = options.logger.child({ module: 'exports' });
  // The label keeps these signatures from ever being valid for anything else signed with the same key.
  const sign = (attemptId: string, exp: number, kind: LinkKind) =>
    createHmac('sha256', key).update(`${kind === 'csv' ? 'threadsql-export-v1' : 'threadsql-chart-v1'}\n${attemptId}\n${exp}`).digest();

  const expiresAt = () => new Date(Math.floor((options.clock.now().getTime() + options.ttlMs) / 1000) * 1000);

  function tokenFor(attemptId: string, kind: LinkKind): string {
    const exp = Math.floor(expiresAt().getTime() / 1000);
    return `${attemptId.toLowerCase()}.${exp}.${sign(attemptId.toLowerCase(), exp, kind).toString('base64url')}`;
  }

  function check(token: string, kind: LinkKind = 'csv'): TokenCheck {
    const m = TOKEN.exec(token);
    if (!m) return { ok: false, reason: 'malformed' };
    const [, attemptId, expText, sigText] = m as unknown as [string, string, string, string];
    const exp = Number(expText);
    const given = Buffer.from(sigText, 'base64url');
    const wanted = sign(attemptId, exp, kind);
    // Signature first, in constant time: an expired-but-forged token must not learn it was "expired".
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: 'forged' };
    if (exp * 1000 <= options.clock.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, attemptId, expiresAt: new Date(exp * 1000) };
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = decodeURIComponent(url.pathname.slice(EXPORTS_PATH.length + 1));
    const kind: LinkKind = /\.png$/i.test(raw) ? 'chart' : 'csv';
    const token = raw.replace(/\.(csv|png)$/i, '');
    const verdict = check(token, kind);
    if (!verdict.ok) {
      log.info({ reason: verdict.reason }, 'export link refused');
      if (verdict.reason === 'expired') return plain(res, 410, 'This download link has expired. Ask the question again (or use "retry") for a fresh one.');
      return plain(res, 403, 'This download link is not valid.');
    }
    const file = kind === 'csv' ? await options.exportFile(verdict.attemptId) : await options.chartFile?.(verdict.attemptId);
    const size = file ? await stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined) : undefined;
    if (!file || size === undefined) return plain(res, 404, 'This export is no longer available. Ask the question again for a fresh one.');
    res.writeHead(200, {
      'content-type': kind === 'csv' ? 'text/csv; charset=utf-8' : 'image/png',
      'content-length': String(size),
      'content-disposition':
        kind === 'csv' ? `attachment; filename="threadsql-${verdict.attemptId.slice(0, 8)}.csv"` : `inline; filename="threadsql-${verdict.attemptId.slice(0, 8)}.png"`,
      // The link is a capability: keep it and the data out of shared caches and referrers.
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    await pipeFile(res, file);
    log.info({ attemptId: verdict.attemptId, kind, bytes: size }, 'export downloaded');
  }

  return {
    urlFor: (attemptId) => `${options.baseUrl().replace(/\/+$/, '')}${EXPORTS_PATH}/${tokenFor(attemptId, 'csv')}`,
    chartUrlFor: (attemptId) => `${options.baseUrl().replace(/\/+$/, '')}${EXPORTS_PATH}/${tokenFor(attemptId, 'chart')}.png`,
    expiresAt,
    check,
    route: () => ({ method: 'GET', path: `${EXPORTS_PATH}/*`, handler: serve }),
  };
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}
