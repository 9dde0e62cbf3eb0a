// The web page's History, Schema and Admin pages and the chat's sorting and 👎 comment, in Debian's
// Chromium (playwright-core): the real app on PostgreSQL (Pagila) with the no-model knowledge-base
// path, a real libSQL file store, and the real HTTP server. Local mode makes the browser the local
// admin; a second server gives a non-admin (Alice) for what she must not see.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import type { WebIdentity } from '../../src/adapters/web/web-access.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { checkKbFile } from '../../src/kb/check-kb.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';
import { artifactDir, chromiumAvailable, launchChromium, openReadyPage } from '../helpers/browser.ts';

const hasChromium = chromiumAvailable('web console browser tests');

const Q_TWELVE = 'Show the length and rate of the first twelve films';
const Q_RATING = 'How many films are there per rating?';
const Q_CATEGORY = 'How many films are in each category?';
const ARCHIVES = 130;
const SQL_CATEGORY = 'SELECT c.name AS category, count(*) AS films FROM category AS c JOIN film_category AS fc ON fc.category_id = c.category_id GROUP BY c.name ORDER BY films DESC, c.name';

let db: TestDatabase;
let root: string;
let kbDir: string;
let shots: string;
let app: App;
let local: HttpServer;
let shared: HttpServer;
let browser: Browser | undefined;

beforeAll(async () => {
  db = await createTestDatabase('tsql_webui');
  await loadPagila(db);
  await db.admin(`COMMENT ON COLUMN public.film.rental_rate IS 'Price of one rental, in dollars'`);
  // Enough tables that the Schema page needs a second page (it asks for 100 at a time).
  await db.admin(Array.from({ length: ARCHIVES }, (_, i) => `CREATE TABLE public.archive_${String(i + 1).padStart(3, '0')} (id integer PRIMARY KEY, note text); COMMENT ON TABLE public.archive_${String(i + 1).padStart(3, '0')} IS 'Archived bookings, batch ${i + 1}'`).join(';\n'));
  await db.admin('ANALYZE');
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-webui-'));
  shots = await artifactDir('web-console');
  kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(path.join(kbDir, 'films-per-rating.sql'), `-- question: ${Q_RATING}\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating ORDER BY films DESC;\n`);
  // Lengths of the first films (86, 48, 50, 117, 130, …) sort differently as text and as numbers;
  // every fifth rate is NULL.
  await writeFile(
    path.join(kbDir, 'twelve-films.sql'),
    `-- question: ${Q_TWELVE}\n-- tags: films, length, rate\nSELECT f.title, f.length, CASE WHEN f.film_id % 5 = 0 THEN NULL ELSE f.rental_rate END AS rate FROM film AS f WHERE f.film_id <= 12 ORDER BY f.film_id;\n`,
  );
  const config = loadConfig({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: kbDir, HOST: '127.0.0.1', PORT: '0' }, root);
  app = await createApp(config, { logger: silentLogger });
  local = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(app).routes, logger: silentLogger });
  const alice: WebIdentity = { tenantId: '', userId: 'alice', displayName: 'Alice', isAdmin: false };
  const identify = (req: http.IncomingMessage) => (req.headers['x-test-user'] === 'alice' ? alice : undefined);
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

