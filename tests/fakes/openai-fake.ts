// A local HTTP fake of the OpenAI chat-completions endpoint for tests where timing matters (a
// server that never answers, or sends headers and then stalls) — things nock cannot fake honestly.
// Each request takes the next scripted step; requests are recorded with their headers and body.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeStep =
  /** Answer; with `delayMs`, only after that long (a slow model: the bench's load scenarios). */
  | { kind: 'reply'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send status and headers, then never finish the body. */
  | { kind: 'stall-body' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface OpenAiFake {
  /** e.g. http://127.0.0.1:54321/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A chat.completion body as OpenAI sends it. */
export function completionBody(
  text: string,
  usage: { prompt: number; completion: number } | null = { prompt: 12, completion: 5 },
  model = 'gpt-test',
): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    ...(usage ? { usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } } : {}),
  };
}

/** Start the fake on 127.0.0.1 with a script; the last step repeats when the script runs out. */
export async function startOpenAiFake(script: FakeStep[]): Promise<OpenAiFake> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const delayed = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Not JSON: keep the raw text so the test can see what was sent.
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const step = script[Math.min(requests.length - 1, script.length - 1)]!;
      if (step.kind === 'hang') return;
      if (step.kind === 'stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":"chatcmpl-fake","choices":[');
        return;
      }
      const answer = () => {
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        res.end(JSON.stringify(step.body));
      };
      if (!step.delayMs) return answer();
      const timer = setTimeout(() => {
        delayed.delete(timer);
        answer();
      }, step.delayMs);
      delayed.add(timer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hung and delayed requests keep their sockets open; end them so close() returns.
        for (const timer of delayed) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
