import { describe, expect, it } from 'vitest';
import { contentWords, ftsMatchExpression, MAX_MATCH_TOKENS, stem, words } from '../../../src/kb/kb-text.ts';

/** Every term is a double-quoted run of letters, digits and marks, optionally a prefix; terms are ORed. */
const SAFE_EXPRESSION = /^"[\p{L}\p{N}\p{M}]+"\*?( OR "[\p{L}\p{N}\p{M}]+"\*?)*$/u;

describe('ftsMatchExpression', () => {
  it('ORs the quoted content words, as prefixes from four letters on', () => {
    expect(ftsMatchExpression('How many orders are in each status?')).toBe('"orders"* OR "status"*');
    expect(ftsMatchExpression('top 10 products by revenue in 2025')).toBe('"top" OR "10" OR "products"* OR "revenue"* OR "2025"*');
  });

  it('adds the root of an -ly word, digits for a number word, and the warehouse word for a synonym', () => {
    expect(ftsMatchExpression('weekly sales')).toBe('"weekly"* OR "week"* OR "sales"* OR "revenue"*');
    expect(ftsMatchExpression('daily')).toBe('"daily"* OR "day"');
    expect(ftsMatchExpression('ten clients')).toBe('"ten" OR "10" OR "clients"* OR "customer"*');
  });

  it.each([
    'revenue "by month',
    'revenue (by (month',
    'revenue AND OR NOT NEAR(month refunds, 2)',
    '* ^revenue month*',
    'question: revenue tags:monthly {question tags}: x',
    '-revenue +orders',
    "'; DROP TABLE kb_fts; --",
    'revenue\u0000month',
    'Umsätze pro Monat',
    '月別の売上は？',
    '📈 revenue 🚀',
    'cafe\u0301',
  ])('builds only quoted terms from %j', (question) => {
    expect(ftsMatchExpression(question)).toMatch(SAFE_EXPRESSION);
  });

  it('turns FTS keywords into plain words and drops stop words', () => {
    expect(ftsMatchExpression('NEAR AND OR NOT')).toBe('"near"*');
  });

  it.each(['', '   ', '?!()*"', 'how many are there?', '📈🚀'])('has nothing to search for in %j', (question) => {
    expect(ftsMatchExpression(question)).toBeUndefined();
  });

  it('uses at most MAX_MATCH_TOKENS words of a long question', () => {
    const long = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const terms = ftsMatchExpression(long)!.split(' OR ');
    expect(terms).toHaveLength(MAX_MATCH_TOKENS);
  });
});

describe('words and content words', () => {
  it('splits on anything but letters, digits and marks, in any script', () => {
    expect(words('Top-10 «products», 2025! Ｒｅｖｅｎｕｅ')).toEqual(['top', '10', 'products', '2025', 'revenue']);
    expect(words('Umsätze pro Monat')).toEqual(['umsätze', 'pro', 'monat']);
  });

  it('folds plurals, verb forms, number words and near-synonyms, and drops filler', () => {
    expect(contentWords('How many orders were ordered, by ordering channel?')).toEqual(['order', 'order', 'order', 'channel']);
    expect(contentWords('Show me the total sales without refunds for ten clients')).toEqual(['revenue', 'exclude', 'refund', '10', 'customer']);
    expect(contentWords('the monthly numbers, not the daily ones')).toEqual(['month', 'not', 'day', 'one']);
  });

  it.each([
    ['categories', 'category'],
    ['shipped', 'ship'],
    ['returned', 'return'],
    ['purchases', 'purchase'],
    ['status', 'status'],
    ['boxes', 'box'],
    ['2025', '2025'],
    ['sales', 'sale'],
  ])('stems %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
