// Reads the environment once (zod) into a frozen, typed object. The only reader of process.env.
// A bad value stops start-up with one line naming the variable, the problem and a good example.
import path from 'node:path';
import { z } from 'zod';
import { ThreadsqlError } from '../lib/errors.ts';
import { redact, registerSecret } from '../lib/redact.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const PRICES = z.record(z.string(), z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() }));

/** The OpenAI-compatible model, when one is configured (OPENAI_MODEL set). */
export interface LlmConfig {
  baseURL: string | undefined;
  apiKey: string | undefined;
  model: string;
  embeddingModel: string | undefined;
  timeoutMs: number;
  prices: Readonly<Record<string, { inputPerMTok: number; outputPerMTok: number }>>;
}

/** Slack, when SLACK_BOT_TOKEN is set: HTTP mode with a signing secret, Socket Mode with an app token. */
export interface SlackConfig {
  botToken: string;
  mode: 'http' | 'socket';
  /** HTTP mode: verifies every request's signature. */
  signingSecret: string | undefined;
  /** Socket Mode: the app-level token (xapp-…). */
  appToken: string | undefined;
  /** Web API base URL ending in `/`; undefined = https://slack.com/api/. */
  apiUrl: string | undefined;
}

/** Microsoft Teams (Bot Framework), when MICROSOFT_APP_ID is set. */
export interface TeamsConfig {
  /** The bot registration's app (client) id: inbound tokens must be for it, outbound ones are issued to it. */
  appId: string;
  appPassword: string | undefined;
  tenantId: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Where Bot Framework's OpenID metadata (signing keys of inbound tokens) lives; undefined = the public cloud's. */
  openIdMetadataUrl: string | undefined;
}

/** The web app's access mode: local (loopback, no sign-in) unless THREADSQL_WEB_PUBLIC turns on shared mode. */
export interface WebConfig {
  /** Shared mode: people sign in (one-time links from chat, or password users); the HOST may be any address. */
  public: boolean;
  /** THREADSQL_PUBLIC_URL without a trailing slash; always set when `public` is. */
  publicUrl: string | undefined;
  /** Reverse proxies in front whose X-Forwarded-For/-Host are believed (0: none); X-Forwarded-Proto never is. */
  trustProxyHops: number;
}

/** Signed download links for CSV exports (GET /exports/<token>). */
export interface ExportLinksConfig {
  /** Base URL people's browsers reach threadsql at; undefined = the server's own address. */
  publicUrl: string | undefined;
  /** HMAC key; undefined = a random key made at start (links then die with the process). */
  secret: string | undefined;
  ttlHours: number;
}

