// The embeddings client against a faked OpenAI-compatible endpoint (nock; a local hanging server
// for the timeout): what it sends, how it reads the answer, and the errors it throws.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LlmDownError } from '../../../src/lib/errors.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { createEmbeddingsClient } from '../../../src/nl2sql/embeddings-client.ts';
import { startOpenAiFake } from '../../fakes/openai-fake.ts';

const BASE = 'http://embeddings.test';
const API_KEY = 'sk-test-EMBED-SECRET-0123456789abcdef';

const client = (overrides: { batchSize?: number; timeoutMs?: number; baseURL?: string } = {}) =>
  createEmbeddingsClient({ baseURL: `${BASE}/v1`, apiKey: API_KEY, model: 'embed-test', logger: silentLogger, ...overrides });

async function failure(promise: Promise<unknown>): Promise<LlmDownError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmDownError);
    return error as LlmDownError;
  }
  throw new Error('expected the call to fail');
}

describe('embeddings client', () => {
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

  it('asks for float vectors of the configured model and returns them in input order', async () => {
    let sent: unknown;
    let auth: string | undefined;
    nock(BASE)
      .post('/v1/embeddings')
      .reply(function (_uri, body) {
        sent = body;
        auth = this.req.headers['authorization'] as string | undefined;
        // Out of order on purpose: `index` decides.
        return [200, { object: 'list', model: 'embed-test', data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0.5] }] }];
      });
    const vectors = await client().embed(['first', '']);
    expect(sent).toEqual({ model: 'embed-test', input: ['first', ' '], encoding_format: 'float' });
    expect(auth).toBe(`Bearer ${API_KEY}`);
    expect(vectors.map((v) => [...v])).toEqual([[1, 0.5], [0, 1]]);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
  });

  it('splits many texts into batches', async () => {
    const sizes: number[] = [];
    nock(BASE)
      .persist()
      .post('/v1/embeddings')
      .reply(200, (_uri, body) => {
        const { input } = body as { input: string[] };
        sizes.push(input.length);
        return { data: input.map((_t, index) => ({ index, embedding: [index, 1] })) };
      });
    const vectors = await client({ batchSize: 2 }).embed(['a', 'b', 'c', 'd', 'e']);
    expect(sizes).toEqual([2, 2, 1]);
    expect(vectors).toHaveLength(5);
  });

  it('makes no request for no texts', async () => {
    expect(await client().embed([])).toEqual([]);
  });

  it('turns a 401 into llm_down without echoing the key', async () => {
    nock(BASE).post('/v1/embeddings').reply(401, { error: { message: `Incorrect API key provided: ${API_KEY}` } });
    const error = await failure(client().embed(['x']));
    expect(error.code).toBe('llm_down');
    expect(`${error.message} ${error.userMessage}`).not.toContain('EMBED-SECRET');
  });

  it.each([
    ['too few vectors', { data: [] }],
    ['a vector that is not numbers', { data: [{ index: 0, embedding: ['a'] }] }],
    ['no data at all', {}],
  ])('refuses a reply with %s', async (_label, body) => {
    nock(BASE).post('/v1/embeddings').reply(200, body);
    expect((await failure(client().embed(['x']))).code).toBe('llm_unusable_reply');
  });

  it('refuses vectors of different dimensions', async () => {
    nock(BASE).post('/v1/embeddings').reply(200, { data: [{ index: 0, embedding: [1, 2] }, { index: 1, embedding: [1, 2, 3] }] });
    expect((await failure(client().embed(['a', 'b']))).code).toBe('llm_unusable_reply');
  });

  it('gives up after its timeout when the server never answers', async () => {
    const fake = await startOpenAiFake([{ kind: 'hang' }]);
    try {
      const error = await failure(client({ baseURL: fake.baseURL, timeoutMs: 200 }).embed(['x']));
      expect(error.code).toBe('llm_timeout');
      expect(fake.requests[0]?.url).toBe('/v1/embeddings');
    } finally {
      await fake.close();
    }
  });
});
