// The Slack adapter in Socket Mode (SLACK_APP_TOKEN set): Bolt's real SocketModeReceiver and
// @slack/socket-mode client connect out to a local fake of Slack's Socket Mode server, found through
// apps.connections.open on the Web API fake (called with the app-level token). The fake sends hello,
// then envelopes; the app must ack each by its envelope_id and answer through the Web API fake. No
// HTTP route, no signing secret, no network.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/app.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { FAKE_BOT, startSlackApiFake, type SlackApiFake } from '../fakes/slack-api-fake.ts';
import { startSlackSocketFake, type SlackSocketFake } from '../fakes/slack-socket-fake.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-database.ts';

const APP_TOKEN = 'xapp-1-A0FAKEAPP-1-fake-app-token';
const SQL = 'SELECT store_id, city FROM stores ORDER BY store_id';
const MODEL_DELAY_MS = 1000;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/slack');

let db: TestDatabase;
let root: string;
let app: App;
let slack: SlackApiFake;
let socket: SlackSocketFake;
let openai: OpenAiFake;
let adapter: SlackAdapter;

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

let seq = 0;
function mention(text: string) {
  seq++;
  const ts = `${1_780_000_000 + seq}.${String(seq).padStart(6, '0')}`;
  const body = fixture<{ event: Record<string, unknown>; event_id: string }>('app-mention.json');
  body.event = { ...body.event, text: `<@${FAKE_BOT.userId}> ${text}`, ts, event_ts: ts, channel: 'C0SOCKET1' };
  body.event_id = `Ev${ts.replace('.', '')}`;
  return { body, ts };
}

function answersIn(threadTs: string) {
  return slack.messages.filter((m) => m.channel === 'C0SOCKET1' && m.threadTs === threadTs && !m.deleted && m.text.includes('rows'));
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_slack_socket');
  await db.admin("CREATE TABLE stores (store_id int PRIMARY KEY, city text NOT NULL); INSERT INTO stores VALUES (1, 'Lethbridge'), (2, 'Woodridge'), (3, 'Aurora');");
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-slack-socket-'));
  await mkdir(path.join(root, 'kb'));
  slack = await startSlackApiFake();
  socket = await startSlackSocketFake();
  slack.socketUrl = socket.url;
  // A model that takes a second, and one question at a time: the "busy" test needs a question to wait.
  openai = await startOpenAiFake([{ kind: 'reply', delayMs: MODEL_DELAY_MS, body: completionBody(`\`\`\`sql\n${SQL}\n\`\`\``) }]);
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      THREADSQL_DATA_DIR: path.join(root, 'data'),
      THREADSQL_KB_DIR: path.join(root, 'kb'),
      THREADSQL_CACHE_TTL_DAYS: '0',
      THREADSQL_MAX_CONCURRENT_QUESTIONS: '1',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-test-key-not-real-000',
      OPENAI_MODEL: 'gpt-test',
      SLACK_BOT_TOKEN: 'xoxb-fake-bot-token-000',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    },
    root,
  );
  app = await createApp(config, { logger: silentLogger });
  adapter = await createSlackAdapter(app, config.slack!);
  await adapter.start();
}, 120_000);

afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await app?.close();
  await slack?.close();
  await openai?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Slack over Socket Mode', () => {
  it('connects out with the app-level token and serves no HTTP route', async () => {
    expect(adapter.mode).toBe('socket');
    expect(adapter.routes).toEqual([]);
    const open = slack.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(socket.connections).toBe(1);
  });

  it('acks an events_api envelope by its envelope_id, then answers the mention in its thread with the CSV', async () => {
    const { body, ts } = mention('which stores do we have?');
    const { ack, ms } = await socket.send('events_api', body);
    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(ms).toBeLessThan(2500); // Slack redelivers an envelope not acked in 3 s
    await slack.waitFor(() => answersIn(ts).length > 0 && [...slack.uploads.values()].some((u) => u.completed?.threadTs === ts));
    await adapter.idle();
    const answer = answersIn(ts);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.text).toContain('3 rows');
    const table = (answer[0]!.blocks as Array<{ type: string; rows?: Array<Array<{ text: string }>> }>).find((b) => b.type === 'table')!;
    expect(table.rows!.map((r) => r.map((c) => c.text))).toEqual([
      ['store_id', 'city'],
      ['1', 'Lethbridge'],
      ['2', 'Woodridge'],
      ['3', 'Aurora'],
    ]);
    const csv = [...slack.uploads.values()].find((u) => u.completed?.threadTs === ts)!;
    expect(parseCsv(csv.bytes!, { columns: true })).toEqual([
      { store_id: '1', city: 'Lethbridge' },
      { store_id: '2', city: 'Woodridge' },
      { store_id: '3', city: 'Aurora' },
    ]);
  });

  it('answers once when Slack redelivers the same event in a new envelope', async () => {
    const { body, ts } = mention('stores again?');
    const first = await socket.send('events_api', body);
    const again = await socket.send('events_api', body, { retryAttempt: 1 });
    expect(again.ack.envelope_id).not.toBe(first.ack.envelope_id);
    await slack.waitFor(() => answersIn(ts).length > 0);
    await adapter.idle();
    expect(answersIn(ts)).toHaveLength(1);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('shows a question waiting for a free slot a placeholder, later edited into its answer', async () => {
    const first = mention('stores, first in line');
    const second = mention('stores, second in line');
    await socket.send('events_api', first.body);
    await socket.send('events_api', second.body);
    // The first holds the only slot while the model thinks (1 s); the second is told it waits.
    await slack.waitFor(() => slack.messages.some((m) => m.threadTs === second.ts && m.text.includes('waiting for a free slot')));
    expect(answersIn(first.ts)).toHaveLength(0);
    await slack.waitFor(() => answersIn(second.ts).length > 0);
    await adapter.idle();
    const inThread = slack.messages.filter((m) => m.threadTs === second.ts && !m.deleted);
    expect(inThread).toHaveLength(1); // the placeholder became the answer: no trail of messages
    expect(inThread[0]!.versions[0]!.text).toMatch(/^:hourglass_flowing_sand: waiting for a free slot/);
    expect(inThread[0]!.text).toContain('3 rows');
    expect(answersIn(first.ts)).toHaveLength(1);
  });

  it('answers /threadsql help in the ack’s payload', async () => {
    const fields = fixture<Record<string, string>>('slash-command.json');
    const { ack } = await socket.send('slash_commands', { ...fields, text: 'help', trigger_id: 'trigger-socket-help' });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/threadsql ask') });
  });
});
