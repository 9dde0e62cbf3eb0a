// The Teams adapter end to end: the real app on PostgreSQL (Pagila), the real HTTP server with
// botbuilder's CloudAdapter behind POST /api/messages, activities POSTed as Teams sends them with a
// Bot Framework JWT that botbuilder validates for real against a local OpenID/JWKS fake, replies
// captured by a local Bot Connector fake (the activities' serviceUrl), the model faked. No network.
//
// What is not exercised: MSAL's client-credentials request to login.microsoftonline.com for the
// bot's outbound token (MSAL refuses non-https authorities). The test puts a token into
// botframework-connector's own token cache — where MSAL's answer would land — and the fake checks
// every outbound call carries it.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../../src/adapters/teams/app.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createExportLinks, type ExportLinks } from '../../src/server/export-links.ts';
import { healthRoute } from '../../src/server/healthz.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { startBotConnectorFake, type BotConnectorFake, type FakeActivity } from '../fakes/bot-connector-fake.ts';
import { completionBody, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';
import { adaptiveCardProblems } from '../unit/adapters/teams/adaptive-card-check.ts';

// Activities and cards are plain JSON here; the assertions say what shape they must have.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const APP_ID = '00000000-0000-4000-8000-0000000000b0';
const OUTBOUND_TOKEN = 'fake-outbound-token-for-the-bot';
const FILMS_SQL = 'SELECT film_id, title, rating, rental_rate, original_language_id FROM film ORDER BY film_id';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/teams');
const CARD = 'application/vnd.microsoft.card.adaptive';

let db: TestDatabase;
let root: string;
let app: App;
let connector: BotConnectorFake;
let openai: OpenAiFake;
let adapter: TeamsAdapter;
let server: HttpServer;
let links: ExportLinks;
let clockOffsetMs = 0;

function fixture(name: string): Json {
  const a = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
  a.serviceUrl = connector.serviceUrl;
  return a;
}

let seq = 0;
function nextId(): string {
  return String(1_748_900_000_000 + ++seq);
}

interface Sent {
  status: number;
  body: string;
}

async function post(activity: Json, auth: string | null = `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: activity.serviceUrl as string })}`): Promise<Sent> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text() };
}

function personal(text: string, over: { id?: string; from?: Json; conversationId?: string } = {}): Json {
  const a = fixture('personal-message.json');
  a.id = over.id ?? nextId();
  a.text = text;
  if (over.from) a.from = over.from;
  if (over.conversationId) a.conversation.id = over.conversationId;
  return a;
}

/** A channel @mention; `root` is the thread's first message (a new thread when omitted). */
function mention(text: string, over: { root?: string; id?: string; from?: Json } = {}): Json {
  const a = fixture('channel-mention.json');
  a.id = over.id ?? nextId();
  a.text = `<at>threadsql</at> ${text}`;
  a.conversation.id = `19:salesChannel0123456789abcdef@thread.tacv2;messageid=${over.root ?? a.id}`;
  if (over.from) a.from = over.from;
  return a;
}

const cardOf = (a: FakeActivity | undefined): Json | undefined => (a?.activity.attachments as Json[] | undefined)?.find((x) => x.contentType === CARD)?.content;

function answerIn(conversationId: string): FakeActivity | undefined {
  return connector.messagesIn(conversationId).find((a) => JSON.stringify(cardOf(a) ?? {}).includes('"Table"'));
}

function tableOf(card: Json): Json {
  return (card.body as Json[]).find((e) => e.type === 'Table')!;
}

function cellTexts(row: Json): string[] {
  return (row.cells as Json[]).map((c) => c.items[0].text as string);
}

