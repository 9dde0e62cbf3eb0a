// The Schema page's JSON API on a warehouse with many tables: the real app on a real PostgreSQL
// database holding 1,201 tables (comments, foreign keys, an enum), a real libSQL file store, and the
// real HTTP server with the web routes. No model: the schema endpoints never need one. Dana is a
// user and Erin an admin (THREADSQL_ADMINS), told apart by a test header.
import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import type { WebIdentity } from '../../src/adapters/web/web-access.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-database.ts';

const LEDGERS = 1200;
const ledger = (n: number) => `ledger_${String(n).padStart(4, '0')}`;

/** 1,200 ledgers of 12 columns each; every 100th references account; a few carry words nothing else has. */
function warehouseDdl(): string {
  const sql = [
    `CREATE TYPE public.ledger_status AS ENUM ('open', 'settled', 'void')`,
    `CREATE TABLE public.account (id integer PRIMARY KEY, name text NOT NULL)`,
    `COMMENT ON TABLE public.account IS 'Customer accounts'`,
  ];
  for (let n = 1; n <= LEDGERS; n++) {
    const fk = n % 100 === 0 ? ' REFERENCES public.account (id)' : '';
    const extra = n === 500 ? ', iban_checksum text' : '';
    sql.push(
      `CREATE TABLE public.${ledger(n)} (id bigint PRIMARY KEY, account_id integer NOT NULL${fk}, status public.ledger_status, amount_cents bigint, booked_on date, ` +
        `memo text, c1 text, c2 text, c3 text, c4 text, c5 text, c6 numeric(10,2)${extra})`,
      `COMMENT ON TABLE public.${ledger(n)} IS 'Bookings of branch ${n}'`,
      `COMMENT ON COLUMN public.${ledger(n)}.amount_cents IS 'Amount booked, in cents'`,
    );
  }
  sql.push(`COMMENT ON TABLE public.${ledger(42)} IS 'Quarterly reconciliation of the Oslo branch'`);
  sql.push(`COMMENT ON COLUMN public.${ledger(777)}.memo IS 'Why a refund was granted'`);
  return sql.join(';\n');
}

let db: TestDatabase;
let root: string;
let app: App;
let server: HttpServer;

const people: Record<string, WebIdentity> = {
  dana: { tenantId: '', userId: 'dana', displayName: 'Dana', isAdmin: false },
  erin: { tenantId: '', userId: 'erin', displayName: 'Erin', isAdmin: true },
};

beforeAll(async () => {
  db = await createTestDatabase('tsql_webschema');
  await db.admin(warehouseDdl());
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-webschema-'));
  const config = loadConfig(
    { DATABASE_URL: db.url, THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: path.join(root, 'kb'), THREADSQL_ADMINS: 'web:erin', HOST: '127.0.0.1', PORT: '0' },
    root,
  );
  app = await createApp(config, { logger: silentLogger });
  const identify = (req: http.IncomingMessage) => people[String(req.headers['x-test-user'])];
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: createWebAdapter(app, { identify }).routes, logger: silentLogger });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  await db?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

