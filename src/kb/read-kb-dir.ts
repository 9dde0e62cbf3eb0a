// Reads THREADSQL_KB_DIR: every `*.sql` example and `*.md` note (subfolders included, hidden
// files and folders skipped), each parsed into the shape the index stores, or a reason why not.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KbEntry } from './kb-index.ts';
import { parseKbFile } from './parse-kb-file.ts';

/** A KB file larger than this is refused: it is a mistake (a data dump), not an example or a note. */
export const MAX_KB_FILE_BYTES = 256 * 1024;

/** One file as read: its entry (tables still empty) or why it was skipped. */
export type KbSource =
  | { ok: true; entry: KbEntry; contentHash: string }
  | { ok: false; filePath: string; reason: string };

/** Paths of the KB's files relative to `dir`, with `/` separators, sorted. Throws when `dir` cannot be read. */
export async function listKbSourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // editors' swap files, .git, .DS_Store
      const child = relative ? `${relative}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile() && isKbFileName(e.name)) out.push(child);
    }
  }
  await walk('');
  return out.sort();
}

export function isKbFileName(name: string): boolean {
  return /\.(sql|md)$/i.test(name);
}

/** Read and parse one file. Never throws: an unreadable or malformed file is a reason. */
export async function readKbSource(dir: string, filePath: string): Promise<KbSource> {
  const absolute = path.join(dir, ...filePath.split('/'));
  let text: string;
  try {
    const info = await stat(absolute);
    if (info.size > MAX_KB_FILE_BYTES) {
      return { ok: false, filePath, reason: `file too large (${info.size} bytes; at most ${MAX_KB_FILE_BYTES})` };
    }
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, filePath, reason: `cannot be read (${typeof code === 'string' ? code : 'error'})` };
  }
  return parseKbSource(filePath, text);
}

/** Parse a file's text by its extension: `.sql` → example, `.md` → note. */
export function parseKbSource(filePath: string, text: string): KbSource {
  const contentHash = createHash('sha256').update(text, 'utf8').digest('hex');
  if (/\.sql$/i.test(filePath)) {
    const parsed = parseKbFile(text);
    if (!parsed.ok) return { ok: false, filePath, reason: parsed.reason };
    const { question, tags, notes, sql } = parsed.example;
    return { ok: true, contentHash, entry: { filePath, kind: 'example', question, tags, sql, notes, tables: [] } };
  }
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: false, filePath, reason: 'empty note' };
  return { ok: true, contentHash, entry: { filePath, kind: 'note', question: noteTitle(filePath, body), tags: [], sql: null, notes: body, tables: [] } };
}

/** A note's first Markdown heading, or its file name made readable ("house-rules.md" → "house rules"). */
function noteTitle(filePath: string, body: string): string {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim();
  if (heading) return heading;
  return path.posix.basename(filePath).replace(/\.md$/i, '').replace(/[-_]+/g, ' ').trim();
}
