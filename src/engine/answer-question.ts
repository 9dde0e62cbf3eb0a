// A question in a thread, start to finish, in order: attempt row first → schema → knowledge base →
// answer cache → prompt → model → read its answer → guard → execute (→ one repair) → summary and
// receipt → Reply. This file tells the whole story; each stage is a plain function elsewhere.
import { isThreadsqlError, type ErrorCode } from '../lib/errors.ts';
import type { KbMatch, KnowledgeBase } from '../kb/kb-index.ts';
import { answerCacheKey } from '../nl2sql/cache-key.ts';
import { estimateCost, type PriceTable } from '../nl2sql/cost.ts';
import type { ChatMessage, LlmClient } from '../nl2sql/llm-client.ts';
import { buildPrompt, buildRepairPrompt } from '../nl2sql/prompt.ts';
import { readModelReply } from '../nl2sql/read-model-reply.ts';
import { selectSchemaSlice } from '../nl2sql/schema-slice.ts';
import type { Platform, ThreadTurn } from '../store/store.ts';
import { replyWithChart, shortId } from './answer-reply.ts';
import { statusForError } from './attempt-status.ts';
import type { ProgressCallback, Reply } from './reply.ts';
import { executeForAttempt, type RunStatementDeps, type StatementOutcome } from './run-statement.ts';

export interface QuestionDeps {
  statement: RunStatementDeps;
  kb: KnowledgeBase;
  llm: LlmClient | undefined;
  prices: PriceTable;
  repairAttempts: number;
  cacheTtlMs: number;
  /** Called once per finished attempt (metrics). */
  onAttemptFinished?: (e: { platform: Platform; status: string; source: string; generationMs?: number; executionMs?: number; model?: string; promptTokens?: number; completionTokens?: number; cache?: 'hit' | 'miss' }) => void;
}

export interface QuestionRequest {
  userId: string;
  platform: Platform;
  sessionId: string;
  question: string;
  progress: ProgressCallback;
  signal?: AbortSignal;
  /** A retry of an earlier attempt: recorded as its lineage. */
  originalAttemptId?: string;
  /**
   * The attempt row already written for this question (the engine records a question before it
   * waits for its thread and a free slot, so a crash while waiting still leaves it on record).
   */
  attemptId?: string;
}

/** Longest question we take; longer text is almost always a paste by mistake. */
export const MAX_QUESTION_CHARS = 8_000;
const SCHEMA_SLICE_TOKENS = 2_500;
const TURNS_IN_PROMPT = 6;
/** A KB example at least this close is named in the receipt as guiding the answer. */
const KB_GUIDE_SCORE = 0.5;

