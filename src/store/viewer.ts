// The privacy rule, in one place: who may read which attempts (and, through them, manifests,
// pages and exports). Every user-facing read of attempts or manifests adds this condition.
import { eq, sql, type SQL } from 'drizzle-orm';
import { queryAttempts, type Role } from './schema.ts';

/** Who is asking. A non-admin sees only their own attempts; an admin may see everyone's. */
export interface Viewer {
  userId: string;
  role: Role;
}

/**
 * WHERE condition on query_attempts for what `viewer` may see. `scope: 'all'` widens an admin's
 * view to every user; it is ignored for anyone else. Unknown roles are treated as 'user'.
 */
export function visibleAttempts(viewer: Viewer, scope: 'own' | 'all' = 'all', options: { useUserIndex?: boolean } = {}): SQL {
  if (viewer.role === 'admin' && scope === 'all') return sql`1 = 1`;
  // An empty id matches nobody rather than whatever rows might carry ''.
  if (!viewer.userId) return sql`1 = 0`;
  // `useUserIndex: false` (the same rule, written so SQLite does not drive the query from the user
  // index): for a read already narrowed to a few candidate ids, e.g. by the search index.
  if (options.useUserIndex === false) return sql`+${queryAttempts.userId} = ${viewer.userId}`;
  return eq(queryAttempts.userId, viewer.userId);
}
