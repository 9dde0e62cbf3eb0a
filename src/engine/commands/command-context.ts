// What a command needs to run: who asks, where, and the engine's parts.
import type { Platform, Viewer } from '../../store/store.ts';
import type { QuestionDeps } from '../answer-question.ts';
import type { Reply } from '../reply.ts';

export interface CommandContext {
  deps: QuestionDeps;
  viewer: Viewer;
  platform: Platform;
  sessionId: string;
  kbDir: string;
  rawSql: 'everyone' | 'admins' | 'nobody';
  signal?: AbortSignal;
  /** Ask a question again (retry of a question), recorded with its lineage. */
  askAgain(question: string, originalAttemptId: string): Promise<Reply>;
}
