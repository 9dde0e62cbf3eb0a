// Makes sure the store file's directory exists and can really be written, before SQLite touches it.
//
// Not `fs.mkdir(dir, { recursive: true })`: on Node 20 a recursive mkdir under /proc spins forever
// (each level answers ENOENT and Node retries), observed on this machine. Not `fs.access(W_OK)`
// either: as root it says yes for /proc and for chmod 0555 directories alike. So: create the
// missing levels one at a time, then create and delete a probe file — the only check root cannot
// talk its way past. On failure the levels this call created are removed again.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ThreadsqlError } from '../lib/errors.ts';

/** Ensure `dir` exists and accepts a new file. Throws ThreadsqlError('data_dir_unwritable') naming it. */
export async function ensureWritableDir(dir: string): Promise<void> {
  const absolute = path.resolve(dir);
  const created: string[] = [];
  try {
    const missing = await missingLevels(absolute);
    for (const level of missing) {
      try {
        await fs.mkdir(level);
        created.push(level);
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw unwritable(absolute, `cannot create ${level}`, error);
        // Another process created it between our stat and mkdir; it must still be a directory.
        const stat = await fs.stat(level);
        if (!stat.isDirectory()) throw unwritable(absolute, `${level} is not a directory`, error);
      }
    }
    await probeWrite(absolute);
  } catch (error) {
    for (const level of created.reverse()) {
      // Best effort: leave nothing behind from a failed start. A level that cannot be removed is
      // empty and harmless, and the error the operator needs is the one thrown below.
      await fs.rmdir(level).catch(() => undefined);
    }
    throw error instanceof ThreadsqlError ? error : unwritable(absolute, 'cannot be used', error);
  }
}

/** Levels from the nearest existing ancestor (exclusive) down to `dir`, shallowest first. */
async function missingLevels(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    try {
      const stat = await fs.stat(current);
      if (!stat.isDirectory()) throw unwritable(dir, `${current} is a file, not a directory`);
      return missing.reverse();
    } catch (error) {
      if (error instanceof ThreadsqlError) throw error;
      const code = codeOf(error);
      if (code === 'ENOTDIR') throw unwritable(dir, `a parent of ${current} is a file, not a directory`, error);
      if (code !== 'ENOENT') throw unwritable(dir, `cannot inspect ${current}`, error);
      missing.push(current);
      const parent = path.dirname(current);
      if (parent === current) return missing.reverse();
      current = parent;
    }
  }
}

async function probeWrite(dir: string): Promise<void> {
  const probe = path.join(dir, `.threadsql-write-check-${process.pid}-${randomUUID()}`);
  try {
    await fs.writeFile(probe, 'ok', { flag: 'wx' });
  } catch (error) {
    throw unwritable(dir, 'a file cannot be created there', error);
  }
  await fs.unlink(probe);
}

function unwritable(dir: string, reason: string, cause?: unknown): ThreadsqlError {
  const code = codeOf(cause);
  return new ThreadsqlError(
    'data_dir_unwritable',
    `The data directory ${dir} is not writable: ${reason}${code ? ` (${code})` : ''}; point THREADSQL_DATA_DIR (or THREADSQL_STORE_URL) at a writable directory.`,
    { cause },
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
