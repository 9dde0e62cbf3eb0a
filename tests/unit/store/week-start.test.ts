import { describe, expect, it } from 'vitest';
import { weekStartOf } from '../../../src/store/metrics-repo.ts';

describe('weekStartOf', () => {
  it.each([
    ['2025-03-03T00:00:00.000Z', '2025-03-03'], // a Monday is its own week start
    ['2025-03-05T10:00:00.000Z', '2025-03-03'],
    ['2025-03-09T23:59:59.999Z', '2025-03-03'], // Sunday still belongs to Monday's week
    ['2025-03-10T00:00:00.000Z', '2025-03-10'],
    ['2025-01-01T12:00:00.000Z', '2024-12-30'], // across a year boundary
    ['2024-03-01T00:00:00.000Z', '2024-02-26'], // across a leap February
  ])('puts %s in the week of %s (UTC)', (at, monday) => {
    expect(weekStartOf(new Date(at))).toBe(monday);
  });
});
