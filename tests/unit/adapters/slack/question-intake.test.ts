// The short wait between Slack's ack and the engine: questions start together once a burst has
// passed (never later than the start delay), none is held back after that, retries are dropped.
import { describe, expect, it, vi } from 'vitest';
import { createQuestionIntake, type IntakeOptions } from '../../../../src/adapters/slack/question-intake.ts';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function options(over: Partial<IntakeOptions> = {}): IntakeOptions {
  return { quietMs: 0, maxStartDelayMs: 0, now: () => performance.now(), onError: (err) => { throw err; }, ...over };
}

describe('question intake', () => {
  it('starts every waiting question together, in the order they came, holding none back for a slot', async () => {
    const intake = createQuestionIntake(options());
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, () => deferred());
    const allStarted = deferred();
    gates.forEach((gate, i) =>
      intake.submit({
        eventId: `e${i}`,
        run: async () => {
          started.push(i);
          if (started.length === 6) allStarted.resolve();
          await gate.promise;
        },
      }),
    );
    expect(started).toEqual([]); // nothing starts in the ack's own turn of the loop
    expect(intake.waiting).toBe(6);
    await allStarted.promise;
    // All six run at once: the engine records each before it waits for one of its own slots.
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(intake.running).toBe(6);
    gates.forEach((g) => g.resolve());
    await intake.idle();
    expect(intake.running + intake.waiting).toBe(0);
  });

  it('starts questions once the burst has passed, and at the latest the start delay after the oldest', async () => {
    vi.useFakeTimers();
    try {
      const intake = createQuestionIntake(options({ quietMs: 20, maxStartDelayMs: 50, now: () => Date.now() }));
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
    const intake = createQuestionIntake(options());
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

  it('reports a failing question and still runs the others', async () => {
    const errors: unknown[] = [];
    const intake = createQuestionIntake(options({ onError: (err) => errors.push(err) }));
    let ran = false;
    intake.submit({ eventId: 'bad', run: () => Promise.reject(new Error('store down')) });
    intake.submit({ eventId: 'good', run: async () => { ran = true; } });
    await intake.idle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['store down']);
    expect(ran).toBe(true);
  });
});
