// The one place raw failures of the OpenAI-compatible endpoint become ours: which are worth a
// retry, how long the server asked us to wait, and the LlmDownError with a user-safe sentence.
// Raw SDK messages never reach userMessage or `message`: a 401 body quotes part of the API key.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { LlmDownError } from '../lib/errors.ts';

/** What the retry loop needs to know about one failed call. */
export interface LlmFailure {
  /** HTTP status when the server answered; undefined for connection errors and timeouts. */
  status: number | undefined;
  /** The call ran out of time (our per-request timer, the SDK's, or a 408 from the server). */
  isTimeout: boolean;
  /** Worth another try: 408, 429, 5xx, connection errors and timeouts. Never 400/401/403/404. */
  isRetryable: boolean;
  /** The server's retry-after-ms / retry-after, in ms, before any cap. */
  retryAfterMs: number | undefined;
  /** Short machine label for logs: `http_503`, `timeout`, `connection`, `unexpected`. */
  label: string;
  /** The error to throw if no more tries are made. */
  error: LlmDownError;
}

export interface FailureContext {
  model: string;
  /** Our own per-request or deadline timer fired (the SDK then reports a plain abort). */
  timedOut: boolean;
  /** The overall deadline stopped us: the timeout message names it. */
  deadlineMs: number;
  /** Time actually spent, for the timeout message when the deadline was not reached. */
  elapsedMs: number;
  deadlineReached: boolean;
}

const TRY_AGAIN = 'please try again in a minute.';

/** Classify a raw error from `chat.completions.create` and build the error we would throw for it. */
export function classifyLlmFailure(raw: unknown, ctx: FailureContext): LlmFailure {
  const cause = raw;
  const timeoutError = (): LlmDownError => {
    const ms = ctx.deadlineReached ? ctx.deadlineMs : Math.max(ctx.elapsedMs, 1);
    return new LlmDownError('llm_timeout', `The language model did not answer within ${formatSeconds(ms)}.`, { cause });
  };

  if (ctx.timedOut || raw instanceof APIConnectionTimeoutError) {
    return { status: undefined, isTimeout: true, isRetryable: true, retryAfterMs: undefined, label: 'timeout', error: timeoutError() };
  }
  if (raw instanceof APIConnectionError) {
    const error = down(`The language model cannot be reached right now; ${TRY_AGAIN}`, cause);
    return { status: undefined, isTimeout: false, isRetryable: true, retryAfterMs: undefined, label: 'connection', error };
  }
  if (raw instanceof APIError && typeof raw.status === 'number') {
    const status = raw.status;
    const retryAfterMs = readRetryAfterMs(raw.headers);
    const base = { status, retryAfterMs, label: `http_${status}` };
    if (status === 408) {
      return { ...base, isTimeout: true, isRetryable: true, error: timeoutError() };
    }
    if (status === 429) {
      const error = down(`The language model is rate-limiting threadsql (HTTP 429); ${TRY_AGAIN}`, cause);
      return { ...base, isTimeout: false, isRetryable: true, error };
    }
    if (status >= 500) {
      const error = down(`The language model is not answering right now (HTTP ${status}); ${TRY_AGAIN}`, cause);
      return { ...base, isTimeout: false, isRetryable: true, error };
    }
    return { ...base, isTimeout: false, isRetryable: false, error: down(clientErrorMessage(status, raw.code, ctx.model), cause) };
  }
  // Not an SDK error: a bug or a malformed response. Retrying would not help.
  const error = down('The language model call failed unexpectedly; please try again.', cause);
  return { status: undefined, isTimeout: false, isRetryable: false, retryAfterMs: undefined, label: 'unexpected', error };
}

function clientErrorMessage(status: number, code: string | null | undefined, model: string): string {
  switch (status) {
    case 401:
      return "The language model rejected threadsql's API key; an admin needs to check OPENAI_API_KEY.";
    case 403:
      return `The language model refused access to model "${model}" (HTTP 403); an admin needs to check the API key's permissions.`;
    case 404:
      return `The language model endpoint does not know model "${model}" (HTTP 404); an admin needs to check OPENAI_MODEL and OPENAI_BASE_URL.`;
    case 413:
      return 'The question with its context is too long for the language model (HTTP 413).';
    default:
      if (code === 'context_length_exceeded') return 'The question with its context is too long for the language model.';
      return `The language model refused the request (HTTP ${status}).`;
  }
}

function down(userMessage: string, cause: unknown): LlmDownError {
  return new LlmDownError('llm_down', userMessage, { cause });
}

/** `retry-after-ms` (ms) wins over `retry-after` (seconds, or an HTTP date). Undefined when absent or unreadable. */
export function readRetryAfterMs(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

function formatSeconds(ms: number): string {
  if (ms >= 10_000 || ms % 1000 === 0) return `${Math.round(ms / 1000)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}
