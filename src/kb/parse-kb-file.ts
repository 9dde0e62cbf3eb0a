// Parses a knowledge-base example file: a header of `--` comment lines, then the SQL.
//
//   -- question: Monthly revenue in 2025, excluding refunds
//   -- tags: revenue, monthly, orders
//   -- Any further comment lines before the SQL are notes (house rules, caveats).
//   SELECT …
//
// `question:` is required; `tags:` is optional (comma-separated). Keys are case-insensitive.

export interface KbExample {
  question: string;
  tags: string[];
  notes: string;
  sql: string;
}

export type KbParseResult = { ok: true; example: KbExample } | { ok: false; reason: string };

export function parseKbFile(text: string): KbParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let question: string | undefined;
  let tags: string[] = [];
  const notes: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const body = line.replace(/^--+\s?/, '');
    const m = /^(question|tags)\s*:\s*(.*)$/i.exec(body);
    if (m && m[1]!.toLowerCase() === 'question') question = m[2]!.trim();
    else if (m) tags = m[2]!.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    else notes.push(body);
  }
  const sql = lines.slice(i).join('\n').trim();
  if (!question) {
    return { ok: false, reason: 'no question header: the file must start with a line like "-- question: Monthly revenue in 2025"' };
  }
  if (!sql) return { ok: false, reason: 'no SQL after the header' };
  return { ok: true, example: { question, tags, notes: notes.join('\n').trim(), sql } };
}
