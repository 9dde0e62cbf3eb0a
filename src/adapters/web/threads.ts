// The web user's threads, read back from the audit trail: every web question is an attempt in a
// thread session keyed by (platform 'web', channel = the user's own channel, thread id). Only the
// viewer's own attempts are read (listForViewer, scope 'own'), so a thread list never shows anyone
// else's questions — not even to an admin.
import type { AttemptRow, SessionRow, Store, Viewer } from '../../store/store.ts';

/** Each web user gets their own channel, so two people can never share a thread's turns. */
export function webChannelFor(userId: string): string {
  return `web-user:${userId}`;
}

/** Thread ids are made by the page (crypto.randomUUID) or any client: short, URL-safe. */
export const THREAD_ID = /^[A-Za-z0-9_-]{6,64}$/;

export interface WebThreadSummary {
  id: string;
  title: string;
  turns: number;
  lastAskedAt: string;
}

export interface WebTurn {
  attemptId: string;
  question: string | null;
  status: string;
  error: string | null;
  askedAt: string;
  /** The SQL that ran (the viewer's own attempt). */
  sql: string | null;
  /** From the manifest when there is a result: the page loads its table and chart by attempt id. */
  result: { totalRows: number; pageCount: number; exportRowCount: number; exportTruncated: boolean; hasChart: boolean } | null;
  feedback: 'up' | 'down' | null;
}

// listForViewer returns at most 200 rows; the thread list shows the threads of the newest 200 questions.
const SCAN = 200;

async function ownWebAttempts(store: Store, viewer: Viewer, userId: string): Promise<Array<{ attempt: AttemptRow; threadId: string }>> {
  // `all` left off: scope 'own' even for an admin, whose thread list is theirs alone.
  const attempts = (await store.attempts.listForViewer(viewer, { limit: SCAN })).filter((a) => a.platform === 'web' && a.sessionId);
  const sessions = new Map<string, SessionRow | undefined>();
  for (const id of new Set(attempts.map((a) => a.sessionId!))) sessions.set(id, await store.sessions.get(id));
  const channel = webChannelFor(userId);
  return attempts.flatMap((attempt) => {
    const s = sessions.get(attempt.sessionId!);
    return s && s.channelId === channel && s.threadKey ? [{ attempt, threadId: s.threadKey }] : [];
  });
}

/** The user's threads, most recently used first. */
export async function listThreads(store: Store, viewer: Viewer, userId: string): Promise<WebThreadSummary[]> {
  const byThread = new Map<string, AttemptRow[]>();
  for (const { attempt, threadId } of await ownWebAttempts(store, viewer, userId)) {
    byThread.set(threadId, [...(byThread.get(threadId) ?? []), attempt]);
  }
  return [...byThread.entries()].map(([id, rows]) => {
    const oldestFirst = [...rows].reverse();
    const first = oldestFirst.find((r) => r.naturalLanguageQuery)?.naturalLanguageQuery ?? 'Untitled thread';
    return { id, title: first, turns: rows.length, lastAskedAt: rows[0]!.createdAt.toISOString() };
  });
}

/** The turns of one thread, oldest first; empty when the thread is unknown or not the user's. */
export async function threadTurns(store: Store, viewer: Viewer, userId: string, threadId: string): Promise<WebTurn[]> {
  const rows = (await ownWebAttempts(store, viewer, userId)).filter((r) => r.threadId === threadId).map((r) => r.attempt);
  const turns: WebTurn[] = [];
  for (const a of rows.reverse()) {
    const manifest = a.status === 'success' ? await store.manifests.getForViewer(a.id, viewer) : undefined;
    turns.push({
      attemptId: a.id,
      question: a.naturalLanguageQuery,
      status: a.status,
      error: a.error,
      askedAt: a.createdAt.toISOString(),
      sql: a.generatedSql,
      result: manifest
        ? { totalRows: manifest.totalRows, pageCount: manifest.pageCount, exportRowCount: manifest.exportRowCount, exportTruncated: manifest.exportTruncated, hasChart: manifest.chartSpec != null }
        : null,
      feedback: a.feedback,
    });
  }
  return turns;
}
