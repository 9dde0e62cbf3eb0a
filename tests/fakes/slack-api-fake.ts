// A local HTTP fake of Slack's Web API (https://slack.com/api/<method>) on 127.0.0.1, for tests
// that run Bolt and its WebClient for real. It reads requests the way Slack does (form-encoded
// arguments with JSON-encoded objects, a Bearer token, multipart uploads), answers with Slack's
// response shapes (https://docs.slack.dev/reference/methods), implements the three steps of
// files.uploadV2 (getUploadURLExternal → POST bytes to upload_url → completeUploadExternal), keeps
// the messages it was sent (edits applied), and records every call. response_url posts land here too.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: string;
  blocks: unknown[];
  /** Every version, first to last (chat.update appends). */
  versions: Array<{ text: string; blocks: unknown[] }>;
  deleted: boolean;
}

export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  altText: string | undefined;
  bytes: Buffer | undefined;
  completed: { channelId: string | undefined; threadTs: string | undefined; initialComment: string | undefined } | undefined;
}

/** A scripted failure for the next `times` calls of a method. */
export type FakeFailure = { error: string; times?: number } | { status: 429; retryAfter: number; times?: number } | { status: number; times?: number };

export interface SlackApiFake {
  /** For WebClient's slackApiUrl (SLACK_API_URL): ends with /api/. */
  apiUrl: string;
  baseUrl: string;
  calls: SlackCall[];
  messages: FakeMessage[];
  uploads: Map<string, FakeUpload>;
  /** App Home views published (views.publish), in order. */
  homeViews: Array<{ userId: string; view: Record<string, unknown> }>;
  /** What apps.connections.open answers (Socket Mode): the WebSocket URL to connect to. */
  socketUrl: string | undefined;
  /** Bodies posted to response_urls, by id. */
  responses: Array<{ id: string; body: Record<string, unknown> }>;
  responseUrl(id: string): string;
  callsOf(method: string): SlackCall[];
  fail(method: string, failure: FakeFailure): void;
  /** Resolves once `check()` holds, re-checked after every request; rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_TEAM = { id: 'T0FAKE001', name: 'Fake Team' };
export const FAKE_BOT = { userId: 'U0BOTFAKE', botId: 'B0BOTFAKE', name: 'threadsql' };

export async function startSlackApiFake(): Promise<SlackApiFake> {
  const events = new EventEmitter();
  events.setMaxListeners(1000);
  const calls: SlackCall[] = [];
  const messages: FakeMessage[] = [];
  const uploads = new Map<string, FakeUpload>();
  const responses: SlackApiFake['responses'] = [];
  const homeViews: SlackApiFake['homeViews'] = [];
  const state = { socketUrl: undefined as string | undefined };
  const failures = new Map<string, FakeFailure & { left: number }>();
  let seq = 0;
  let baseUrl = '';
  const nextTs = () => `${1_760_000_000 + ++seq}.${String(seq).padStart(6, '0')}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks))
        .then(({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        })
        .catch((err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        })
        .finally(() => events.emit('request'));
    });
  });

  type Answer = { status: number; body: unknown; headers?: Record<string, string> };
  const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body });

  async function handle(req: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/upload/')) return receiveUpload(url.pathname.slice('/upload/'.length), req, raw);
    if (url.pathname.startsWith('/respond/')) {
      responses.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(req, raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    calls.push({ method, args, token });

    const failure = failures.get(method);
    if (failure && failure.left > 0) {
      failure.left--;
      if ('error' in failure) return ok({ ok: false, error: failure.error });
      if (failure.status === 429 && 'retryAfter' in failure) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfter) } };
      return { status: failure.status, body: { ok: false, error: 'fake_http_error' } };
    }
    if (!token || !(token.startsWith('xox') || token.startsWith('xapp-'))) return ok({ ok: false, error: 'not_authed' });
    if (token.startsWith('xapp-') && method !== 'apps.connections.open') return ok({ ok: false, error: 'not_allowed_token_type' });
    return ok(answer(method, args, token));
  }

  function answer(method: string, args: Record<string, unknown>, token: string): Record<string, unknown> {
    const str = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake-team.slack.com/', team: FAKE_TEAM.name, user: FAKE_BOT.name, team_id: FAKE_TEAM.id, user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        const channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (!str('text') && !args.blocks) return { ok: false, error: 'no_text' };
        const ts = nextTs();
        const m: FakeMessage = { channel, ts, threadTs: str('thread_ts'), text: str('text') ?? '', blocks: (args.blocks as unknown[]) ?? [], versions: [], deleted: false };
        m.versions.push({ text: m.text, blocks: m.blocks });
        messages.push(m);
        return { ok: true, channel, ts, message: { type: 'message', user: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, text: m.text, ts, thread_ts: m.threadTs, blocks: m.blocks } };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === str('channel') && x.ts === str('ts') && !x.deleted);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = str('text') ?? m.text;
        if (args.blocks !== undefined) m.blocks = args.blocks as unknown[];
        m.versions.push({ text: m.text, blocks: m.blocks });
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: { text: m.text, user: FAKE_BOT.userId, blocks: m.blocks } };
      }
      case 'chat.delete': {
        const m = messages.find((x) => x.channel === str('channel') && x.ts === str('ts') && !x.deleted);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.deleted = true;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral':
        if (!str('channel') || !str('user')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, message_ts: nextTs() };
      case 'files.getUploadURLExternal': {
        const filename = str('filename');
        const length = Number(args.length);
        if (!filename || !Number.isFinite(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        uploads.set(fileId, { fileId, filename, length, altText: str('alt_text'), bytes: undefined, completed: undefined });
        return { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as Array<{ id: string; title?: string }> | undefined;
        if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments' };
        for (const f of files) {
          const u = uploads.get(f.id);
          if (!u || !u.bytes) return { ok: false, error: 'file_not_found' };
          u.completed = { channelId: str('channel_id'), threadTs: str('thread_ts'), initialComment: str('initial_comment') };
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? uploads.get(f.id)!.filename, name: uploads.get(f.id)!.filename })) };
      }
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
      case 'assistant.threads.setSuggestedPrompts':
        if (!str('channel_id') || !str('thread_ts')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true };
      case 'views.publish': {
        const user = str('user_id');
        const view = args.view as Record<string, unknown> | undefined;
        if (!user || !view) return { ok: false, error: 'invalid_arguments' };
        if (view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        homeViews.push({ userId: user, view });
        return { ok: true, view: { id: `V${++seq}`, ...view } };
      }
      case 'apps.connections.open':
        // Socket Mode: an app-level token (xapp-…), never the bot token.
        if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        if (!state.socketUrl) return { ok: false, error: 'internal_error' };
        return { ok: true, url: state.socketUrl };
      case 'views.open':
        if (!str('trigger_id') || !args.view) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as Record<string, unknown>) } };
      case 'users.info': {
        const user = str('user') ?? '';
        return { ok: true, user: { id: user, name: user.toLowerCase(), real_name: `Real ${user}`, profile: { display_name: `Display ${user}`, real_name: `Real ${user}` } } };
      }
      case 'conversations.replies':
        return { ok: true, messages: [], has_more: false };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function receiveUpload(fileId: string, req: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    const u = uploads.get(fileId);
    if (!u) return { status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } };
    const type = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
      for (const value of form.values()) {
        if (typeof value !== 'string') bytes = Buffer.from(await value.arrayBuffer());
      }
    }
    u.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}`, headers: { 'content-type': 'text/plain' } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    messages,
    uploads,
    responses,
    homeViews,
    get socketUrl() {
      return state.socketUrl;
    },
    set socketUrl(url: string | undefined) {
      state.socketUrl = url;
    },
    responseUrl: (id) => `${baseUrl}/respond/${id}`,
    callsOf: (method) => calls.filter((c) => c.method === method),
    fail(method, failure) {
      failures.set(method, { ...failure, left: failure.times ?? 1 });
    },
    waitFor(check, timeoutMs = 20_000) {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onRequest = () => {
          // After the response is written: let the client's continuation run before checking again.
          setImmediate(() => {
            if (!check()) return;
            cleanup();
            resolve();
          });
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Slack fake: condition not met within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          events.off('request', onRequest);
        };
        events.on('request', onRequest);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseArgs(req: http.IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  if (type.includes('application/json')) return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The WebClient JSON-encodes objects and arrays (blocks, files, prompts, view) inside the form.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
