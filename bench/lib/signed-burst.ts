// Signed Slack requests sent all at once, each on its own new TCP connection (Slack's deliveries do
// not share one keep-alive socket with each other), each timed from the moment it was sent to the
// end of its response: the acknowledgement Slack waits up to 3 s for before it retries.
import { createHmac } from 'node:crypto';
import http from 'node:http';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Signed as Slack signs (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
export function signSlackRequest(body: string, signingSecret: string, nowSeconds = Math.floor(Date.now() / 1000)): SignedRequest {
  const signature = createHmac('sha256', signingSecret).update(`v0:${nowSeconds}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(nowSeconds),
      'x-slack-signature': `v0=${signature}`,
    },
  };
}

export interface BurstResult {
  /** Per request, in the order sent: send → response body ended. */
  ms: number[];
  /** How many responses had each status (0: the request failed). */
  statuses: Record<number, number>;
  /** First send → last response. */
  wallMs: number;
}

/** POST every request at once (signed beforehand, so signing is not timed) and time each one. */
export async function postBurst(url: string, requests: SignedRequest[]): Promise<BurstResult> {
  const target = new URL(url);
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const ms = await Promise.all(
    requests.map(
      (r) =>
        new Promise<number>((resolve) => {
          const sent = performance.now();
          const done = (status: number) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
            resolve(performance.now() - sent);
          };
          // agent: false: a new connection per request, closed after it.
          const req = http.request(
            { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: r.headers, agent: false },
            (res) => {
              res.resume();
              res.on('end', () => done(res.statusCode ?? 0));
              res.on('error', () => done(0));
            },
          );
          req.on('error', () => done(0));
          req.end(r.body);
        }),
    ),
  );
  return { ms, statuses, wallMs: performance.now() - started };
}
