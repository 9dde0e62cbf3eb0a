// The Teams adapter: Bot Framework activities in, engine calls, Adaptive Cards out. Lives here:
// routing one activity (a question, a card action, an install) and delivering the Reply. Not here:
// SQL, models, storage — the engine does those — nor botbuilder itself, which stays behind
// bot-framework.ts. POST /api/messages is mounted on our one HTTP server.
import type http from 'node:http';
import type { App } from '../../app.ts';
import type { TeamsConfig } from '../../config/config.ts';
import type { ExportLinks } from '../../server/export-links.ts';
import { sendJson, type Route } from '../../server/http-server.ts';
import { answerInConversation, type AnswerDeps } from './answer-in-conversation.ts';
import { createBotFramework, type ActivityHandler, type BotFramework } from './bot-framework.ts';
import { handleCardAction, type InteractionDeps } from './interactions.ts';
import { readActivity } from './inbound.ts';
import { MAX_ACTIVITY_BYTES, WELCOME_EXAMPLES } from './limits.ts';
import { renderWelcome } from './render-reply.ts';
import { teamsFailure } from './teams-errors.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAdapter {
  /** POST /api/messages. */
  readonly routes: Route[];
  /** Resolves when every answer started so far has been delivered. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type TeamsAppDeps = Pick<App, 'engine' | 'kb' | 'logger'>;

export interface TeamsAdapterOptions {
  /** Signed CSV download links (GET /exports/<token>); without them cards name the CSV but link nothing. */
  links?: Pick<ExportLinks, 'urlFor' | 'chartUrlFor'>;
}

export function createTeamsAdapter(app: TeamsAppDeps, config: TeamsConfig, options: TeamsAdapterOptions = {}): TeamsAdapter {
  const log = app.logger.child({ module: 'teams' });
  const bot: BotFramework = createBotFramework(config, app.logger);

  const inflight = new Set<Promise<unknown>>();
  const background = (work: () => Promise<unknown>) => {
    const p: Promise<unknown> = work()
      .catch((err: unknown) => log.error({ err }, 'Teams work failed after the ack'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const deps: AnswerDeps & InteractionDeps = { engine: app.engine, bot, links: options.links, logger: app.logger, background };

  const onActivity: ActivityHandler = async (activity, outbox, ref) => {
    const inbound = readActivity(activity);
    switch (inbound.kind) {
      case 'question': {
        // Acknowledge within the turn (Teams waits for the HTTP reply, and retries after ~15 s): a
        // typing indicator now, the answer proactively once the engine is done.
        await outbox.send({ type: 'typing' }).catch((err: unknown) => log.debug({ code: teamsFailure(err).code }, 'typing indicator not sent'));
        background(() => answerInConversation(deps, inbound.input, { ref, scope: inbound.scope, asker: inbound.asker }));
        return;
      }
      case 'card_action':
        return handleCardAction(deps, inbound, { ref, scope: inbound.scope, asker: inbound.asker });
      case 'installed':
        await outbox.send(renderWelcome(app.kb.suggestions(WELCOME_EXAMPLES), inbound.scope));
        return;
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
    // botbuilder authenticates (401 on a missing or bad token) before onActivity runs.
    await bot.handle(body, req.headers, res, onActivity);
  }

  return {
    routes: [{ method: 'POST', path: TEAMS_MESSAGES_PATH, handler: messages }],
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
