// A newcomer's first minutes: `npm start` with no settings on an empty data dir builds the demo
// warehouse, serves /healthz, and the CLI answers SQL against the same data dir; the second start
// reuses everything.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, collect, runCli, startCli, waitForOutput } from '../helpers/run-cli.ts';

let dataDir: string;
let env: NodeJS.ProcessEnv;
const port = 30_000 + (process.pid % 20_000);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tsql-start-'));
  env = cliEnv({ THREADSQL_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' });
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startAndCheck(label: string) {
  const started = Date.now();
  const child = startCli(['start'], { env, cwd: path.resolve(import.meta.dirname, '../..') });
  const done = collect(child, undefined, 180_000);
  const banner = await waitForOutput(child, /Press Ctrl-C to stop/, 170_000);
  const readyMs = Date.now() - started;
  console.log(`${label}: ready in ${readyMs} ms (demo warehouse)`);
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const health = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toContain('threadsql_answer_cache_total');
  expect(metrics).toContain('threadsql_process_resident_memory_bytes');
  child.kill('SIGINT');
  const exit = await done;
  return { banner, health, status: res.status, exit };
}

describe('npm start on embedded defaults', () => {
  it('builds the demo warehouse, answers /healthz, prints a line per platform, and stops on Ctrl-C', async () => {
    const { banner, health, status, exit } = await startAndCheck('first start');
    expect(status).toBe(200);
    expect(health).toMatchObject({ status: 'ok', store: { ok: true }, warehouse: { ok: true, kind: 'demo' } });
    expect(health.schema.tables).toBeGreaterThanOrEqual(8);
    expect(typeof health.schema.snapshotId).toBe('string');
    expect(health.schema.ageSeconds).toBeGreaterThanOrEqual(0);
    for (const platform of ['slack:', 'teams:', 'web:']) expect(banner).toContain(platform);
    expect(exit.code).toBe(0);
  }, 200_000);

  it('answers SQL from the CLI on the same data dir', async () => {
    const r = await runCli(['sql', 'SELECT count(*) AS orders FROM orders', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; rows: string[][] };
    expect(out.status).toBe('success');
    expect(Number(out.rows[0]![0])).toBeGreaterThan(10_000);
  }, 60_000);

  it('reuses the demo warehouse and the schema snapshot on the second start', async () => {
    const first = await runCli(['schema', '--json'], { env });
    const before = JSON.parse(first.stdout) as { snapshotId: string };
    const { health, exit } = await startAndCheck('second start');
    expect(health.schema.snapshotId).toBe(before.snapshotId);
    expect(exit.code).toBe(0);
  }, 200_000);
});
