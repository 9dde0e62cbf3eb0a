// Recognises a command as the first word(s) of a message. Only exact shapes count, so a question
// like "show me revenue by month" or "history of refunds" stays a question.

export type Command =
  | { name: 'help' }
  | { name: 'history'; limit: number; all: boolean }
  | { name: 'history_search'; words: string }
  | { name: 'show'; attemptId: string }
  | { name: 'page'; attemptId: string; page: number }
  | { name: 'retry'; attemptId: string }
  | { name: 'sql'; sql: string }
  | { name: 'schema'; table?: string }
  | { name: 'schema_refresh' }
  | { name: 'kb_reload' }
  | { name: 'stats'; weeks: number }
  | { name: 'new_topic' }
  | { name: 'web' }
  | { name: 'feedback'; attemptId: string; value: 'up' | 'down'; text?: string };

// A full attempt id (uuid) or its first 8+ hex characters, as shown in replies.
const ID = '([0-9a-f]{8}(?:-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f-]{0,28}))';

const RULES: Array<[RegExp, (m: RegExpMatchArray) => Command]> = [
  [/^(help|\?)$/i, () => ({ name: 'help' })],
  [/^history(?:\s+(\d{1,3}))?(?:\s+(all))?$/i, (m) => ({ name: 'history', limit: Number(m[1] ?? 10), all: Boolean(m[2]) })],
  [/^history\s+all(?:\s+(\d{1,3}))?$/i, (m) => ({ name: 'history', limit: Number(m[1] ?? 10), all: true })],
  [/^history\s+search\s+(.+)$/is, (m) => ({ name: 'history_search', words: m[1]!.trim() })],
  [new RegExp(`^show\\s+${ID}$`, 'i'), (m) => ({ name: 'show', attemptId: m[1]!.toLowerCase() })],
  [new RegExp(`^page\\s+${ID}\\s+(\\d{1,6})$`, 'i'), (m) => ({ name: 'page', attemptId: m[1]!.toLowerCase(), page: Number(m[2]) })],
  [new RegExp(`^retry\\s+${ID}$`, 'i'), (m) => ({ name: 'retry', attemptId: m[1]!.toLowerCase() })],
  [/^sql\s+([\s\S]+)$/i, (m) => ({ name: 'sql', sql: m[1]!.trim() })],
  [/^schema\s+refresh$/i, () => ({ name: 'schema_refresh' })],
  [/^schema(?:\s+([A-Za-z_][\w$.]*|"[^"]+"))?$/i, (m) => ({ name: 'schema', table: m[1] })],
  [/^kb\s+reload$/i, () => ({ name: 'kb_reload' })],
  [/^stats(?:\s+(\d{1,2}))?$/i, (m) => ({ name: 'stats', weeks: Number(m[1] ?? 4) })],
  [/^(new topic|new thread|start over)[.!]?$/i, () => ({ name: 'new_topic' })],
  [/^web$/i, () => ({ name: 'web' })],
  [
    new RegExp(`^feedback\\s+${ID}\\s+(up|down|👍|👎)(?:\\s+([\\s\\S]+))?$`, 'iu'),
    (m) => ({ name: 'feedback', attemptId: m[1]!.toLowerCase(), value: m[2] === 'up' || m[2] === '👍' ? 'up' : 'down', text: m[3]?.trim() }),
  ],
];

export function parseCommand(text: string): Command | undefined {
  const t = text.trim().replace(/^\/threadsql\s+/i, '');
  for (const [re, build] of RULES) {
    const m = t.match(re);
    if (m) return build(m);
  }
  return undefined;
}
