// The knowledge base over the shipped kb/ folder on a real store file: what is indexed, how the
// index follows edits and deletions (also in FTS5), ranking of paraphrased questions, the
// no-model close match in both directions, hostile search input, and the folder watcher.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKnowledgeBase, type KbReloadReport, type KnowledgeBase } from '../../../src/kb/kb-index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import type { Store } from '../../../src/store/store.ts';
import { makeTempDir, openFileStore, rawClient, type TempDir } from '../store/store-test-helpers.ts';
import { DEMO_CATALOG, KB_DIR, makeKbWorkspace, SHIPPED_EXAMPLES, SHIPPED_NOTES, type KbWorkspace } from './kb-test-helpers.ts';

/**
 * Paraphrases of shipped questions, worded as a user might (other words, other order, extra
 * phrasing), with the example that should rank first. Measured: hit@1 17/20, hit@3 20/20.
 */
const PARAPHRASES: Array<[question: string, expected: string]> = [
  ['What was our net revenue each month of 2025, after refunds?', 'monthly-revenue-2025.sql'],
  ['Which ten products brought in the most revenue in 2025?', 'top-products-2025.sql'],
  ['Count of orders per order status', 'orders-by-status.sql'],
  ['How many customers do we have in each country, and how much did they spend?', 'customers-by-country.sql'],
  ['What percentage of payments fail for each payment method?', 'failed-payment-rate.sql'],
  ['On which weekday do customers place the most orders?', 'orders-by-weekday.sql'],
  ['How much money did we refund every month?', 'refunds-by-month.sql'],
  ['List the 20 customers with the highest lifetime value', 'top-customers-lifetime.sql'],
  ['How many employees work at each store and what do they earn on average?', 'headcount-by-store.sql'],
  ['Top search terms on the website', 'events-top-search-terms.sql'],
  ['What are the most common return reasons for clothing?', 'return-reasons-apparel.sql'],
  ['Year over year growth of net revenue', 'yearly-revenue-growth.sql'],
  ['Employee hires and departures per year', 'staff-turnover-by-year.sql'],
  ['Sales by vendor together with delivery lead times', 'supplier-revenue-and-lead-time.sql'],
  ['Results of each promotion code: orders, discounts and revenue', 'promo-code-performance.sql'],
  ['How long does delivery take for online orders in each region?', 'delivery-time-by-region.sql'],
  ['Monthly number of new customer signups', 'new-customers-by-month.sql'],
  ['Do customers in higher loyalty tiers spend more per order?', 'loyalty-tier-spend.sql'],
  ['Number of purchases by app version', 'events-purchases-by-app-version.sql'],
  ['Revenue over the Black Friday weekend, per year', 'black-friday-weekend-by-year.sql'],
];

