// Fonts must come with threadsql, not with the machine: with every system font hidden, chart labels
// still render as real letters. Each render runs in a child process so fontconfig starts fresh.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartFontDir, fontconfigXml } from '../../../src/charts/chart-fonts.ts';
import { distinctColumnProfiles, differingPixels, pixelsOf, variance, type Pixels } from './png-helpers.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const CHILD = path.join(ROOT, 'tests/fixtures/charts/render-child.ts');

let tmp: string;
let emptyConfig: string;

// An environment where fontconfig can find no font of the machine's: its own config file replaced
// by one that lists no directories, no user config or cache, and a private temp dir.
function hiddenFontsEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: path.join(tmp, 'home'),
    TMPDIR: path.join(tmp, 'tmp'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    FONTCONFIG_FILE: emptyConfig,
    FONTCONFIG_PATH: path.join(tmp, 'no-fontconfig-dir'),
  };
}

async function renderInChild(mode: 'ours' | 'boxes'): Promise<{ pixels: Pixels; fontconfig: string }> {
  const out = path.join(tmp, `${mode}.png`);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, mode, out, emptyConfig], { cwd: ROOT, env: hiddenFontsEnv(), timeout: 60_000 });
  const { fontconfig } = JSON.parse(stdout) as { fontconfig: string };
  return { pixels: await pixelsOf(readFileSync(out)), fontconfig };
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'threadsql-fonts-test-'));
  for (const dir of ['home', 'tmp', 'cache', 'config', 'data', 'no-fontconfig-dir']) mkdirSync(path.join(tmp, dir));
  emptyConfig = path.join(tmp, 'no-fonts.conf');
  writeFileSync(emptyConfig, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><cachedir>${path.join(tmp, 'cache')}</cachedir></fontconfig>\n`);
});

afterAll(() => {
  if (!process.env.KEEP_FONT_TEST) rmSync(tmp, { recursive: true, force: true });
});

describe('chart fonts', () => {
  it('writes a fontconfig file that names only the packaged DejaVu directory', () => {
    const xml = fontconfigXml(chartFontDir(), '/tmp/cache');
    expect(chartFontDir()).toMatch(/dejavu-fonts-ttf[\\/]ttf$/);
    expect(xml.match(/<dir>/g)).toHaveLength(1);
    expect(xml).toContain(`<dir>${chartFontDir()}</dir>`);
    expect(xml).not.toMatch(/<include|\/usr\/share\/fonts|\/etc\/fonts/);
  });

  it('draws real letters with the system fonts hidden, and boxes without our fonts', async () => {
    const ours = await renderInChild('ours');
    const boxes = await renderInChild('boxes');
    // The child used the file we generated (inside its private temp dir), not the empty one it started with.
    expect(ours.fontconfig.startsWith(path.join(tmp, 'tmp'))).toBe(true);
    const ourConfig = readFileSync(ours.fontconfig, 'utf8');
    expect(ourConfig.match(/<dir>/g)).toHaveLength(1);
    expect(boxes.fontconfig).toBe(emptyConfig);

    expect(variance(ours.pixels)).toBeGreaterThan(10);
    expect(ours.pixels.width).toBe(boxes.pixels.width);
    // The same chart, same layout: only the glyphs differ, and they differ a lot.
    expect(differingPixels(ours.pixels, boxes.pixels)).toBeGreaterThan(2_000);
    // The y-axis labels (left quarter): letters make many different pixel columns; boxes repeat a few.
    const band = (p: Pixels) => distinctColumnProfiles(p, 0, Math.floor(p.width / 4), Math.floor(p.height * 0.15), p.height);
    const letters = band(ours.pixels);
    const tofu = band(boxes.pixels);
    expect(letters, `letters ${letters}, boxes ${tofu}`).toBeGreaterThan(60);
    expect(letters).toBeGreaterThan(2 * tofu);
  });
});
