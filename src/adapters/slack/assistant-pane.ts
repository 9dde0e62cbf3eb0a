// Slack's assistant pane (Bolt's Assistant): a greeting with suggested prompts from the knowledge
// base when a thread starts, the thread's status while working, and its title from the first
// question. Each of those APIs may be missing on a plan or workspace; then the pane still answers.
import { Assistant, type AssistantConfig } from '@slack/bolt';
import type { KnowledgeBase } from '../../kb/kb-index.ts';
import { answerInThread, type AnswerDeps } from './answer-in-thread.ts';
import { questionFromDirectMessage, type SlackMessageEvent } from './inbound.ts';
import { MAX_SUGGESTED_PROMPTS, MAX_THREAD_TITLE } from './limits.ts';
import type { IntakeJob } from './question-intake.ts';

export interface AssistantDeps extends AnswerDeps {
  kb: KnowledgeBase;
  teamId: string;
  botUserId: string;
  background(work: () => Promise<unknown>): void;
  /** Questions start here once the burst of acks has passed (question-intake.ts). */
  enqueue(job: IntakeJob): void;
}

const GREETING = 'Hi! Ask me a question about the data in plain words — I write the SQL, run it read-only, and answer here with a table and a CSV.';

export function createAssistantPane(deps: AssistantDeps): Assistant {
  const { api } = deps;
  // Thread context (the channel the user is looking at) lives in memory: we only need it while a
  // thread is open, and keeping it here saves the default store's conversations.replies calls.
  type Context = Awaited<ReturnType<NonNullable<AssistantConfig['threadContextStore']>['get']>>;
  const contexts = new Map<string, Context>();
  const titled = new Set<string>();
  const key = (channel: string, ts: string) => `${channel}:${ts}`;

  return new Assistant({
    threadContextStore: {
      get: async ({ payload }) => {
        const p = payload as { channel?: string; thread_ts?: string; assistant_thread?: { channel_id: string; thread_ts: string } };
        const k = p.assistant_thread ? key(p.assistant_thread.channel_id, p.assistant_thread.thread_ts) : key(p.channel ?? '', p.thread_ts ?? '');
        return contexts.get(k) ?? {};
      },
      save: async ({ payload }) => {
        const p = payload as { assistant_thread?: { channel_id: string; thread_ts: string; context?: Context } };
        if (p.assistant_thread) contexts.set(key(p.assistant_thread.channel_id, p.assistant_thread.thread_ts), p.assistant_thread.context ?? {});
      },
    },

    threadStarted: async ({ event }) => {
      const { channel_id: channel, thread_ts: threadTs, context } = event.assistant_thread;
      contexts.set(key(channel, threadTs), context ?? {});
      await api.post(channel, threadTs, { text: GREETING, blocks: [] });
      const prompts = deps.kb.suggestions(MAX_SUGGESTED_PROMPTS).map((q) => ({ title: clip(q, 75), message: q }));
      if (prompts.length > 0) await api.setSuggestedPrompts(channel, threadTs, prompts, 'Try asking');
    },

    userMessage: async ({ message }) => {
      const q = questionFromDirectMessage(message as unknown as SlackMessageEvent, { teamId: deps.teamId, botUserId: deps.botUserId });
      if (!q) return;
      const threadKey = key(q.target.channelId, q.target.threadTs);
      deps.enqueue({
        eventId: q.input.eventId!,
        run: async () => {
          if (!titled.has(threadKey)) {
            if (titled.size > 10_000) titled.clear(); // a bound; a re-set title is harmless
            titled.add(threadKey);
            await api.setTitle(q.target.channelId, q.target.threadTs, clip(q.input.text, MAX_THREAD_TITLE));
          }
          const userDisplayName = await api.displayName(q.input.userId);
          await answerInThread(deps, { ...q.input, userDisplayName }, q.target, { progress: 'status' });
        },
      });
    },
  });
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
