// The Slack adapter end to end: the real app on PostgreSQL (Pagila), the real HTTP server with
// Bolt's HTTP receiver mounted at /slack/events, requests signed exactly as Slack signs them, the
// Web API replaced by a local fake (SLACK_API_URL) and the model by the OpenAI fake. No network.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/app.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { healthRoute } from '../../src/server/healthz.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { FAKE_BOT, FAKE_TEAM, startSlackApiFake, type FakeMessage, type SlackApiFake } from '../fakes/slack-api-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

// Slack payloads and blocks are plain JSON here; the assertions say what shape they must have.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';
const FILMS_SQL = 'SELECT film_id, title, rating, rental_rate, original_language_id FROM film ORDER BY film_id';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/slack');

let db: TestDatabase;
let root: string;
let app: App;
let slack: SlackApiFake;
let openai: OpenAiFake;
let adapter: SlackAdapter;
let server: HttpServer;

function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

function signature(body: string, timestamp: number, secret = SIGNING_SECRET): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${sig}` };
}

interface Sent {
  status: number;
  ms: number;
  body: string;
}

async function send(body: string, contentType: string, headers: Record<string, string> = {}, sign = signature(body, Math.floor(Date.now() / 1000))): Promise<Sent> {
  const started = performance.now();
  const res = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...sign, ...headers }, body });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, body: text };
}

const postJson = (payload: unknown, headers: Record<string, string> = {}) => send(JSON.stringify(payload), 'application/json', headers);
const postForm = (fields: Record<string, string>) => send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
const postPayload = (payload: unknown) => postForm({ payload: JSON.stringify(payload) });

let seq = 0;
function nextTs(): string {
  seq++;
  return `${1_750_000_000 + seq}.${String(seq).padStart(6, '0')}`;
}

function mention(text: string, over: { channel?: string; user?: string; ts?: string; thread_ts?: string } = {}) {
  const body = fixture<{ event: Record<string, unknown>; event_id: string }>('app-mention.json');
  const ts = over.ts ?? nextTs();
  body.event = { ...body.event, text: `<@${FAKE_BOT.userId}> ${text}`, ts, event_ts: ts, channel: over.channel ?? body.event.channel, user: over.user ?? body.event.user };
  if (over.thread_ts) body.event.thread_ts = over.thread_ts;
  body.event_id = `Ev${ts.replace('.', '')}`;
  return body;
}

/** Bot messages in one thread that are still there (placeholders edited into answers count once). */
function threadMessages(channel: string, threadTs: string): FakeMessage[] {
  return slack.messages.filter((m) => m.channel === channel && m.threadTs === threadTs && !m.deleted);
}

function blocksOf(m: FakeMessage): Array<Json> {
  return m.blocks as Array<Json>;
}

function answerIn(channel: string, threadTs: string): FakeMessage | undefined {
  return threadMessages(channel, threadTs).find((m) => blocksOf(m).some((b) => b.type === 'table'));
}

async function settle(): Promise<void> {
  await adapter.idle();
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_slack');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-slack-'));
  const kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(
    path.join(kbDir, 'films-per-rating.sql'),
    '-- question: How many films are there per rating?\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating ORDER BY films DESC;\n',
  );
  await writeFile(
    path.join(kbDir, 'top-customers.sql'),
    '-- question: Who are the top 10 customers by total payments?\n-- tags: customers, payments\nSELECT c.first_name, c.last_name, sum(p.amount) AS total FROM customer AS c JOIN payment AS p ON p.customer_id = c.customer_id GROUP BY 1, 2 ORDER BY total DESC LIMIT 10;\n',
  );
  slack = await startSlackApiFake();
  // Every question gets the same SQL: 1,000 films, two pages of 500, a NULL column and decimals.
  openai = await startOpenAiFake([{ kind: 'reply', body: completionBody(`\`\`\`sql\n${FILMS_SQL}\n\`\`\``) }]);
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      THREADSQL_DATA_DIR: path.join(root, 'data'),
      THREADSQL_KB_DIR: kbDir,
      THREADSQL_CACHE_TTL_DAYS: '0',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-test-key-not-real-000',
      OPENAI_MODEL: 'gpt-test',
      SLACK_BOT_TOKEN: 'xoxb-fake-bot-token-000',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    root,
  );
  app = await createApp(config, { logger: silentLogger });
  adapter = await createSlackAdapter(app, config.slack!);
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [healthRoute(app), ...adapter.routes], logger: silentLogger });
}, 180_000);

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
  await app?.close();
  await slack?.close();
  await openai?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Slack over HTTP: events, signatures, threads', () => {
  it('calls auth.test once at start and serves Slack, /healthz on the same server', async () => {
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    expect(slack.callsOf('auth.test')[0]!.token).toBe('xoxb-fake-bot-token-000');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers a channel mention in its thread: one placeholder edited into the answer, table, buttons and the CSV', async () => {
    const event = mention('which films do we have?');
    const ts = event.event.ts as string;
    const sent = await postJson(event);
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(2500); // Slack retries after 3 s

    await slack.waitFor(() => slack.callsOf('files.completeUploadExternal').some((c) => c.args.thread_ts === ts));
    await settle();

    // One message in the thread: the placeholder, edited in place into the answer.
    const inThread = threadMessages('C0SALES01', ts);
    expect(inThread).toHaveLength(1);
    const answer = inThread[0]!;
    expect(answer.versions.length).toBeGreaterThanOrEqual(2);
    expect(answer.versions[0]!.text).toMatch(/^:hourglass_flowing_sand: /); // the "working" placeholder came first
    expect(answer.text).toMatch(/1,000 rows/);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);

    const blocks = blocksOf(answer);
    const table = blocks.find((b) => b.type === 'table')!;
    expect(table.rows).toHaveLength(21); // header + 20 rows
    for (const row of table.rows) {
      expect(row.length).toBeLessThanOrEqual(20);
      for (const cell of row) expect(cell).toMatchObject({ type: 'raw_text', text: expect.any(String) });
    }
    expect(table.rows[0].map((c: { text: string }) => c.text)).toEqual(['film_id', 'title', 'rating', 'rental_rate', 'original_language_id']);
    expect(table.rows[1].map((c: { text: string }) => c.text)).toEqual(['1', 'ACADEMY DINOSAUR', 'PG', '0.99', 'NULL']);
    expect(JSON.stringify(blocks)).toContain('showing 20 of 1,000 rows');
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
    expect(buttons.map((b: { action_id: string }) => b.action_id)).toEqual([
      'threadsql_page_next',
      'threadsql_page_csv',
      'threadsql_show_sql',
      'threadsql_retry',
      'threadsql_feedback_up',
      'threadsql_feedback_down',
    ]);
    expect(blocks.length).toBeLessThanOrEqual(50);

    // files.uploadV2: URL, bytes, completion into this thread; the rows match the database.
    const urlCall = slack.callsOf('files.getUploadURLExternal').find((c) => String(c.args.filename).endsWith('.csv'))!;
    const upload = [...slack.uploads.values()].find((u) => u.completed?.threadTs === ts && u.filename.endsWith('.csv'))!;
    // A list of films is a list of records, not a comparison: no chart goes up, only the CSV.
    expect([...slack.uploads.values()].some((u) => u.completed?.threadTs === ts && u.filename.endsWith('.png'))).toBe(false);
    expect(upload.completed).toMatchObject({ channelId: 'C0SALES01', threadTs: ts, initialComment: 'CSV (1,000 rows).' });
    expect(Number(urlCall.args.length)).toBe(upload.bytes!.length);
    const csv = parseCsv(upload.bytes!, { columns: true }) as Array<Record<string, string>>;
    const expected = await db.admin(FILMS_SQL);
    expect(csv).toHaveLength(expected.rows.length);
    expect(csv[0]).toMatchObject({ film_id: '1', title: 'ACADEMY DINOSAUR', rental_rate: '0.99', original_language_id: '' });
    expect(csv[999]!.title).toBe(expected.rows[999].title);
  });

  it('answers a mention inside a thread in that thread, continuing its session', async () => {
    const parent = nextTs();
    const event = mention('and which films again?', { thread_ts: parent });
    expect((await postJson(event)).status).toBe(200);
    await slack.waitFor(() => answerIn('C0SALES01', parent) !== undefined);
    await settle();
    expect(threadMessages('C0SALES01', event.event.ts as string)).toHaveLength(0);
    expect(answerIn('C0SALES01', parent)).toBeDefined();
  });

  it('posts one answer when Slack retries the event', async () => {
    const event = mention('films please');
    const ts = event.event.ts as string;
    const first = await postJson(event);
    const retry = await postJson(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await slack.waitFor(() => answerIn('C0SALES01', ts) !== undefined);
    await settle();
    const again = await postJson(event, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    expect(again.status).toBe(200);
    await settle();
    expect(threadMessages('C0SALES01', ts)).toHaveLength(1);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('rejects a bad or stale signature with 401 and calls nothing', async () => {
    const before = slack.calls.length;
    const event = mention('drop everything');
    const body = JSON.stringify(event);
    const wrong = await send(body, 'application/json', {}, signature(body, Math.floor(Date.now() / 1000), 'not-the-secret'));
    expect(wrong.status).toBe(401);
    const stale = await send(body, 'application/json', {}, signature(body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    await settle();
    expect(slack.calls.length).toBe(before);
  });

  it('answers a DM without a mention and ignores edits and bot messages', async () => {
    const dm = fixture<{ event: Record<string, unknown>; event_id: string }>('message-im.json');
    const ts = dm.event.ts as string;
    expect((await postJson(dm)).status).toBe(200);
    await slack.waitFor(() => answerIn('D0BOBDM01', ts) !== undefined);

    const edit = fixture('message-changed-im.json');
    const fromBot = fixture<{ event: Record<string, unknown>; event_id: string }>('message-im.json');
    fromBot.event = { ...fromBot.event, ts: nextTs(), bot_id: 'B0OTHER01', user: 'U0OTHERBOT' };
    fromBot.event_id = 'Ev0BOTMSG01';
    const before = slack.callsOf('chat.postMessage').length;
    expect((await postJson(edit)).status).toBe(200);
    expect((await postJson(fromBot)).status).toBe(200);
    await settle();
    expect(slack.callsOf('chat.postMessage').length).toBe(before);
    expect(threadMessages('D0BOBDM01', ts)).toHaveLength(1);
  });
});

describe('buttons', () => {
  let answer: FakeMessage;
  let threadTs: string;

  beforeAll(async () => {
    const event = mention('films for the buttons');
    threadTs = event.event.ts as string;
    await postJson(event);
    await slack.waitFor(() => answerIn('C0SALES01', threadTs) !== undefined);
    await settle();
    answer = answerIn('C0SALES01', threadTs)!;
  });

  function click(actionId: string, user = 'U0ALICE01') {
    const button = blocksOf(answer)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e: { action_id: string }) => e.action_id === actionId)!;
    const payload = fixture<Json>('block-actions.json');
    payload.user = { ...payload.user, id: user };
    payload.trigger_id = `trigger-${nextTs()}`;
    payload.container = { ...payload.container, message_ts: answer.ts, thread_ts: threadTs };
    payload.message = { ...payload.message, ts: answer.ts, thread_ts: threadTs, text: answer.text, blocks: answer.blocks };
    payload.actions = [{ ...payload.actions[0], action_id: actionId, value: button.value, text: button.text }];
    return postPayload(payload);
  }

  it('next page edits the answer in place with rows 501–520, keeping the summary', async () => {
    const updatesBefore = slack.callsOf('chat.update').length;
    const sent = await click('threadsql_page_next');
    expect(sent.status).toBe(200);
    await slack.waitFor(() => slack.callsOf('chat.update').length > updatesBefore);
    await settle();
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: 'C0SALES01', ts: answer.ts });
    const blocks = update.args.blocks as Array<Json>;
    const table = blocks.find((b) => b.type === 'table')!;
    expect(table.rows[1][0].text).toBe('501');
    expect(JSON.stringify(blocks)).toContain('showing rows 501–520 of 1,000');
    expect(blocks[0]!.block_id).toMatch(/^summary-/);
    const ids = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements).map((e: { action_id: string }) => e.action_id);
    expect(ids).toContain('threadsql_page_prev');
    expect(ids).toContain('threadsql_show_sql');
    expect(threadMessages('C0SALES01', threadTs)).toHaveLength(1); // no new message
  });

  it('Download CSV of this page uploads exactly the shown page’s rows into the thread', async () => {
    // The previous test moved the message to page 2; its CSV button now names page 2.
    const sent = await click('threadsql_page_csv');
    expect(sent.status).toBe(200);
    const isPageFile = (u: { filename: string; completed?: { threadTs: string | undefined } }) => u.completed?.threadTs === threadTs && u.filename.endsWith('-page-2.csv');
    await slack.waitFor(() => [...slack.uploads.values()].some(isPageFile));
    await settle();
    const upload = [...slack.uploads.values()].find(isPageFile)!;
    expect(upload.completed).toMatchObject({ channelId: 'C0SALES01', initialComment: 'CSV of page 2 of 2 (rows 501–1,000 of 1,000).' });
    const csv = parseCsv(upload.bytes!, { columns: true }) as Array<Record<string, string>>;
    const expected = (await db.admin(`${FILMS_SQL} OFFSET 500 LIMIT 500`)).rows as Array<Record<string, unknown>>;
    expect(csv).toHaveLength(500);
    expect(Object.keys(csv[0]!)).toEqual(['film_id', 'title', 'rating', 'rental_rate', 'original_language_id']);
    const asCsv = (v: unknown) => (v === null ? '' : String(v));
    expect(csv).toEqual(expected.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCsv(v)]))));
  });

  it('Download CSV of this page gives someone else’s result to nobody but its asker', async () => {
    const uploadsBefore = slack.uploads.size;
    const ephemeralBefore = slack.callsOf('chat.postEphemeral').length;
    await click('threadsql_page_csv', 'U0MALLORY1');
    await slack.waitFor(() => slack.callsOf('chat.postEphemeral').length > ephemeralBefore);
    await settle();
    const told = slack.callsOf('chat.postEphemeral').at(-1)!;
    expect(told.args).toMatchObject({ user: 'U0MALLORY1', channel: 'C0SALES01' });
    expect(String(told.args.text)).toMatch(/^There is no attempt [0-9a-f-]+ that you can see\.$/);
    expect(slack.uploads.size).toBe(uploadsBefore);
  });

  it('Show SQL answers only the clicker, in the thread', async () => {
    const before = slack.callsOf('chat.postEphemeral').length;
    await click('threadsql_show_sql');
    await slack.waitFor(() => slack.callsOf('chat.postEphemeral').length > before);
    const call = slack.callsOf('chat.postEphemeral').at(-1)!;
    expect(call.args).toMatchObject({ channel: 'C0SALES01', user: 'U0ALICE01', thread_ts: threadTs });
    expect(String(call.args.text)).toContain('SELECT film_id');
  });

  it('👍 records feedback on the attempt; 👎 opens a modal whose comment is recorded', async () => {
    const attemptId = (blocksOf(answer).find((b) => b.type === 'actions')!.elements as Array<{ action_id: string; value: string }>).find((e) => e.action_id === 'threadsql_show_sql')!.value;
    const admin = { userId: 'nobody', role: 'admin' as const };
    await click('threadsql_feedback_up');
    await slack.waitFor(() => slack.callsOf('chat.postEphemeral').some((c) => String(c.args.text).includes('👍')));
    await settle();
    expect((await app.store.attempts.getForViewer(attemptId, admin))?.feedback).toBe('up');

    await click('threadsql_feedback_down');
    await slack.waitFor(() => slack.callsOf('views.open').length > 0);
    const open = slack.callsOf('views.open').at(-1)!;
    const view = open.args.view as Json;
    expect(view.callback_id).toBe('threadsql_feedback');
    await settle();

    const submission = fixture<Json>('view-submission.json');
    submission.view.private_metadata = view.private_metadata;
    submission.view.state.values.feedback_text.text.value = 'wrong table: I meant rentals';
    expect((await postPayload(submission)).status).toBe(200);
    await slack.waitFor(() => slack.callsOf('chat.postEphemeral').some((c) => String(c.args.text).includes('👎')));
    await settle();
    const row = await app.store.attempts.getForViewer(attemptId, admin);
    expect(row).toMatchObject({ feedback: 'down', feedbackText: 'wrong table: I meant rentals' });
  });
});

