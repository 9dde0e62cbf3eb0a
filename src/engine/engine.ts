// The engine every adapter calls: de-duplicates platform retries, resolves the user and the thread
// session, runs one thing at a time per thread, dispatches commands or questions, and returns a
// Reply. Platform-agnostic: nothing here knows Slack, Teams, HTML or terminals.
import type { Logger } from '../lib/logger.ts';
import { isThreadsqlError } from '../lib/errors.ts';
import type { Viewer } from '../store/store.ts';
import { answerQuestion, type QuestionDeps } from './answer-question.ts';
import type { EngineInput } from './engine-input.ts';
import type { CommandContext } from './commands/command-context.ts';
import { parseCommand } from './commands/parse-command.ts';
import { runCommand } from './commands/run-command.ts';
import type { ProgressCallback, Reply } from './reply.ts';
import { restyleAttempt, restyleFromText } from './restyle-chart.ts';
import { createThreadQueue, type ThreadQueue } from './thread-queue.ts';

export interface EngineOptions {
  question: QuestionDeps;
  /** Role from THREADSQL_ADMINS (`platform:userId`); decided by the app's wiring. */
  isAdmin: (platform: EngineInput['platform'], userId: string) => boolean;
  rawSql: 'everyone' | 'admins' | 'nobody';
  kbDir: string;
  sessionIdleMs: number;
  maxConcurrentQuestions: number;
  logger: Logger;
  onQueueChange?: (waiting: number, running: number) => void;
}

export interface FeedbackInput {
  platform: EngineInput['platform'];
  tenantId: string;
  userId: string;
  userDisplayName: string;
  attemptId: string;
  value: 'up' | 'down';
  text?: string;
}

export interface Engine {
  /** undefined when this event id was already handled (a platform retry): post nothing. */
  handleMessage(input: EngineInput, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<Reply | undefined>;
  /** 👍/👎 with optional text on an attempt the user may see; false when they may not. */
  recordFeedback(input: FeedbackInput): Promise<boolean>;
  readonly queue: ThreadQueue;
}

export function createEngine(options: EngineOptions): Engine {
  const { store } = options.question.statement;
  const log = options.logger.child({ module: 'engine' });
  const queue = createThreadQueue(options.maxConcurrentQuestions, options.onQueueChange);

  async function viewerFor(input: { platform: EngineInput['platform']; tenantId: string; userId: string; userDisplayName: string }): Promise<Viewer> {
    const user = await store.users.ensureUser(
      { platform: input.platform, tenantId: input.tenantId, platformUserId: input.userId, displayName: input.userDisplayName },
      options.isAdmin(input.platform, input.userId),
    );
    return { userId: user.id, role: user.role };
  }

  return {
    queue,

    async handleMessage(input, onProgress = () => undefined, signal) {
      try {
        if (input.eventId && !(await store.events.claim(input.platform, input.eventId))) {
          log.info({ platform: input.platform, eventId: input.eventId }, 'duplicate event ignored');
          return undefined;
        }
        const viewer = await viewerFor(input);
        const threadId = `${input.platform}\u0000${input.tenantId}\u0000${input.channelId}\u0000${input.threadKey}`;
        const command = parseCommand(input.text);

        return await queue.run(
          threadId,
          async () => {
            const session = await store.sessions.openThread(
              { platform: input.platform, tenantId: input.tenantId, channelId: input.channelId, threadKey: input.threadKey },
              options.sessionIdleMs,
            );
            const ask = (question: string, originalAttemptId?: string) =>
              answerQuestion(options.question, {
                userId: viewer.userId,
                platform: input.platform,
                sessionId: session.id,
                question,
                progress: onProgress,
                signal,
                originalAttemptId,
              });
            if (!command) {
              // "as a line chart", "top 5 only": redraw the thread's last answer, no new SQL.
              const restyle = restyleFromText(input.text);
              const last = restyle ? (await store.attempts.threadTurns(session.id, 10)).filter((t) => t.status === 'success').at(-1) : undefined;
              if (restyle && last) {
                return restyleAttempt(options.question.statement, viewer, last.id, restyle, { platform: input.platform, sessionId: session.id, text: input.text });
              }
              return ask(input.text);
            }
            const ctx: CommandContext = {
              deps: options.question,
              viewer,
              platform: input.platform,
              sessionId: session.id,
              kbDir: options.kbDir,
              rawSql: options.rawSql,
              signal,
              askAgain: ask,
            };
            return runCommand(ctx, command);
          },
          (reason) =>
            onProgress({
              stage: 'queued',
              text: reason === 'thread_busy' ? 'waiting for the previous question in this thread to finish…' : 'waiting for a free slot: many questions are running…',
            }),
        );
      } catch (err) {
        // Only failures before an attempt could be written end here (the store is down): nothing ran.
        log.error({ err }, 'message could not be handled');
        const reason = isThreadsqlError(err) ? err.userMessage : 'threadsql could not record this message';
        return { kind: 'error', text: `${reason} Nothing was run; please try again in a moment.`, parts: [], actions: [] };
      }
    },

    async recordFeedback(input) {
      const viewer = await viewerFor(input);
      const id = await store.attempts.resolveIdForViewer(input.attemptId, viewer);
      return id ? store.attempts.recordFeedback(id, viewer, input.value, input.text ?? null) : false;
    },
  };
}