async function get(urlPath: string, user = 'dana'): Promise<{ status: number; body: Json; bytes: number }> {
  const res = await fetch(`${server.url}/api/web${urlPath}`, { headers: { 'x-test-user': user } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Json, bytes: Buffer.byteLength(text) };
}

const names = (body: Json) => (body.tables as Json[]).map((t) => t.qualifiedName as string);

describe('web schema API on 1,201 tables', () => {
  it('answers the first page with 100 small table summaries, the match count and the snapshot facts, in under 60 KB', async () => {
    const { status, body, bytes } = await get('/schema');
    expect(status).toBe(200);
    expect(bytes).toBeLessThan(60_000);
    expect(body.total).toBe(LEDGERS + 1);
    expect(body).toMatchObject({ offset: 0, limit: 100, hasMore: true });
    expect(body.snapshot).toMatchObject({ tableCount: LEDGERS + 1, columnCount: 2 + LEDGERS * 12 + 1, source: 'warehouse' });
    expect(body.snapshot.hash).toMatch(/^[0-9a-f]{16,}$/);
    expect(Date.parse(body.snapshot.loadedAt)).not.toBeNaN();
    expect(body.tables).toHaveLength(100);
    expect(body.tables[0]).toEqual({ qualifiedName: 'public.account', schema: 'public', name: 'account', kind: 'table', comment: 'Customer accounts', rowEstimate: body.tables[0].rowEstimate, columnCount: 2 });
    expect(body.tables[1]).toMatchObject({ qualifiedName: 'public.ledger_0001', comment: 'Bookings of branch 1', columnCount: 12 });
    expect(body.tables[1]).not.toHaveProperty('columns');
  });

  it('pages with offset and limit: pages do not overlap, and together they list every table once', async () => {
    const page = await get('/schema?offset=100&limit=3');
    expect(names(page.body)).toEqual(['public.ledger_0100', 'public.ledger_0101', 'public.ledger_0102']);
    expect(page.body).toMatchObject({ total: LEDGERS + 1, offset: 100, limit: 3, hasMore: true });
    const last = await get('/schema?offset=1150&limit=100');
    expect(last.body.tables).toHaveLength(LEDGERS + 1 - 1150);
    expect(last.body.hasMore).toBe(false);
    expect(names(last.body).at(-1)).toBe(`public.${ledger(LEDGERS)}`);
    const all: string[] = [];
    for (let offset = 0; offset < LEDGERS + 1; offset += 500) all.push(...names((await get(`/schema?offset=${offset}&limit=500`)).body));
    expect(all).toHaveLength(LEDGERS + 1);
    expect(new Set(all).size).toBe(LEDGERS + 1);
    expect((await get('/schema?offset=5000')).body).toMatchObject({ total: LEDGERS + 1, tables: [], hasMore: false });
  });

  it('filters by a column name, a table comment, a column comment, and needs every word to match', async () => {
    expect(names((await get('/schema?q=iban_checksum')).body)).toEqual(['public.ledger_0500']);
    expect(names((await get('/schema?q=IBAN_CHECKSUM')).body)).toEqual(['public.ledger_0500']); // case does not matter
    expect(names((await get(`/schema?q=${encodeURIComponent('oslo reconciliation')}`)).body)).toEqual(['public.ledger_0042']);
    expect(names((await get(`/schema?q=${encodeURIComponent('refund granted')}`)).body)).toEqual(['public.ledger_0777']);
    // One word in the table's comment, the other a column name: still a match.
    expect(names((await get(`/schema?q=${encodeURIComponent('  Oslo   booked_on ')}`)).body)).toEqual(['public.ledger_0042']);
    expect((await get(`/schema?q=${encodeURIComponent('oslo iban_checksum')}`)).body).toMatchObject({ total: 0, tables: [], hasMore: false });
    const many = await get('/schema?q=branch&limit=10');
    expect(many.body).toMatchObject({ total: LEDGERS, hasMore: true });
    expect(names(many.body)[0]).toBe('public.ledger_0001');
    const accounts = await get('/schema?q=customer');
    expect(names(accounts.body)).toEqual(['public.account']);
  });

  it("serves one table's columns, primary key, foreign keys both ways and enum values", async () => {
    const { status, body } = await get(`/schema/tables/${encodeURIComponent('public.ledger_0100')}`);
    expect(status).toBe(200);
    const t = body.table as Json;
    expect(t).toMatchObject({ qualifiedName: 'public.ledger_0100', kind: 'table', comment: 'Bookings of branch 100', primaryKey: ['id'], partitionOf: null, referencedBy: [] });
    expect(t.columns).toHaveLength(12);
    expect(t.columns[0]).toMatchObject({ name: 'id', type: 'bigint', nullable: false });
    expect(t.columns.find((c: Json) => c.name === 'amount_cents')).toMatchObject({ type: 'bigint', nullable: true, comment: 'Amount booked, in cents' });
    expect(t.columns.find((c: Json) => c.name === 'c6')).toMatchObject({ type: 'numeric(10,2)' });
    expect(t.columns.find((c: Json) => c.name === 'status')).toMatchObject({ enumType: 'public.ledger_status' });
    expect(t.foreignKeys).toEqual([expect.objectContaining({ columns: ['account_id'], refSchema: 'public', refTable: 'account', refColumns: ['id'] })]);
    expect(t.enums).toEqual([{ schema: 'public', name: 'ledger_status', values: ['open', 'settled', 'void'] }]);
    expect(body.snapshot.tableCount).toBe(LEDGERS + 1);

    const account = (await get('/schema/tables/public.account')).body.table as Json;
    expect(account.enums).toEqual([]);
    expect(account.foreignKeys).toEqual([]);
    expect((account.referencedBy as Json[]).map((fk) => fk.fromTable)).toEqual(Array.from({ length: 12 }, (_, i) => ledger((i + 1) * 100)));
    expect(account.referencedBy[0]).toMatchObject({ fromSchema: 'public', columns: ['account_id'], refColumns: ['id'] });
  });

  it('answers 404 for a table the snapshot does not have', async () => {
    for (const name of ['public.no_such_table', 'no_such_schema.account', 'account']) {
      const { status, body } = await get(`/schema/tables/${encodeURIComponent(name)}`);
      expect(status, name).toBe(404);
      expect(body.error).toBe('no such table in the schema snapshot');
    }
  });

  it('answers 400 with one sentence for a bad limit, offset or filter', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'limit=-5']) {
      const { status, body } = await get(`/schema?${query}`);
      expect(status, query).toBe(400);
      expect(body.error).toBe('limit must be a whole number from 1 to 500');
    }
    expect((await get('/schema?offset=-1')).body.error).toMatch(/^offset must be a whole number/);
    const long = await get(`/schema?q=${'x'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body.error).toBe('q is at most 200 characters');
  });

  it('reads the cached snapshot, not the warehouse, until an admin refreshes it', async () => {
    await db.admin(`CREATE TABLE public.fresh_arrivals (id integer PRIMARY KEY); COMMENT ON TABLE public.fresh_arrivals IS 'Added after start'`);
    expect((await get('/schema?q=fresh_arrivals')).body.total).toBe(0);
    expect((await get('/schema/tables/public.fresh_arrivals')).status).toBe(404);
    const before = (await get('/schema?limit=1')).body.snapshot.hash as string;

    const refuse = await fetch(`${server.url}/api/web/schema/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, 'x-test-user': 'dana' }, body: '{}' });
    expect(refuse.status).toBe(403);
    const res = await fetch(`${server.url}/api/web/schema/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, 'x-test-user': 'erin' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).changes.join('\n')).toMatch(/Added table public\.fresh_arrivals/);

    const after = await get('/schema?q=fresh_arrivals');
    expect(names(after.body)).toEqual(['public.fresh_arrivals']);
    expect(after.body.snapshot.hash).not.toBe(before);
    expect(after.body.snapshot.tableCount).toBe(LEDGERS + 2);
    expect((await get('/schema/tables/public.fresh_arrivals')).body.table).toMatchObject({ comment: 'Added after start', primaryKey: ['id'] });
  });
});