/** Each variable with its schema, default and an example of a good value (for the error line and README). */
const VARIABLES = {
  DATABASE_URL: { schema: z.string().url().optional(), example: 'postgres://threadsql_ro@db.internal:5432/warehouse' },
  THREADSQL_DATA_DIR: { schema: z.string().min(1).default('./data'), example: './data' },
  THREADSQL_STORE_URL: { schema: z.string().min(1).optional(), example: 'file:./data/threadsql.db or libsql://team.turso.io' },
  THREADSQL_STORE_AUTH_TOKEN: { schema: z.string().min(1).optional(), example: '(a libSQL server token)' },
  THREADSQL_STATEMENT_TIMEOUT_MS: { schema: positiveInt(30_000).pipe(z.number().max(3_600_000)), example: '30000' },
  THREADSQL_PAGE_SIZE: { schema: positiveInt(500).pipe(z.number().max(10_000)), example: '500' },
  THREADSQL_EXPORT_ROW_LIMIT: { schema: positiveInt(10_000).pipe(z.number().max(10_000_000)), example: '10000' },
  THREADSQL_MAX_ROWS: { schema: positiveInt(1_000_000), example: '1000000' },
  THREADSQL_KB_DIR: { schema: z.string().min(1).default('./kb'), example: './kb' },
  THREADSQL_SCHEMAS: { schema: z.string().optional(), example: 'public,sales' },
  THREADSQL_ADMINS: { schema: z.string().default(''), example: 'slack:U012ABCDEF,teams:29:1abc,local:local' },
  OPENAI_BASE_URL: { schema: z.string().url().optional(), example: 'https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)' },
  OPENAI_API_KEY: { schema: z.string().min(1).optional(), example: '(your API key; any text for a local server)' },
  OPENAI_MODEL: { schema: z.string().min(1).optional(), example: 'gpt-4o-mini or llama3.1:8b' },
  OPENAI_EMBEDDING_MODEL: { schema: z.string().min(1).optional(), example: 'text-embedding-3-small' },
  OPENAI_TIMEOUT_MS: { schema: positiveInt(60_000), example: '60000' },
  THREADSQL_MODEL_PRICES: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v) return {};
        try {
          return PRICES.parse(JSON.parse(v));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON: {"model": {"inputPerMTok": n, "outputPerMTok": n}}' });
          return z.NEVER;
        }
      }),
    example: '{"gpt-4o-mini":{"inputPerMTok":0.15,"outputPerMTok":0.6}}',
  },
  THREADSQL_REPAIR_ATTEMPTS: { schema: z.coerce.number().int().min(0).max(5).default(1), example: '1' },
  THREADSQL_RAW_SQL: { schema: z.enum(['everyone', 'admins', 'nobody']).default('everyone'), example: 'admins' },
  THREADSQL_SESSION_IDLE_HOURS: { schema: z.coerce.number().positive().max(24 * 30).default(8), example: '8' },
  THREADSQL_MAX_CONCURRENT_QUESTIONS: { schema: positiveInt(4).pipe(z.number().max(64)), example: '4' },
  THREADSQL_CACHE_TTL_DAYS: { schema: z.coerce.number().min(0).max(365).default(30), example: '30 (0 turns the answer cache off)' },
  SLACK_BOT_TOKEN: { schema: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional(), example: 'xoxb-… (OAuth & Permissions → Bot User OAuth Token)' },
  SLACK_SIGNING_SECRET: { schema: z.string().min(8).optional(), example: '(Basic Information → Signing Secret; HTTP mode)' },
  SLACK_APP_TOKEN: { schema: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)').optional(), example: 'xapp-… (connections:write; Socket Mode)' },
  SLACK_API_URL: { schema: z.string().url().optional(), example: 'https://slack.com/api/ (a proxy, GovSlack, or a test fake)' },
  MICROSOFT_APP_ID: { schema: z.string().regex(/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'must be the bot registration\'s app id (a GUID)').optional(), example: '00000000-0000-0000-0000-000000000000 (Azure Bot → Configuration → Microsoft App ID)' },
  MICROSOFT_APP_PASSWORD: { schema: z.string().min(8).optional(), example: '(the app registration\'s client secret value)' },
  MICROSOFT_APP_TENANT_ID: { schema: z.string().min(1).optional(), example: '(your Entra tenant id; SingleTenant and UserAssignedMSI)' },
  MICROSOFT_APP_TYPE: { schema: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'), example: 'SingleTenant' },
  MICROSOFT_OPENID_METADATA_URL: { schema: z.string().url().optional(), example: 'https://login.botframework.com/v1/.well-known/openidconfiguration (a sovereign cloud, or a test fake)' },
  THREADSQL_PUBLIC_URL: { schema: z.string().url().optional(), example: 'https://threadsql.example.com' },
  THREADSQL_EXPORT_SECRET: { schema: z.string().min(32, 'must be at least 32 characters').optional(), example: '(32+ random characters, e.g. openssl rand -hex 32)' },
  THREADSQL_EXPORT_LINK_HOURS: { schema: z.coerce.number().positive().max(24 * 90).default(168), example: '168' },
  THREADSQL_WEB_PUBLIC: {
    schema: z
      .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'must be 1 or 0' })
      .optional()
      .transform((v) => v === '1' || v === 'true' || v === 'yes'),
    example: '1 (shared mode: people sign in; needs THREADSQL_PUBLIC_URL)',
  },
  THREADSQL_TRUST_PROXY: { schema: z.coerce.number().int().min(0).max(5).default(0), example: '1 (one reverse proxy in front: honour its X-Forwarded-For and X-Forwarded-Host)' },
  PORT: { schema: z.coerce.number().int().min(0).max(65_535).default(3000), example: '3000' },
  HOST: { schema: z.string().min(1).default('127.0.0.1'), example: '127.0.0.1 (or 0.0.0.0 in a container)' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    example: 'info',
  },
} as const;

