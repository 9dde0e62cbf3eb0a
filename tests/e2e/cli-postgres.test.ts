// The `threadsql` command end to end on a real PostgreSQL warehouse (Pagila): what a newcomer types,
// what they see, and what the audit trail holds afterwards.
import { createClient, type Client } from '@libsql/client';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';
import { cliEnv, collect, runCli, startCli } from '../helpers/run-cli.ts';

let db: TestDatabase;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let store: Client;

async function attempt(id: string) {
  const r = await store.execute({ sql: 'SELECT * FROM query_attempts WHERE id = ?', args: [id] });
  return r.rows[0] as Record<string, unknown> | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, asserted field by field
type CliJson = Record<string, any>;
function json(stdout: string): CliJson {
  return JSON.parse(stdout) as CliJson;
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_cli');
  await loadPagila(db);
  await db.admin('ANALYZE');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tsql-cli-'));
  env = cliEnv({ DATABASE_URL: db.url, THREADSQL_DATA_DIR: dataDir, THREADSQL_KB_DIR: path.join(dataDir, 'kb') });
  // The first run creates and migrates the store; open it read-side afterwards for assertions.
  const first = await runCli(['sql', 'SELECT 1 AS one', '--json'], { env });
  expect(first.code, first.stderr).toBe(0);
  store = createClient({ url: `file:${path.join(dataDir, 'threadsql.db')}` });
}, 120_000);

afterAll(async () => {
  store?.close();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('threadsql sql', () => {
  it('runs a query and prints one JSON object with typed rows, the CSV path and the audit id', async () => {
    const r = await runCli(['sql', 'SELECT film_id, title, rental_rate, rating, special_features FROM film ORDER BY film_id LIMIT 3', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ status: 'success', totalRows: 3, pageCount: 1, message: '3 rows.' });
    expect(out.columns).toEqual([
      { name: 'film_id', type: 'int4' },
      { name: 'title', type: 'text' },
      { name: 'rental_rate', type: 'numeric' },
      { name: 'rating', type: 'mpaa_rating' },
      { name: 'special_features', type: '_text' },
    ]);
    expect(out.rows[0]).toEqual([1, 'ACADEMY DINOSAUR', '0.99', 'PG', ['Deleted Scenes', 'Behind the Scenes']]);
    const csv = await readFile(out.csvPath as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('film_id,title,rental_rate,rating,special_features');
    const row = await attempt(out.attemptId as string);
    expect(row).toMatchObject({ status: 'success', sql_source: 'user' });
    expect(row?.execution_ms).not.toBeNull();
  });

  it('reads the statement from standard input with "sql -" and prints an aligned table for people', async () => {
    const r = await runCli(['sql', '-'], { env, input: 'SELECT name, last_update::date AS updated FROM language ORDER BY 1 LIMIT 2;\n' });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+│ updated$/);
    expect(lines[1]).toMatch(/^─+┼─+$/);
    expect(lines[2]).toMatch(/^English\s+│ \d{4}-\d\d-\d\d$/);
    expect(r.stdout).toContain('2 rows.');
  });

  it.each([
    ['DELETE FROM film', 'not_executed', /only reads|DELETE/i],
    ['SELECT * FROM pg_shadow', 'not_executed', /pg_shadow/],
    ['SELECT pg_sleep(10)', 'not_executed', /pg_sleep/],
    ['SELECT * FROM films_typo', 'not_executed', /films_typo/],
    ['SELEC 1', 'not_executed', /syntax|parse/i],
  ])('refuses %s with a sentence, records it, exits 1', async (sql, status, message) => {
    const r = await runCli(['sql', sql, '--json'], { env });
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.status).toBe(status);
    expect(out.message).toMatch(message);
    expect(await attempt(out.attemptId as string)).toMatchObject({ status, error: out.message, generated_sql: sql });
  });

  it('answers empty SQL and 100 KB of SQL with a clear message, not a crash', async () => {
    const empty = json((await runCli(['sql', '-', '--json'], { env, input: '   \n' })).stdout);
    expect(empty).toMatchObject({ status: 'not_executed', errorCode: 'sql_empty' });
    const huge = `SELECT 1 AS x ${' '.repeat(10)}${'/* padding */ '.repeat(8000)}`;
    const big = await runCli(['sql', '-', '--json'], { env, input: huge });
    expect(big.code).toBe(1);
    expect(json(big.stdout)).toMatchObject({ status: 'not_executed', errorCode: 'sql_too_long' });
  });

  it('stops a query at the statement timeout and records status timeout', async () => {
    const r = await runCli(['sql', 'SELECT count(*) FROM generate_series(1, 2000000000)', '--json'], {
      env: { ...env, THREADSQL_STATEMENT_TIMEOUT_MS: '700' },
    });
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ status: 'timeout', errorCode: 'query_timeout' });
    expect(out.message).toMatch(/longer than 0\.7 s/);
  });

  it('passes the database error on for SQL the guard admits but the database refuses', async () => {
    const out = json((await runCli(['sql', 'SELECT 1/0', '--json'], { env })).stdout);
    expect(out).toMatchObject({ status: 'failed_execution', errorCode: 'warehouse_error' });
    expect(out.message).toMatch(/division by zero/);
  });
});

