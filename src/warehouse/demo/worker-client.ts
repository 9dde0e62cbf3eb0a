// Runs the demo warehouse's PGlite in a worker_thread and is its only caller. PGlite ignores
// statement_timeout (measured: pg_sleep(5) ran 5 s under a 500 ms timeout) and runs on the thread
// that calls it, so the only way to stop a runaway query is to terminate the thread: on timeout or
// abort we do exactly that, fail the call at once, and start a fresh worker for the next caller.
// That is safe because a serving worker holds a private in-memory copy of the data (loaded from the
// dumped tarball) and never writes to disk. One job runs at a time; later callers wait in FIFO order.
import { Worker } from 'node:worker_threads';
import { QueryTimeoutError, ThreadsqlError, WarehouseDownError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';

const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);
const START_TIMEOUT_MS = 60_000;

export interface WorkerField {
  name: string;
  typeOid: number;
  typeName: string;
}

export type WorkerErrorInfo =
  | { kind: 'database'; message: string; sqlstate: string; severity?: string; detail?: string; hint?: string; position?: string }
  | { kind: 'internal'; message: string; stack?: string };

export interface ReadyInfo {
  role: string;
  superuser: boolean;
  serverVersion: string;
  version: string;
  loadMs: number;
}

/** Messages the worker sends back (see pglite-worker.mjs). */
export type WorkerReply =
  | ({ type: 'ready'; id: number } & ReadyInfo)
  | { type: 'columns'; id: number; fields: WorkerField[] }
  | { type: 'rows'; id: number; rows: (string | null)[][] }
  | { type: 'done'; id: number; rowCount: number; capped: boolean }
  | { type: 'result'; id: number; fields: WorkerField[]; rows: (string | null)[][] }
  | { type: 'built'; id: number; bytes: number; timings: [string, number][] }
  | { type: 'error'; id: number; error: WorkerErrorInfo }
  | { type: 'broken'; error: WorkerErrorInfo };

/** Requests a job may send; the client adds the job id. */
export type WorkerRequest =
  | { type: 'stream'; sql: string; batchSize: number; maxRows: number }
  | { type: 'more' }
  | { type: 'stop' }
  | { type: 'query'; sql: string; params: (string | null)[] };

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Handles one reply of the job; returns an outcome to finish it, or undefined to keep listening. */
export type ReplyHandler<T> = (
  reply: Exclude<WorkerReply, { type: 'broken' }>,
  send: (message: WorkerRequest) => void,
) => Promise<JobOutcome<T> | undefined> | JobOutcome<T> | undefined;

export interface JobLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PgliteWorkerClient {
  /** Waits until a worker has loaded the data; throws WarehouseDownError if it cannot. */
  ready(): Promise<ReadyInfo>;
  /** Run one job, after the jobs queued before it. Times out / aborts by terminating the worker. */
  run<T>(request: WorkerRequest, handler: ReplyHandler<T>, limits: JobLimits): Promise<T>;
  /** How many workers were started so far (1 + restarts); for logs and tests. */
  readonly starts: number;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: Promise<ReadyInfo>;
  /** Exited, crashed, failed to start or reported itself broken: replace before the next job. */
  unusable: boolean;
  listener: ((event: { kind: 'reply'; reply: WorkerReply } | { kind: 'death'; error: unknown }) => void) | undefined;
}