type VarName = keyof typeof VARIABLES;

export interface Config {
  /** Warehouse URL; undefined means the bundled demo warehouse. */
  databaseUrl: string | undefined;
  dataDir: string;
  store: { url: string; authToken: string | undefined; isFile: boolean; filePath: string | undefined };
  statementTimeoutMs: number;
  pageSize: number;
  exportRowLimit: number;
  maxRows: number;
  kbDir: string;
  /** Schemas to introspect; undefined = every non-system schema the role can read. */
  schemas: string[] | undefined;
  /** `platform:userId` identities with the admin role. */
  admins: ReadonlySet<string>;
  /** undefined: no model configured; questions are answered from close knowledge-base matches only. */
  llm: LlmConfig | undefined;
  repairAttempts: number;
  rawSql: 'everyone' | 'admins' | 'nobody';
  sessionIdleHours: number;
  maxConcurrentQuestions: number;
  cacheTtlMs: number;
  /** undefined: Slack is off (no SLACK_BOT_TOKEN). */
  slack: SlackConfig | undefined;
  /** undefined: Teams is off (no MICROSOFT_APP_ID). Never on without authentication. */
  teams: TeamsConfig | undefined;
  exportLinks: ExportLinksConfig;
  web: WebConfig;
  port: number;
  host: string;
  logLevel: string;
  /** LOG_LEVEL was set explicitly (one-shot CLI commands are quieter by default). */
  logLevelSet: boolean;
}

