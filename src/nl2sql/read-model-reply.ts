// Reads a model's reply leniently: a fenced ```sql block, a JSON object, bare SQL after some prose,
// or a `CLARIFY:` line. It never guards and never rewrites: a DELETE or two statements come back as
// written (minus trailing semicolons and surrounding whitespace) so the guard refuses them itself.

/** What the model said: SQL to guard and run, one clarifying question for the user, or nothing usable. */
export type ModelReply =
  | { kind: 'sql'; sql: string; note?: string }
  | { kind: 'clarify'; question: string }
  | { kind: 'unusable'; reason: string };

const SQL_LANGS = new Set(['', 'sql', 'postgresql', 'postgres', 'pgsql', 'psql', 'plpgsql']);
const JSON_LANGS = new Set(['json', 'jsonc', 'json5']);
const SQL_KEYS = ['sql', 'query'];
const CLARIFY_KEYS = ['clarifying_question', 'clarify', 'clarification', 'question'];
const NOTE_KEYS = ['note', 'notes', 'explanation'];
const NOTE_MAX_CHARS = 500;

// Where bare SQL may begin. SELECT/WITH/VALUES/TABLE are what the prompt asks for; the write
// shapes are recognised too, so the guard (not "no SQL found") tells the user what was refused.
// Each pattern wants a second SQL-ish token, so a sentence opening with "With" or "Select" is prose.
const READ_START = [
  /^select\s+(?!(?:the|a|an|which|one|your|this|that|whether|what|how)\b)\S/i,
  /^with\s+(?:recursive\s+)?(?:"[^"]+"|[\p{L}_][\p{L}\p{N}_$]*)\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s*)?\(/iu,
  /^values\s*\(/i,
  /^table\s+(?:only\s+)?[\p{L}_"][\p{L}\p{N}_$".]*\s*(?:;|$)/iu,
  /^\(\s*select\s/i,
];
const WRITE_START = [
  /^delete\s+from\s/i,
  /^insert\s+into\s/i,
  /^update\s+\S+\s+(?:as\s+\S+\s+)?set\s/i,
  /^merge\s+into\s/i,
  /^(?:drop|create|alter)\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+|unlogged\s+|materialized\s+)?(?:table|view|schema|database|index|function|procedure|role|user|extension|sequence|trigger|type)\s/i,
  /^truncate\s+(?:table\s+)?\S/i,
  /^(?:grant|revoke)\s+\S+.*\s(?:on|to|from)\s/i,
  /^copy\s+\S+.*\s(?:from|to)\s/i,
];

/** Read the model's text into a ModelReply. Pure; never throws. */
export function readModelReply(text: string): ModelReply {
  const cleaned = stripThinking(text).trim();
  if (cleaned === '') return { kind: 'unusable', reason: 'the reply is empty' };

  // 1. The whole reply is a JSON object.
  const whole = parseJsonObject(cleaned);
  if (whole) return fromJson(whole) ?? noSqlInJson();

  // 2. Fenced blocks: JSON blocks first, then every SQL block.
  const { blocks, outside } = splitFences(cleaned);
  for (const block of blocks) {
    const isJson = JSON_LANGS.has(block.lang) || (block.lang === '' && block.body.trim().startsWith('{'));
    const obj = isJson ? parseJsonObject(block.body.trim()) : undefined;
    if (obj) return fromJson(obj) ?? noSqlInJson();
  }
  const sqlBlocks = blocks.filter((b) => SQL_LANGS.has(b.lang) && (b.lang !== '' || startsLikeStatement(b.body.trim())));
  if (sqlBlocks.length > 0) {
    // Several blocks are kept together: choosing one would be a guess; the guard refuses two statements.
    const sql = sqlBlocks.map((b) => cleanSql(b.body)).filter(Boolean).join(';\n');
    if (sql === '') return { kind: 'unusable', reason: 'the ```sql block is empty' };
    return withNote({ kind: 'sql', sql }, outside);
  }

  // 3. A CLARIFY: line.
  const clarify = readClarifyLine(cleaned);
  if (clarify) return { kind: 'clarify', question: clarify };

  // 4. A JSON object inside prose.
  const embedded = findEmbeddedJson(cleaned);
  if (embedded) {
    const reply = fromJson(embedded);
    if (reply) return reply;
  }

  // 5. Bare SQL, possibly after prose like "Here is the query:".
  const bare = findBareSql(cleaned);
  if (bare) return withNote({ kind: 'sql', sql: bare.sql }, bare.prose);

  return { kind: 'unusable', reason: 'the reply is prose without any SQL' };
}

function noSqlInJson(): ModelReply {
  return { kind: 'unusable', reason: 'the JSON reply has neither "sql" nor a clarifying question' };
}

/** Trailing semicolons and surrounding whitespace go; nothing else is touched. */
function cleanSql(sql: string): string {
  return sql.trim().replace(/[\s;]+$/, '');
}

function withNote(reply: { kind: 'sql'; sql: string }, prose: string): ModelReply {
  const note = prose.replace(/\s+/g, ' ').trim();
  if (note === '') return reply;
  return { ...reply, note: note.length > NOTE_MAX_CHARS ? `${note.slice(0, NOTE_MAX_CHARS - 1)}…` : note };
}

// Reasoning models served by Ollama or vLLM (DeepSeek-R1, Qwen3) put their thinking in the reply.
function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, '');
}