describe.skipIf(!hasChromium)('web console pages in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ({ context, page } = await openReadyPage(browser!, local.url, errors));
  });

  afterAll(async () => {
    await context?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });

  async function askInPage(text: string): Promise<void> {
    const before = await page.locator('#conversation .turn').count();
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
    await page.locator('#conversation .turn').nth(before).locator('.answer:not(.progress)').waitFor({ timeout: 30_000 });
  }

  const column = (answer: ReturnType<Page['locator']>, index: number) => answer.locator(`tbody tr td:nth-child(${index})`).allTextContents();

  it('sorts a result column by clicking its header: numbers as numbers, NULL last, with aria-sort', async () => {
    await askInPage(Q_TWELVE);
    const answer = page.locator('#conversation .turn').last().locator('.answer');
    await answer.locator('tbody tr').first().waitFor();
    const lengthHeader = answer.locator('th').nth(1);
    await lengthHeader.locator('button').click();
    expect(await lengthHeader.getAttribute('aria-sort')).toBe('ascending');
    const lengths = (await column(answer, 2)).map(Number);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(lengths[0]).toBeLessThan(100); // as text, "117" would come before "48"
    await lengthHeader.locator('button').click();
    expect(await lengthHeader.getAttribute('aria-sort')).toBe('descending');
    expect((await column(answer, 2)).map(Number)).toEqual([...lengths].reverse());

    const rateHeader = answer.locator('th').nth(2);
    // By keyboard: the header is a button.
    await rateHeader.locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await rateHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await lengthHeader.getAttribute('aria-sort')).toBeNull();
    const ascending = await column(answer, 3);
    expect(ascending.slice(-2)).toEqual(['NULL', 'NULL']);
    expect(ascending.slice(0, -2).map(Number)).toEqual(ascending.slice(0, -2).map(Number).sort((a, b) => a - b));
    await page.keyboard.press('Enter');
    const descending = await column(answer, 3);
    expect(descending.slice(-2)).toEqual(['NULL', 'NULL']);
    expect(descending.slice(0, -2).map(Number)).toEqual(ascending.slice(0, -2).map(Number).reverse());
    await shot('01-chat-sorted');
  });

  it('opens a comment box after 👎 and records the comment on the attempt', async () => {
    const answer = page.locator('#conversation .turn').last().locator('.answer');
    const attemptId = (await answer.getAttribute('data-attempt'))!;
    await answer.locator('button[aria-label="Wrong answer"]').click();
    const box = answer.locator('.feedback-comment textarea');
    await box.waitFor();
    await expect.poll(() => box.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await answer.locator('button[aria-label="Wrong answer"]').getAttribute('aria-pressed')).toBe('true');
    await box.fill('The rate of film 5 is missing <b>here</b>');
    await shot('02-chat-feedback-comment');
    await answer.locator('.feedback-comment button[type="submit"]').click();
    await answer.locator('.feedback-comment').waitFor({ state: 'detached' });
    const admin = { userId: 'nobody', role: 'admin' as const };
    const row = await app.store.attempts.getForViewer(attemptId, admin);
    expect(row).toMatchObject({ feedback: 'down', feedbackText: 'The rate of film 5 is missing <b>here</b>' });
    expect(await page.locator('#status').textContent()).toContain('comment was saved');
  });

  it('finds a question in History by its words and reopens its answer', async () => {
    await askInPage(Q_RATING);
    await page.locator('#nav-history').click();
    await page.locator('#view-history').waitFor();
    expect(await page.locator('#nav-history').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.locator('#history-list .attempt-item').count()).toBe(2);
    expect(await page.locator('#history-list .attempt-open').first().textContent()).toBe(Q_RATING); // newest first
    await page.locator('#history-search').fill('twelve length');
    await expect.poll(() => page.locator('#history-list .attempt-open').allTextContents()).toEqual([Q_TWELVE]);
    expect(await page.locator('#history-list .attempt-meta').first().textContent()).toMatch(/success.*writing SQL .*running \d+ ms/);
    await shot('03-history-search');
    await page.locator('#history-list .attempt-open').first().click();
    const card = page.locator('#view-attempt .answer');
    await card.locator('tbody tr').first().waitFor();
    expect(await page.locator('#view-attempt .question').textContent()).toBe(Q_TWELVE);
    expect(await card.locator('.summary').textContent()).toMatch(/12 rows/);
    expect(await card.locator('tbody tr').count()).toBe(12);
    await card.locator('button.show-sql').click();
    expect(await card.locator('.sql pre').textContent()).toContain('WHERE f.film_id <= 12');
    expect(await card.locator('button[aria-label="Wrong answer"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#view-attempt .facts').textContent()).toContain('Comment');
    await shot('04-history-reopened');
    await page.locator('#view-attempt a.back').click();
    await expect.poll(() => page.locator('#history-search').inputValue()).toBe('twelve length');
    await expect.poll(() => page.locator('#history-list .attempt-open').allTextContents()).toEqual([Q_TWELVE]);
  });

  it('browses the schema with a filter and refreshes it as an admin', async () => {
    const tableKeys = () => page.locator('#schema-list .schema-table').evaluateAll((es) => es.map((e) => e.getAttribute('data-table')));
    await page.locator('#nav-schema').click();
    await page.locator('#schema-list .schema-table').first().waitFor();
    // A slow answer to an earlier filter never replaces the answer to a later one.
    await page.route(/\/api\/web\/schema\?.*q=payment/, async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    const slow = page.waitForResponse(/\/api\/web\/schema\?.*q=payment/);
    await page.locator('#schema-filter').fill('payment');
    await page.waitForRequest(/\/api\/web\/schema\?.*q=payment/);
    await page.locator('#schema-filter').fill('rental_rate');
    await expect.poll(() => page.locator('#schema-count').textContent()).toMatch(/^\d+ tables? match(es)? “rental_rate”$/);
    await slow;
    await page.waitForTimeout(100);
    await page.unroute(/\/api\/web\/schema\?.*q=payment/);
    expect(await page.locator('#schema-count').textContent()).toMatch(/“rental_rate”$/);
    expect(await tableKeys()).toContain('public.film');
    expect(await tableKeys()).not.toContain('public.payment');

    const film = page.locator('#schema-list .schema-table[data-table="public.film"]');
    const toggle = film.locator('button.schema-toggle');
    expect(await toggle.textContent()).toMatch(/~1,000 rows/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter'); // a button: the keyboard opens it like a click
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const rate = film.locator('tbody tr', { hasText: 'rental_rate' });
    await rate.waitFor(); // the columns are fetched when the table first opens
    expect(await rate.locator('td').allTextContents()).toEqual(['rental_rate', 'numeric(4,2)', 'no', '', 'Price of one rental, in dollars']);
    expect(await film.locator('.fk-list').first().textContent()).toContain('(language_id) → public.language (language_id)');
    expect(await film.locator('.fk-in').textContent()).toContain('public.inventory (film_id) → public.film (film_id)');
    expect(await film.locator('.enum-values').textContent()).toBe('public.mpaa_rating: G, PG, PG-13, R, NC-17');
    await page.locator('#schema-refresh').click();
    await expect.poll(() => page.locator('#schema-changes').textContent()).toMatch(/Schema refreshed: \d+ tables/);
    await rate.waitFor(); // still open after the list is drawn again
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await shot('05-schema');
    await film.locator('.enum-values').scrollIntoViewIfNeeded();
    await shot('05b-schema-keys');
  });

  it('shows the next page of tables with "Show more", after the first hundred', async () => {
    const keys = () => page.locator('#schema-list .schema-table').evaluateAll((es) => es.map((e) => e.getAttribute('data-table')));
    await page.locator('#schema-filter').fill('');
    await expect.poll(() => page.locator('#schema-count').textContent()).toMatch(/^Showing 100 of \d+ tables$/);
    const total = Number((await page.locator('#schema-count').textContent())!.match(/of (\d+) tables/)![1]);
    expect(total).toBeGreaterThan(ARCHIVES + 20);
    const first = await keys();
    expect(first).toHaveLength(100);
    await page.locator('#schema-more').click();
    await expect.poll(() => page.locator('#schema-list .schema-table').count()).toBe(total);
    const all = await keys();
    expect(all.slice(0, 100)).toEqual(first);
    expect(new Set(all).size).toBe(total);
    expect(await page.locator('#schema-more').isHidden()).toBe(true);
    expect(await page.locator('#schema-count').textContent()).toBe(`Showing all ${total} tables`);
    // The keyboard carries on from the first table the button added.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): { getAttribute(n: string): string } | null } } }).document.activeElement.closest('.schema-table')?.getAttribute('data-table'))).toBe(all[100]);
  });

  it('promotes an answer to the knowledge base from the admin console, and the same question is then answered from it', async () => {
    await page.locator('#nav-chat').click();
    await askInPage(`sql ${SQL_CATEGORY}`);
    await page.locator('#nav-admin').click();
    await page.locator('#admin-usage .metric').first().waitFor();
    expect(await page.locator('#admin-usage .metric').count()).toBe(4);
    await expect.poll(() => page.locator('#admin-feedback .attempt-open').allTextContents()).toEqual([Q_TWELVE]);
    expect(await page.locator('#admin-feedback .comment').textContent()).toBe('The rate of film 5 is missing <b>here</b>');
    await page.locator('#filter-q').fill('film_category');
    await page.locator('#filter-q').press('Enter');
    await expect.poll(() => page.locator('.admin-attempts tbody tr').count()).toBe(1);
    await page.locator('#view-admin').evaluate((el) => (el.scrollTop = 0));
    await shot('06-admin-console');
    await page.locator('.admin-attempts tbody tr button.promote').click();
    const dialog = page.locator('dialog.promote-dialog');
    await dialog.waitFor();
    expect(await page.locator('#promote-question').inputValue()).toBe(''); // raw SQL has no question yet
    await page.locator('#promote-question').fill(Q_CATEGORY);
    await page.locator('#promote-tags').fill('films, categories');
    await dialog.locator('button[type="submit"]').click();
    await expect.poll(() => dialog.locator('[role="status"]').textContent()).toMatch(/^Saved as how-many-films-are-in-each-category\.sql \(16 rows when checked\)/);
    await shot('07-admin-promoted');
    expect(await dialog.locator('button[type="submit"]').isDisabled()).toBe(true); // saved once: no accidental copy
    await dialog.locator('button', { hasText: 'Close' }).click();
    expect(await readdir(kbDir)).toContain('how-many-films-are-in-each-category.sql');
    const file = path.join(kbDir, 'how-many-films-are-in-each-category.sql');
    expect(await readFile(file, 'utf8')).toMatch(new RegExp(`^-- question: ${Q_CATEGORY.replace('?', '\\?')}\\n-- tags: films, categories\\n`));
    const schema = app.schema.current()!;
    expect(await checkKbFile(file, { catalog: schema.catalog, warehouse: app.warehouse, timeoutMs: 10_000 })).toMatchObject({ ok: true, rows: 16 });

    await page.locator('#nav-chat').click();
    await askInPage(Q_CATEGORY);
    const answer = page.locator('#conversation .turn').last().locator('.answer');
    expect(await answer.locator('.receipt').textContent()).toContain(`answered from KB example "${Q_CATEGORY}" (how-many-films-are-in-each-category.sql)`);
    await shot('08-chat-answered-from-kb');
  });

  it('reaches the pages by keyboard with a visible focus ring', async () => {
    await page.locator('#composer-input').focus();
    let id = '';
    for (let i = 0; i < 40 && id !== 'nav-history'; i++) {
      await page.keyboard.press('Shift+Tab');
      id = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id);
    }
    expect(id).toBe('nav-history');
    const outline = await page.locator('#nav-history').evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#history');
    await expect.poll(() => page.locator('#view-history').isVisible()).toBe(true);

    // The skip link leads into the page shown (History here), not back to the chat.
    await page.locator('#skip').focus();
    await page.keyboard.press('Enter');
    const focusedInHistory = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: unknown; getElementById(id: string): { contains(e: unknown): boolean } } }).document;
      return doc.getElementById('view-history').contains(doc.activeElement);
    });
    expect(focusedInHistory).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#history');
  });

  it('fits a phone screen in the dark theme, with no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    const overflow = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return el.scrollWidth - el.clientWidth;
      });
    for (const [hash, name] of [['#admin', '09-phone-admin-dark'], ['#history', '10-phone-history-dark'], ['#schema', '11-phone-schema-dark']] as const) {
      await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
      await page.locator(`#view-${hash.slice(1)}`).waitFor();
      await page.waitForTimeout(150); // the page's data arrives over fetch; nothing to wait on in the DOM for a re-show
      expect(await overflow(), hash).toBeLessThanOrEqual(0);
      await shot(name);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('logs no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('web console for a non-admin', () => {
  it('shows no Admin link, and the admin page only says it is for admins', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, extraHTTPHeaders: { 'x-test-user': 'alice' } });
    try {
      const page = await context.newPage();
      await page.goto(shared.url);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('#nav-admin').isHidden()).toBe(true);
      expect(await page.locator('#nav-history').isVisible()).toBe(true);
      await page.goto(`${shared.url}/#admin`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('#view-admin').textContent()).toContain('Only admins can see this page.');
      await page.goto(`${shared.url}/#schema`);
      await page.locator('#schema-list .schema-table').first().waitFor();
      expect(await page.locator('#schema-refresh').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
