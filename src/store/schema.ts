// The app's own store: one const per table (drizzle sqlite-core), the closed sets the engine shares,
// and the row types. Change a table here, then `npx drizzle-kit generate` and commit drizzle/ with it.
//
// Representations used everywhere:
// - timestamps: ISO-8601 UTC text, 24 characters (see column-types.ts); `Date` in TypeScript.
// - booleans: integer 0/1 with a CHECK; `boolean` in TypeScript.
// - ids: text UUIDs from lib/clock.ts.
import { sql } from 'drizzle-orm';
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import {
  booleanCheck,
  ISO_DATE_GLOB,
  isoTimestampCheck,
  jsonCheck,
  nonNegativeCheck,
  oneOfCheck,
  timestamp,
} from './column-types.ts';

// ---------------------------------------------------------------------------------------------
// Closed sets shared with the engine

export const PLATFORMS = ['slack', 'teams', 'web', 'terminal', 'local'] as const;
/** Where a user, session or attempt comes from. */
export type Platform = (typeof PLATFORMS)[number];

export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** The five final statuses of the product spec; every attempt ends in exactly one. */
export const FINAL_ATTEMPT_STATUSES = [
  'not_executed',
  'failed_generation',
  'failed_execution',
  'success',
  'timeout',
] as const;
export type FinalAttemptStatus = (typeof FINAL_ATTEMPT_STATUSES)[number];

/**
 * An attempt row is written BEFORE any work with status 'pending' and finished_at NULL: that is
 * the one open state. `attempts.finish()` moves it to a final status exactly once (a CHECK ties
 * status = 'pending' to finished_at IS NULL), and `attempts.closeOrphans()` closes the ones a
 * crash left pending. Nothing ever moves a final status back to 'pending'.
 */
export const ATTEMPT_STATUSES = ['pending', ...FINAL_ATTEMPT_STATUSES] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** Where the attempt's SQL came from: the LLM, a knowledge-base example, a cached answer, or typed by the user. */
export const SQL_SOURCES = ['model', 'kb', 'cache', 'user'] as const;
export type SqlSource = (typeof SQL_SOURCES)[number];

export const FEEDBACK_VALUES = ['up', 'down'] as const;
export type Feedback = (typeof FEEDBACK_VALUES)[number];

