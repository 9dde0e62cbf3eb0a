// Local Bot Framework Emulator mode: with MICROSOFT_APP_ID unset botbuilder authenticates nothing,
// so POST /api/messages is served only to this machine. Three walls, each closing one hole:
// - the TCP peer must be a loopback address (a request from the network gets 401);
// - no proxy headers (a reverse proxy on this machine would make every visitor look local);
// - the activity's serviceUrl, where replies are POSTed, must be on this machine too (otherwise a
//   local caller could make threadsql send requests anywhere).
import type http from 'node:http';
import { isLoopbackHost } from '../../lib/loopback.ts';

export const EMULATOR_MODE_LINE =
  'local Emulator only (MICROSOFT_APP_ID not set): /api/messages accepts unauthenticated requests from this machine and refuses all others with 401';

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

/** Why a request may not use Emulator mode, or undefined when it may. */
export function emulatorRefusal(req: http.IncomingMessage, body: unknown): string | undefined {
  const peer = req.socket.remoteAddress ?? '';
  if (!isLoopbackHost(peer)) return 'not from this machine';
  if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return 'forwarded by a proxy';
  const serviceUrl = (body as { serviceUrl?: unknown } | null)?.serviceUrl;
  if (typeof serviceUrl !== 'string') return 'no serviceUrl';
  let host: string;
  try {
    host = new URL(serviceUrl).hostname;
  } catch {
    return 'serviceUrl is not a URL';
  }
  if (!isLoopbackHost(host)) return 'serviceUrl is not on this machine';
  return undefined;
}
