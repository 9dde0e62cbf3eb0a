import { describe, expect, it } from 'vitest';
import { readChartFont } from '../../../src/charts/chart-fonts.ts';
import { parseFontMetrics } from '../../../src/charts/font-metrics.ts';

describe('font metrics from the packaged DejaVu Sans', () => {
  const regular = parseFontMetrics(readChartFont('DejaVuSans.ttf'));
  const bold = parseFontMetrics(readChartFont('DejaVuSans-Bold.ttf'));

  it('measures text by its glyphs, not by its length', () => {
    // DejaVu Sans advances (units per em 2048): "i" 569, "W" 2025.
    expect(regular.width('i', 2048)).toBe(569);
    expect(regular.width('W', 2048)).toBe(2025);
    expect(regular.width('iiii', 11)).toBeLessThan(regular.width('WWWW', 11));
  });

  it('makes bold wider, scales with size, and gives combining marks no width', () => {
    expect(bold.width('Revenue', 12)).toBeGreaterThan(regular.width('Revenue', 12));
    expect(regular.width('Revenue', 22)).toBeCloseTo(2 * regular.width('Revenue', 11), 6);
    expect(regular.width('e\u0301', 11)).toBeCloseTo(regular.width('e', 11), 6);
  });

  it('measures Hebrew and Arabic letters from the font', () => {
    expect(regular.width('שלום', 11)).toBeGreaterThan(10);
    expect(regular.width('مرحبا', 11)).toBeGreaterThan(10);
  });
});
