// An attempt as the History and Admin pages list it: what was asked, how it ended, how long each
// stage took and what it cost. Only fields of the audit row; never the result data.
import type { AttemptRow } from '../../../store/store.ts';

export interface WebAttemptItem {
  id: string;
  question: string | null;
  sql: string | null;
  status: string;
  platform: string;
  createdAt: string;
  generationMs: number | null;
  executionMs: number | null;
  /** The user-safe message of a failed attempt. */
  error: string | null;
  sqlSource: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  feedback: 'up' | 'down' | null;
  feedbackText: string | null;
  /** Who asked (admin lists only). */
  user?: { id: string; name: string };
}

export function attemptItem(a: AttemptRow, user?: { id: string; name: string }): WebAttemptItem {
  return {
    id: a.id,
    question: a.naturalLanguageQuery,
    sql: a.generatedSql,
    status: a.status,
    platform: a.platform,
    createdAt: a.createdAt.toISOString(),
    generationMs: a.generationMs,
    executionMs: a.executionMs,
    error: a.error,
    sqlSource: a.sqlSource,
    model: a.model,
    promptTokens: a.promptTokens,
    completionTokens: a.completionTokens,
    costUsd: a.costUsd,
    feedback: a.feedback,
    feedbackText: a.feedbackText,
    ...(user ? { user } : {}),
  };
}
