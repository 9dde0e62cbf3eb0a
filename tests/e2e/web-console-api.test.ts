// The web console's JSON API (History, Schema, Admin) end to end: the real app on PostgreSQL
// (Pagila), a real libSQL file store, the model faked by tests/fakes/openai-fake.ts, and the real
// HTTP server with the web routes. Three people: Alice and Bob (users) and Carol (admin via
// THREADSQL_ADMINS), told apart by a test header the way sign-in will tell them apart.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import type { WebIdentity } from '../../src/adapters/web/web-access.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { checkKbFile } from '../../src/kb/check-kb.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

const Q_CATEGORIES = 'Which film categories have the most films?';
const Q_ACTORS = 'Which actors appear in the most films?';
const Q_BOB = 'How many customers does each store have?';
// The fake model answers every question with this SQL; what differs between tests is who asks.
const SQL_CATEGORIES = 'SELECT c.name AS category, count(*) AS films FROM category AS c JOIN film_category AS fc ON fc.category_id = c.category_id GROUP BY c.name ORDER BY films DESC, c.name';

let db: TestDatabase;
let root: string;
let kbDir: string;
let app: App;
let server: HttpServer;
let model: OpenAiFake;

const people: Record<string, WebIdentity> = {
  alice: { tenantId: '', userId: 'alice', displayName: 'Alice', isAdmin: false },
  bob: { tenantId: '', userId: 'bob', displayName: 'Bob', isAdmin: false },
  carol: { tenantId: '', userId: 'carol', displayName: 'Carol', isAdmin: true },
};

beforeAll(async () => {
  db = await createTestDatabase('tsql_webconsole');
  await loadPagila(db);
  await db.admin(`COMMENT ON COLUMN public.film.rental_rate IS 'Price of one rental, in dollars'`);
  await db.admin('ANALYZE');
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-webconsole-'));
  kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(path.join(kbDir, 'films-per-rating.sql'), '-- question: How many films are there per rating?\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating;\n');
  model = await startOpenAiFake([{ kind: 'reply', body: completionBody(`\`\`\`sql\n${SQL_CATEGORIES}\n\`\`\``, { prompt: 300, completion: 40 }) }]);
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      THREADSQL_DATA_DIR: path.join(root, 'data'),
      THREADSQL_KB_DIR: kbDir,
      THREADSQL_ADMINS: 'web:carol',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: 'sk-test-key-not-real-000',
      OPENAI_MODEL: 'gpt-test',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    root,
  );
  app = await createApp(config, { logger: silentLogger });
  const identify = (req: http.IncomingMessage) => people[String(req.headers['x-test-user'])];
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(app, { identify }).routes, logger: silentLogger });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  await model?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

async function getAs(user: string, urlPath: string): Promise<{ status: number; body: Json; bytes: Buffer }> {
  const res = await fetch(`${server.url}/api/web${urlPath}`, { headers: { 'x-test-user': user } });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: Json = {};
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(bytes.toString()) as Json;
  return { status: res.status, body, bytes };
}

