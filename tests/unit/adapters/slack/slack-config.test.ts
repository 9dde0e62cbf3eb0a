// The Slack variables of loadConfig: off without them, HTTP or Socket Mode with them, and a
// half-configured Slack stops start-up naming the missing variable. (The manifest: slack-manifest.test.ts.)
import { describe, expect, it } from 'vitest';
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
