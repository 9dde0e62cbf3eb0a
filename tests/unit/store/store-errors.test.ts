import { DrizzleQueryError } from 'drizzle-orm';
import { LibsqlError } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { ThreadsqlError } from '../../../src/lib/errors.ts';
import { toStoreError, withStoreErrors } from '../../../src/store/store-errors.ts';

const libsql = (code: string, message = `${code}: boom`) => new LibsqlError(message, code);

describe('toStoreError', () => {
  it.each([
    ['SQLITE_BUSY', 'store_unavailable'],
    ['SQLITE_NOTADB', 'store_corrupt'],
    ['SQLITE_CORRUPT', 'store_corrupt'],
    ['SQLITE_READONLY', 'data_dir_unwritable'],
    ['SQLITE_CANTOPEN', 'data_dir_unwritable'],
    ['SQLITE_FULL', 'store_unavailable'],
    ['CLIENT_CLOSED', 'store_unavailable'],
    ['SQLITE_CONSTRAINT', 'internal'],
  ])('maps %s to %s', (code, expected) => {
    expect(toStoreError(libsql(code)).code).toBe(expected);
  });

  it("unwraps drizzle's query error and never carries its SQL parameters", () => {
    const wrapped = new DrizzleQueryError('insert into users values (?)', ['secret question text'], libsql('SQLITE_CONSTRAINT'));
    const error = toStoreError(wrapped);
    expect(error.cause).toBeInstanceOf(LibsqlError);
    expect(error.message).not.toContain('secret question text');
    expect(error.userMessage).not.toContain('secret question text');
  });

  it('names the file only when given one (start-up), never at run time', () => {
    expect(toStoreError(libsql('SQLITE_NOTADB'), { filePath: '/data/threadsql.db' }).userMessage).toContain('/data/threadsql.db');
    expect(toStoreError(libsql('SQLITE_NOTADB')).userMessage).not.toContain('/');
  });

  it('passes ThreadsqlErrors through', () => {
    const original = new ThreadsqlError('not_found', 'nope');
    expect(toStoreError(original)).toBe(original);
  });
});

describe('withStoreErrors', () => {
  it('turns whatever a repository method throws into a ThreadsqlError', async () => {
    const repo = withStoreErrors({
      async ok() {
        return 1;
      },
      async busy() {
        throw libsql('SQLITE_BUSY');
      },
    });
    expect(await repo.ok()).toBe(1);
    await expect(repo.busy()).rejects.toMatchObject({ name: 'ThreadsqlError', code: 'store_unavailable' });
  });
});
