import { describe, expect, it } from 'vitest';
import { findTable, formatSchemaOverview, formatTable, suggestTables } from '../../../src/warehouse/schema-format.ts';
import type { SchemaColumn, SchemaDescription, SchemaTable } from '../../../src/warehouse/schema-types.ts';

function col(name: string, type: string, extra: Partial<SchemaColumn> = {}): SchemaColumn {
  return { name, type, nullable: true, default: null, comment: null, ...extra };
}

function table(qualified: string, columns: SchemaColumn[], extra: Partial<SchemaTable> = {}): SchemaTable {
  const [schema = '', name = ''] = qualified.split('.');
  return { schema, name, kind: 'table', comment: null, rowEstimate: null, columns, primaryKey: [], foreignKeys: [], ...extra };
}

const desc: SchemaDescription = {
  tables: [
    table('public.customer', [col('customer_id', 'integer', { nullable: false }), col('email', 'text')], {
      primaryKey: ['customer_id'],
      rowEstimate: 599,
      comment: 'People who rent films.\nOne row each.',
    }),
    table(
      'public.film',
      [
        col('film_id', 'integer', { nullable: false, default: "nextval('film_film_id_seq'::regclass)" }),
        col('title', 'text', { nullable: false, comment: 'Shown on the box' }),
        col('release_year', 'year', { domainBase: 'integer' }),
        col('language_id', 'integer', { nullable: false }),
        col('rating', 'mpaa_rating', { default: "'G'::mpaa_rating", enumType: 'public.mpaa_rating' }),
      ],
      {
        primaryKey: ['film_id'],
        rowEstimate: 1000,
        foreignKeys: [
          { name: 'film_language_id_fkey', columns: ['language_id'], refSchema: 'public', refTable: 'language', refColumns: ['language_id'] },
        ],
      },
    ),
    table('public.film_list', [col('fid', 'integer'), col('title', 'text')], { kind: 'view' }),
    table('public.language', [col('language_id', 'integer', { nullable: false }), col('name', 'character(20)', { nullable: false })], {
      primaryKey: ['language_id'],
      rowEstimate: 6,
    }),
    table('public.payment', [col('payment_id', 'integer'), col('amount', 'numeric(5,2)')], { kind: 'partitioned_table', rowEstimate: 16049 }),
    table('public.payment_p2022_01', [col('payment_id', 'integer'), col('amount', 'numeric(5,2)')], {
      partitionOf: 'public.payment',
      rowEstimate: 723,
    }),
    table('public.payment_p2022_02', [col('payment_id', 'integer'), col('amount', 'numeric(5,2)')], {
      partitionOf: 'public.payment',
      rowEstimate: 2401,
    }),
    table('sales.film', [col('id', 'integer')], { rowEstimate: 2_345_678, comment: 'x'.repeat(100) }),
  ],
  enums: [{ schema: 'public', name: 'mpaa_rating', values: ['G', 'PG', 'PG-13', 'R', 'NC-17'] }],
  searchPath: ['public'],
};

describe('formatSchemaOverview', () => {
  it('prints one aligned line per table with kind, columns, rows and comment, folding partitions', () => {
    expect(formatSchemaOverview(desc)).toBe(
      [
        '6 relations (plus 2 partitions); search path: public',
        'public.customer   table              2 cols    ~599 rows  People who rent films. One row each.',
        'public.film       table              5 cols  ~1,000 rows',
        'public.film_list  view               2 cols',
        'public.language   table              2 cols      ~6 rows',
        'public.payment    partitioned table  2 cols    ~16k rows  [2 partitions]',
        `sales.film        table               1 col   ~2.3M rows  ${'x'.repeat(59)}…`,
      ].join('\n'),
    );
  });

  it('lists partitions on their own lines when asked', () => {
    const text = formatSchemaOverview(desc, { includePartitions: true });
    expect(text.split('\n')[0]).toBe('8 relations; search path: public');
    expect(text).toContain('public.payment_p2022_01  table              2 cols    ~723 rows  [partition of public.payment]');
  });

  it('marks tables never analysed and says when nothing is visible', () => {
    const t = table('public.fresh', [col('a', 'integer')]);
    expect(formatSchemaOverview({ tables: [t], enums: [], searchPath: [] })).toBe(
      ['1 relation; search path: (none)', 'public.fresh  table  1 col  ? rows'].join('\n'),
    );
    expect(formatSchemaOverview({ tables: [], enums: [], searchPath: ['public'] })).toBe(
      '0 relations; search path: public\nNo tables or views are visible to this role.',
    );
  });
});

