// Questions wait here, briefly, between Slack's ack and the engine. Under a burst (hundreds of
// mentions at once) the work each question starts — users.info, the engine's store writes on
// libSQL's synchronous driver, a placeholder post — would compete with the acks still queued on the
// event loop, and a late ack makes Slack retry. So after its ack a question is only noted here; the
// waiting ones start together once the burst has passed: once no new question came for `quietMs`,
// and at the latest `maxStartDelayMs` after the oldest waiting one came (a lone question waits only
// `quietMs`). Nothing is held longer than that: the engine records each question as an attempt
// before it waits for one of its slots, so a question never sits unrecorded in memory (a crash
// then leaves a pending attempt that the next start closes and tells the asker about). Retries of
// an event still waiting or running here are dropped at once; the engine's processed-events claim
// stays the authority across restarts and replicas.

export interface IntakeJob {
  /** The platform event id (dedupe while waiting or running). */
  eventId: string;
  run(): Promise<unknown>;
}

export interface QuestionIntake {
  /** false when a job with this event id is already waiting or running (a retry): nothing is done. */
  submit(job: IntakeJob): boolean;
  /** Resolves when every job submitted so far has finished. */
  idle(): Promise<void>;
  readonly waiting: number;
  readonly running: number;
}

export interface IntakeOptions {
  /** Start waiting questions once no new one came for this long… */
  quietMs: number;
  /** …but never later than this after the oldest waiting one came. */
  maxStartDelayMs: number;
  /** Monotonic milliseconds (lib/clock.ts). */
  now(): number;
  onError(err: unknown): void;
}

interface Entry {
  job: IntakeJob;
  submittedAt: number;
  done: () => void;
}

export function createQuestionIntake(options: IntakeOptions): QuestionIntake {
  let queue: Entry[] = [];
  const active = new Set<string>();
  const pending = new Set<Promise<void>>();
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Debounced start: every new question pushes the start back by `quietMs`, bounded by the oldest.
  function schedule(): void {
    if (timer) clearTimeout(timer);
    const oldest = queue[0];
    if (!oldest) return;
    const wait = Math.max(0, Math.min(options.quietMs, oldest.submittedAt + options.maxStartDelayMs - options.now()));
    timer = setTimeout(startAll, wait);
  }

  function startAll(): void {
    timer = undefined;
    const batch = queue;
    queue = [];
    for (const entry of batch) {
      running++;
      void Promise.resolve()
        .then(() => entry.job.run())
        .catch((err: unknown) => options.onError(err))
        .finally(() => {
          running--;
          active.delete(entry.job.eventId);
          entry.done();
        });
    }
  }

  return {
    get waiting() {
      return queue.length;
    },
    get running() {
      return running;
    },
    submit(job) {
      if (active.has(job.eventId)) return false;
      active.add(job.eventId);
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      pending.add(finished);
      void finished.then(() => pending.delete(finished));
      queue.push({ job, submittedAt: options.now(), done });
      schedule();
      return true;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
