import { describe, expect, it } from 'vitest';
import { WarehouseDownError, WarehouseQueryError } from '../../../../src/lib/errors.ts';
import { toParamText } from '../../../../src/warehouse/demo/demo-warehouse.ts';
import { sqlstateMeaning, toThreadsqlError } from '../../../../src/warehouse/demo/pglite-errors.ts';

describe('demo warehouse error mapping', () => {
  it("keeps the database's own message and SQLSTATE", () => {
    const err = toThreadsqlError({ kind: 'database', message: 'column "foo" does not exist', sqlstate: '42703' });
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect(err.userMessage).toBe('column "foo" does not exist');
    expect((err as WarehouseQueryError).sqlstate).toBe('42703');
  });

  it('treats a failure of the worker itself as the warehouse being down, without internals in the message', () => {
    const err = toThreadsqlError({ kind: 'internal', message: 'RuntimeError: unreachable', stack: 'at wasm…' });
    expect(err).toBeInstanceOf(WarehouseDownError);
    expect(err.userMessage).not.toContain('unreachable');
  });

  it('names SQLSTATE conditions and classes', () => {
    expect(sqlstateMeaning('25006')).toBe('25006 read_only_sql_transaction (invalid transaction state)');
    expect(sqlstateMeaning('42P99')).toBe('42P99 (syntax error or access rule violation)');
  });
});

describe('demo catalog query parameters', () => {
  it('are sent as PostgreSQL text', () => {
    expect(toParamText(null)).toBeNull();
    expect(toParamText(undefined)).toBeNull();
    expect(toParamText('public')).toBe('public');
    expect(toParamText(42)).toBe('42');
    expect(toParamText(false)).toBe('f');
    expect(toParamText(['a', 'b"c', null])).toBe('{"a","b\\"c",NULL}');
    expect(toParamText([[1, 2], [3, 4]])).toBe('{{"1","2"},{"3","4"}}');
    expect(toParamText({ a: 1 })).toBe('{"a":1}');
  });
});
