import { describe, expect, it } from 'vitest';
import {
  compareDates,
  compareNumbers,
  detectGranularity,
  formatCompact,
  formatCompactAll,
  formatDateAt,
  formatNumber,
  humanizeColumn,
} from '../../../src/lib/format-values.ts';

describe('formatNumber', () => {
  it.each([
    ['1234567', 'int8', '1,234,567'],
    ['9223372036854775807', 'int8', '9,223,372,036,854,775,807'],
    ['-1234', 'int8', '-1,234'],
    [42, 'int4', '42'],
    [0, 'int4', '0'],
    ['87.4012', 'numeric', '87.40'],
    ['87.4', 'numeric', '87.4'],
    ['100.00', 'numeric', '100.00'],
    ['1234567', 'numeric', '1,234,567'],
    ['1234567.895', 'numeric', '1,234,567.90'],
    ['9.999', 'numeric', '10.00'],
    ['0.012345', 'numeric', '0.0123'],
    ['0.995', 'numeric', '0.995'],
    ['-0.001', 'numeric', '-0.001'],
    [0.1 + 0.2, 'float8', '0.30'],
    [1e-7, 'float8', '0.0000001'],
    [1e21, 'float8', '1,000,000,000,000,000,000,000'],
    [1234.5678, 'float8', '1,234.57'],
  ])('formats %j (%s) as %s', (value, type, expected) => {
    expect(formatNumber(value, type)).toBe(expected);
  });

  it('keeps an exact int8 digit for digit, beyond what a double can hold', () => {
    expect(formatNumber('9007199254740993', 'int8')).toBe('9,007,199,254,740,993');
  });

  it('leaves NaN, Infinity and money text as the database printed them', () => {
    expect(formatNumber('NaN', 'numeric')).toBe('NaN');
    expect(formatNumber('Infinity', 'float8')).toBe('Infinity');
    expect(formatNumber('$1,234.50', 'money')).toBe('$1,234.50');
  });
});

describe('formatCompact', () => {
  it.each([
    [480_300, '480.3 K'],
    ['1234567', '1.2 M'],
    ['4100000', '4.1 M'],
    [500_000, '500 K'],
    [3.4e9, '3.4 B'],
    [-2_500_000, '-2.5 M'],
    [9_999, '9,999'],
    ['87.4012', '87.40'],
    [999_960, '1 M'],
  ])('shows %j as %s', (value, expected) => {
    expect(formatCompact(value)).toBe(expected);
  });

  it('takes more decimals when asked', () => {
    expect(formatCompact('1234567', 'int8', 3)).toBe('1.235 M');
  });

  it('reads money text', () => {
    expect(formatCompact('$1,234,567.00', 'money')).toBe('1.2 M');
  });
});

describe('formatCompactAll', () => {
  it('uses one decimal when that keeps the values apart', () => {
    expect(formatCompactAll(['4100000', '600000'])).toEqual(['4.1 M', '600 K']);
  });

  it('adds decimals rather than show two different values as equal', () => {
    expect(formatCompactAll(['1236000', '1234000'])).toEqual(['1.24 M', '1.23 M']);
    expect(formatCompactAll(['1234600', '1234000'])).toEqual(['1.235 M', '1.234 M']);
  });

  it('falls back to exact values when three decimals are not enough', () => {
    expect(formatCompactAll(['1200001', '1200000'], 'int8')).toEqual(['1,200,001', '1,200,000']);
  });

  it('never turns different values into the same text', () => {
    expect(formatCompactAll(['87.401', '87.404'])).toEqual(['87.401', '87.404']);
  });

  it('shows equal values the same', () => {
    expect(formatCompactAll(['5', '5.0'])).toEqual(['5', '5.0']);
    expect(formatCompactAll([2_000_000, '2000000'])).toEqual(['2 M', '2 M']);
  });
});

describe('compareNumbers', () => {
  it('compares int8 values a double would make equal', () => {
    expect(compareNumbers('9007199254740993', '9007199254740992')).toBe(1);
  });

  it.each([
    ['-1.5', '-1.25', -1],
    ['10', '9.99', 1],
    ['1.50', 1.5, 0],
    [2, '10', -1],
    ['NaN', '1e308', 1],
  ] as const)('compares %j and %j', (a, b, expected) => {
    expect(compareNumbers(a, b)).toBe(expected);
  });
});

describe('humanizeColumn', () => {
  it.each([
    ['avg_order_value', 'Avg order value'],
    ['orderCount', 'Order count'],
    ['customer_id', 'Customer ID'],
    ['aov', 'AOV'],
    ['REVENUE', 'Revenue'],
    ['"Net Sales"', 'Net sales'],
    ['?column?', '?column?'],
  ])('%s → %s', (name, expected) => {
    expect(humanizeColumn(name)).toBe(expected);
  });
});

describe('detectGranularity', () => {
  it.each([
    [['2023-01-01', '2024-01-01', '2025-01-01'], 'year'],
    [['2025-01-01', '2025-04-01', '2025-07-01'], 'quarter'],
    [['2025-01-01', '2025-02-01', '2025-03-01'], 'month'],
    [['2025-01-01', '2025-03-01'], 'month'],
    [['2025-01-06', '2025-01-13', '2025-02-03'], 'week'],
    [['2025-01-06', '2025-01-07', '2025-01-09'], 'day'],
    [['2025-01-01'], 'day'],
    [['2025-01-06T10:00:00', '2025-01-06T11:00:00'], 'hour'],
    [['2025-01-06T10:15:00', '2025-01-06T11:00:00'], 'time'],
    [['2025-02-01T00:00:00+01:00', '2025-03-01T00:00:00+01:00', '2025-04-01T00:00:00+02:00'], 'month'],
    [['2025-01-01T00:00:00', '2025-02-01T00:00:00'], 'month'],
  ])('%j is %s', (dates, expected) => {
    expect(detectGranularity(dates)).toBe(expected);
  });

  it('ignores values that are not calendar dates', () => {
    expect(detectGranularity(['infinity', '2024-01-01', '2025-01-01'])).toBe('year');
  });
});

describe('formatDateAt', () => {
  it.each([
    ['2025-03-01', 'year', '2025'],
    ['2025-04-01', 'quarter', 'Q2 2025'],
    ['2025-12-01', 'month', 'Dec 2025'],
    ['2025-01-06', 'week', 'week of 2025-01-06'],
    ['2025-01-06T00:00:00+01:00', 'day', '2025-01-06'],
    ['2025-01-06T14:00:00', 'hour', '2025-01-06 14:00'],
    ['2025-01-06T14:05:09.123+00:00', 'time', '2025-01-06 14:05:09'],
    ['infinity', 'day', 'infinity'],
  ] as const)('%s at %s is %s', (date, g, expected) => {
    expect(formatDateAt(date, g)).toBe(expected);
  });
});

describe('compareDates', () => {
  it('orders dates and timestamps by their wall clock', () => {
    expect(compareDates('2025-01-02', '2025-01-01T23:00:00')).toBe(1);
    expect(compareDates('2025-01-01T10:00:00', '2025-01-01T10:00:00.5')).toBe(-1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
  });
});