async function postAs(user: string, urlPath: string, body: unknown = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${server.url}/api/web${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, 'x-test-user': user },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

let threadSeq = 0;
async function ask(user: string, text: string): Promise<Json> {
  const { status, body } = await postAs(user, `/threads/${user}-console-${++threadSeq}/messages`, { text });
  expect(status).toBe(200);
  return body;
}

describe('web console API', () => {
  let aliceAnswer: string;
  let aliceAltText: string;
  let aliceFailed: string;
  let bobAnswer: string;

  beforeAll(async () => {
    const live = await ask('alice', Q_CATEGORIES);
    aliceAnswer = live.attemptId as string;
    aliceAltText = ((live.parts as Json[]).find((p) => p.kind === 'chart') as Json).altText as string;
    aliceFailed = (await ask('alice', 'sql SELECT * FROM no_such_table')).attemptId as string;
    await ask('alice', Q_ACTORS);
    bobAnswer = (await ask('bob', Q_BOB)).attemptId as string;
  }, 60_000);

  it('tells the page whether the user is an admin', async () => {
    expect((await getAs('alice', '/me')).body.user).toMatchObject({ name: 'Alice', role: 'user', isAdmin: false });
    expect((await getAs('carol', '/me')).body.user).toMatchObject({ name: 'Carol', role: 'admin', isAdmin: true });
  });

  it('reopens an answer by id: summary, first page, chart, SQL and CSV', async () => {
    const { status, body } = await getAs('alice', `/attempts/${aliceAnswer}`);
    expect(status).toBe(200);
    expect(body.attempt).toMatchObject({ id: aliceAnswer, question: Q_CATEGORIES, status: 'success', sql: SQL_CATEGORIES, model: 'gpt-test', promptTokens: 300 });
    expect(body.attempt.generationMs).toBeGreaterThanOrEqual(0);
    expect(body.attempt.executionMs).toBeGreaterThanOrEqual(0);
    expect(body.attempt.user).toBeUndefined();
    const reply = body.reply as Json;
    expect(reply).toMatchObject({ kind: 'answer', attemptId: aliceAnswer, status: 'success' });
    expect(reply.text).toMatch(/^Films by category, 16 rows; highest: /); // recomputed from the stored rows
    expect(reply.text).toMatch(/Tables: public\.category, public\.film_category/);
    expect((reply.parts as Json[]).map((p) => p.kind)).toEqual(['table', 'chart', 'sql', 'csv']);
    const table = (reply.parts as Json[])[0]!;
    expect(table.columns.map((c: Json) => c.name)).toEqual(['category', 'films']);
    expect(table.rows).toHaveLength(16);
    expect(table.rows[0]).toEqual([expect.any(String), expect.stringMatching(/^\d+$/)]);
    const chart = (reply.parts as Json[])[1]!;
    expect(chart.width).toBeGreaterThan(100);
    expect(chart.altText).toBe(aliceAltText); // the alt text the answer had when it was asked
    expect(aliceAltText).toMatch(/categor/i);
    expect((await getAs('alice', chart.url.replace('/api/web', ''))).bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(JSON.stringify(body)).not.toContain(root);
  });

  it('reopens a failed attempt with its error and SQL', async () => {
    const { body } = await getAs('alice', `/attempts/${aliceFailed}`);
    expect(body.attempt.status).not.toBe('success');
    expect(body.reply.kind).toBe('error');
    expect((body.reply.parts as Json[]).map((p) => p.kind)).toEqual(['notice', 'sql']);
  });

  it("keeps Alice's attempt, pages, chart, CSV and history from Bob, and shows them to the admin", async () => {
    for (const p of [`/attempts/${aliceAnswer}`, `/attempts/${aliceAnswer}/pages/1`, `/attempts/${aliceAnswer}/chart.png`, `/attempts/${aliceAnswer}/export.csv`]) {
      expect((await getAs('bob', p)).status, p).toBe(404);
    }
    const bobHistory = (await getAs('bob', '/history?q=categories')).body;
    expect(bobHistory.attempts).toEqual([]);
    expect((await getAs('bob', '/history')).body.attempts.map((a: Json) => a.id)).toEqual([bobAnswer]);
    const asAdmin = await getAs('carol', `/attempts/${aliceAnswer}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.attempt.user).toMatchObject({ name: 'Alice' });
    // History is personal, even for an admin: Carol's own list is empty.
    expect((await getAs('carol', '/history')).body.attempts).toEqual([]);
  });

  it("lists the user's own attempts newest first, with status and timings, and finds them by words", async () => {
    const { body } = await getAs('alice', '/history');
    expect(body.attempts.map((a: Json) => a.question ?? a.sql)).toEqual([Q_ACTORS, 'SELECT * FROM no_such_table', Q_CATEGORIES]);
    expect(body.attempts[0]).toMatchObject({ status: 'success', platform: 'web' });
    expect(typeof body.attempts[0].generationMs).toBe('number');
    expect(typeof body.attempts[0].executionMs).toBe('number');
    expect(body.hasMore).toBe(false);
    const found = await getAs('alice', `/history?q=${encodeURIComponent('most categories')}`);
    expect(found.body.attempts.map((a: Json) => a.id)).toEqual([aliceAnswer]);
    const page = await getAs('alice', '/history?limit=1&offset=1');
    expect(page.body).toMatchObject({ hasMore: true });
    expect(page.body.attempts.map((a: Json) => a.id)).toEqual([aliceFailed]);
    expect((await getAs('alice', '/history?limit=0')).status).toBe(400);
  });

  it('answers 403 on every admin endpoint for a non-admin, and writes nothing', async () => {
    for (const p of ['/admin/attempts', '/admin/users', '/admin/rollup', '/admin/feedback']) {
      expect((await getAs('alice', p)).status, p).toBe(403);
    }
    expect((await postAs('alice', '/schema/refresh')).status).toBe(403);
    expect((await postAs('alice', `/admin/attempts/${aliceAnswer}/promote`)).status).toBe(403);
    expect(await readdir(kbDir)).toEqual(['films-per-rating.sql']);
  });

  it("filters everyone's attempts for an admin by status, user, platform, words and dates", async () => {
    const all = (await getAs('carol', '/admin/attempts')).body.attempts as Json[];
    expect(all.map((a) => a.id)).toContain(bobAnswer);
    expect(all.find((a) => a.id === bobAnswer)!.user).toMatchObject({ name: 'Bob' });
    const users = (await getAs('carol', '/admin/users')).body.users as Json[];
    const alice = users.find((u) => u.name === 'Alice')!;
    expect(alice).toMatchObject({ platform: 'web' });
    expect(alice.attempts).toBeGreaterThanOrEqual(3);
    const ofAlice = (await getAs('carol', `/admin/attempts?user=${alice.id}`)).body.attempts as Json[];
    expect(new Set(ofAlice.map((a) => a.user.name))).toEqual(new Set(['Alice']));
    const failed = (await getAs('carol', '/admin/attempts?status=failed_execution')).body.attempts as Json[];
    const notExecuted = (await getAs('carol', '/admin/attempts?status=not_executed')).body.attempts as Json[];
    expect([...failed, ...notExecuted].map((a) => a.id)).toContain(aliceFailed);
    expect((await getAs('carol', '/admin/attempts?status=success&q=customers')).body.attempts.map((a: Json) => a.id)).toEqual([bobAnswer]);
    expect((await getAs('carol', '/admin/attempts?platform=slack')).body.attempts).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(((await getAs('carol', `/admin/attempts?from=${today}&to=${today}`)).body.attempts as Json[]).length).toBe(all.length);
    expect((await getAs('carol', '/admin/attempts?to=2000-01-01')).body.attempts).toEqual([]);
    expect((await getAs('carol', '/admin/attempts?status=exploded')).status).toBe(400);
    expect((await getAs('carol', '/admin/attempts?from=2025-02-30')).status).toBe(400);
  });

  it('reports the weekly rollup with attempts, success rate, tokens and cost', async () => {
    const { body } = await getAs('carol', '/admin/rollup?weeks=4');
    expect(body.weeks).toHaveLength(4);
    const thisWeek = body.weeks.at(-1) as Json;
    expect(thisWeek.attempts).toBeGreaterThanOrEqual(4);
    expect(thisWeek.successRate).toBeCloseTo(thisWeek.success / thisWeek.attempts, 6);
    expect(thisWeek.tokens).toBe(thisWeek.promptTokens + thisWeek.completionTokens);
    expect(thisWeek.promptTokens).toBeGreaterThanOrEqual(3 * 300);
    expect(body.weeks[0]).toMatchObject({ attempts: 0, successRate: null });
  });

  it('collects 👎 with their comments in the feedback inbox, newest first', async () => {
    expect((await postAs('bob', `/attempts/${bobAnswer}/feedback`, { value: 'down' })).status).toBe(200);
    expect((await postAs('alice', `/attempts/${aliceAnswer}/feedback`, { value: 'down', text: '  Counts each film twice?  ' })).status).toBe(200);
    const { body } = await getAs('carol', '/admin/feedback');
    expect(body.feedback.map((f: Json) => [f.attemptId, f.user.name, f.comment])).toEqual([
      [aliceAnswer, 'Alice', 'Counts each film twice?'],
      [bobAnswer, 'Bob', null],
    ]);
    expect((await getAs('carol', '/admin/feedback?comments=only')).body.feedback.map((f: Json) => f.attemptId)).toEqual([aliceAnswer]);
    // 👍 replaces 👎: out of the inbox.
    await postAs('bob', `/attempts/${bobAnswer}/feedback`, { value: 'up' });
    expect((await getAs('carol', '/admin/feedback')).body.feedback.map((f: Json) => f.attemptId)).toEqual([aliceAnswer]);
  });

  it('refuses to promote a failed attempt, an unknown id, or an overlong question', async () => {
    expect((await postAs('carol', `/admin/attempts/${aliceFailed}/promote`)).status).toBe(409);
    expect((await postAs('carol', `/admin/attempts/${encodeURIComponent('../../etc')}/promote`)).status).toBe(404);
    expect((await postAs('carol', `/admin/attempts/${aliceAnswer}/promote`, { question: 'x'.repeat(301) })).status).toBe(400);
    expect((await postAs('carol', `/admin/attempts/${aliceAnswer}/promote`, { tags: 'films' })).status).toBe(400);
    expect(await readdir(kbDir)).toEqual(['films-per-rating.sql']);
  });

  it('promotes a good answer into a KB file that kb check accepts, and the next identical question uses it', async () => {
    const { status, body } = await postAs('carol', `/admin/attempts/${aliceAnswer}/promote`, { tags: ['films', 'categories'] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ ok: true, file: 'which-film-categories-have-the-most-films.sql', question: Q_CATEGORIES, rows: 16 });
    const file = path.join(kbDir, body.file as string);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(`-- question: ${Q_CATEGORIES}\n-- tags: films, categories\n`)).toBe(true);
    const schema = app.schema.current()!;
    expect(await checkKbFile(file, { catalog: schema.catalog, warehouse: app.warehouse, timeoutMs: 10_000 })).toMatchObject({ ok: true, question: Q_CATEGORIES, rows: 16 });
    expect(app.kb.examples().map((e) => e.question)).toContain(Q_CATEGORIES);

    const before = model.requests.length;
    const again = await ask('bob', Q_CATEGORIES);
    expect(again.kind).toBe('answer');
    // With a model, the promoted example is the best KB match and goes into the prompt.
    expect((await app.kb.search(Q_CATEGORIES, 5))[0]!.entry.filePath).toBe(body.file);
    expect(model.requests.length).toBe(before + 1);
    expect(JSON.stringify(model.requests.at(-1)!.body)).toContain('GROUP BY c.name ORDER BY films DESC, c.name');
    // Without a model (same warehouse and KB folder), the identical question is answered from it directly.
    const kbOnly = await createApp(loadConfig({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data-kb-only'), THREADSQL_KB_DIR: kbDir }, root), { logger: silentLogger });
    try {
      const reply = await kbOnly.engine.handleMessage({ platform: 'web', tenantId: '', channelId: 'web-user:dave', threadKey: 'kb-only-1', userId: 'dave', userDisplayName: 'Dave', text: Q_CATEGORIES, isDirectMessage: true });
      expect(reply?.kind).toBe('answer');
      expect(reply?.text).toContain(`answered from KB example "${Q_CATEGORIES}" (which-film-categories-have-the-most-films.sql)`);
    } finally {
      await kbOnly.close();
    }

    // Promoting the same answer again never overwrites the first file.
    const second = await postAs('carol', `/admin/attempts/${aliceAnswer}/promote`, { question: 'Films per category' });
    expect(second.body.file).toBe('films-per-category.sql');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('serves schema table summaries and one table in full with columns, comments, foreign keys and row estimates, to every user', async () => {
    const { status, body } = await getAs('alice', `/schema?q=${encodeURIComponent('rental price')}`);
    expect(status).toBe(200);
    expect(body.snapshot.tableCount).toBeGreaterThan(20);
    // "rental" is in many tables; "price" only in film.rental_rate's comment.
    expect((body.tables as Json[]).map((t) => t.qualifiedName)).toEqual(['public.film']);
    expect(body.tables[0].rowEstimate).toBeGreaterThan(900);
    expect(body.tables[0].columnCount).toBeGreaterThan(10);
    const film = (await getAs('alice', '/schema/tables/public.film')).body.table as Json;
    expect(film.primaryKey).toEqual(['film_id']);
    expect(film.columns.find((c: Json) => c.name === 'rental_rate')).toMatchObject({ type: 'numeric(4,2)', comment: 'Price of one rental, in dollars' });
    expect(film.columns.find((c: Json) => c.name === 'rating')).toMatchObject({ enumType: 'public.mpaa_rating' });
    expect(film.enums).toContainEqual({ schema: 'public', name: 'mpaa_rating', values: ['G', 'PG', 'PG-13', 'R', 'NC-17'] });
    expect(film.foreignKeys).toContainEqual(expect.objectContaining({ columns: ['language_id'], refTable: 'language', refColumns: ['language_id'] }));
    expect(film.referencedBy).toContainEqual(expect.objectContaining({ fromTable: 'inventory', columns: ['film_id'], refColumns: ['film_id'] }));
  });

  it('refreshes the schema for an admin and says what changed', async () => {
    await db.admin('CREATE TABLE public.console_probe (id integer PRIMARY KEY, label text)');
    const { status, body } = await postAs('carol', '/schema/refresh');
    expect(status).toBe(200);
    expect(body.isNewSnapshot).toBe(true);
    expect(body.changes.join('\n')).toMatch(/Added table public\.console_probe/);
    expect(body.kbProblems).toEqual([]);
    const after = await getAs('bob', '/schema?q=console_probe');
    expect((after.body.tables as Json[]).map((t) => t.qualifiedName)).toEqual(['public.console_probe']);
  });
});
