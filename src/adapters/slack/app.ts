// The Slack adapter: Bolt wired to the engine. Lives here: event → engine input → Block Kit out.
// Not here: SQL, models, storage — the engine does those. HTTP mode mounts Bolt's own receiver on
// our one HTTP server (POST /slack/events, signatures verified by Bolt); Socket Mode connects out.
import { App as BoltApp, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { App } from '../../app.ts';
import type { SlackConfig } from '../../config/config.ts';
import type { Route } from '../../server/http-server.ts';
import { registerAppHome } from './app-home.ts';
import { createAssistantPane } from './assistant-pane.ts';
import { answerInThread, type AnswerDeps } from './answer-in-thread.ts';
import { boltLogger } from './bolt-logger.ts';
import { questionFromDirectMessage, questionFromMention, type Question, type SlackMessageEvent } from './inbound.ts';
import { registerInteractions } from './interactions.ts';
import { QUESTION_MAX_START_DELAY_MS, QUESTION_QUIET_MS } from './limits.ts';
import { createQuestionIntake, type IntakeJob } from './question-intake.ts';
import { createSlackApi } from './slack-api.ts';
import { slackFailure } from './slack-errors.ts';
import { registerSlashCommand } from './slash-command.ts';
import type { InterruptedAttempt } from '../../store/store.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapter {
  readonly mode: SlackConfig['mode'];
  /** HTTP mode: events, commands and interactivity, all at POST /slack/events. */
  readonly routes: Route[];
  /** Who we are in which workspace (from the one auth.test at start). */
  readonly identity: { teamId: string; team: string; botUserId: string; botId: string; botName: string; url: string };
  /** Socket Mode: connect. HTTP mode: nothing to do (the routes are mounted by the caller). */
  start(): Promise<void>;
  /** Tell askers in their threads that a restart interrupted their question (attempts closed at start). */
  notifyInterrupted(attempts: InterruptedAttempt[]): Promise<number>;
  /** Resolves when every answer started so far has been delivered. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type SlackAppDeps = Pick<App, 'engine' | 'kb' | 'clock' | 'logger' | 'store'> & { config: Pick<App['config'], 'maxConcurrentQuestions'> };

/** Thrown when Slack rejects the bot token at start (auth.test): Slack stays off, the rest runs. */
export class SlackStartError extends Error {}

export async function createSlackAdapter(app: SlackAppDeps, config: SlackConfig): Promise<SlackAdapter> {
  const log = app.logger.child({ module: 'slack' });
  const sdkLogger = boltLogger(app.logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl, // Bolt reads no base-URL variable itself: it has to come through here
    logger: sdkLogger,
    timeout: 15_000,
    // Network errors and 5xx: a few quick retries. 429s wait for retry-after, then count as one of these.
    retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 4_000 },
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);

  // One auth.test at start, handed to Bolt: otherwise Bolt calls it again for events.
  let auth: webApi.AuthTestResponse;
  try {
    auth = await client.auth.test();
  } catch (err) {
    throw new SlackStartError(`auth.test failed: ${slackFailure(err).code}`);
  }
  const identity = {
    teamId: auth.team_id ?? '',
    team: auth.team ?? '',
    botUserId: auth.user_id ?? '',
    botId: auth.bot_id ?? '',
    botName: auth.user ?? 'threadsql',
    url: auth.url ?? '',
  };

  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: SLACK_EVENTS_PATH,
          // Ack first, work after: Bolt answers 200 as soon as ack() runs, before our listener finishes.
          processBeforeResponse: false,
          logger: sdkLogger,
        })
      : // installerOptions.clientOptions is where Bolt passes client options to the Socket Mode client
        // (apps.connections.open), so SLACK_API_URL applies there too.
        new SocketModeReceiver({ appToken: config.appToken!, logger: sdkLogger, installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } });

  const bolt = new BoltApp({
    token: config.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger: sdkLogger,
    clientOptions,
    ignoreSelf: true,
  });
  bolt.error(async (err) => {
    log.error({ err }, 'Slack listener failed');
  });

  const inflight = new Set<Promise<unknown>>();
  const background = (work: () => Promise<unknown>) => {
    const p: Promise<unknown> = work()
      .catch((err: unknown) => log.error({ err }, 'Slack work failed after the ack'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  const api = createSlackApi(client, app.logger);
  // Questions start once a burst of acks has passed (see question-intake.ts).
  const intake = createQuestionIntake({
    quietMs: QUESTION_QUIET_MS,
    maxStartDelayMs: QUESTION_MAX_START_DELAY_MS,
    now: () => app.clock.monotonicMs(),
    onError: (err) => log.error({ err }, 'Slack work failed after the ack'),
  });
  const enqueue = (job: IntakeJob) => {
    if (!intake.submit(job)) log.info({ eventId: job.eventId }, 'retry of a question still waiting ignored');
  };
  const deps: AnswerDeps & { teamId: string; botUserId: string; background: typeof background; enqueue: typeof enqueue } = {
    engine: app.engine,
    api,
    clock: app.clock,
    logger: app.logger,
    teamId: identity.teamId,
    botUserId: identity.botUserId,
    background,
    enqueue,
  };
  const ask = (q: Question | undefined) => {
    if (!q) return; // not a question: an edit, a bot, a join…
    enqueue({
      eventId: q.input.eventId!,
      run: async () => {
        const userDisplayName = await api.displayName(q.input.userId);
        await answerInThread(deps, { ...q.input, userDisplayName }, q.target, { progress: 'placeholder' });
      },
    });
  };

  // The assistant pane first: it takes the DM thread messages that belong to it.
  bolt.assistant(createAssistantPane({ ...deps, kb: app.kb }));
  registerAppHome(bolt, { store: app.store, kb: app.kb, api, teamId: identity.teamId, workspaceUrl: identity.url, background });
  bolt.event('app_mention', async ({ event }) => {
    ask(questionFromMention(event as unknown as SlackMessageEvent, { teamId: identity.teamId, botUserId: identity.botUserId }));
  });
  bolt.message(async ({ message }) => {
    ask(questionFromDirectMessage(message as unknown as SlackMessageEvent, { teamId: identity.teamId, botUserId: identity.botUserId }));
  });
  registerSlashCommand(bolt, deps);
  registerInteractions(bolt, deps);

  const routes: Route[] =
    receiver instanceof HTTPReceiver
      ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: (req, res) => receiver.requestListener(req, res) }]
      : [];

  return {
    mode: config.mode,
    routes,
    identity,
    async start() {
      if (config.mode === 'socket') await bolt.start();
    },
    async notifyInterrupted(attempts) {
      let told = 0;
      for (const a of attempts) {
        if (a.platform !== 'slack' || a.tenantId !== identity.teamId) continue;
        const what = a.question ? `“${a.question.length > 120 ? `${a.question.slice(0, 119)}…` : a.question}”` : 'your last request';
        const ts = await api.post(a.channelId, a.threadKey, {
          text: `Sorry — threadsql restarted while it was answering ${what} (attempt ${a.id.slice(0, 8)}), so it was not answered. Please ask again.`,
          blocks: [],
        });
        if (ts) told++;
      }
      return told;
    },
    async idle() {
      while (inflight.size > 0 || intake.waiting + intake.running > 0) {
        await Promise.allSettled([...inflight]);
        await intake.idle();
      }
    },
    async stop() {
      if (config.mode === 'socket') await bolt.stop();
      while (inflight.size > 0 || intake.waiting + intake.running > 0) {
        await Promise.allSettled([...inflight]);
        await intake.idle();
      }
    },
  };
}
