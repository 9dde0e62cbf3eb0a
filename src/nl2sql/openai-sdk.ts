// The one place the `openai` SDK is constructed. Everything the SDK would otherwise read from
// process.env is passed explicitly, its own retries are off (ours are explicit and tested), and its
// logger is off (it prints URLs and request details; ours logs what we choose).
import { OpenAI } from 'openai';

// Without a key the SDK refuses to start (and would read OPENAI_API_KEY itself); local servers
// accept any value, so a placeholder goes out when none is configured.
const PLACEHOLDER_KEY = 'threadsql-no-key';

export function createOpenAiSdk(options: { baseURL?: string | undefined; apiKey?: string | undefined; timeoutMs: number }): OpenAI {
  return new OpenAI({
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    apiKey: options.apiKey || PLACEHOLDER_KEY,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: 'off',
  });
}

/** One request's abort signal: fires at `timeoutMs` or when the caller aborts, whichever comes first. */
export interface RequestDeadline {
  signal: AbortSignal;
  /** True when our timer (not the caller) aborted the request. */
  timedOut(): boolean;
  dispose(): void;
}

// The SDK's timeout stops at the response headers; this timer also covers a body that never ends.
export function requestDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): RequestDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
