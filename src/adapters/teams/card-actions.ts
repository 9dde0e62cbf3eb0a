// What threadsql's card buttons carry, and reading it back. One place, so the renderer and the
// handlers cannot drift apart. Data holds only an attempt id (and a page, a 👍/👎, a comment): every
// handler goes back through the engine, which checks the clicking user may see that attempt.

/** The key in Action.Submit / Action.Execute data that marks a threadsql action. */
export const ACTION_KEY = 'threadsql';

/** Id of the 👎 comment input; Teams merges input values into the submitted data under their ids. */
export const COMMENT_INPUT = 'threadsqlComment';

/** The summary line travels with page buttons so the page's card keeps it. Our own cap. */
export const MAX_SUMMARY_IN_DATA = 300;

export type CardAction =
  | { kind: 'page'; attemptId: string; page: number; summary?: string }
  | { kind: 'retry'; attemptId: string }
  | { kind: 'feedback'; attemptId: string; value: 'up' | 'down'; comment?: string };

/** The `data` of a button (and the Action.Execute `verb` is the kind). */
export function actionData(action: CardAction): Record<string, string | number> {
  switch (action.kind) {
    case 'page':
      return { [ACTION_KEY]: 'page', attemptId: action.attemptId, page: action.page, ...(action.summary ? { summary: action.summary.slice(0, MAX_SUMMARY_IN_DATA) } : {}) };
    case 'retry':
      return { [ACTION_KEY]: 'retry', attemptId: action.attemptId };
    case 'feedback':
      return { [ACTION_KEY]: 'feedback', attemptId: action.attemptId, value: action.value };
  }
}

const ATTEMPT_ID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

/** undefined for data we did not write (an old card, another app's card, a forged payload). */
export function readCardAction(data: unknown): CardAction | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const attemptId = typeof d.attemptId === 'string' && ATTEMPT_ID.test(d.attemptId) ? d.attemptId.toLowerCase() : undefined;
  if (!attemptId) return undefined;
  switch (d[ACTION_KEY]) {
    case 'page': {
      const page = Number(d.page);
      if (!Number.isInteger(page) || page < 1 || page > 1_000_000) return undefined;
      return { kind: 'page', attemptId, page, ...(typeof d.summary === 'string' && d.summary ? { summary: d.summary.slice(0, MAX_SUMMARY_IN_DATA) } : {}) };
    }
    case 'retry':
      return { kind: 'retry', attemptId };
    case 'feedback': {
      if (d.value !== 'up' && d.value !== 'down') return undefined;
      const comment = typeof d[COMMENT_INPUT] === 'string' ? (d[COMMENT_INPUT] as string).trim() : '';
      return { kind: 'feedback', attemptId, value: d.value, ...(comment ? { comment } : {}) };
    }
    default:
      return undefined;
  }
}
