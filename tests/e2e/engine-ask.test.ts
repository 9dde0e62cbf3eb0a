// The conversation engine end to end on a real PostgreSQL warehouse (Pagila), with the
// OpenAI-compatible API faked locally: questions, follow-ups, clarifications, repair, cache,
// de-duplication, privacy and every failure ending in a final status.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { EngineInput } from '../../src/engine/engine-input.ts';
import type { Reply } from '../../src/engine/reply.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { completionBody, startOpenAiFake, type FakeStep, type OpenAiFake } from '../fakes/openai-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';
import { runCli, cliEnv } from '../helpers/run-cli.ts';

let db: TestDatabase;
let root: string;
let kbDir: string;
const apps: App[] = [];
const fakes: OpenAiFake[] = [];

const sqlReply = (sql: string): FakeStep => ({ kind: 'reply', body: completionBody(`Here you go:\n\`\`\`sql\n${sql}\n\`\`\``) });
const textReply = (text: string): FakeStep => ({ kind: 'reply', body: completionBody(text) });

async function makeApp(script: FakeStep[] | 'none', extraEnv: Record<string, string> = {}): Promise<{ app: App; fake?: OpenAiFake }> {
  const fake = script === 'none' ? undefined : await startOpenAiFake(script);
  if (fake) fakes.push(fake);
  const dataDir = await mkdtemp(path.join(root, 'data-'));
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      THREADSQL_DATA_DIR: dataDir,
      THREADSQL_KB_DIR: kbDir,
      THREADSQL_ADMINS: 'slack:UADMIN',
      ...(fake ? { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test-key-not-real-000', OPENAI_MODEL: 'gpt-test' } : {}),
      ...extraEnv,
    },
    root,
  );
  const app = await createApp(config, { logger: silentLogger });
  apps.push(app);
  return { app, fake };
}

let seq = 0;
function msg(text: string, over: Partial<EngineInput> = {}): EngineInput {
  return { platform: 'slack', tenantId: 'T1', channelId: 'C1', threadKey: 'thread-1', userId: 'UALICE', userDisplayName: 'Alice', text, isDirectMessage: false, eventId: `ev-${++seq}`, ...over };
}

async function ask(app: App, text: string, over: Partial<EngineInput> = {}): Promise<Reply> {
  const reply = await app.engine.handleMessage(msg(text, over));
  if (!reply) throw new Error('no reply');
  return reply;
}

async function attemptRow(app: App, id: string) {
  const admin = { userId: 'nobody', role: 'admin' as const };
  return app.store.attempts.getForViewer(id, admin);
}

function promptText(fake: OpenAiFake, index: number): string {
  return JSON.stringify((fake.requests[index]!.body as { messages: unknown[] }).messages);
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_engine');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-engine-'));
  kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(
    path.join(kbDir, 'films-per-rating.sql'),
    '-- question: How many films are there per rating?\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating ORDER BY films DESC;\n',
  );
  await writeFile(
    path.join(kbDir, 'top-customers.sql'),
    '-- question: Who are the top 10 customers by total payments?\n-- tags: customers, payments\nSELECT c.first_name, c.last_name, sum(p.amount) AS total FROM customer AS c JOIN payment AS p ON p.customer_id = c.customer_id GROUP BY 1, 2 ORDER BY total DESC LIMIT 10;\n',
  );
  await writeFile(path.join(kbDir, 'rules.md'), '# House rules\nRevenue means the sum of payment.amount.\n');
}, 120_000);

afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
  while (fakes.length) await fakes.pop()!.close();
});

