// The model behind nl2sql: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI's
// /openai/v1 endpoint, Ollama, vLLM, LM Studio) through the `openai` package. Retries are ours,
// not the SDK's, so the policy is explicit and tested; no storage and no prompt building here.
import type { Logger } from '../lib/logger.ts';
import { createOpenAiSdk, requestDeadline } from './openai-sdk.ts';
import { classifyLlmFailure, type LlmFailure } from './llm-failure.ts';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One answered call. `ms` is the whole call including retries and waits (the attempt's generation_ms). */
export interface Completion {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** The model that answered, as the endpoint names it (may be a dated variant of the one asked for). */
  model: string;
  ms: number;
  /** True when the endpoint sent no `usage` and the token counts are our estimate. */
  tokensEstimated?: boolean;
}

/** A chat model. Throws LlmDownError ('llm_down' | 'llm_timeout'); a caller's abort rethrows the signal's reason. */
export interface LlmClient {
  readonly model: string;
  complete(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<Completion>;
}

export interface OpenAiClientOptions {
  /** Default https://api.openai.com/v1. Ollama: http://localhost:11434/v1; LM Studio: http://localhost:1234/v1. */
  baseURL?: string;
  /** Local servers accept any value; a placeholder is sent when unset. */
  apiKey?: string;
  model: string;
  /** One request, headers and body. Default 60 000. */
  requestTimeoutMs?: number;
  /** The whole call, every retry and wait included. Default 120 000. */
  deadlineMs?: number;
  /** Retries after the first try. Default 3. */
  maxRetries?: number;
  /** Sent only when set: reasoning models refuse any temperature but their default. */
  temperature?: number;
  logger: Logger;
  /** Injectable for tests; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds; injectable so a test's fake sleep can advance time. Default performance.now(). */
  now?: () => number;
  /** In [0, 1); injectable for deterministic jitter. Default Math.random. */
  random?: () => number;
}

// Backoff: 0.5 s, 1 s, 2 s, 4 s, … capped at 8 s, with "equal jitter" (half fixed, half random)
// so replicas that failed together do not retry in lockstep.
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
// A server asking for a longer wait is obeyed only up to this; the deadline still applies.
const RETRY_AFTER_CAP_MS = 20_000;
/** An LlmClient over an OpenAI-compatible endpoint, with our retry policy and an overall deadline. */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const deadlineMs = options.deadlineMs ?? 120_000;
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const log = options.logger.child({ module: 'nl2sql.llm', model: options.model });

  const openai = createOpenAiSdk({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs: requestTimeoutMs });

  async function requestOnce(messages: ChatMessage[], timeoutMs: number, signal: AbortSignal | undefined) {
    const deadline = requestDeadline(timeoutMs, signal);
    try {
      const response = await openai.chat.completions.create(
        {
          model: options.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        },
        { signal: deadline.signal, timeout: Math.max(1, Math.ceil(timeoutMs)) },
      );
      return { ok: true as const, response };
    } catch (error) {
      return { ok: false as const, error, timedOut: deadline.timedOut() };
    } finally {
      deadline.dispose();
    }
  }

  return {
    model: options.model,
    async complete(messages, callOptions = {}) {
      const { signal } = callOptions;
      const started = now();
      const deadlineAt = started + deadlineMs;
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw abortReason(signal);
        const attemptStarted = now();
        const timeoutMs = Math.min(requestTimeoutMs, deadlineAt - attemptStarted);
        const result = await requestOnce(messages, timeoutMs, signal);
        const attemptMs = Math.round(now() - attemptStarted);

        if (result.ok) {
          const { response } = result;
          const text = response.choices[0]?.message?.content ?? '';
          const usage = response.usage;
          const ms = Math.round(now() - started);
          const completion: Completion = {
            text,
            promptTokens: usage?.prompt_tokens ?? estimatePromptTokens(messages),
            completionTokens: usage?.completion_tokens ?? estimateTokens(text),
            model: response.model || options.model,
            ms,
            ...(usage ? {} : { tokensEstimated: true }),
          };
          log.info({ attempt, status: 200, ms: attemptMs, totalMs: ms, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens }, 'model answered');
          return completion;
        }

        if (signal?.aborted && !result.timedOut) throw abortReason(signal);
        const elapsedMs = now() - started;
        const failure = classifyLlmFailure(result.error, {
          model: options.model,
          timedOut: result.timedOut,
          deadlineMs,
          elapsedMs,
          deadlineReached: elapsedMs >= deadlineMs - 1,
        });
        const waitMs = failure.isRetryable && attempt <= maxRetries ? retryDelayMs(failure, attempt) : undefined;
        // Never wait past the deadline: a retry that cannot start in time is not made.
        const isRetrying = waitMs !== undefined && now() + waitMs < deadlineAt;
        const fields = { attempt, status: failure.status ?? failure.label, ms: attemptMs };
        if (isRetrying) {
          log.warn({ ...fields, retryInMs: waitMs }, 'model call failed; retrying');
          // A caller's abort ends the wait early; the loop's first line then throws its reason.
          await untilDoneOrAborted(sleep(waitMs), signal);
          continue;
        }
        const stopped = waitMs === undefined ? (failure.isRetryable ? 'retries_exhausted' : 'not_retryable') : 'deadline';
        log.error({ ...fields, totalMs: Math.round(now() - started), code: failure.error.code, stopped }, 'model call failed');
        throw failure.error;
      }
    },
  };

  function retryDelayMs(failure: LlmFailure, attempt: number): number {
    if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, RETRY_AFTER_CAP_MS);
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }
}

function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + MESSAGE_OVERHEAD_TOKENS + estimateTokens(m.content), 0);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function untilDoneOrAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    wait.then(done, done);
  });
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