export async function answerQuestion(deps: QuestionDeps, req: QuestionRequest): Promise<Reply> {
  const { store, clock, logger } = deps.statement;
  const log = logger.child({ module: 'answer-question' });
  const turns = await store.attempts.threadTurns(req.sessionId, 20, { before: req.attemptId });

  // A reply to our clarifying question continues that question.
  const last = turns.at(-1);
  const continuing = last?.errorCode === 'clarification_needed' && last.question ? last : undefined;
  const question = continuing
    ? `${continuing.question}\n(Asked to clarify: "${continuing.error}" — the user answered: "${req.question.trim()}")`
    : req.question.trim();

  // Audit first: the attempt row exists before any work.
  const originalAttemptId = continuing?.id ?? req.originalAttemptId;
  const attemptId =
    req.attemptId ??
    (await store.attempts.start({ userId: req.userId, platform: req.platform, sessionId: req.sessionId, question: req.question, originalAttemptId }));
  if (req.attemptId && originalAttemptId) await store.attempts.linkOriginal(req.attemptId, originalAttemptId);
  const fail = (code: ErrorCode, message: string) => finishWithError(deps, req.platform, attemptId, code, message);

  if (!req.question.trim()) return fail('sql_empty', 'The question is empty: ask something about the data, or say "help".');
  if (req.question.length > MAX_QUESTION_CHARS) {
    return fail(
      'sql_too_long',
      `That message is ${req.question.length.toLocaleString('en-US')} characters long; please ask in under ${MAX_QUESTION_CHARS.toLocaleString('en-US')}.`,
    );
  }

  try {
    req.progress({ stage: 'reading_schema', text: 'reading the schema…' });
    const schema = await deps.statement.schema.ensure();
    const matches = await deps.kb.search(question, 5).catch((err: unknown) => {
      log.warn({ err }, 'knowledge-base search failed; continuing without examples');
      return [] as KbMatch[];
    });

    if (!deps.llm) return await answerWithoutModel(deps, req, attemptId, question, matches);

    const priorTurns = turns.filter((t) => t.errorCode !== 'clarification_needed' && t.sql);
    const cacheKey = answerCacheKey({
      question,
      schemaHash: schema.hash,
      kbState: deps.kb.stateHash(),
      threadContext: priorTurns.slice(-TURNS_IN_PROMPT).map((t) => ({ question: t.question ?? '', sql: t.sql ?? '' })),
      model: deps.llm.model,
    });
    const guide = matches.find((m) => m.entry.kind === 'example' && m.score >= KB_GUIDE_SCORE);
    const kbMatch = guide ? { file: guide.entry.filePath, question: guide.entry.question, usedDirectly: false } : undefined;

    if (deps.cacheTtlMs > 0) {
      const hit = await store.answerCache.get(cacheKey, clock.now());
      if (hit) {
        await store.answerCache.recordHit(cacheKey, clock.now());
        await store.attempts.markGenerated(attemptId, { sql: hit.sql, sqlSource: 'cache', generationMs: 0, model: hit.model });
        const outcome = await execute(deps, req, attemptId, hit.sql);
        deps.onAttemptFinished?.({ platform: req.platform, status: outcome.status, source: 'cache', executionMs: outcome.executionMs, cache: 'hit' });
        return await replyWithChart(deps.statement, outcome, { question: req.question, kbMatch, fromCache: true });
      }
    }

    const messages = buildPrompt({
      question,
      schemaSlice: selectSchemaSlice(schema.description, question, {
        tokenBudget: SCHEMA_SLICE_TOKENS,
        boostTables: matches.flatMap((m) => m.entry.tables),
      }).text,
      examples: matches.filter((m) => m.entry.kind === 'example' && m.entry.sql).map((m) => ({ question: m.entry.question, sql: m.entry.sql! })),
      notes: orderedNotes(deps.kb, matches),
      turns: priorTurns.slice(-TURNS_IN_PROMPT).map(turnForPrompt),
      today: clock.now().toISOString().slice(0, 10),
    }).messages;

    let outcome = await generateAndRun(deps, req, attemptId, messages, 'miss');
    if ('reply' in outcome) return outcome.reply;
    let preface: string | undefined;
    for (let repair = 0; repair < deps.repairAttempts && needsRepair(outcome.result); repair++) {
      const failed = outcome.result;
      const retryId = await store.attempts.start({
        userId: req.userId,
        platform: req.platform,
        sessionId: req.sessionId,
        question: req.question,
        originalAttemptId: failed.attemptId,
      });
      log.info({ attemptId: failed.attemptId, retryId, code: failed.ok ? undefined : failed.errorCode }, 'asking the model to repair its SQL');
      const repairMessages = buildRepairPrompt(outcome.messages, failed.sql, failed.ok ? '' : failed.message);
      const next = await generateAndRun(deps, req, retryId, repairMessages, undefined);
      if ('reply' in next) return next.reply;
      preface = `My first query did not work (${failed.ok ? '' : failed.message.replace(/\.$/, '')}), so I corrected it.`;
      outcome = next;
    }
    if (outcome.result.ok && deps.cacheTtlMs > 0) {
      await store.answerCache.put({
        key: cacheKey,
        sql: outcome.result.sql,
        model: deps.llm.model,
        schemaHash: schema.hash,
        kbState: deps.kb.stateHash(),
        sourceAttemptId: outcome.result.attemptId,
        ttlMs: deps.cacheTtlMs,
        now: clock.now(),
      });
    }
    return await replyWithChart(deps.statement, outcome.result, { question: req.question, kbMatch, preface });
  } catch (err) {
    if (isThreadsqlError(err)) return fail(err.code, err.userMessage);
    log.error({ err, attemptId }, 'question failed unexpectedly');
    return fail('internal', `Something went wrong inside threadsql; the attempt is recorded as ${shortId(attemptId)}.`);
  }
}

