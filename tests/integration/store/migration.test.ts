// The generated migration builds every table, index and constraint the data model promises, and
// SQLite enforces them: foreign keys with their ON DELETE rules, CHECKs on closed sets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import type { Store } from '../../../src/store/store.ts';
import { makeTempDir, openFileStore, rawClient, type TempDir } from './store-test-helpers.ts';

const TABLES = [
  'users',
  'sessions',
  'query_attempts',
  'query_results_manifest',
  'schema_snapshots',
  'kb_examples_index',
  'metrics_rollup',
  'processed_events',
  'answer_cache',
  'conversation_refs',
  'sign_in_links',
  // The knowledge base's FTS5 table (custom migration 0002_kb_fts) and the shadow tables FTS5 keeps.
  'kb_fts',
  'kb_fts_config',
  'kb_fts_content',
  'kb_fts_data',
  'kb_fts_docsize',
  'kb_fts_idx',
  // The attempts' search index (custom migration 0004_attempts_search) and its shadow tables.
  'attempts_fts',
  'attempts_fts_config',
  'attempts_fts_content',
  'attempts_fts_data',
  'attempts_fts_docsize',
  'attempts_fts_idx',
];

/** Every migration in drizzle/, from drizzle-kit's journal. */
const MIGRATION_COUNT = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

const INDEXES: Record<string, Array<{ name: string; unique: boolean; columns: string[] }>> = {
  users: [{ name: 'users_identity_uq', unique: true, columns: ['platform', 'tenant_id', 'platform_user_id'] }],
  sessions: [
    { name: 'sessions_token_hash_uq', unique: true, columns: ['token_hash'] },
    { name: 'sessions_open_thread_uq', unique: true, columns: ['platform', 'tenant_id', 'channel_id', 'thread_key'] },
    { name: 'sessions_user_idx', unique: false, columns: ['user_id'] },
    { name: 'sessions_expires_at_idx', unique: false, columns: ['expires_at'] },
  ],
  query_attempts: [
    { name: 'query_attempts_user_created_idx', unique: false, columns: ['user_id', 'created_at'] },
    { name: 'query_attempts_status_idx', unique: false, columns: ['status'] },
    { name: 'query_attempts_session_idx', unique: false, columns: ['session_id'] },
    { name: 'query_attempts_original_idx', unique: false, columns: ['original_attempt_id'] },
    { name: 'query_attempts_created_idx', unique: false, columns: ['created_at'] },
  ],
  schema_snapshots: [
    { name: 'schema_snapshots_source_hash_uq', unique: true, columns: ['source_hash'] },
    { name: 'schema_snapshots_loaded_at_idx', unique: false, columns: ['loaded_at'] },
  ],
  kb_examples_index: [{ name: 'kb_examples_index_file_path_uq', unique: true, columns: ['file_path'] }],
  metrics_rollup: [{ name: 'metrics_rollup_user_idx', unique: false, columns: ['user_id'] }],
  processed_events: [
    { name: 'processed_events_received_at_idx', unique: false, columns: ['received_at'] },
    { name: 'processed_events_attempt_idx', unique: false, columns: ['attempt_id'] },
  ],
  answer_cache: [
    { name: 'answer_cache_expires_at_idx', unique: false, columns: ['expires_at'] },
    { name: 'answer_cache_schema_hash_idx', unique: false, columns: ['schema_hash'] },
    { name: 'answer_cache_source_attempt_idx', unique: false, columns: ['source_attempt_id'] },
  ],
  conversation_refs: [{ name: 'conversation_refs_user_idx', unique: false, columns: ['user_id'] }],
  sign_in_links: [
    { name: 'sign_in_links_token_hash_uq', unique: true, columns: ['token_hash'] },
    { name: 'sign_in_links_user_idx', unique: false, columns: ['user_id'] },
    { name: 'sign_in_links_expires_at_idx', unique: false, columns: ['expires_at'] },
  ],
};

