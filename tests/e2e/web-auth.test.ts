// Shared mode's sign-in end to end over HTTP: the real app on the demo warehouse with a faked model,
// a real libSQL store file, and the web routes on a real HTTP server whose THREADSQL_PUBLIC_URL is
// its own address. A second server plays "behind an https proxy" (THREADSQL_TRUST_PROXY=1).
// Time moves through the app's clock (sessions expire after 8 hours idle, links after 15 minutes).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import { addPasswordUser, removePasswordUser } from '../../src/adapters/web/auth/password-users.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { EngineInput } from '../../src/engine/engine-input.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { freePort } from '../helpers/free-port.ts';

const SQL = 'SELECT r.name FROM regions AS r ORDER BY r.name';
const PASSWORD = 'correct horse battery';
const PROXY_URL = 'https://threadsql.example.com';

let root: string;
let model: OpenAiFake;
let app: App;
let proxiedApp: App;
let server: HttpServer;
let proxied: HttpServer;
let base: string;
let db: Client;
let clockOffsetMs = 0;

/** A free port on 127.0.0.1, so THREADSQL_PUBLIC_URL can name the server before it starts. */
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-web-auth-'));
  await mkdir(path.join(root, 'kb'));
  model = await startOpenAiFake([{ kind: 'reply', body: completionBody(`\`\`\`sql\n${SQL}\n\`\`\``) }]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { THREADSQL_KB_DIR: path.join(root, 'kb'), OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test-key-not-real-000', OPENAI_MODEL: 'gpt-test', THREADSQL_WEB_PUBLIC: '1' };
  const clock = { ...systemClock, now: () => new Date(Date.now() + clockOffsetMs) };
  const config = loadConfig({ ...env, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_PUBLIC_URL: base, HOST: '0.0.0.0', PORT: String(port) }, root);
  app = await createApp(config, { logger: silentLogger, clock });
  server = await startHttpServer({ host: '127.0.0.1', port, routes: createWebAdapter(app).routes, logger: silentLogger });
  // Behind a TLS-terminating proxy: the public URL is https, the proxy's X-Forwarded-* are believed.
  const proxiedConfig = loadConfig({ ...env, THREADSQL_DATA_DIR: path.join(root, 'data-proxied'), THREADSQL_PUBLIC_URL: PROXY_URL, THREADSQL_TRUST_PROXY: '1', HOST: '127.0.0.1' }, root);
  proxiedApp = await createApp(proxiedConfig, { logger: silentLogger, clock, loadKb: false });
  proxied = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(proxiedApp).routes, logger: silentLogger });
  for (const [name, admin] of [['alice', false], ['bob', false], ['carol', false], ['erin', false], ['root', true]] as const) {
    const added = await addPasswordUser(app.store, name, PASSWORD, admin);
    if (!added.ok) throw new Error(added.problem);
  }
  await addPasswordUser(proxiedApp.store, 'alice', PASSWORD, false);
  db = createClient({ url: `file:${path.join(root, 'data', 'threadsql.db')}` });
}, 180_000);

