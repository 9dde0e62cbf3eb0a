import { describe, expect, it } from 'vitest';
import { catalogFromNames } from '../../../src/sql/catalog.ts';
import { guardSql, type GuardVerdict } from '../../../src/sql/guard.ts';
import { pagilaCatalog } from '../../fixtures/sql/corpus.ts';

const pagila = pagilaCatalog();

async function refusal(sql: string, catalog = pagila): Promise<{ rule: string; reason: string }> {
  const v = await guardSql(sql, catalog);
  if (v.ok) throw new Error(`expected a refusal, got ok for: ${sql}`);
  return { rule: v.rule, reason: v.reason };
}

async function admitted(sql: string, catalog = pagila): Promise<Extract<GuardVerdict, { ok: true }>> {
  const v = await guardSql(sql, catalog);
  if (!v.ok) throw new Error(`expected ok, got ${v.rule}: ${v.reason}`);
  return v;
}

describe('guardSql admits read-only statements', () => {
  it.each([
    ['a plain SELECT', 'SELECT title FROM film'],
    ['WITH … SELECT', 'WITH t AS (SELECT 1 AS x) SELECT x FROM t'],
    ['VALUES', "VALUES (1, 'a'), (2, 'b')"],
    ['TABLE x', 'TABLE category'],
    ['UNION / INTERSECT / EXCEPT', 'SELECT 1 UNION SELECT 2 INTERSECT SELECT 2 EXCEPT SELECT 3'],
    ['a recursive CTE', 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t'],
    ['FROM ONLY (harmless: it only skips child tables)', 'SELECT count(*) FROM ONLY payment'],
    ['a cast to the schema enum', "SELECT title FROM film WHERE rating = 'PG'::public.mpaa_rating"],
    ['regconfig (text search configuration names reveal nothing)', "SELECT to_tsvector('english'::regconfig, title) FROM film"],
    ['random() (volatile but harmless)', 'SELECT title FROM film ORDER BY random() LIMIT 3'],
    ['SQL-standard syntax that becomes pg_catalog calls', "SELECT extract(year FROM rental_date), substring(title FROM 1 FOR 3), trim(both ' ' FROM title), position('A' IN title), rental_date AT TIME ZONE 'UTC' FROM rental JOIN inventory USING (inventory_id) JOIN film USING (film_id)"],
    ['LIKE … ESCAPE and SIMILAR TO', "SELECT title FROM film WHERE title LIKE 'A!%%' ESCAPE '!' OR title SIMILAR TO 'B%'"],
    ['SQL value functions', 'SELECT current_date, current_timestamp, localtime, current_user, session_user'],
    ['JSON operators', "SELECT to_jsonb(f) ->> 'title', to_jsonb(f) #> '{length}', to_jsonb(f) ? 'rating' FROM film f"],
    ['pg_catalog-qualified allowed functions', 'SELECT pg_catalog.count(*), pg_catalog.lower(title) FROM film GROUP BY title'],
    ['OPERATOR(pg_catalog.+)', 'SELECT film_id OPERATOR(pg_catalog.+) 1 FROM film'],
    ['TABLESAMPLE with a built-in method', 'SELECT count(*) FROM film TABLESAMPLE BERNOULLI (5) REPEATABLE (1)'],
    ['SQL/JSON syntax over vetted calls', "SELECT json_value('{\"a\": 1}', '$.a' DEFAULT lower('x') ON ERROR)"],
  ])('admits %s', async (_name, sql) => {
    await admitted(sql);
  });

  it('returns the statement with surrounding whitespace and trailing semicolons trimmed', async () => {
    const v = await admitted('  \n SELECT title FROM film ;; \n ');
    expect(v.sql).toBe('SELECT title FROM film');
  });

  it('keeps everything inside the statement exactly as written', async () => {
    const sql = "SELECT 'a;' AS x, $$ ; $$ AS y /* ; */ FROM film";
    expect((await admitted(`${sql};`)).sql).toBe(sql);
  });

  it('lists the relations it read as sorted, unique schema.name', async () => {
    const v = await admitted('SELECT * FROM public.film f JOIN film_actor fa USING (film_id) JOIN film f2 USING (film_id) JOIN actor a USING (actor_id)');
    expect(v.relations).toEqual(['public.actor', 'public.film', 'public.film_actor']);
  });

  it('lists the functions it calls, sorted and unique', async () => {
    const v = await admitted("SELECT count(*), lower(title), LOWER(title), pg_catalog.date_trunc('month', last_update) FROM film GROUP BY 2, 3, 4");
    expect(v.functions).toEqual(['count', 'date_trunc', 'lower']);
  });
});

describe('guardSql resolves relations and CTE names like PostgreSQL', () => {
  it('lets a CTE shadow a table of the same name in the query body', async () => {
    const v = await admitted('WITH film AS (SELECT 1 AS x) SELECT x FROM film');
    expect(v.relations).toEqual([]);
  });

  it('reads the real table inside a non-recursive CTE named like it', async () => {
    const v = await admitted('WITH film AS (SELECT * FROM film) SELECT * FROM film');
    expect(v.relations).toEqual(['public.film']);
  });

  it('refuses a name a non-recursive CTE uses before it is defined', async () => {
    expect((await refusal('WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a')).rule).toBe('unknown_relation');
  });

  it('lets a recursive WITH refer to all of its CTEs', async () => {
    await admitted('WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a');
  });

  it('does not let a CTE from a sub-select leak out of it', async () => {
    const r = await refusal('SELECT * FROM (WITH inner_cte AS (SELECT 1) SELECT * FROM inner_cte) AS s, inner_cte');
    expect(r).toEqual({ rule: 'unknown_relation', reason: 'inner_cte is not a table in the warehouse schema threadsql knows.' });
  });

  it('lets an inner CTE see the outer ones', async () => {
    await admitted('WITH o AS (SELECT 1 AS x) SELECT * FROM (WITH i AS (SELECT x FROM o) SELECT x FROM i) AS s');
  });

  it('never lets a CTE shadow a schema-qualified name', async () => {
    expect((await refusal('WITH pg_authid AS (SELECT 1) SELECT * FROM pg_catalog.pg_authid')).rule).toBe('unknown_relation');
  });

  it('resolves unqualified names along the search path, in order', async () => {
    const catalog = catalogFromNames(
      [
        { schema: 'sales', name: 'orders' },
        { schema: 'public', name: 'orders' },
        { schema: 'public', name: 'customers' },
      ],
      ['sales', 'public'],
    );
    expect((await admitted('SELECT * FROM orders JOIN customers ON true', catalog)).relations).toEqual(['public.customers', 'sales.orders']);
    expect((await refusal('SELECT * FROM archive.orders', catalog)).rule).toBe('unknown_relation');
  });

  it('asks for a schema on a warehouse table named like a system catalog', async () => {
    const catalog = catalogFromNames([{ schema: 'public', name: 'pg_user' }], ['public']);
    expect(await refusal('SELECT * FROM pg_user', catalog)).toEqual({
      rule: 'ambiguous_relation',
      reason: 'pg_user is also the name of a PostgreSQL system catalog, so write it with its schema, as public.pg_user.',
    });
    expect((await admitted('SELECT * FROM public.pg_user', catalog)).relations).toEqual(['public.pg_user']);
  });
});

describe('guardSql refuses', () => {
  it.each([
    ['empty input', '', 'empty'],
    ['whitespace only', ' \n\t ', 'empty'],
    ['only comments and semicolons', '-- nothing\n/* here */ ;', 'empty'],
    ['SQL that does not parse', 'SELEC 1', 'parse_error'],
    ['several statements with a benign first', 'SELECT 1; DROP TABLE film', 'multiple_statements'],
    ['INSERT', "INSERT INTO category (name) VALUES ('x')", 'write_statement'],
    ['UPDATE', 'UPDATE film SET title = title', 'write_statement'],
    ['DELETE', 'DELETE FROM payment', 'write_statement'],
    ['MERGE', 'MERGE INTO film f USING film_list l ON f.film_id = l.fid WHEN MATCHED THEN DELETE', 'write_statement'],
    ['DDL', 'DROP TABLE film', 'ddl_statement'],
    ['CREATE TABLE AS', 'CREATE TABLE x AS SELECT * FROM film', 'ddl_statement'],
    ['a data-modifying CTE', 'WITH d AS (DELETE FROM film RETURNING *) SELECT * FROM d', 'data_modifying_cte'],
    ['a data-modifying CTE nested in a sub-select', 'SELECT * FROM (WITH d AS (UPDATE film SET title = title RETURNING 1) SELECT * FROM d) AS s', 'data_modifying_cte'],
    ['SELECT INTO', 'SELECT * INTO t FROM film', 'select_into'],
    ['FOR UPDATE', 'SELECT * FROM film FOR UPDATE', 'locking_clause'],
    ['FOR KEY SHARE in a sub-select', 'SELECT * FROM (SELECT * FROM film FOR KEY SHARE) AS s', 'locking_clause'],
    ['LOCK', 'LOCK TABLE film', 'lock'],
    ['COPY', "COPY film TO PROGRAM 'cat'", 'copy'],
    ['CALL', 'CALL p()', 'procedure_call'],
    ['DO', 'DO $$ BEGIN END $$', 'procedure_call'],
    ['SET ROLE', 'SET ROLE postgres', 'session_setting'],
    ['SET SESSION AUTHORIZATION', 'SET SESSION AUTHORIZATION postgres', 'session_setting'],
    ['RESET', 'RESET ALL', 'session_setting'],
    ['transaction control', 'COMMIT', 'transaction_control'],
    ['EXPLAIN', 'EXPLAIN SELECT 1', 'explain'],
    ['EXPLAIN ANALYZE DELETE', 'EXPLAIN ANALYZE DELETE FROM film', 'explain'],
    ['LISTEN', 'LISTEN x', 'notification'],
    ['PREPARE', 'PREPARE p AS SELECT 1', 'prepared_statement'],
    ['DECLARE', 'DECLARE c CURSOR FOR SELECT 1', 'cursor'],
    ['VACUUM', 'VACUUM film', 'maintenance'],
    ['REFRESH MATERIALIZED VIEW', 'REFRESH MATERIALIZED VIEW rental_by_category', 'maintenance'],
    ['GRANT', 'GRANT SELECT ON film TO PUBLIC', 'privilege_statement'],
    ['an unvetted function', 'SELECT film_in_stock(1, 1)', 'function_not_allowed'],
    ['a function from another schema', 'SELECT public.lower(title) FROM film', 'function_not_allowed'],
    ['a catalog-lookup cast', "SELECT 'pg_authid'::regclass", 'type_not_allowed'],
    ['an operator PostgreSQL does not define', "SELECT title FROM film WHERE title === 'x'", 'operator_not_allowed'],
    ['a parameter placeholder', 'SELECT * FROM film WHERE film_id = $1', 'parameter_placeholder'],
    ['XML syntax', 'SELECT xmlelement(name a)', 'unsupported_syntax'],
    ['a system catalog', 'SELECT * FROM pg_authid', 'unknown_relation'],
    ['information_schema', 'SELECT * FROM information_schema.tables', 'unknown_relation'],
    ['another database', 'SELECT * FROM otherdb.public.film', 'unknown_relation'],
  ])('refuses %s', async (_name, sql, rule) => {
    expect((await refusal(sql)).rule).toBe(rule);
  });

  it('names system catalogs as unknown in plain words', async () => {
    expect((await refusal('SELECT * FROM pg_shadow')).reason).toBe('pg_shadow is not a table in the warehouse schema threadsql knows.');
    expect((await refusal('SELECT * FROM information_schema.columns')).reason).toBe(
      'information_schema.columns is not a table in the warehouse schema threadsql knows.',
    );
  });

  it('names the refused function and why', async () => {
    expect((await refusal('SELECT pg_sleep(5)')).reason).toBe('The function pg_sleep is not allowed because it makes the database server wait.');
    expect((await refusal('SELECT film_in_stock(1, 1)')).reason).toBe(
      "The function film_in_stock is not on threadsql's list of vetted read-only functions, so it cannot be called.",
    );
    expect((await refusal('SELECT "PG_CATALOG".lower(title) FROM film')).reason).toBe(
      'The function "PG_CATALOG".lower is not allowed: threadsql only calls vetted built-in functions, not functions from schema "PG_CATALOG".',
    );
  });

  it('names the statement kind', async () => {
    expect((await refusal('DELETE FROM film')).reason).toBe('threadsql only reads data, so it will not run this DELETE statement, which changes data.');
    expect((await refusal('CREATE MATERIALIZED VIEW m AS SELECT 1')).reason).toContain('CREATE MATERIALIZED VIEW');
    expect((await refusal('SET ROLE postgres')).reason).toContain('SET ROLE');
  });

  it('gives the parser message with line and column', async () => {
    expect((await refusal('SELECT title\nFROM film\nWHERE = 1')).reason).toBe(
      'The query is not valid SQL: syntax error at or near "=" (line 3, column 7).',
    );
  });

  it('keeps the parser message short when it would quote the rest of the query', async () => {
    const r = await refusal(`SELECT 'never closed ${'x'.repeat(500)}`);
    expect(r.reason.length).toBeLessThan(150);
    expect(r.reason).toMatch(/^The query is not valid SQL: unterminated quoted string at or near ".*…" \(line 1, column 8\)\.$/);
  });

  it('refuses a 100 KB statement with a clear message instead of parsing it', async () => {
    const sql = `SELECT '${'x'.repeat(100_000)}' FROM film`;
    expect(await refusal(sql)).toEqual({
      rule: 'too_long',
      reason: 'The query is 100,019 characters long, more than the 50,000 threadsql accepts.',
    });
  });

  it('honours a custom maxLength', async () => {
    const v = await guardSql('SELECT title FROM film', pagila, { maxLength: 10 });
    expect(v).toMatchObject({ ok: false, rule: 'too_long' });
    expect((await guardSql('SELECT title FROM film', pagila, { maxLength: 22 })).ok).toBe(true);
  });

  it('refuses nesting too deep to check rather than crashing', async () => {
    const deep = `SELECT 1 FROM film WHERE ${'film_id + '.repeat(3000)}1 > 0`;
    expect((await refusal(deep)).rule).toBe('too_complex');
    const deeper = `SELECT ${'1 + '.repeat(12_000)}1`;
    expect((await refusal(deeper)).rule).toBe('too_complex');
  });

  it('refuses a NUL character, which would hide the rest of the text from the parser', async () => {
    expect((await refusal('SELECT 1 FROM film\u0000; DROP TABLE film')).rule).toBe('parse_error');
  });

  it('refuses a string whose meaning depends on standard_conforming_strings', async () => {
    expect((await refusal(String.raw`SELECT 'x\', $$' ; DROP TABLE film; -- $$ FROM film`)).rule).toBe('ambiguous_string');
    // Backslashes elsewhere, E'…' strings and dollar quotes mean the same under both settings.
    await admitted(String.raw`SELECT regexp_split_to_array(title, '\s+'), E'it\'s', $$a\'$$ FROM film`);
  });

  it('reports the statement-shape problem before an unknown table', async () => {
    expect((await refusal('SELECT * INTO t FROM pg_authid')).rule).toBe('select_into');
    expect((await refusal('SELECT pg_sleep(1) FROM pg_authid')).rule).toBe('function_not_allowed');
  });
});