describe('knowledge base over the shipped kb/ folder', () => {
  let temp: TempDir;
  let store: Store;
  let kb: KnowledgeBase;
  let report: KbReloadReport;

  beforeAll(async () => {
    temp = await makeTempDir('threadsql-kb-');
    store = await openFileStore(path.join(temp.path, 'threadsql.db'));
    kb = createKnowledgeBase({ dir: KB_DIR, store, logger: silentLogger });
    report = await kb.reload(DEMO_CATALOG);
  });
  afterAll(async () => {
    await store.close();
    await temp.remove();
  });

  it('indexes every example and note, with no errors', async () => {
    expect(report).toEqual({ examples: SHIPPED_EXAMPLES, notes: SHIPPED_NOTES, changed: SHIPPED_EXAMPLES + SHIPPED_NOTES, removed: 0, errors: [] });
    expect(kb.examples()).toHaveLength(SHIPPED_EXAMPLES);
    expect(kb.notes().map((n) => n.filePath)).toEqual(['business-glossary.md', 'events-json.md', 'house-rules.md', 'tables-guide.md']);
    expect((await store.kb.list()).length).toBe(SHIPPED_EXAMPLES + SHIPPED_NOTES);
  });

  it('keeps question, tags, notes, SQL and the tables the guard found', () => {
    const example = kb.examples().find((e) => e.filePath === 'monthly-revenue-2025.sql');
    expect(example).toMatchObject({
      kind: 'example',
      question: 'Monthly revenue in 2025, excluding refunds',
      tags: ['revenue', 'monthly', 'orders', 'refunds'],
      tables: ['public.order_revenue'],
    });
    expect(example?.notes).toMatch(/order_revenue view already applies both rules/);
    expect(example?.sql).toMatch(/^SELECT date_trunc/);
    expect(kb.examples().find((e) => e.filePath === 'top-products-2025.sql')?.tables).toEqual([
      'public.categories', 'public.order_items', 'public.orders', 'public.products',
    ]);
    const note = kb.notes().find((n) => n.filePath === 'house-rules.md');
    expect(note).toMatchObject({ kind: 'note', question: 'House rules for SQL', sql: null, tables: [], tags: [] });
    expect(note?.notes).toMatch(/Revenue excludes cancelled orders/);
  });

  it('is unchanged by a second reload', async () => {
    const before = kb.stateHash();
    expect(await kb.reload()).toEqual({ ...report, changed: 0 });
    expect(kb.stateHash()).toBe(before);
  });

  it('ranks the right example first for paraphrased questions (hit@1 ≥ 15/20, hit@3 ≥ 19/20)', async () => {
    const ranks: Array<{ question: string; expected: string; rank: number; got: string[] }> = [];
    for (const [question, expected] of PARAPHRASES) {
      const matches = (await kb.search(question, 5)).filter((m) => m.entry.kind === 'example');
      ranks.push({ question, expected, rank: matches.findIndex((m) => m.entry.filePath === expected) + 1, got: matches.slice(0, 3).map((m) => m.entry.filePath) });
    }
    const hitAt = (k: number) => ranks.filter((r) => r.rank >= 1 && r.rank <= k).length;
    console.info(`kb search over ${PARAPHRASES.length} paraphrases: hit@1 ${hitAt(1)}, hit@3 ${hitAt(3)}`);
    const misses = ranks.filter((r) => r.rank !== 1);
    expect(hitAt(1), JSON.stringify(misses, null, 1)).toBeGreaterThanOrEqual(15);
    expect(hitAt(3), JSON.stringify(misses, null, 1)).toBeGreaterThanOrEqual(19);
  });

  it('scores in 0..1, best first, by full text when no embeddings are configured', async () => {
    const matches = await kb.search('refunds per month', 10);
    expect(matches[0]?.entry.filePath).toBe('refunds-by-month.sql');
    for (const m of matches) {
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThan(1);
      expect(m.via).toBe('fts');
    }
    expect(matches.map((m) => m.score)).toEqual([...matches.map((m) => m.score)].sort((a, b) => b - a));
    expect(await kb.search('refunds per month', 2)).toHaveLength(2);
  });

  it('surfaces a note for a house-rule question', async () => {
    const matches = await kb.search('what keys are in the json payload of events?', 5);
    expect(matches.map((m) => m.entry.filePath)).toContain('events-json.md');
  });

  describe('close match (answering without a model)', () => {
    it.each([
      ['Monthly revenue in 2025 without refunds', 'monthly-revenue-2025.sql'],
      ['monthly revenue 2025 excluding refunds?', 'monthly-revenue-2025.sql'],
      ['How many orders are there in each status?', 'orders-by-status.sql'],
      ['top ten products by revenue in 2025', 'top-products-2025.sql'],
      ['Which day of the week gets the most orders', 'orders-by-weekday.sql'],
      ['Refunds paid by month', 'refunds-by-month.sql'],
      ['Number of purchases per app version', 'events-purchases-by-app-version.sql'],
      ['What do visitors search for the most', 'events-top-search-terms.sql'],
    ])('answers the near-paraphrase %j with %s', async (question, expected) => {
      const match = await kb.closeMatch(question);
      expect(match?.entry.filePath).toBe(expected);
      expect(match?.via).toBe('fts');
      expect(match?.score).toBeGreaterThanOrEqual(0.75);
      expect(match?.score).toBeLessThanOrEqual(1);
    });

    it('answers every shipped question with its own example', async () => {
      for (const example of kb.examples()) {
        expect((await kb.closeMatch(example.question))?.entry.filePath, example.question).toBe(example.filePath);
      }
    });

    it('never answers a looser paraphrase with the wrong example', async () => {
      for (const [question, expected] of PARAPHRASES) {
        const match = await kb.closeMatch(question);
        if (match) expect(match.entry.filePath, question).toBe(expected);
      }
    });

    it.each([
      ['another question sharing one word', 'Revenue per store manager'],
      ['a topic word alone', 'revenue'],
      ['another year', 'Monthly revenue in 2024, excluding refunds'],
      ['an extra filter', 'Monthly revenue in 2025 excluding refunds in Germany'],
      ['the opposite direction', 'Bottom 10 products by revenue in 2025'],
      ['another top-N', 'Top 5 products by revenue in 2025'],
      ['a related but different question', 'Which products were returned most often?'],
      ['stop words only', 'how many are there?'],
      ['an empty question', '   '],
    ])('does not answer %s (%j)', async (_label, question) => {
      expect(await kb.closeMatch(question)).toBeUndefined();
    });
  });

  describe('hostile search input', () => {
    it.each([
      ['double quotes', 'revenue "by month'],
      ['unbalanced parentheses', 'revenue (by (month'],
      ['FTS operators', 'revenue AND OR NOT NEAR(month refunds, 2)'],
      ['a star and a caret', '* ^revenue month*'],
      ['a column filter', 'question: revenue tags:monthly {question tags}: x'],
      ['a minus and a plus', '-revenue +orders'],
      ['quotes only', '""\'\'``'],
      ['punctuation only', '?!.,;:()[]{}'],
      ['the empty string', ''],
      ['a NUL character', 'revenue\u0000month'],
      ['SQL', "'; DROP TABLE kb_fts; --"],
      ['German with umlauts', 'Umsätze pro Monat für Rückerstattungen'],
      ['Japanese', '月別の売上は？'],
      ['emoji', '📈 revenue 🚀'],
      ['combining marks', 'cafe\u0301 re\u0301sume\u0301'],
      ['10,000 characters', 'revenue month '.repeat(715)],
    ])('answers %s without an error', async (_label, question) => {
      const matches = await kb.search(question, 5);
      expect(Array.isArray(matches)).toBe(true);
      await kb.closeMatch(question); // resolves (to a match or undefined), never an FTS syntax error
    });

    it('still finds the words between the operators', async () => {
      const matches = await kb.search('"refunds" AND (month) OR NOT *', 3);
      expect(matches[0]?.entry.filePath).toBe('refunds-by-month.sql');
    });

    it('leaves the index intact', async () => {
      expect((await store.kb.list()).length).toBe(SHIPPED_EXAMPLES + SHIPPED_NOTES);
    });
  });

  it('suggests a stable selection of example questions on different topics', () => {
    const three = kb.suggestions(3);
    expect(three).toHaveLength(3);
    expect(new Set(three).size).toBe(3);
    expect(kb.suggestions(3)).toEqual(three);
    const questions = new Set(kb.examples().map((e) => e.question));
    for (const q of kb.suggestions(10)) expect(questions.has(q)).toBe(true);
    expect(kb.suggestions(0)).toEqual([]);
    expect(kb.suggestions(1000)).toHaveLength(SHIPPED_EXAMPLES);
  });
});

