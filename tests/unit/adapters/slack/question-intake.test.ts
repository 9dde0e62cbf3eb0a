// The queue between Slack's ack and the engine: a bounded number of questions at once, in order,
// retries of a waiting event dropped, and a notice for questions that wait, sent a few at a time.
import { describe, expect, it, vi } from 'vitest';
import { createQuestionIntake, type IntakeOptions } from '../../../../src/adapters/slack/question-intake.ts';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function options(over: Partial<IntakeOptions> = {}): IntakeOptions {
  return { concurrency: 2, quietMs: 0, maxStartDelayMs: 0, now: () => performance.now(), noticeDelayMs: 60_000, noticeConcurrency: 2, onError: (err) => { throw err; }, ...over };
}

describe('question intake', () => {
  it('runs at most `concurrency` questions at once, in the order they came', async () => {
    const intake = createQuestionIntake(options({ concurrency: 2 }));
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 6 }, () => deferred());
    const twoStarted = deferred();
    gates.forEach((gate, i) =>
      intake.submit({
        eventId: `e${i}`,
        run: async () => {
          started.push(i);
          if (started.length === 2) twoStarted.resolve();
          most = Math.max(most, ++running);
          await gate.promise;
          running--;
        },
      }),
    );
    expect(started).toEqual([]); // nothing starts in the ack's own turn of the loop
    expect(intake.waiting).toBe(6);
    await twoStarted.promise;
    expect(started).toEqual([0, 1]); // the others wait: both slots are held until their gates open
    gates.forEach((g) => g.resolve());
    await intake.idle();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(intake.running + intake.waiting).toBe(0);
  });

  it('starts questions once the burst has passed, and at the latest the start delay after the oldest', async () => {
    vi.useFakeTimers();
    try {
      const intake = createQuestionIntake(options({ concurrency: 2, quietMs: 20, maxStartDelayMs: 50, now: () => Date.now() }));
      const started: string[] = [];
      const submit = (id: string) => intake.submit({ eventId: id, run: async () => void started.push(id) });
      submit('a');
      await vi.advanceTimersByTimeAsync(15);
      submit('b'); // still in the burst: the start moves to 15 + 20 ms
      await vi.advanceTimersByTimeAsync(15);
      expect(started).toEqual([]);
      await vi.advanceTimersByTimeAsync(6);
      expect(started).toEqual(['a', 'b']);

      // A steady stream never goes quiet: the oldest still starts 50 ms after it came.
      started.length = 0;
      for (let i = 0; i < 10; i++) {
        submit(`s${i}`);
        await vi.advanceTimersByTimeAsync(10);
        if (i === 3) expect(started).toEqual([]); // 40 ms after the oldest: not yet
      }
      expect(started.length).toBeGreaterThan(0);
      expect(started[0]).toBe('s0');
      await vi.advanceTimersByTimeAsync(100);
      expect(started).toHaveLength(10);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops a retry of an event still waiting or running, and takes it again once finished', async () => {
    const intake = createQuestionIntake(options({ concurrency: 1 }));
    const gate = deferred();
    const running = deferred();
    let runs = 0;
    const job = {
      eventId: 'msg:C1:1.1',
      run: async () => {
        runs++;
        running.resolve();
        await gate.promise;
      },
    };
    expect(intake.submit(job)).toBe(true);
    expect(intake.submit(job)).toBe(false);
    await running.promise;
    expect(intake.submit(job)).toBe(false); // running now
    gate.resolve();
    await intake.idle();
    expect(runs).toBe(1);
    expect(intake.submit(job)).toBe(true); // the engine's processed-events claim decides from here
    await intake.idle();
    expect(runs).toBe(2);
  });

  it('sends a notice only for questions that wait past the delay, a few at a time, and hands its placeholder to the question', async () => {
    const intake = createQuestionIntake(options({ concurrency: 1, noticeDelayMs: 10, noticeConcurrency: 2 }));
    const blocker = deferred();
    const noticed: string[] = [];
    const noticeGates = new Map<string, ReturnType<typeof deferred<string>>>();
    let noticesAtOnce = 0;
    let mostNotices = 0;
    const received = new Map<string, string | undefined>();
    const twoNoticed = deferred();
    const allNoticed = deferred();
    const ids = ['first', 'w1', 'w2', 'w3'];
    for (const id of ids) {
      const gate = deferred<string>();
      noticeGates.set(id, gate);
      intake.submit({
        eventId: id,
        notice: async () => {
          noticed.push(id);
          mostNotices = Math.max(mostNotices, ++noticesAtOnce);
          if (noticed.length === 2) twoNoticed.resolve();
          if (noticed.length === 3) allNoticed.resolve();
          const ts = await gate.promise;
          noticesAtOnce--;
          return ts;
        },
        run: async (placeholder) => {
          if (id === 'first') await blocker.promise;
          received.set(id, await placeholder);
        },
      });
    }
    await twoNoticed.promise; // the two first waiting questions' notices, after ~10 ms
    expect(noticed).toEqual(['w1', 'w2']); // 'first' started in time: no notice; w3 waits for a notice slot
    noticeGates.get('w1')!.resolve('ts-w1'); // frees a notice slot: w3's notice goes out
    await allNoticed.promise;
    noticeGates.get('w2')!.resolve('ts-w2');
    noticeGates.get('w3')!.resolve('ts-w3');
    blocker.resolve();
    await intake.idle();
    expect(noticed).toEqual(['w1', 'w2', 'w3']);
    expect(mostNotices).toBe(2);
    expect(Object.fromEntries(received)).toEqual({ first: undefined, w1: 'ts-w1', w2: 'ts-w2', w3: 'ts-w3' });
  });

  it('reports a failing question and frees its slot for the next', async () => {
    const errors: unknown[] = [];
    const intake = createQuestionIntake(options({ concurrency: 1, onError: (err) => errors.push(err) }));
    let ran = false;
    intake.submit({ eventId: 'bad', run: () => Promise.reject(new Error('store down')) });
    intake.submit({ eventId: 'good', run: async () => { ran = true; } });
    await intake.idle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['store down']);
    expect(ran).toBe(true);
  });
});
