// Pages of a result kept as small JSON files next to the CSV export (at most exportRowLimit /
// pageSize of them), so any page comes back in about a millisecond with its types exact, instead of
// re-parsing the CSV from its start (measured: 396 ms p95 for page 20 of a 10,000-row export).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Cell } from '../warehouse/types.ts';

export function pagesDir(dataDir: string, attemptId: string): string {
  return path.join(dataDir, 'pages', attemptId);
}

function pageFile(dir: string, page: number): string {
  return path.join(dir, `${String(page).padStart(5, '0')}.json`);
}

export async function writePage(dir: string, page: number, rows: Cell[][]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(pageFile(dir, page), JSON.stringify(rows));
}

/** The page's rows, or undefined when no file was kept for it (past the export, or removed). */
export async function readPage(dir: string, page: number): Promise<Cell[][] | undefined> {
  try {
    return JSON.parse(await readFile(pageFile(dir, page), 'utf8')) as Cell[][];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function removePages(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
