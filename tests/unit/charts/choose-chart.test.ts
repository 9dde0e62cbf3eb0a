import { describe, expect, it } from 'vitest';
import { chooseChart } from '../../../src/charts/choose-chart.ts';
import { inputOf, SHAPES } from '../../fixtures/charts/shapes.ts';

describe('chooseChart', () => {
  it('covers at least 20 result shapes', () => {
    expect(SHAPES.length).toBeGreaterThanOrEqual(20);
  });

  for (const shape of SHAPES) {
    it(`picks ${shape.expect} for ${shape.name}`, () => {
      const choice = chooseChart(inputOf(shape));
      if (shape.expect === 'none') {
        expect(choice.ok, JSON.stringify(choice)).toBe(false);
        if (!choice.ok) expect(choice.reason).toMatch(shape.reason);
      } else {
        expect(choice.ok, JSON.stringify(choice)).toBe(true);
        if (choice.ok) {
          expect(choice.plan.kind).toBe(shape.expect);
          expect(choice.plan.reason).toMatch(shape.reason);
        }
      }
    });
  }

  it('draws a pie only when asked, and refuses one for negative values', () => {
    const shares = SHAPES.find((s) => s.name.startsWith('shares'))!;
    expect(chooseChart(inputOf(shares), { kind: 'pie' })).toMatchObject({ ok: true, plan: { kind: 'pie' } });
    const negative = SHAPES.find((s) => s.name.startsWith('negative'))!;
    expect(chooseChart(inputOf(negative), { kind: 'pie' })).toMatchObject({ ok: false, reason: expect.stringMatching(/negative/) });
  });

  it('refuses a line over plain categories and says why', () => {
    const bar = SHAPES.find((s) => s.name === 'category + measure → bar')!;
    const choice = chooseChart(inputOf(bar), { kind: 'line' });
    expect(choice).toMatchObject({ ok: false, reason: expect.stringMatching(/needs dates or ordered numbers/) });
  });

  it('leaves out a measure on a much smaller scale and names it', () => {
    const choice = chooseChart({
      question: null,
      columns: [{ name: 'month', type: 'date' }, { name: 'orders', type: 'int8' }, { name: 'revenue', type: 'numeric' }],
      rows: [['2025-01-01', '10', '100000'], ['2025-02-01', '12', '120000']],
      totalRows: 2,
    });
    expect(choice).toMatchObject({ ok: true, plan: { kind: 'line', y: [2], dropped: [1] } });
  });
});