describe('knowledge base following its folder', () => {
  let ws: KbWorkspace;
  let store: Store;
  let kb: KnowledgeBase;
  let stops: Array<() => void>;

  beforeEach(async () => {
    ws = await makeKbWorkspace();
    store = await openFileStore(ws.storeFile);
    kb = createKnowledgeBase({ dir: ws.kbDir, store, logger: silentLogger });
    stops = [];
    await kb.reload();
  });
  afterEach(async () => {
    for (const stop of stops) stop();
    await store.close();
    await ws.temp.remove();
  });

  /** kb_fts rows by file path, with their FTS rowids (a rewritten row gets a new one). */
  async function ftsRows(): Promise<Map<string, number>> {
    const raw = rawClient(ws.storeFile);
    try {
      const rows = (await raw.execute('SELECT k.file_path AS path, f.rowid AS rowid FROM kb_fts AS f JOIN kb_examples_index AS k ON k.id = f.entry_id')).rows;
      const orphans = (await raw.execute('SELECT count(*) AS n FROM kb_fts WHERE entry_id NOT IN (SELECT id FROM kb_examples_index)')).rows[0]?.['n'];
      expect(orphans).toBe(0);
      return new Map(rows.map((r) => [String(r['path']), Number(r['rowid'])]));
    } finally {
      raw.close();
    }
  }

  it('reports a file without a question header and skips it', async () => {
    await writeFile(path.join(ws.kbDir, 'no-header.sql'), '-- tags: orders\nSELECT count(*) FROM orders\n');
    await writeFile(path.join(ws.kbDir, 'empty.md'), '  \n');
    const report = await kb.reload();
    expect(report).toMatchObject({ examples: SHIPPED_EXAMPLES, notes: SHIPPED_NOTES, changed: 0, removed: 0 });
    expect(report.errors).toEqual([
      { file: 'empty.md', reason: 'empty note' },
      { file: 'no-header.sql', reason: expect.stringMatching(/^no question header/) },
    ]);
    expect((await store.kb.list()).map((r) => r.filePath)).not.toContain('no-header.sql');
  });

  it('reports an example the guard refuses when a catalog is given, and skips it', async () => {
    await writeFile(path.join(ws.kbDir, 'ghost.sql'), '-- question: Ghost table rows\nSELECT count(*) FROM ghost_table\n');
    await writeFile(path.join(ws.kbDir, 'delete.sql'), '-- question: Remove orders\nDELETE FROM orders\n');
    const report = await kb.reload(DEMO_CATALOG);
    expect(report.examples).toBe(SHIPPED_EXAMPLES);
    expect(report.errors.map((e) => e.file)).toEqual(['delete.sql', 'ghost.sql']);
    for (const e of report.errors) expect(e.reason).toMatch(/^refused by the guard: /);
    // Without a catalog the previous one still applies.
    expect((await kb.reload()).errors.map((e) => e.file)).toEqual(['delete.sql', 'ghost.sql']);
  });

  it('reindexes only an edited file and changes the state hash', async () => {
    const before = await ftsRows();
    const hash = kb.stateHash();
    const file = path.join(ws.kbDir, 'orders-by-status.sql');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('-- question: How many orders are in each status?', '-- question: How many orders are in each fulfilment state?'));
    const report = await kb.reload();
    expect(report).toMatchObject({ changed: 1, removed: 0, errors: [] });
    expect(kb.stateHash()).not.toBe(hash);
    const after = await ftsRows();
    for (const [filePath, rowid] of before) {
      if (filePath === 'orders-by-status.sql') expect(after.get(filePath)).not.toBe(rowid);
      else expect(after.get(filePath), filePath).toBe(rowid);
    }
    expect((await kb.search('fulfilment state', 1))[0]?.entry.question).toBe('How many orders are in each fulfilment state?');
    // Back to the old text: back to the old hash.
    await writeFile(file, text);
    await kb.reload();
    expect(kb.stateHash()).toBe(hash);
  });

  it('changes the state hash when a note changes', async () => {
    const hash = kb.stateHash();
    await appendFile(path.join(ws.kbDir, 'house-rules.md'), '\n11. Round money to cents.\n');
    expect((await kb.reload()).changed).toBe(1);
    expect(kb.stateHash()).not.toBe(hash);
  });

  it('removes a deleted file from the index and from full-text search', async () => {
    expect((await kb.search('Why are apparel items returned?', 1))[0]?.entry.filePath).toBe('return-reasons-apparel.sql');
    const hash = kb.stateHash();
    await rm(path.join(ws.kbDir, 'return-reasons-apparel.sql'));
    const report = await kb.reload();
    expect(report).toMatchObject({ examples: SHIPPED_EXAMPLES - 1, changed: 0, removed: 1 });
    expect(kb.stateHash()).not.toBe(hash);
    expect((await ftsRows()).has('return-reasons-apparel.sql')).toBe(false);
    expect((await kb.search('Why are apparel items returned?', 10)).map((m) => m.entry.filePath)).not.toContain('return-reasons-apparel.sql');
    expect(await store.kb.searchText('"apparel"', 10)).not.toContainEqual(expect.objectContaining({ filePath: 'return-reasons-apparel.sql' }));
  });

  it('drops an entry whose file became invalid', async () => {
    await writeFile(path.join(ws.kbDir, 'orders-by-status.sql'), 'SELECT 1\n');
    const report = await kb.reload();
    expect(report).toMatchObject({ examples: SHIPPED_EXAMPLES - 1, removed: 1 });
    expect(report.errors[0]?.file).toBe('orders-by-status.sql');
    expect(kb.examples().map((e) => e.filePath)).not.toContain('orders-by-status.sql');
  });

  it('indexes files in subfolders by their relative path and skips hidden files', async () => {
    await mkdir(path.join(ws.kbDir, 'finance'));
    await writeFile(path.join(ws.kbDir, 'finance', 'fiscal-year.md'), '# Fiscal year\n\nThe fiscal year starts on 1 February.\n');
    await writeFile(path.join(ws.kbDir, '.draft.sql'), '-- question: Draft\nSELECT 1\n');
    const report = await kb.reload();
    expect(report).toMatchObject({ notes: SHIPPED_NOTES + 1, changed: 1, errors: [] });
    expect((await kb.search('when does the fiscal year start', 1))[0]?.entry).toMatchObject({ filePath: 'finance/fiscal-year.md', question: 'Fiscal year' });
  });

  it('reports an unreadable folder and keeps the index', async () => {
    const gone = createKnowledgeBase({ dir: path.join(ws.temp.path, 'missing'), store, logger: silentLogger });
    const report = await gone.reload();
    expect(report.errors).toEqual([{ file: '.', reason: 'the folder cannot be read (ENOENT)' }]);
    expect((await store.kb.list()).length).toBe(SHIPPED_EXAMPLES + SHIPPED_NOTES);
    expect(() => gone.watch()()).not.toThrow();
  });

  it('runs concurrent reloads one after the other', async () => {
    await writeFile(path.join(ws.kbDir, 'extra.sql'), '-- question: Count of suppliers\nSELECT count(*) FROM suppliers\n');
    const reports = await Promise.all([kb.reload(), kb.reload(), kb.reload()]);
    expect(reports.map((r) => r.changed)).toEqual([1, 0, 0]);
  });

  it('watch() reloads after a new file appears, and stops', async () => {
    const reports: KbReloadReport[] = [];
    const seen = new Promise<KbReloadReport>((resolve) => {
      stops.push(
        kb.watch((r) => {
          reports.push(r);
          if (r.examples === SHIPPED_EXAMPLES + 1) resolve(r);
        }),
      );
    });
    await writeFile(path.join(ws.kbDir, 'supplier-count.sql'), '-- question: How many suppliers do we work with?\n-- tags: suppliers\nSELECT count(*) AS suppliers FROM suppliers\n');
    const report = await seen;
    expect(report).toMatchObject({ examples: SHIPPED_EXAMPLES + 1, changed: 1, errors: [] });
    expect((await kb.search('how many suppliers', 1))[0]?.entry.filePath).toBe('supplier-count.sql');
    // Debounced: one burst of writes, few reloads (not one per write event).
    expect(reports.length).toBeLessThanOrEqual(2);
    stops.pop()!();
    await writeFile(path.join(ws.kbDir, 'after-stop.sql'), '-- question: After stop\nSELECT 1\n');
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the debounce: nothing may fire
    expect(kb.examples().map((e) => e.filePath)).not.toContain('after-stop.sql');
  });
});
