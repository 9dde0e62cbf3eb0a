// The generic walk: a refused call or table is found in every clause, however it is hidden.
import { describe, expect, it } from 'vitest';
import { guardSql } from '../../../src/sql/guard.ts';
import { pagilaCatalog } from '../../fixtures/sql/corpus.ts';

const pagila = pagilaCatalog();

const POSITIONS: Array<[string, string]> = [
  ['the select list', 'SELECT {x} FROM film'],
  ['WHERE', 'SELECT 1 FROM film WHERE {x} IS NULL'],
  ['JOIN … ON', 'SELECT 1 FROM film JOIN language ON {x} IS NULL'],
  ['GROUP BY', 'SELECT 1 FROM film GROUP BY {x}'],
  ['GROUPING SETS', 'SELECT 1 FROM film GROUP BY GROUPING SETS (({x}), ())'],
  ['HAVING', 'SELECT 1 FROM film HAVING count({x}) > 0'],
  ['ORDER BY', 'SELECT 1 FROM film ORDER BY {x}'],
  ['LIMIT', 'SELECT 1 FROM film LIMIT (SELECT count({x}))'],
  ['OFFSET', 'SELECT 1 FROM film OFFSET (SELECT count({x}))'],
  ['FETCH FIRST', 'SELECT 1 FROM film FETCH FIRST (SELECT count({x})) ROWS ONLY'],
  ['a window PARTITION BY', 'SELECT row_number() OVER (PARTITION BY {x}) FROM film'],
  ['a window frame offset', 'SELECT sum(1) OVER (ORDER BY film_id ROWS BETWEEN (SELECT count({x})) PRECEDING AND CURRENT ROW) FROM film'],
  ['a named WINDOW', 'SELECT sum(1) OVER w FROM film WINDOW w AS (ORDER BY {x})'],
  ['an aggregate FILTER', 'SELECT count(*) FILTER (WHERE {x} IS NULL) FROM film'],
  ['an aggregate ORDER BY', "SELECT string_agg(title, ',' ORDER BY {x}) FROM film"],
  ['WITHIN GROUP', 'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY {x}) FROM film'],
  ['CASE', 'SELECT CASE WHEN {x} IS NULL THEN 1 ELSE 2 END FROM film'],
  ['COALESCE', 'SELECT coalesce(NULL, {x}) FROM film'],
  ['NULLIF', 'SELECT nullif(1, {x}) FROM film'],
  ['GREATEST', 'SELECT greatest(1, {x}) FROM film'],
  ['ARRAY[]', 'SELECT ARRAY[{x}] FROM film'],
  ['ARRAY(sub-select)', 'SELECT ARRAY(SELECT {x}) FROM film'],
  ['ROW()', 'SELECT ROW(1, {x}) FROM film'],
  ['a cast', 'SELECT CAST({x} AS text) FROM film'],
  ['a COLLATE', 'SELECT ({x})::text COLLATE "C" FROM film'],
  ['IN (sub-select)', 'SELECT 1 FROM film WHERE film_id IN (SELECT {x})'],
  ['EXISTS', 'SELECT 1 FROM film WHERE EXISTS (SELECT {x})'],
  ['= ANY (sub-select)', 'SELECT 1 FROM film WHERE film_id = ANY (SELECT {x})'],
  ['a scalar sub-select', 'SELECT (SELECT {x}) FROM film'],
  ['a derived table', 'SELECT * FROM (SELECT {x}) AS s'],
  ['LATERAL', 'SELECT * FROM film f CROSS JOIN LATERAL (SELECT {x}) AS s'],
  ['a CTE', 'WITH c AS (SELECT {x}) SELECT * FROM c'],
  ['a recursive CTE', 'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE {x} IS NULL) SELECT * FROM c'],
  ['a UNION branch', 'SELECT 1 UNION SELECT {x}'],
  ['a parenthesised set-operation branch', 'SELECT 1 UNION ALL (SELECT {x} EXCEPT SELECT 2)'],
  ['VALUES', 'VALUES (1), ({x})'],
  ['a FROM function argument', 'SELECT * FROM generate_series(1, {x}) AS g'],
  ['ROWS FROM', 'SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, {x})) AS t(a, b)'],
  ['TABLESAMPLE arguments', 'SELECT * FROM film TABLESAMPLE BERNOULLI ({x})'],
  ['TABLESAMPLE REPEATABLE', 'SELECT * FROM film TABLESAMPLE SYSTEM (1) REPEATABLE ({x})'],
  ['a named argument', 'SELECT make_interval(days => {x})'],
  ['a JSON_VALUE default (SQL/JSON)', "SELECT json_value('{}', '$.a' DEFAULT {x} ON ERROR)"],
  ['JSON_TABLE PASSING', "SELECT * FROM JSON_TABLE('[]', '$[*]' PASSING {x} AS v COLUMNS (a int PATH '$.a')) AS jt"],
  ['an array subscript', 'SELECT special_features[{x}] FROM film'],
  ['IS DISTINCT FROM', 'SELECT 1 FROM film WHERE film_id IS DISTINCT FROM {x}'],
  ['BETWEEN', 'SELECT 1 FROM film WHERE film_id BETWEEN 1 AND {x}'],
  ['LIKE', 'SELECT 1 FROM film WHERE title LIKE {x}'],
  ['DISTINCT ON', 'SELECT DISTINCT ON ({x}) title FROM film'],
];

