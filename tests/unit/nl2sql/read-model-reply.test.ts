import { describe, expect, it } from 'vitest';
import { readModelReply, type ModelReply } from '../../../src/nl2sql/read-model-reply.ts';

const sql = (text: string, note?: string): ModelReply => (note === undefined ? { kind: 'sql', sql: text } : { kind: 'sql', sql: text, note });

describe('readModelReply reads SQL', () => {
  it.each<[string, string, string]>([
    ['a ```sql fenced block', '```sql\nSELECT count(*) FROM public.film;\n```', 'SELECT count(*) FROM public.film'],
    ['a ```SQL block (case)', '```SQL\nSELECT 1\n```', 'SELECT 1'],
    ['a ```postgresql block', '```postgresql\nSELECT 1\n```', 'SELECT 1'],
    ['a fence without a language', '```\nSELECT title FROM film\n```', 'SELECT title FROM film'],
    ['a ~~~ fence', '~~~sql\nSELECT 1\n~~~', 'SELECT 1'],
    ['a four-backtick fence holding ``` in a string', "````sql\nSELECT '```' AS fence\n````", "SELECT '```' AS fence"],
    ['a one-line fence', '```sql SELECT 1 ```', 'SELECT 1'],
    ['a one-line fence without a language', '```SELECT count(*) FROM film```', 'SELECT count(*) FROM film'],
    ['a fence the model never closed (cut off)', '```sql\nSELECT title\nFROM film', 'SELECT title\nFROM film'],
    ['a JSON object', '{"sql": "SELECT 1;"}', 'SELECT 1'],
    ['a JSON object in a ```json fence', '```json\n{"sql": "SELECT 2", "explanation": "two"}\n```', 'SELECT 2'],
    ['a JSON object inside prose', 'Sure! {"sql": "SELECT 3"} Let me know.', 'SELECT 3'],
    ['a JSON "query" key', '{"query": "SELECT 4"}', 'SELECT 4'],
    ['SQL fenced inside a JSON string', '{"sql": "```sql\\nSELECT 5\\n```"}', 'SELECT 5'],
    ['bare SQL', 'SELECT count(*) FROM film', 'SELECT count(*) FROM film'],
    ['bare lower-case SQL', 'select count(*) from film;', 'select count(*) from film'],
    ['bare SQL after "Here is the query:" on the same line', 'Here is the query: SELECT 1;', 'SELECT 1'],
    ['bare SQL after a prose line', 'Here is the query:\nSELECT title\nFROM film\nWHERE length > 120;', 'SELECT title\nFROM film\nWHERE length > 120'],
    ['bare WITH', 'WITH t AS (SELECT 1 AS x) SELECT x FROM t', 'WITH t AS (SELECT 1 AS x) SELECT x FROM t'],
    ['bare VALUES', 'VALUES (1), (2)', 'VALUES (1), (2)'],
    ['bare TABLE', 'TABLE public.film;', 'TABLE public.film'],
    ['bare SQL with a leading SQL comment', '-- films per rating\nSELECT rating, count(*) FROM film GROUP BY rating', '-- films per rating\nSELECT rating, count(*) FROM film GROUP BY rating'],
    ['a reply with thinking first (reasoning models)', '<think>They want films. SELECT maybe?</think>\n```sql\nSELECT 6\n```', 'SELECT 6'],
  ])('from %s', (_label, reply, expected) => {
    const read = readModelReply(reply);
    expect(read.kind).toBe('sql');
    expect(read.kind === 'sql' && read.sql).toBe(expected);
  });

  it('keeps the prose around a fence as a note', () => {
    expect(readModelReply('Here you go:\n```sql\nSELECT 1\n```\nThis counts one.')).toEqual(sql('SELECT 1', 'Here you go: This counts one.'));
  });

  it('stops bare SQL at a semicolon followed by prose, which becomes the note', () => {
    expect(readModelReply("SELECT 1 AS \"a;b\", ';' AS c; This returns one row.")).toEqual(
      sql("SELECT 1 AS \"a;b\", ';' AS c", 'This returns one row.'),
    );
  });

  it('stops bare SQL at a blank line followed by a sentence', () => {
    expect(readModelReply('SELECT title\nFROM film\n\nThis lists every film title.')).toEqual(sql('SELECT title\nFROM film', 'This lists every film title.'));
  });

  it('keeps a blank line inside a string literal', () => {
    const text = "SELECT 'a\n\nThis is not prose, it is data.' AS x FROM film";
    expect(readModelReply(text)).toEqual(sql(text));
  });

  it('returns two statements together so the guard refuses them', () => {
    expect(readModelReply('```sql\nSELECT 1;\nSELECT 2;\n```')).toEqual(sql('SELECT 1;\nSELECT 2'));
    expect(readModelReply('SELECT 1; SELECT 2;')).toEqual(sql('SELECT 1; SELECT 2'));
  });

  it('joins two fenced blocks rather than guessing which one was meant', () => {
    expect(readModelReply('```sql\nSELECT 1\n```\nor\n```sql\nSELECT 2\n```')).toEqual(sql('SELECT 1;\nSELECT 2', 'or'));
  });

  it.each([
    ['fenced', '```sql\nDELETE FROM film WHERE film_id = 1;\n```', 'DELETE FROM film WHERE film_id = 1'],
    ['bare', 'DELETE FROM film', 'DELETE FROM film'],
    ['bare DROP', 'DROP TABLE film;', 'DROP TABLE film'],
    ['in JSON', '{"sql": "UPDATE film SET title = \'x\'"}', "UPDATE film SET title = 'x'"],
  ])('passes a data-modifying statement (%s) through unchanged for the guard', (_label, reply, expected) => {
    expect(readModelReply(reply)).toEqual(sql(expected));
  });

  it('never rewrites the SQL: case, spacing, comments and inner semicolons stay', () => {
    const text = "select  Title /* keep */ from \"Film\"\n  where x = ';'  -- trailing";
    expect(readModelReply(`\`\`\`sql\n${text}\n\`\`\``)).toEqual(sql(text));
  });
});

