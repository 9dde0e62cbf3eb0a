// Small HTTP helpers for the web adapter: a bounded JSON body reader, the security headers every
// response carries, and the Server-Sent Events writer used while a question runs.
import type http from 'node:http';

/** Headers on every web response: no framing, no sniffing, no referrers, our own scripts only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Scripts, styles and images come from this server only: no inline script, no CDN, no eval.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The raw request body, refused with 413 past `maxBytes` (read no further than that). */
export async function readBoundedBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError(413, 'the request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The request body as JSON (objects only), at most `maxBytes`. */
export async function readJsonBody(req: http.IncomingMessage, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  // Only JSON: a cross-site <form> can send text/plain or form-encoded bodies without a preflight.
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, 'send the body as application/json');
  const body = await readBoundedBody(req, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new BodyError(400, 'the request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BodyError(400, 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** Whether the client asked for a stream of events rather than one JSON answer. */
export function wantsEventStream(req: http.IncomingMessage): boolean {
  return /\btext\/event-stream\b/i.test(req.headers.accept ?? '');
}

export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
}

/** Start a text/event-stream response. A comment line every 15 s keeps proxies from closing it. */
export function startEventStream(res: http.ServerResponse): EventStream {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx and some proxies buffer responses unless told not to: progress would arrive all at once.
    'x-accel-buffering': 'no',
  });
  res.write(': stream open\n\n');
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  return {
    send(event, data) {
      if (res.writableEnded) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      clearInterval(keepAlive);
      if (!res.writableEnded) res.end();
    },
  };
}
