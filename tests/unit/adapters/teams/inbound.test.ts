import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TeamsActivity } from '../../../../src/adapters/teams/bot-framework.ts';
import { cleanText, readActivity, threadKeyOf } from '../../../../src/adapters/teams/inbound.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/teams');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as TeamsActivity;

describe('Teams activity → engine input', () => {
  it('reads a personal-chat message as a direct question from the AAD user of the tenant', () => {
    const inbound = readActivity(fixture('personal-message.json'));
    expect(inbound).toMatchObject({
      kind: 'question',
      scope: 'personal',
      input: {
        platform: 'teams',
        tenantId: '7e4a0000-0000-4000-8000-0000000000aa',
        channelId: 'a:1AlicePersonalChatWithThreadsql',
        threadKey: 'a:1AlicePersonalChatWithThreadsql',
        userId: 'a11ce000-0000-4000-8000-000000000001',
        userDisplayName: 'Alice Adams',
        text: 'which films do we have?',
        isDirectMessage: true,
        eventId: 'a:1AlicePersonalChatWithThreadsql:1748855704123',
      },
      asker: { channelUserId: '29:1AliceBotFrameworkUserId-x9Q' },
    });
  });

  it('strips the bot’s own <at> mention in a channel and keys the thread by its root message', () => {
    const inbound = readActivity(fixture('channel-mention.json'));
    expect(inbound).toMatchObject({
      kind: 'question',
      scope: 'channel',
      input: { channelId: '19:salesChannel0123456789abcdef@thread.tacv2', threadKey: '1748856011765', text: 'which films do we have?', isDirectMessage: false },
    });
  });

  it('gives a reply in a channel thread the thread’s key, not its own id', () => {
    const a = fixture('channel-mention.json');
    a.id = '1748856099999';
    a.conversation.id = '19:salesChannel0123456789abcdef@thread.tacv2;messageid=1748856011765';
    expect(threadKeyOf(a)).toBe('1748856011765');
  });

  it('ignores channel messages that do not mention the bot, and messages from bots', () => {
    const a = fixture('channel-mention.json');
    a.entities = [];
    expect(readActivity(a).kind).toBe('ignored');
    const b = fixture('personal-message.json');
    b.from = { id: '28:another-bot', name: 'Other bot' };
    expect(readActivity(b).kind).toBe('ignored');
  });

  it('keeps other people’s mentions as names, decodes entities, and leaves a < b alone', () => {
    const a = fixture('channel-mention.json');
    a.text = '<at>threadsql</at> rentals by <at>Carol</at> where amount &lt; 5 &amp; a<b';
    a.entities = [...(a.entities ?? []), { type: 'mention', mentioned: { id: '29:carol', name: 'Carol' }, text: '<at>Carol</at>' }];
    expect(cleanText(a)).toBe('rentals by Carol where amount < 5 & a<b');
  });

  it('turns an empty mention into help', () => {
    const a = fixture('channel-mention.json');
    a.text = '<at>threadsql</at>';
    expect(readActivity(a)).toMatchObject({ kind: 'question', input: { text: 'help' } });
  });

  it('reads Action.Submit (message with value) and Action.Execute (adaptiveCard/action invoke)', () => {
    expect(readActivity(fixture('card-submit.json'))).toMatchObject({
      kind: 'card_action',
      via: 'submit',
      action: { kind: 'page', attemptId: '00000000-0000-4000-8000-000000000000', page: 2 },
      cardActivityId: '1750000000001',
    });
    expect(readActivity(fixture('invoke-adaptive-card-action.json'))).toMatchObject({ kind: 'card_action', via: 'execute', action: { kind: 'page', page: 2 } });
  });

  it('refuses card data it did not write', () => {
    const a = fixture('card-submit.json');
    a.value = { threadsql: 'page', attemptId: '../../etc/passwd', page: 2 };
    expect(readActivity(a).kind).toBe('ignored');
    a.value = { threadsql: 'drop', attemptId: '00000000-0000-4000-8000-000000000000' };
    expect(readActivity(a).kind).toBe('ignored');
  });

  it('sees the bot being added to a team as an install', () => {
    expect(readActivity(fixture('conversation-update-bot-added.json'))).toEqual({ kind: 'installed', scope: 'channel', tenantId: '7e4a0000-0000-4000-8000-0000000000aa', conversationId: '19:salesTeam0123456789abcdef@thread.tacv2' });
  });

  it('sees installationUpdate "add" as an install of the same conversation, and ignores "remove"', () => {
    const a = fixture('conversation-update-bot-added.json');
    delete a.membersAdded;
    a.type = 'installationUpdate';
    a.action = 'add';
    expect(readActivity(a)).toMatchObject({ kind: 'installed', conversationId: '19:salesTeam0123456789abcdef@thread.tacv2' });
    a.action = 'remove';
    expect(readActivity(a).kind).toBe('ignored');
  });
});
