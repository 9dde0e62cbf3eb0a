// The store's entry file: the Store type and everything callers need from src/store/.
// Open it with openStore() (open-store.ts); nothing outside src/store/ touches drizzle or libSQL.
import type { AnswerCacheRepo } from './answer-cache-repo.ts';
import type { AttemptsRepo } from './attempts-repo.ts';
import type { ConversationRefsRepo } from './conversation-refs-repo.ts';
import type { EventsRepo } from './events-repo.ts';
import type { KbRepo } from './kb-repo.ts';
import type { ManifestsRepo } from './manifests-repo.ts';
import type { MetricsRepo } from './metrics-repo.ts';
import type { SessionsRepo } from './sessions-repo.ts';
import type { SignInLinksRepo } from './sign-in-links-repo.ts';
import type { SnapshotsRepo } from './snapshots-repo.ts';
import type { UsersRepo } from './users-repo.ts';

export interface StoreHealth {
  ok: true;
  latencyMs: number;
}

/** Connection settings as the store's own connection reports them (ops and tests). */
export interface StoreDiagnostics {
  kind: 'file' | 'memory' | 'remote';
  foreignKeys: boolean;
  journalMode: string | undefined;
  busyTimeoutMs: number | undefined;
  synchronous: number | undefined;
  /** Times the connection was replaced after SQLITE_BUSY since start. */
  reconnects: number;
}

/** The store: one repository per concept. Every method throws only ThreadsqlError. */
export interface Store {
  users: UsersRepo;
  sessions: SessionsRepo;
  attempts: AttemptsRepo;
  manifests: ManifestsRepo;
  snapshots: SnapshotsRepo;
  kb: KbRepo;
  events: EventsRepo;
  conversationRefs: ConversationRefsRepo;
  signInLinks: SignInLinksRepo;
  metrics: MetricsRepo;
  answerCache: AnswerCacheRepo;
  /** `select 1` against the store; throws ThreadsqlError (e.g. 'store_unavailable') when it fails. */
  healthcheck(): Promise<StoreHealth>;
  diagnostics(): Promise<StoreDiagnostics>;
  close(): Promise<void>;
}

export { openStore, DEFAULT_BUSY_TIMEOUT_MS, type OpenStoreOptions } from './open-store.ts';
export type { Viewer } from './viewer.ts';
export { INTERRUPTED_MESSAGE } from './attempts-repo.ts';
export type { AttemptsRepo, StartAttemptInput, GeneratedInput, FinishInput, ListOptions, ThreadTurn, InterruptedAttempt, Asker, FeedbackItem } from './attempts-repo.ts';
export type { UsersRepo, UserIdentity } from './users-repo.ts';
export { SESSION_IDLE_MS } from './sessions-repo.ts';
export type { SessionsRepo, ThreadKey } from './sessions-repo.ts';
export type { ManifestsRepo, ManifestInput } from './manifests-repo.ts';
export type { SnapshotsRepo, SnapshotInput } from './snapshots-repo.ts';
export type { KbRepo, KbEntryInput, KbTextHit, KbVectorHit } from './kb-repo.ts';
export type { AnswerCacheRepo, AnswerCachePut } from './answer-cache-repo.ts';
export type { EventsRepo } from './events-repo.ts';
export type { ConversationRefsRepo, ConversationRefInput } from './conversation-refs-repo.ts';
export type { SignInLinksRepo } from './sign-in-links-repo.ts';
export { weekStartOf } from './metrics-repo.ts';
export type { MetricsRepo, AttemptTokens, WeeklyTotals } from './metrics-repo.ts';
export {
  PLATFORMS,
  ROLES,
  ATTEMPT_STATUSES,
  FINAL_ATTEMPT_STATUSES,
  SQL_SOURCES,
  FEEDBACK_VALUES,
  SESSION_KINDS,
  KB_KINDS,
} from './schema.ts';
export type {
  Platform,
  Role,
  AttemptStatus,
  FinalAttemptStatus,
  SqlSource,
  Feedback,
  SessionKind,
  KbKind,
  ManifestColumn,
  UserRow,
  SessionRow,
  AttemptRow,
  ManifestRow,
  SchemaSnapshotRow,
  KbEntryRow,
  MetricsRollupRow,
  ProcessedEventRow,
  AnswerCacheRow,
  ConversationRefRow,
  SignInLinkRow,
} from './schema.ts';
