import { describe, expect, it } from 'vitest';
import { createThreadQueue } from '../../../src/engine/thread-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('thread queue', () => {
  it('runs one task at a time per thread, in arrival order, and says when one waits', async () => {
    const q = createThreadQueue(4);
    const order: string[] = [];
    const first = deferred();
    const waits: string[] = [];
    const a = q.run('t1', async () => {
      order.push('a start');
      await first.promise;
      order.push('a end');
    });
    const b = q.run('t1', async () => void order.push('b'), (why) => waits.push(why));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['a start']);
    expect(waits).toEqual(['thread_busy']);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a end', 'b']);
  });

  it('runs different threads concurrently up to the limit', async () => {
    const q = createThreadQueue(2);
    const gates = [deferred(), deferred(), deferred()];
    let peak = 0;
    const waits: string[] = [];
    const tasks = gates.map((g, i) =>
      q.run(`t${i}`, async () => {
        peak = Math.max(peak, q.running);
        await g.promise;
      }, (why) => waits.push(why)),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(q.running).toBe(2);
    expect(q.waiting).toBe(1);
    expect(waits).toEqual(['capacity']);
    gates.forEach((g) => g.resolve());
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(q.running).toBe(0);
    expect(q.waiting).toBe(0);
  });

  it('keeps serving a thread after a task fails', async () => {
    const q = createThreadQueue(1);
    await expect(q.run('t', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run('t', async () => 42)).resolves.toBe(42);
  });
});
