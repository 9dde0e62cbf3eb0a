// Teams proactive messages end to end: what threadsql sends into a conversation after the turn that
// asked has ended, with the conversation reference kept in the store. The real app on PostgreSQL
// (Pagila), botbuilder's CloudAdapter behind POST /api/messages with JWTs validated against the
// local OpenID/JWKS fake, the Bot Connector faked (tests/fakes/bot-connector-fake.ts), the model
// faked with a slow answer and then one that never comes (a question a crash interrupts).
// A second app opened on the same store file plays the restarted threadsql.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../../src/adapters/teams/app.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { startBotConnectorFake, type BotConnectorFake } from '../fakes/bot-connector-fake.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const APP_ID = '00000000-0000-4000-8000-0000000000b0';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/teams');
const CARD = 'application/vnd.microsoft.card.adaptive';
const ALICE = { id: '29:1AliceBotFrameworkUserId-x9Q', name: 'Alice Adams', aadObjectId: 'a11ce000-0000-4000-8000-000000000001' };
const ALICE_CHAT = 'a:1AliceProactiveChat';
const SLOW_MODEL_MS = 1_500;

let db: TestDatabase;
let root: string;
let config: Config;
let connector: BotConnectorFake;
let openai: OpenAiFake;

/** One running threadsql: app, Teams adapter, HTTP server. */
interface Running {
  app: App;
  adapter: TeamsAdapter;
  server: HttpServer;
}
let first: Running | undefined;
let restarted: Running | undefined;

async function start(): Promise<Running> {
  const app = await createApp(config, { logger: silentLogger });
  // Renew typing every 100 ms (Teams: every 3 s) so a 1.5 s question shows several renewals.
  const adapter = createTeamsAdapter(app, config.teams!, { typingRenewMs: 100 });
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: adapter.routes, logger: silentLogger });
  return { app, adapter, server };
}

async function stop(r: Running | undefined): Promise<void> {
  if (!r) return;
  await r.adapter.stop();
  await r.server.close();
  await r.app.close();
}

function fixture(name: string): Json {
  const a = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
  a.serviceUrl = connector.serviceUrl;
  return a;
}

let seq = 0;
const nextId = () => String(1_749_100_000_000 + ++seq);

function personal(text: string): Json {
  const a = fixture('personal-message.json');
  a.id = nextId();
  a.text = text;
  a.from = ALICE;
  a.conversation.id = ALICE_CHAT;
  return a;
}

function mention(text: string, from?: Json): Json {
  const a = fixture('channel-mention.json');
  a.id = nextId();
  a.text = `<at>threadsql</at> ${text}`;
  a.conversation.id = `19:opsChannel0123456789abcdef@thread.tacv2;messageid=${a.id}`;
  a.channelData.channel.id = '19:opsChannel0123456789abcdef@thread.tacv2';
  a.channelData.teamsChannelId = a.channelData.channel.id;
  if (from) a.from = from;
  return a;
}

async function post(to: Running, activity: Json): Promise<number> {
  const res = await fetch(`${to.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: activity.serviceUrl as string })}` },
    body: JSON.stringify(activity),
  });
  await res.text();
  return res.status;
}

const typingIn = (conversationId: string) => connector.activities.filter((a) => a.type === 'typing' && a.conversationId === conversationId);
const hasCard = (a: { activity: Json }) => (a.activity.attachments as Json[] | undefined)?.some((x) => x.contentType === CARD) ?? false;

beforeAll(async () => {
  db = await createTestDatabase('tsql_teams_pro');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-teams-pro-'));
  await mkdir(path.join(root, 'kb'));
  connector = await startBotConnectorFake();
  openai = await startOpenAiFake([
    // The long question: the model takes 1.5 s.
    { kind: 'reply', body: completionBody('```sql\nSELECT film_id, title FROM film ORDER BY film_id\n```'), delayMs: SLOW_MODEL_MS },
    // The question a crash interrupts: the model never answers.
    { kind: 'hang' },
  ]);
  config = loadConfig(
    {
      DATABASE_URL: db.url,
      THREADSQL_DATA_DIR: path.join(root, 'data'),
      THREADSQL_KB_DIR: path.join(root, 'kb'),
      THREADSQL_CACHE_TTL_DAYS: '0',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-test-key-not-real-000',
      OPENAI_MODEL: 'gpt-test',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'fake-client-secret-value',
      MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl,
    },
    root,
  );
  // The outbound token MSAL would fetch, where botframework-connector caches it (see teams.test.ts).
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.set(`${APP_ID}https://api.botframework.com-cache`, {
    accessToken: 'fake-outbound-token-for-the-bot',
    expiresOn: new Date(Date.now() + 3600_000),
  });
  first = await start();
}, 180_000);

