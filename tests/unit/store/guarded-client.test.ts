// The guarded client's routing and recovery, against a scripted fake of @libsql/client.
import { LibsqlError, type Client, type InStatement, type ResultSet, type TransactionMode } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/lib/logger.ts';
import { createGuardedClient } from '../../../src/store/guarded-client.ts';

const RESULT = { rows: [], columns: [], columnTypes: [], rowsAffected: 1, lastInsertRowid: undefined, toJSON: () => ({}) } as ResultSet;

/** Records every call; `failures` are thrown, in order, by the next calls that reach it. */
function fakeClient(failures: Error[] = []) {
  const calls: string[] = [];
  const next = () => {
    const failure = failures.shift();
    if (failure) throw failure;
  };
  const client = {
    closed: false,
    protocol: 'file',
    async execute(stmt: InStatement) {
      calls.push(`execute ${typeof stmt === 'string' ? stmt : stmt.sql}`);
      next();
      return RESULT;
    },
    async batch(stmts: InStatement[], mode?: TransactionMode) {
      calls.push(`batch(${mode}) ${stmts.map((s) => (typeof s === 'string' ? s : s.sql)).join('; ')}`);
      next();
      return stmts.map(() => RESULT);
    },
    async executeMultiple(sql: string) {
      calls.push(`executeMultiple ${sql}`);
    },
    async reconnect() {
      calls.push('reconnect');
    },
    close() {
      calls.push('close');
    },
  };
  return { client: client as unknown as Client, calls };
}

const options = { canReconnect: true, connectionSetupSql: 'PRAGMA foreign_keys = ON;', logger: silentLogger };

describe('guarded libSQL client', () => {
  it('runs reads as they are and every write inside BEGIN IMMEDIATE (batch mode write)', async () => {
    const { client, calls } = fakeClient();
    const guarded = createGuardedClient(client, options);
    await guarded.execute('select 1');
    await guarded.execute({ sql: 'insert into t values (?)', args: [1] });
    await guarded.batch([{ sql: 'update t set x = 1', args: [] }]);
    await guarded.batch([{ sql: 'select 2', args: [] }]);
    expect(calls).toEqual([
      'execute select 1',
      'batch(write) insert into t values (?)',
      'batch(write) update t set x = 1',
      'batch(deferred) select 2',
    ]);
  });

  it('refuses interactive transactions', async () => {
    const guarded = createGuardedClient(fakeClient().client, options);
    await expect(guarded.transaction()).rejects.toThrow(/batch/);
  });

  it('replaces the connection and retries once after the stuck-statement COMMIT failure', async () => {
    const stuck = new LibsqlError('SQLITE_BUSY: cannot commit transaction - SQL statements in progress', 'SQLITE_BUSY');
    const { client, calls } = fakeClient([stuck]);
    const guarded = createGuardedClient(client, options);
    await guarded.execute('insert into t values (1)');
    expect(calls).toEqual([
      'batch(write) insert into t values (1)',
      'reconnect',
      'executeMultiple PRAGMA foreign_keys = ON;',
      'batch(write) insert into t values (1)',
    ]);
    expect(guarded.reconnects).toBe(1);
  });

  it('replaces the connection but does not retry a lock wait that outlasted busy_timeout', async () => {
    const timedOut = new LibsqlError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY');
    const { client, calls } = fakeClient([timedOut]);
    const guarded = createGuardedClient(client, options);
    await expect(guarded.execute('insert into t values (1)')).rejects.toBe(timedOut);
    expect(calls).toEqual(['batch(write) insert into t values (1)', 'reconnect', 'executeMultiple PRAGMA foreign_keys = ON;']);
  });

  it('retries a call that our own reconnect closed before it ran', async () => {
    const closed = new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    const { client, calls } = fakeClient([closed]);
    const guarded = createGuardedClient(client, options);
    await guarded.execute('select 1');
    expect(calls).toEqual(['execute select 1', 'execute select 1']);
  });

  it('never reconnects a store that cannot (memory, remote) and never retries after close()', async () => {
    const busy = new LibsqlError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY');
    const memory = fakeClient([busy]);
    await expect(createGuardedClient(memory.client, { ...options, canReconnect: false }).execute('select 1')).rejects.toBe(busy);
    expect(memory.calls).toEqual(['execute select 1']);

    const closed = new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    const file = fakeClient([closed]);
    const guarded = createGuardedClient(file.client, options);
    guarded.close();
    await expect(guarded.execute('select 1')).rejects.toBe(closed);
  });
});
