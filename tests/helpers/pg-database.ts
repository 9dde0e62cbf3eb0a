// Each integration test that needs PostgreSQL creates its own uniquely named database on the
// machine's server (127.0.0.1:5432, or PG_ADMIN_URL) and drops it afterwards.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Run SQL as the admin (superuser) inside the test database: setup only. */
  admin(sql: string): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'tsql'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const root = new pg.Client({ connectionString: ADMIN_URL });
  await root.connect();
  try {
    await root.query(`CREATE DATABASE "${name}"`);
  } finally {
    await root.end();
  }
  const url = withDatabase(ADMIN_URL, name);
  const adminClient = new pg.Client({ connectionString: url });
  await adminClient.connect();
  return {
    name,
    url,
    admin: (sql) => adminClient.query(sql),
    async drop() {
      await adminClient.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A login role with only SELECT on the public schema: what the README tells operators to create. */
export async function createReadOnlyRole(db: TestDatabase): Promise<string> {
  const role = `${db.name}_ro`;
  await db.admin(`CREATE ROLE "${role}" LOGIN`);
  await db.admin(`GRANT CONNECT ON DATABASE "${db.name}" TO "${role}"`);
  await db.admin(`GRANT USAGE ON SCHEMA public TO "${role}"`);
  await db.admin(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${role}"`);
  return withUser(db.url, role);
}

export async function dropRole(db: TestDatabase, url: string): Promise<void> {
  const role = new URL(url).username;
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await c.end();
  }
}

/** Load Pagila (schema + data) from ../shared/datasets/pagila into the test database. */
export async function loadPagila(db: TestDatabase): Promise<void> {
  const dir = path.resolve(import.meta.dirname, '../../../shared/datasets/pagila');
  for (const file of ['pagila-schema.sql', 'pagila-data.sql']) {
    const sql = await readFile(path.join(dir, file), 'utf8');
    await runScript(db.url, sql);
  }
}

async function runScript(url: string, sql: string): Promise<void> {
  // pg_dump output uses COPY … FROM stdin blocks, which the simple protocol cannot feed; psql can.
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const p = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-X', url], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${err.slice(0, 2000)}`))));
    p.stdin.end(sql);
  });
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}
