// Card buttons: Action.Submit (a message with `value`) and Action.Execute (an `adaptiveCard/action`
// invoke, answered in the HTTP response with `{ statusCode, type, value }`). Submits are acknowledged
// first and worked after the turn; Execute answers within the turn (a page is a file read) with the
// refreshed card or a short message. Every action goes back through the engine, which checks the
// clicking user may see that attempt.
import type { EngineInput } from '../../engine/engine-input.ts';
import type { Reply } from '../../engine/reply.ts';
import { answerInConversation, sendRendered, type AnswerDeps, type Where } from './answer-in-conversation.ts';
import type { InvokeResult } from './bot-framework.ts';
import type { CardAction } from './card-actions.ts';
import type { Inbound } from './inbound.ts';
import { cardMessage, CARD_CONTENT_TYPE, renderPageReply, textMessage, type RenderedReply } from './render-reply.ts';
import { teamsFailure } from './teams-errors.ts';

type CardActionInbound = Extract<Inbound, { kind: 'card_action' }>;

export interface InteractionDeps extends AnswerDeps {
  /** Runs work after the turn, tracked so shutdown (and tests) can wait for it. */
  background(work: () => Promise<unknown>): void;
}

const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/** Handle one card action. Execute gets its invoke result; Submit gets nothing (a plain 200). */
export async function handleCardAction(deps: InteractionDeps, inbound: CardActionInbound, where: Where): Promise<InvokeResult | void> {
  const { action } = inbound;
  // The click's own engine call is de-duplicated by the activity id; follow-up lookups are not.
  const input = (text: string, dedupe = true): EngineInput => ({ ...inbound.input, text, eventId: dedupe ? inbound.input.eventId : undefined });

  if (inbound.via === 'execute') {
    const value = await executeNow(deps, action, input, where);
    return { status: 200, body: value };
  }

  deps.background(async () => {
    switch (action.kind) {
      case 'page': {
        const card = await pageCard(deps, action, input);
        if (!card) return;
        if ('error' in card) {
          await deps.bot.continue(where.ref, async (o) => void (await o.send(textMessage({ text: card.error }))));
          return;
        }
        await deps.bot.continue(where.ref, async (o) => {
          // The page replaces the table in the answer's own card; a new message only if that fails.
          if (inbound.cardActivityId) {
            try {
              await o.update(inbound.cardActivityId, cardMessage(card.rendered));
              return;
            } catch (err) {
              const f = teamsFailure(err);
              deps.logger.child({ module: 'teams' }).warn({ status: f.status, code: f.code }, 'card update refused; posting the page as a new message');
            }
          }
          await sendRendered(deps, o, card.rendered, action.attemptId);
        });
        return;
      }
      case 'retry':
        await answerInConversation(deps, input(`retry ${action.attemptId}`), where);
        return;
      case 'feedback': {
        const ok = await recordFeedback(deps, inbound, action);
        const text = !ok ? 'That answer is not one you can rate.' : action.value === 'up' ? 'Thanks — noted 👍' : 'Thanks — noted 👎. What you wrote helps fix it.';
        await deps.bot.continue(where.ref, async (o) => void (await o.send(textMessage({ text }))));
        return;
      }
    }
  });
}

async function executeNow(deps: InteractionDeps, action: CardAction, input: (text: string, dedupe?: boolean) => EngineInput, where: Where) {
  switch (action.kind) {
    case 'page': {
      const card = await pageCard(deps, action, input);
      if (!card) return { statusCode: 200, type: MESSAGE_TYPE, value: 'Already done.' };
      if ('error' in card) return { statusCode: 200, type: MESSAGE_TYPE, value: card.error };
      return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card.rendered.card };
    }
    case 'retry':
      deps.background(() => answerInConversation(deps, input(`retry ${action.attemptId}`), where));
      return { statusCode: 200, type: MESSAGE_TYPE, value: 'Running it again…' };
    case 'feedback': {
      const ok = await recordFeedback(deps, { input: input('') }, action);
      return { statusCode: 200, type: MESSAGE_TYPE, value: ok ? `Thanks — noted ${action.value === 'up' ? '👍' : '👎'}` : 'That answer is not one you can rate.' };
    }
  }
}

type PageCard = { error: string } | { rendered: RenderedReply };

async function pageCard(deps: InteractionDeps, action: Extract<CardAction, { kind: 'page' }>, input: (text: string, dedupe?: boolean) => EngineInput): Promise<PageCard | undefined> {
  const reply = await deps.engine.handleMessage(input(`page ${action.attemptId} ${action.page}`));
  if (!reply) return undefined; // a redelivered click
  if (reply.kind === 'error') return { error: reply.text };
  // The SQL for the card's "Show SQL" (the same attempt, so the same visibility check).
  const shown: Reply | undefined = await deps.engine.handleMessage(input(`show ${action.attemptId}`, false));
  const sql = shown?.parts.find((p) => p.kind === 'sql');
  const csvUrl = deps.links?.urlFor(action.attemptId);
  const rendered = renderPageReply(withCsv(reply), { summary: action.summary, sql: sql?.kind === 'sql' ? sql.sql : undefined }, { csvUrl });
  return { rendered };
}

// A page reply carries only the table; the card keeps its CSV link (an answer with pages always has
// an export). Its row count is not in the page reply, so the link is just "Download CSV" (rowCount -1).
function withCsv(reply: Reply): Reply {
  if (reply.parts.some((p) => p.kind === 'csv') || !reply.parts.some((p) => p.kind === 'table')) return reply;
  return { ...reply, parts: [...reply.parts, { kind: 'csv', path: '', rowCount: -1, truncated: false }] };
}

async function recordFeedback(deps: InteractionDeps, inbound: { input: Omit<EngineInput, 'text'> }, action: Extract<CardAction, { kind: 'feedback' }>): Promise<boolean> {
  return deps.engine.recordFeedback({
    platform: 'teams',
    tenantId: inbound.input.tenantId,
    userId: inbound.input.userId,
    userDisplayName: inbound.input.userDisplayName,
    attemptId: action.attemptId,
    value: action.value,
    text: action.comment,
  });
}
