import { describe, expect, it } from 'vitest';
import { createRng, pickWeighted, weightedPicker } from '../../../../src/warehouse/demo/dataset/prng.ts';

const draw = (seed: number, stream: string, n = 5) => {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.next());
};

describe('demo dataset PRNG', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    expect(draw(42, 'orders')).toEqual(draw(42, 'orders'));
  });

  it('gives different sequences for another seed or another stream', () => {
    expect(draw(42, 'orders')).not.toEqual(draw(43, 'orders'));
    expect(draw(42, 'orders')).not.toEqual(draw(42, 'events'));
  });

  it('stays in range', () => {
    const rng = createRng(1, 'range');
    const floats = Array.from({ length: 10_000 }, () => rng.next());
    const ints = new Set(Array.from({ length: 10_000 }, () => rng.int(3, 7)));
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('draws Poisson counts with the right mean, small and large', () => {
    const rng = createRng(7, 'poisson');
    for (const lambda of [3, 80]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += rng.poisson(lambda);
      expect(sum / 20_000).toBeCloseTo(lambda, 0);
    }
  });

  it('picks in proportion to weights', () => {
    const rng = createRng(9, 'weights');
    const picker = weightedPicker([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[picker.pick(rng)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeCloseTo(3, 0);
    expect(pickWeighted(rng, [['only', 1]] as const)).toBe('only');
  });

  it('makes version-4 shaped UUIDs', () => {
    const rng = createRng(5, 'uuid');
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