/** Parse the environment. Throws ThreadsqlError('config_invalid') with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(VARIABLES) as VarName[]) {
    const value = env[name];
    const parsed = VARIABLES[name].schema.safeParse(value === '' ? undefined : value);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]?.message ?? 'invalid value';
      const shown = value === undefined ? '' : ` (got "${redact(String(value)).slice(0, 80)}")`;
      throw new ThreadsqlError(
        'config_invalid',
        `${name}: ${problem}${shown}; for example ${name}=${VARIABLES[name].example}`,
      );
    }
    raw[name] = parsed.data;
  }
  const get = <T>(name: VarName) => raw[name] as T;

  const dataDir = path.resolve(cwd, get<string>('THREADSQL_DATA_DIR'));
  const storeUrlRaw = get<string | undefined>('THREADSQL_STORE_URL') ?? `file:${path.join(dataDir, 'threadsql.db')}`;
  const store = parseStoreUrl(storeUrlRaw, cwd);
  const authToken = get<string | undefined>('THREADSQL_STORE_AUTH_TOKEN');
  registerSecret(authToken);
  const databaseUrl = get<string | undefined>('DATABASE_URL');
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
      throw new ThreadsqlError(
        'config_invalid',
        `DATABASE_URL: only PostgreSQL warehouses are supported so far (got a "${databaseUrl.split(':')[0]}" URL); for example DATABASE_URL=${VARIABLES.DATABASE_URL.example}`,
      );
    }
    registerSecret(safeUrlPassword(databaseUrl));
  }
  const schemas = get<string | undefined>('THREADSQL_SCHEMAS')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  return Object.freeze({
    databaseUrl,
    dataDir,
    store: { ...store, authToken },
    statementTimeoutMs: get<number>('THREADSQL_STATEMENT_TIMEOUT_MS'),
    pageSize: get<number>('THREADSQL_PAGE_SIZE'),
    exportRowLimit: get<number>('THREADSQL_EXPORT_ROW_LIMIT'),
    maxRows: get<number>('THREADSQL_MAX_ROWS'),
    kbDir: path.resolve(cwd, get<string>('THREADSQL_KB_DIR')),
    schemas: schemas && schemas.length > 0 ? schemas : undefined,
    admins: new Set(
      get<string>('THREADSQL_ADMINS')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    llm: llmConfig(get),
    repairAttempts: get<number>('THREADSQL_REPAIR_ATTEMPTS'),
    rawSql: get<'everyone' | 'admins' | 'nobody'>('THREADSQL_RAW_SQL'),
    sessionIdleHours: get<number>('THREADSQL_SESSION_IDLE_HOURS'),
    maxConcurrentQuestions: get<number>('THREADSQL_MAX_CONCURRENT_QUESTIONS'),
    cacheTtlMs: get<number>('THREADSQL_CACHE_TTL_DAYS') * 24 * 3600 * 1000,
    slack: slackConfig(get),
    teams: teamsConfig(get),
    exportLinks: exportLinksConfig(get),
    web: webConfig(get),
    port: get<number>('PORT'),
    host: get<string>('HOST'),
    logLevel: get<string>('LOG_LEVEL'),
    logLevelSet: Boolean(env.LOG_LEVEL),
  });
}

function llmConfig(get: <T>(name: VarName) => T): LlmConfig | undefined {
  const model = get<string | undefined>('OPENAI_MODEL');
  const apiKey = get<string | undefined>('OPENAI_API_KEY');
  registerSecret(apiKey);
  if (!model) return undefined;
  return {
    baseURL: get<string | undefined>('OPENAI_BASE_URL'),
    apiKey,
    model,
    embeddingModel: get<string | undefined>('OPENAI_EMBEDDING_MODEL'),
    timeoutMs: get<number>('OPENAI_TIMEOUT_MS'),
    prices: get<LlmConfig['prices']>('THREADSQL_MODEL_PRICES'),
  };
}

// All or nothing: a bot token alone cannot receive anything, and a signing secret alone cannot answer,
// so a half-configured Slack stops start-up naming what is missing instead of running deaf.
function slackConfig(get: <T>(name: VarName) => T): SlackConfig | undefined {
  const botToken = get<string | undefined>('SLACK_BOT_TOKEN');
  const signingSecret = get<string | undefined>('SLACK_SIGNING_SECRET');
  const appToken = get<string | undefined>('SLACK_APP_TOKEN');
  const apiUrl = get<string | undefined>('SLACK_API_URL');
  registerSecret(botToken);
  registerSecret(signingSecret);
  registerSecret(appToken);
  if (!botToken) {
    if (signingSecret || appToken) {
      throw new ThreadsqlError('config_invalid', `SLACK_BOT_TOKEN: required when ${signingSecret ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN'} is set; for example SLACK_BOT_TOKEN=${VARIABLES.SLACK_BOT_TOKEN.example}`);
    }
    return undefined;
  }
  if (!signingSecret && !appToken) {
    throw new ThreadsqlError(
      'config_invalid',
      `SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode); for example SLACK_SIGNING_SECRET=${VARIABLES.SLACK_SIGNING_SECRET.example}`,
    );
  }
  return {
    botToken,
    mode: appToken ? 'socket' : 'http',
    signingSecret,
    appToken,
    apiUrl: apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined,
  };
}

// The app id turns Teams on. botbuilder authenticates nothing without one, so Teams never runs without
// it, and a password or tenant alone is a half-configured bot: start-up stops, naming what is missing.
function teamsConfig(get: <T>(name: VarName) => T): TeamsConfig | undefined {
  const appId = get<string | undefined>('MICROSOFT_APP_ID');
  const appPassword = get<string | undefined>('MICROSOFT_APP_PASSWORD');
  const tenantId = get<string | undefined>('MICROSOFT_APP_TENANT_ID');
  const appType = get<TeamsConfig['appType']>('MICROSOFT_APP_TYPE');
  registerSecret(appPassword);
  const missing = (name: VarName, why: string) =>
    new ThreadsqlError('config_invalid', `${name}: required ${why}; for example ${name}=${VARIABLES[name].example}`);
  if (!appId) {
    if (appPassword || tenantId) throw missing('MICROSOFT_APP_ID', `when ${appPassword ? 'MICROSOFT_APP_PASSWORD' : 'MICROSOFT_APP_TENANT_ID'} is set`);
    return undefined;
  }
  if (appType !== 'UserAssignedMSI' && !appPassword) throw missing('MICROSOFT_APP_PASSWORD', `with MICROSOFT_APP_ID for a ${appType} bot`);
  if (appType !== 'MultiTenant' && !tenantId) throw missing('MICROSOFT_APP_TENANT_ID', `for a ${appType} bot`);
  if (appType === 'UserAssignedMSI' && appPassword) {
    throw new ThreadsqlError('config_invalid', 'MICROSOFT_APP_PASSWORD: must be unset for a UserAssignedMSI bot (the managed identity signs in); for example MICROSOFT_APP_TYPE=SingleTenant to use a password');
  }
  return {
    appId,
    appPassword,
    tenantId,
    appType,
    openIdMetadataUrl: get<string | undefined>('MICROSOFT_OPENID_METADATA_URL'),
  };
}

function exportLinksConfig(get: <T>(name: VarName) => T): ExportLinksConfig {
  const secret = get<string | undefined>('THREADSQL_EXPORT_SECRET');
  registerSecret(secret);
  const publicUrl = get<string | undefined>('THREADSQL_PUBLIC_URL');
  return { publicUrl: publicUrl?.replace(/\/+$/, ''), secret, ttlHours: get<number>('THREADSQL_EXPORT_LINK_HOURS') };
}

// Shared mode without a public URL could neither send working sign-in links nor check the Host
// header, so it stops start-up naming the variable instead of serving an app nobody can reach safely.
function webConfig(get: <T>(name: VarName) => T): WebConfig {
  const isPublic = get<boolean>('THREADSQL_WEB_PUBLIC');
  const publicUrl = get<string | undefined>('THREADSQL_PUBLIC_URL')?.replace(/\/+$/, '');
  if (isPublic && !publicUrl) {
    throw new ThreadsqlError(
      'config_invalid',
      `THREADSQL_PUBLIC_URL: required when THREADSQL_WEB_PUBLIC=1 (sign-in links and the Host check use it); for example THREADSQL_PUBLIC_URL=${VARIABLES.THREADSQL_PUBLIC_URL.example}`,
    );
  }
  if (isPublic && publicUrl && !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new ThreadsqlError('config_invalid', `THREADSQL_PUBLIC_URL: must be an http(s) URL in shared mode; for example THREADSQL_PUBLIC_URL=${VARIABLES.THREADSQL_PUBLIC_URL.example}`);
  }
  return { public: isPublic, publicUrl, trustProxyHops: get<number>('THREADSQL_TRUST_PROXY') };
}

function parseStoreUrl(url: string, cwd: string): { url: string; isFile: boolean; filePath: string | undefined } {
  if (/^(libsql|https?|wss?):\/\//i.test(url)) return { url, isFile: false, filePath: undefined };
  const filePart = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (filePart === ':memory:') return { url: 'file::memory:', isFile: false, filePath: undefined };
  const filePath = path.resolve(cwd, filePart);
  return { url: `file:${filePath}`, isFile: true, filePath };
}

function safeUrlPassword(url: string): string | undefined {
  try {
    const pw = new URL(url).password;
    return pw ? decodeURIComponent(pw) : undefined;
  } catch {
    return undefined; // zod already validated it as a URL; nothing to register
  }
}

/** Variable names with their examples, for `.env.example` and the README table. */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: string; example: string }> = Object.entries(VARIABLES).map(
  ([name, v]) => ({ name, example: v.example }),
);
