// The Slack variables of loadConfig: off without them, HTTP or Socket Mode with them, and a
// half-configured Slack stops start-up naming the missing variable. The manifest asks for what the
// adapter handles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../../src/adapters/slack/app.ts';
import { SLASH_COMMAND } from '../../../../src/adapters/slack/slash-command.ts';
import { loadConfig } from '../../../../src/config/config.ts';
import { redact } from '../../../../src/lib/redact.ts';

const cwd = '/tmp/threadsql-config-test';

describe('Slack configuration', () => {
  it('is off without SLACK_BOT_TOKEN', () => {
    expect(loadConfig({}, cwd).slack).toBeUndefined();
  });

  it('runs over HTTP with a signing secret, or Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret-0123456789' }, cwd).slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      mode: 'http',
      signingSecret: 'secret-0123456789',
      appToken: undefined,
      apiUrl: undefined,
    });
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-xyz', SLACK_API_URL: 'http://127.0.0.1:9/api' }, cwd).slack;
    expect(socket).toMatchObject({ mode: 'socket', appToken: 'xapp-1-A1-xyz', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('stops start-up naming the missing variable when Slack is half configured', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }, cwd)).toThrow(/^SLACK_SIGNING_SECRET: required/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'secret-0123456789' }, cwd)).toThrow(/^SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' }, cwd)).toThrow(/^SLACK_BOT_TOKEN: must be a bot token/);
  });

  it('registers the tokens and the signing secret as secrets', () => {
    loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'signing-secret-to-hide' }, cwd);
    expect(redact('secret is signing-secret-to-hide')).toBe('secret is ***');
  });
});

describe('manifests/slack.yaml', () => {
  const manifest = readFileSync(path.resolve(import.meta.dirname, '../../../../manifests/slack.yaml'), 'utf8');

  it('subscribes to the events, command and interactivity the adapter handles, all at /slack/events', () => {
    for (const event of ['app_mention', 'message.im', 'assistant_thread_started', 'assistant_thread_context_changed']) expect(manifest).toContain(`- ${event}`);
    expect(manifest).toContain(`command: ${SLASH_COMMAND}`);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest.match(new RegExp(`url: https://[^\\s]+${SLACK_EVENTS_PATH}`, 'g'))).toHaveLength(3);
  });

  it('asks for every scope the Web API calls need', () => {
    for (const scope of ['app_mentions:read', 'assistant:write', 'chat:write', 'commands', 'files:write', 'im:history', 'users:read']) expect(manifest).toContain(`- ${scope}`);
  });
});