// ---- JSON ----

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Not JSON after all (SQL can contain braces, e.g. an array literal); the other readers try.
    return undefined;
  }
}

function fromJson(obj: Record<string, unknown>): ModelReply | undefined {
  const field = (keys: string[]) => {
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key.toLowerCase())) continue;
      const value = obj[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const rawSql = field(SQL_KEYS);
  if (rawSql) {
    // A model sometimes fences the SQL inside the JSON string as well.
    const inner = splitFences(rawSql).blocks.find((b) => SQL_LANGS.has(b.lang));
    const sql = cleanSql(inner ? inner.body : rawSql);
    if (sql !== '') return withNote({ kind: 'sql', sql }, field(NOTE_KEYS) ?? '');
  }
  const question = field(CLARIFY_KEYS);
  if (question) return { kind: 'clarify', question };
  return undefined;
}

/** The first balanced `{…}` in the text that parses as a JSON object with a key we read. */
function findEmbeddedJson(text: string): Record<string, unknown> | undefined {
  let tries = 0;
  for (let start = text.indexOf('{'); start !== -1 && tries < 20; start = text.indexOf('{', start + 1), tries++) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    const obj = parseJsonObject(text.slice(start, end + 1));
    if (obj && Object.keys(obj).some((k) => [...SQL_KEYS, ...CLARIFY_KEYS].includes(k.toLowerCase()))) return obj;
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

// ---- fences ----

interface Block {
  lang: string;
  body: string;
}

/** Fenced blocks (``` or ~~~, any length ≥ 3; an unclosed fence runs to the end) and the text outside them. */
function splitFences(text: string): { blocks: Block[]; outside: string } {
  const blocks: Block[] = [];
  const outside: string[] = [];
  const lines = text.split(/\r?\n/);
  let open: { fence: string; lang: string; body: string[] } | undefined;
  for (const line of lines) {
    if (!open) {
      const oneLine = /^\s*(`{3,}|~{3,})([A-Za-z0-9_+-]*)\s+(.*?)\s*\1\s*$/.exec(line);
      if (oneLine) {
        const lang = oneLine[2]!.toLowerCase();
        // "```SELECT 1```": the first word is SQL, not a language tag.
        const isKnownLang = SQL_LANGS.has(lang) || JSON_LANGS.has(lang);
        if (!isKnownLang && startsLikeStatement(`${oneLine[2]} ${oneLine[3]}`)) blocks.push({ lang: '', body: `${oneLine[2]} ${oneLine[3]}` });
        else blocks.push({ lang, body: oneLine[3]! });
        continue;
      }
      const start = /^\s*(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)[^`]*$/.exec(line);
      if (start) open = { fence: start[1]!, lang: start[2]!.toLowerCase(), body: [] };
      else outside.push(line);
      continue;
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      blocks.push({ lang: open.lang, body: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  if (open) blocks.push({ lang: open.lang, body: open.body.join('\n') });
  return { blocks, outside: outside.join('\n') };
}

// ---- CLARIFY ----

function readClarifyLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^[\s>*_#-]*clarify[\s*_]*:[\s*_]*(.*)$/i.exec(lines[i]!);
    if (!m) continue;
    let question = m[1]!.trim();
    if (question === '') question = lines.slice(i + 1).find((l) => l.trim() !== '')?.trim() ?? '';
    question = question.replace(/^["“'*_]+|["”'*_]+$/g, '').trim();
    if (question !== '') return question;
  }
  return undefined;
}

// ---- bare SQL ----

function startsLikeStatement(text: string): boolean {
  const body = skipLeadingComments(text);
  return READ_START.some((re) => re.test(body)) || WRITE_START.some((re) => re.test(body));
}

function skipLeadingComments(text: string): string {
  let rest = text.trimStart();
  for (;;) {
    if (rest.startsWith('--')) {
      const nl = rest.indexOf('\n');
      rest = nl === -1 ? '' : rest.slice(nl + 1).trimStart();
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/');
      rest = end === -1 ? '' : rest.slice(end + 2).trimStart();
    } else {
      return rest;
    }
  }
}

/** The SQL in a reply without fences: from the first statement start (a line start or after a colon) to its end. */
function findBareSql(text: string): { sql: string; prose: string } | undefined {
  const starts: number[] = [0];
  for (const m of text.matchAll(/\n[ \t]*|:[ \t]*(?=\S)/g)) starts.push(m.index + m[0].length);
  starts.sort((a, b) => a - b);
  for (const start of starts) {
    // Leading SQL comments belong to the statement (a model's "-- revenue per month" line).
    if (!startsLikeStatement(text.slice(start))) continue;
    const end = statementEnd(text, start);
    const sql = cleanSql(text.slice(start, end));
    if (sql === '') continue;
    return { sql, prose: `${text.slice(0, start)} ${text.slice(end)}` };
  }
  return undefined;
}

/**
 * Where bare SQL ends: at a top-level `;` followed by prose (another statement after it is kept, so
 * two statements stay two), or at a blank line followed by a sentence, or at the end. Quotes,
 * quoted identifiers, dollar quotes and comments are skipped so a `;` or blank line inside them does not count.
 */
function statementEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(text, i, ch);
    } else if (ch === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close === -1 ? text.length : close + tag.length;
    } else if (ch === ';') {
      const rest = text.slice(i + 1);
      if (rest.trim() === '' || startsLikeStatement(rest) || /^\s*(--|\/\*)/.test(rest)) i++;
      else return i + 1;
    } else if (ch === '\n' && /^\n[ \t]*\r?\n/.test(text.slice(i)) && isProse(nextParagraph(text, i))) {
      return i;
    } else {
      i++;
    }
  }
  return text.length;
}

function skipQuoted(text: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j += 2; // doubled quote inside the literal
      else return j + 1;
    } else {
      j++;
    }
  }
  return text.length;
}

function nextParagraph(text: string, i: number): string {
  const rest = text.slice(i).replace(/^\s+/, '');
  return rest.split(/\r?\n/, 1)[0] ?? '';
}

// A sentence: a capitalised word, two more words, and closing punctuation; or a markdown line.
// SQL lines rarely look like that (keywords are all-caps or all-lower, lines end in names).
function isProse(line: string): boolean {
  if (/^(\*\*|#{1,6}\s|[-*]\s|>\s|note\b|explanation\b|this\s)/i.test(line)) return true;
  return /^[A-Z][a-z’']+(?:[\s,]+[\p{L}’'-]+){2,}.*[.!?:)]$/u.test(line) && !startsLikeStatement(line);
}
