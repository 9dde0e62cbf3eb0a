// Measuring loops: warm-up rounds that are thrown away, then timed rounds (bounded by a count and a
// time budget so no scenario runs away), and an RSS watch that reports the process's peak memory
// while a measurement ran (repeat and interleave reset it when they start).

/** One timed round: returns its own duration in ms (so a round can time just part of itself). */
export type Round = (iteration: number) => Promise<number>;

export interface RepeatOptions {
  warmup: number;
  iterations: number;
  /** Stop early (keeping at least `minIterations`) once the timed rounds have used this long. */
  budgetMs?: number;
  minIterations?: number;
}

/** Wall time of `fn` as a Round. */
export function wall(fn: (iteration: number) => Promise<unknown>): Round {
  return async (i) => {
    const started = performance.now();
    await fn(i);
    return performance.now() - started;
  };
}

/** Warm up, then collect samples from `round`. */
export async function repeat(round: Round, options: RepeatOptions): Promise<number[]> {
  rssWatch.reset();
  for (let i = 0; i < options.warmup; i++) await round(-1 - i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    samples.push(await round(i));
    rssWatch.sample();
    if (options.budgetMs !== undefined && samples.length >= (options.minIterations ?? 5) && performance.now() - started > options.budgetMs) break;
  }
  return samples;
}

/**
 * Several contenders measured in the same run, round-robin, reversing the order every round so
 * neither always runs first (after the other warmed a cache) or last.
 */
export async function interleave<K extends string>(rounds: Record<K, Round>, options: RepeatOptions): Promise<Record<K, number[]>> {
  const keys = Object.keys(rounds) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  rssWatch.reset();
  for (let i = 0; i < options.warmup; i++) for (const k of keys) await rounds[k](-1 - i);
  const started = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) samples[k].push(await rounds[k](i));
    rssWatch.sample();
    if (options.budgetMs !== undefined && i + 1 >= (options.minIterations ?? 5) && performance.now() - started > options.budgetMs) break;
  }
  return samples;
}

const MB = 1024 * 1024;

/**
 * The process's peak resident set size since the last reset. Sampled every 20 ms while the event
 * loop is free, after every round, and wherever a scenario calls sample() (a row consumer, say).
 */
export const rssWatch = (() => {
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
    return rss;
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(sample, 20);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    /** Current RSS in bytes (and the peak is updated). */
    sample,
    reset() {
      peak = process.memoryUsage.rss();
    },
    peakMb: () => peak / MB,
  };
})();

export function bytesToMb(bytes: number): number {
  return bytes / MB;
}
