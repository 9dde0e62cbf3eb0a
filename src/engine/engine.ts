// The engine every adapter calls: de-duplicates platform retries, resolves the user and the thread
// session, runs one thing at a time per thread, dispatches commands or questions, and returns a
// Reply. Platform-agnostic: nothing here knows Slack, Teams, HTML or terminals.
import type { Logger } from '../lib/logger.ts';
import { isThreadsqlError, ThreadsqlError } from '../lib/errors.ts';
import type { Viewer } from '../store/store.ts';
import { answerQuestion, type QuestionDeps } from './answer-question.ts';
import type { EngineInput } from './engine-input.ts';
import type { CommandContext } from './commands/command-context.ts';
import { parseCommand } from './commands/parse-command.ts';
import { runCommand } from './commands/run-command.ts';
import { WEB_SIGN_IN_OFF, type WebSignInSetting } from './commands/web-sign-in-link.ts';
import type { ProgressCallback, ProgressEvent, Reply } from './reply.ts';
import { restyleAttempt, restyleFromText } from './restyle-chart.ts';
import { createThreadQueue, type ThreadQueue } from './thread-queue.ts';
import { statusForError } from './attempt-status.ts';

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
  /** Whether `web` (a one-time web sign-in link) can work here; default: off. */
  webSignIn?: WebSignInSetting;
}

export interface FeedbackInput {
  platform: EngineInput['platform'];
  tenantId: string;
  userId: string;
  userDisplayName: string;
  attemptId: string;
  value: 'up' | 'down';
  text?: string;
  /** As EngineInput.storeUserId: the web's signed-in store user. */
  storeUserId?: string;
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

  async function viewerFor(input: { platform: EngineInput['platform']; tenantId: string; userId: string; userDisplayName: string; storeUserId?: string }): Promise<Viewer> {
    if (input.storeUserId) {
      // Signed in by the adapter a moment ago; a user removed since then is refused, not recreated.
      const row = await store.users.get(input.storeUserId);
      if (!row?.active) throw new ThreadsqlError('forbidden', 'This sign-in is no longer valid; sign in again.');
      return { userId: row.id, role: row.role };
    }
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
        const openSession = () =>
          store.sessions.openThread(
            { platform: input.platform, tenantId: input.tenantId, channelId: input.channelId, threadKey: input.threadKey },
            options.sessionIdleMs,
          );

        // A question is on record before it waits for its thread and a free slot: a crash while it
        // waits leaves a pending attempt, which the next start closes and tells the asker about.
        // (A restyle — "as a line chart" — redraws an earlier answer and records its own.)
        if (!command && !restyleFromText(input.text)) {
          const session = await openSession();
          const attemptId = await store.attempts.start({ userId: viewer.userId, platform: input.platform, sessionId: session.id, question: input.text });
          try {
            return await queue.run(
              threadId,
              () =>
                answerQuestion(options.question, {
                  userId: viewer.userId,
                  platform: input.platform,
                  sessionId: session.id,
                  question: input.text,
                  progress: onProgress,
                  signal,
                  attemptId,
                }),
              (reason) => onProgress(queuedProgress(reason)),
            );
          } catch (err) {
            // answerQuestion ends its attempt itself; this closes it when the failure came before.
            await store.attempts.finish(attemptId, { status: statusForError('internal'), errorCode: 'internal', error: 'threadsql failed before it could answer.' }).catch(() => false);
            throw err;
          }
        }

        return await queue.run(
          threadId,
          async () => {
            const session = await openSession();
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
              webSignIn: options.webSignIn ?? WEB_SIGN_IN_OFF,
              signal,
              askAgain: ask,
            };
            return runCommand(ctx, command);
          },
          (reason) => onProgress(queuedProgress(reason)),
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

function queuedProgress(reason: 'thread_busy' | 'capacity'): ProgressEvent {
  return {
    stage: 'queued',
    text: reason === 'thread_busy' ? 'waiting for the previous question in this thread to finish…' : 'waiting for a free slot: many questions are running…',
  };
}
