// One message through the engine and back into its Slack thread. Work started shows at once (the
// assistant status, or one placeholder message), and the placeholder is edited in place into the
// answer: never a trail of "working…" messages. The files follow in the same thread.
import type { Engine } from '../../engine/engine.ts';
import type { EngineInput } from '../../engine/engine-input.ts';
import type { ProgressEvent, Reply } from '../../engine/reply.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ThreadTarget } from './inbound.ts';
import { PROGRESS_EDIT_INTERVAL_MS } from './limits.ts';
import { renderReply, renderWorking, replyUploads } from './render-reply.ts';
import type { SlackApi } from './slack-api.ts';

export interface AnswerDeps {
  engine: Engine;
  api: SlackApi;
  clock: Clock;
  logger: Logger;
}

export interface AnswerOptions {
  /** The assistant pane shows progress as the thread's status instead of a placeholder message. */
  progress: 'placeholder' | 'status';
}

export async function answerInThread(deps: AnswerDeps, input: EngineInput, target: ThreadTarget, options: AnswerOptions): Promise<Reply | undefined> {
  const { api } = deps;
  let mode = options.progress;
  let placeholder: Promise<string | undefined> | undefined;
  let edits: Promise<unknown> = Promise.resolve();
  let lastEditMs = 0;

  // The engine reports progress only once it has claimed the event, so a Slack retry of an event
  // already being answered never gets a placeholder of its own (the intake drops retries of events
  // still waiting there).
  const onProgress = (p: ProgressEvent) => {
    const now = deps.clock.monotonicMs();
    if (mode === 'status') {
      if (lastEditMs !== 0 && now - lastEditMs < PROGRESS_EDIT_INTERVAL_MS) return;
      lastEditMs = now;
      edits = edits.then(async () => {
        const ok = await api.setStatus(target.channelId, target.threadTs, p.text);
        if (!ok && mode === 'status') {
          mode = 'placeholder'; // no assistant status here (plan, scope): fall back to a message
          placeholder ??= api.post(target.channelId, target.threadTs, renderWorking(p.text));
        }
      });
      return;
    }
    if (!placeholder) {
      lastEditMs = now;
      placeholder = api.post(target.channelId, target.threadTs, renderWorking(p.text));
      return;
    }
    if (now - lastEditMs < PROGRESS_EDIT_INTERVAL_MS) return;
    lastEditMs = now;
    const pending = placeholder;
    edits = edits.then(async () => {
      const ts = await pending;
      if (ts) await api.update(target.channelId, ts, renderWorking(p.text));
    });
  };

  const reply = await deps.engine.handleMessage(input, onProgress);
  await edits;
  const placeholderTs = await placeholder;
  if (!reply) {
    // Already answered (a retry): nothing to post, and a waiting notice goes.
    if (placeholderTs) await api.remove(target.channelId, placeholderTs);
    return undefined;
  }
  await deliverReply(deps, reply, target, placeholderTs);
  if (options.progress === 'status' && mode === 'status') await api.setStatus(target.channelId, target.threadTs, '');
  return reply;
}

/** Post (or edit the placeholder into) the answer, then upload its files into the thread. */
export async function deliverReply(deps: Pick<AnswerDeps, 'api' | 'logger'>, reply: Reply, target: ThreadTarget, placeholderTs?: string): Promise<void> {
  const { api } = deps;
  const message = renderReply(reply);
  if (reply.private) {
    // Only the asker sees it; a public placeholder would leave a trace, so it goes.
    if (placeholderTs) await api.remove(target.channelId, placeholderTs);
    await api.ephemeral(target.channelId, target.userId, target.threadTs, message);
    return;
  }
  let delivered = false;
  if (placeholderTs) delivered = await api.update(target.channelId, placeholderTs, message);
  if (!delivered) {
    if (placeholderTs) await api.remove(target.channelId, placeholderTs);
    const ts = await api.post(target.channelId, target.threadTs, message);
    if (!ts) {
      deps.logger.child({ module: 'slack' }).error({ channel: target.channelId, attemptId: reply.attemptId }, 'the answer could not be posted to Slack');
      return;
    }
  }
  for (const upload of replyUploads(reply)) {
    const failure = await api.upload(target.channelId, target.threadTs, upload);
    if (failure) {
      const what = upload.kind === 'csv' ? 'The CSV file' : 'The chart';
      await api.post(target.channelId, target.threadTs, { text: `${what} could not be attached here (Slack said: ${failure.code}). The answer above is complete.`, blocks: [] });
    }
  }
}