afterAll(async () => {
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a question becomes audited SQL and an answer', () => {
  it('answers with a summary, a receipt, the table, the SQL and the CSV, and records the model usage', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT rating, count(*) AS films FROM film GROUP BY rating ORDER BY films DESC')]);
    const reply = await ask(app, 'how many films per rating?');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/5 rows/);
    expect(reply.text).toMatch(/Tables: public\.film/);
    expect(reply.parts.map((p) => p.kind)).toEqual(['table', 'chart', 'sql', 'csv']);
    const chart = reply.parts.find((p) => p.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.altText).toMatch(/bar chart/i);
    const row = await attemptRow(app, reply.attemptId!);
    expect(row).toMatchObject({ status: 'success', sqlSource: 'model', model: 'gpt-test', promptTokens: 12, completionTokens: 5 });
    expect(row?.generationMs).not.toBeNull();
    const prompt = promptText(fake!, 0);
    expect(prompt).toContain('CREATE TABLE public.film');
    expect(prompt).toContain('How many films are there per rating?'); // the closest KB example
    expect(prompt).toContain('Revenue means the sum of payment.amount'); // a house note
    expect(fake!.requests[0]!.headers.authorization).toBe('Bearer sk-test-key-not-real-000');
  });

  it('builds a follow-up on the previous turn of the thread', async () => {
    const { app, fake } = await makeApp([
      sqlReply('SELECT rating, count(*) AS films FROM film GROUP BY rating'),
      sqlReply("SELECT rating, count(*) AS films FROM film WHERE length > 120 GROUP BY rating"),
    ]);
    await ask(app, 'films per rating');
    const second = await ask(app, 'only the long ones');
    expect(second.kind).toBe('answer');
    const prompt = promptText(fake!, 1);
    expect(prompt).toContain('films per rating');
    expect(prompt).toContain('SELECT rating, count(*) AS films FROM film GROUP BY rating');
    // A different thread does not see it.
    await ask(app, 'anything', { threadKey: 'thread-2' });
    expect(promptText(fake!, 2)).not.toContain('only the long ones');
  });

  it('asks a clarifying question and continues with the answer', async () => {
    const { app, fake } = await makeApp([
      textReply('CLARIFY: Which year do you mean, 2022 or all years?'),
      sqlReply("SELECT count(*) FROM rental WHERE rental_date >= '2022-01-01' AND rental_date < '2023-01-01'"),
    ]);
    const first = await ask(app, 'how many rentals?');
    expect(first).toMatchObject({ kind: 'clarification', text: 'Which year do you mean, 2022 or all years?', status: 'not_executed' });
    const second = await ask(app, '2022');
    expect(second.kind).toBe('answer');
    expect(promptText(fake!, 1)).toContain('how many rentals?');
    expect(promptText(fake!, 1)).toContain('2022');
    expect((await attemptRow(app, second.attemptId!))?.originalAttemptId).toBe(first.attemptId);
  });

  it('repairs SQL the guard refuses, as a new attempt linked to the first', async () => {
    const { app, fake } = await makeApp([sqlReply('DELETE FROM film'), sqlReply('SELECT count(*) AS films FROM film')]);
    const reply = await ask(app, 'how many films');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/My first query did not work/);
    const fixed = await attemptRow(app, reply.attemptId!);
    expect(fixed?.originalAttemptId).toBeTruthy();
    expect(await attemptRow(app, fixed!.originalAttemptId!)).toMatchObject({ status: 'not_executed', errorCode: 'sql_rejected', generatedSql: 'DELETE FROM film' });
    expect(promptText(fake!, 1)).toMatch(/DELETE FROM film/);
  });

  it('repairs SQL naming a table that does not exist, and gives up after the configured attempts', async () => {
    const { app } = await makeApp([sqlReply('SELECT * FROM films'), sqlReply('SELECT * FROM movies')]);
    const reply = await ask(app, 'list films');
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/movies/);
    expect(reply.status).toBe('not_executed');
  });

  it('reuses a cached answer for the same question without calling the model', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT count(*) AS n FROM actor')]);
    const first = await ask(app, 'How many actors?', { threadKey: 'a' });
    const second = await ask(app, '  how many   ACTORS? ', { threadKey: 'b' });
    expect(fake!.requests).toHaveLength(1);
    expect(second.text).toMatch(/answer cache/i);
    expect(await attemptRow(app, second.attemptId!)).toMatchObject({ status: 'success', sqlSource: 'cache' });
    expect(first.attemptId).not.toBe(second.attemptId);
  });

  it('passes a question in another language to the model as asked and answers it', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT count(*) AS filme FROM film')]);
    const reply = await ask(app, 'Wie viele Filme gibt es?');
    expect(reply.kind).toBe('answer');
    expect(promptText(fake!, 0)).toContain('Wie viele Filme gibt es?');
  });

  it('records a question before it waits for a free slot, and answers it on that same attempt', async () => {
    const { app } = await makeApp(
      [
        { kind: 'reply', body: completionBody('```sql\nSELECT count(*) AS films FROM film\n```'), delayMs: 1500 },
        sqlReply('SELECT count(*) AS actors FROM actor'),
      ],
      { THREADSQL_MAX_CONCURRENT_QUESTIONS: '1' },
    );
    const first = app.engine.handleMessage(msg('how many films?', { threadKey: 'slot-a' }));
    let queued!: () => void;
    const waiting = new Promise<void>((resolve) => (queued = resolve));
    const second = app.engine.handleMessage(msg('how many actors?', { threadKey: 'slot-b' }), (p) => {
      if (p.stage === 'queued') queued();
    });
    await waiting;
    // Waiting for the slot, the question is already on record: a crash now leaves a pending attempt
    // that the next start closes as interrupted and tells the asker about.
    const admin = { userId: 'nobody', role: 'admin' as const };
    const recorded = (await app.store.attempts.listForViewer(admin, { all: true, search: 'actors' }))[0];
    expect(recorded).toMatchObject({ naturalLanguageQuery: 'how many actors?', status: 'pending' });
    const [a, b] = await Promise.all([first, second]);
    expect(a?.kind).toBe('answer');
    expect(b).toMatchObject({ kind: 'answer', attemptId: recorded!.id });
    expect(await app.store.attempts.listForViewer(admin, { all: true, search: 'actors' })).toHaveLength(1);
  });

  it('continues a clarification answered while the question before it was still running', async () => {
    const { app, fake } = await makeApp([
      { kind: 'reply', body: completionBody('CLARIFY: Which store, 1 or 2?'), delayMs: 800 },
      sqlReply('SELECT count(*) FROM customer WHERE store_id = 2'),
    ]);
    const over = { threadKey: 'clarify-early' };
    const first = app.engine.handleMessage(msg('how many customers?', over));
    // The answer to the clarifying question arrives (and is recorded) before the question is done.
    const second = app.engine.handleMessage(msg('store 2', over));
    const [a, b] = await Promise.all([first, second]);
    expect(a?.kind).toBe('clarification');
    expect(b?.kind).toBe('answer');
    expect(promptText(fake!, 1)).toContain('how many customers?');
    expect((await attemptRow(app, b!.attemptId!))?.originalAttemptId).toBe(a!.attemptId);
  });

  it('posts one answer when the platform retries the same event', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT 1 AS one')]);
    const input = msg('one?', { eventId: 'Ev-dup-1' });
    const [a, b] = await Promise.all([app.engine.handleMessage(input), app.engine.handleMessage(input)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await app.engine.handleMessage(input)).toBeUndefined();
    expect(fake!.requests).toHaveLength(1);
  });
});

