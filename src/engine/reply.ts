// What the engine returns to every adapter. Adapters only render: `text` always states the whole
// answer, so the terminal and any degraded platform still work.
import type { FinalStatus } from './attempt-status.ts';
import type { Cell, ColumnMeta } from '../warehouse/types.ts';

/** Closed set of progress stages; each adapter shows them its own way. */
export type ProgressStage = 'queued' | 'reading_schema' | 'writing_sql' | 'checking_sql' | 'running_query' | 'summarizing';

export interface ProgressEvent {
  stage: ProgressStage;
  /** A short line a person can read: "running the query… 12 s". */
  text: string;
  elapsedMs?: number;
}

export type ProgressCallback = (event: ProgressEvent) => void;

export type ReplyKind = 'answer' | 'clarification' | 'error' | 'command';

export type ReplyPart =
  | {
      kind: 'table';
      columns: ColumnMeta[];
      rows: Cell[][];
      page: number;
      pageCount: number;
      pageSize: number;
      totalRows: number;
    }
  | { kind: 'sql'; sql: string }
  | { kind: 'chart'; png: Uint8Array; altText: string; specJson?: string }
  | { kind: 'csv'; path: string; rowCount: number; truncated: boolean }
  | { kind: 'notice'; tone: 'info' | 'warning' | 'error'; text: string };

export type ReplyAction =
  | { kind: 'page'; attemptId: string; page: number; label: string }
  | { kind: 'show_sql'; attemptId: string; label: string }
  | { kind: 'retry'; attemptId: string; label: string }
  | { kind: 'feedback'; attemptId: string; value: 'up' | 'down'; label: string };

export interface Reply {
  kind: ReplyKind;
  /** The whole answer as plain text: summary, receipt, and what went wrong if anything did. */
  text: string;
  parts: ReplyPart[];
  actions: ReplyAction[];
  attemptId?: string;
  status?: FinalStatus;
  /** Whether only the asker should see this (history, stats): adapters answer privately. */
  private?: boolean;
}

/** Exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
