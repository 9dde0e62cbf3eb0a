// The admin console's reads: everyone's attempts with filters, the people who asked, the weekly
// usage rollup and the 👎 inbox. The caller (web-api.ts) lets only admins in; the store's
// viewer-scoped queries would still limit anyone else to their own rows.
import { ATTEMPT_STATUSES, PLATFORMS, type Store, type Viewer } from '../../../store/store.ts';
import { attemptItem, type WebAttemptItem } from './attempt-json.ts';
import { dateParam, intParam, oneOfParam, textParam } from './query-params.ts';

const nameOf = (u: { displayName: string; userId: string }) => u.displayName || u.userId.slice(0, 8);

export async function adminAttempts(store: Store, viewer: Viewer, params: URLSearchParams): Promise<{ attempts: WebAttemptItem[]; hasMore: boolean }> {
  const limit = intParam(params, 'limit', 50, 1, 200);
  const offset = intParam(params, 'offset', 0, 0, 1_000_000);
  const userId = textParam(params, 'user', 64);
  const rows = await store.attempts.listForViewer(viewer, {
    all: true,
    // One more than asked: whether there is a next page, without a count query.
    limit: Math.min(200, limit + 1),
    offset,
    status: oneOfParam(params, 'status', ATTEMPT_STATUSES),
    platform: oneOfParam(params, 'platform', PLATFORMS),
    userId,
    createdFrom: dateParam(params, 'from'),
    createdBefore: dateParam(params, 'to', true),
    search: textParam(params, 'q'),
  });
  const names = new Map((await store.attempts.askersForViewer(viewer, { all: true })).map((u) => [u.userId, nameOf(u)]));
  return {
    attempts: rows.slice(0, limit).map((a) => attemptItem(a, { id: a.userId, name: names.get(a.userId) ?? a.userId.slice(0, 8) })),
    hasMore: rows.length > limit,
  };
}

export async function adminUsers(store: Store, viewer: Viewer): Promise<{ users: Array<{ id: string; name: string; platform: string; attempts: number }> }> {
  const askers = await store.attempts.askersForViewer(viewer, { all: true });
  return { users: askers.map((u) => ({ id: u.userId, name: nameOf(u), platform: u.platform, attempts: u.attempts })) };
}

export interface WebWeek {
  weekStart: string;
  attempts: number;
  executed: number;
  success: number;
  /** success / attempts, 0..1; null for a week without attempts. */
  successRate: number | null;
  promptTokens: number;
  completionTokens: number;
  tokens: number;
  costUsd: number;
}

export async function adminRollup(store: Store, params: URLSearchParams): Promise<{ weeks: WebWeek[] }> {
  const weeks = await store.metrics.weeklyTotals(intParam(params, 'weeks', 12, 1, 104));
  return {
    weeks: weeks.map((w) => ({
      ...w,
      successRate: w.attempts ? w.success / w.attempts : null,
      tokens: w.promptTokens + w.completionTokens,
      costUsd: Math.round(w.costUsd * 1e6) / 1e6,
    })),
  };
}

export async function adminFeedback(store: Store, viewer: Viewer, params: URLSearchParams) {
  const items = await store.attempts.downvotesForViewer(viewer, {
    all: true,
    limit: intParam(params, 'limit', 50, 1, 200),
    withTextOnly: params.get('comments') === 'only',
  });
  return {
    feedback: items.map((f) => ({
      attemptId: f.attemptId,
      user: { id: f.userId, name: f.userDisplayName || f.userId.slice(0, 8) },
      platform: f.platform,
      question: f.question,
      sql: f.sql,
      status: f.status,
      comment: f.feedbackText,
      at: f.feedbackAt.toISOString(),
    })),
  };
}
