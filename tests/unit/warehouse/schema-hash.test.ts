import { describe, expect, it } from 'vitest';
import { canonicalSchemaJson, schemaHash, stableStringify } from '../../../src/warehouse/schema-hash.ts';
import type { SchemaDescription, SchemaTable } from '../../../src/warehouse/schema-types.ts';

function table(schema: string, name: string, extra: Partial<SchemaTable> = {}): SchemaTable {
  return {
    schema,
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns: [
      { name: 'id', type: 'integer', nullable: false, default: null, comment: null },
      { name: 'amount', type: 'numeric(10,2)', nullable: true, default: null, comment: null },
    ],
    primaryKey: ['id'],
    foreignKeys: [],
    ...extra,
  };
}

const base: SchemaDescription = {
  tables: [
    table('public', 'orders', {
      foreignKeys: [
        { name: 'a_fk', columns: ['id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'] },
        { name: 'b_fk', columns: ['id'], refSchema: 'sales', refTable: 'items', refColumns: ['id'] },
      ],
    }),
    table('public', 'customers'),
    table('sales', 'items'),
  ],
  enums: [
    { schema: 'public', name: 'status', values: ['new', 'paid'] },
    { schema: 'public', name: 'mood', values: ['sad', 'ok'] },
  ],
  searchPath: ['public', 'sales'],
};

function clone(d: SchemaDescription): SchemaDescription {
  return structuredClone(d);
}

describe('schemaHash', () => {
  it('is a sha256 hex digest', () => {
    expect(schemaHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same schema listed in another order', () => {
    const shuffled = clone(base);
    shuffled.tables.reverse();
    shuffled.enums.reverse();
    shuffled.tables[2]!.foreignKeys.reverse();
    expect(schemaHash(shuffled)).toBe(schemaHash(base));
  });

  it('ignores the order of object keys', () => {
    const t = base.tables[0]!;
    const reordered: SchemaTable = {
      foreignKeys: t.foreignKeys,
      primaryKey: t.primaryKey,
      columns: t.columns.map((c) => ({ comment: c.comment, default: c.default, nullable: c.nullable, type: c.type, name: c.name })),
      rowEstimate: t.rowEstimate,
      comment: t.comment,
      kind: t.kind,
      name: t.name,
      schema: t.schema,
    };
    expect(schemaHash({ ...base, tables: [reordered, ...base.tables.slice(1)] })).toBe(schemaHash(base));
  });

  it('ignores row estimates, which drift with every ANALYZE', () => {
    const analysed = clone(base);
    analysed.tables[0]!.rowEstimate = 123_456;
    analysed.tables[1]!.rowEstimate = null;
    expect(schemaHash(analysed)).toBe(schemaHash(base));
    expect(canonicalSchemaJson(base)).not.toContain('rowEstimate');
  });

  it('changes when a column type changes', () => {
    const changed = clone(base);
    changed.tables[0]!.columns[1]!.type = 'numeric(12,2)';
    expect(schemaHash(changed)).not.toBe(schemaHash(base));
  });

  it('changes when columns are reordered, a comment changes, an enum gains a value, or the search path changes', () => {
    const h = schemaHash(base);
    const reordered = clone(base);
    reordered.tables[0]!.columns.reverse();
    const commented = clone(base);
    commented.tables[1]!.comment = 'Our customers';
    const enumGrown = clone(base);
    enumGrown.enums[0]!.values.push('refunded');
    const path = clone(base);
    path.searchPath.reverse();
    for (const d of [reordered, commented, enumGrown, path]) expect(schemaHash(d)).not.toBe(h);
  });

  it('treats an absent optional field like a missing one', () => {
    const withUndefined = clone(base);
    withUndefined.tables[0]!.partitionOf = undefined;
    expect(schemaHash(withUndefined)).toBe(schemaHash(base));
  });
});

describe('stableStringify', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(stableStringify({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });
});