export function createPgliteWorkerClient(options: { tarballPath: string; logger: Logger }): PgliteWorkerClient {
  const log = options.logger;
  let current: Slot | undefined;
  let terminating: Promise<unknown> = Promise.resolve();
  let queueTail: Promise<void> = Promise.resolve();
  let closed = false;
  let nextId = 1;
  let starts = 0;

  function spawn(): Slot {
    starts++;
    // workerData lets the worker start reading the tarball while PGlite's module loads.
    const worker = new Worker(WORKER_URL, { stdout: true, stderr: true, workerData: { tarballPath: options.tarballPath } });
    const slot: Slot = { worker, ready: Promise.resolve() as unknown as Promise<ReadyInfo>, unusable: false, listener: undefined };
    // PGlite may print to the console; keep stdout free for command output.
    worker.stdout.on('data', (chunk: Buffer) => log.debug({ output: chunk.toString().trim() }, 'demo worker stdout'));
    worker.stderr.on('data', (chunk: Buffer) => log.debug({ output: chunk.toString().trim() }, 'demo worker stderr'));
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'broken' || (reply.type === 'error' && reply.error.kind === 'internal')) {
        slot.unusable = true;
        log.warn({ error: reply.error.message }, 'demo worker reported an internal error; it will be replaced');
      }
      slot.listener?.({ kind: 'reply', reply });
    });
    const die = (error: unknown) => {
      slot.unusable = true;
      slot.listener?.({ kind: 'death', error });
    };
    worker.on('error', (error) => {
      log.error({ err: error }, 'demo worker crashed');
      die(error);
    });
    worker.on('exit', (code) => die(new Error(`demo worker exited with code ${code}`)));

    slot.ready = new Promise<ReadyInfo>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no answer within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (cause: unknown) => {
        clearTimeout(timer);
        slot.unusable = true;
        slot.listener = undefined;
        void worker.terminate();
        reject(new WarehouseDownError({ cause, detail: 'the demo warehouse worker did not start' }));
      };
      slot.listener = (event) => {
        if (event.kind === 'death') return fail(event.error);
        const reply = event.reply;
        if (reply.type === 'error') return fail(new Error(reply.error.message));
        if (reply.type !== 'ready') return;
        clearTimeout(timer);
        slot.listener = undefined;
        const { role, superuser, serverVersion, version, loadMs } = reply;
        log.debug({ loadMs }, 'demo worker ready');
        resolve({ role, superuser, serverVersion, version, loadMs });
      };
    });
    // The rejection is delivered to whoever awaits this slot; a spare slot nobody awaited yet must not
    // crash the process with an unhandled rejection.
    slot.ready.catch(() => undefined);
    worker.postMessage({ type: 'open', id: 0, tarballPath: options.tarballPath });
    return slot;
  }

  /** Terminate a slot's worker and start the next one right away, so the next caller waits less. */
  function replace(slot: Slot, reason: string): void {
    slot.unusable = true;
    slot.listener = undefined;
    if (current === slot) current = undefined;
    log.warn({ reason }, 'terminating the demo worker');
    terminating = slot.worker.terminate().then(
      () => {
        if (!closed && current === undefined) current = spawn();
      },
      (error: unknown) => log.error({ err: error }, 'demo worker did not terminate cleanly'),
    );
  }

  async function usableSlot(): Promise<Slot> {
    await terminating;
    if (closed) throw new WarehouseDownError({ detail: 'the demo warehouse is closed' });
    if (!current || current.unusable) {
      if (current) void current.worker.terminate();
      current = spawn();
    }
    const slot = current;
    await slot.ready;
    return slot;
  }

  function execute<T>(slot: Slot, request: WorkerRequest, handler: ReplyHandler<T>, limits: JobLimits): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let chain: Promise<void> = Promise.resolve();
      const finish = (outcome: JobOutcome<T>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        limits.signal?.removeEventListener('abort', onAbort);
        if (slot.listener === listener) slot.listener = undefined;
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error);
      };
      const kill = (error: ThreadsqlError, reason: string) => {
        if (settled) return;
        replace(slot, reason);
        finish({ ok: false, error });
      };
      const timer = setTimeout(() => kill(new QueryTimeoutError(limits.timeoutMs), 'query timeout'), limits.timeoutMs);
      const onAbort = () => kill(new ThreadsqlError('query_cancelled', 'The query was cancelled.'), 'query cancelled');
      const listener: NonNullable<Slot['listener']> = (event) => {
        if (event.kind === 'death') {
          finish({ ok: false, error: new WarehouseDownError({ cause: event.error, detail: 'the demo warehouse worker stopped' }) });
          return;
        }
        const reply = event.reply;
        if (reply.type === 'broken' || reply.id !== id) return;
        chain = chain
          .then(async () => {
            if (settled) return;
            // After a timeout or abort the worker is gone; a late consumer must not post to it.
            const send = (message: WorkerRequest) => {
              if (!settled) slot.worker.postMessage({ ...message, id });
            };
            const outcome = await handler(reply, send);
            if (outcome) finish(outcome);
          })
          .catch((error: unknown) => finish({ ok: false, error }));
      };
      if (limits.signal?.aborted) {
        // Aborted while waiting for a worker: nothing runs yet, so nothing needs terminating.
        finish({ ok: false, error: new ThreadsqlError('query_cancelled', 'The query was cancelled.') });
        return;
      }
      slot.listener = listener;
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      slot.worker.postMessage({ ...request, id });
    });
  }

  return {
    get starts() {
      return starts;
    },
    async ready() {
      return (await usableSlot()).ready;
    },
    async run<T>(request: WorkerRequest, handler: ReplyHandler<T>, limits: JobLimits): Promise<T> {
      if (closed) throw new WarehouseDownError({ detail: 'the demo warehouse is closed' });
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const turn = queueTail;
      queueTail = queueTail.then(() => mine);
      try {
        await waitForTurn(turn, limits.signal);
        const slot = await usableSlot();
        return await execute(slot, request, handler, limits);
      } finally {
        release();
      }
    },
    async close() {
      closed = true;
      const slot = current;
      current = undefined;
      await terminating;
      if (slot) await slot.worker.terminate();
    },
  };
}

function waitForTurn(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  const cancelled = () => new ThreadsqlError('query_cancelled', 'The query was cancelled.');
  if (!signal) return turn;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Build a database in a throw-away worker and dump it to `outPath`; resolves with timings. */
export function buildInWorker(
  build: { steps: readonly BuildStepMessage[]; outPath: string; postgresqlconf: readonly string[]; initdbArgs: readonly string[] },
  options: { logger: Logger; timeoutMs: number },
): Promise<{ bytes: number; timings: [string, number][] }> {
  const worker = new Worker(WORKER_URL, { stdout: true, stderr: true });
  worker.stdout.on('data', (chunk: Buffer) => options.logger.debug({ output: chunk.toString().trim() }, 'demo build stdout'));
  worker.stderr.on('data', (chunk: Buffer) => options.logger.debug({ output: chunk.toString().trim() }, 'demo build stderr'));
  let timer: NodeJS.Timeout | undefined;
  return new Promise<{ bytes: number; timings: [string, number][] }>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`building the demo warehouse took over ${options.timeoutMs} ms`)), options.timeoutMs);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'built') resolve({ bytes: reply.bytes, timings: reply.timings });
      else if (reply.type === 'error' || reply.type === 'broken') reject(new Error(`building the demo warehouse failed: ${reply.error.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the demo build worker exited with code ${code}`)));
    const transfer = build.steps.flatMap((s) => (s.kind === 'copy' ? [s.data.buffer as ArrayBuffer] : []));
    worker.postMessage({ type: 'build', id: 1, ...build }, transfer);
  }).finally(() => {
    // Settled either way: stop the timer and the thread (its PGlite holds the whole database in memory).
    clearTimeout(timer);
    void worker.terminate();
  });
}

/** A build step as posted to the worker (same shape as dataset/generate.ts BuildStep). */
export type BuildStepMessage =
  | { kind: 'sql'; label: string; sql: string }
  | { kind: 'copy'; label: string; table: string; columns: readonly string[]; data: Uint8Array };
