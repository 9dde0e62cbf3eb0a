// One question at a time per thread, and at most `maxConcurrent` questions running at once across
// threads. A message that arrives while its thread is busy waits its turn (the caller is told).
// In-process: with several replicas, a thread's messages are still ordered per replica; the
// processed-events table keeps a retry from being answered twice.

export interface ThreadQueue {
  /** Run `task` when the thread is free and a slot is available. `onWait` fires if it has to wait. */
  run<T>(threadKey: string, task: () => Promise<T>, onWait?: (reason: 'thread_busy' | 'capacity') => void): Promise<T>;
  readonly waiting: number;
  readonly running: number;
}

export function createThreadQueue(maxConcurrent: number, onChange?: (waiting: number, running: number) => void): ThreadQueue {
  const tails = new Map<string, Promise<unknown>>();
  const slotWaiters: Array<() => void> = [];
  let running = 0;
  let waiting = 0;
  const changed = () => onChange?.(waiting, running);

  async function acquireSlot(onWait?: () => void): Promise<void> {
    if (running < maxConcurrent) {
      running++;
      return;
    }
    onWait?.();
    await new Promise<void>((resolve) => slotWaiters.push(resolve));
    running++; // the releaser handed its slot over
  }

  function releaseSlot(): void {
    running--;
    const next = slotWaiters.shift();
    if (next) next();
  }

  return {
    get waiting() {
      return waiting;
    },
    get running() {
      return running;
    },
    async run(threadKey, task, onWait) {
      const previous = tails.get(threadKey);
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = (previous ?? Promise.resolve()).then(() => mine);
      tails.set(threadKey, tail);
      waiting++;
      changed();
      try {
        if (previous) {
          onWait?.('thread_busy');
          await previous;
        }
        await acquireSlot(() => onWait?.('capacity'));
        waiting--;
        changed();
        try {
          return await task();
        } finally {
          releaseSlot();
          changed();
        }
      } finally {
        release();
        if (tails.get(threadKey) === tail) tails.delete(threadKey);
      }
    },
  };
}
