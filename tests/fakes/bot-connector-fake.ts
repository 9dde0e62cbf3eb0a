// A local HTTP fake of the two Microsoft services a Teams bot talks to, on 127.0.0.1:
//
// 1. Bot Framework's token signing metadata: an OpenID configuration and its JWKS, with an RSA key
//    made here (endorsed for "msteams", like the real keys), and `channelToken()` to sign the JWT
//    Teams puts in the Authorization header of every activity (iss https://api.botframework.com,
//    aud = the bot's app id, serviceurl claim). botbuilder validates these for real, pointed here by
//    MICROSOFT_OPENID_METADATA_URL.
// 2. The Bot Connector REST API under `serviceUrl` (what an activity's serviceUrl names): create
//    conversation, send / reply to / update activities, answered with the service's response shapes
//    (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference).
//    Every call is recorded with its Authorization header; messages keep their versions (updates).
import { createPrivateKey, generateKeyPairSync, createSign, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export type ConnectorOp = 'createConversation' | 'sendToConversation' | 'replyToActivity' | 'updateActivity';

export interface ConnectorCall {
  op: ConnectorOp;
  conversationId: string;
  /** replyToActivity: the activity replied to; updateActivity: the activity updated. */
  activityId?: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeActivity {
  id: string;
  conversationId: string;
  replyToId: string | undefined;
  type: string;
  /** The latest version (updates applied). */
  activity: Record<string, unknown>;
  versions: Array<Record<string, unknown>>;
}

export interface FakeFailure {
  status: number;
  code: string;
  times?: number;
  /** Only calls whose body matches, e.g. carrying a card. */
  when?: (body: Record<string, unknown>) => boolean;
}

export interface BotConnectorFake {
  /** For activities' serviceUrl: ends with `/`. */
  serviceUrl: string;
  /** For MICROSOFT_OPENID_METADATA_URL. */
  openIdMetadataUrl: string;
  calls: ConnectorCall[];
  activities: FakeActivity[];
  /** Personal conversations created (POST /v3/conversations), by id. */
  created: Array<{ id: string; body: Record<string, unknown> }>;
  /** A JWT as Bot Framework signs it for an activity sent to the bot. */
  channelToken(claims: { appId: string; serviceUrl: string; expiresInS?: number; notBeforeS?: number; issuer?: string; signWith?: 'fake' | 'stranger'; kid?: string }): string;
  /** Activities (not typing) sent into a conversation, by its id with or without `;messageid=`. */
  messagesIn(conversationId: string): FakeActivity[];
  fail(op: ConnectorOp, failure: FakeFailure): void;
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const KID = 'fake-bf-key-1';

export async function startBotConnectorFake(): Promise<BotConnectorFake> {
  const events = new EventEmitter();
  events.setMaxListeners(1000);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A key Bot Framework never published: tokens signed with it must be refused.
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const calls: ConnectorCall[] = [];
  const activities: FakeActivity[] = [];
  const created: BotConnectorFake['created'] = [];
  const failures = new Map<ConnectorOp, FakeFailure & { left: number }>();
  let seq = 0;
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const { status, body } = handle(req, raw);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      events.emit('request');
    });
  });

  function handle(req: http.IncomingMessage, raw: string): { status: number; body: unknown } {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/openid/.well-known/openidconfiguration') {
      return { status: 200, body: { issuer: BOT_FRAMEWORK_ISSUER, authorization_endpoint: `${base}/openid/authorize`, jwks_uri: `${base}/openid/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] } };
    }
    if (req.method === 'GET' && path === '/openid/keys') {
      return { status: 200, body: { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] } };
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const authorization = req.headers.authorization;
    const m = /^\/teams\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(path);
    if (!m) return { status: 404, body: { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } } };
    const conversationId = m[1] ? decodeURIComponent(m[1]) : '';
    const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
    const op: ConnectorOp | undefined =
      req.method === 'POST' && !m[1] ? 'createConversation' : req.method === 'POST' && !activityId ? 'sendToConversation' : req.method === 'POST' ? 'replyToActivity' : req.method === 'PUT' ? 'updateActivity' : undefined;
    if (!op) return { status: 405, body: { error: { code: 'MethodNotAllowed', message: req.method } } };
    calls.push({ op, conversationId, activityId, body, authorization });

    const failure = failures.get(op);
    if (failure && failure.left > 0 && (!failure.when || failure.when(body))) {
      failure.left--;
      return { status: failure.status, body: { error: { code: failure.code, message: `fake ${failure.code}` } } };
    }

    switch (op) {
      case 'createConversation': {
        const id = `a:1fakePersonal${++seq}`;
        created.push({ id, body });
        return { status: 201, body: { id, serviceUrl: base + '/teams/' } };
      }
      case 'sendToConversation':
      case 'replyToActivity': {
        const id = `1${String(1_750_000_000_000 + ++seq)}`;
        activities.push({ id, conversationId, replyToId: activityId ?? (body.replyToId as string | undefined), type: String(body.type), activity: body, versions: [body] });
        return { status: 200, body: { id } };
      }
      case 'updateActivity': {
        const found = activities.find((a) => a.id === activityId && a.conversationId === conversationId);
        if (!found) return { status: 404, body: { error: { code: 'ActivityNotFoundInConversation', message: 'no such activity' } } };
        found.activity = body;
        found.versions.push(body);
        return { status: 200, body: { id: activityId } };
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sign = (data: string, key: KeyObject) => createSign('RSA-SHA256').update(data).sign(key).toString('base64url');

  return {
    serviceUrl: `${base}/teams/`,
    openIdMetadataUrl: `${base}/openid/.well-known/openidconfiguration`,
    calls,
    activities,
    created,
    channelToken({ appId, serviceUrl, expiresInS = 3600, notBeforeS = -300, issuer = BOT_FRAMEWORK_ISSUER, signWith = 'fake', kid = KID }) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64({ alg: 'RS256', typ: 'JWT', kid, x5t: kid });
      const payload = b64({ serviceurl: serviceUrl, nbf: now + notBeforeS, exp: now + expiresInS, iat: now + notBeforeS, iss: issuer, aud: appId });
      const key = signWith === 'fake' ? createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })) : stranger;
      return `${header}.${payload}.${sign(`${header}.${payload}`, key)}`;
    },
    messagesIn(conversationId) {
      return activities.filter((a) => a.type === 'message' && (a.conversationId === conversationId || a.conversationId.split(';')[0] === conversationId));
    },
    fail(op, failure) {
      failures.set(op, { ...failure, left: failure.times ?? 1 });
    },
    waitFor(check, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        if (check()) return resolve();
        const timer = setTimeout(() => {
          events.off('request', listener);
          reject(new Error('bot connector fake: condition not met in time'));
        }, timeoutMs);
        const listener = () => {
          if (!check()) return;
          clearTimeout(timer);
          events.off('request', listener);
          resolve();
        };
        events.on('request', listener);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