describe('/threadsql', () => {
  function slash(text: string, user = 'U0ALICE01') {
    const fields = fixture<Record<string, string>>('slash-command.json');
    const id = `r${nextTs().replace('.', '')}`;
    return { id, sent: postForm({ ...fields, text, user_id: user, trigger_id: `trigger-${id}`, response_url: slack.responseUrl(id) }) };
  }

  it('answers help in the ack itself, privately', async () => {
    const { sent } = slash('help');
    const res = await sent;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('history') });
  });

  it('ask: acked at once, then asked in the channel and answered in that thread', async () => {
    const { sent } = slash('ask which films are in stock?', 'U0DAVE001');
    const res = await sent;
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(2500);
    await slack.waitFor(() => slack.messages.some((m) => m.threadTs === undefined && m.text.includes('which films are in stock?')));
    const root = slack.messages.find((m) => m.threadTs === undefined && m.text.includes('which films are in stock?'))!;
    expect(root.text).toContain('<@U0DAVE001>');
    await slack.waitFor(() => answerIn(root.channel, root.ts) !== undefined);
    await settle();
  });

  it('history is answered ephemerally and only with the asker’s own questions', async () => {
    const { id, sent } = slash('history', 'U0DAVE001');
    expect((await sent).status).toBe(200);
    await slack.waitFor(() => slack.responses.some((r) => r.id === id));
    const response = slack.responses.find((r) => r.id === id)!.body;
    expect(response.response_type).toBe('ephemeral');
    expect(String(response.text)).toContain('which films are in stock?');
    expect(String(response.text)).not.toContain('films for the buttons'); // Alice's question

    const other = slash('history', 'U0NEWUSER');
    await other.sent;
    await slack.waitFor(() => slack.responses.some((r) => r.id === other.id));
    expect(String(slack.responses.find((r) => r.id === other.id)!.body.text)).toBe('No questions yet.');
  });
});

