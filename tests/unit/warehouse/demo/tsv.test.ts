import { describe, expect, it } from 'vitest';
import { emailLocalPart, isoDate, isoTimestamp, money, tableWriter, utcDay } from '../../../../src/warehouse/demo/dataset/tsv.ts';

describe('demo dataset COPY text', () => {
  it('escapes tabs, newlines and backslashes and writes NULL as \\N', () => {
    const w = tableWriter('t', ['a', 'b', 'c', 'd']);
    w.add(['x\ty\nz\\', null, true, { k: 'v\\' }]);
    expect(w.finish()).toEqual({ name: 't', columns: ['a', 'b', 'c', 'd'], rowCount: 1, text: 'x\\ty\\nz\\\\\t\\N\tt\t{"k":"v\\\\\\\\"}\n' });
  });

  it('refuses a row with the wrong number of values', () => {
    expect(() => tableWriter('t', ['a']).add([1, 2])).toThrow(/2 values for 1 columns/);
  });

  it('formats cents, dates and timestamps exactly', () => {
    expect(money(123456)).toBe('1234.56');
    expect(money(5)).toBe('0.05');
    expect(money(-250)).toBe('-2.50');
    expect(isoDate(utcDay(2024, 2, 29))).toBe('2024-02-29');
    expect(isoTimestamp(utcDay(2025, 12, 31) + 3_723_999)).toBe('2025-12-31T01:02:03Z');
  });

  it('turns names into ASCII e-mail parts', () => {
    expect(emailLocalPart('José', 'Núñez')).toBe('jose.nunez');
    expect(emailLocalPart('Mei Ling', "O'Brien")).toBe('meiling.obrien');
  });
});
