// Buttons on an answer and the 👎 modal. Each click is acknowledged first; the 👎 modal opens right
// after the ack (a trigger_id expires in about 3 s, so nothing slow may run before it). Every
// action goes back through the engine, which checks the clicking user may see that attempt.
import type { App as BoltApp, BlockAction, ButtonAction } from '@slack/bolt';
import type { EngineInput } from '../../engine/engine-input.ts';
import {
  ACTION,
  ACTION_PATTERN,
  FEEDBACK_INPUT,
  FEEDBACK_VIEW,
  decodeFeedbackMetadata,
  decodeValue,
  encodeFeedbackMetadata,
} from './action-ids.ts';
import { answerInThread, type AnswerDeps } from './answer-in-thread.ts';
import { MAX_FEEDBACK_TEXT } from './limits.ts';
import { pageCsvUpload } from './page-csv.ts';
import { renderPageUpdate, renderReply, renderSql, type Block } from './render-reply.ts';

export interface InteractionDeps extends AnswerDeps {
  teamId: string;
  /** Runs work after the ack, tracked so shutdown (and tests) can wait for it. */
  background(work: () => Promise<unknown>): void;
}

export function registerInteractions(bolt: BoltApp, deps: InteractionDeps): void {
  const { api, engine } = deps;

  bolt.action<BlockAction<ButtonAction>>(ACTION_PATTERN, async ({ ack, body, action }) => {
    await ack();
    const value = decodeValue(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const messageTs = body.message?.ts ?? body.container?.message_ts;
    const threadTs = (body.message?.thread_ts as string | undefined) ?? messageTs;
    const userId = body.user.id;
    const teamId = body.team?.id ?? deps.teamId;
    if (!value || !channelId || !threadTs) return; // not a message of ours (or a forged payload)

    if (action.action_id === ACTION.feedbackDown) {
      // First, before anything slow: the trigger_id dies within seconds.
      await api.openView(body.trigger_id, feedbackModal(encodeFeedbackMetadata({ attemptId: value.attemptId, channelId, threadTs })));
      // The 👎 counts even if the modal is closed without a comment; sending it adds the text.
      deps.background(async () => {
        const userDisplayName = await api.displayName(userId);
        await engine.recordFeedback({ platform: 'slack', tenantId: teamId, userId, userDisplayName, attemptId: value.attemptId, value: 'down' });
      });
      return;
    }

    deps.background(async () => {
      const userDisplayName = await api.displayName(userId);
      const input = (text: string): EngineInput => ({
        platform: 'slack',
        tenantId: teamId,
        channelId,
        threadKey: threadTs,
        userId,
        userDisplayName,
        text,
        isDirectMessage: channelId.startsWith('D'),
        eventId: `action:${body.trigger_id}`,
      });
      const target = { channelId, threadTs, userId };
      switch (action.action_id) {
        case ACTION.showSql: {
          const reply = await engine.handleMessage(input(`show ${value.attemptId}`));
          if (!reply) return;
          const sql = reply.parts.find((p) => p.kind === 'sql');
          const message = sql?.kind === 'sql' ? renderSql(sql.sql, reply.attemptId) : renderReply(reply);
          await api.ephemeral(channelId, userId, threadTs, message);
          return;
        }
        case ACTION.pagePrev:
        case ACTION.pageNext: {
          const reply = await engine.handleMessage(input(`page ${value.attemptId} ${value.page ?? 1}`));
          if (!reply) return;
          if (reply.kind === 'error' || !messageTs) {
            await api.ephemeral(channelId, userId, threadTs, renderReply(reply));
            return;
          }
          // The page replaces the table in the answer's own message; a new message only if that fails.
          const updated = await api.update(channelId, messageTs, renderPageUpdate(body.message?.blocks as Block[] | undefined, reply));
          if (!updated) await api.post(channelId, threadTs, renderReply(reply));
          return;
        }
        case ACTION.pageCsv: {
          // The page the message shows (the button's value names it), read through the engine as
          // the page buttons read it: only the attempt's owner or an admin gets rows.
          const reply = await engine.handleMessage(input(`page ${value.attemptId} ${value.page ?? 1}`));
          if (!reply) return;
          const upload = reply.kind === 'error' ? undefined : pageCsvUpload(reply);
          if (!upload) {
            await api.ephemeral(channelId, userId, threadTs, renderReply(reply));
            return;
          }
          const failure = await api.upload(channelId, threadTs, upload);
          if (failure) {
            await api.ephemeral(channelId, userId, threadTs, { text: `The CSV of this page could not be attached here (Slack said: ${failure.code}).`, blocks: [] });
          }
          return;
        }
        case ACTION.retry:
          await answerInThread(deps, input(`retry ${value.attemptId}`), target, { progress: 'placeholder' });
          return;
        case ACTION.feedbackUp: {
          const ok = await engine.recordFeedback({ platform: 'slack', tenantId: teamId, userId, userDisplayName, attemptId: value.attemptId, value: 'up' });
          await api.ephemeral(channelId, userId, threadTs, { text: ok ? 'Thanks — noted 👍' : 'That answer is not one you can rate.', blocks: [] });
          return;
        }
        default:
          deps.logger.child({ module: 'slack' }).warn({ actionId: action.action_id }, 'unknown threadsql action ignored');
      }
    });
  });

  bolt.view(FEEDBACK_VIEW, async ({ ack, body, view }) => {
    await ack();
    const meta = decodeFeedbackMetadata(view.private_metadata);
    if (!meta) return;
    const comment = view.state.values[FEEDBACK_INPUT.block]?.[FEEDBACK_INPUT.action]?.value ?? undefined;
    const userId = body.user.id;
    const teamId = body.team?.id ?? deps.teamId;
    deps.background(async () => {
      const userDisplayName = await api.displayName(userId);
      const ok = await engine.recordFeedback({
        platform: 'slack',
        tenantId: teamId,
        userId,
        userDisplayName,
        attemptId: meta.attemptId,
        value: 'down',
        text: comment?.trim() || undefined,
      });
      await api.ephemeral(meta.channelId, userId, meta.threadTs, {
        text: ok ? 'Thanks — noted 👎. What you wrote helps fix it.' : 'That answer is not one you can rate.',
        blocks: [],
      });
    });
  });
}

function feedbackModal(privateMetadata: string) {
  return {
    type: 'modal' as const,
    callback_id: FEEDBACK_VIEW,
    private_metadata: privateMetadata,
    title: { type: 'plain_text' as const, text: 'What was wrong?' },
    submit: { type: 'plain_text' as const, text: 'Send' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: FEEDBACK_INPUT.block,
        optional: true,
        label: { type: 'plain_text' as const, text: 'Wrong numbers, wrong tables, misunderstood question…' },
        element: { type: 'plain_text_input' as const, action_id: FEEDBACK_INPUT.action, multiline: true, max_length: MAX_FEEDBACK_TEXT },
      },
    ],
  };
}