afterAll(async () => {
  db?.close();
  await server?.close();
  await proxied?.close();
  await app?.close();
  await proxiedApp?.close();
  await model?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// A tiny browser: cookies from Set-Cookie, the CSRF token from its cookie, Origin on POSTs.

interface Browser {
  cookies: Map<string, string>;
  csrf(): string;
}

const newBrowser = (): Browser => {
  const cookies = new Map<string, string>();
  return { cookies, csrf: () => cookies.get('threadsql_csrf') ?? '' };
};

function keepCookies(browser: Browser, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    if (/max-age=0/i.test(line)) browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

const cookieHeader = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function request(browser: Browser, method: 'GET' | 'POST', urlPath: string, options: { json?: unknown; form?: string; headers?: Record<string, string>; csrf?: boolean; url?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: cookieHeader(browser), ...options.headers };
  if (method === 'POST') {
    headers.origin ??= options.url ?? base;
    if (options.csrf !== false && browser.csrf()) headers['x-csrf-token'] = browser.csrf();
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(`${options.url ?? base}${urlPath}`, {
    method,
    headers,
    redirect: 'manual',
    body: options.json !== undefined ? JSON.stringify(options.json) : options.form,
  });
  keepCookies(browser, res);
  return res;
}

async function signIn(username: string, password = PASSWORD): Promise<{ browser: Browser; res: Response }> {
  const browser = newBrowser();
  const res = await request(browser, 'POST', '/api/web/signin', { json: { username, password } });
  return { browser, res };
}

async function ask(browser: Browser, thread: string, text: string): Promise<Response> {
  return request(browser, 'POST', `/api/web/threads/${thread}/messages`, { json: { text } });
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A raw request, for a Host header fetch will not let us forge. */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------

describe('password sign-in', () => {
  it('sets an HttpOnly, SameSite session cookie and keeps only the hash of its token in the store', async () => {
    const { browser, res } = await signIn('alice');
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie();
    const session = setCookie.find((c) => c.startsWith('threadsql_session='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/; Secure/i); // the public URL is http here
    const csrfCookie = setCookie.find((c) => c.startsWith('threadsql_csrf='))!;
    expect(csrfCookie).not.toMatch(/HttpOnly/i); // the page's script reads it
    const token = browser.cookies.get('threadsql_session')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = (await db.execute({ sql: 'SELECT token_hash, revoked FROM sessions WHERE kind = ? ', args: ['web'] })).rows;
    expect(rows.map((r) => r.token_hash)).toContain(tokenHash(token));
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect((await readFile(path.join(root, 'data', 'threadsql.db'))).includes(Buffer.from(token))).toBe(false);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ mode: 'shared', user: { name: 'alice', role: 'user', via: 'password' }, signOut: '/signout' });
    expect(body.csrfToken).toBe(browser.csrf());
  });

  it('opens the chat page and the API with the cookie, and sends strangers to the sign-in page', async () => {
    const { browser } = await signIn('alice');
    const page = await request(browser, 'GET', '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/web/app.js');
    const me = await request(browser, 'GET', '/api/web/session');
    expect(me.status).toBe(200);
    const stranger = newBrowser();
    const redirected = await request(stranger, 'GET', '/');
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('/signin');
    expect((await request(stranger, 'GET', '/api/web/threads')).status).toBe(401);
    const signInPage = await request(stranger, 'GET', '/signin');
    expect(signInPage.status).toBe(200);
    expect(signInPage.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await signInPage.text();
    expect(html).toContain('/signin/assets/signin.js');
    expect(html).not.toMatch(/<script>(?!<)|<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect((await request(stranger, 'GET', '/signin/assets/signin.js')).status).toBe(200);
  });

  it('answers a wrong password and an unknown name with the same 401 message', async () => {
    const wrong = await signIn('alice', 'not the password');
    const unknown = await signIn('nobody-here', 'not the password');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    const a = (await wrong.res.json()) as { error: string };
    const b = (await unknown.res.json()) as { error: string };
    expect(a.error).toBe('Wrong user name or password.');
    expect(b.error).toBe(a.error);
    expect(wrong.browser.cookies.size).toBe(0);
  });

  it('answers 429 with Retry-After after five failures for one name, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('carol', `guess number ${i}`)).res.status).toBe(401);
    const blocked = await signIn('carol');
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(blocked.browser.cookies.size).toBe(0);
    // Another name from the same address is not blocked by carol's failures.
    expect((await signIn('bob')).res.status).toBe(200);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await request(newBrowser(), 'POST', '/api/web/signin', { json: { username: 'alice', password: PASSWORD }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('refuses requests for a host other than the public URL (DNS rebinding, stray names)', async () => {
    expect(await rawGet(`${base}/signin`, { host: 'evil.example' })).toBe(403);
    expect(await rawGet(`${base}/signin`, { host: new URL(base).host })).toBe(200);
    // Without THREADSQL_TRUST_PROXY, X-Forwarded-Host is not believed.
    expect(await rawGet(`${base}/signin`, { host: 'evil.example', 'x-forwarded-host': new URL(base).host })).toBe(403);
  });
});

describe('a signed-in session', () => {
  it('refuses a POST without the CSRF token with 403, and answers it with the token', async () => {
    const { browser } = await signIn('alice');
    const without = await request(browser, 'POST', '/api/web/threads/alice-csrf-1/messages', { json: { text: 'Which regions are there?' }, csrf: false });
    expect(without.status).toBe(403);
    const wrong = await request(browser, 'POST', '/api/web/threads/alice-csrf-1/messages', { json: { text: 'Which regions are there?' }, csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    const answered = await ask(browser, 'alice-csrf-1', 'Which regions are there?');
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { kind: string }).kind).toBe('answer');
  });

  it('answers 401 once the session has been idle for more than 8 hours', async () => {
    const { browser } = await signIn('alice');
    const token = browser.cookies.get('threadsql_session')!;
    expect((await request(browser, 'GET', '/api/web/threads')).status).toBe(200);
    clockOffsetMs = 8 * 3600_000 + 60_000;
    try {
      const page = await request(browser, 'GET', '/');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/signin?reason=expired');
      const replay = newBrowser();
      replay.cookies.set('threadsql_session', token);
      expect((await request(replay, 'GET', '/api/web/threads')).status).toBe(401);
    } finally {
      clockOffsetMs = 0;
    }
    // The browser was told to drop the dead cookie.
    expect(browser.cookies.has('threadsql_session')).toBe(false);
  });

  it('revokes the session on sign-out: the old cookie gets 401 afterwards', async () => {
    const { browser } = await signIn('alice');
    const token = browser.cookies.get('threadsql_session')!;
    expect((await request(browser, 'POST', '/api/web/signout', { json: {}, csrf: false })).status).toBe(403);
    const out = await request(browser, 'POST', '/api/web/signout', { json: {} });
    expect(out.status).toBe(200);
    expect(browser.cookies.has('threadsql_session')).toBe(false);
    const row = (await db.execute({ sql: 'SELECT revoked FROM sessions WHERE token_hash = ?', args: [tokenHash(token)] })).rows[0]!;
    expect(Number(row.revoked)).toBe(1);
    const replay = newBrowser();
    replay.cookies.set('threadsql_session', token);
    expect((await request(replay, 'GET', '/api/web/threads')).status).toBe(401);
    expect((await request(replay, 'GET', '/api/web/session')).status).toBe(401);
  });

  it('signs out through the plain HTML form with the CSRF token in a hidden field', async () => {
    const { browser } = await signIn('bob');
    const confirm = await request(browser, 'GET', '/signout');
    expect(confirm.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await confirm.text())![1]!;
    expect(csrf).toBe(browser.csrf());
    const forged = await request(browser, 'POST', '/signout', { form: 'csrf=nope', csrf: false });
    expect(forged.status).toBe(403);
    const out = await request(browser, 'POST', '/signout', { form: `csrf=${encodeURIComponent(csrf)}`, csrf: false });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signin?reason=signed-out');
    expect((await request(browser, 'GET', '/api/web/session')).status).toBe(401);
  });

  it("keeps another user's attempts, pages, charts and CSVs out of reach (404)", async () => {
    const alice = (await signIn('alice')).browser;
    const bob = (await signIn('bob')).browser;
    const answered = (await (await ask(alice, 'alice-private-1', 'Which regions are there?')).json()) as { attemptId: string };
    const id = answered.attemptId;
    expect((await request(alice, 'GET', `/api/web/attempts/${id}/export.csv`)).status).toBe(200);
    expect((await request(alice, 'GET', `/api/web/attempts/${id}/pages/1`)).status).toBe(200);
    for (const p of [`/api/web/attempts/${id}/export.csv`, `/api/web/attempts/${id}/pages/1`, `/api/web/attempts/${id}/chart.png`]) {
      expect((await request(bob, 'GET', p)).status, p).toBe(404);
    }
    const bobsThreads = (await (await request(bob, 'GET', '/api/web/threads')).json()) as { threads: Array<{ id: string }> };
    expect(bobsThreads.threads.map((t) => t.id)).not.toContain('alice-private-1');
  });

  it('ends the sessions of a removed user and refuses their password', async () => {
    const { browser } = await signIn('erin');
    expect((await request(browser, 'GET', '/api/web/threads')).status).toBe(200);
    const removed = await removePasswordUser(app.store, 'erin');
    expect(removed.ok && removed.sessionsRevoked).toBe(1);
    expect((await request(browser, 'GET', '/api/web/threads')).status).toBe(401);
    expect((await signIn('erin')).res.status).toBe(401);
  });
});

describe('behind an https proxy (THREADSQL_TRUST_PROXY=1)', () => {
  const viaProxy = (address: string) => ({ 'x-forwarded-for': address, 'x-forwarded-host': 'threadsql.example.com', 'x-forwarded-proto': 'https' });

  it('sets Secure __Host- cookies and checks the forwarded host and the public origin', async () => {
    const browser = newBrowser();
    const res = await fetch(`${proxied.url}/api/web/signin`, {
      method: 'POST',
      headers: { ...viaProxy('198.51.100.7'), origin: PROXY_URL, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    keepCookies(browser, res);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-threadsql_session='))!;
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(browser.cookies.has('__Host-threadsql_csrf')).toBe(true);
    // The origin the browser is on is the public one; the server's own address is not.
    const wrongOrigin = await fetch(`${proxied.url}/api/web/signin`, {
      method: 'POST',
      headers: { ...viaProxy('198.51.100.7'), origin: proxied.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: PASSWORD }),
    });
    expect(wrongOrigin.status).toBe(403);
    const otherHost = await fetch(`${proxied.url}/signin`, { headers: { ...viaProxy('198.51.100.7'), 'x-forwarded-host': 'evil.example' } });
    expect(otherHost.status).toBe(403);
  });

  it('limits failed sign-ins per client address from X-Forwarded-For: 429 after 30', async () => {
    const attempt = (address: string, i: number) =>
      fetch(`${proxied.url}/api/web/signin`, {
        method: 'POST',
        headers: { ...viaProxy(address), origin: PROXY_URL, 'content-type': 'application/json' },
        body: JSON.stringify({ username: `someone-${i}`, password: 'wrong password' }),
      });
    for (let i = 0; i < 30; i++) expect((await attempt('203.0.113.9', i)).status).toBe(401);
    const blocked = await attempt('203.0.113.9', 30);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // A forged leftmost entry does not escape: the proxy's own (rightmost) entry is the address.
    expect((await attempt('10.9.9.9, 203.0.113.9', 31)).status).toBe(429);
    expect((await attempt('203.0.113.10', 32)).status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------
// One-time links from /threadsql web

let seq = 0;
function slackMessage(text: string, over: Partial<EngineInput> = {}): EngineInput {
  return { platform: 'slack', tenantId: 'T1', channelId: 'D1', threadKey: `dm-${++seq}`, userId: 'UALICE', userDisplayName: 'Alice Slack', text, isDirectMessage: true, eventId: `ev-web-${seq}`, ...over };
}

async function linkFor(input: EngineInput): Promise<{ url: string; token: string; text: string; private: boolean | undefined }> {
  const reply = await app.engine.handleMessage(input);
  if (!reply) throw new Error('no reply');
  const url = /https?:\/\/\S+\/signin\/link\/[A-Za-z0-9_-]{43}/.exec(reply.text)?.[0] ?? '';
  return { url, token: url.split('/').at(-1) ?? '', text: reply.text, private: reply.private };
}

describe('one-time sign-in links', () => {
  it('answers /threadsql web privately with a link under the public URL; the store keeps only its hash', async () => {
    const link = await linkFor(slackMessage('/threadsql web'));
    expect(link.private).toBe(true);
    expect(link.url.startsWith(`${base}/signin/link/`)).toBe(true);
    expect(link.text).toMatch(/works once/);
    const rows = (await db.execute('SELECT token_hash FROM sign_in_links')).rows.map((r) => r.token_hash);
    expect(rows).toContain(tokenHash(link.token));
    expect(rows).not.toContain(link.token);
  });

  it('signs in as the Slack user it was made for, once; showing the page does not use it up', async () => {
    const link = await linkFor(slackMessage('web'));
    const browser = newBrowser();
    const path = new URL(link.url).pathname;
    for (let i = 0; i < 2; i++) {
      const shown = await request(browser, 'GET', path);
      expect(shown.status).toBe(200);
      expect(await shown.text()).toContain(`action="${path}"`);
    }
    const used = await request(browser, 'POST', path, { form: '' });
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/');
    const session = (await (await request(browser, 'GET', '/api/web/session')).json()) as { user: { name: string; via: string } };
    expect(session.user).toMatchObject({ name: 'Alice Slack', via: 'slack' });
    const slackUser = await app.store.users.find({ platform: 'slack', tenantId: 'T1', platformUserId: 'UALICE' });
    const token = browser.cookies.get('threadsql_session')!;
    const row = (await db.execute({ sql: 'SELECT user_id FROM sessions WHERE token_hash = ?', args: [tokenHash(token)] })).rows[0]!;
    expect(row.user_id).toBe(slackUser!.id);
    const again = await request(newBrowser(), 'POST', path, { form: '' });
    expect(again.status).toBe(410);
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('asks from the web as the Slack user of the link: the answer is in their own history, next to their Slack questions', async () => {
    const fromSlack = await app.engine.handleMessage(slackMessage('Which regions are there?'));
    const link = await linkFor(slackMessage('web'));
    const browser = newBrowser();
    expect((await request(browser, 'POST', new URL(link.url).pathname, { form: '' })).status).toBe(303);
    const asked = await ask(browser, 'link-web-1', 'How many customers are there?');
    expect(asked.status).toBe(200);
    const fromWeb = (await asked.json()) as { kind: string; attemptId: string };
    expect(fromWeb.kind).toBe('answer');
    const slackUser = (await app.store.users.find({ platform: 'slack', tenantId: 'T1', platformUserId: 'UALICE' }))!;
    expect((await app.store.attempts.getForViewer(fromWeb.attemptId, { userId: slackUser.id, role: 'user' }))?.userId).toBe(slackUser.id);
    const history = (await (await request(browser, 'GET', '/api/web/history?limit=50')).json()) as { attempts: Array<{ id: string }> };
    const ids = history.attempts.map((a) => a.id);
    expect(ids).toContain(fromWeb.attemptId);
    expect(ids).toContain(fromSlack!.attemptId);
  });

  it('refuses a link after 15 minutes', async () => {
    const link = await linkFor(slackMessage('web'));
    clockOffsetMs = 15 * 60_000 + 1000;
    try {
      const res = await request(newBrowser(), 'POST', new URL(link.url).pathname, { form: '' });
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('/threadsql web');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('refuses a link redeemed from another site', async () => {
    const link = await linkFor(slackMessage('web'));
    const path = new URL(link.url).pathname;
    const forged = await request(newBrowser(), 'POST', path, { form: '', headers: { origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    // Refused before redeeming: the link still works from our own page.
    expect((await request(newBrowser(), 'POST', path, { form: '' })).status).toBe(303);
  });

  it('tells a terminal user that links are sent in Slack or Teams', async () => {
    const link = await linkFor({ platform: 'terminal', tenantId: '', channelId: 'terminal', threadKey: 'web-cmd', userId: 'me', userDisplayName: 'me', text: 'web', isDirectMessage: true });
    expect(link.url).toBe('');
    expect(link.text).toMatch(/Slack or Teams/);
  });

  it('lets the engine act as the signed-in store user: a web question from a Slack link is in their history', async () => {
    const slackUser = (await app.store.users.find({ platform: 'slack', tenantId: 'T1', platformUserId: 'UALICE' }))!;
    const reply = await app.engine.handleMessage({
      platform: 'web',
      tenantId: 'T1',
      channelId: 'web-user:slack:UALICE',
      threadKey: 'link-thread-1',
      userId: 'slack:UALICE',
      userDisplayName: 'Alice Slack',
      text: 'Which regions are there?',
      isDirectMessage: true,
      storeUserId: slackUser.id,
    });
    expect(reply?.kind).toBe('answer');
    const mine = await app.store.attempts.getForViewer(reply!.attemptId!, { userId: slackUser.id, role: 'user' });
    expect(mine?.userId).toBe(slackUser.id);
    expect(await app.store.users.find({ platform: 'web', tenantId: 'T1', platformUserId: 'slack:UALICE' })).toBeUndefined();
  });
});

describe('local mode (no THREADSQL_WEB_PUBLIC, loopback HOST)', () => {
  it('has no sign-in: the session endpoint describes the local admin, /signin and /signout lead to the chat', async () => {
    const localConfig = { ...app.config, host: '127.0.0.1', web: { public: false, publicUrl: undefined, trustProxyHops: 0 } };
    const local = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter({ ...app, config: localConfig }).routes, logger: silentLogger });
    try {
      const session = await fetch(`${local.url}/api/web/session`);
      expect(session.status).toBe(200);
      expect(await session.json()).toEqual({ mode: 'local', user: { name: 'local user', role: 'admin', via: 'local' }, csrfToken: null, signOut: null });
      for (const p of ['/signin', '/signout']) {
        const res = await fetch(`${local.url}${p}`, { redirect: 'manual' });
        expect(res.status, p).toBe(303);
        expect(res.headers.get('location')).toBe('/');
      }
      // Local mode's own Host wall still applies to the new route.
      expect(await rawGet(`${local.url}/api/web/session`, { host: 'evil.example' })).toBe(403);
    } finally {
      await local.close();
    }
  });
});
