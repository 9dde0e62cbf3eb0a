// Questions wait here between Slack's ack and the engine. Under a burst (hundreds of mentions at
// once) the work each question starts — users.info, the engine's store writes on libSQL's
// synchronous driver, a placeholder post — would compete with the acks still queued on the event
// loop, and a late ack makes Slack retry. So after the ack a question is only enqueued; it starts
// when one of `concurrency` slots is free (THREADSQL_MAX_CONCURRENT_QUESTIONS, the engine's own
// bound) and the burst has passed: once no new question came for `quietMs`, and at the latest
// `maxStartDelayMs` after the oldest waiting one came (a lone question waits only `quietMs`). A question still waiting after `noticeDelayMs` shows that work started through `notice`
// (a placeholder, or the assistant status), sent by a small paced queue so notices never flood Slack
// or the loop. Retries of an event still queued or running here are dropped at once; the engine's
// processed-events claim stays the authority across restarts and replicas.

export interface IntakeJob {
  /** The platform event id (dedupe while queued or running). */
  eventId: string;
  /** Shows the asker that work started; resolves to the placeholder's ts, if it posted one. */
  notice?: () => Promise<string | undefined>;
  /** The work, given the notice's placeholder when one was (or is being) posted. */
  run(placeholder: Promise<string | undefined> | undefined): Promise<unknown>;
}

export interface QuestionIntake {
  /** false when a job with this event id is already queued or running (a retry): nothing is done. */
  submit(job: IntakeJob): boolean;
  /** Resolves when every job submitted so far has finished. */
  idle(): Promise<void>;
  readonly waiting: number;
  readonly running: number;
}

export interface IntakeOptions {
  concurrency: number;
  /** Start waiting questions once no new one came for this long… */
  quietMs: number;
  /** …but never later than this after the oldest waiting one came. */
  maxStartDelayMs: number;
  /** Monotonic milliseconds (lib/clock.ts). */
  now(): number;
  /** How long a question may wait for a slot before its notice goes out. */
  noticeDelayMs: number;
  /** Notices sent at once at most. */
  noticeConcurrency: number;
  onError(err: unknown): void;
}

interface Entry {
  job: IntakeJob;
  submittedAt: number;
  placeholder: Promise<string | undefined> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: () => void;
}

export function createQuestionIntake(options: IntakeOptions): QuestionIntake {
  const queue: Entry[] = [];
  const active = new Set<string>();
  const pending = new Set<Promise<void>>();
  const notices: Array<() => void> = [];
  let running = 0;
  let noticing = 0;
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;

  // Debounced start: every new question pushes the start back by `quietMs`, bounded by the oldest.
  function schedulePump(): void {
    if (pumpTimer) clearTimeout(pumpTimer);
    const oldest = queue[0];
    if (!oldest) return;
    const wait = Math.max(0, Math.min(options.quietMs, oldest.submittedAt + options.maxStartDelayMs - options.now()));
    pumpTimer = setTimeout(() => {
      pumpTimer = undefined;
      pump();
    }, wait);
  }

  function pump(): void {
    while (running < options.concurrency && queue.length > 0) {
      const entry = queue.shift()!;
      if (entry.timer) clearTimeout(entry.timer);
      running++;
      void entry.job
        .run(entry.placeholder)
        .catch((err: unknown) => options.onError(err))
        .finally(() => {
          running--;
          active.delete(entry.job.eventId);
          entry.done();
          pump();
        });
    }
  }

  function pumpNotices(): void {
    while (noticing < options.noticeConcurrency && notices.length > 0) {
      noticing++;
      notices.shift()!();
    }
  }

  function scheduleNotice(entry: Entry): void {
    const notice = entry.job.notice;
    if (!notice) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      // The placeholder promise exists from now on, so a job that starts meanwhile edits this one
      // message instead of posting a second.
      entry.placeholder = new Promise<string | undefined>((resolve) => {
        notices.push(() => {
          notice()
            .catch((err: unknown) => {
              options.onError(err);
              return undefined;
            })
            .then(resolve, () => resolve(undefined))
            .finally(() => {
              noticing--;
              pumpNotices();
            });
        });
      });
      pumpNotices();
    }, options.noticeDelayMs);
    entry.timer.unref?.();
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
      const entry: Entry = { job, submittedAt: options.now(), placeholder: undefined, timer: undefined, done };
      queue.push(entry);
      // Every job gets a notice timer (cleared when it starts in time): a burst arrives within one
      // turn of the loop, before any of it has started, so "will it wait?" cannot be known here.
      scheduleNotice(entry);
      schedulePump();
      return true;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
