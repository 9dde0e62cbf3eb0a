import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.ts';
import { redact, redactValue, registerSecret } from '../../../src/lib/redact.ts';

describe('redact', () => {
  it.each([
    ['postgres://reader:s3cret@db:5432/wh', 'postgres://reader:***@db:5432/wh'],
    ['connect failed: password=hunter2 host=db', 'connect failed: password=*** host=db'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer ***'],
    ['token xoxb-123456-abcdef leaked', 'token xox*-*** leaked'],
    ['key sk-proj-abcdefghijklmnop', 'key sk-***'],
    ['open https://tsql.example.com/signin/link/Zq3x_9-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab to sign in', 'open https://tsql.example.com/signin/link/*** to sign in'],
    ['plain text stays', 'plain text stays'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('masks a registered secret wherever it appears', () => {
    registerSecret('Zq9-registered-value');
    expect(redact('the value Zq9-registered-value appears twice: Zq9-registered-value')).toBe('the value *** appears twice: ***');
  });

  it('masks secret-named keys and nested strings in objects and errors', () => {
    const err = new Error('failed for postgres://u:pw123@h/db', { cause: new Error('password=abc') });
    const out = redactValue({ apiKey: 'k', nested: { url: 'postgres://u:pw@h/d' }, err }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.apiKey).toBe('***');
    expect(out.nested.url).toBe('postgres://u:***@h/d');
    expect(out.err.message).toBe('failed for postgres://u:***@h/db');
    expect(out.err.cause.message).toBe('password=***');
  });

  it('keeps secrets out of every log line', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, cb) => ((written += chunk.toString()), cb()) });
    const log = createLogger('info', sink);
    log.info({ url: 'postgres://u:topsecret1@h/d', err: new Error('auth token=topsecret2') }, 'connecting to postgres://u:topsecret3@h/d');
    expect(written).toContain('postgres://u:***@h/d');
    expect(written).not.toMatch(/topsecret/);
  });
});
