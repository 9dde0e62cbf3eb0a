import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/engine/commands/command-context.ts';
import { parseCommand } from '../../../src/engine/commands/parse-command.ts';
import { webSignInLink, webSignInSetting } from '../../../src/engine/commands/web-sign-in-link.ts';

describe('the web command', () => {
  it.each(['web', 'WEB', '/threadsql web', '  web  '])('reads %j as the web command', (text) => {
    expect(parseCommand(text)).toEqual({ name: 'web' });
  });

  it.each(['web traffic by month', 'website visits', 'show web orders'])('leaves %j a question', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('is on only in shared mode, pointing at the public URL', () => {
    expect(webSignInSetting({ public: true, publicUrl: 'https://threadsql.example.com' })).toEqual({ enabled: true, publicUrl: 'https://threadsql.example.com' });
    expect(webSignInSetting({ public: false, publicUrl: 'https://threadsql.example.com' })).toMatchObject({ enabled: false });
    expect(webSignInSetting({ public: true, publicUrl: undefined })).toMatchObject({ enabled: false, reason: expect.stringMatching(/THREADSQL_PUBLIC_URL/) });
  });

  it('says plainly, and privately, that sign-in is off when shared mode is off', async () => {
    // Off: the command answers before touching the store, so a context without one is enough.
    const ctx = { platform: 'slack', webSignIn: webSignInSetting({ public: false, publicUrl: undefined }) } as unknown as CommandContext;
    const reply = await webSignInLink(ctx);
    expect(reply.private).toBe(true);
    expect(reply.text).toMatch(/THREADSQL_WEB_PUBLIC is not set/);
    expect(reply.text).not.toMatch(/https?:\/\//);
  });
});
