// The web adapter end to end: the real app on PostgreSQL (Pagila) with the no-model knowledge-base
// path, the real HTTP server with the web routes on an ephemeral port, and Debian's Chromium driven
// by playwright-core (one browser for the file). API tests check privacy and the request walls.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import type { WebIdentity } from '../../src/adapters/web/web-access.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { healthRoute } from '../../src/server/healthz.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';
import { artifactDir, chromiumAvailable, launchChromium, openReadyPage } from '../helpers/browser.ts';

const hasChromium = chromiumAvailable('web browser tests');

const Q_FILMS = 'List every film with its rating and rental rate';
const Q_RATING = 'How many films are there per rating?';
const Q_MARKUP = 'Show the markup test value';

let db: TestDatabase;
let root: string;
let shots: string;
let app: App;
/** The web app as a browser on this machine sees it: local mode, the local admin. */
let local: HttpServer;
/** The same app with two signed-in non-admin people (x-test-user: alice | bob): what sign-in will give. */
let shared: HttpServer;
let browser: Browser | undefined;

const people: Record<string, WebIdentity> = {
  alice: { tenantId: '', userId: 'alice', displayName: 'Alice', isAdmin: false },
  bob: { tenantId: '', userId: 'bob', displayName: 'Bob', isAdmin: false },
};

