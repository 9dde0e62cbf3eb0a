import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../../src/server/http-server.ts';
import { createMetrics } from '../../../src/server/metrics.ts';
import { silentLogger } from '../../../src/lib/logger.ts';

describe('createMetrics', () => {
  it('counts attempts by status, platform and source', async () => {
    const m = createMetrics();
    m.attemptFinished({ status: 'success', platform: 'slack', source: 'model' }, { generationMs: 1200, executionMs: 80 });
    m.attemptFinished({ status: 'success', platform: 'slack', source: 'model' }, {});
    m.attemptFinished({ status: 'timeout', platform: 'terminal', source: 'kb' }, { executionMs: 60_000 });
    const text = await m.registry.metrics();
    expect(text).toContain('threadsql_attempts_total{status="success",platform="slack",source="model"} 2');
    expect(text).toContain('threadsql_attempts_total{status="timeout",platform="terminal",source="kb"} 1');
  });

  it('keeps labels to closed sets, whatever a caller passes', async () => {
    const m = createMetrics();
    m.attemptFinished({ status: 'DROP TABLE users', platform: 'how much revenue?', source: 'select 1' }, {});
    const text = await m.registry.metrics();
    expect(text).toContain('threadsql_attempts_total{status="other",platform="other",source="other"} 1');
    expect(text).not.toContain('DROP TABLE');
    expect(text).not.toContain('revenue?');
  });

  it('observes generation and execution times in seconds, only when given', async () => {
    const m = createMetrics();
    m.attemptFinished({ status: 'success', platform: 'web', source: 'model' }, { generationMs: 1500, executionMs: 40 });
    m.attemptFinished({ status: 'failed_generation', platform: 'web', source: 'none' }, { generationMs: 30_000 });
    const text = await m.registry.metrics();
    expect(text).toContain('threadsql_generation_seconds_count 2');
    expect(text).toContain('threadsql_generation_seconds_sum 31.5');
    expect(text).toContain('threadsql_generation_seconds_bucket{le="0.05"} 0');
    expect(text).toContain('threadsql_generation_seconds_bucket{le="2.5"} 1');
    expect(text).toContain('threadsql_generation_seconds_bucket{le="60"} 2');
    expect(text).toContain('threadsql_execution_seconds_count 1');
    expect(text).toContain('threadsql_execution_seconds_bucket{le="0.05"} 1');
  });

  it('counts model tokens by model and kind', async () => {
    const m = createMetrics();
    m.tokens('gpt-4o-mini', 1200, 80);
    m.tokens('gpt-4o-mini', 300, 20);
    m.tokens('llama3.1:8b', 10, Number.NaN);
    const text = await m.registry.metrics();
    expect(text).toContain('threadsql_model_tokens_total{model="gpt-4o-mini",kind="prompt"} 1500');
    expect(text).toContain('threadsql_model_tokens_total{model="gpt-4o-mini",kind="completion"} 100');
    expect(text).toContain('threadsql_model_tokens_total{model="llama3.1:8b",kind="prompt"} 10');
    expect(text).not.toContain('threadsql_model_tokens_total{model="llama3.1:8b",kind="completion"}');
  });

  it('counts cache hits and misses from zero', async () => {
    const m = createMetrics();
    expect(await m.registry.metrics()).toContain('threadsql_answer_cache_total{result="hit"} 0');
    m.cacheHit();
    m.cacheMiss();
    m.cacheMiss();
    const text = await m.registry.metrics();
    expect(text).toContain('threadsql_answer_cache_total{result="hit"} 1');
    expect(text).toContain('threadsql_answer_cache_total{result="miss"} 2');
  });

  it('shows questions waiting and running', async () => {
    const m = createMetrics();
    m.queueChanged(3, 2);
    let text = await m.registry.metrics();
    expect(text).toContain('threadsql_questions_waiting 3');
    expect(text).toContain('threadsql_questions_running 2');
    m.questionsRunning.dec();
    text = await m.registry.metrics();
    expect(text).toContain('threadsql_questions_running 1');
  });

  it('includes process metrics with the threadsql_ prefix', async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('threadsql_process_cpu_user_seconds_total');
    expect(text).toContain('threadsql_nodejs_heap_size_used_bytes');
  });

  it('gives each app its own registry, so two can live in one process', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.cacheHit();
    expect(await a.registry.metrics()).toContain('threadsql_answer_cache_total{result="hit"} 1');
    expect(await b.registry.metrics()).toContain('threadsql_answer_cache_total{result="hit"} 0');
  });
});

describe('GET /metrics', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the Prometheus text format', async () => {
    const m = createMetrics();
    m.cacheHit();
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [m.route()], logger: silentLogger });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toContain('# TYPE threadsql_attempts_total counter');
    expect(body).toContain('# TYPE threadsql_generation_seconds histogram');
    expect(body).toContain('threadsql_answer_cache_total{result="hit"} 1');
  });

  it('answers only GET', async () => {
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [createMetrics().route()], logger: silentLogger });
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