describe('failures end in a final status with a short message', () => {
  it('a model that answers in prose', async () => {
    const { app } = await makeApp([textReply('I think you should look at the film table.')]);
    const reply = await ask(app, 'films?');
    expect(reply).toMatchObject({ kind: 'error', status: 'failed_generation' });
    expect((await attemptRow(app, reply.attemptId!))?.errorCode).toBe('llm_unusable_reply');
  });

  it('a model that keeps answering 500', async () => {
    const { app, fake } = await makeApp([{ kind: 'reply', status: 500, body: { error: { message: 'boom' } } }]);
    const reply = await ask(app, 'films?');
    expect(reply).toMatchObject({ kind: 'error', status: 'failed_generation' });
    expect(reply.text).toMatch(/not answering/i);
    expect(fake!.requests.length).toBeGreaterThan(1);
  }, 30_000);

  it('a model that never answers', async () => {
    const { app } = await makeApp([{ kind: 'hang' }], { OPENAI_TIMEOUT_MS: '400' });
    const reply = await ask(app, 'films?');
    expect(reply).toMatchObject({ kind: 'error', status: 'failed_generation' });
    expect((await attemptRow(app, reply.attemptId!))?.errorCode).toBe('llm_timeout');
  }, 30_000);

  it('a query past the statement timeout', async () => {
    const { app } = await makeApp([sqlReply('SELECT count(*) FROM generate_series(1, 2000000000)')], { THREADSQL_STATEMENT_TIMEOUT_MS: '500' });
    const reply = await ask(app, 'count a lot');
    expect(reply).toMatchObject({ kind: 'error', status: 'timeout' });
  });

  it('an empty question and a 10,000-character one', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT 1')]);
    const empty = await ask(app, '   ');
    expect(empty).toMatchObject({ kind: 'error', status: 'not_executed' });
    const long = await ask(app, 'x'.repeat(10_000));
    expect(long).toMatchObject({ kind: 'error', status: 'not_executed' });
    expect(long.text).toMatch(/10,000 characters/);
    expect(fake!.requests).toHaveLength(0);
  });

  it('the warehouse going down', async () => {
    const { app } = await makeApp([sqlReply('SELECT 1 AS one')]);
    await ask(app, 'warm up');
    await app.warehouse.close();
    const { app: down } = await makeApp([sqlReply('SELECT 1 AS one')], { DATABASE_URL: 'postgres://reader:pw@127.0.0.1:1/x' });
    const reply = await ask(down, 'anything');
    expect(reply).toMatchObject({ kind: 'error', status: 'failed_execution' });
    expect(reply.text).toMatch(/cannot be reached/);
  });
});