describe('the App Home tab', () => {
  // The Events API envelope of app_home_opened, as https://docs.slack.dev/reference/events/app_home_opened shows it.
  function homeOpened(user: string, tab: 'home' | 'messages' = 'home') {
    const ts = nextTs();
    return {
      token: 'ZZZZZZWSxiZZZ2yIvs3peJ',
      team_id: FAKE_TEAM.id,
      api_app_id: 'A0FAKEAPP',
      event: { type: 'app_home_opened', user, channel: 'D0HOME0001', tab, event_ts: ts },
      type: 'event_callback',
      event_id: `Ev${ts.replace('.', '')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: FAKE_TEAM.id, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    };
  }

  async function openHome(user: string): Promise<{ text: string; blocks: Json[] }> {
    const before = slack.homeViews.length;
    expect((await postJson(homeOpened(user))).status).toBe(200);
    await slack.waitFor(() => slack.homeViews.slice(before).some((v) => v.userId === user));
    const view = slack.homeViews.slice(before).find((v) => v.userId === user)!.view;
    expect(view.type).toBe('home');
    const blocks = view.blocks as Json[];
    return { text: JSON.stringify(blocks), blocks };
  }

  it('lists the user’s own last questions with links to their threads, and not another user’s', async () => {
    const dave = await openHome('U0DAVE001');
    // Dave asked through /threadsql ask; the question was answered in a thread under the "asked" message.
    expect(dave.text).toContain('which films are in stock?');
    const root = slack.messages.find((m) => m.threadTs === undefined && m.text.includes('which films are in stock?'))!;
    expect(dave.text).toContain(`https://fake-team.slack.com/archives/${root.channel}/p${root.ts.replace('.', '')}|which films are in stock?`);
    expect(dave.text).not.toContain('films for the buttons'); // Alice's
    expect(dave.text).not.toContain('which films do we have?'); // Alice's

    const alice = await openHome('U0ALICE01');
    expect(alice.text).toContain('films for the buttons');
    expect(alice.text).not.toContain('which films are in stock?');
  });

  it('lists only the last ten questions, newest first', async () => {
    const user = await app.store.users.ensureUser({ platform: 'slack', tenantId: FAKE_TEAM.id, platformUserId: 'U0MANYQ01', displayName: 'Many' }, false);
    for (let i = 1; i <= 12; i++) {
      const session = await app.store.sessions.openThread({ platform: 'slack', tenantId: FAKE_TEAM.id, channelId: 'C0MANYQ01', threadKey: `17000001${String(i).padStart(2, '0')}.000100` });
      const id = await app.store.attempts.start({ userId: user.id, platform: 'slack', sessionId: session.id, question: `many question ${i}` });
      await app.store.attempts.finish(id, { status: 'not_executed' });
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct created_at, so "newest" is well defined
    }
    const home = await openHome('U0MANYQ01');
    const listed = home.blocks.filter((b) => String(b.block_id).startsWith('home-q-')).map((b) => String(b.text.text));
    expect(listed).toHaveLength(10);
    expect(listed[0]).toContain('archives/C0MANYQ01/p1700000112000100|many question 12>');
    expect(listed[9]).toContain('many question 3>');
    expect(home.text).not.toContain('many question 2>');
  });

  it('shows example questions from the knowledge base, and “No questions yet” to a newcomer', async () => {
    const home = await openHome('U0NEWHOME1');
    expect(home.text).toContain('No questions yet.');
    expect(home.text).toContain('How many films are there per rating?');
    expect(home.text).toContain('Who are the top 10 customers by total payments?');
  });

  it('publishes afresh each time the tab is opened, with the newest question first', async () => {
    const event = mention('home refresh question', { user: 'U0DAVE001' });
    await postJson(event);
    await slack.waitFor(() => answerIn('C0SALES01', event.event.ts as string) !== undefined);
    await settle();
    const home = await openHome('U0DAVE001');
    const first = home.blocks.find((b) => b.block_id === 'home-q-0')!;
    expect(JSON.stringify(first)).toContain('home refresh question');
    expect(JSON.stringify(first)).toContain('answered');
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const before = slack.callsOf('views.publish').length;
    expect((await postJson(homeOpened('U0DAVE001', 'messages'))).status).toBe(200);
    await settle();
    expect(slack.callsOf('views.publish')).toHaveLength(before);
  });
});

