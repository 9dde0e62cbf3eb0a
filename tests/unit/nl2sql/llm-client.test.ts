import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LlmDownError } from '../../../src/lib/errors.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { createOpenAiClient, type OpenAiClientOptions } from '../../../src/nl2sql/llm-client.ts';
import { completionBody, startOpenAiFake } from '../../fakes/openai-fake.ts';

const BASE = 'http://llm.test';
const API_KEY = 'sk-test-THREADSQL-SECRET-0123456789abcdef';
const messages = [
  { role: 'system' as const, content: 'You write SQL. SECRET-PROMPT-MARKER' },
  { role: 'user' as const, content: 'How many films are there?' },
];

/** A client against nock's llm.test with a recording, instant sleep and a clock that the sleep advances. */
function testClient(overrides: Partial<OpenAiClientOptions> = {}) {
  const sleeps: number[] = [];
  let clock = 0;
  const client = createOpenAiClient({
    baseURL: `${BASE}/v1`,
    apiKey: API_KEY,
    model: 'gpt-test',
    logger: silentLogger,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
  return { client, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<LlmDownError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmDownError);
    return error as LlmDownError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('createOpenAiClient', () => {
  it('returns the text, token counts from usage, the model and the time taken', async () => {
    let sent: { body: unknown; auth: string | undefined } | undefined;
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(function (_uri, body) {
        sent = { body, auth: this.req.headers.authorization as string | undefined };
        return [200, completionBody('```sql\nSELECT count(*) FROM film\n```', { prompt: 321, completion: 17 }, 'gpt-test-2025-01-01')];
      });
    const { client } = testClient();
    const completion = await client.complete(messages);
    expect(completion).toMatchObject({
      text: '```sql\nSELECT count(*) FROM film\n```',
      promptTokens: 321,
      completionTokens: 17,
      model: 'gpt-test-2025-01-01',
    });
    expect(completion.tokensEstimated).toBeUndefined();
    expect(completion.ms).toBeGreaterThanOrEqual(0);
    expect(sent?.auth).toBe(`Bearer ${API_KEY}`);
    expect(sent?.body).toEqual({ model: 'gpt-test', messages });
    expect(client.model).toBe('gpt-test');
  });

  it('sends temperature only when one is configured', async () => {
    let body: unknown;
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(200, (_uri, b) => {
        body = b;
        return completionBody('SELECT 1');
      });
    await testClient({ temperature: 0 }).client.complete(messages);
    expect(body).toMatchObject({ temperature: 0 });
  });

  it('estimates tokens and says so when the server sends no usage (some local servers)', async () => {
    nock(BASE).post('/v1/chat/completions').reply(200, completionBody('SELECT 1', null));
    const completion = await testClient().client.complete(messages);
    expect(completion.tokensEstimated).toBe(true);
    expect(completion.promptTokens).toBeGreaterThan(0);
    expect(completion.completionTokens).toBeGreaterThan(0);
  });

  it('sends a placeholder key to a local server configured without one', async () => {
    let auth: unknown;
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(function () {
        auth = this.req.headers.authorization;
        return [200, completionBody('SELECT 1')];
      });
    await testClient({ apiKey: undefined }).client.complete(messages);
    expect(auth).toBe('Bearer threadsql-no-key');
  });

  it('waits as long as retry-after says after a 429, then succeeds on the next try', async () => {
    const scope = nock(BASE)
      .post('/v1/chat/completions')
      .reply(429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '2' })
      .post('/v1/chat/completions')
      .reply(200, completionBody('SELECT 1'));
    const { client, sleeps } = testClient();
    const completion = await client.complete(messages);
    expect(completion.text).toBe('SELECT 1');
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([2000]);
  });

  it('prefers retry-after-ms over retry-after, and caps a very long retry-after at 20 s', async () => {
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(429, {}, { 'retry-after-ms': '150', 'retry-after': '9' })
      .post('/v1/chat/completions')
      .reply(503, {}, { 'retry-after': '3600' })
      .post('/v1/chat/completions')
      .reply(200, completionBody('SELECT 1'));
    const { client, sleeps } = testClient();
    await client.complete(messages);
    expect(sleeps).toEqual([150, 20_000]);
  });

  it('reads an HTTP-date retry-after', async () => {
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    nock(BASE).post('/v1/chat/completions').reply(429, {}, { 'retry-after': inFiveSeconds }).post('/v1/chat/completions').reply(200, completionBody('SELECT 1'));
    const { client, sleeps } = testClient();
    await client.complete(messages);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3_000);
    expect(sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it('gives up with llm_down after maxRetries when the server keeps answering 500, backing off exponentially', async () => {
    let requests = 0;
    nock(BASE)
      .post('/v1/chat/completions')
      .times(10)
      .reply(() => {
        requests++;
        return [500, { error: { message: 'boom' } }];
      });
    const { client, sleeps } = testClient({ maxRetries: 3 });
    const error = await failure(client.complete(messages));
    expect(error.code).toBe('llm_down');
    expect(error.userMessage).toBe('The language model is not answering right now (HTTP 500); please try again in a minute.');
    expect(requests).toBe(4);
    // random() = 0.5 → three quarters of 0.5 s, 1 s, 2 s
    expect(sleeps).toEqual([375, 750, 1500]);
  });

  it('keeps backoff within [half, whole] of the exponential step whatever the jitter', async () => {
    for (const r of [0, 0.999]) {
      nock(BASE).post('/v1/chat/completions').times(3).reply(502, {});
      const { client, sleeps } = testClient({ maxRetries: 2, random: () => r });
      await failure(client.complete(messages));
      expect(sleeps[0]).toBeGreaterThanOrEqual(250);
      expect(sleeps[0]).toBeLessThanOrEqual(500);
      expect(sleeps[1]).toBeGreaterThanOrEqual(500);
      expect(sleeps[1]).toBeLessThanOrEqual(1000);
    }
  });

  it('does not retry when the wait would pass the overall deadline', async () => {
    let requests = 0;
    nock(BASE)
      .post('/v1/chat/completions')
      .times(5)
      .reply(() => {
        requests++;
        return [429, {}, { 'retry-after': '10' }];
      });
    const { client, sleeps } = testClient({ deadlineMs: 25_000 });
    const error = await failure(client.complete(messages));
    // Two waits of 10 s fit in 25 s; the third would not.
    expect(sleeps).toEqual([10_000, 10_000]);
    expect(requests).toBe(3);
    expect(error.code).toBe('llm_down');
    expect(error.userMessage).toBe('The language model is rate-limiting threadsql (HTTP 429); please try again in a minute.');
  });

  it('retries a refused connection and then says the model cannot be reached', async () => {
    nock(BASE).post('/v1/chat/completions').times(3).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const { client, sleeps } = testClient({ maxRetries: 2 });
    const error = await failure(client.complete(messages));
    expect(sleeps).toHaveLength(2);
    expect(error.code).toBe('llm_down');
    expect(error.userMessage).toBe('The language model cannot be reached right now; please try again in a minute.');
  });

  it('does not retry a 401 and names the setting to check', async () => {
    let requests = 0;
    nock(BASE)
      .post('/v1/chat/completions')
      .times(5)
      .reply(() => {
        requests++;
        return [401, { error: { message: `Incorrect API key provided: ${API_KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } }];
      });
    const { client, sleeps } = testClient();
    const error = await failure(client.complete(messages));
    expect(requests).toBe(1);
    expect(sleeps).toEqual([]);
    expect(error.code).toBe('llm_down');
    expect(error.userMessage).toBe("The language model rejected threadsql's API key; an admin needs to check OPENAI_API_KEY.");
  });

  it.each([
    [400, 'The language model refused the request (HTTP 400).'],
    [403, 'The language model refused access to model "gpt-test" (HTTP 403); an admin needs to check the API key\'s permissions.'],
    [404, 'The language model endpoint does not know model "gpt-test" (HTTP 404); an admin needs to check OPENAI_MODEL and OPENAI_BASE_URL.'],
  ])('does not retry a %i', async (status, message) => {
    let requests = 0;
    nock(BASE)
      .post('/v1/chat/completions')
      .times(5)
      .reply(() => {
        requests++;
        return [status, { error: { message: 'no' } }];
      });
    const error = await failure(testClient().client.complete(messages));
    expect(requests).toBe(1);
    expect(error.userMessage).toBe(message);
  });

  it('says the prompt is too long when the server reports context_length_exceeded', async () => {
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(400, { error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' } });
    const error = await failure(testClient().client.complete(messages));
    expect(error.userMessage).toBe('The question with its context is too long for the language model.');
  });

  it('never puts the API key or the prompt in the error or the logs', async () => {
    const lines: string[] = [];
    // A raw pino (no redaction) proves the client itself never writes them.
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    nock(BASE)
      .post('/v1/chat/completions')
      .reply(500, { error: { message: `upstream failed for key ${API_KEY}` } })
      .post('/v1/chat/completions')
      .reply(401, { error: { message: `Incorrect API key provided: ${API_KEY}.`, code: 'invalid_api_key' } });
    const error = await failure(testClient({ logger }).client.complete(messages));
    const visible = [error.message, error.userMessage, String(error), JSON.stringify(error), ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(visible).not.toContain(API_KEY);
    expect(visible).not.toContain('THREADSQL-SECRET');
    expect(visible).not.toContain('SECRET-PROMPT-MARKER');
    expect(visible).not.toContain('How many films');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged[0]).toMatchObject({ model: 'gpt-test', attempt: 1, status: 500 });
    expect(logged[1]).toMatchObject({ model: 'gpt-test', attempt: 2, status: 401 });
  });

  it('rethrows the caller’s abort reason without retrying', async () => {
    nock(BASE).post('/v1/chat/completions').delay(200).reply(200, completionBody('SELECT 1'));
    const controller = new AbortController();
    const { client, sleeps } = testClient();
    const call = client.complete(messages, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    await expect(call).rejects.toThrow('user cancelled');
    expect(sleeps).toEqual([]);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    nock(BASE).post('/v1/chat/completions').reply(503, {}, { 'retry-after': '30' });
    const controller = new AbortController();
    const client = createOpenAiClient({ baseURL: `${BASE}/v1`, model: 'gpt-test', logger: silentLogger });
    const started = performance.now();
    const call = client.complete(messages, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(call).rejects.toThrow('user cancelled');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('createOpenAiClient against a server that does not answer', () => {
  it('stops a hanging server with llm_timeout at the overall deadline', async () => {
    const fake = await startOpenAiFake([{ kind: 'hang' }]);
    try {
      const client = createOpenAiClient({
        baseURL: fake.baseURL,
        apiKey: API_KEY,
        model: 'gpt-test',
        logger: silentLogger,
        // The per-request timeout is longer than the deadline: the deadline must win.
        requestTimeoutMs: 10_000,
        deadlineMs: 300,
        maxRetries: 10,
      });
      const started = performance.now();
      const error = await failure(client.complete(messages));
      const elapsed = performance.now() - started;
      expect(error.code).toBe('llm_timeout');
      expect(error.userMessage).toBe('The language model did not answer within 0.3 s.');
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(2_000);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('retries a request that timed out, then gives up with llm_timeout after maxRetries', async () => {
    const fake = await startOpenAiFake([{ kind: 'hang' }]);
    try {
      const sleeps: number[] = [];
      const client = createOpenAiClient({
        baseURL: fake.baseURL,
        model: 'gpt-test',
        logger: silentLogger,
        requestTimeoutMs: 100,
        deadlineMs: 60_000,
        maxRetries: 2,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
      });
      const error = await failure(client.complete(messages));
      expect(error.code).toBe('llm_timeout');
      expect(error.userMessage).toMatch(/^The language model did not answer within \d+(\.\d)? s\.$/);
      expect(fake.requests).toHaveLength(3);
      expect(sleeps).toEqual([250, 500]);
    } finally {
      await fake.close();
    }
  });

  it('times out a response whose body never finishes (the SDK timeout stops at the headers)', async () => {
    const fake = await startOpenAiFake([{ kind: 'stall-body' }]);
    try {
      const client = createOpenAiClient({
        baseURL: fake.baseURL,
        model: 'gpt-test',
        logger: silentLogger,
        requestTimeoutMs: 100,
        deadlineMs: 250,
        sleep: async () => {},
      });
      const started = performance.now();
      const error = await failure(client.complete(messages));
      expect(error.code).toBe('llm_timeout');
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      await fake.close();
    }
  });

  it('answers from the retry after one request timed out', async () => {
    const fake = await startOpenAiFake([{ kind: 'hang' }, { kind: 'reply', body: completionBody('SELECT 2') }]);
    try {
      const client = createOpenAiClient({
        baseURL: fake.baseURL,
        model: 'gpt-test',
        logger: silentLogger,
        requestTimeoutMs: 100,
        deadlineMs: 5_000,
        sleep: async () => {},
      });
      const completion = await client.complete(messages);
      expect(completion.text).toBe('SELECT 2');
      expect(fake.requests).toHaveLength(2);
      expect(fake.requests[1]!.url).toBe('/v1/chat/completions');
    } finally {
      await fake.close();
    }
  });
});
