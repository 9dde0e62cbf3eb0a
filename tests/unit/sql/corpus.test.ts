// The committed corpus (tests/fixtures/sql): every hostile statement refused with its recorded
// rule, every benign Pagila query admitted. The integration test also EXPLAINs the benign ones.
import { afterAll, describe, expect, it } from 'vitest';
import { guardSql } from '../../../src/sql/guard.ts';
import { loadCorpus, pagilaCatalog } from '../../fixtures/sql/corpus.ts';

const catalog = pagilaCatalog();
const hostile = loadCorpus('hostile');
const benign = loadCorpus('benign');
const counts = { hostileRejected: 0, benignAdmitted: 0 };

afterAll(() => {
  console.log(
    `guard corpus: ${counts.hostileRejected}/${hostile.length} hostile rejected, ${counts.benignAdmitted}/${benign.length} benign admitted`,
  );
});

describe(`hostile corpus (${hostile.length} statements, at least 320)`, () => {
  it('is big enough and records a rule for every entry', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(320);
    expect(hostile.filter((e) => e.rule === undefined).map((e) => e.id)).toEqual([]);
  });

  it.each(hostile.map((e) => [e.id, e] as const))('rejects %s', async (_id, entry) => {
    const v = await guardSql(entry.sql, catalog);
    expect(v.ok, entry.sql).toBe(false);
    if (!v.ok) {
      expect(v.rule, entry.sql).toBe(entry.rule);
      expect(v.reason).toMatch(/^[^\n]+[.]$/); // one sentence, no line breaks
      counts.hostileRejected += 1;
    }
  });
});

describe(`benign corpus (${benign.length} Pagila queries, at least 320)`, () => {
  it('is big enough', () => {
    expect(benign.length).toBeGreaterThanOrEqual(320);
  });

  it.each(benign.map((e) => [e.id, e] as const))('admits %s', async (_id, entry) => {
    const v = await guardSql(entry.sql, catalog);
    expect(v.ok ? 'admitted' : `${v.rule}: ${v.reason}`, entry.sql).toBe('admitted');
    if (v.ok) counts.benignAdmitted += 1;
  });
});
