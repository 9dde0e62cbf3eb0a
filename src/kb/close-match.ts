// When is a knowledge-base example close enough to answer a question WITHOUT a model? Only when
// the question is a near-paraphrase of the example's question: running the example's SQL for a
// question that merely shares a topic would be an invented answer. So the rule is strict and
// lexical, and explainable in one sentence per condition:
//
// 1. Every content word of the question is accounted for by the example's question or tags
//    (after folding plurals, verb forms, number words and a few near-synonyms: kb-text.ts).
//    An extra word is usually a filter ("… in Germany") that the example's SQL does not apply.
// 2. At least CLOSE_MIN_EXAMPLE_COVERAGE (60 %) of the example question's content words appear in
//    the question, and at least two in all: one shared word ("revenue") is a topic, not a match.
// 3. Every number in the example's question (a year, a top-N) is in the question: "2024" never
//    runs the 2025 example. (Numbers in the question are covered by rule 1.)
// 4. The best example is clear: another example passing with the same closeness means the
//    question is ambiguous, and nothing is answered.
//
// closeness = F1 of the two coverages (rule 1's, which must be 1, and rule 2's), so it lies in
// 0.75 … 1 for a match; it is the `score` of the KbMatch closeMatch returns.
//
// With embeddings, an example also matches when its cosine similarity to the question is at least
// CLOSE_MIN_EMBEDDING_SIMILARITY, clearly ahead of the next, and both questions name the same
// numbers (kb-index.ts).
import { CONTRAST_WORDS, contentWords } from './kb-text.ts';

export const CLOSE_MIN_EXAMPLE_COVERAGE = 0.6;
export const CLOSE_MIN_SHARED_WORDS = 2;
/** Cosine similarity above which two short questions say the same thing (text-embedding-3: paraphrases ~0.9+). */
export const CLOSE_MIN_EMBEDDING_SIMILARITY = 0.92;
/** How far the best embedding match must be ahead of the second for it to count. */
export const CLOSE_EMBEDDING_MARGIN = 0.02;

export interface CloseCandidate {
  question: string;
  tags: readonly string[];
}

export interface Closeness {
  /** Share of the question's content words the example accounts for (rule 1 needs 1). */
  questionCoverage: number;
  /** Share of the example question's content words found in the question (rule 2). */
  exampleCoverage: number;
  shared: number;
  /** Rule 3. */
  numbersAgree: boolean;
  isClose: boolean;
  /** F1 of the two coverages. */
  closeness: number;
}

/** Measure one example against a question (rules 1–3). */
export function measureCloseness(question: string, candidate: CloseCandidate): Closeness {
  const asked = new Set(contentWords(question));
  const exampleWords = new Set(contentWords(candidate.question));
  const accounted = new Set([...exampleWords, ...contentWords(candidate.tags.join(' , '))]);
  const shared = [...asked].filter((w) => exampleWords.has(w)).length;
  const questionCoverage = asked.size === 0 ? 0 : [...asked].filter((w) => accounted.has(w)).length / asked.size;
  const exampleCoverage = exampleWords.size === 0 ? 0 : shared / exampleWords.size;
  const numbersAgree = [...exampleWords].filter(isNumber).every((n) => asked.has(n));
  const closeness =
    questionCoverage + exampleCoverage === 0 ? 0 : (2 * questionCoverage * exampleCoverage) / (questionCoverage + exampleCoverage);
  const isClose =
    questionCoverage === 1 &&
    exampleCoverage >= CLOSE_MIN_EXAMPLE_COVERAGE &&
    shared >= CLOSE_MIN_SHARED_WORDS &&
    numbersAgree &&
    contrastAgrees(asked, exampleWords);
  return { questionCoverage, exampleCoverage, shared, numbersAgree, isClose, closeness };
}

/** The one example the question is a near-paraphrase of (rules 1–4), with its closeness. */
export function pickCloseExample<T extends CloseCandidate>(question: string, candidates: readonly T[]): { candidate: T; closeness: number } | undefined {
  const passing = candidates
    .map((candidate) => ({ candidate, ...measureCloseness(question, candidate) }))
    .filter((m) => m.isClose)
    .sort((a, b) => b.closeness - a.closeness);
  const [best, second] = passing;
  if (!best) return undefined;
  if (second && second.closeness === best.closeness) return undefined; // rule 4: ambiguous
  return { candidate: best.candidate, closeness: best.closeness };
}

/**
 * For the embeddings path, where rule 1 is not checked: the numbers of the two questions are the
 * same set (a year or a top-N is exactly what a similar-sounding question may change).
 */
export function numbersAgree(question: string, exampleQuestion: string): boolean {
  const asked = new Set(contentWords(question).filter(isNumber));
  const example = new Set(contentWords(exampleQuestion).filter(isNumber));
  return asked.size === example.size && [...asked].every((n) => example.has(n));
}

/**
 * A contrast word the question uses ("least", "not", "gross") must be in the example's question
 * itself, not only in its tags: "least" answered by a "top" example would be the opposite answer.
 */
function contrastAgrees(asked: ReadonlySet<string>, exampleWords: ReadonlySet<string>): boolean {
  return [...asked].filter((w) => CONTRAST_WORDS.has(w)).every((w) => exampleWords.has(w));
}

function isNumber(word: string): boolean {
  return /^\p{N}+$/u.test(word);
}
