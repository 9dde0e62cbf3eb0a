// The demo warehouse's database thread. Plain JavaScript on purpose: a worker_thread does not
// inherit tsx's or vitest's TypeScript loader, and this file must start the same way under both.
// It never touches the on-disk warehouse except to read it: 'open' loads the dumped data directory
// into an in-memory PGlite, so the main thread may terminate this worker at any instant (timeout,
// cancel) without harm. It speaks raw text: values are PostgreSQL's text output plus type names;
// the main thread turns them into Cells with toCell, exactly as the pg connector does.
//
// Messages in:  open | stream | more | stop | query | build      Messages out: see worker-client.ts
import { parentPort, workerData } from 'node:worker_threads';
import { Blob } from 'node:buffer';
import { open as openFile, readFile } from 'node:fs/promises';

// A serving worker is told its tarball up front: read it while PGlite's module loads. Held as a
// promise; the rejection (if any) is reported by the 'open' job that awaits it.
let prefetched = workerData?.tarballPath ? readFile(workerData.tarballPath) : undefined;
prefetched?.catch(() => undefined);
const { PGlite, protocol } = await import('@electric-sql/pglite');

const { serialize } = protocol;
const PORTAL = 'threadsql_stream';

/** @type {import('@electric-sql/pglite').PGlite | undefined} */
let db;
/** oid → pg_type.typname; loaded once at open (the data never changes), misses looked up. */
const typeNames = new Map();
/** Resolver for the stream currently waiting on the main thread ('more' | 'stop'). */
let pendingPull;
let queue = Promise.resolve();

const post = (message) => parentPort.postMessage(message);

parentPort.on('message', (message) => {
  if (message.type === 'more' || message.type === 'stop') {
    const resolve = pendingPull;
    pendingPull = undefined;
    resolve?.(message.type);
    return;
  }
  // One job at a time, in arrival order; the main thread queues too, this is a second guarantee.
  queue = queue.then(() => handle(message));
});

async function handle(message) {
  try {
    switch (message.type) {
      case 'open':
        return await openWarehouse(message);
      case 'stream':
        return await stream(message);
      case 'query':
        return await query(message);
      case 'build':
        return await build(message);
      default:
        throw new Error(`unknown message type ${message.type}`);
    }
  } catch (error) {
    post({ type: 'error', id: message.id, error: describeError(error) });
  }
}

