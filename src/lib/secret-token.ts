// Bearer secrets we hand out (web session cookies, one-time sign-in links): 32 random bytes,
// base64url. Only their SHA-256 is stored, so a copy of the store signs nobody in. A plain hash
// (no salt, no slow KDF) is right here: the token has 256 bits of entropy, nothing to guess.
import { createHash, randomBytes } from 'node:crypto';

/** A new random token: 32 bytes, base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of the token: hex SHA-256. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string has the shape of a token from newSecretToken (checked before any lookup). */
export function isSecretTokenShape(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