beforeAll(async () => {
  db = await createTestDatabase('tsql_web');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-web-'));
  shots = await artifactDir('web');
  const kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(path.join(kbDir, 'films-per-rating.sql'), `-- question: ${Q_RATING}\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating ORDER BY films DESC;\n`);
  await writeFile(path.join(kbDir, 'film-list.sql'), `-- question: ${Q_FILMS}\n-- tags: films, catalog\nSELECT f.film_id, f.title, f.rating, f.rental_rate FROM film AS f ORDER BY f.film_id;\n`);
  await writeFile(
    path.join(kbDir, 'markup.sql'),
    `-- question: ${Q_MARKUP}\n-- tags: markup\nSELECT f.title || '<img src=x onerror="window.pwned=1">' AS "<b>label</b>" FROM film AS f WHERE f.film_id = 1;\n`,
  );
  const config = loadConfig({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: kbDir, THREADSQL_ADMINS: 'web:local', HOST: '127.0.0.1', PORT: '0' }, root);
  app = await createApp(config, { logger: silentLogger });
  local = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [healthRoute(app), ...createWebAdapter(app).routes], logger: silentLogger });
  const identify = (req: http.IncomingMessage) => people[String(req.headers['x-test-user'])];
  shared = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(app, { identify }).routes, logger: silentLogger });
  if (hasChromium) {
    browser = await launchChromium();
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await local?.close();
  await shared?.close();
  await app?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// API

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function postAs(user: string, urlPath: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${shared.url}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: shared.url, 'x-test-user': user, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function getAs(user: string, urlPath: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${shared.url}${urlPath}`, { headers: { 'x-test-user': user } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A raw request, for headers fetch will not let us forge (Host). */
function rawRequest(url: string, options: http.RequestOptions, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('web API', () => {
  it('answers a question as JSON with URLs for the chart and the CSV, never file paths', async () => {
    const { status, body } = await postAs('alice', '/api/web/threads/alice-thread-1/messages', { text: Q_RATING });
    expect(status).toBe(200);
    expect(body.kind).toBe('answer');
    const parts = body.parts as Array<Record<string, unknown>>;
    expect(parts.map((p) => p.kind)).toEqual(['table', 'chart', 'sql', 'csv']);
    const attemptId = body.attemptId as string;
    expect(parts[1]).toMatchObject({ url: `/api/web/attempts/${attemptId}/chart.png` });
    expect(parts[3]).toMatchObject({ url: `/api/web/attempts/${attemptId}/export.csv`, rowCount: 5, truncated: false });
    expect(JSON.stringify(body)).not.toContain(root);
    const chart = await getAs('alice', `/api/web/attempts/${attemptId}/chart.png`);
    expect(chart.status).toBe(200);
    expect(chart.type).toBe('image/png');
    expect(chart.bytes.subarray(1, 4).toString()).toBe('PNG');
    const csv = await getAs('alice', `/api/web/attempts/${attemptId}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.bytes.toString().split('\n')[0]).toMatch(/^rating,films/);
  });

  it('streams progress as Server-Sent Events, then the reply', async () => {
    const res = await fetch(`${shared.url}/api/web/threads/alice-thread-sse/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', origin: shared.url, 'x-test-user': 'alice' },
      body: JSON.stringify({ text: Q_FILMS }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = [...(await res.text()).matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1], data: JSON.parse(m[2]!) as Record<string, unknown> }));
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'reply', data: { kind: 'answer' } });
  });

  it("keeps each person's attempts, pages, charts, exports and threads to themselves", async () => {
    const { body } = await postAs('alice', '/api/web/threads/alice-private/messages', { text: Q_FILMS });
    const id = body.attemptId as string;
    expect((await getAs('alice', `/api/web/attempts/${id}/pages/2`)).status).toBe(200);
    for (const p of [`pages/1`, `pages/2`, 'chart.png', 'export.csv']) {
      const seen = await getAs('bob', `/api/web/attempts/${id}/${p}`);
      expect(seen.status, p).toBe(404);
    }
    expect((await postAs('bob', `/api/web/attempts/${id}/feedback`, { value: 'down' })).status).toBe(404);
    expect((await postAs('alice', `/api/web/attempts/${id}/feedback`, { value: 'up' })).status).toBe(200);
    const bobThreads = JSON.parse((await getAs('bob', '/api/web/threads')).bytes.toString()) as { threads: Array<{ id: string }> };
    expect(bobThreads.threads.map((t) => t.id)).not.toContain('alice-private');
    // The same thread id is a different thread for Bob: none of Alice's turns, and none in his prompt.
    const bobView = JSON.parse((await getAs('bob', '/api/web/threads/alice-private')).bytes.toString()) as { turns: unknown[] };
    expect(bobView.turns).toEqual([]);
    const aliceView = JSON.parse((await getAs('alice', '/api/web/threads/alice-private')).bytes.toString()) as { turns: Array<Record<string, unknown>> };
    expect(aliceView.turns).toMatchObject([{ attemptId: id, question: Q_FILMS, status: 'success', feedback: 'up', result: { totalRows: 1000, pageCount: 2 } }]);
  });

  it('refuses a cross-site POST (Origin), a form-encoded body, and a foreign Host header', async () => {
    const crossSite = await postAs('alice', '/api/web/threads/alice-csrf/messages', { text: Q_RATING }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const nullOrigin = await postAs('alice', '/api/web/threads/alice-csrf/messages', { text: Q_RATING }, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const form = await fetch(`${shared.url}/api/web/threads/alice-csrf/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: shared.url, 'x-test-user': 'alice' },
      body: JSON.stringify({ text: Q_RATING }),
    });
    expect(form.status).toBe(415);
    const turns = JSON.parse((await getAs('alice', '/api/web/threads/alice-csrf')).bytes.toString()) as { turns: unknown[] };
    expect(turns.turns).toEqual([]); // nothing ran
    const rebinding = await rawRequest(`${local.url}/api/web/me`, { headers: { host: 'attacker.example:80' } });
    expect(rebinding.status).toBe(403);
  });

  it('refuses the web app without sign-in when HOST is not loopback', async () => {
    const refused = createWebAdapter({ ...app, config: { ...app.config, host: '0.0.0.0' } });
    expect(refused.line('http://localhost:3000')).toMatch(/^off \(HOST=0\.0\.0\.0 .*sign-in/);
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: refused.routes, logger: silentLogger });
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('The web app is off on this server');
      expect((await fetch(`${server.url}/api/web/threads`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Browser

describe.skipIf(!hasChromium)('web page in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ({ context, page } = await openReadyPage(browser!, local.url, errors, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await context?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });

  async function askInPage(text: string): Promise<void> {
    const before = await page.locator('.turn').count();
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
    await page.locator('.turn').nth(before).locator('.answer:not(.progress)').waitFor({ timeout: 30_000 });
  }

  it('offers example questions from the knowledge base on an empty thread', async () => {
    const suggestions = await page.locator('.suggestion').allTextContents();
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => [Q_FILMS, Q_RATING, Q_MARKUP].includes(s))).toBe(true);
    expect(await page.locator('#who').textContent()).toContain('admin');
    await shot('01-empty-thread');
  });

  it('asks with Enter and shows the summary, a 50-row window of the table, and pages through it', async () => {
    await askInPage(Q_FILMS);
    const answer = page.locator('.turn').last().locator('.answer');
    await expect.poll(() => answer.locator('.summary').textContent()).toMatch(/1,000 rows|1000 rows/);
    expect(await answer.locator('tbody tr').count()).toBe(50);
    expect(await answer.locator('.range').textContent()).toBe('Rows 1–50 of 1,000 · page 1 of 2');
    await shot('02-table');
    const next = answer.locator('button.next');
    for (let i = 0; i < 10; i++) await next.click();
    await expect.poll(() => answer.locator('.range').textContent()).toBe('Rows 501–550 of 1,000 · page 2 of 2');
    expect(await answer.locator('tbody tr').first().locator('td').first().textContent()).toBe('501');
    await answer.locator('button.prev').click();
    await expect.poll(() => answer.locator('.range').textContent()).toBe('Rows 451–500 of 1,000 · page 1 of 2');
  });

  it('shows the SQL behind "Show SQL", with a copy button', async () => {
    const answer = page.locator('.turn').last().locator('.answer');
    const sql = answer.locator('.sql');
    expect(await sql.isVisible()).toBe(false);
    await answer.locator('button.show-sql').click();
    expect(await sql.isVisible()).toBe(true);
    expect(await sql.locator('pre').textContent()).toContain('FROM film AS f ORDER BY f.film_id');
    expect(await sql.locator('button[aria-label="Copy SQL"]').count()).toBe(1);
    expect(await answer.locator('button.show-sql').getAttribute('aria-expanded')).toBe('true');
  });

  it('recalls the last question with ↑ in the empty box', async () => {
    await page.locator('#composer-input').focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#composer-input').inputValue()).toBe(Q_FILMS);
    await page.locator('#composer-input').fill('');
  });

  it('shows the chart image with its alt text, downloads the CSV and records 👍', async () => {
    await askInPage(Q_RATING);
    const answer = page.locator('.turn').last().locator('.answer');
    const img = answer.locator('figure img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => { const image = el as unknown as { complete: boolean; naturalWidth: number }; return image.complete && image.naturalWidth; })).toBeGreaterThan(100);
    expect(await img.getAttribute('alt')).toMatch(/bar chart/i);
    await img.scrollIntoViewIfNeeded();
    await shot('03-chart');
    const [download] = await Promise.all([page.waitForEvent('download'), answer.locator('a.csv').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^rating,films/);
    await answer.locator('button[aria-label="Good answer"]').click();
    await expect.poll(() => answer.locator('button[aria-label="Good answer"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows database values as text, never as markup', async () => {
    await askInPage(Q_MARKUP);
    const answer = page.locator('.turn').last().locator('.answer');
    expect(await answer.locator('th').first().textContent()).toContain('<b>label</b>');
    expect(await answer.locator('td').first().textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('lists the thread, reopens it after a reload, and starts a new empty thread', async () => {
    await expect.poll(() => page.locator('#thread-list button').allTextContents()).toContain(Q_FILMS);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('.turn').count()).toBe(3);
    await page.locator('.turn').first().locator('tbody tr').first().waitFor();
    expect(await page.locator('.turn').first().locator('tbody tr').count()).toBe(50);
    await page.locator('.turn').nth(1).locator('figure img').waitFor();
    await shot('04-reopened');
    await page.locator('#new-thread').click();
    await page.locator('.suggestion').first().waitFor();
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.locator('#thread-title').textContent()).toBe('New thread');
  });

  it('works at phone width and in the dark theme', async () => {
    await page.locator('.suggestion', { hasText: Q_RATING }).click();
    await page.locator('.turn').last().locator('figure img').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.locator('#sidebar').isVisible()).toBe(true); // off-canvas, not display:none
    expect(await page.locator('#toggle-threads').isVisible()).toBe(true);
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('05-phone-dark');
    await page.locator('#toggle-threads').click();
    expect(await page.locator('#toggle-threads').getAttribute('aria-expanded')).toBe('true');
    await shot('06-phone-threads');
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('logs no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
