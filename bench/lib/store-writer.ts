// Child process for the store scenario's two-writer check: opens the store file as the app does,
// says "ready", waits for "go" (so both writers overlap), then starts and finishes `count`
// attempts and reports the ids whose start() returned, the failures by code, and how long it took.
// Started by bench/scenarios/store.ts with child_process.fork and the tsx loader.
import { silentLogger } from '../../src/lib/logger.ts';
import { openStore } from '../../src/store/store.ts';

export interface WriterJob {
  filePath: string;
  tag: string;
  count: number;
}

export interface WriterReport {
  tag: string;
  acknowledged: string[];
  failures: Record<string, number>;
  ms: number;
}

process.once('message', async (job: WriterJob) => {
  const store = await openStore({ url: `file:${job.filePath}`, authToken: undefined, isFile: true, filePath: job.filePath }, { logger: silentLogger });
  const failures: Record<string, number> = {};
  const fail = (error: unknown) => {
    const code = (error as { code?: string }).code ?? 'unknown';
    failures[code] = (failures[code] ?? 0) + 1;
  };
  let userId: string | undefined;
  while (!userId) {
    try {
      userId = (await store.users.ensureUser({ platform: 'local', platformUserId: `writer-${job.tag}` }, false)).id;
    } catch (error) {
      fail(error); // busy while the other writer migrates or writes: try again
    }
  }
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const acknowledged: string[] = [];
  const started = performance.now();
  for (let i = 0; i < job.count; i++) {
    try {
      const id = await store.attempts.start({ userId, platform: 'local', question: `${job.tag} ${i}` });
      acknowledged.push(id);
      await store.attempts.finish(id, { status: 'success', executionMs: 1 });
    } catch (error) {
      fail(error);
    }
  }
  const report: WriterReport = { tag: job.tag, acknowledged, failures, ms: performance.now() - started };
  await store.close();
  process.send?.(report, () => process.exit(0));
});
