// The real browser for the web tests: Debian's Chromium driven by playwright-core. Outside CI a
// machine without it skips the browser tests with one line; under CI (which installs it) a missing
// Chromium fails the run. Screenshots always land in test-artifacts/<suite>/ (git-ignored), so
// every run — CI's included — leaves them to look at.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests of `suite` can run here; throws under CI when Chromium is missing. */
export function chromiumAvailable(suite: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) throw new Error(`CI must run the browser tests: no Chromium at ${CHROMIUM} (.ci/run installs it)`);
  if (!available) console.log(`${suite} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; CI installs it)`);
  return available;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** test-artifacts/<suite>/ at the repository root, created. */
export async function artifactDir(suite: string): Promise<string> {
  const dir = path.resolve(import.meta.dirname, '../../test-artifacts', suite);
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * A laptop-sized page (reduced motion: no slide or smooth scroll caught half-way in a screenshot)
 * opened on `url` and ready (`body[data-ready]`); every page error and console error lands in `errors`.
 */
export async function openReadyPage(browser: Browser, url: string, errors: string[], options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce', ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page };
}
