// The audit trail. An attempt is written with status 'pending' BEFORE any work, and leaves that
// state exactly once: finish(), or closeOrphans() after a crash. Reads go through a Viewer.
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { ThreadsqlError, type ErrorCode } from '../lib/errors.ts';
import type { RepoDeps } from './db.ts';
import { ADD_EXCLUDED, EXECUTED_STATUSES, weekStartOf } from './metrics-repo.ts';
import {
  FINAL_ATTEMPT_STATUSES,
  metricsRollup,
  queryAttempts,
  queryResultsManifest,
  sessions,
  users,
  type AttemptRow,
  type AttemptStatus,
  type Feedback,
  type FinalAttemptStatus,
  type Platform,
  type SqlSource,
} from './schema.ts';
import { visibleAttempts, type Viewer } from './viewer.ts';

/** The error recorded on attempts that a crash or shutdown left open. */
export const INTERRUPTED_MESSAGE = 'interrupted: threadsql stopped before this finished';

export interface StartAttemptInput {
  userId: string;
  sessionId?: string | null | undefined;
  platform: Platform;
  question?: string | null | undefined;
  /** SQL known up front (typed by the user, or a retry of earlier SQL). */
  sql?: string | null | undefined;
  sqlSource?: SqlSource | null | undefined;
  originalAttemptId?: string | null | undefined;
}

export interface GeneratedInput {
  sql: string;
  sqlSource: SqlSource;
  generationMs: number;
  promptTokens?: number | null | undefined;
  completionTokens?: number | null | undefined;
  model?: string | null | undefined;
  costUsd?: number | null | undefined;
}

export interface FinishInput {
  status: FinalAttemptStatus;
  executionMs?: number | null | undefined;
  /** When the query was sent to the warehouse, if markExecuting() did not already record it. */
  executedAt?: Date | null | undefined;
  errorCode?: ErrorCode | null | undefined;
  /** The user-safe message (ThreadsqlError.userMessage). */
  error?: string | null | undefined;
}

export interface ListOptions {
  /** 1–200; default 20. */
  limit?: number | undefined;
  offset?: number | undefined;
  /** Admins only: everyone's attempts instead of their own. Ignored for other roles. */
  all?: boolean | undefined;
  /** Words that must each appear in the question or the SQL (case-insensitive for ASCII). */
  search?: string | undefined;
  /** Only attempts in this status. */
  status?: AttemptStatus | undefined;
  /** Only attempts from this platform. */
  platform?: Platform | undefined;
  /** Only this user's attempts (store user id); within what the viewer may see. */
  userId?: string | undefined;
  /** Asked at or after this instant. */
  createdFrom?: Date | undefined;
  /** Asked strictly before this instant. */
  createdBefore?: Date | undefined;
}

/** A person who has asked at least one question the viewer may see (the admin console's user filter). */
export interface Asker {
  userId: string;
  platform: Platform;
  displayName: string;
  attempts: number;
}

/** A 👎 with its attempt and who gave it, for the admin console's feedback inbox. */
export interface FeedbackItem {
  attemptId: string;
  userId: string;
  userDisplayName: string;
  platform: Platform;
  question: string | null;
  sql: string | null;
  status: AttemptStatus;
  feedbackText: string | null;
  feedbackAt: Date;
}

/** An attempt a crash or restart interrupted, and where it was asked. */
export interface InterruptedAttempt {
  id: string;
  platform: Platform;
  tenantId: string;
  channelId: string;
  threadKey: string;
  question: string | null;
}

/** One earlier turn of a thread, for the prompt's "thread turns" section. */
export interface ThreadTurn {
  id: string;
  question: string | null;
  sql: string | null;
  status: AttemptStatus;
  errorCode: string | null;
  /** The user-safe message posted in the thread (for a clarification: the question asked). */
  error: string | null;
  originalAttemptId: string | null;
  /** From the result manifest (successful turns): row count and column names, never the data. */
  totalRows: number | null;
  columns: string[];
  createdAt: Date;
}

/** A search word found in at most this many attempts drives the history read from the search index. */
const SEARCH_CANDIDATES_MAX = 500;

