import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../../src/nl2sql/cost.ts';
import { estimateTokens, truncateToTokens } from '../../../src/nl2sql/tokens.ts';

describe('estimateTokens', () => {
  it('counts about one token per 3.6 ASCII characters, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('x'.repeat(36))).toBe(10);
    expect(estimateTokens('SELECT count(*) FROM public.film')).toBe(9);
  });

  it('counts each non-ASCII character as a token', () => {
    expect(estimateTokens('月別の売上')).toBe(5);
    expect(estimateTokens('café')).toBe(2);
  });

  it('cuts text to a token budget on a character boundary', () => {
    const cut = truncateToTokens('x'.repeat(100), 10);
    expect(cut).toBe('x'.repeat(36));
    expect(truncateToTokens('月別の売上', 3)).toBe('月別の');
    expect(truncateToTokens('short', 100)).toBe('short');
  });
});

describe('estimateCost', () => {
  const prices = {
    'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
    'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    'llama3.1': { inputPerMTok: 0, outputPerMTok: 0 },
  };

  it('prices input and output tokens per million', () => {
    expect(estimateCost(prices, 'gpt-4o', 1_000_000, 100_000)).toBe(3.5);
    expect(estimateCost(prices, 'gpt-4o-mini', 2_000, 500)).toBe(0.0006);
  });

  it('finds the dated or tagged variant of a priced model, longest name first', () => {
    expect(estimateCost(prices, 'gpt-4o-mini-2024-07-18', 1_000_000, 0)).toBe(0.15);
    expect(estimateCost(prices, 'gpt-4o-2024-08-06', 1_000_000, 0)).toBe(2.5);
    expect(estimateCost(prices, 'llama3.1:8b', 5_000, 5_000)).toBe(0);
  });

  it('returns null (unknown), not zero, for an unpriced model or an empty table', () => {
    expect(estimateCost(prices, 'claude-x', 1_000, 1_000)).toBeNull();
    expect(estimateCost(prices, 'gpt-4', 1_000, 1_000)).toBeNull();
    expect(estimateCost({}, 'gpt-4o', 1_000, 1_000)).toBeNull();
  });
});
