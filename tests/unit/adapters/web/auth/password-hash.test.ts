import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNobody, verifyPassword } from '../../../../../src/adapters/web/auth/password-hash.ts';

describe('password hashes', () => {
  it('stores scrypt with its parameters and a per-user salt, never the password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(a).not.toContain('correct');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats Unicode spellings of the same password alike (NFC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait 42');
    expect(await verifyPassword('cafe\u0301 au lait 42', stored)).toBe(true);
  });

  it.each([
    ['garbage', 'not a hash'],
    ['another algorithm', '$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012'],
    ['a cost that would take minutes', 'scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('answers false, without throwing, for %s', async (_what, stored) => {
    expect(await verifyPassword('whatever password', stored)).toBe(false);
  });

  it('spends a verification for an unknown user and always says no', async () => {
    expect(await verifyNobody('correct horse battery')).toBe(false);
  });
});
