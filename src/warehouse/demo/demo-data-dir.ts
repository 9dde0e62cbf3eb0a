// Where the generated demo warehouse lives on disk, and how it gets there without ever leaving a
// half-built copy that looks complete: build into `<dataDir>/.demo-warehouse.building-*`, write the
// manifest last, then rename the folder to `<dataDir>/demo-warehouse/`. A folder counts as complete
// only when its manifest matches this generator version, seed and PGlite version and the tarball has
// the size the manifest recorded. Anything else is rebuilt.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { ThreadsqlError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';

export const DEMO_DIR_NAME = 'demo-warehouse';
export const TARBALL_NAME = 'warehouse.tar';
export const MANIFEST_NAME = 'manifest.json';
const BUILDING_PREFIX = `.${DEMO_DIR_NAME}.building-`;
const STALE_PREFIX = `.${DEMO_DIR_NAME}.stale-`;
/** A build folder older than this belongs to a process that died mid-build. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** What must match for an installed warehouse to be reused. */
export interface DemoVersion {
  generatorVersion: number;
  seed: number;
  pglite: string;
}

export interface DemoManifest extends DemoVersion {
  format: 1;
  createdAt: string;
  tarballBytes: number;
  buildMs: number;
  tables: Record<string, { rows: number; sha256: string }>;
  timings: [string, number][];
}

/** Builds the tarball into `dir/warehouse.tar` and describes it. */
export type DemoBuilder = (dir: string) => Promise<Omit<DemoManifest, keyof DemoVersion | 'format' | 'createdAt' | 'tarballBytes' | 'buildMs'>>;

export interface DemoFiles {
  dir: string;
  tarballPath: string;
  manifest: DemoManifest;
  /** True when this call built the data (first start, or after a version change). */
  generated: boolean;
}

export async function ensureDemoFiles(options: {
  dataDir: string;
  version: DemoVersion;
  build: DemoBuilder;
  logger: Logger;
  clock?: Clock;
}): Promise<DemoFiles> {
  const { dataDir, version, logger } = options;
  const clock = options.clock ?? systemClock;
  const finalDir = path.join(dataDir, DEMO_DIR_NAME);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (cause) {
    throw new ThreadsqlError('data_dir_unwritable', `The data folder ${dataDir} cannot be created.`, { cause });
  }

  const installed = await readComplete(finalDir, version);
  if (installed) return { dir: finalDir, tarballPath: path.join(finalDir, TARBALL_NAME), manifest: installed, generated: false };

  await removeLeftovers(dataDir, clock, logger);
  const buildDir = path.join(dataDir, `${BUILDING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(buildDir);
  } catch (cause) {
    throw new ThreadsqlError('data_dir_unwritable', `The data folder ${dataDir} is not writable.`, { cause });
  }
  logger.info({ dir: finalDir }, 'building the demo warehouse (first start or new generator version)');
  const started = clock.monotonicMs();
  let manifest: DemoManifest;
  try {
    const built = await options.build(buildDir);
    const tarballBytes = (await stat(path.join(buildDir, TARBALL_NAME))).size;
    manifest = {
      format: 1, ...version, createdAt: clock.now().toISOString(), tarballBytes,
      buildMs: Math.round(clock.monotonicMs() - started), ...built,
    };
    await writeDurably(path.join(buildDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }
  await install(buildDir, finalDir, version, dataDir);
  const current = await readComplete(finalDir, version);
  if (!current) throw new ThreadsqlError('internal', 'The demo warehouse could not be installed.');
  logger.info({ buildMs: manifest.buildMs, bytes: manifest.tarballBytes }, 'demo warehouse built');
  return { dir: finalDir, tarballPath: path.join(finalDir, TARBALL_NAME), manifest: current, generated: true };
}

/** The manifest of a complete, matching install, or undefined. */
export async function readComplete(dir: string, version: DemoVersion): Promise<DemoManifest | undefined> {
  let manifest: DemoManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_NAME), 'utf8')) as DemoManifest;
  } catch {
    return undefined; // missing or unreadable manifest: not complete, so it is rebuilt
  }
  if (
    manifest.format !== 1 || manifest.generatorVersion !== version.generatorVersion ||
    manifest.seed !== version.seed || manifest.pglite !== version.pglite
  ) return undefined;
  try {
    const size = (await stat(path.join(dir, TARBALL_NAME))).size;
    return size === manifest.tarballBytes ? manifest : undefined;
  } catch {
    return undefined; // tarball missing: rebuild
  }
}

async function install(buildDir: string, finalDir: string, version: DemoVersion, dataDir: string): Promise<void> {
  // Another process may have finished its own build meanwhile: keep the first complete one.
  if (await readComplete(finalDir, version)) {
    await rm(buildDir, { recursive: true, force: true });
    return;
  }
  const staleDir = path.join(dataDir, `${STALE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  let moved = false;
  try {
    await rename(finalDir, staleDir);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(buildDir, finalDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Lost a race with another process that installed between our two renames.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await readComplete(finalDir, version))) {
      await rm(buildDir, { recursive: true, force: true });
    } else {
      throw error;
    }
  }
  if (moved) await rm(staleDir, { recursive: true, force: true });
}

async function removeLeftovers(dataDir: string, clock: Clock, logger: Logger): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const full = path.join(dataDir, name);
    if (name.startsWith(STALE_PREFIX)) {
      await rm(full, { recursive: true, force: true });
    } else if (name.startsWith(BUILDING_PREFIX)) {
      const info = await stat(full).catch(() => undefined);
      // A younger folder may be another process building right now; leave it alone.
      if (info && clock.now().getTime() - info.mtimeMs > ABANDONED_AFTER_MS) {
        logger.info({ dir: full }, 'removing an abandoned demo warehouse build');
        await rm(full, { recursive: true, force: true });
      }
    }
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The installed @electric-sql/pglite version: a new PGlite may need a new data directory format. */
export function installedPgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const pkgPath = path.join(path.dirname(entry), '..', 'package.json');
  return (require(pkgPath) as { version: string }).version;
}