describe('without a model', () => {
  it('runs a close knowledge-base example and says so', async () => {
    const { app } = await makeApp('none');
    const reply = await ask(app, 'How many films are there per rating');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/No language model is configured, so I ran the knowledge-base example/);
    expect(await attemptRow(app, reply.attemptId!)).toMatchObject({ sqlSource: 'kb', status: 'success' });
  });

  it('says how to configure a model and offers close example questions otherwise', async () => {
    const { app } = await makeApp('none');
    const reply = await ask(app, 'what is the average replacement cost of a film in each language');
    expect(reply).toMatchObject({ kind: 'error', status: 'failed_generation' });
    expect(reply.text).toMatch(/OPENAI_MODEL/);
    expect(reply.text).toMatch(/Ollama/);
    expect(reply.text).toMatch(/How many films are there per rating\?/);
  });
});

describe('commands and privacy', () => {
  it('shows a user their own history, and never another user\'s attempt', async () => {
    const { app } = await makeApp([sqlReply('SELECT count(*) AS n FROM film')]);
    const alice = await ask(app, 'count films please');
    const history = await ask(app, 'history');
    expect(history.text).toContain(alice.attemptId!.slice(0, 8));
    expect(history.private).toBe(true);
    const bob = { userId: 'UBOB', userDisplayName: 'Bob', threadKey: 'bob-thread' };
    for (const command of [`show ${alice.attemptId}`, `page ${alice.attemptId} 1`, `retry ${alice.attemptId}`, `show ${alice.attemptId!.slice(0, 8)}`]) {
      const r = await ask(app, command, bob);
      expect(r.kind).toBe('error');
      expect(r.text).toMatch(/no attempt .* that you can see/);
    }
    expect((await ask(app, 'history', bob)).text).toBe('No questions yet.');
    expect((await ask(app, 'history search films', bob)).text).not.toContain(alice.attemptId!.slice(0, 8));
    const admin = await ask(app, `show ${alice.attemptId}`, { userId: 'UADMIN', threadKey: 'admin-thread' });
    expect(admin.text).toContain('count films please');
    expect(await app.engine.recordFeedback({ platform: 'slack', tenantId: 'T1', userId: 'UBOB', userDisplayName: 'Bob', attemptId: alice.attemptId!, value: 'down' })).toBe(false);
    expect(await app.engine.recordFeedback({ platform: 'slack', tenantId: 'T1', userId: 'UALICE', userDisplayName: 'Alice', attemptId: alice.attemptId!, value: 'up', text: 'great' })).toBe(true);
    expect(await attemptRow(app, alice.attemptId!)).toMatchObject({ feedback: 'up', feedbackText: 'great' });
  });

  it('runs sql, page and retry, records lineage, and keeps stats for admins', async () => {
    const { app } = await makeApp('none', { THREADSQL_PAGE_SIZE: '100' });
    const first = await ask(app, 'sql SELECT g FROM generate_series(1, 250) g');
    expect(first.kind).toBe('answer');
    const page3 = await ask(app, `page ${first.attemptId!.slice(0, 8)} 3`);
    expect(page3.text).toMatch(/Page 3 of 3: rows 201–250 of 250/);
    const again = await ask(app, `retry ${first.attemptId}`);
    expect((await attemptRow(app, again.attemptId!))?.originalAttemptId).toBe(first.attemptId);
    expect((await ask(app, 'stats')).text).toMatch(/Only admins/);
    // sql and retry are attempts; page and stats only read.
    expect((await ask(app, 'stats', { userId: 'UADMIN' })).text).toMatch(/attempts 2 +executed 2 +success 2/);
  });

  it('refuses raw SQL when THREADSQL_RAW_SQL says so', async () => {
    const { app } = await makeApp('none', { THREADSQL_RAW_SQL: 'admins' });
    expect((await ask(app, 'sql SELECT 1')).text).toMatch(/Only admins can run SQL/);
    expect((await ask(app, 'sql SELECT 1', { userId: 'UADMIN' })).kind).toBe('answer');
  });

  it('starts afresh on "new topic"', async () => {
    const { app, fake } = await makeApp([sqlReply('SELECT count(*) FROM film'), sqlReply('SELECT count(*) FROM actor')]);
    await ask(app, 'how many films', { threadKey: 'topic' });
    await ask(app, 'new topic', { threadKey: 'topic' });
    await ask(app, 'how many actors', { threadKey: 'topic' });
    expect(promptText(fake!, 1)).not.toContain('how many films');
  });
});

