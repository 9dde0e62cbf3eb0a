// Password hashes for web sign-in users: scrypt (memory-hard, in node's crypto) with a random
// 16-byte salt per user, and the parameters kept in the string, so they can be raised later and old
// hashes still verify: scrypt$ln=15,r=8,p=1$<salt base64url>$<hash base64url>.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

interface Params {
  ln: number;
  r: number;
  p: number;
}

// N = 2^15, r = 8: 32 MiB and some tens of milliseconds per check — OWASP's scrypt baseline is 2^17
// with r = 8; 2^15 keeps a 2-core server answering while sign-in is rate-limited anyway.
const CURRENT: Params = { ln: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Bounds on what a stored string may ask for, so a corrupted row cannot make a check take minutes.
const MAX_LN = 17;

function derive(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  const N = 2 ** params.ln;
  // node refuses when 128·N·r reaches maxmem (default 32 MiB): give it room for the chosen cost.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new hash string for `password` (fresh salt). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT);
  return `scrypt$ln=${CURRENT.ln},r=${CURRENT.r},p=${CURRENT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed string. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{16,128})$/.exec(stored);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 10 || params.ln > MAX_LN || params.r < 1 || params.r > 16 || params.p < 1 || params.p > 4) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(m[4]!, 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Checked when the name is unknown, so a wrong name costs the same time as a wrong password and the
// response time does not tell which names exist. (Its password is random and thrown away.)
let dummy: Promise<string> | undefined;

/** Spend the time of one verification without a real user. Always false. */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}