export const SESSION_KINDS = ['thread', 'web'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** One column of a result as the manifest keeps it (same shape as warehouse ColumnMeta). */
export interface ManifestColumn {
  name: string;
  type: string;
}

export const KB_KINDS = ['example', 'note'] as const;
export type KbKind = (typeof KB_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Tables

/** One row per chat identity: (platform, tenant/workspace, platform user id). */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    /** Slack workspace / Teams tenant; '' when the platform has none (terminal, local, web). */
    tenantId: text('tenant_id').notNull().default(''),
    platformUserId: text('platform_user_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    role: text('role', { enum: ROLES }).notNull().default('user'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: timestamp('created_at').notNull(),
    /** Only for web sign-in users; chat identities are vouched for by their platform. */
    passwordHash: text('password_hash'),
  },
  (t) => [
    uniqueIndex('users_identity_uq').on(t.platform, t.tenantId, t.platformUserId),
    oneOfCheck('users_platform_ck', t.platform, PLATFORMS),
    oneOfCheck('users_role_ck', t.role, ROLES),
    booleanCheck('users_active_ck', t.active),
    isoTimestampCheck('users_created_at_ck', t.createdAt),
    check('users_password_web_only_ck', sql`${t.passwordHash} IS NULL OR ${t.platform} = 'web'`),
  ],
);

/**
 * The spec's 8-hour sessions. A 'thread' session belongs to the conversation (platform, tenant,
 * channel, thread key), not to a user: everyone in the thread shares its turns, so user_id and
 * token_hash are NULL. A 'web' session belongs to a signed-in user and is found by its token hash.
 * expires_at = last_active_at + 8 h. At most one un-revoked session per thread (partial unique
 * index): an expired one is revoked in the same transaction that opens its successor.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: SESSION_KINDS }).notNull(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    tenantId: text('tenant_id').notNull().default(''),
    channelId: text('channel_id'),
    threadKey: text('thread_key'),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash'),
    createdAt: timestamp('created_at').notNull(),
    lastActiveAt: timestamp('last_active_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    revoked: integer('revoked', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_uq').on(t.tokenHash),
    uniqueIndex('sessions_open_thread_uq')
      .on(t.platform, t.tenantId, t.channelId, t.threadKey)
      .where(sql`kind = 'thread' AND revoked = 0`),
    index('sessions_user_idx').on(t.userId),
    index('sessions_expires_at_idx').on(t.expiresAt),
    oneOfCheck('sessions_kind_ck', t.kind, SESSION_KINDS),
    oneOfCheck('sessions_platform_ck', t.platform, PLATFORMS),
    booleanCheck('sessions_revoked_ck', t.revoked),
    check(
      'sessions_shape_ck',
      sql`(${t.kind} = 'thread' AND ${t.channelId} IS NOT NULL AND ${t.threadKey} IS NOT NULL AND ${t.userId} IS NULL AND ${t.tokenHash} IS NULL)
        OR (${t.kind} = 'web' AND ${t.userId} IS NOT NULL AND ${t.tokenHash} IS NOT NULL AND ${t.channelId} IS NULL AND ${t.threadKey} IS NULL)`,
    ),
    isoTimestampCheck('sessions_created_at_ck', t.createdAt),
    isoTimestampCheck('sessions_last_active_at_ck', t.lastActiveAt),
    isoTimestampCheck('sessions_expires_at_ck', t.expiresAt),
  ],
);

/** Every question and command that does work: the audit trail. Written before any work. */
export const queryAttempts = sqliteTable(
  'query_attempts',
  {
    id: text('id').primaryKey(),
    // RESTRICT: audit history survives; a user with attempts cannot be deleted.
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    naturalLanguageQuery: text('natural_language_query'),
    generatedSql: text('generated_sql'),
    sqlSource: text('sql_source', { enum: SQL_SOURCES }),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('pending'),
    createdAt: timestamp('created_at').notNull(),
    generatedAt: timestamp('generated_at'),
    executedAt: timestamp('executed_at'),
    finishedAt: timestamp('finished_at'),
    generationMs: integer('generation_ms'),
    executionMs: integer('execution_ms'),
    /** Retry lineage: the attempt this one retries. */
    originalAttemptId: text('original_attempt_id').references((): AnySQLiteColumn => queryAttempts.id, {
      onDelete: 'set null',
    }),
    /** An ErrorCode from lib/errors.ts. */
    errorCode: text('error_code'),
    /** The user-safe message (ThreadsqlError.userMessage), never a driver message. */
    error: text('error'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    model: text('model'),
    costUsd: real('cost_usd'),
    feedback: text('feedback', { enum: FEEDBACK_VALUES }),
    feedbackText: text('feedback_text'),
    feedbackAt: timestamp('feedback_at'),
  },
  (t) => [
    index('query_attempts_user_created_idx').on(t.userId, t.createdAt),
    index('query_attempts_status_idx').on(t.status),
    index('query_attempts_session_idx').on(t.sessionId),
    index('query_attempts_original_idx').on(t.originalAttemptId),
    index('query_attempts_created_idx').on(t.createdAt),
    oneOfCheck('query_attempts_platform_ck', t.platform, PLATFORMS),
    oneOfCheck('query_attempts_status_ck', t.status, ATTEMPT_STATUSES),
    // A NULL makes `IN (...)` NULL, which a CHECK accepts: nullable closed sets need no extra clause.
    oneOfCheck('query_attempts_sql_source_ck', t.sqlSource, SQL_SOURCES),
    oneOfCheck('query_attempts_feedback_ck', t.feedback, FEEDBACK_VALUES),
    // The open state and finished_at agree: pending ⇔ not finished.
    check('query_attempts_open_ck', sql`(${t.status} = 'pending') = (${t.finishedAt} IS NULL)`),
    check('query_attempts_feedback_pair_ck', sql`(${t.feedback} IS NULL) = (${t.feedbackAt} IS NULL)`),
    check('query_attempts_not_own_original_ck', sql`${t.originalAttemptId} IS NULL OR ${t.originalAttemptId} <> ${t.id}`),
    nonNegativeCheck('query_attempts_generation_ms_ck', t.generationMs),
    nonNegativeCheck('query_attempts_execution_ms_ck', t.executionMs),
    nonNegativeCheck('query_attempts_prompt_tokens_ck', t.promptTokens),
    nonNegativeCheck('query_attempts_completion_tokens_ck', t.completionTokens),
    nonNegativeCheck('query_attempts_cost_usd_ck', t.costUsd),
    isoTimestampCheck('query_attempts_created_at_ck', t.createdAt),
    isoTimestampCheck('query_attempts_generated_at_ck', t.generatedAt),
    isoTimestampCheck('query_attempts_executed_at_ck', t.executedAt),
    isoTimestampCheck('query_attempts_finished_at_ck', t.finishedAt),
    isoTimestampCheck('query_attempts_feedback_at_ck', t.feedbackAt),
  ],
);

/** Per attempt: the shape of its result and where its export lives. The rows themselves are never stored here. */
export const queryResultsManifest = sqliteTable(
  'query_results_manifest',
  {
    attemptId: text('attempt_id')
      .primaryKey()
      .references(() => queryAttempts.id, { onDelete: 'cascade' }),
    /** The result's columns with the warehouse's type names, stored as a JSON array. */
    columns: text('columns_json', { mode: 'json' }).$type<ManifestColumn[]>().notNull(),
    totalRows: integer('total_rows').notNull(),
    /** True when the THREADSQL_MAX_ROWS cap stopped reading: total_rows is then a lower bound. */
    rowCountCapped: integer('row_count_capped', { mode: 'boolean' }).notNull().default(false),
    pageSize: integer('page_size').notNull().default(500),
    pageCount: integer('page_count').notNull(),
    exportRowLimit: integer('export_row_limit').notNull().default(10_000),
    exportTruncated: integer('export_truncated', { mode: 'boolean' }).notNull().default(false),
    exportFilePath: text('export_file_path'),
    exportRowCount: integer('export_row_count').notNull().default(0),
    /** Vega-Lite spec of the chart, when one was drawn (JSON). */
    chartSpec: text('chart_spec_json', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    jsonCheck('query_results_manifest_columns_json_ck', t.columns, sql`json_type(${t.columns}) = 'array'`),
    jsonCheck('query_results_manifest_chart_spec_json_ck', t.chartSpec),
    nonNegativeCheck('query_results_manifest_total_rows_ck', t.totalRows),
    check('query_results_manifest_page_size_ck', sql`${t.pageSize} > 0`),
    nonNegativeCheck('query_results_manifest_page_count_ck', t.pageCount),
    check('query_results_manifest_export_row_limit_ck', sql`${t.exportRowLimit} > 0`),
    check(
      'query_results_manifest_export_row_count_ck',
      sql`${t.exportRowCount} >= 0 AND ${t.exportRowCount} <= ${t.exportRowLimit}`,
    ),
    booleanCheck('query_results_manifest_row_count_capped_ck', t.rowCountCapped),
    booleanCheck('query_results_manifest_export_truncated_ck', t.exportTruncated),
    isoTimestampCheck('query_results_manifest_created_at_ck', t.createdAt),
  ],
);

/** Introspected warehouse schemas, deduplicated by the hash of what was read. */
export const schemaSnapshots = sqliteTable(
  'schema_snapshots',
  {
    id: text('id').primaryKey(),
    /** Last time this exact schema was seen (touched on every load with the same hash). */
    loadedAt: timestamp('loaded_at').notNull(),
    sourceHash: text('source_hash').notNull(),
    tableCount: integer('table_count').notNull(),
    columnCount: integer('column_count').notNull(),
    /** The snapshot itself, serialized by warehouse/ (the store does not read inside it). */
    tablesJson: text('tables_json').notNull(),
    /** 'pg', 'demo', … */
    warehouseKind: text('warehouse_kind').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('schema_snapshots_source_hash_uq').on(t.sourceHash),
    index('schema_snapshots_loaded_at_idx').on(t.loadedAt),
    jsonCheck('schema_snapshots_tables_json_ck', t.tablesJson),
    nonNegativeCheck('schema_snapshots_table_count_ck', t.tableCount),
    nonNegativeCheck('schema_snapshots_column_count_ck', t.columnCount),
    isoTimestampCheck('schema_snapshots_loaded_at_ck', t.loadedAt),
    isoTimestampCheck('schema_snapshots_created_at_ck', t.createdAt),
  ],
);

/** The knowledge base as last loaded from kb/: examples (question → SQL) and notes. */
export const kbExamplesIndex = sqliteTable(
  'kb_examples_index',
  {
    id: text('id').primaryKey(),
    /** Relative to the KB directory. */
    filePath: text('file_path').notNull(),
    kind: text('kind', { enum: KB_KINDS }).notNull(),
    questionText: text('question_text').notNull(),
    /** JSON array of strings. */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    sqlText: text('sql_text'),
    contentHash: text('content_hash').notNull(),
    lastLoadedAt: timestamp('last_loaded_at').notNull(),
    /** Reserved for libSQL vectors (F32_BLOB) once an embeddings model is configured; NULL until then. */
    embedding: blob('embedding', { mode: 'buffer' }),
    /**
     * What the full-text index reads besides question and tags: an example's header notes, or a
     * note's whole text. The FTS5 table kb_fts mirrors question_text, tags and body through
     * triggers (custom migration drizzle/0002_kb_fts.sql), so every write here keeps it in step.
     */
    body: text('body').notNull().default(''),
    /**
     * The embeddings model that produced `embedding` (float32 little-endian, as libSQL's vector32()
     * stores it). A vector from another model is never compared with this one's: it is recomputed.
     */
    embeddingModel: text('embedding_model'),
  },
  (t) => [
    uniqueIndex('kb_examples_index_file_path_uq').on(t.filePath),
    oneOfCheck('kb_examples_index_kind_ck', t.kind, KB_KINDS),
    check('kb_examples_index_example_sql_ck', sql`${t.kind} = 'note' OR ${t.sqlText} IS NOT NULL`),
    jsonCheck('kb_examples_index_tags_ck', t.tags, sql`json_type(${t.tags}) = 'array'`),
    isoTimestampCheck('kb_examples_index_last_loaded_at_ck', t.lastLoadedAt),
  ],
);

/** Weekly counts per user, kept in step with attempts (updated in the same transaction that finishes one). */
export const metricsRollup = sqliteTable(
  'metrics_rollup',
  {
    /** ISO date of the Monday (UTC) that starts the week. */
    weekStart: text('week_start').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    attemptsCount: integer('attempts_count').notNull().default(0),
    /** Attempts that reached the warehouse: success, failed_execution or timeout. */
    executedCount: integer('executed_count').notNull().default(0),
    successCount: integer('success_count').notNull().default(0),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'metrics_rollup_pk', columns: [t.weekStart, t.userId] }),
    index('metrics_rollup_user_idx').on(t.userId),
    check(
      'metrics_rollup_week_start_ck',
      sql`${t.weekStart} GLOB ${sql.raw(ISO_DATE_GLOB)} AND strftime('%w', ${t.weekStart}) = '1'`,
    ),
    check(
      'metrics_rollup_counts_ck',
      sql`${t.successCount} >= 0 AND ${t.successCount} <= ${t.executedCount} AND ${t.executedCount} <= ${t.attemptsCount}`,
    ),
    nonNegativeCheck('metrics_rollup_prompt_tokens_ck', t.promptTokens),
    nonNegativeCheck('metrics_rollup_completion_tokens_ck', t.completionTokens),
    nonNegativeCheck('metrics_rollup_cost_usd_ck', t.costUsd),
  ],
);

/** Platform event / activity ids already handled: no double answers across retries, restarts and replicas. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at').notNull(),
    attemptId: text('attempt_id').references(() => queryAttempts.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ name: 'processed_events_pk', columns: [t.platform, t.eventId] }),
    index('processed_events_received_at_idx').on(t.receivedAt),
    index('processed_events_attempt_idx').on(t.attemptId),
    oneOfCheck('processed_events_platform_ck', t.platform, PLATFORMS),
    isoTimestampCheck('processed_events_received_at_ck', t.receivedAt),
  ],
);

/**
 * Answers already written by the model, reused for an identical prompt without calling it again
 * (see nl2sql/cache-key.ts for what the key covers). Entries expire; `schema refresh` clears all.
 */
export const answerCache = sqliteTable(
  'answer_cache',
  {
    /** sha256 (64 lower-case hex digits) of the canonical prompt description. */
    key: text('key').primaryKey(),
    sql: text('sql').notNull(),
    /** The model that wrote the SQL. */
    model: text('model').notNull(),
    /** Schema snapshot hash and KB state the answer was written against (also inside the key; kept for ops). */
    schemaHash: text('schema_hash').notNull(),
    kbState: text('kb_state').notNull(),
    /** The attempt whose answer this is; the cache entry outlives the attempt's deletion. */
    sourceAttemptId: text('source_attempt_id').references(() => queryAttempts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    hitCount: integer('hit_count').notNull().default(0),
    lastHitAt: timestamp('last_hit_at'),
  },
  (t) => [
    index('answer_cache_expires_at_idx').on(t.expiresAt),
    index('answer_cache_schema_hash_idx').on(t.schemaHash),
    index('answer_cache_source_attempt_idx').on(t.sourceAttemptId),
    check('answer_cache_key_ck', sql`length(${t.key}) = 64 AND ${t.key} NOT GLOB '*[^0-9a-f]*'`),
    check('answer_cache_sql_ck', sql`length(trim(${t.sql})) > 0`),
    check('answer_cache_expiry_ck', sql`${t.expiresAt} > ${t.createdAt}`),
    nonNegativeCheck('answer_cache_hit_count_ck', t.hitCount),
    // Never hit ⇔ no last hit.
    check('answer_cache_hit_pair_ck', sql`(${t.hitCount} = 0) = (${t.lastHitAt} IS NULL)`),
    isoTimestampCheck('answer_cache_created_at_ck', t.createdAt),
    isoTimestampCheck('answer_cache_expires_at_ck', t.expiresAt),
    isoTimestampCheck('answer_cache_last_hit_at_ck', t.lastHitAt),
  ],
);

/**
 * Where a platform conversation can be reached again without an incoming message (Teams proactive
 * messages: a long answer finished, private history sent to personal chat, the interrupted-question
 * notice after a restart). `reference` is the platform's own JSON (Bot Framework's
 * ConversationReference); nothing secret is in it. `user_id` is set for a user's personal chat.
 */
export const conversationRefs = sqliteTable(
  'conversation_refs',
  {
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    tenantId: text('tenant_id').notNull().default(''),
    conversationId: text('conversation_id').notNull(),
    /** The user whose personal (1:1) chat this is; NULL for channels and group chats. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    reference: text('reference_json', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'conversation_refs_pk', columns: [t.platform, t.tenantId, t.conversationId] }),
    index('conversation_refs_user_idx').on(t.userId),
    oneOfCheck('conversation_refs_platform_ck', t.platform, PLATFORMS),
    jsonCheck('conversation_refs_reference_ck', t.reference),
    isoTimestampCheck('conversation_refs_updated_at_ck', t.updatedAt),
  ],
);

/**
 * One-time web sign-in links (sent in a Slack or Teams DM by `/threadsql web`): only the hash of
 * the token is kept; a link works once, before it expires, for the user it was made for.
 */
export const signInLinks = sqliteTable(
  'sign_in_links',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    usedAt: timestamp('used_at'),
  },
  (t) => [
    uniqueIndex('sign_in_links_token_hash_uq').on(t.tokenHash),
    index('sign_in_links_user_idx').on(t.userId),
    index('sign_in_links_expires_at_idx').on(t.expiresAt),
    check('sign_in_links_expiry_ck', sql`${t.expiresAt} > ${t.createdAt}`),
    isoTimestampCheck('sign_in_links_created_at_ck', t.createdAt),
    isoTimestampCheck('sign_in_links_expires_at_ck', t.expiresAt),
    isoTimestampCheck('sign_in_links_used_at_ck', t.usedAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Row types

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type NewSessionRow = typeof sessions.$inferInsert;
export type AttemptRow = typeof queryAttempts.$inferSelect;
export type NewAttemptRow = typeof queryAttempts.$inferInsert;
export type ManifestRow = typeof queryResultsManifest.$inferSelect;
export type NewManifestRow = typeof queryResultsManifest.$inferInsert;
export type SchemaSnapshotRow = typeof schemaSnapshots.$inferSelect;
export type NewSchemaSnapshotRow = typeof schemaSnapshots.$inferInsert;
export type KbEntryRow = typeof kbExamplesIndex.$inferSelect;
export type NewKbEntryRow = typeof kbExamplesIndex.$inferInsert;
export type MetricsRollupRow = typeof metricsRollup.$inferSelect;
export type ProcessedEventRow = typeof processedEvents.$inferSelect;
export type AnswerCacheRow = typeof answerCache.$inferSelect;
export type NewAnswerCacheRow = typeof answerCache.$inferInsert;
export type ConversationRefRow = typeof conversationRefs.$inferSelect;
export type SignInLinkRow = typeof signInLinks.$inferSelect;
