// Embeddings through any OpenAI-compatible /embeddings endpoint (OpenAI, Azure OpenAI's /openai/v1,
// Ollama, vLLM, LM Studio) with the `openai` package, built like llm-client.ts. Used only by the
// knowledge base, which treats every failure as "rank by full text alone": so no retries here,
// one timeout per request, and a thrown LlmDownError the caller logs and moves past.
import type { Logger } from '../lib/logger.ts';
import { createOpenAiSdk, requestDeadline } from './openai-sdk.ts';
import { LlmDownError } from '../lib/errors.ts';
import { classifyLlmFailure } from './llm-failure.ts';

/** Text → vector. Throws LlmDownError ('llm_down' | 'llm_timeout' | 'llm_unusable_reply'). */
export interface EmbeddingsClient {
  readonly model: string;
  /** One vector per text, in order; all of one dimension. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

export interface EmbeddingsClientOptions {
  /** Default https://api.openai.com/v1. Ollama: http://localhost:11434/v1. */
  baseURL?: string | undefined;
  /** Local servers accept any value; a placeholder is sent when unset. */
  apiKey?: string | undefined;
  /** OPENAI_EMBEDDING_MODEL, e.g. text-embedding-3-small or nomic-embed-text. */
  model: string;
  logger: Logger;
  /** One request, headers and body. Default 20 000: a question waits for this before falling back to full text. */
  timeoutMs?: number | undefined;
  /** Texts per request. Default 64 (OpenAI allows 2048; local servers are slower per request). */
  batchSize?: number | undefined;
}

/** An EmbeddingsClient over an OpenAI-compatible endpoint. */
export function createEmbeddingsClient(options: EmbeddingsClientOptions): EmbeddingsClient {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const log = options.logger.child({ module: 'nl2sql.embeddings', model: options.model });

  const openai = createOpenAiSdk({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs });

  async function embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const deadline = requestDeadline(timeoutMs, signal);
    const started = performance.now();
    try {
      const response = await openai.embeddings.create(
        // 'float' explicitly: the SDK otherwise asks for base64, which not every compatible server speaks.
        // The API refuses empty strings; a blank text embeds as one space.
        { model: options.model, input: texts.map((t) => (t.trim() === '' ? ' ' : t)), encoding_format: 'float' },
        { signal: deadline.signal, timeout: timeoutMs },
      );
      const vectors = readVectors(response.data, texts.length);
      log.debug({ texts: texts.length, dimensions: vectors[0]?.length, ms: Math.round(performance.now() - started) }, 'embeddings answered');
      return vectors;
    } catch (error) {
      const timedOut = deadline.timedOut();
      if (signal?.aborted && !timedOut) throw signal.reason ?? error;
      if (error instanceof LlmDownError) throw error;
      const elapsedMs = performance.now() - started;
      const failure = classifyLlmFailure(error, { model: options.model, timedOut, deadlineMs: timeoutMs, elapsedMs, deadlineReached: timedOut });
      log.warn({ status: failure.status ?? failure.label, code: failure.error.code, ms: Math.round(elapsedMs) }, 'embeddings call failed');
      throw failure.error;
    } finally {
      deadline.dispose();
    }
  }

  return {
    model: options.model,
    async embed(texts, callOptions = {}) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(...(await embedBatch(texts.slice(i, i + batchSize), callOptions.signal)));
      }
      if (out.some((v) => v.length !== out[0]!.length)) throw unusable('vectors of different dimensions');
      return out;
    },
  };
}

/** The response's vectors in input order, checked: one per text, numbers only, non-empty. */
function readVectors(data: unknown, expected: number): Float32Array[] {
  if (!Array.isArray(data) || data.length !== expected) throw unusable(`expected ${expected} vectors`);
  const slots: Array<Float32Array | undefined> = new Array(expected);
  data.forEach((item: unknown, position) => {
    const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    const at = typeof index === 'number' && Number.isInteger(index) ? index : position;
    if (at < 0 || at >= expected || slots[at]) throw unusable('vector indexes do not match the inputs');
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw unusable('a vector is not a list of numbers');
    }
    slots[at] = Float32Array.from(embedding as number[]);
  });
  return slots as Float32Array[];
}

function unusable(detail: string): LlmDownError {
  return new LlmDownError('llm_unusable_reply', 'The embeddings endpoint answered with something threadsql cannot use.', {
    cause: new Error(`embeddings reply: ${detail}`),
  });
}
