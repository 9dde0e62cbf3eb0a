import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { ThreadsqlError } from '../../../src/lib/errors.ts';

function fails(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/app');
  } catch (e) {
    expect(e).toBeInstanceOf(ThreadsqlError);
    return (e as ThreadsqlError).userMessage;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no settings at all', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      databaseUrl: undefined,
      dataDir: '/srv/app/data',
      store: { url: 'file:/srv/app/data/threadsql.db', isFile: true, filePath: '/srv/app/data/threadsql.db' },
      statementTimeoutMs: 30_000,
      pageSize: 500,
      exportRowLimit: 10_000,
      maxRows: 1_000_000,
      kbDir: '/srv/app/kb',
      schemas: undefined,
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every variable', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://ro@db:5432/wh',
        THREADSQL_DATA_DIR: '/var/lib/tsql',
        THREADSQL_STORE_URL: 'libsql://team.turso.io',
        THREADSQL_STORE_AUTH_TOKEN: 'tok-123456',
        THREADSQL_STATEMENT_TIMEOUT_MS: '5000',
        THREADSQL_PAGE_SIZE: '100',
        THREADSQL_EXPORT_ROW_LIMIT: '2000',
        THREADSQL_MAX_ROWS: '50000',
        THREADSQL_KB_DIR: 'examples',
        THREADSQL_SCHEMAS: 'public, sales ,',
        THREADSQL_ADMINS: 'slack:U1, teams:29:abc',
        PORT: '8080',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'debug',
      },
      '/srv/app',
    );
    expect(c.store).toEqual({ url: 'libsql://team.turso.io', isFile: false, filePath: undefined, authToken: 'tok-123456' });
    expect(c.schemas).toEqual(['public', 'sales']);
    expect([...c.admins]).toEqual(['slack:U1', 'teams:29:abc']);
    expect(c).toMatchObject({ statementTimeoutMs: 5000, pageSize: 100, exportRowLimit: 2000, maxRows: 50_000, port: 8080, kbDir: '/srv/app/examples' });
  });

  it.each([
    [{ THREADSQL_PAGE_SIZE: 'lots' }, /^THREADSQL_PAGE_SIZE: .*\(got "lots"\); for example THREADSQL_PAGE_SIZE=500$/],
    [{ THREADSQL_STATEMENT_TIMEOUT_MS: '-5' }, /^THREADSQL_STATEMENT_TIMEOUT_MS: .*for example THREADSQL_STATEMENT_TIMEOUT_MS=30000$/],
    [{ PORT: '70000' }, /^PORT: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL: /],
    [{ DATABASE_URL: 'mysql://root@db/x' }, /^DATABASE_URL: only PostgreSQL/],
  ])('stops with one line naming the variable, the problem and a good example: %o', (env, pattern) => {
    const message = fails(env);
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never shows a password from a bad value', () => {
    const message = fails({ DATABASE_URL: 'mysql://root:hunter2pw@db/x' });
    expect(message).not.toContain('hunter2pw');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }, '/x')).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });
});
