// The Teams adapter: Bot Framework activities in, engine calls, Adaptive Cards out. Lives here:
// routing one activity (a question, a card action, an install) and delivering the Reply. Not here:
// SQL, models, storage — the engine does those — nor botbuilder itself, which stays behind
// bot-framework.ts. POST /api/messages is mounted on our one HTTP server. Without MICROSOFT_APP_ID
// it runs in the Emulator's local mode (emulator-mode.ts): this machine only.
import type http from 'node:http';
import type { App } from '../../app.ts';
import type { TeamsConfig } from '../../config/config.ts';
import type { ExportLinks } from '../../server/export-links.ts';
import { sendJson, type Route } from '../../server/http-server.ts';
import type { InterruptedAttempt } from '../../store/store.ts';
import { answerInConversation, type AnswerDeps } from './answer-in-conversation.ts';
import { createBotFramework, type ActivityHandler, type BotFramework } from './bot-framework.ts';
import { createConversationRefs } from './conversation-refs.ts';
import { EMULATOR_MODE_LINE, emulatorRefusal } from './emulator-mode.ts';
import { handleCardAction, type InteractionDeps } from './interactions.ts';
import { readActivity, scopeOf } from './inbound.ts';
import { MAX_ACTIVITY_BYTES, WELCOME_EXAMPLES } from './limits.ts';
import { renderWelcome } from './render-reply.ts';
import { teamsFailure } from './teams-errors.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAdapter {
  /** POST /api/messages. */
  readonly routes: Route[];
  /** 'bot': a registered bot, every request authenticated; 'emulator': no app id, this machine only. */
  readonly mode: 'bot' | 'emulator';
  /** One line for start-up: how Teams runs. */
  readonly line: string;
  /** Tell askers in their conversation that a restart interrupted their question; returns how many were told. */
  notifyInterrupted(attempts: InterruptedAttempt[]): Promise<number>;
  /** Resolves when every answer started so far has been delivered. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type TeamsAppDeps = Pick<App, 'engine' | 'kb' | 'logger' | 'store'>;

export interface TeamsAdapterOptions {
  /** Signed CSV download links (GET /exports/<token>); without them cards name the CSV but link nothing. */
  links?: Pick<ExportLinks, 'urlFor' | 'chartUrlFor'>;
  /** Typing indicator renewal while a question runs (default TYPING_RENEW_MS). */
  typingRenewMs?: number;
}

/** `config` undefined (no MICROSOFT_APP_ID): the Emulator's local mode, for requests from this machine only. */
export function createTeamsAdapter(app: TeamsAppDeps, config: TeamsConfig | undefined, options: TeamsAdapterOptions = {}): TeamsAdapter {
  const log = app.logger.child({ module: 'teams' });
  const bot: BotFramework = createBotFramework(config, app.logger);
  const refs = createConversationRefs(app.store);

  const inflight = new Set<Promise<unknown>>();
  const background = (work: () => Promise<unknown>) => {
    const p: Promise<unknown> = work()
      .catch((err: unknown) => log.error({ err }, 'Teams work failed after the ack'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const deps: AnswerDeps & InteractionDeps = { engine: app.engine, bot, links: options.links, logger: app.logger, refs, typingRenewMs: options.typingRenewMs, background };

  const onActivity: ActivityHandler = async (activity, outbox, ref) => {
    // Every authenticated activity refreshes its conversation's reference: proactive messages
    // (answers after the turn, private answers, notices after a restart) are sent with it.
    const personalChatOfNewcomer = await refs.remember(activity, ref, scopeOf(activity)).catch((err: unknown) => {
      log.warn({ err }, 'conversation reference not saved');
      return false;
    });
    const inbound = readActivity(activity);
    switch (inbound.kind) {
      case 'question': {
        // Acknowledge within the turn (Teams waits for the HTTP reply, and retries after ~15 s): a
        // typing indicator now, the answer proactively once the engine is done.
        await outbox.send({ type: 'typing' }).catch((err: unknown) => log.debug({ code: teamsFailure(err).code }, 'typing indicator not sent'));
        background(() => answerInConversation(deps, inbound.input, { ref, scope: inbound.scope, asker: inbound.asker, tieToAsker: personalChatOfNewcomer }));
        return;
      }
      case 'card_action':
        return handleCardAction(deps, inbound, { ref, scope: inbound.scope, asker: inbound.asker });
      case 'installed': {
        // Teams sends installationUpdate and conversationUpdate for one install (and redelivers
        // either): the first claim of the conversation's welcome wins, across restarts and replicas.
        if (!(await app.store.events.claim('teams', `welcome:${inbound.tenantId}:${inbound.conversationId}`))) return;
        await outbox.send(renderWelcome(app.kb.suggestions(WELCOME_EXAMPLES), inbound.scope));
        return;
      }
      case 'ignored':
        log.debug({ type: activity.type, reason: inbound.reason }, 'activity ignored');
        return;
    }
  };

  async function messages(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req, MAX_ACTIVITY_BYTES);
    if (raw === undefined) return sendJson(res, 413, { error: 'activity too large' });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (!config) {
      const refusal = emulatorRefusal(req, body);
      if (refusal) {
        log.warn({ reason: refusal }, 'Teams request refused: Emulator mode serves this machine only');
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Unauthorized: without MICROSOFT_APP_ID threadsql accepts Bot Framework Emulator requests from this machine only\n');
        return;
      }
    }
    // botbuilder authenticates (401 on a missing or bad token) before onActivity runs.
    await bot.handle(body, req.headers, res, onActivity);
  }

  return {
    routes: [{ method: 'POST', path: TEAMS_MESSAGES_PATH, handler: messages }],
    mode: config ? 'bot' : 'emulator',
    line: config ? `on (${config.appType}, app ${config.appId.slice(0, 8)}…)` : EMULATOR_MODE_LINE,
    async notifyInterrupted(attempts) {
      let told = 0;
      for (const a of attempts) {
        if (a.platform !== 'teams') continue;
        try {
          const ref = await refs.threadOf(a.tenantId, a.channelId, a.threadKey);
          if (!ref) {
            log.warn({ attemptId: a.id }, 'interrupted question: no conversation reference stored, the asker is not told');
            continue;
          }
          const what = a.question ? `“${a.question.length > 120 ? `${a.question.slice(0, 119)}…` : a.question}”` : 'your last request';
          await bot.continue(ref, async (o) => {
            await o.send({ type: 'message', textFormat: 'plain', text: `Sorry — threadsql restarted while it was answering ${what} (attempt ${a.id.slice(0, 8)}), so it was not answered. Please ask again.` });
          });
          told++;
        } catch (err) {
          const f = teamsFailure(err);
          log.warn({ attemptId: a.id, status: f.status, code: f.code }, 'interrupted-question notice not sent');
        }
      }
      return told;
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async stop() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

/** The request body, or undefined once it passes `max` bytes (the rest is not read). */
async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
