// Where a chart's PNG lives: under the data dir, one file per attempt — never in the database
// (the manifest keeps only the Vega-Lite spec, from which the PNG can be drawn again).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** <dataDir>/charts/<attemptId>.png */
export function chartPngPath(dataDir: string, attemptId: string): string {
  return path.join(dataDir, 'charts', `${attemptId}.png`);
}

/** Write the PNG of an attempt's chart; returns its path. */
export async function writeChartPng(dataDir: string, attemptId: string, png: Uint8Array): Promise<string> {
  const file = chartPngPath(dataDir, attemptId);
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename: a reader (the web adapter serving it) never sees half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, png);
  await rename(temp, file);
  return file;
}
