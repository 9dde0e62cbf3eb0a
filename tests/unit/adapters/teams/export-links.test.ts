// src/server/export-links.ts: tokens bound to one attempt and an expiry, HMAC-signed.
import { describe, expect, it } from 'vitest';
import { createExportLinks } from '../../../../src/server/export-links.ts';
import { systemClock } from '../../../../src/lib/clock.ts';
import { silentLogger } from '../../../../src/lib/logger.ts';

const ID = '0123abcd-0000-4000-8000-000000000001';

function links(secret: string | undefined, now = () => new Date('2025-06-01T00:00:00Z')) {
  return createExportLinks({
    secret,
    baseUrl: () => 'https://threadsql.example/',
    ttlMs: 3600_000,
    clock: { ...systemClock, now },
    logger: silentLogger,
    exportFile: async () => undefined,
  });
}

describe('export links', () => {
  it('signs a link for one attempt that checks out until it expires', () => {
    let now = new Date('2025-06-01T00:00:00Z');
    const l = links('a-secret-of-at-least-32-characters!!', () => now);
    const url = l.urlFor(ID);
    expect(url).toMatch(/^https:\/\/threadsql\.example\/exports\/0123abcd-0000-4000-8000-000000000001\.\d+\.[A-Za-z0-9_-]{43}$/);
    const token = url.split('/exports/')[1]!;
    expect(l.check(token)).toMatchObject({ ok: true, attemptId: ID });
    now = new Date('2025-06-01T01:00:01Z');
    expect(l.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another attempt id, a moved expiry, another key and garbage', () => {
    const l = links('a-secret-of-at-least-32-characters!!');
    const [id, exp, sig] = l.urlFor(ID).split('/exports/')[1]!.split('.') as [string, string, string];
    expect(l.check(`${id.replace('0123', '0124')}.${exp}.${sig}`)).toEqual({ ok: false, reason: 'forged' });
    expect(l.check(`${id}.${Number(exp) + 1}.${sig}`)).toEqual({ ok: false, reason: 'forged' });
    expect(links('another-secret-of-32-characters-long!').check(`${id}.${exp}.${sig}`)).toEqual({ ok: false, reason: 'forged' });
    expect(l.check('../../etc/passwd')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signs chart image links apart from CSV links, so one never opens the other', () => {
    const l = links('a-secret-of-at-least-32-characters!!');
    const chart = l.chartUrlFor(ID);
    expect(chart).toMatch(/\/exports\/0123abcd-0000-4000-8000-000000000001\.\d+\.[A-Za-z0-9_-]{43}\.png$/);
    const chartToken = chart.split('/exports/')[1]!.replace(/\.png$/, '');
    const csvToken = l.urlFor(ID).split('/exports/')[1]!;
    expect(l.check(chartToken, 'chart')).toMatchObject({ ok: true, attemptId: ID });
    expect(l.check(chartToken, 'csv')).toEqual({ ok: false, reason: 'forged' });
    expect(l.check(csvToken, 'chart')).toEqual({ ok: false, reason: 'forged' });
  });

  it('says "forged", not "expired", for an expired token with a bad signature', () => {
    const l = links('a-secret-of-at-least-32-characters!!', () => new Date('2030-01-01T00:00:00Z'));
    expect(l.check(`${ID}.1700000000.${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'forged' });
  });

  it('uses a random key when no secret is configured (links die with the process)', () => {
    const a = links(undefined);
    const b = links(undefined);
    const token = a.urlFor(ID).split('/exports/')[1]!;
    expect(a.check(token).ok).toBe(true);
    expect(b.check(token)).toEqual({ ok: false, reason: 'forged' });
  });
});
