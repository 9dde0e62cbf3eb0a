// manifests/slack-app.yaml against the adapter's own source: every event type and slash command the
// adapter registers with Bolt is declared, and the bot scopes are exactly those the adapter's Web API
// calls and events need (nothing missing, nothing extra). Read from the source files, so a new
// `client.x.y(` call or `bolt.event('…')` without a manifest change fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../../../src/adapters/slack/app.ts';
import { SLASH_COMMAND } from '../../../../src/adapters/slack/slash-command.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SLACK_SRC = path.join(ROOT, 'src/adapters/slack');

// The bot scope each Web API method needs, from its reference page (https://docs.slack.dev/reference/methods/<method>,
// "Required scopes"); [] where none is needed. A method missing here fails the test: look it up and add it.
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  filesUploadV2: ['files:write'], // files.getUploadURLExternal + files.completeUploadExternal
  'assistant.threads.setStatus': ['assistant:write'],
  'assistant.threads.setTitle': ['assistant:write'],
  'assistant.threads.setSuggestedPrompts': ['assistant:write'],
  'views.open': [],
  'views.publish': [],
  'users.info': ['users:read'],
};

// The scope each event subscription needs (https://docs.slack.dev/reference/events/<event>).
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  assistant_thread_started: ['assistant:write'],
  assistant_thread_context_changed: ['assistant:write'],
};

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    assistant_view?: unknown;
    slash_commands: Array<{ command: string; url: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(path.join(ROOT, 'manifests/slack-app.yaml'), 'utf8')) as Manifest;
const source = readdirSync(SLACK_SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(path.join(SLACK_SRC, f), 'utf8'))
  .join('\n');

/** Web API methods the adapter calls through its WebClient: `client.chat.postMessage(`, `client.filesUploadV2(`. */
function calledMethods(): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+|filesUploadV2)\(/g)) found.add(m[1]!);
  return [...found].sort();
}

/** Event types the adapter registers with Bolt. */
function registeredEvents(): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/\bbolt\.event\(\s*'([a-z_.]+)'/g)) found.add(m[1]!);
  // bolt.message(): the adapter answers messages only in DMs (inbound.ts questionFromDirectMessage).
  if (/\bbolt\.message\(/.test(source)) found.add('message.im');
  // Bolt's Assistant listens to these (node_modules/@slack/bolt/dist/Assistant.js, ASSISTANT_PAYLOAD_TYPES).
  if (/\bbolt\.assistant\(/.test(source)) ['assistant_thread_started', 'assistant_thread_context_changed', 'message.im'].forEach((e) => found.add(e));
  return [...found].sort();
}

describe('manifests/slack-app.yaml', () => {
  it('finds the adapter’s registrations and calls in its source (the scan itself works)', () => {
    expect(calledMethods()).toEqual(expect.arrayContaining(['chat.postMessage', 'filesUploadV2', 'views.publish', 'users.info']));
    expect(registeredEvents()).toEqual(expect.arrayContaining(['app_mention', 'app_home_opened', 'message.im']));
  });

  it('declares every event type the adapter registers', () => {
    const declared = manifest.settings.event_subscriptions.bot_events;
    for (const event of registeredEvents()) expect(declared, `bot_events lacks ${event}`).toContain(event);
    for (const event of declared) expect(registeredEvents(), `${event} is declared but nothing handles it`).toContain(event);
  });

  it('declares the slash command the adapter registers, with events and interactivity, all at /slack/events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(source).toContain('bolt.command(SLASH_COMMAND');
    const urls = [manifest.features.slash_commands[0]!.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the Web API calls, events and the command need', () => {
    const needed = new Set<string>(['commands']);
    for (const method of calledMethods()) {
      expect(METHOD_SCOPES, `scope of ${method} unknown to this test: add it from its reference page`).toHaveProperty([method]);
      for (const scope of METHOD_SCOPES[method]!) needed.add(scope);
    }
    for (const event of registeredEvents()) for (const scope of EVENT_SCOPES[event] ?? []) needed.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('enables the Home tab and the Messages tab, and the assistant view', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.assistant_view).toBeDefined();
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });
});
