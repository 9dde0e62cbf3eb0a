// The action_ids of threadsql's buttons and modal, and what their values carry. One place, so the
// renderer and the handlers cannot drift apart. Values hold only an attempt id (and a page): every
// handler goes back through the engine, which checks the clicking user may see that attempt.

export const ACTION = {
  showSql: 'threadsql_show_sql',
  pagePrev: 'threadsql_page_prev',
  pageNext: 'threadsql_page_next',
  /** "Download CSV of this page": the rows of the page the message shows, as a file in the thread. */
  pageCsv: 'threadsql_page_csv',
  retry: 'threadsql_retry',
  feedbackUp: 'threadsql_feedback_up',
  feedbackDown: 'threadsql_feedback_down',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Matches every threadsql action_id (Bolt's app.action takes a RegExp). */
export const ACTION_PATTERN = /^threadsql_/;

/** callback_id of the 👎 modal. */
export const FEEDBACK_VIEW = 'threadsql_feedback';
/** block_id / action_id of the modal's comment input. */
export const FEEDBACK_INPUT = { block: 'feedback_text', action: 'text' } as const;

export interface ButtonValue {
  attemptId: string;
  page?: number;
}

export function encodeValue(value: ButtonValue): string {
  return value.page === undefined ? value.attemptId : `${value.attemptId}:${value.page}`;
}

/** undefined for a value we did not write (an old message, a forged payload). */
export function decodeValue(value: string | undefined): ButtonValue | undefined {
  const m = /^([0-9a-f-]{8,36})(?::(\d{1,6}))?$/i.exec(value ?? '');
  if (!m) return undefined;
  return m[2] === undefined ? { attemptId: m[1]!.toLowerCase() } : { attemptId: m[1]!.toLowerCase(), page: Number(m[2]) };
}

/** What the 👎 modal remembers between opening and submitting (private_metadata). */
export interface FeedbackMetadata {
  attemptId: string;
  channelId: string;
  threadTs: string | undefined;
}

export function encodeFeedbackMetadata(m: FeedbackMetadata): string {
  return JSON.stringify({ a: m.attemptId, c: m.channelId, t: m.threadTs ?? null });
}

export function decodeFeedbackMetadata(text: string | undefined): FeedbackMetadata | undefined {
  try {
    const raw = JSON.parse(text ?? '') as { a?: unknown; c?: unknown; t?: unknown };
    if (typeof raw.a !== 'string' || typeof raw.c !== 'string') return undefined;
    return { attemptId: raw.a, channelId: raw.c, threadTs: typeof raw.t === 'string' ? raw.t : undefined };
  } catch {
    return undefined; // not ours (or tampered with): the handler says so instead of recording anything
  }
}