async function settle(): Promise<void> {
  await adapter.idle();
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_teams');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-teams-'));
  const kbDir = path.join(root, 'kb');
  await mkdir(kbDir);
  await writeFile(path.join(kbDir, 'films-per-rating.sql'), '-- question: How many films are there per rating?\n-- tags: films, rating\nSELECT f.rating, count(*) AS films FROM film AS f GROUP BY f.rating ORDER BY films DESC;\n');
  await writeFile(
    path.join(kbDir, 'top-customers.sql'),
    '-- question: Who are the top 10 customers by total payments?\n-- tags: customers, payments\nSELECT c.first_name, c.last_name, sum(p.amount) AS total FROM customer AS c JOIN payment AS p ON p.customer_id = c.customer_id GROUP BY 1, 2 ORDER BY total DESC LIMIT 10;\n',
  );
  await writeFile(path.join(kbDir, 'rentals-per-store.sql'), '-- question: How many rentals did each store have?\n-- tags: rentals, stores\nSELECT i.store_id, count(*) AS rentals FROM rental AS r JOIN inventory AS i ON i.inventory_id = r.inventory_id GROUP BY i.store_id;\n');
  connector = await startBotConnectorFake();
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
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'fake-client-secret-value',
      MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl,
      THREADSQL_EXPORT_SECRET: 'export-secret-for-tests-0123456789abcdef',
    },
    root,
  );
  app = await createApp(config, { logger: silentLogger });
  // The token MSAL would have fetched, in the cache botbuilder reads before asking MSAL
  // (key: app id + scope; the scope is Bot Framework's, https://api.botframework.com).
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.set(`${APP_ID}https://api.botframework.com-cache`, {
    accessToken: OUTBOUND_TOKEN,
    expiresOn: new Date(Date.now() + 3600_000),
  });
  let baseUrl = '';
  links = createExportLinks({
    secret: config.exportLinks.secret,
    baseUrl: () => baseUrl,
    ttlMs: config.exportLinks.ttlHours * 3600_000,
    clock: { ...systemClock, now: () => new Date(Date.now() + clockOffsetMs) },
    logger: silentLogger,
    exportFile: async (id) => (await app.store.manifests.getForViewer(id, { userId: 'export-link', role: 'admin' }))?.exportFilePath ?? undefined,
  });
  adapter = createTeamsAdapter(app, config.teams!, { links });
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [healthRoute(app), ...adapter.routes, links.route()], logger: silentLogger });
  baseUrl = server.url;
}, 180_000);

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
  await app?.close();
  await connector?.close();
  await openai?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Teams over HTTP: personal chat, channel threads, authentication', () => {
  it('answers a personal-chat question: typing first, then an Adaptive Card 1.5 with the first 20 rows in a Table', async () => {
    const activity = personal('which films do we have?');
    const sent = await post(activity);
    expect(sent.status).toBe(200);
    await connector.waitFor(() => answerIn(activity.conversation.id) !== undefined);
    await settle();

    const inChat = connector.activities.filter((a) => a.conversationId === activity.conversation.id);
    expect(inChat[0]!.type).toBe('typing'); // sent within the turn, before any answer
    expect(inChat[0]!.replyToId).toBe(activity.id);
    const messages = connector.messagesIn(activity.conversation.id);
    expect(messages).toHaveLength(1);
    const card = cardOf(messages[0])!;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const table = tableOf(card);
    expect(table.rows).toHaveLength(21); // header + 20 rows
    expect(cellTexts(table.rows[0])).toEqual(['film_id', 'title', 'rating', 'rental_rate', 'original_language_id']);
    expect(cellTexts(table.rows[1])).toEqual(['1', 'ACADEMY DINOSAUR', 'PG', '0.99', 'NULL']);
    expect(JSON.stringify(card)).toContain('showing 20 of 1,000 rows');
    const actions = card.actions as Json[];
    expect(actions.map((a) => `${a.type}:${a.title}`)).toEqual(['Action.Submit:Next page', 'Action.ShowCard:Show SQL', 'Action.Submit:Retry', 'Action.Submit:👍', 'Action.ShowCard:👎']);
    expect(JSON.stringify(actions[1]!.card)).toContain('SELECT film_id');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
    expect(messages[0]!.activity.summary).toMatch(/1,000 rows|films/i);

    // Every outbound call carried the bot's token.
    for (const call of connector.calls) expect(call.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
  });

  it('replies to a channel @mention in the thread of the asking message, with the mention stripped', async () => {
    const before = openai.requests.length;
    const activity = mention('which films are rated PG?');
    expect((await post(activity)).status).toBe(200);
    await connector.waitFor(() => answerIn(activity.conversation.id) !== undefined);
    await settle();
    const answer = answerIn(activity.conversation.id)!;
    expect(answer.conversationId).toBe(`19:salesChannel0123456789abcdef@thread.tacv2;messageid=${activity.id}`);
    const prompt = JSON.stringify(openai.requests.slice(before).map((r) => r.body));
    expect(prompt).toContain('which films are rated PG?');
    expect(prompt).not.toContain('<at>');
  });

  it('continues the thread’s session for a follow-up in the same channel thread', async () => {
    const first = mention('which films are rated G?');
    await post(first);
    await connector.waitFor(() => answerIn(first.conversation.id) !== undefined);
    await settle();
    const before = openai.requests.length;
    const followUp = mention('and only the ones from 2006?', { root: first.id });
    await post(followUp);
    await connector.waitFor(() => connector.messagesIn(first.conversation.id).length >= 2);
    await settle();
    // The earlier question of the thread is in the follow-up's prompt: same session.
    const prompt = JSON.stringify(openai.requests.slice(before).map((r) => r.body));
    expect(prompt).toContain('which films are rated G?');
    expect(prompt).toContain('and only the ones from 2006?');
  });

  it('answers once when Teams redelivers the same activity', async () => {
    const activity = personal('films once only', { conversationId: 'a:1DedupChat' });
    const [a, b] = await Promise.all([post(activity), post(activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await connector.waitFor(() => answerIn('a:1DedupChat') !== undefined);
    await settle();
    expect((await post(activity)).status).toBe(200);
    await settle();
    expect(connector.messagesIn('a:1DedupChat')).toHaveLength(1);
  });

  it('refuses requests without a valid Bot Framework token with 401 and does no work', async () => {
    const callsBefore = connector.calls.length;
    const asksBefore = openai.requests.length;
    const activity = personal('drop everything', { conversationId: 'a:1IntruderChat' });
    const su = activity.serviceUrl as string;
    const cases: Array<string | null> = [
      null,
      'Bearer not-a-jwt',
      `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: su, signWith: 'stranger' })}`, // unknown signing key
      `Bearer ${connector.channelToken({ appId: '11111111-1111-4111-8111-111111111111', serviceUrl: su })}`, // another bot's token
      `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: 'https://evil.example/' })}`, // serviceUrl claim mismatch
      `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: su, expiresInS: -600, notBeforeS: -4000 })}`, // expired
      `Bearer ${connector.channelToken({ appId: APP_ID, serviceUrl: su, issuer: 'https://sts.example/' })}`, // wrong issuer
    ];
    for (const auth of cases) {
      activity.id = nextId();
      const res = await post(activity, auth);
      expect(res.status, String(auth).slice(0, 40)).toBe(401);
    }
    await settle();
    expect(connector.calls.length).toBe(callsBefore);
    expect(openai.requests.length).toBe(asksBefore);
  });

  it('refuses an activity over the size limit with 413', async () => {
    const activity = personal('x'.repeat(300 * 1024));
    expect((await post(activity)).status).toBe(413);
  });
});

describe('card actions', () => {
  let card: Json;
  let answer: FakeActivity;
  const chat = 'a:1AliceCardsChat';

  beforeAll(async () => {
    const activity = personal('films for the buttons', { conversationId: chat });
    await post(activity);
    await connector.waitFor(() => answerIn(chat) !== undefined);
    await settle();
    answer = answerIn(chat)!;
    card = cardOf(answer)!;
  });

  function submit(data: Json, over: { replyToId?: string } = {}): Json {
    const a = fixture('card-submit.json');
    a.id = `f:${nextId()}`;
    a.conversation.id = chat;
    a.replyToId = over.replyToId ?? answer.id;
    a.value = data;
    return a;
  }

  const dataOf = (title: string): Json => (card.actions as Json[]).find((a) => a.title === title)!.data;

  it('Next page (Action.Submit) updates the card in place with rows 501–520, keeping the summary', async () => {
    const before = connector.calls.filter((c) => c.op === 'updateActivity').length;
    expect((await post(submit(dataOf('Next page')))).status).toBe(200);
    await connector.waitFor(() => connector.calls.filter((c) => c.op === 'updateActivity').length > before);
    await settle();
    const update = connector.calls.filter((c) => c.op === 'updateActivity').at(-1)!;
    expect(update).toMatchObject({ conversationId: chat, activityId: answer.id });
    const page = (update.body.attachments as Json[])[0]!.content as Json;
    expect(cellTexts(tableOf(page).rows[1])[0]).toBe('501');
    expect(JSON.stringify(page)).toContain('showing rows 501–520 of 1,000');
    expect(JSON.stringify(page.body[0])).toContain((card.body[0] as Json).text.split('\n')[0]);
    const titles = (page.actions as Json[]).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Previous page', 'Show SQL', 'Retry', '👍', '👎']));
    expect(connector.messagesIn(chat)).toHaveLength(1); // no new message
  });

  it('a page via Action.Execute comes back as the refreshed card in the invoke response', async () => {
    const invoke = fixture('invoke-adaptive-card-action.json');
    invoke.id = `f:${nextId()}`;
    invoke.conversation.id = chat;
    invoke.replyToId = answer.id;
    invoke.value.action.data = dataOf('Next page');
    const res = await post(invoke);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as Json;
    expect(body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cellTexts(tableOf(body.value).rows[1])[0]).toBe('501');
    expect(adaptiveCardProblems(body.value)).toEqual([]);
  });

  it('👍 and 👎 with a comment are recorded on the attempt', async () => {
    const up = dataOf('👍');
    const admin = { userId: 'nobody', role: 'admin' as const };
    await post(submit(up));
    await connector.waitFor(() => connector.messagesIn(chat).some((m) => String(m.activity.text).includes('👍')));
    await settle();
    expect((await app.store.attempts.getForViewer(up.attemptId as string, admin))?.feedback).toBe('up');

    const down = ((card.actions as Json[]).find((a) => a.title === '👎')!.card.actions as Json[])[0]!.data;
    await post(submit({ ...down, threadsqlComment: 'wrong table: I meant rentals' }));
    await connector.waitFor(() => connector.messagesIn(chat).some((m) => String(m.activity.text).includes('👎')));
    await settle();
    expect(await app.store.attempts.getForViewer(up.attemptId as string, admin)).toMatchObject({ feedback: 'down', feedbackText: 'wrong table: I meant rentals' });
  });

  it('ignores a submit whose data is not ours', async () => {
    const before = connector.calls.length;
    expect((await post(submit({ action: 'something else' }))).status).toBe(200);
    await settle();
    expect(connector.calls.length).toBe(before);
  });
});

describe('the CSV download link', () => {
  let url: string;
  let attemptId: string;

  beforeAll(async () => {
    const chat = 'a:1CsvChat';
    await post(personal('films as a file', { conversationId: chat }));
    await connector.waitFor(() => answerIn(chat) !== undefined);
    await settle();
    const card = cardOf(answerIn(chat))!;
    const link = (card.body as Json[]).find((e) => e.type === 'ActionSet')!.actions[0];
    expect(link).toMatchObject({ type: 'Action.OpenUrl', title: 'Download CSV (1,000 rows)' });
    url = link.url as string;
    attemptId = (card.actions as Json[])[0]!.data.attemptId as string;
  });

  it('downloads exactly the export, as an attachment', async () => {
    expect(url.startsWith(`${server.url}/exports/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="threadsql-${attemptId.slice(0, 8)}.csv"`);
    const manifest = await app.store.manifests.getForViewer(attemptId, { userId: 'x', role: 'admin' });
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(manifest!.exportFilePath!))).toBe(true);
  });

  it('refuses a forged token with 403 and an expired one with 410', async () => {
    const token = url.split('/exports/')[1]!;
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const otherId = id.replace(/^./, id[0] === 'a' ? 'b' : 'a');
    for (const forged of [`${otherId}.${exp}.${sig}`, `${id}.${Number(exp) + 86_400}.${sig}`, `${id}.${exp}.${'A'.repeat(43)}`, 'not-a-token']) {
      const res = await fetch(`${server.url}/exports/${forged}`);
      expect(res.status, forged.slice(0, 50)).toBe(403);
      expect(await res.text()).toMatch(/not valid/);
    }
    clockOffsetMs = 8 * 24 * 3600_000; // past the 7-day lifetime
    try {
      const res = await fetch(url);
      expect(res.status).toBe(410);
      expect(await res.text()).toMatch(/expired/);
    } finally {
      clockOffsetMs = 0;
    }
  });
});

describe('privacy, welcome, limits and failures', () => {
  it('history asked in a channel goes to the asker’s personal chat; the thread only says so', async () => {
    const activity = mention('history');
    await post(activity);
    await connector.waitFor(() => connector.messagesIn(activity.conversation.id).length > 0);
    await settle();
    const created = connector.created.at(-1)!;
    expect(created.body).toMatchObject({ isGroup: false, members: [{ id: activity.from.id }], channelData: { tenant: { id: activity.channelData.tenant.id } } });
    const privateMessage = connector.messagesIn(created.id)[0]!;
    expect(JSON.stringify(privateMessage.activity)).toContain('which films are rated PG?'); // Bob's own question
    const inThread = connector.messagesIn(activity.conversation.id);
    expect(inThread).toHaveLength(1);
    expect(String(inThread[0]!.activity.text)).toMatch(/private.*personal chat/);
    expect(JSON.stringify(inThread[0]!.activity)).not.toContain('which films are rated PG?');
  });

  it('sends a later private answer to the personal chat it opened before, without opening another', async () => {
    const createdBefore = connector.created.length;
    const chat = connector.created.at(-1)!.id; // Bob's, opened by the test above
    const before = connector.messagesIn(chat).length;
    const activity = mention('history');
    await post(activity);
    await connector.waitFor(() => connector.messagesIn(activity.conversation.id).length > 0);
    await settle();
    expect(connector.created.length).toBe(createdBefore);
    expect(connector.messagesIn(chat).length).toBe(before + 1);
    expect(String(connector.messagesIn(activity.conversation.id)[0]!.activity.text)).toMatch(/sent it to you in a personal chat/);
  });

  it('refuses with the reason when the asker has no personal chat and one cannot be opened', async () => {
    connector.fail('createConversation', { status: 403, code: 'BotNotInConversationRoster' });
    const carol = { id: '29:1CarolBotFrameworkUserId-c4R', name: 'Carol Chen', aadObjectId: 'ca201000-0000-4000-8000-000000000003' };
    const activity = mention('history', { from: carol });
    await post(activity);
    await connector.waitFor(() => connector.messagesIn(activity.conversation.id).length > 0);
    await settle();
    const inThread = connector.messagesIn(activity.conversation.id);
    expect(inThread).toHaveLength(1);
    expect(String(inThread[0]!.activity.text)).toMatch(/not posted here.*personal chat/);
  });

  it('welcomes a team once, with three knowledge-base questions, though Teams announces the install twice', async () => {
    // Teams sends installationUpdate (action "add") and conversationUpdate (the bot among membersAdded).
    const install = fixture('conversation-update-bot-added.json');
    delete install.membersAdded;
    install.type = 'installationUpdate';
    install.action = 'add';
    install.id = `f:${nextId()}`;
    const added = fixture('conversation-update-bot-added.json');
    expect((await post(install)).status).toBe(200);
    expect((await post(added)).status).toBe(200);
    expect((await post(added)).status).toBe(200); // a redelivery
    const welcomes = connector.messagesIn(added.conversation.id);
    expect(welcomes).toHaveLength(1);
    const card = cardOf(welcomes[0])!;
    for (const q of ['How many films are there per rating?', 'Who are the top 10 customers by total payments?', 'How many rentals did each store have?']) expect(JSON.stringify(card)).toContain(q);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('welcomes a personal install in the personal chat once, with the questions as buttons', async () => {
    const install = personal('', { conversationId: 'a:1DanPersonalInstall', from: { id: '29:1DanBotFrameworkUserId-d5S', name: 'Dan Diaz', aadObjectId: 'da400000-0000-4000-8000-000000000004' } });
    delete install.text;
    install.type = 'installationUpdate';
    install.action = 'add';
    await post(install);
    const update = { ...install, id: `f:${nextId()}`, type: 'conversationUpdate', action: undefined, membersAdded: [{ id: install.recipient.id }] };
    await post(update);
    const welcomes = connector.messagesIn('a:1DanPersonalInstall');
    expect(welcomes).toHaveLength(1);
    expect((cardOf(welcomes[0])!.actions as Json[]).map((a) => a.data.msteams.type)).toEqual(['imBack', 'imBack', 'imBack']);
  });

  it('keeps the card of a 100-column, 500-row result under 28 KB and says what it left out', async () => {
    const cols = Array.from({ length: 100 }, (_, i) => `md5((g * ${i + 1})::text) AS column_${i + 1}`).join(', ');
    const chat = 'a:1WideChat';
    await post(personal(`sql SELECT ${cols} FROM generate_series(1, 500) AS g`, { conversationId: chat }));
    await connector.waitFor(() => connector.messagesIn(chat).length > 0);
    await settle();
    const card = cardOf(connector.messagesIn(chat)[0])!;
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(28_000);
    const table = tableOf(card);
    expect(table.columns.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(card)).toMatch(/of 500 rows.*of 100 columns/);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('delivers the answer as text when Teams refuses the card', async () => {
    connector.fail('replyToActivity', { status: 413, code: 'MessageSizeTooBig', when: (b) => Array.isArray(b.attachments) });
    const chat = 'a:1RefusedCardChat';
    await post(personal('films but no card', { conversationId: chat }));
    await connector.waitFor(() => connector.messagesIn(chat).length > 0);
    await settle();
    const messages = connector.messagesIn(chat);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.activity.attachments).toBeUndefined();
    expect(String(messages[0]!.activity.text)).toMatch(/1,000 rows/);
    expect(String(messages[0]!.activity.text)).toContain(`${server.url}/exports/`);
  });
});