describe('threadsql page', () => {
  it('serves later pages from the CSV export, and past the export by running the query again', async () => {
    const pageEnv = { ...env, THREADSQL_PAGE_SIZE: '500', THREADSQL_EXPORT_ROW_LIMIT: '600' };
    const first = json((await runCli(['sql', 'SELECT rental_id FROM rental ORDER BY rental_id LIMIT 1200', '--json'], { env: pageEnv })).stdout);
    expect(first).toMatchObject({ status: 'success', totalRows: 1200, pageCount: 3, exportTruncated: true });
    expect(first.message).toMatch(/CSV holds the first 600 rows/);

    const p2 = await runCli(['page', first.attemptId, '2', '--json'], { env: pageEnv });
    expect(p2.code, p2.stderr).toBe(0);
    const page2 = json(p2.stdout);
    expect(page2.source).toBe('rerun');
    expect(page2.rows).toHaveLength(500);
    expect(page2.message).toMatch(/ran again/);

    const wide = { ...env, THREADSQL_PAGE_SIZE: '500' };
    const all = json((await runCli(['sql', 'SELECT g AS n FROM generate_series(1, 1200) AS g', '--json'], { env: wide })).stdout);
    const p3 = json((await runCli(['page', all.attemptId, '3', '--json'], { env: wide })).stdout);
    expect(p3).toMatchObject({ source: 'export', page: 3, pageCount: 3 });
    expect(p3.rows).toHaveLength(200);
    expect(p3.rows[0]).toEqual([1001]);
    expect(p3.rows.at(-1)).toEqual([1200]);
  });

  it('says which pages exist when asked for one that does not', async () => {
    const first = json((await runCli(['sql', 'SELECT 1 AS one', '--json'], { env })).stdout);
    const r = await runCli(['page', first.attemptId, '5'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has 1 page; page 5 does not exist/);
  });
});

describe('threadsql schema', () => {
  it('lists the tables and shows one table with its keys and enum values', async () => {
    const overview = await runCli(['schema'], { env });
    expect(overview.code, overview.stderr).toBe(0);
    expect(overview.stdout).toMatch(/public\.film\b/);
    const film = await runCli(['schema', 'film'], { env });
    expect(film.stdout).toMatch(/language_id/);
    expect(film.stdout).toMatch(/public\.language/);
    expect(film.stdout).toMatch(/NC-17/);
    const missing = await runCli(['schema', 'flim'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/did you mean .*film/);
  });

  it('refreshes and reports what changed in words', async () => {
    const before = await runCli(['schema', 'refresh', '--json'], { env });
    expect(before.code, before.stderr).toBe(0);
    await db.admin('CREATE TABLE public.promo (promo_id int PRIMARY KEY, code text NOT NULL)');
    try {
      const after = json((await runCli(['schema', 'refresh', '--json'], { env })).stdout);
      expect(after.isNewSnapshot).toBe(true);
      expect(after.changes.join(' ')).toMatch(/promo/);
      const again = json((await runCli(['schema', 'refresh', '--json'], { env })).stdout);
      expect(again.isNewSnapshot).toBe(false);
    } finally {
      await db.admin('DROP TABLE public.promo');
      await runCli(['schema', 'refresh'], { env });
    }
  });
});

describe('threadsql kb check', () => {
  it('prints one line per file and exits 1 when any file fails', async () => {
    const dir = path.join(dataDir, 'kb-check');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'films.sql'), '-- question: How many films per rating?\n-- tags: films\nSELECT rating, count(*) FROM film GROUP BY 1;\n');
    await writeFile(path.join(dir, 'no-header.sql'), 'SELECT 1;\n');
    await writeFile(path.join(dir, 'bad-table.sql'), '-- question: Broken?\nSELECT * FROM nope;\n');
    const r = await runCli(['kb', 'check', dir], { env });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^FAIL\s+bad-table\.sql\s+refused by the guard/);
    expect(lines[1]).toMatch(/^ok\s+films\.sql\s+\(5 rows/);
    expect(lines[2]).toMatch(/^FAIL\s+no-header\.sql\s+no question header/);
    expect(lines[3]).toBe('1 of 3 knowledge-base files passed; 2 failed.');
  });
});