const FOREIGN_KEYS: Array<{ table: string; from: string; to: string; onDelete: string }> = [
  { table: 'sessions', from: 'user_id', to: 'users', onDelete: 'CASCADE' },
  { table: 'query_attempts', from: 'user_id', to: 'users', onDelete: 'RESTRICT' },
  { table: 'query_attempts', from: 'session_id', to: 'sessions', onDelete: 'SET NULL' },
  { table: 'query_attempts', from: 'original_attempt_id', to: 'query_attempts', onDelete: 'SET NULL' },
  { table: 'query_results_manifest', from: 'attempt_id', to: 'query_attempts', onDelete: 'CASCADE' },
  { table: 'metrics_rollup', from: 'user_id', to: 'users', onDelete: 'CASCADE' },
  { table: 'processed_events', from: 'attempt_id', to: 'query_attempts', onDelete: 'SET NULL' },
  { table: 'answer_cache', from: 'source_attempt_id', to: 'query_attempts', onDelete: 'SET NULL' },
  { table: 'conversation_refs', from: 'user_id', to: 'users', onDelete: 'CASCADE' },
  { table: 'sign_in_links', from: 'user_id', to: 'users', onDelete: 'CASCADE' },
];

const TS = '2025-03-05T10:00:00.000Z';

describe('store migration', () => {
  let dir: TempDir;
  let file: string;
  let store: Store;
  let db: Client;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir.path, 'threadsql.db');
    store = await openFileStore(file);
    db = rawClient(file);
    await db.execute('PRAGMA foreign_keys = ON');
  });
  afterEach(async () => {
    db.close();
    await store.close();
    await dir.remove();
  });

  const names = async (type: string) =>
    (await db.execute({ sql: "SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'", args: [type] })).rows.map(
      (r) => String(r['name']),
    );

  it('creates every table of the data model', async () => {
    expect((await names('table')).sort()).toEqual([...TABLES, '__drizzle_migrations'].sort());
  });

  it('creates every index with its columns and uniqueness', async () => {
    for (const [table, expected] of Object.entries(INDEXES)) {
      const list = (await db.execute(`SELECT name, "unique", partial FROM pragma_index_list('${table}')`)).rows;
      for (const index of expected) {
        const row = list.find((r) => r['name'] === index.name);
        expect(row, `${table}.${index.name}`).toBeDefined();
        expect(row!['unique']).toBe(index.unique ? 1 : 0);
        const columns = (await db.execute(`SELECT name FROM pragma_index_info('${index.name}') ORDER BY seqno`)).rows.map((r) => r['name']);
        expect(columns, index.name).toEqual(index.columns);
      }
    }
    const partial = (await db.execute("SELECT partial FROM pragma_index_list('sessions') WHERE name = 'sessions_open_thread_uq'")).rows[0];
    expect(partial?.['partial']).toBe(1);
  });

  it('declares every foreign key with its ON DELETE rule', async () => {
    for (const fk of FOREIGN_KEYS) {
      const rows = (await db.execute(`SELECT "from", "table", on_delete FROM pragma_foreign_key_list('${fk.table}')`)).rows;
      expect(rows, `${fk.table}.${fk.from}`).toContainEqual(expect.objectContaining({ from: fk.from, table: fk.to, on_delete: fk.onDelete }));
    }
  });

  it('declares the composite primary keys and the CHECK constraints', async () => {
    const pk = async (table: string) =>
      (await db.execute(`SELECT name FROM pragma_table_info('${table}') WHERE pk > 0 ORDER BY pk`)).rows.map((r) => r['name']);
    expect(await pk('metrics_rollup')).toEqual(['week_start', 'user_id']);
    expect(await pk('processed_events')).toEqual(['platform', 'event_id']);
    expect(await pk('query_results_manifest')).toEqual(['attempt_id']);
    const attemptsSql = String((await db.execute("SELECT sql FROM sqlite_schema WHERE name = 'query_attempts'")).rows[0]?.['sql']);
    for (const check of ['query_attempts_status_ck', 'query_attempts_open_ck', 'query_attempts_sql_source_ck', 'query_attempts_feedback_ck']) {
      expect(attemptsSql).toContain(check);
    }
  });

  it("runs the store's own connection with foreign keys on, WAL, busy_timeout ≥ 5 s and synchronous NORMAL", async () => {
    expect(await store.diagnostics()).toMatchObject({
      kind: 'file',
      foreignKeys: true,
      journalMode: 'wal',
      busyTimeoutMs: 5000,
      synchronous: 1,
    });
  });

  it('applies nothing twice when the store is opened again', async () => {
    await store.close();
    store = await openFileStore(file);
    const rows = (await db.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows;
    expect(rows[0]?.['n']).toBe(MIGRATION_COUNT);
  });

  it('keeps the FTS5 index of the knowledge base in step with kb_examples_index through triggers', async () => {
    expect((await names('trigger')).filter((n) => n.startsWith('kb_')).sort()).toEqual(['kb_examples_index_fts_ad', 'kb_examples_index_fts_ai', 'kb_examples_index_fts_au']);
    const insert = (id: string, question: string) =>
      db.execute({
        sql: `INSERT INTO kb_examples_index (id, file_path, kind, question_text, tags, sql_text, body, content_hash, last_loaded_at) VALUES (?, ?, 'example', ?, '["revenue","monthly"]', 'select 1', 'net of refunds', 'h', '${TS}')`,
        args: [id, `${id}.sql`, question],
      });
    await insert('k1', 'Monthly revenue');
    await insert('k2', 'Orders by status');
    const match = async (q: string) =>
      (await db.execute({ sql: 'SELECT entry_id FROM kb_fts WHERE kb_fts MATCH ? ORDER BY entry_id', args: [q] })).rows.map((r) => r['entry_id']);
    expect(await match('refunds')).toEqual(['k1', 'k2']);
    expect(await match('tags:monthly')).toEqual(['k1', 'k2']);
    await db.execute("UPDATE kb_examples_index SET question_text = 'Daily refunds' WHERE id = 'k2'");
    expect(await match('question:daily')).toEqual(['k2']);
    expect(await match('question:status')).toEqual([]);
    await db.execute("DELETE FROM kb_examples_index WHERE id = 'k1'");
    expect(await match('refunds')).toEqual(['k2']);
    expect((await db.execute('SELECT count(*) AS n FROM kb_fts')).rows[0]?.['n']).toBe(1);
  });

  it('indexes every question and its SQL for history search through triggers, and forgets a deleted attempt', async () => {
    expect((await names('trigger')).filter((n) => n.startsWith('query_attempts_')).sort()).toEqual(['query_attempts_fts_ad', 'query_attempts_fts_ai', 'query_attempts_fts_au']);
    const userId = (await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'USEARCH' }, false)).id;
    const id = await store.attempts.start({ userId, platform: 'slack', question: 'Monthly Revenue by region' });
    const match = async (phrase: string) =>
      (await db.execute({ sql: 'SELECT DISTINCT attempt_id FROM attempts_fts WHERE attempts_fts MATCH ?', args: [`"${phrase}"`] })).rows.map((r) => r['attempt_id']);
    expect(await match('revenue')).toEqual([id]); // any case, any part of a word
    expect(await match('order_items')).toEqual([]);
    await store.attempts.markGenerated(id, { sql: 'SELECT sum(amount) FROM order_items', sqlSource: 'model', generationMs: 5 });
    expect(await match('order_items')).toEqual([id]);
    await db.execute({ sql: 'DELETE FROM query_attempts WHERE id = ?', args: [id] });
    expect(await match('revenue')).toEqual([]);
    expect((await db.execute('SELECT count(*) AS n FROM attempts_fts')).rows[0]?.['n']).toBe(0);
  });

  describe('enforcement', () => {
    let userId: string;
    beforeEach(async () => {
      userId = (await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'U1' }, false)).id;
    });

    it('refuses to delete a user who has attempts (audit history survives)', async () => {
      await store.attempts.start({ userId, platform: 'slack', question: 'q' });
      await expect(db.execute({ sql: 'DELETE FROM users WHERE id = ?', args: [userId] })).rejects.toThrow(/FOREIGN KEY constraint failed/);
    });

    it("deleting an attempt removes its manifest and clears retries' original_attempt_id", async () => {
      const original = await store.attempts.start({ userId, platform: 'slack', question: 'q' });
      const retry = await store.attempts.start({ userId, platform: 'slack', question: 'q', originalAttemptId: original });
      await store.manifests.save({
        attemptId: original,
        columns: [{ name: 'n', type: 'int4' }],
        totalRows: 1,
        pageSize: 500,
        pageCount: 1,
        exportRowLimit: 10_000,
        exportTruncated: false,
        exportRowCount: 1,
      });
      await db.execute({ sql: 'DELETE FROM query_attempts WHERE id = ?', args: [original] });
      expect((await db.execute('SELECT count(*) AS n FROM query_results_manifest')).rows[0]?.['n']).toBe(0);
      const row = (await db.execute({ sql: 'SELECT original_attempt_id FROM query_attempts WHERE id = ?', args: [retry] })).rows[0];
      expect(row?.['original_attempt_id']).toBeNull();
    });

    it('refuses an attempt for a user that does not exist', async () => {
      await expect(store.attempts.start({ userId: 'nobody', platform: 'slack' })).rejects.toMatchObject({ code: 'internal' });
    });

    it.each([
      ["status 'done'", `'done'`, 'NULL'],
      ["a final status without finished_at", `'success'`, 'NULL'],
      ["'pending' with finished_at", `'pending'`, `'${TS}'`],
    ])('rejects an attempt with %s', async (_label, status, finishedAt) => {
      await expect(
        db.execute({
          sql: `INSERT INTO query_attempts (id, user_id, platform, status, created_at, finished_at) VALUES ('x', ?, 'slack', ${status}, '${TS}', ${finishedAt})`,
          args: [userId],
        }),
      ).rejects.toThrow(/CHECK constraint failed/);
    });

    it.each([
      ['a platform outside the closed set', `INSERT INTO users (id, platform, platform_user_id, created_at) VALUES ('u', 'irc', 'x', '${TS}')`],
      ['a role outside the closed set', `INSERT INTO users (id, platform, platform_user_id, role, created_at) VALUES ('u', 'slack', 'x', 'root', '${TS}')`],
      ['a timestamp not in the one ISO form', `INSERT INTO users (id, platform, platform_user_id, created_at) VALUES ('u', 'slack', 'x', '2025-03-05 10:00:00')`],
      ['a boolean that is not 0/1', `INSERT INTO users (id, platform, platform_user_id, active, created_at) VALUES ('u', 'slack', 'x', 2, '${TS}')`],
      ['a password hash on a chat identity', `INSERT INTO users (id, platform, platform_user_id, password_hash, created_at) VALUES ('u', 'slack', 'x', 'h', '${TS}')`],
      ['a week that does not start on Monday', `INSERT INTO metrics_rollup (week_start, user_id) VALUES ('2025-03-05', 'u')`],
      ['a thread session without a thread key', `INSERT INTO sessions (id, kind, platform, channel_id, created_at, last_active_at, expires_at) VALUES ('s', 'thread', 'slack', 'C', '${TS}', '${TS}', '${TS}')`],
      ['a kb example without SQL', `INSERT INTO kb_examples_index (id, file_path, kind, question_text, content_hash, last_loaded_at) VALUES ('k', 'a.sql', 'example', 'q', 'h', '${TS}')`],
      ['an answer cache entry that expires before it is created', `INSERT INTO answer_cache (key, sql, model, schema_hash, kb_state, created_at, expires_at) VALUES ('${'a'.repeat(64)}', 'select 1', 'm', 's', 'k', '${TS}', '${TS}')`],
      ['an answer cache hit count without a last hit', `INSERT INTO answer_cache (key, sql, model, schema_hash, kb_state, created_at, expires_at, hit_count) VALUES ('${'a'.repeat(64)}', 'select 1', 'm', 's', 'k', '${TS}', '2025-04-05T10:00:00.000Z', 1)`],
    ])('rejects %s', async (_label, statement) => {
      await expect(db.execute(statement)).rejects.toThrow(/CHECK constraint failed/);
    });
  });
});
