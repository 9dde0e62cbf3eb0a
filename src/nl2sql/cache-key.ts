// The answer cache's key: two questions share cached SQL only when everything that shapes the
// prompt is the same. sha256 over a canonical JSON array, in this order:
//
//   ["threadsql-answer-cache", 1, question, schemaHash, kbState, model, [[turnQuestion, turnSql], …]]
//
// - question: normalised (normalizeQuestion below) so trivially different spellings hit —
//   "Monthly revenue 2025?" and "  monthly   REVENUE 2025 " share a key; different words never do.
// - schemaHash: the schema snapshot's hash (a changed warehouse schema never reuses old SQL;
//   `schema refresh` also clears the whole cache).
// - kbState: KnowledgeBase.stateHash() (an edited example or note changes the prompt).
// - model: the chat model that would write the SQL.
// - thread context: the earlier turns that feed the prompt, oldest first, each its normalised
//   question and its SQL trimmed (whitespace inside SQL is kept: it may sit in a literal).
//   A follow-up ("only Europe") therefore hits only after the same earlier turns.
//
// Not in the key, on purpose: who asks (the SQL does not depend on the user; the answer is run
// again under the asker's own rights), the platform, and the time of day. Version 1 of the layout
// is part of the hash, so a future change of layout never reads an old entry.
import { createHash } from 'node:crypto';

export interface AnswerCacheKeyInput {
  question: string;
  schemaHash: string;
  kbState: string;
  threadContext: ReadonlyArray<{ question: string; sql: string }>;
  model: string;
}

const KEY_LAYOUT_VERSION = 1;

/** sha256 hex (64 lower-case digits) of the canonical description above. */
export function answerCacheKey(input: AnswerCacheKeyInput): string {
  const canonical = JSON.stringify([
    'threadsql-answer-cache',
    KEY_LAYOUT_VERSION,
    normalizeQuestion(input.question),
    input.schemaHash,
    input.kbState,
    input.model,
    input.threadContext.map((turn) => [normalizeQuestion(turn.question), turn.sql.trim()]),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Unicode NFKC (full-width letters, ligatures), trimmed, every run of whitespace one space,
 * lower-cased, and trailing sentence punctuation (. ? ! and their full-width forms) dropped.
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/[\s.?!。？！]+$/u, '');
}
