// What a command needs to run: who asks, where, and the engine's parts.
import type { Platform, Viewer } from '../../store/store.ts';
import type { QuestionDeps } from '../answer-question.ts';
import type { Reply } from '../reply.ts';
import type { WebSignInSetting } from './web-sign-in-link.ts';

export interface CommandContext {
  deps: QuestionDeps;
  viewer: Viewer;
  platform: Platform;
  sessionId: string;
  kbDir: string;
  rawSql: 'everyone' | 'admins' | 'nobody';
  /** Whether `web` can hand out a sign-in link here, and where it points. */
  webSignIn: WebSignInSetting;
  signal?: AbortSignal;
  /** Ask a question again (retry of a question), recorded with its lineage. */
  askAgain(question: string, originalAttemptId: string): Promise<Reply>;
}
