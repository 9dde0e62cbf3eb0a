// The knowledge base with an embeddings model configured, the OpenAI-compatible endpoint faked by
// nock: vectors are stored once per content, similarity is merged into search, and a failing
// endpoint never breaks reload or search (they fall back to full text).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKnowledgeBase, type KnowledgeBase } from '../../../src/kb/kb-index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { createEmbeddingsClient } from '../../../src/nl2sql/embeddings-client.ts';
import type { Store } from '../../../src/store/store.ts';
import { openFileStore, rawClient } from '../store/store-test-helpers.ts';
import { makeKbWorkspace, SHIPPED_EXAMPLES, SHIPPED_NOTES, type KbWorkspace } from './kb-test-helpers.ts';

const BASE = 'http://embeddings.test';
const MODEL = 'embed-test';
const DIMS = 64;
const ENTRIES = SHIPPED_EXAMPLES + SHIPPED_NOTES;

/** Questions the fake embeds exactly like a shipped question: same meaning, no shared words. */
const ALIASES: Record<string, string> = {
  zzqx: 'How many orders are in each status?',
  zzqy: 'Monthly revenue in 2025, excluding refunds',
};

/** A deterministic stand-in for a real model: a normalised bag of the first line's words, hashed into DIMS. */
function fakeVector(text: string): number[] {
  const firstLine = text.split('\n')[0]!;
  const alias = Object.keys(ALIASES).find((k) => firstLine.startsWith(k));
  const words = (alias ? ALIASES[alias]! : firstLine).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const v = new Array<number>(DIMS).fill(0);
  for (const w of words) {
    let h = 2166136261;
    for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    v[h % DIMS]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

describe('knowledge base with embeddings', () => {
  let ws: KbWorkspace;
  let store: Store;
  let kb: KnowledgeBase;
  let requests: string[][];

  const embeddings = (model = MODEL) =>
    createEmbeddingsClient({ baseURL: `${BASE}/v1`, apiKey: 'sk-embed-test', model, logger: silentLogger, timeoutMs: 5_000 });

  function endpointUp(model = MODEL) {
    nock(BASE)
      .persist()
      .post('/v1/embeddings')
      .reply(200, (_uri, body) => {
        const { input } = body as { input: string[] };
        requests.push(input);
        return {
          object: 'list',
          model,
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        };
      });
  }

  function endpointDown(status = 503) {
    nock(BASE)
      .persist()
      .post('/v1/embeddings')
      .reply(status, (_uri, body) => {
        requests.push((body as { input: string[] }).input);
        return { error: { message: 'down', type: 'server_error' } };
      });
  }

  async function storedVectors(model = MODEL): Promise<number> {
    const raw = rawClient(ws.storeFile);
    try {
      const row = (
        await raw.execute({
          sql: 'SELECT count(*) AS n FROM kb_examples_index WHERE embedding IS NOT NULL AND embedding_model = ? AND length(embedding) = ?',
          args: [model, DIMS * 4],
        })
      ).rows[0];
      return Number(row?.['n']);
    } finally {
      raw.close();
    }
  }

  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  beforeEach(async () => {
    ws = await makeKbWorkspace();
    store = await openFileStore(ws.storeFile);
    requests = [];
  });
  afterEach(async () => {
    nock.cleanAll();
    await store.close();
    await ws.temp.remove();
  });

  it('stores one vector per entry, and embeds again only what changed', async () => {
    endpointUp();
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    expect(await kb.reload()).toMatchObject({ examples: SHIPPED_EXAMPLES, notes: SHIPPED_NOTES, errors: [] });
    expect(requests.map((r) => r.length)).toEqual([ENTRIES]);
    expect(await storedVectors()).toBe(ENTRIES);

    await kb.reload();
    expect(requests).toHaveLength(1);

    const file = path.join(ws.kbDir, 'refunds-by-month.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Refunds paid per month', 'Refunds paid out per month'));
    await kb.reload();
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual([expect.stringMatching(/^Refunds paid out per month\n/)]);
    expect(await storedVectors()).toBe(ENTRIES);
  });

  it('stores a vector only for the content it was computed from, and compares only vectors of one model and size', async () => {
    endpointUp();
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    await kb.reload();
    const vector = Float32Array.from(fakeVector('How many orders are in each status?'));
    expect(await store.kb.setEmbedding('orders-by-status.sql', 'an-older-content-hash', MODEL, vector)).toBe(false);
    expect((await store.kb.searchVector(vector, MODEL, 1))[0]).toEqual({ filePath: 'orders-by-status.sql', distance: expect.closeTo(0, 5) });
    expect(await store.kb.searchVector(vector, 'another-model', 5)).toEqual([]);
    expect(await store.kb.searchVector(vector.subarray(0, DIMS / 2), MODEL, 5)).toEqual([]);
  });

  it('recomputes every vector when the embeddings model changes', async () => {
    endpointUp();
    await createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() }).reload();
    const other = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings('embed-other') });
    const before = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    await other.reload();
    await before.reload();
    expect(requests.map((r) => r.length)).toEqual([ENTRIES, ENTRIES, ENTRIES]);
    expect(await storedVectors()).toBe(ENTRIES);
    // The model is part of the KB state: answers cached under one model's ranking are not reused under another's.
    expect(other.stateHash()).not.toBe(before.stateHash());
  });

  it('merges similarity into search: both when words and vector agree, embedding alone when only the meaning does', async () => {
    endpointUp();
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    await kb.reload();

    const [both] = await kb.search('How many orders are in each status?', 5);
    expect(both).toMatchObject({ entry: { filePath: 'orders-by-status.sql' }, via: 'both' });
    expect(both!.score).toBeGreaterThan(0.5);
    expect(both!.score).toBeLessThanOrEqual(1);

    const byMeaning = await kb.search('zzqx', 5);
    expect(byMeaning[0]).toMatchObject({ entry: { filePath: 'orders-by-status.sql' }, via: 'embedding' });
    expect(byMeaning[0]!.score).toBeCloseTo(0.5, 5); // similarity 1, no full-text hit
    for (const m of byMeaning) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });

  it('close-matches by embedding only when the numbers agree', async () => {
    endpointUp();
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    await kb.reload();
    const match = await kb.closeMatch('zzqx, said differently');
    expect(match).toMatchObject({ entry: { filePath: 'orders-by-status.sql' }, via: 'embedding' });
    expect(match!.score).toBeGreaterThan(0.99);
    // Same vector as "Monthly revenue in 2025, excluding refunds", but no 2025 in the question.
    expect(await kb.closeMatch('zzqy, said differently')).toBeUndefined();
    // The lexical rule needs no embeddings call.
    const calls = requests.length;
    expect((await kb.closeMatch('How many orders are in each status?'))?.via).toBe('fts');
    expect(requests.length).toBe(calls);
  });

  it('still loads and answers by full text when the endpoint is down during reload', async () => {
    endpointDown(500);
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    expect(await kb.reload()).toEqual({ examples: SHIPPED_EXAMPLES, notes: SHIPPED_NOTES, changed: ENTRIES, removed: 0, errors: [] });
    expect(await storedVectors()).toBe(0);
    const matches = await kb.search('Refunds paid per month', 3);
    expect(matches[0]).toMatchObject({ entry: { filePath: 'refunds-by-month.sql' }, via: 'fts' });
    expect((await kb.closeMatch('Refunds paid per month'))?.entry.filePath).toBe('refunds-by-month.sql');

    // Back up: the next reload embeds what is missing.
    nock.cleanAll();
    endpointUp();
    await kb.reload();
    expect(await storedVectors()).toBe(ENTRIES);
  });

  it('answers by full text when the endpoint fails at question time', async () => {
    endpointUp();
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    await kb.reload();
    nock.cleanAll();
    nock(BASE).persist().post('/v1/embeddings').replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const matches = await kb.search('Why are apparel items returned?', 3);
    expect(matches[0]).toMatchObject({ entry: { filePath: 'return-reasons-apparel.sql' }, via: 'fts' });
    expect(matches.every((m) => m.via === 'fts')).toBe(true);
    expect(await kb.closeMatch('zzqx')).toBeUndefined();
  });

  it('ignores an unusable embeddings reply', async () => {
    nock(BASE).persist().post('/v1/embeddings').reply(200, { object: 'list', data: [{ index: 0, embedding: 'nope' }] });
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger, embeddings: embeddings() });
    expect((await kb.reload()).errors).toEqual([]);
    expect(await storedVectors()).toBe(0);
    expect((await kb.search('Refunds paid per month', 1))[0]?.via).toBe('fts');
  });
});
