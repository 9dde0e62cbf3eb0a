// Shared-mode sign-in in a real browser (Debian's Chromium through playwright-core): the sign-in
// page, a wrong password, the chat page after signing in, sign-out, and back to the sign-in page.
// Screenshots go to test-artifacts/web-auth/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import { addPasswordUser } from '../../src/adapters/web/auth/password-users.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { artifactDir, chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { freePort } from '../helpers/free-port.ts';

const hasChromium = chromiumAvailable('sign-in browser tests');

let root: string;
let shots: string;
let app: App;
let server: HttpServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-web-auth-browser-'));
  shots = await artifactDir('web-auth');
  await mkdir(path.join(root, 'kb'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = loadConfig({ THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: path.join(root, 'kb'), THREADSQL_WEB_PUBLIC: '1', THREADSQL_PUBLIC_URL: base, HOST: '0.0.0.0' }, root);
  app = await createApp(config, { logger: silentLogger });
  server = await startHttpServer({ host: '127.0.0.1', port, routes: createWebAdapter(app).routes, logger: silentLogger });
  const added = await addPasswordUser(app.store, 'alice', 'correct horse battery', false);
  if (!added.ok) throw new Error(added.problem);
  if (hasChromium) browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await app?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('signing in with a browser', () => {
  it('signs in with a password, lands on the chat, signs out and lands back on the sign-in page', async () => {
    const context = await browser!.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      // The wrong password's 401 is logged by Chromium as a failed resource; that one is expected.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(base);
      expect(new URL(page.url()).pathname).toBe('/signin');
      await page.getByLabel('User name').waitFor();
      await page.screenshot({ path: path.join(shots, 'signin.png') });

      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong user name or password.');
      await page.screenshot({ path: path.join(shots, 'signin-wrong-password.png') });

      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('body[data-ready="true"]');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => page.locator('#who').textContent()).toContain('alice');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'threadsql_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // The chat page's "Sign out" leads here (GET /signout): a confirm button that POSTs with the CSRF token.
      await page.goto(`${base}/signout`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/signin?reason=signed-out`);
      await expect.poll(() => page.locator('#notice').textContent()).toBe('You are signed out.');
      expect((await context.cookies()).some((c) => c.name === 'threadsql_session')).toBe(false);
      await page.goto(base);
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('signs in from a Slack link with one click on its confirm page, as the Slack user', async () => {
    const reply = await app.engine.handleMessage({ platform: 'slack', tenantId: 'T1', channelId: 'D1', threadKey: 'dm-1', userId: 'UBOB', userDisplayName: 'Bob from Slack', text: 'web', isDirectMessage: true });
    const link = /http\S+\/signin\/link\/[A-Za-z0-9_-]{43}/.exec(reply?.text ?? '')?.[0];
    expect(link).toBeDefined();
    const context = await browser!.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await page.goto(link!);
      await page.screenshot({ path: path.join(shots, 'signin-link-confirm.png') });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('body[data-ready="true"]');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => page.locator('#who').textContent()).toContain('Bob from Slack');
      // The link is spent: opening it again and confirming says so.
      await page.goto(link!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('This link no longer works');
    } finally {
      await context.close();
    }
  }, 60_000);
});
