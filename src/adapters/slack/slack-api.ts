// Everything threadsql sends to Slack goes through here: each call has its fallback, so a refused
// block, upload or assistant feature never loses the text answer. The WebClient itself retries
// network errors and waits out 429s (retry-after) before trying again.
import { readFile } from 'node:fs/promises';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../lib/logger.ts';
import type { Block, SlackMessage, SlackUpload } from './render-reply.ts';
import { isBlocksProblem, isUnsupported, slackFailure, type SlackFailure } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface SlackApi {
  readonly client: WebClient;
  /** The message's ts, or undefined when even the text-only post failed (logged). */
  post(channel: string, threadTs: string | undefined, message: SlackMessage): Promise<string | undefined>;
  /** false when the message could not be edited at all (logged); the caller posts instead. */
  update(channel: string, ts: string, message: SlackMessage): Promise<boolean>;
  remove(channel: string, ts: string): Promise<void>;
  ephemeral(channel: string, user: string, threadTs: string | undefined, message: SlackMessage): Promise<boolean>;
  upload(channel: string, threadTs: string | undefined, upload: SlackUpload): Promise<SlackFailure | undefined>;
  /** Assistant status ("is thinking…"); false when this workspace does not allow it. */
  setStatus(channel: string, threadTs: string, status: string): Promise<boolean>;
  setTitle(channel: string, threadTs: string, title: string): Promise<boolean>;
  setSuggestedPrompts(channel: string, threadTs: string, prompts: Array<{ title: string; message: string }>, title: string): Promise<boolean>;
  openView(triggerId: string, view: Parameters<WebClient['views']['open']>[0]['view']): Promise<boolean>;
  /** The user's App Home tab (views.publish); false when Slack refused it (logged once). */
  publishHome(userId: string, view: Parameters<WebClient['views']['publish']>[0]['view']): Promise<boolean>;
  /** Display name from users.info, cached; the user id when Slack will not say. */
  displayName(userId: string): Promise<string>;
}

export function createSlackApi(client: WebClient, logger: Logger): SlackApi {
  const log = logger.child({ module: 'slack' });
  const logged = new Set<string>();
  const names = new Map<string, string>();
  // Log each (call, reason) once per process: a missing scope would otherwise fill the log.
  const warnOnce = (call: string, f: SlackFailure, extra: Record<string, unknown> = {}) => {
    const key = `${call}:${f.code}`;
    if (logged.has(key)) return;
    logged.add(key);
    log.warn({ call, error: f.code, needed: f.needed, ...extra }, `Slack ${call} failed (${f.code}); continuing without it`);
  };
  const unsupported = new Set<string>();
  async function tolerant(call: string, run: () => Promise<unknown>): Promise<boolean> {
    if (unsupported.has(call)) return false;
    try {
      await run();
      return true;
    } catch (err) {
      const f = slackFailure(err);
      if (isUnsupported(f)) unsupported.add(call); // this workspace or plan lacks it: stop asking
      warnOnce(call, f);
      return false;
    }
  }

  return {
    client,

    async post(channel, threadTs, message) {
      try {
        const r = await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks });
        return r.ts;
      } catch (err) {
        const f = slackFailure(err);
        warnOnce('chat.postMessage', f);
        if (!isBlocksProblem(f) || message.blocks.length === 0) return undefined;
        try {
          const r = await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text });
          return r.ts;
        } catch (again) {
          warnOnce('chat.postMessage(text)', slackFailure(again));
          return undefined;
        }
      }
    },

    async update(channel, ts, message) {
      try {
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
        return true;
      } catch (err) {
        const f = slackFailure(err);
        warnOnce('chat.update', f);
        if (!isBlocksProblem(f)) return false;
        try {
          await client.chat.update({ channel, ts, text: message.text, blocks: [] as Block[] });
          return true;
        } catch (again) {
          warnOnce('chat.update(text)', slackFailure(again));
          return false;
        }
      }
    },

    async remove(channel, ts) {
      await tolerant('chat.delete', () => client.chat.delete({ channel, ts }));
    },

    async ephemeral(channel, user, threadTs, message) {
      try {
        await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text: message.text, blocks: message.blocks });
        return true;
      } catch (err) {
        const f = slackFailure(err);
        warnOnce('chat.postEphemeral', f);
        if (!isBlocksProblem(f)) return false;
        return tolerant('chat.postEphemeral(text)', () => client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text: message.text }));
      }
    },

    async upload(channel, threadTs, upload) {
      try {
        // files.uploadV2: getUploadURLExternal → POST the bytes → completeUploadExternal. channel_id and
        // thread_ts go to the last step; without them the file stays private to the bot.
        const common = { channel_id: channel, filename: upload.filename, title: upload.title };
        const threadArg = threadTs ? { thread_ts: threadTs } : {};
        if (upload.kind === 'csv') {
          const data = await readFile(upload.path);
          await client.filesUploadV2({ ...common, ...threadArg, file: data, initial_comment: upload.comment });
        } else if (upload.kind === 'csv-data') {
          await client.filesUploadV2({ ...common, ...threadArg, file: Buffer.from(upload.data), initial_comment: upload.comment });
        } else {
          await client.filesUploadV2({ ...common, ...threadArg, file: Buffer.from(upload.png), alt_text: upload.altText });
        }
        return undefined;
      } catch (err) {
        const f = slackFailure(err);
        warnOnce('files.uploadV2', f, { file: upload.kind });
        return f;
      }
    },

    setStatus: (channel, threadTs, status) =>
      tolerant('assistant.threads.setStatus', () => client.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status })),
    setTitle: (channel, threadTs, title) =>
      tolerant('assistant.threads.setTitle', () => client.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title })),
    setSuggestedPrompts: (channel, threadTs, prompts, title) =>
      tolerant('assistant.threads.setSuggestedPrompts', () =>
        client.assistant.threads.setSuggestedPrompts({ channel_id: channel, thread_ts: threadTs, prompts: prompts as [{ title: string; message: string }], title }),
      ),
    openView: (triggerId, view) => tolerant('views.open', () => client.views.open({ trigger_id: triggerId, view })),
    async publishHome(userId, view) {
      // Not `tolerant`: one refusal (a user who never installed, a bad block) must not stop the tab for everyone.
      try {
        await client.views.publish({ user_id: userId, view });
        return true;
      } catch (err) {
        warnOnce('views.publish', slackFailure(err));
        return false;
      }
    },

    async displayName(userId) {
      const cached = names.get(userId);
      if (cached) return cached;
      let name = userId;
      try {
        const r = await client.users.info({ user: userId });
        name = r.user?.profile?.display_name || r.user?.real_name || r.user?.name || userId;
      } catch (err) {
        warnOnce('users.info', slackFailure(err));
      }
      if (names.size > 10_000) names.clear(); // a bound, not an eviction policy: names are cheap to fetch again
      names.set(userId, name);
      return name;
    },
  };
}