describe('readModelReply reads a clarifying question', () => {
  it.each<[string, string, string]>([
    ['a CLARIFY: line', 'CLARIFY: Do you mean revenue before or after refunds?', 'Do you mean revenue before or after refunds?'],
    ['a lower-case clarify: line after prose', 'I need one detail.\nclarify: Which year?', 'Which year?'],
    ['a bold **CLARIFY:** line', '**CLARIFY:** Which store?', 'Which store?'],
    ['CLARIFY: with the question on the next line', 'CLARIFY:\nWhich currency?', 'Which currency?'],
    ['JSON clarifying_question', '{"sql": null, "clarifying_question": "Which region?"}', 'Which region?'],
    ['JSON clarify', '{"clarify": "Per month or per week?"}', 'Per month or per week?'],
    ['JSON question', '```json\n{"question": "Gross or net?"}\n```', 'Gross or net?'],
  ])('from %s', (_label, reply, question) => {
    expect(readModelReply(reply)).toEqual({ kind: 'clarify', question });
  });

  it('prefers the SQL when a JSON reply has both sql and an echoed question', () => {
    expect(readModelReply('{"question": "How many films?", "sql": "SELECT count(*) FROM film"}')).toEqual(sql('SELECT count(*) FROM film'));
  });
});

describe('readModelReply finds nothing usable', () => {
  it.each<[string, string, string]>([
    ['an empty reply', '   ', 'the reply is empty'],
    ['only thinking', '<think>hmm', 'the reply is empty'],
    ['prose', 'I am sorry, I cannot help with that request.', 'the reply is prose without any SQL'],
    ['prose starting with "Select"', 'Select the region you mean and ask again.', 'the reply is prose without any SQL'],
    ['prose starting with "With"', 'With the data available I cannot tell.', 'the reply is prose without any SQL'],
    ['a python block', '```python\nprint(1)\n```', 'the reply is prose without any SQL'],
    ['an empty sql block', '```sql\n\n```', 'the ```sql block is empty'],
    ['JSON without sql or a question', '{"answer": 42}', 'the JSON reply has neither "sql" nor a clarifying question'],
  ])('in %s', (_label, reply, reason) => {
    expect(readModelReply(reply)).toEqual({ kind: 'unusable', reason });
  });
});