describe('the assistant pane', () => {
  it('greets a new thread with suggested prompts from the knowledge base', async () => {
    const started = fixture('assistant-thread-started.json');
    expect((await postJson(started)).status).toBe(200);
    await slack.waitFor(() => slack.callsOf('assistant.threads.setSuggestedPrompts').length > 0);
    const call = slack.callsOf('assistant.threads.setSuggestedPrompts')[0]!;
    expect(call.args).toMatchObject({ channel_id: 'D0CAROL01', thread_ts: '1760000300.000300' });
    const prompts = call.args.prompts as Array<{ title: string; message: string }>;
    expect(prompts.map((p) => p.message).sort()).toEqual(['How many films are there per rating?', 'Who are the top 10 customers by total payments?']);
    expect(threadMessages('D0CAROL01', '1760000300.000300')[0]!.text).toMatch(/^Hi!/);
  });

  it('titles the thread, shows status while working, and answers in the thread', async () => {
    const msg = fixture<{ event: Record<string, unknown>; event_id: string }>('message-im.json');
    const ts = nextTs();
    msg.event = { ...msg.event, user: 'U0CAROL01', channel: 'D0CAROL01', ts, thread_ts: '1760000300.000300', text: 'which films do we stock?' };
    msg.event_id = `Ev${ts.replace('.', '')}`;
    expect((await postJson(msg)).status).toBe(200);
    await slack.waitFor(() => answerIn('D0CAROL01', '1760000300.000300') !== undefined);
    await settle();
    expect(slack.callsOf('assistant.threads.setTitle')[0]!.args).toMatchObject({ thread_ts: '1760000300.000300', title: 'which films do we stock?' });
    const statuses = slack.callsOf('assistant.threads.setStatus').map((c) => c.args.status);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe(''); // cleared when the answer is in
  });

  it('falls back to a placeholder message when assistant status is not allowed', async () => {
    slack.fail('assistant.threads.setStatus', { error: 'not_allowed', times: 100 });
    const msg = fixture<{ event: Record<string, unknown>; event_id: string }>('message-im.json');
    const thread = nextTs();
    const ts = nextTs();
    msg.event = { ...msg.event, user: 'U0CAROL01', channel: 'D0CAROL01', ts, thread_ts: thread, text: 'films once more' };
    msg.event_id = `Ev${ts.replace('.', '')}`;
    await postJson(msg);
    await slack.waitFor(() => answerIn('D0CAROL01', thread) !== undefined);
    await settle();
    const answer = answerIn('D0CAROL01', thread)!;
    expect(answer.versions[0]!.text).toMatch(/^:hourglass_flowing_sand: /); // the placeholder, edited into the answer
    expect(threadMessages('D0CAROL01', thread)).toHaveLength(1);
  });
});