afterAll(async () => {
  await openai?.close(); // ends a question still hanging on the model
  await stop(first);
  await stop(restarted);
  await connector?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Teams: answers after the turn, and after a restart', () => {
  it('ends the turn at once for a long question, renews typing, and posts the answer later through the stored conversation', async () => {
    const running = first!;
    const activity = personal('which films do we have, slowly?');
    expect(await post(running, activity)).toBe(200);
    // The HTTP turn is over; the model has not even answered yet.
    expect(connector.messagesIn(ALICE_CHAT)).toHaveLength(0);
    expect(typingIn(ALICE_CHAT).length).toBe(1);

    await connector.waitFor(() => connector.messagesIn(ALICE_CHAT).some(hasCard), 20_000);
    await running.adapter.idle();
    // Typing in the turn, then renewed while the engine worked (every 100 ms here, 3 s in Teams).
    expect(typingIn(ALICE_CHAT).length).toBeGreaterThanOrEqual(3);

    // The personal chat's reference is in the store, tied to Alice's user.
    const alice = await running.app.store.users.find({ platform: 'teams', tenantId: activity.channelData.tenant.id, platformUserId: ALICE.aadObjectId });
    const row = await running.app.store.conversationRefs.personalFor('teams', alice!.id);
    expect(row?.reference).toMatchObject({ conversation: { id: ALICE_CHAT }, serviceUrl: connector.serviceUrl, bot: { id: activity.recipient.id } });
  });

  it('after a crash, a new app on the same store tells the asker in their channel thread that the question was interrupted', async () => {
    const crashed = first!;
    const asked = openai.requests.length;
    const activity = mention('which customers rented the most films?');
    expect(await post(crashed, activity)).toBe(200);
    await connector.waitFor(() => openai.requests.length > asked); // the attempt is open, waiting on the model

    // threadsql starts again on the same store while the old process is "gone".
    const app = await createApp(config, { logger: silentLogger });
    const adapter = createTeamsAdapter(app, config.teams!);
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: adapter.routes, logger: silentLogger });
    restarted = { app, adapter, server };
    const interrupted = app.interrupted.filter((a) => a.platform === 'teams');
    expect(interrupted.map((a) => a.question)).toEqual(['which customers rented the most films?']);

    expect(await adapter.notifyInterrupted(app.interrupted)).toBe(1);
    const notice = connector.messagesIn(activity.conversation.id).find((m) => /restarted/.test(String(m.activity.text)));
    expect(notice?.conversationId).toBe(activity.conversation.id); // the thread itself, not the channel
    expect(String(notice?.activity.text)).toMatch(/restarted while it was answering “which customers rented the most films\?” \(attempt [0-9a-f]{8}\), so it was not answered\. Please ask again\./);

    // The old app is closed for good (its hung model call ends with the fake).
    await openai.close();
    await stop(crashed);
    first = undefined;
  }, 60_000);

  it('after the restart, a private answer asked in a channel goes to the personal chat stored before it', async () => {
    const running = restarted!;
    const createdBefore = connector.created.length;
    const inChatBefore = connector.messagesIn(ALICE_CHAT).length;
    const activity = mention('history', ALICE);
    expect(await post(running, activity)).toBe(200);
    await connector.waitFor(() => connector.messagesIn(activity.conversation.id).length > 0);
    await running.adapter.idle();

    expect(connector.created.length).toBe(createdBefore); // no new chat opened: the stored one was used
    const privateAnswer = connector.messagesIn(ALICE_CHAT).slice(inChatBefore);
    expect(privateAnswer).toHaveLength(1);
    expect(JSON.stringify(privateAnswer[0]!.activity)).toContain('which films do we have, slowly?');
    const inThread = connector.messagesIn(activity.conversation.id);
    expect(inThread).toHaveLength(1);
    expect(String(inThread[0]!.activity.text)).toMatch(/sent it to you in a personal chat/);
    expect(JSON.stringify(inThread[0]!.activity)).not.toContain('which films do we have');
  });
});