describe('formatTable', () => {
  it('prints aligned columns, primary key, foreign keys and enum values', () => {
    expect(formatTable(desc, 'film')).toBe(
      [
        'public.film (table, ~1,000 rows)',
        '',
        '  column        type            nullable  default                                comment',
        "  film_id       integer         not null  nextval('film_film_id_seq'::regclass)",
        '  title         text            not null                                         Shown on the box',
        '  release_year  year (integer)',
        '  language_id   integer         not null',
        "  rating        mpaa_rating               'G'::mpaa_rating",
        '',
        'Primary key: (film_id)',
        '',
        'Foreign keys:',
        '  language_id → public.language(language_id)',
        '',
        'Enum values:',
        '  rating (mpaa_rating): G, PG, PG-13, R, NC-17',
      ].join('\n'),
    );
  });

  it('shows the tables that reference this one and the comment', () => {
    const text = formatTable(desc, 'language') ?? '';
    expect(text).toContain('Referenced by:\n  public.film(language_id) → language_id');
    expect(formatTable(desc, 'customer')).toContain('People who rent films. One row each.');
  });

  it('drops empty default and comment columns (a view)', () => {
    expect(formatTable(desc, 'public.film_list')).toBe(
      ['public.film_list (view)', '', '  column  type', '  fid     integer', '  title   text'].join('\n'),
    );
  });

  it('lists the partitions of a partitioned table and the parent of a partition', () => {
    expect(formatTable(desc, 'payment')).toContain('Partitions (2): public.payment_p2022_01, public.payment_p2022_02');
    expect(formatTable(desc, 'payment_p2022_01')).toContain('Partition of public.payment.');
  });

  it('returns undefined for an unknown table', () => {
    expect(formatTable(desc, 'nope')).toBeUndefined();
  });
});

describe('findTable', () => {
  it('finds by name or schema.name, case-insensitively and with quotes', () => {
    expect(findTable(desc, 'FILM')?.schema).toBe('public');
    expect(findTable(desc, 'Sales.Film')?.schema).toBe('sales');
    expect(findTable(desc, '"public"."film"')?.name).toBe('film');
    expect(findTable(desc, ' public.film_list ')?.kind).toBe('view');
  });

  it('resolves an unqualified name through the search path first', () => {
    expect(findTable({ ...desc, searchPath: ['sales', 'public'] }, 'film')?.schema).toBe('sales');
    expect(findTable(desc, 'film')?.schema).toBe('public');
  });

  it('rejects malformed names', () => {
    expect(findTable(desc, '')).toBeUndefined();
    expect(findTable(desc, 'a.b.c')).toBeUndefined();
    expect(findTable(desc, 'public.')).toBeUndefined();
  });
});

describe('suggestTables', () => {
  it('suggests close matches for typos, best first', () => {
    expect(suggestTables(desc, 'flim')[0]).toBe('public.film');
    expect(suggestTables(desc, 'custmer')).toEqual(['public.customer']);
    expect(suggestTables(desc, 'public.langauge')).toEqual(['public.language']);
  });

  it('suggests tables containing the word', () => {
    expect(suggestTables(desc, 'payments')).toContain('public.payment');
    expect(suggestTables(desc, 'film_lis')).toContain('public.film_list');
  });

  it('suggests nothing for an unrelated word', () => {
    expect(suggestTables(desc, 'zebra')).toEqual([]);
  });
});