describe('Slack API failures never lose the answer', () => {
  it('delivers the text when the upload is refused, and says the file could not be attached', async () => {
    slack.fail('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
    const event = mention('films without a file');
    const ts = event.event.ts as string;
    await postJson(event);
    await slack.waitFor(() => threadMessages('C0SALES01', ts).some((m) => m.text.includes('could not be attached')));
    await settle();
    expect(answerIn('C0SALES01', ts)).toBeDefined();
  });

  it('retries a rate-limited chat.postMessage after retry-after', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const event = mention('films despite the rate limit');
    const ts = event.event.ts as string;
    await postJson(event);
    await slack.waitFor(() => answerIn('C0SALES01', ts) !== undefined);
    await settle();
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(2); // 429, then the post
    expect(threadMessages('C0SALES01', ts)).toHaveLength(1);
  });
});

describe('after a crash', () => {
  it('tells the asker in their thread that a restart interrupted their question', async () => {
    // A question left open in a Slack thread, as a killed process leaves it.
    const session = await app.store.sessions.openThread({ platform: 'slack', tenantId: FAKE_TEAM.id, channelId: 'C0CRASH01', threadKey: '1700000000.000100' });
    const user = await app.store.users.ensureUser({ platform: 'slack', tenantId: FAKE_TEAM.id, platformUserId: 'U0CRASH', displayName: 'Crash' }, false);
    const id = await app.store.attempts.start({ userId: user.id, platform: 'slack', sessionId: session.id, question: 'revenue by store?' });
    // The next start closes it and finds where it was asked.
    const restarted = await createApp(app.config, { logger: silentLogger, loadKb: false });
    try {
      expect(restarted.interrupted.map((a) => a.id)).toContain(id);
      const told = await adapter.notifyInterrupted(restarted.interrupted);
      expect(told).toBeGreaterThanOrEqual(1);
      const post = slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'C0CRASH01');
      expect(post?.args.thread_ts).toBe('1700000000.000100');
      expect(String(post?.args.text)).toMatch(/restarted while it was answering “revenue by store\?”.*Please ask again/);
      expect(await restarted.store.attempts.getForViewer(id, { userId: user.id, role: 'user' })).toMatchObject({ status: 'not_executed' });
    } finally {
      await restarted.close();
    }
  });
});
