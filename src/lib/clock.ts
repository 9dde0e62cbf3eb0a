// Time and ids come from here so expiry, windows and timings are testable without waiting.
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
  /** Monotonic milliseconds for measuring durations. */
  monotonicMs(): number;
  newId(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
  newId: () => randomUUID(),
};
