// 4. Charts: data to PNG bytes (chart choice, Vega-Lite spec, vega SVG, sharp 2× PNG) for a
// 1,000-point line and a 50-bar chart, in this process after one warm-up (the first chart in a
// fresh process also loads vega and sets fontconfig up: measured separately).
import { drawChart } from '../../src/charts/draw-chart.ts';
import type { Cell } from '../../src/warehouse/types.ts';
import { below, type AvailableScenario, type BenchContext } from '../lib/scenario.ts';
import { repeat, wall } from '../lib/timing.ts';

export const charts: AvailableScenario = {
  number: 4,
  id: 'charts',
  title: 'Charts to PNG',
  available: true,
  run,
};

function lineInput() {
  const rows: Cell[][] = [];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < 1000; i++) rows.push([new Date(start + i * 86_400_000).toISOString().slice(0, 10), String(1000 + Math.round(300 * Math.sin(i / 20) + i))]);
  return { question: 'Daily revenue', columns: [{ name: 'day', type: 'date' }, { name: 'revenue', type: 'numeric' }], rows, totalRows: rows.length };
}

function barInput() {
  const rows: Cell[][] = [];
  for (let i = 0; i < 50; i++) rows.push([`Product ${String(i + 1).padStart(2, '0')}`, String(5000 - i * 80)]);
  return { question: 'Revenue by product', columns: [{ name: 'product', type: 'text' }, { name: 'revenue', type: 'numeric' }], rows, totalRows: rows.length };
}

async function run(ctx: BenchContext): Promise<void> {
  const firstStarted = performance.now();
  const first = await drawChart(lineInput());
  const firstMs = performance.now() - firstStarted;
  if (!first.ok) throw new Error(first.reason);
  ctx.value('first chart in this process (loads vega, vega-lite, fontconfig)', firstMs, 'ms', { n: 1 });
  const target = below('median', 100, 'ms');
  for (const [label, input] of [
    ['1,000-point line chart → PNG bytes', lineInput()],
    ['50-bar chart → PNG bytes', barInput()],
  ] as const) {
    let bytes = 0;
    const samples = await repeat(
      wall(async () => {
        const out = await drawChart(input);
        if (!out.ok) throw new Error(out.reason);
        bytes = out.png.length;
      }),
      { warmup: 3, iterations: 25 },
    );
    ctx.timing(label, samples, { target, note: `${(bytes / 1024).toFixed(0)} KB PNG` });
  }
}