export interface AttemptsRepo {
  /** Write the attempt row before any work; returns its id. */
  start(input: StartAttemptInput): Promise<string>;
  /** Record the generated SQL (open attempts only); false if the attempt is not open. */
  markGenerated(id: string, input: GeneratedInput): Promise<boolean>;
  /** Record that the query is being sent to the warehouse now (open attempts only). */
  markExecuting(id: string): Promise<boolean>;
  /** Name the attempt this one continues (an answer to our clarifying question); open attempts only. */
  linkOriginal(id: string, originalAttemptId: string): Promise<boolean>;
  /**
   * Close an open attempt in a final status and count it into the week's metrics, in one
   * transaction. Returns false — and changes nothing — when the attempt was already finished.
   */
  finish(id: string, input: FinishInput): Promise<boolean>;
  /**
   * Close attempts a crash left open: 'failed_execution' when the query had been sent to the
   * warehouse (executed_at set; its outcome is unknown), otherwise 'not_executed' (nothing ran).
   * `createdBefore` (default now) keeps a replica from closing another live replica's attempts.
   */
  closeOrphans(reason?: string, options?: { createdBefore?: Date }): Promise<number>;
  /**
   * Attempts closed by closeOrphans(reason) since `since`, with the thread they were asked in, so
   * an adapter can tell the asker (the engine posts nothing on its own).
   */
  interruptedSince(since: Date, reason: string): Promise<InterruptedAttempt[]>;
  /** Thumbs up/down on an attempt the viewer may see; false when it is not visible. */
  recordFeedback(id: string, viewer: Viewer, feedback: Feedback, text?: string | null): Promise<boolean>;
  /** The attempt, or undefined when it does not exist OR the viewer may not see it (never "forbidden"). */
  getForViewer(id: string, viewer: Viewer): Promise<AttemptRow | undefined>;
  /**
   * The full id for an id or a short prefix (8+ characters, as replies show them) among the attempts
   * the viewer may see; undefined when none or several match.
   */
  resolveIdForViewer(idOrPrefix: string, viewer: Viewer): Promise<string | undefined>;
  /** Newest first. A non-admin always gets only their own attempts. */
  listForViewer(viewer: Viewer, options?: ListOptions): Promise<AttemptRow[]>;
  /** Users with attempts the viewer may see (everyone for an admin asking with `all`), most attempts first. */
  askersForViewer(viewer: Viewer, options?: { all?: boolean | undefined }): Promise<Asker[]>;
  /** 👎 on attempts the viewer may see, newest feedback first; `withTextOnly` keeps those with a comment. */
  downvotesForViewer(viewer: Viewer, options?: { all?: boolean | undefined; limit?: number | undefined; withTextOnly?: boolean | undefined }): Promise<FeedbackItem[]>;
  /**
   * Earlier turns of one thread session, oldest first, for follow-up questions. Only what was
   * already posted in that thread (question, SQL, status) — not a general read path.
   */
  threadTurns(sessionId: string, limit: number, options?: { before?: string | undefined }): Promise<ThreadTurn[]>;
}

const MAX_LIST = 200;
const isOpen = eq(queryAttempts.status, 'pending');

