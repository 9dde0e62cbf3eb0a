// `/threadsql …`: acknowledged at once. A question (or raw SQL) is answered in the channel, in a
// thread under a short "asked" message, so follow-ups and the files have a home; everything else
// (history, show, schema, stats, kb reload…) is answered privately through the response_url.
import type { App as BoltApp, RespondFn } from '@slack/bolt';
import { HELP_TEXT } from '../../engine/commands/run-command.ts';
import { parseCommand } from '../../engine/commands/parse-command.ts';
import type { EngineInput } from '../../engine/engine-input.ts';
import { answerInThread, type AnswerDeps } from './answer-in-thread.ts';
import { cleanText, parseSlash } from './inbound.ts';
import { escapeText, renderReply } from './render-reply.ts';

export const SLASH_COMMAND = '/threadsql';

const SLASH_HELP = `${HELP_TEXT}

With ${SLASH_COMMAND}: \`${SLASH_COMMAND} ask <question>\` answers in this channel; history, show, schema and stats answer only you. Or @-mention threadsql in a channel, or write to it directly.`;

export interface SlashDeps extends AnswerDeps {
  teamId: string;
  background(work: () => Promise<unknown>): void;
}

export function registerSlashCommand(bolt: BoltApp, deps: SlashDeps): void {
  const { api } = deps;
  bolt.command(SLASH_COMMAND, async ({ ack, command, respond }) => {
    const request = parseSlash(command.text ?? '', (t) => parseCommand(t) !== undefined);
    if (request.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: SLASH_HELP });
      return;
    }
    await ack();
    deps.background(async () => {
      const userDisplayName = await api.displayName(command.user_id);
      const base: Omit<EngineInput, 'text' | 'threadKey'> = {
        platform: 'slack',
        tenantId: command.team_id || deps.teamId,
        channelId: command.channel_id,
        userId: command.user_id,
        userDisplayName,
        isDirectMessage: command.channel_id.startsWith('D'),
        // Slack does not retry slash commands, but the trigger id names this invocation if it ever does.
        eventId: `cmd:${command.trigger_id}`,
      };
      if (request.kind === 'command') {
        // Private: its own thread key per user and channel, so commands never join someone's thread.
        const reply = await deps.engine.handleMessage({ ...base, text: request.text, threadKey: `slash:${command.channel_id}:${command.user_id}` });
        if (reply) await respondSafely(respond, { response_type: 'ephemeral', ...renderReply(reply) }, deps);
        return;
      }
      const text = request.kind === 'ask' ? request.question : request.text;
      const asked = `<@${command.user_id}> asked: ${escapeText(cleanText(text, '\u0000'))}`;
      const rootTs = await api.post(command.channel_id, undefined, { text: asked, blocks: [] });
      if (!rootTs) {
        // Not in this channel (or a DM we cannot post to): answer through the response_url instead.
        const reply = await deps.engine.handleMessage({ ...base, text, threadKey: `slash:${command.channel_id}:${command.trigger_id}` });
        if (reply) await respondSafely(respond, { response_type: 'in_channel', ...renderReply(reply) }, deps);
        return;
      }
      await answerInThread(deps, { ...base, text, threadKey: rootTs }, { channelId: command.channel_id, threadTs: rootTs, userId: command.user_id }, { progress: 'placeholder' });
    });
  });
}

async function respondSafely(respond: RespondFn, message: Parameters<RespondFn>[0], deps: Pick<AnswerDeps, 'logger'>): Promise<void> {
  try {
    await respond(message);
  } catch (err) {
    // A response_url lives 30 minutes and takes 5 replies; past that the answer cannot be delivered here.
    deps.logger.child({ module: 'slack' }).warn({ err }, 'slash command reply could not be delivered');
  }
}
