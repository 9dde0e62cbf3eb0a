import { describe, expect, it } from 'vitest';
import { cleanText, parseSlash, questionFromDirectMessage, questionFromMention, type SlackMessageEvent } from '../../../../src/adapters/slack/inbound.ts';
import { parseCommand } from '../../../../src/engine/commands/parse-command.ts';

const ctx = { teamId: 'T1', botUserId: 'UBOT' };
const base: SlackMessageEvent = { type: 'app_mention', user: 'UALICE', text: '<@UBOT> revenue by month', ts: '1.000100', channel: 'C1', team: 'T1' };

describe('Slack inbound', () => {
  it('answers a top-level mention under itself and a mention in a thread in that thread', () => {
    expect(questionFromMention(base, ctx)).toMatchObject({
      input: { platform: 'slack', tenantId: 'T1', channelId: 'C1', threadKey: '1.000100', userId: 'UALICE', text: 'revenue by month', isDirectMessage: false, eventId: 'msg:C1:1.000100' },
      target: { channelId: 'C1', threadTs: '1.000100', userId: 'UALICE' },
    });
    expect(questionFromMention({ ...base, ts: '2.0', thread_ts: '1.0' }, ctx)?.target.threadTs).toBe('1.0');
  });

  it('ignores bots, itself, edits and deletions', () => {
    expect(questionFromMention({ ...base, bot_id: 'B1' }, ctx)).toBeUndefined();
    expect(questionFromMention({ ...base, user: 'UBOT' }, ctx)).toBeUndefined();
    expect(questionFromDirectMessage({ ...base, type: 'message', channel_type: 'im', subtype: 'message_changed' }, ctx)).toBeUndefined();
    expect(questionFromDirectMessage({ ...base, type: 'message', channel_type: 'im', subtype: 'message_deleted' }, ctx)).toBeUndefined();
    expect(questionFromDirectMessage({ ...base, type: 'message', channel_type: 'channel' }, ctx)).toBeUndefined();
    expect(questionFromDirectMessage({ ...base, type: 'message', channel_type: 'im', text: 'hi' }, ctx)?.input.isDirectMessage).toBe(true);
  });

  it('undoes Slack escaping and links so SQL survives', () => {
    expect(cleanText('<@UBOT> sql SELECT * FROM t WHERE a &lt; 3 &amp;&amp; b &gt; 1', 'UBOT')).toBe('sql SELECT * FROM t WHERE a < 3 && b > 1');
    expect(cleanText('see <https://example.com|example> in <#C123|sales>', 'UBOT')).toBe('see example in #sales');
    expect(questionFromMention({ ...base, text: '<@UBOT>' }, ctx)?.input.text).toBe('help');
  });

  it('maps /threadsql text onto help, ask, sql and private commands', () => {
    const isCommand = (t: string) => parseCommand(t) !== undefined;
    expect(parseSlash('', isCommand)).toEqual({ kind: 'help' });
    expect(parseSlash('ask revenue by month', isCommand)).toEqual({ kind: 'ask', question: 'revenue by month' });
    expect(parseSlash('revenue by month', isCommand)).toEqual({ kind: 'ask', question: 'revenue by month' });
    expect(parseSlash('sql SELECT 1', isCommand)).toEqual({ kind: 'sql', text: 'sql SELECT 1' });
    for (const t of ['history', 'history 5', 'history search refunds', 'show 1a2b3c4d', 'schema', 'schema film', 'stats', 'kb reload', 'schema refresh']) {
      expect(parseSlash(t, isCommand)).toEqual({ kind: 'command', text: t });
    }
  });
});