describe('faults', () => {
  it('says the warehouse cannot be reached, records the attempt, and never prints the password', async () => {
    const downEnv = { ...env, DATABASE_URL: 'postgres://reader:hunter2secret@127.0.0.1:1/warehouse' };
    const r = await runCli(['sql', 'SELECT 1', '--json'], { env: downEnv });
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2secret');
    const out = json(r.stdout);
    expect(out).toMatchObject({ status: 'failed_execution', errorCode: 'warehouse_down' });
    expect(out.message).toMatch(/cannot be reached/);
  });

  it('stops with one line naming a bad variable', async () => {
    const r = await runCli(['sql', 'SELECT 1'], { env: { ...env, THREADSQL_PAGE_SIZE: 'lots' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/THREADSQL_PAGE_SIZE: .*for example THREADSQL_PAGE_SIZE=500/);
  });

  it('refuses a corrupt store file with one line and changes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsql-corrupt-'));
    try {
      const file = path.join(dir, 'threadsql.db');
      const garbage = Buffer.from('this is not a database file '.repeat(200));
      await writeFile(file, garbage);
      const r = await runCli(['sql', 'SELECT 1'], { env: { ...env, THREADSQL_DATA_DIR: dir } });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/threadsql\.db/);
      expect(await readFile(file)).toEqual(garbage);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a data dir it cannot write with one line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsql-ro-'));
    try {
      // A regular file where the data dir should be: unwritable even for root.
      const blocker = path.join(dir, 'not-a-dir');
      await writeFile(blocker, 'x');
      const r = await runCli(['sql', 'SELECT 1'], { env: { ...env, THREADSQL_DATA_DIR: path.join(blocker, 'data') } });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/not-a-dir/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cancels the query on the server on Ctrl-C and closes the attempt', async () => {
    const sql = 'SELECT count(*) FROM generate_series(1, 3000000000) AS ctrl_c_probe';
    const child = startCli(['sql', sql, '--json'], { env });
    const done = collect(child);
    // Wait until the statement is really running on the server, then interrupt.
    for (let i = 0; i < 400; i++) {
      const r = await db.admin(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ctrl_c_probe%' AND state = 'active' AND pid <> pg_backend_pid()`);
      if (r.rows[0].n > 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const out = json(r.stdout);
    expect(out).toMatchObject({ status: 'failed_execution', errorCode: 'query_cancelled' });
    const active = await db.admin(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ctrl_c_probe%' AND state = 'active' AND pid <> pg_backend_pid()`);
    expect(active.rows[0].n).toBe(0);
    expect(await attempt(out.attemptId as string)).toMatchObject({ status: 'failed_execution', error_code: 'query_cancelled' });
  }, 90_000);

  it('closes an attempt left open by a killed process at the next start', async () => {
    const child = startCli(['sql', 'SELECT count(*) FROM generate_series(1, 3000000000) AS kill_probe', '--json'], { env });
    const done = collect(child);
    let pending: Record<string, unknown> | undefined;
    for (let i = 0; i < 400 && !pending; i++) {
      const r = await store.execute("SELECT * FROM query_attempts WHERE generated_sql LIKE '%kill_probe%' AND finished_at IS NULL");
      pending = r.rows[0] as Record<string, unknown> | undefined;
      if (!pending) await new Promise((res) => setTimeout(res, 100));
    }
    expect(pending).toBeDefined();
    child.kill('SIGKILL');
    await done;
    await db.admin(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%kill_probe%' AND pid <> pg_backend_pid()`);
    const next = await runCli(['sql', 'SELECT 1', '--json'], { env });
    expect(next.code).toBe(0);
    const closed = await attempt(pending!.id as string);
    expect(closed?.status).not.toBe('pending');
    expect(closed?.finished_at).not.toBeNull();
    expect(String(closed?.error)).toMatch(/stopped before/);
  }, 90_000);
});

describe('exports', () => {
  it('keeps exports under the data dir', async () => {
    const out = json((await runCli(['sql', 'SELECT 1 AS one', '--json'], { env })).stdout);
    expect(path.dirname(out.csvPath as string)).toBe(path.join(dataDir, 'exports'));
    expect((await stat(out.csvPath as string)).isFile()).toBe(true);
  });
});
