// A small seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the demo dataset
// needs. Same seed and stream name → same sequence on every machine running V8: no Math.random, no
// clock, no locale. Each table draws from its own named stream, so changing one table's generator
// does not reshuffle the others.

/** A deterministic random source. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal via Box–Muller, scaled. */
  normal(mean: number, sd: number): number;
  /** Poisson-distributed count (Knuth below 30, normal approximation above). */
  poisson(lambda: number): number;
  /** A random (version 4 shaped) UUID. */
  uuid(): string;
}

/** Create the stream `stream` of the generator seeded with `seed`. */
export function createRng(seed: number, stream: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x9e3779b1) >>> 0;
  const mix = splitmix32(h);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  const next = (): number => {
    // sfc32 (Chris Doty-Humphrey), public domain.
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal(mean, sd) {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      if (lambda <= 0) return 0;
      if (lambda > 30) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    uuid() {
      const hex = (n: number) => Math.floor(next() * 16 ** n).toString(16).padStart(n, '0');
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
    },
  };
  return rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Picks indexes in proportion to fixed weights: cumulative sums and a binary search. */
export interface WeightedPicker {
  pick(rng: Rng): number;
  readonly total: number;
}

export function weightedPicker(weights: readonly number[]): WeightedPicker {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += Math.max(0, w);
    cumulative[i] = total;
  });
  return {
    total,
    pick(rng) {
      const target = rng.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/** One item chosen in proportion to its weight (linear; for short lists). */
export function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let target = rng.next() * total;
  for (const [item, w] of items) {
    target -= w;
    if (target < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}
