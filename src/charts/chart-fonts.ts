// The fonts charts are drawn with, on any machine: DejaVu Sans from the `dejavu-fonts-ttf` package.
// sharp rasterises SVG with librsvg → pango → fontconfig, and on a machine without system fonts
// (a slim Docker image) every letter comes out as a box. So we write a fontconfig file of our own
// that names only the package's font directory and point FONTCONFIG_FILE at it before the first
// text render: fontconfig reads the variable when it first initialises, which sharp does lazily on
// the first SVG with text (checked: setting it after `import 'sharp'` still takes effect).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The family every chart text uses; the only one our fontconfig file knows. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** Directory of the packaged TTF files. */
export function chartFontDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** Read one of the packaged fonts (for text measurement). */
export function readChartFont(file: 'DejaVuSans.ttf' | 'DejaVuSans-Bold.ttf'): Buffer {
  return readFileSync(path.join(chartFontDir(), file));
}

/** The fontconfig document naming only `fontDir` (no system directories, no includes). */
export function fontconfigXml(fontDir: string, cacheDir: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<!-- Written by threadsql for its charts: only the packaged DejaVu fonts, so renders are the same everywhere. -->',
    '<fontconfig>',
    `  <dir>${esc(fontDir)}</dir>`,
    `  <cachedir>${esc(cacheDir)}</cachedir>`,
    // Any family a spec might name (sans-serif, Helvetica, …) resolves to DejaVu Sans.
    '  <alias binding="same"><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>',
    '  <match target="pattern"><edit name="family" mode="append_last"><string>DejaVu Sans</string></edit></match>',
    '</fontconfig>',
    '',
  ].join('\n');
}

let configured: string | undefined;

/**
 * Write our fontconfig file (once per process) and point FONTCONFIG_FILE at it. Must run before
 * the first text is rasterised in this process; the chart renderer calls it before sharp. Returns
 * the file's path. `baseDir` defaults to the system temp directory.
 */
export function ensureChartFonts(baseDir: string = os.tmpdir()): string {
  if (configured) return configured;
  const fontDir = chartFontDir();
  // One directory per font location and user, so two installs (or users) never share a cache.
  const key = createHash('sha256').update(`${fontDir}\0${process.getuid?.() ?? ''}`).digest('hex').slice(0, 12);
  const dir = path.join(baseDir, `threadsql-fontconfig-${key}`);
  const file = path.join(dir, 'fonts.conf');
  mkdirSync(path.join(dir, 'cache'), { recursive: true });
  const xml = fontconfigXml(fontDir, path.join(dir, 'cache'));
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined; // not written yet: written below
  }
  if (current !== xml) {
    // Write then rename: another process starting at the same moment never reads half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, xml);
    renameSync(temp, file);
  }
  process.env.FONTCONFIG_FILE = file;
  configured = file;
  return file;
}
