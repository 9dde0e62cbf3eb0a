import { describe, expect, it } from 'vitest';
import { describeChanges, diffSchemas, isEmptyChange } from '../../../src/warehouse/schema-diff.ts';
import type { SchemaColumn, SchemaDescription, SchemaTable } from '../../../src/warehouse/schema-types.ts';

function col(name: string, type = 'integer', extra: Partial<SchemaColumn> = {}): SchemaColumn {
  return { name, type, nullable: true, default: null, comment: null, ...extra };
}

function table(qualified: string, columns: SchemaColumn[], extra: Partial<SchemaTable> = {}): SchemaTable {
  const [schema = '', name = ''] = qualified.split('.');
  return { schema, name, kind: 'table', comment: null, rowEstimate: null, columns, primaryKey: [], foreignKeys: [], ...extra };
}

const before: SchemaDescription = {
  tables: [
    table('public.customers', [col('customer_id', 'integer', { nullable: false }), col('email', 'text')], { primaryKey: ['customer_id'] }),
    table('public.orders', [
      col('order_id', 'integer', { nullable: false }),
      col('customer_id'),
      col('amount', 'integer'),
      col('note', 'text'),
    ]),
    table('public.scratch', [col('x')]),
  ],
  enums: [{ schema: 'public', name: 'status', values: ['new', 'paid'] }],
  searchPath: ['public'],
};

function edit(fn: (d: SchemaDescription) => void): SchemaDescription {
  const d = structuredClone(before);
  fn(d);
  return d;
}

function tableIn(d: SchemaDescription, name: string): SchemaTable {
  const t = d.tables.find((x) => `${x.schema}.${x.name}` === name);
  if (!t) throw new Error(name);
  return t;
}

describe('describeChanges', () => {
  it('says so when nothing changed, even if row estimates moved', () => {
    const after = edit((d) => (tableIn(d, 'public.orders').rowEstimate = 5000));
    const change = diffSchemas(before, after);
    expect(isEmptyChange(change)).toBe(true);
    expect(describeChanges(change)).toEqual(['No changes: the schema is the same as before.']);
  });

  it('summarises a first snapshot in one sentence', () => {
    const after = edit((d) => {
      d.tables.push(table('public.v', [col('a')], { kind: 'view' }));
      d.tables.push(table('public.p', [col('a')], { kind: 'partitioned_table' }));
      d.tables.push(table('public.p1', [col('a')], { partitionOf: 'public.p' }));
    });
    expect(describeChanges(diffSchemas(undefined, after))).toEqual([
      'First schema snapshot: 3 tables, 1 partitioned table, 1 partition, 1 view; 10 columns.',
    ]);
  });

  it('reports added and removed tables', () => {
    const after = edit((d) => {
      d.tables = d.tables.filter((t) => t.name !== 'scratch');
      d.tables.push(table('public.returns', ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => col(n))));
      d.tables.push(table('sales.summary', [col('total', 'numeric')], { kind: 'materialized_view' }));
    });
    expect(describeChanges(diffSchemas(before, after))).toEqual([
      'Added table public.returns (6 columns).',
      'Added materialized view sales.summary (1 column).',
      'Removed table public.scratch.',
    ]);
  });

  it('reports column changes per table in one sentence', () => {
    const after = edit((d) => {
      const orders = tableIn(d, 'public.orders');
      orders.columns = orders.columns.filter((c) => c.name !== 'note');
      orders.columns.push(col('discount', 'numeric(5,2)'));
      orders.columns[2]!.type = 'bigint';
      tableIn(d, 'public.customers').columns[1]!.nullable = false;
    });
    expect(describeChanges(diffSchemas(before, after))).toEqual([
      'public.customers: column email is now NOT NULL.',
      'public.orders: column amount type changed from integer to bigint; column discount added (numeric(5,2)); column note removed.',
    ]);
  });

  it('reports keys, defaults, comments and column order', () => {
    const after = edit((d) => {
      const orders = tableIn(d, 'public.orders');
      orders.primaryKey = ['order_id'];
      orders.foreignKeys = [
        { name: 'orders_customer_fk', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['customer_id'] },
      ];
      orders.columns[0]!.default = "nextval('orders_order_id_seq'::regclass)";
      orders.comment = 'One row per order';
      const c = tableIn(d, 'public.customers');
      c.columns.reverse();
      c.primaryKey = [];
    });
    expect(describeChanges(diffSchemas(before, after))).toEqual([
      'public.customers: column order changed; primary key removed.',
      "public.orders: column order_id default now nextval('orders_order_id_seq'::regclass); primary key now (order_id); " +
        'foreign key (customer_id) → public.customers(customer_id) added; comments changed.',
    ]);
  });

  it('folds partitions that changed exactly like their parent into its line', () => {
    const withPartitions = edit((d) => {
      d.tables.push(table('public.pay', [col('id')], { kind: 'partitioned_table' }));
      d.tables.push(table('public.pay_1', [col('id')], { partitionOf: 'public.pay' }));
      d.tables.push(table('public.pay_2', [col('id')], { partitionOf: 'public.pay' }));
    });
    const after = structuredClone(withPartitions);
    for (const t of after.tables) if (t.name.startsWith('pay')) t.columns.push(col('note', 'text'));
    expect(describeChanges(diffSchemas(withPartitions, after))).toEqual([
      'public.pay: column note added (text) (the same in its 2 partitions).',
    ]);
  });

  it('names an added partition as such', () => {
    const after = edit((d) => d.tables.push(table('public.pay_3', [col('id')], { partitionOf: 'public.pay' })));
    expect(describeChanges(diffSchemas(before, after))).toEqual(['Added partition public.pay_3 of public.pay (1 column).']);
  });

  it('reports enum and search path changes', () => {
    const after = edit((d) => {
      d.enums[0]!.values.push('refunded');
      d.enums.push({ schema: 'public', name: 'mood', values: ['sad', 'ok'] });
      d.searchPath = ['sales', 'public'];
    });
    expect(describeChanges(diffSchemas(before, after))).toEqual([
      'Enum public.status: value refunded added (now new, paid, refunded).',
      'Added enum public.mood (sad, ok).',
      'Search path changed from public to sales, public.',
    ]);
  });

  it('caps a long list and counts the rest', () => {
    const after = edit((d) => {
      for (let i = 0; i < 100; i++) d.tables.push(table(`public.t${i}`, [col('a')]));
    });
    const lines = describeChanges(diffSchemas(before, after), { maxLines: 10 });
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe('…and 91 more changes.');
  });
});

describe('diffSchemas', () => {
  it('returns the changes as data', () => {
    const after = edit((d) => (tableIn(d, 'public.customers').columns[1]!.nullable = false));
    const change = diffSchemas(before, after);
    expect(change.tablesChanged).toHaveLength(1);
    expect(change.tablesChanged[0]).toMatchObject({
      table: 'public.customers',
      columns: [{ kind: 'nullability_changed', column: 'email', nullable: false }],
    });
    expect(change.totals).toMatchObject({ tableCount: 3, columnCount: 7 });
  });
});
