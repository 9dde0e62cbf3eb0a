import { describe, expect, it } from 'vitest';
import { parseKbFile } from '../../../src/kb/parse-kb-file.ts';

describe('parseKbFile', () => {
  it('reads the question, tags, notes and SQL', () => {
    const r = parseKbFile('-- question: Revenue by month\n-- Tags: Revenue, monthly\n-- excludes refunds\n\nSELECT 1\nFROM x;\n');
    expect(r).toEqual({
      ok: true,
      example: { question: 'Revenue by month', tags: ['revenue', 'monthly'], notes: 'excludes refunds', sql: 'SELECT 1\nFROM x;' },
    });
  });

  it('accepts a file without tags and with CRLF line ends and a BOM', () => {
    const r = parseKbFile('\uFEFF-- question: How many orders?\r\nSELECT count(*) FROM orders\r\n');
    expect(r).toMatchObject({ ok: true, example: { question: 'How many orders?', tags: [], sql: 'SELECT count(*) FROM orders' } });
  });

  it('rejects a file without a question header, saying what the header looks like', () => {
    const r = parseKbFile('-- tags: x\nSELECT 1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/-- question:/);
  });

  it('rejects a header with no SQL after it', () => {
    expect(parseKbFile('-- question: Anything?\n\n')).toEqual({ ok: false, reason: 'no SQL after the header' });
  });

  it('keeps comments inside the SQL as part of the SQL', () => {
    const r = parseKbFile('-- question: q\nSELECT 1 -- one\n-- trailing\n');
    expect(r.ok && r.example.sql).toBe('SELECT 1 -- one\n-- trailing');
  });
});
