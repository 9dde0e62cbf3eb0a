// The drizzle database every repository receives, and the little they share besides.
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { Clock } from '../lib/clock.ts';

/** drizzle over the guarded libSQL client (see guarded-client.ts); no relational schema. */
export type StoreDb = LibSQLDatabase;

/** What every repository factory is given. */
export interface RepoDeps {
  db: StoreDb;
  clock: Clock;
}
