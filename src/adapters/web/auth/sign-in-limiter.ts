// Slows password guessing. Failures count twice: per client address (one address trying many
// names) and per user name (many addresses trying one name). Past either limit the answer is 429
// with Retry-After — even for the right password, or the limit would leak it. Successes do not
// count, so a whole office behind one NAT address signing in every morning never meets the limit.
// In memory: each replica counts on its own, so with n replicas the limits are n times looser.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface SignInLimits {
  /** Failed attempts (password or link) per client address per window. */
  perAddress: number;
  /** Failed attempts per user name per window. */
  perName: number;
  windowSeconds: number;
}

/** 30 failures per address and 5 per name in 15 minutes: a person mistyping never meets them. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 30, perName: 5, windowSeconds: 15 * 60 };

export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface SignInLimiter {
  /** Whether an attempt from `address` (for `name`, when a name is involved) may go ahead. */
  check(address: string, name?: string): Promise<LimitVerdict>;
  failed(address: string, name?: string): Promise<void>;
  /** The right password: the name's failures are forgotten (the address's stay). */
  succeeded(name: string): Promise<void>;
}

export function createSignInLimiter(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS): SignInLimiter {
  const byAddress = new RateLimiterMemory({ keyPrefix: 'signin-ip', points: limits.perAddress, duration: limits.windowSeconds });
  const byName = new RateLimiterMemory({ keyPrefix: 'signin-name', points: limits.perName, duration: limits.windowSeconds });

  const blockedFor = async (limiter: RateLimiterMemory, key: string, points: number): Promise<number | undefined> => {
    const used = await limiter.get(key);
    return used && used.consumedPoints >= points ? used.msBeforeNext : undefined;
  };
  const count = (limiter: RateLimiterMemory, key: string) =>
    limiter.consume(key).then(
      () => undefined,
      (err: unknown) => {
        // Already over the limit: the rejection is the expected "no points left", nothing to do.
        if (!(err instanceof RateLimiterRes)) throw err;
      },
    );

  return {
    async check(address, name) {
      const waitMs = Math.max((await blockedFor(byAddress, address, limits.perAddress)) ?? 0, name === undefined ? 0 : ((await blockedFor(byName, name, limits.perName)) ?? 0));
      return waitMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { ok: true };
    },
    async failed(address, name) {
      await count(byAddress, address);
      if (name !== undefined) await count(byName, name);
    },
    async succeeded(name) {
      await byName.delete(name);
    },
  };
}
