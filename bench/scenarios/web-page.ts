// 9. The web page as a newcomer meets it: what the browser downloads (the page, its stylesheet and
// scripts, the JSON it asks for at start) and the time from navigation to the page being usable
// (the `threadsql-interactive` mark the page sets once the composer is ready), in Debian's Chromium,
// each load in a fresh browser context (cold cache). Warehouse: an empty PostgreSQL database (the
// page asks nothing of it at start).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer } from '../../src/server/http-server.ts';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../../tests/helpers/browser.ts';
import { createTestDatabase } from '../../tests/helpers/pg-database.ts';
import type { AvailableScenario, BenchContext } from '../lib/scenario.ts';

export const webPage: AvailableScenario = {
  number: 9,
  id: 'web-page',
  title: 'Web page: download size and time to interactive',
  available: true,
  run,
};

const WARMUP = 2;
const LOADS = 15;

interface Load {
  pageBytes: number;
  apiBytes: number;
  files: number;
  interactiveMs: number;
  domContentLoadedMs: number;
}

async function run(ctx: BenchContext): Promise<void> {
  if (!chromiumAvailable('web-page scenario')) throw new Error(`needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const db = await createTestDatabase('bench_web');
  ctx.defer(() => db.drop());
  const root = await mkdtemp(path.join(os.tmpdir(), 'threadsql-bench-web-'));
  ctx.defer(() => rm(root, { recursive: true, force: true }));
  await mkdir(path.join(root, 'kb'));
  const config = loadConfig({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: path.join(root, 'kb'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' }, root);
  const app = await createApp(config, { logger: silentLogger });
  ctx.defer(() => app.close());
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(app).routes, logger: silentLogger });
  ctx.defer(() => server.close());
  const browser = await launchChromium();
  ctx.defer(() => browser.close());

  const loads: Load[] = [];
  for (let i = 0; i < WARMUP + LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    const load = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const assets = resources.filter((r) => !new URL(r.name).pathname.startsWith('/api/'));
      const api = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
      return {
        pageBytes: nav.encodedBodySize + assets.reduce((n, r) => n + r.encodedBodySize, 0),
        apiBytes: api.reduce((n, r) => n + r.encodedBodySize, 0),
        files: 1 + assets.length,
        interactiveMs: performance.getEntriesByName('threadsql-interactive')[0].startTime,
        domContentLoadedMs: nav.domContentLoadedEventEnd,
      };
    })()`)) as Load;
    await context.close();
    if (i >= WARMUP) loads.push(load);
  }

  const last = loads.at(-1)!;
  ctx.note(`web-page: ${LOADS} loads after ${WARMUP} warm-up, each in a fresh Chromium context (nothing cached), at 1280×860; server and browser on this machine; the server sends no compression`);
  ctx.value(`page download: HTML, CSS, scripts, icon (${last.files} files)`, last.pageBytes, 'bytes', { n: LOADS, note: 'as the browser received them (encodedBodySize)' });
  ctx.value('JSON the page asks for at start (/me, /session, /threads, …)', last.apiBytes, 'bytes', { n: LOADS, note: 'on an empty store' });
  ctx.timing('navigation → interactive (threadsql-interactive mark: composer ready)', loads.map((l) => l.interactiveMs));
  ctx.timing('navigation → DOMContentLoaded', loads.map((l) => l.domContentLoadedMs));
}