async function openWarehouse({ id, tarballPath }) {
  const started = performance.now();
  const pending = workerData?.tarballPath === tarballPath && prefetched ? prefetched : readFile(tarballPath);
  prefetched = undefined; // let the buffer be collected once PGlite has copied it
  db = await PGlite.create({ loadDataDir: new Blob([await pending]) });
  const types = await db.query('SELECT oid::text AS oid, typname::text AS name FROM pg_type', [], { rowMode: 'array' });
  for (const [oid, name] of types.rows) typeNames.set(Number(oid), String(name));
  const info = await db.query(
    `SELECT current_user::text AS role, r.rolsuper AS superuser, current_setting('server_version') AS server_version, version() AS version
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = info.rows[0];
  post({
    type: 'ready', id, role: row.role, superuser: row.superuser === true, serverVersion: row.server_version,
    version: row.version, loadMs: Math.round(performance.now() - started),
  });
}

/** Run raw protocol messages; throws the DatabaseError PGlite reports. */
function send(message) {
  return db.execProtocolStream(message, { syncToFs: false });
}

async function fieldsOf(messages) {
  const description = messages.find((m) => m.name === 'rowDescription');
  if (!description) return [];
  const fields = [];
  for (const f of description.fields) fields.push({ name: f.name, typeOid: f.dataTypeID, typeName: await typeName(f.dataTypeID) });
  return fields;
}

async function typeName(oid) {
  const known = typeNames.get(oid);
  if (known !== undefined) return known;
  // Not reachable with the bundled data (its types never change), but never guess a name.
  const found = await db.query('SELECT typname::text AS name FROM pg_type WHERE oid = $1', [oid]);
  const name = found.rows[0]?.name ?? 'unknown';
  typeNames.set(oid, name);
  return name;
}

const dataRows = (messages) => messages.filter((m) => m.name === 'dataRow').map((m) => m.fields);

/**
 * One guarded statement inside BEGIN READ ONLY … ROLLBACK, read through a named portal with a row
 * limit per Execute (what pg-cursor does on a real server), so any statement kind reaches the
 * executor and a write fails with SQLSTATE 25006 rather than a syntax error. Waits for the main
 * thread to ask for more after each batch: a slow consumer never makes rows pile up here.
 */
async function stream({ id, sql, batchSize, maxRows }) {
  await db.exec('BEGIN READ ONLY');
  let rowCount = 0;
  let capped = false;
  let columnsSent = false;
  try {
    await send(serialize.parse({ text: sql }));
    await send(serialize.bind({ portal: PORTAL }));
    const fields = await fieldsOf(await send(serialize.describe({ type: 'P', name: PORTAL })));
    for (;;) {
      const want = Math.max(1, Math.min(batchSize, maxRows + 1 - rowCount));
      const messages = await send(serialize.execute({ portal: PORTAL, rows: want }));
      if (!columnsSent) {
        post({ type: 'columns', id, fields });
        columnsSent = true;
      }
      let rows = dataRows(messages);
      const suspended = messages.some((m) => m.name === 'portalSuspended');
      if (rowCount + rows.length > maxRows) {
        rows = rows.slice(0, maxRows - rowCount);
        capped = true;
      }
      rowCount += rows.length;
      if (rows.length > 0) {
        const next = new Promise((resolve) => (pendingPull = resolve));
        post({ type: 'rows', id, rows });
        if ((await next) === 'stop') break;
      }
      if (capped || !suspended) break;
    }
    await send(serialize.close({ type: 'P', name: PORTAL }));
    await send(serialize.sync());
  } catch (error) {
    await recover();
    throw error;
  }
  await endTransaction();
  post({ type: 'done', id, rowCount, capped });
}

/** Our own catalog queries: parameters already as text (or null), all rows at once, read-only too. */
async function query({ id, sql, params }) {
  await db.exec('BEGIN READ ONLY');
  let fields;
  let rows;
  try {
    await send(serialize.parse({ text: sql }));
    await send(serialize.bind({ values: params }));
    fields = await fieldsOf(await send(serialize.describe({ type: 'P' })));
    rows = dataRows(await send(serialize.execute({})));
    await send(serialize.sync());
  } catch (error) {
    await recover();
    throw error;
  }
  await endTransaction();
  post({ type: 'result', id, fields, rows });
}

/**
 * Roll back, then DISCARD ALL: the session is shared by every later job, and some state survives a
 * rollback (PREPARE, session advisory locks). Separate calls: DISCARD cannot run in a transaction
 * block, and a multi-statement string would be one.
 */
async function endTransaction() {
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
}

// After an error the backend skips messages until Sync; then the aborted transaction is rolled back.
async function recover() {
  try {
    await db.execProtocolStream(serialize.sync(), { syncToFs: false, throwOnError: false });
    await endTransaction();
  } catch (error) {
    // The session is in an unknown state: tell the main thread to replace this worker.
    post({ type: 'broken', error: describeError(error) });
  }
}

/** Build a fresh database from generated COPY data and dump its data directory to `outPath`. */
async function build({ id, steps, outPath, postgresqlconf, initdbArgs }) {
  const timings = [];
  let started = performance.now();
  const builder = await PGlite.create({ postgresqlconf: [...postgresqlconf], initDbStartParams: [...initdbArgs] });
  timings.push(['initdb', Math.round(performance.now() - started)]);
  for (const step of steps) {
    started = performance.now();
    if (step.kind === 'sql') await builder.exec(step.sql);
    else await builder.query(`COPY ${step.table} (${step.columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([step.data]) });
    timings.push([step.label, Math.round(performance.now() - started)]);
  }
  started = performance.now();
  const tarball = new Uint8Array(await (await builder.dumpDataDir('none')).arrayBuffer());
  const handle = await openFile(outPath, 'w');
  try {
    await handle.writeFile(tarball);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await builder.close();
  timings.push(['dump', Math.round(performance.now() - started)]);
  post({ type: 'built', id, bytes: tarball.byteLength, timings });
}

function describeError(error) {
  if (error && typeof error === 'object' && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) {
    return {
      kind: 'database', message: String(error.message), sqlstate: error.code, severity: error.severity,
      detail: error.detail, hint: error.hint, position: error.position,
    };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error), stack: error?.stack };
}

process.on('unhandledRejection', (error) => post({ type: 'broken', error: describeError(error) }));