type Generated = { result: StatementOutcome; messages: ChatMessage[] } | { reply: Reply };

/** Ask the model, read its answer, and run the SQL it wrote (or return its clarifying question). */
async function generateAndRun(
  deps: QuestionDeps,
  req: QuestionRequest,
  attemptId: string,
  messages: ChatMessage[],
  cache: 'miss' | undefined,
): Promise<Generated> {
  const { store } = deps.statement;
  const llm = deps.llm!;
  req.progress({ stage: 'writing_sql', text: 'writing SQL…' });
  const completion = await llm.complete(messages, { signal: req.signal });
  const cost = estimateCost(deps.prices, completion.model, completion.promptTokens, completion.completionTokens);
  const usage = { model: completion.model, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens, costUsd: cost };
  const answer = readModelReply(completion.text);
  const withAnswer = [...messages, { role: 'assistant' as const, content: completion.text }];

  if (answer.kind === 'clarify') {
    await store.attempts.markGenerated(attemptId, { sql: '', sqlSource: 'model', generationMs: completion.ms, ...usage }).catch(() => false);
    await store.attempts.finish(attemptId, { status: 'not_executed', errorCode: 'clarification_needed', error: answer.question });
    deps.onAttemptFinished?.({ platform: req.platform, status: 'not_executed', source: 'model', generationMs: completion.ms, ...usage, cache });
    return { reply: { kind: 'clarification', text: answer.question, parts: [], actions: [], attemptId, status: 'not_executed' } };
  }
  if (answer.kind === 'unusable') {
    await store.attempts.finish(attemptId, {
      status: 'failed_generation',
      errorCode: 'llm_unusable_reply',
      error: 'The model answered without a SQL query, so there is nothing to run. Try rephrasing the question.',
    });
    deps.onAttemptFinished?.({ platform: req.platform, status: 'failed_generation', source: 'model', generationMs: completion.ms, ...usage, cache });
    return {
      reply: {
        kind: 'error',
        text: `The model answered without a SQL query, so there is nothing to run. Try rephrasing the question. (attempt ${shortId(attemptId)})`,
        parts: [{ kind: 'notice', tone: 'error', text: answer.reason }],
        actions: [{ kind: 'retry', attemptId, label: 'Retry' }],
        attemptId,
        status: 'failed_generation',
      },
    };
  }
  await store.attempts.markGenerated(attemptId, { sql: answer.sql, sqlSource: 'model', generationMs: completion.ms, ...usage });
  const result = await execute(deps, req, attemptId, answer.sql);
  deps.onAttemptFinished?.({ platform: req.platform, status: result.status, source: 'model', generationMs: completion.ms, executionMs: result.executionMs, ...usage, cache });
  return { result, messages: withAnswer.slice(0, -1) };
}

