// Teams without MICROSOFT_APP_ID: the Bot Framework Emulator's local mode. botbuilder authenticates
// nothing then, so /api/messages must answer this machine only. The server listens on every
// interface; a request to this machine's own network address (192.0.2.x here, not loopback)
// arrives from that address and must get 401 with no work done, while the same activity over
// 127.0.0.1 is answered, without any token, into the (faked) Emulator's serviceUrl.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../../src/adapters/teams/app.ts';
import { EMULATOR_MODE_LINE } from '../../src/adapters/teams/emulator-mode.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { startBotConnectorFake, type BotConnectorFake } from '../fakes/bot-connector-fake.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let db: TestDatabase;
let root: string;
let app: App;
let adapter: TeamsAdapter;
let server: HttpServer;
let connector: BotConnectorFake;
let port: number;

/** This machine's first non-loopback IPv4 address: a peer that is not local as far as the server can tell. */
function networkAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to test the refusal with');
  return found.address;
}

let seq = 0;
/** An activity as the Emulator sends it: channel "emulator", no tenant, its own serviceUrl. */
function emulatorMessage(text: string, over: Json = {}): Json {
  const a = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/teams/personal-message.json'), 'utf8')) as Json;
  return {
    ...a,
    id: `emu-${++seq}`,
    channelId: 'emulator',
    serviceUrl: connector.serviceUrl,
    text,
    from: { id: 'a1b2c3d4-emulator-user', name: 'User', role: 'user' },
    recipient: { id: 'b0b0b0b0-emulator-bot', name: 'Bot', role: 'bot' },
    conversation: { id: `emu-conversation-${seq}|livechat` },
    channelData: undefined,
    ...over,
  };
}

async function post(host: string, activity: Json, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`http://${host}:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  await res.text();
  return res.status;
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_teams_emu');
  await loadPagila(db);
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-teams-emu-'));
  await mkdir(path.join(root, 'kb'));
  connector = await startBotConnectorFake();
  const config = loadConfig({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: path.join(root, 'kb') }, root);
  expect(config.teams).toBeUndefined();
  app = await createApp(config, { logger: silentLogger });
  adapter = createTeamsAdapter(app, config.teams);
  server = await startHttpServer({ host: '0.0.0.0', port: 0, routes: adapter.routes, logger: silentLogger });
  port = Number(new URL(server.url).port);
}, 180_000);

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
  await app?.close();
  await connector?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Teams without MICROSOFT_APP_ID (local Emulator mode)', () => {
  it('says so in its start-up line', () => {
    expect(adapter.mode).toBe('emulator');
    expect(adapter.line).toBe(EMULATOR_MODE_LINE);
    expect(adapter.line).toMatch(/MICROSOFT_APP_ID not set.*this machine.*401/);
  });

  it('answers an unauthenticated Emulator request from this machine, replying without a token', async () => {
    const activity = emulatorMessage('help');
    expect(await post('127.0.0.1', activity)).toBe(200);
    await connector.waitFor(() => connector.messagesIn(activity.conversation.id).length > 0);
    await adapter.idle();
    const [reply] = connector.messagesIn(activity.conversation.id);
    expect(JSON.stringify(reply!.activity)).toMatch(/history/);
    for (const call of connector.calls) expect(call.authorization).toBeUndefined();
  });

  it('refuses with 401, and does nothing, a request from another address', async () => {
    const before = connector.calls.length;
    const activity = emulatorMessage('help');
    expect(await post(networkAddress(), activity)).toBe(401);
    await adapter.idle();
    expect(connector.calls.length).toBe(before);
    expect(await app.store.conversationRefs.get('teams', '', activity.conversation.id)).toBeUndefined();
  });

  it('refuses a request a proxy forwarded, and one whose replies would go off this machine', async () => {
    const before = connector.calls.length;
    expect(await post('127.0.0.1', emulatorMessage('help'), { 'x-forwarded-for': '203.0.113.9' })).toBe(401);
    expect(await post('127.0.0.1', emulatorMessage('help', { serviceUrl: 'http://203.0.113.9/' }))).toBe(401);
    await adapter.idle();
    expect(connector.calls.length).toBe(before);
  });
});
