// Prometheus metrics for operators (GET /metrics): attempts by status, platform and SQL source,
// generation and execution times, model tokens, answer-cache hits, questions waiting and running.
// Each app gets its own Registry (never prom-client's global one), so tests and several apps in one
// process don't collide. Labels are closed sets: never question text, SQL, user ids or thread keys
// (unbounded label values would also grow the series without limit).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FINAL_ATTEMPT_STATUSES, PLATFORMS, SQL_SOURCES } from '../store/schema.ts';
import type { Route } from './http-server.ts';

export interface AttemptLabels {
  /** A final attempt status (success, failed_generation, …). */
  status: string;
  /** slack, teams, web, terminal, local. */
  platform: string;
  /** Where the SQL came from: model, kb, cache, user — or none (no SQL was produced). */
  source: string;
}

export interface AttemptTimings {
  generationMs?: number;
  executionMs?: number;
}

export interface Metrics {
  registry: Registry;
  /** Count a finished attempt and observe its timings (those it has). */
  attemptFinished(labels: AttemptLabels, timings: AttemptTimings): void;
  /** Tokens one model call used. */
  tokens(model: string, prompt: number, completion: number): void;
  cacheHit(): void;
  cacheMiss(): void;
  questionsWaiting: Gauge;
  questionsRunning: Gauge;
  /** Fits `createThreadQueue(max, onChange)`: sets both gauges. */
  queueChanged(waiting: number, running: number): void;
  /** GET /metrics in the Prometheus text format. */
  route(): Route;
}

export const METRICS_PREFIX = 'threadsql_';

// Seconds. A KB answer or cached SQL runs in tens of milliseconds; a model call takes seconds; the
// statement timeout and the LLM deadline sit around a minute.
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

const STATUSES = new Set<string>(FINAL_ATTEMPT_STATUSES);
const PLATFORM_SET = new Set<string>(PLATFORMS);
const SOURCES = new Set<string>([...SQL_SOURCES, 'none']);

// A value outside the closed set becomes 'other' rather than a new series.
function closed(set: Set<string>, value: string): string {
  return set.has(value) ? value : 'other';
}

// Model names come from configuration, not from users; still, keep them printable and short.
function modelLabel(model: string): string {
  const clean = model.replace(/[^\w.:/@-]/g, '_').slice(0, 64);
  return clean || 'unknown';
}

const count = (n: number) => Number.isFinite(n) && n > 0;

/** Metrics in a registry of their own, with Node's process metrics prefixed `threadsql_`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });

  const attempts = new Counter({
    name: `${METRICS_PREFIX}attempts_total`,
    help: 'Finished question attempts by final status, platform and where the SQL came from.',
    labelNames: ['status', 'platform', 'source'] as const,
    registers: [registry],
  });
  const generation = new Histogram({
    name: `${METRICS_PREFIX}generation_seconds`,
    help: 'Time to get SQL from the model (including retries), per attempt.',
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const execution = new Histogram({
    name: `${METRICS_PREFIX}execution_seconds`,
    help: 'Time the warehouse took to run a statement and stream its rows, per attempt.',
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: `${METRICS_PREFIX}model_tokens_total`,
    help: 'Tokens used by model calls, by model and kind (prompt or completion).',
    labelNames: ['model', 'kind'] as const,
    registers: [registry],
  });
  const cache = new Counter({
    name: `${METRICS_PREFIX}answer_cache_total`,
    help: 'Answer-cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  // Start both at zero so a hit ratio can be computed from the first scrape.
  cache.inc({ result: 'hit' }, 0);
  cache.inc({ result: 'miss' }, 0);
  const questionsWaiting = new Gauge({
    name: `${METRICS_PREFIX}questions_waiting`,
    help: 'Questions waiting for their thread or for a free slot.',
    registers: [registry],
  });
  const questionsRunning = new Gauge({
    name: `${METRICS_PREFIX}questions_running`,
    help: 'Questions being answered now.',
    registers: [registry],
  });

  return {
    registry,
    attemptFinished(labels, timings) {
      attempts.inc({
        status: closed(STATUSES, labels.status),
        platform: closed(PLATFORM_SET, labels.platform),
        source: closed(SOURCES, labels.source),
      });
      if (timings.generationMs !== undefined && timings.generationMs >= 0) generation.observe(timings.generationMs / 1000);
      if (timings.executionMs !== undefined && timings.executionMs >= 0) execution.observe(timings.executionMs / 1000);
    },
    tokens(model, prompt, completion) {
      const label = modelLabel(model);
      if (count(prompt)) tokens.inc({ model: label, kind: 'prompt' }, prompt);
      if (count(completion)) tokens.inc({ model: label, kind: 'completion' }, completion);
    },
    cacheHit: () => cache.inc({ result: 'hit' }),
    cacheMiss: () => cache.inc({ result: 'miss' }),
    questionsWaiting,
    questionsRunning,
    queueChanged(waiting, running) {
      questionsWaiting.set(waiting);
      questionsRunning.set(running);
    },
    route: () => ({
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(body);
      },
    }),
  };
}
