// Writing a knowledge-base example file (`kb/*.sql`): the header parse-kb-file.ts reads, then the
// SQL. Used to promote a good answer into the KB. The file name is a slug of the question made only
// of [a-z0-9-], so no request can name a path outside the KB folder, and files are created with
// O_EXCL ('wx'): an existing file — or one another writer creates at the same moment — is never
// overwritten; the next free name (`-2`, `-3`, …) is taken instead.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parseKbFile } from './parse-kb-file.ts';

export interface NewKbExample {
  question: string;
  tags: string[];
  /** Extra header comment lines (provenance, caveats). */
  notes: string[];
  sql: string;
}

export type WriteKbResult = { ok: true; file: string; fileName: string } | { ok: false; reason: string };

const MAX_SLUG = 60;
const MAX_TRIES = 100;

/** A file-name stem for a question: lower-case ASCII words joined by "-", at most 60 characters. */
export function kbSlug(question: string): string {
  const words = question
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  return slug || 'example';
}

/** One header line: newlines and other control characters would end the comment and leak into the SQL. */
function headerText(text: string): string {
  // Control characters (U+0000–U+001F, U+007F) become spaces; matched as \p{Cc} to keep them out of the source.
  return text.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** The file's text; the result parses back to the same question, tags and SQL (checked). */
export function formatKbExample(example: NewKbExample): string {
  const question = headerText(example.question);
  const tags = example.tags.map((t) => headerText(t).replace(/,/g, ' ').toLowerCase()).filter(Boolean);
  const lines = [`-- question: ${question}`];
  if (tags.length) lines.push(`-- tags: ${tags.join(', ')}`);
  // A note must not look like a "question:" or "tags:" header, or it would replace the real one.
  for (const note of example.notes.map(headerText).filter(Boolean)) lines.push(`-- ${/^(question|tags)\s*:/i.test(note) ? `note: ${note}` : note}`);
  return `${lines.join('\n')}\n${example.sql.trim().replace(/;\s*$/, '')};\n`;
}

/** Write a new example into `kbDir` under a fresh name; never overwrites, never leaves `kbDir`. */
export async function writeKbExample(kbDir: string, example: NewKbExample): Promise<WriteKbResult> {
  if (!headerText(example.question)) return { ok: false, reason: 'the example needs a question' };
  if (!example.sql.trim()) return { ok: false, reason: 'the example needs SQL' };
  const text = formatKbExample(example);
  const parsed = parseKbFile(text);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (parsed.example.question !== headerText(example.question)) return { ok: false, reason: 'the question does not survive as a header line' };
  const dir = path.resolve(kbDir);
  const stem = kbSlug(example.question);
  for (let n = 1; n <= MAX_TRIES; n++) {
    const fileName = n === 1 ? `${stem}.sql` : `${stem}-${n}.sql`;
    const file = path.join(dir, fileName);
    // The slug alphabet already rules this out; kept as the invariant the caller relies on.
    if (path.dirname(file) !== dir) return { ok: false, reason: 'refused a file name outside the knowledge-base folder' };
    let handle;
    try {
      handle = await open(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return { ok: false, reason: `the knowledge-base folder is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    try {
      await handle.writeFile(text, 'utf8');
    } finally {
      await handle.close();
    }
    return { ok: true, file, fileName };
  }
  return { ok: false, reason: `${MAX_TRIES} examples named "${stem}" already exist` };
}
