// The History page: the viewer's own attempts, newest first, searchable by words in the question
// or the SQL. Scope 'own' even for an admin: history is personal; the admin console shows everyone.
import type { Store, Viewer } from '../../../store/store.ts';
import { attemptItem, type WebAttemptItem } from './attempt-json.ts';
import { intParam, textParam } from './query-params.ts';

export async function ownHistory(store: Store, viewer: Viewer, params: URLSearchParams): Promise<{ attempts: WebAttemptItem[]; hasMore: boolean; query: string | null }> {
  const limit = intParam(params, 'limit', 50, 1, 200);
  const offset = intParam(params, 'offset', 0, 0, 1_000_000);
  const query = textParam(params, 'q') ?? null;
  const rows = await store.attempts.listForViewer(viewer, { limit: Math.min(200, limit + 1), offset, search: query ?? undefined });
  return { attempts: rows.slice(0, limit).map((a) => attemptItem(a)), hasMore: rows.length > limit, query };
}