/** No model: a close knowledge-base example is run as it is; otherwise say how to configure one. */
async function answerWithoutModel(deps: QuestionDeps, req: QuestionRequest, attemptId: string, question: string, matches: KbMatch[]): Promise<Reply> {
  const close = await deps.kb.closeMatch(question);
  if (close?.entry.sql) {
    await deps.statement.store.attempts.markGenerated(attemptId, { sql: close.entry.sql, sqlSource: 'kb', generationMs: 0 });
    const outcome = await execute(deps, req, attemptId, close.entry.sql);
    deps.onAttemptFinished?.({ platform: req.platform, status: outcome.status, source: 'kb', executionMs: outcome.executionMs });
    return await replyWithChart(deps.statement, outcome, {
      question: req.question,
      kbMatch: { file: close.entry.filePath, question: close.entry.question, usedDirectly: true },
      preface: `No language model is configured, so I ran the knowledge-base example "${close.entry.question}".`,
    });
  }
  const suggestions = matches.filter((m) => m.entry.kind === 'example').slice(0, 3).map((m) => m.entry.question);
  const offer = suggestions.length ? suggestions : deps.kb.suggestions(3);
  const message =
    'No language model is configured, and no knowledge-base example is close enough to answer that. ' +
    'To configure one, set OPENAI_MODEL and OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL=http://127.0.0.1:11434/v1 with OPENAI_MODEL=llama3.1 (a local Ollama).';
  const reply = await finishWithError(deps, req.platform, attemptId, 'llm_not_configured', message);
  if (offer.length) {
    reply.text += `\nQuestions I can answer now:\n${offer.map((q) => `• ${q}`).join('\n')}`;
    reply.parts.push({ kind: 'notice', tone: 'info', text: `Try: ${offer.join(' · ')}` });
  }
  return reply;
}

async function execute(deps: QuestionDeps, req: QuestionRequest, attemptId: string, sql: string): Promise<StatementOutcome> {
  req.progress({ stage: 'checking_sql', text: 'checking the SQL…' });
  let ticker: ReturnType<typeof setInterval> | undefined;
  const started = Date.now();
  try {
    return await executeForAttempt(deps.statement, attemptId, sql, {
      signal: req.signal,
      onRunning: () => {
        req.progress({ stage: 'running_query', text: 'running the query…', elapsedMs: 0 });
        ticker = setInterval(() => {
          const s = Math.round((Date.now() - started) / 1000);
          req.progress({ stage: 'running_query', text: `running the query… ${s} s`, elapsedMs: Date.now() - started });
        }, 5_000);
        ticker.unref();
      },
    });
  } finally {
    clearInterval(ticker);
  }
}

function needsRepair(outcome: StatementOutcome): boolean {
  // The model can fix SQL the guard refused or the database rejected; not a timeout or an outage.
  return !outcome.ok && (outcome.errorCode === 'sql_rejected' || outcome.errorCode === 'warehouse_error');
}

async function finishWithError(deps: QuestionDeps, platform: Platform, attemptId: string, code: ErrorCode, message: string): Promise<Reply> {
  const status = statusForError(code);
  await deps.statement.store.attempts.finish(attemptId, { status, errorCode: code, error: message });
  deps.onAttemptFinished?.({ platform, status, source: code.startsWith('llm') ? 'model' : 'none' });
  return {
    kind: 'error',
    text: `${message} (attempt ${shortId(attemptId)})`,
    parts: [{ kind: 'notice', tone: 'error', text: message }],
    actions: code === 'sql_empty' || code === 'sql_too_long' ? [] : [{ kind: 'retry', attemptId, label: 'Retry' }],
    attemptId,
    status,
  };
}

function turnForPrompt(t: ThreadTurn) {
  return { question: t.question ?? '', sql: t.sql, rowCount: t.totalRows, columns: t.columns };
}

function orderedNotes(kb: KnowledgeBase, matches: KbMatch[]): string[] {
  const first = matches.filter((m) => m.entry.kind === 'note').map((m) => m.entry.filePath);
  const notes = kb.notes();
  const rank = (path: string) => (first.includes(path) ? first.indexOf(path) : first.length + 1);
  return [...notes].sort((a, b) => rank(a.filePath) - rank(b.filePath)).map((n) => n.notes);
}