describe('threadsql chat', () => {
  it('answers questions and commands typed into the terminal, in one thread', async () => {
    const dataDir = await mkdtemp(path.join(root, 'chat-'));
    const env = cliEnv({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: dataDir, THREADSQL_KB_DIR: kbDir });
    const r = await runCli(['chat'], { env, input: 'How many films are there per rating?\nhistory\nquit\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Try: /);
    expect(r.stdout).toMatch(/rating\s+│ films/);
    expect(r.stdout).toMatch(/CSV: .*\.csv/);
    expect(r.stdout).toMatch(/success\s+How many films are there per rating\?/);
    expect(r.stderr).toMatch(/running the query/);
  });
});

describe('threadsql ask --json', () => {
  it('answers from the command line and continues a thread across invocations', async () => {
    const fake = await startOpenAiFake([sqlReply('SELECT count(*) AS films FROM film'), sqlReply('SELECT count(*) AS films FROM film WHERE rating = $$PG$$')]);
    fakes.push(fake);
    const dataDir = await mkdtemp(path.join(root, 'cli-'));
    const env = cliEnv({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: dataDir, THREADSQL_KB_DIR: kbDir, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test-key-not-real-000', OPENAI_MODEL: 'gpt-test' });
    const first = await runCli(['ask', 'how many films?', '--json', '--thread', 't-cli'], { env });
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { kind: string; rows: string[][]; sql: string; attemptId: string };
    expect(out).toMatchObject({ kind: 'answer', rows: [['1000']], sql: 'SELECT count(*) AS films FROM film' });
    const second = await runCli(['ask', 'only PG', '--json', '--thread', 't-cli'], { env });
    expect(JSON.parse(second.stdout)).toMatchObject({ kind: 'answer', rows: [['194']] });
    expect(promptText(fake, 1)).toContain('how many films?');
    expect(`${first.stdout}${first.stderr}${second.stderr}`).not.toContain('sk-test-key-not-real-000');
  });
});