describe('the walk checks every clause', () => {
  it.each(POSITIONS)('finds a refused function in %s', async (_where, template) => {
    const v = await guardSql(template.replace('{x}', 'pg_sleep(1)'), pagila);
    expect(v).toMatchObject({ ok: false, rule: 'function_not_allowed' });
  });

  it.each(POSITIONS)('finds a system catalog in %s', async (_where, template) => {
    const v = await guardSql(template.replace('{x}', '(SELECT count(*) FROM pg_authid)'), pagila);
    expect(v).toMatchObject({ ok: false, rule: 'unknown_relation' });
  });

  it.each(POSITIONS)('admits a vetted function in %s', async (_where, template) => {
    const v = await guardSql(template.replace('{x}', 'abs(1)'), pagila);
    expect(v).toMatchObject({ ok: true });
  });

  it('finds a refused call in attribute notation', async () => {
    expect(await guardSql('SELECT f.pg_sleep FROM film f', pagila)).toMatchObject({ ok: false, rule: 'function_not_allowed' });
    expect(await guardSql('SELECT (f).set_config FROM film f', pagila)).toMatchObject({ ok: false, rule: 'function_not_allowed' });
  });

  it('refuses a TABLESAMPLE method that is not built in', async () => {
    expect(await guardSql('SELECT * FROM film TABLESAMPLE system_time (10)', pagila)).toMatchObject({
      ok: false,
      rule: 'function_not_allowed',
      reason: 'The TABLESAMPLE method system_time is not allowed; use BERNOULLI or SYSTEM.',
    });
  });

  it('refuses syntax nobody vetted instead of walking past it', async () => {
    expect(await guardSql("SELECT * FROM XMLTABLE('/a' PASSING ('<a/>'::xml) COLUMNS b int) AS x", pagila)).toMatchObject({
      ok: false,
      rule: 'unsupported_syntax',
      reason: 'threadsql does not allow XMLTABLE in queries, so it refused this one to be safe.',
    });
  });

  it('refuses catalog-lookup casts anywhere, including arrays of them', async () => {
    for (const sql of ["SELECT ARRAY['film']::regclass[]", "SELECT 1 FROM film WHERE 'pg_sleep'::pg_catalog.regproc IS NULL"]) {
      expect(await guardSql(sql, pagila)).toMatchObject({ ok: false, rule: 'type_not_allowed' });
    }
  });

  it('refuses an unvetted operator in ANY, ORDER BY … USING and OPERATOR()', async () => {
    for (const sql of [
      'SELECT 1 FROM film WHERE film_id OPERATOR(public.=) ANY (ARRAY[1])',
      'SELECT 1 FROM film ORDER BY film_id USING <=>',
      'SELECT film_id OPERATOR(attacker.+) 1 FROM film',
    ]) {
      expect(await guardSql(sql, pagila)).toMatchObject({ ok: false, rule: 'operator_not_allowed' });
    }
  });
});
