import { describe, expect, it } from 'vitest';
import { restyleFromText } from '../../../src/engine/restyle-chart.ts';

describe('restyleFromText', () => {
  const cases: Array<[string, ReturnType<typeof restyleFromText>]> = [
    ['as a line chart', { kind: 'line' }],
    ['bar instead', { kind: 'bar' }],
    ['Can you show it as a pie chart?', { kind: 'pie' }],
    ['stacked', { kind: 'stacked_bar' }],
    ['log scale', { logScale: true }],
    ['use a logarithmic axis please', { logScale: true }],
    ['top 5 only', { top: 5 }],
    ['just the top ten', { top: 10 }],
    ['sort by name', { sort: 'name' }],
    ['alphabetically', { sort: 'name' }],
    ['by week', { timeStep: 'week' }],
    ['monthly, as bars', { timeStep: 'month', kind: 'bar' }],
    ['scatter plot', { kind: 'scatter' }],
    ['top 3 as a bar chart on a log scale', { top: 3, kind: 'bar', logScale: true }],
  ];
  for (const [text, expected] of cases) {
    it(`reads "${text}"`, () => {
      expect(restyleFromText(text)).toEqual(expected);
    });
  }

  const questions = [
    'revenue by week for Europe',
    'now only for Europe',
    'what are the top 5 products by revenue',
    'show orders per month in 2024',
    'help',
    'line items with a discount',
    '',
  ];
  for (const text of questions) {
    it(`leaves "${text}" to the model`, () => {
      expect(restyleFromText(text)).toBeUndefined();
    });
  }
});