export function createAttemptsRepo({ db, clock }: RepoDeps): AttemptsRepo {
  /**
   * The attempt ids holding the rarest search word of 3+ characters, from the trigram index
   * (drizzle/0004_attempts_search.sql), when that word is rare enough to drive the read; undefined
   * when every word is short or common (then the plain scan, which stops early, is the quick way).
   */
  async function rareWordCandidates(words: string[]): Promise<string[] | undefined> {
    let best: string[] | undefined;
    for (const word of words) {
      if ([...word].length < 3) continue;
      const phrase = `"${word.replace(/"/g, '""')}"`;
      const rows = await db.all<{ attempt_id: string }>(
        sql`SELECT DISTINCT attempt_id FROM attempts_fts WHERE attempts_fts MATCH ${phrase} LIMIT ${SEARCH_CANDIDATES_MAX + 1}`,
      );
      if (rows.length > SEARCH_CANDIDATES_MAX) continue;
      if (!best || rows.length < best.length) best = rows.map((r) => r.attempt_id);
      if (best.length === 0) break;
    }
    return best;
  }

  return {
    async start(input) {
      const id = clock.newId();
      await db
        .insert(queryAttempts)
        .values({
          id,
          userId: input.userId,
          sessionId: input.sessionId ?? null,
          platform: input.platform,
          naturalLanguageQuery: input.question ?? null,
          generatedSql: input.sql ?? null,
          sqlSource: input.sqlSource ?? null,
          status: 'pending',
          createdAt: clock.now(),
          originalAttemptId: input.originalAttemptId ?? null,
        })
        .run();
      return id;
    },

    async markGenerated(id, input) {
      const result = await db
        .update(queryAttempts)
        .set({
          generatedSql: input.sql,
          sqlSource: input.sqlSource,
          generatedAt: clock.now(),
          generationMs: Math.max(0, Math.round(input.generationMs)),
          promptTokens: input.promptTokens ?? null,
          completionTokens: input.completionTokens ?? null,
          model: input.model ?? null,
          costUsd: input.costUsd ?? null,
        })
        .where(and(eq(queryAttempts.id, id), isOpen))
        .run();
      return result.rowsAffected === 1;
    },

    async markExecuting(id) {
      const result = await db
        .update(queryAttempts)
        .set({ executedAt: clock.now() })
        .where(and(eq(queryAttempts.id, id), isOpen))
        .run();
      return result.rowsAffected === 1;
    },

    async linkOriginal(id, originalAttemptId) {
      const result = await db
        .update(queryAttempts)
        .set({ originalAttemptId })
        .where(and(eq(queryAttempts.id, id), isOpen))
        .run();
      return result.rowsAffected === 1;
    },

    async finish(id, input) {
      if (!FINAL_ATTEMPT_STATUSES.includes(input.status)) {
        throw new ThreadsqlError('internal', 'Something went wrong while saving this; please try again.', {
          message: `attempts.finish: "${String(input.status)}" is not a final status`,
        });
      }
      const finishedAt = clock.now();
      const executed = EXECUTED_STATUSES.includes(input.status) ? 1 : 0;
      const success = input.status === 'success' ? 1 : 0;
      // Both statements test status = 'pending' inside one BEGIN IMMEDIATE transaction: the rollup
      // row is counted exactly when the update closes the attempt, and a second finish() does neither.
      const [, update] = await db.batch([
        db.run(sql`
          INSERT INTO metrics_rollup
            (week_start, user_id, attempts_count, executed_count, success_count, prompt_tokens, completion_tokens, cost_usd)
          SELECT ${weekStartOf(finishedAt)}, user_id, 1, ${executed}, ${success},
                 coalesce(prompt_tokens, 0), coalesce(completion_tokens, 0), coalesce(cost_usd, 0)
          FROM ${queryAttempts}
          WHERE ${queryAttempts.id} = ${id} AND ${queryAttempts.status} = 'pending'
          ON CONFLICT (week_start, user_id) DO UPDATE SET ${rollupAddSql()}`),
        db
          .update(queryAttempts)
          .set({
            status: input.status,
            finishedAt,
            executionMs: input.executionMs == null ? null : Math.max(0, Math.round(input.executionMs)),
            ...(input.executedAt ? { executedAt: input.executedAt } : {}),
            errorCode: input.errorCode ?? null,
            error: input.error ?? null,
          })
          .where(and(eq(queryAttempts.id, id), isOpen)),
      ]);
      return update.rowsAffected === 1;
    },

    async closeOrphans(reason = INTERRUPTED_MESSAGE, options = {}) {
      const now = clock.now();
      const cutoff = options.createdBefore ?? now;
      const orphan = and(isOpen, lt(queryAttempts.createdAt, cutoff))!;
      const executedSql = sql`${queryAttempts.executedAt} IS NOT NULL`;
      const [, update] = await db.batch([
        db.run(sql`
          INSERT INTO metrics_rollup
            (week_start, user_id, attempts_count, executed_count, success_count, prompt_tokens, completion_tokens, cost_usd)
          SELECT ${weekStartOf(now)}, user_id, count(*), sum(${executedSql}), 0,
                 sum(coalesce(prompt_tokens, 0)), sum(coalesce(completion_tokens, 0)), sum(coalesce(cost_usd, 0))
          FROM ${queryAttempts}
          WHERE ${orphan}
          GROUP BY user_id
          ON CONFLICT (week_start, user_id) DO UPDATE SET ${rollupAddSql()}`),
        db
          .update(queryAttempts)
          .set({
            status: sql`CASE WHEN ${executedSql} THEN 'failed_execution' ELSE 'not_executed' END`,
            finishedAt: now,
            errorCode: 'internal',
            error: reason,
          })
          .where(orphan),
      ]);
      return update.rowsAffected;
    },

    async interruptedSince(since, reason) {
      const rows = await db
        .select({
          id: queryAttempts.id,
          platform: sessions.platform,
          tenantId: sessions.tenantId,
          channelId: sessions.channelId,
          threadKey: sessions.threadKey,
          question: queryAttempts.naturalLanguageQuery,
        })
        .from(queryAttempts)
        .innerJoin(sessions, eq(sessions.id, queryAttempts.sessionId))
        .where(and(gte(queryAttempts.finishedAt, since), eq(queryAttempts.error, reason), eq(sessions.kind, 'thread')))
        .all();
      return rows.flatMap((r) => (r.channelId && r.threadKey ? [{ ...r, channelId: r.channelId, threadKey: r.threadKey }] : []));
    },

    async recordFeedback(id, viewer, feedback, text) {
      const result = await db
        .update(queryAttempts)
        .set({ feedback, feedbackText: text ?? null, feedbackAt: clock.now() })
        .where(and(eq(queryAttempts.id, id), visibleAttempts(viewer)))
        .run();
      return result.rowsAffected === 1;
    },

    async getForViewer(id, viewer) {
      return db
        .select()
        .from(queryAttempts)
        .where(and(eq(queryAttempts.id, id), visibleAttempts(viewer)))
        .get();
    },

    async resolveIdForViewer(idOrPrefix, viewer) {
      const prefix = idOrPrefix.trim().toLowerCase();
      if (prefix.length < 8 || !/^[0-9a-f-]+$/.test(prefix)) return undefined;
      const rows = await db
        .select({ id: queryAttempts.id })
        .from(queryAttempts)
        .where(and(sql`${queryAttempts.id} LIKE ${`${prefix}%`}`, visibleAttempts(viewer)))
        .limit(2)
        .all();
      return rows.length === 1 ? rows[0]!.id : undefined;
    },

    async listForViewer(viewer, options = {}) {
      const limit = Math.min(MAX_LIST, Math.max(1, Math.floor(options.limit ?? 20)));
      const offset = Math.max(0, Math.floor(options.offset ?? 0));
      const words = (options.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
      // A rare search word narrows the read to the few attempts the index finds for it; common words
      // read the history newest first and stop at the page's end, which is quicker for them.
      const candidates = await rareWordCandidates(words);
      const conditions: SQL[] = [visibleAttempts(viewer, options.all ? 'all' : 'own', { useUserIndex: !candidates })];
      if (candidates) conditions.push(candidates.length > 0 ? inArray(queryAttempts.id, candidates) : sql`1 = 0`);
      if (options.status) conditions.push(eq(queryAttempts.status, options.status));
      if (options.platform) conditions.push(eq(queryAttempts.platform, options.platform));
      if (options.userId) conditions.push(eq(queryAttempts.userId, options.userId));
      if (options.createdFrom) conditions.push(gte(queryAttempts.createdAt, options.createdFrom));
      if (options.createdBefore) conditions.push(lt(queryAttempts.createdAt, options.createdBefore));
      // Every word must appear in the question or the SQL, in any order ("films rating" finds
      // "How many films per rating?"), anywhere (case-insensitive for ASCII).
      for (const word of words) {
        const pattern = `%${escapeLike(word)}%`;
        conditions.push(
          or(
            sql`${queryAttempts.naturalLanguageQuery} LIKE ${pattern} ESCAPE '\\'`,
            sql`${queryAttempts.generatedSql} LIKE ${pattern} ESCAPE '\\'`,
          )!,
        );
      }
      return db
        .select()
        .from(queryAttempts)
        .where(and(...conditions))
        .orderBy(desc(queryAttempts.createdAt), desc(queryAttempts.id))
        .limit(limit)
        .offset(offset)
        .all();
    },

    async askersForViewer(viewer, options = {}) {
      const attempts = sql<number>`count(${queryAttempts.id})`;
      return db
        .select({ userId: users.id, platform: users.platform, displayName: users.displayName, attempts })
        .from(queryAttempts)
        .innerJoin(users, eq(users.id, queryAttempts.userId))
        .where(visibleAttempts(viewer, options.all ? 'all' : 'own'))
        .groupBy(users.id)
        .orderBy(desc(attempts), users.displayName)
        .limit(MAX_LIST)
        .all();
    },

    async downvotesForViewer(viewer, options = {}) {
      const conditions: SQL[] = [visibleAttempts(viewer, options.all ? 'all' : 'own'), eq(queryAttempts.feedback, 'down')];
      if (options.withTextOnly) conditions.push(sql`coalesce(trim(${queryAttempts.feedbackText}), '') <> ''`);
      const rows = await db
        .select({
          attemptId: queryAttempts.id,
          userId: queryAttempts.userId,
          userDisplayName: users.displayName,
          platform: queryAttempts.platform,
          question: queryAttempts.naturalLanguageQuery,
          sql: queryAttempts.generatedSql,
          status: queryAttempts.status,
          feedbackText: queryAttempts.feedbackText,
          feedbackAt: queryAttempts.feedbackAt,
        })
        .from(queryAttempts)
        .innerJoin(users, eq(users.id, queryAttempts.userId))
        .where(and(...conditions))
        .orderBy(desc(queryAttempts.feedbackAt), desc(queryAttempts.id))
        .limit(Math.min(MAX_LIST, Math.max(1, Math.floor(options.limit ?? 50))))
        .all();
      // feedback = 'down' implies feedback_at is set (query_attempts_feedback_pair_ck).
      return rows.map((r) => ({ ...r, feedbackAt: r.feedbackAt! }));
    },

    async threadTurns(sessionId, limit, options = {}) {
      // `before`: only the turns recorded before that attempt (it is recorded before it waits its
      // turn, so later questions of the thread may already be recorded too). Insertion order is the
      // rowid: two questions recorded within the same millisecond still keep their order.
      const before = options.before
        ? sql`"query_attempts"."rowid" < (SELECT rowid FROM query_attempts WHERE id = ${options.before})`
        : undefined;
      const rows = await db
        .select({
          id: queryAttempts.id,
          question: queryAttempts.naturalLanguageQuery,
          sql: queryAttempts.generatedSql,
          status: queryAttempts.status,
          errorCode: queryAttempts.errorCode,
          error: queryAttempts.error,
          originalAttemptId: queryAttempts.originalAttemptId,
          totalRows: queryResultsManifest.totalRows,
          columns: queryResultsManifest.columns,
          createdAt: queryAttempts.createdAt,
        })
        .from(queryAttempts)
        .leftJoin(queryResultsManifest, eq(queryResultsManifest.attemptId, queryAttempts.id))
        .where(and(eq(queryAttempts.sessionId, sessionId), before))
        .orderBy(desc(queryAttempts.createdAt), desc(sql`"query_attempts"."rowid"`))
        .limit(Math.min(MAX_LIST, Math.max(1, Math.floor(limit))))
        .all();
      return rows.reverse().map((r) => ({ ...r, columns: (r.columns ?? []).map((c) => c.name) }));
    },
  };
}

/** `col = metrics_rollup.col + excluded.col, …` for the raw upserts above (same columns as ADD_EXCLUDED). */
function rollupAddSql(): SQL {
  const columns = Object.keys(ADD_EXCLUDED).map((key) => {
    const column = metricsRollup[key as keyof typeof ADD_EXCLUDED];
    return `${column.name} = metrics_rollup.${column.name} + excluded.${column.name}`;
  });
  return sql.raw(columns.join(', '));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
