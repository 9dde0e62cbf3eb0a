import { describe, expect, it } from 'vitest';
import { measureCloseness, numbersAgree, pickCloseExample } from '../../../src/kb/close-match.ts';
import { pickSuggestions } from '../../../src/kb/suggestions.ts';

const revenue = { question: 'Monthly revenue in 2025, excluding refunds', tags: ['revenue', 'monthly', 'orders', 'refunds'] };
const status = { question: 'How many orders are in each status?', tags: ['orders', 'status'] };
const topProducts = { question: 'Top 10 products by revenue in 2025', tags: ['products', 'revenue', 'top-n'] };

describe('measureCloseness', () => {
  it('is close for a near-paraphrase, with closeness in 0.75..1', () => {
    const m = measureCloseness('What was the monthly revenue for 2025 without refunds?', revenue);
    expect(m).toMatchObject({ questionCoverage: 1, exampleCoverage: 1, isClose: true, closeness: 1 });
  });

  it('accepts a question that leaves out some of the example words (≥ 60 %)', () => {
    const m = measureCloseness('monthly revenue 2025', revenue);
    expect(m.exampleCoverage).toBeCloseTo(0.6);
    expect(m.isClose).toBe(true);
    expect(m.closeness).toBeCloseTo(0.75);
  });

  it('lets a tag account for a question word', () => {
    expect(measureCloseness('orders per status', status).isClose).toBe(true);
  });

  it.each([
    ['one shared word', 'revenue per store manager', revenue],
    ['an extra filter word', 'monthly revenue in 2025 excluding refunds for Germany', revenue],
    ['another year', 'monthly revenue in 2024 excluding refunds', revenue],
    ['a missing year the example fixes', 'monthly revenue excluding refunds', revenue],
    ['the opposite direction', 'bottom 10 products by revenue in 2025', topProducts],
    ['another N', 'top 3 products by revenue in 2025', topProducts],
    ['a contrast word only in tags', 'net orders per status', { ...status, tags: ['orders', 'status', 'net'] }],
  ])('is not close with %s', (_label, question, example) => {
    expect(measureCloseness(question, example).isClose).toBe(false);
  });
});

describe('pickCloseExample', () => {
  it('picks the one close example', () => {
    expect(pickCloseExample('orders in each status', [revenue, status, topProducts])?.candidate).toBe(status);
  });

  it('picks nothing when two examples are equally close', () => {
    const twin = { ...status, tags: ['orders'] };
    expect(pickCloseExample('orders in each status', [status, twin])).toBeUndefined();
  });

  it('picks nothing from no examples', () => {
    expect(pickCloseExample('orders in each status', [])).toBeUndefined();
  });
});

describe('numbersAgree', () => {
  it('needs the same numbers on both sides', () => {
    expect(numbersAgree('best ten products of 2025', 'Top 10 products by revenue in 2025')).toBe(true);
    expect(numbersAgree('best products of 2025', 'Top 10 products by revenue in 2025')).toBe(false);
    expect(numbersAgree('top 10 products in 2024', 'Top 10 products by revenue in 2025')).toBe(false);
    expect(numbersAgree('orders per status', 'How many orders are in each status?')).toBe(true);
  });
});

describe('pickSuggestions', () => {
  const examples = [
    { filePath: 'a.sql', question: 'Revenue by month', tags: ['revenue', 'monthly'] },
    { filePath: 'b.sql', question: 'Revenue by region', tags: ['revenue', 'region'] },
    { filePath: 'c.sql', question: 'Orders by status', tags: ['orders'] },
    { filePath: 'd.sql', question: 'Revenue by year', tags: ['revenue', 'yearly'] },
    { filePath: 'e.sql', question: 'Headcount', tags: [] },
  ];

  it('starts with the most central topic, then moves to other topics', () => {
    expect(pickSuggestions(examples, 3)).toEqual(['Revenue by month', 'Orders by status', 'Headcount']);
  });

  it('is the same whatever order the examples come in', () => {
    expect(pickSuggestions([...examples].reverse(), 5)).toEqual(pickSuggestions(examples, 5));
  });

  it('returns at most what there is', () => {
    expect(pickSuggestions(examples, 10)).toHaveLength(5);
    expect(pickSuggestions(examples, 0)).toEqual([]);
    expect(pickSuggestions([], 3)).toEqual([]);
  });
});
