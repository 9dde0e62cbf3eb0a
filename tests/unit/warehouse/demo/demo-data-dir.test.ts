// Crash safety of the on-disk demo warehouse, with a fake builder (no PGlite): a half-built or
// outdated folder is never used, a finished one is reused, leftovers of dead builds are removed.
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreadsqlError } from '../../../../src/lib/errors.ts';
import { silentLogger } from '../../../../src/lib/logger.ts';
import { systemClock } from '../../../../src/lib/clock.ts';
import {
  DEMO_DIR_NAME, ensureDemoFiles, MANIFEST_NAME, TARBALL_NAME, type DemoBuilder, type DemoVersion,
} from '../../../../src/warehouse/demo/demo-data-dir.ts';

let dataDir: string;
const version: DemoVersion = { generatorVersion: 3, seed: 7, pglite: '0.5.16' };

function fakeBuilder(content = 'tarball-bytes'): DemoBuilder & { calls: number } {
  const build = Object.assign(
    async (dir: string) => {
      build.calls++;
      await writeFile(path.join(dir, TARBALL_NAME), content);
      return { tables: { orders: { rows: 1, sha256: 'x' } }, timings: [['fake', 1]] as [string, number][] };
    },
    { calls: 0 },
  );
  return build;
}

const ensure = (build: DemoBuilder, v: DemoVersion = version) => ensureDemoFiles({ dataDir, version: v, build, logger: silentLogger });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'threadsql-demo-dir-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('demo warehouse files', () => {
  it('builds once, then reuses the installed copy', async () => {
    const build = fakeBuilder();
    const firstRun = await ensure(build);
    expect(firstRun.generated).toBe(true);
    expect(firstRun.dir).toBe(path.join(dataDir, DEMO_DIR_NAME));
    expect(await readFile(firstRun.tarballPath, 'utf8')).toBe('tarball-bytes');
    const again = await ensure(build);
    expect(again.generated).toBe(false);
    expect(again.manifest.createdAt).toBe(firstRun.manifest.createdAt);
    expect(build.calls).toBe(1);
    expect(await readdir(dataDir)).toEqual([DEMO_DIR_NAME]);
  });

  it('rebuilds when the generator version, seed or PGlite version changes', async () => {
    const build = fakeBuilder();
    await ensure(build);
    for (const changed of [{ ...version, generatorVersion: 4 }, { ...version, seed: 8 }, { ...version, pglite: '0.6.0' }]) {
      const files = await ensure(build, changed);
      expect(files.generated).toBe(true);
      expect(files.manifest).toMatchObject(changed);
    }
    expect(build.calls).toBe(4);
    expect(await readdir(dataDir)).toEqual([DEMO_DIR_NAME]);
  });

  it('never uses a folder whose manifest is missing (a build that died before finishing)', async () => {
    const final = path.join(dataDir, DEMO_DIR_NAME);
    await mkdir(final);
    await writeFile(path.join(final, TARBALL_NAME), 'half');
    const files = await ensure(fakeBuilder('complete'));
    expect(files.generated).toBe(true);
    expect(await readFile(files.tarballPath, 'utf8')).toBe('complete');
  });

  it('never uses a tarball whose size differs from the manifest (truncated copy)', async () => {
    const files = await ensure(fakeBuilder('complete'));
    await writeFile(files.tarballPath, 'compl');
    const again = await ensure(fakeBuilder('complete'));
    expect(again.generated).toBe(true);
    expect(await readFile(again.tarballPath, 'utf8')).toBe('complete');
  });

  it('leaves nothing behind when the build fails, and keeps no broken install', async () => {
    const failing: DemoBuilder = async (dir) => {
      await writeFile(path.join(dir, TARBALL_NAME), 'partial');
      throw new Error('out of memory');
    };
    await expect(ensure(failing)).rejects.toThrow('out of memory');
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('removes an abandoned build folder but not one that may still be in progress', async () => {
    const abandoned = path.join(dataDir, `.${DEMO_DIR_NAME}.building-1-dead`);
    const recent = path.join(dataDir, `.${DEMO_DIR_NAME}.building-2-busy`);
    await mkdir(abandoned);
    await mkdir(recent);
    const twoHoursAgo = new Date(systemClock.now().getTime() - 2 * 60 * 60 * 1000);
    await utimes(abandoned, twoHoursAgo, twoHoursAgo);
    await ensure(fakeBuilder());
    expect((await readdir(dataDir)).sort()).toEqual([`.${DEMO_DIR_NAME}.building-2-busy`, DEMO_DIR_NAME]);
  });

  it('says the data folder is unwritable when it cannot be created', async () => {
    const file = path.join(dataDir, 'a-file');
    await writeFile(file, 'x');
    const err = await ensureDemoFiles({ dataDir: path.join(file, 'sub'), version, build: fakeBuilder(), logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThreadsqlError);
    expect((err as ThreadsqlError).code).toBe('data_dir_unwritable');
  });

  it('keeps the first complete install when two builds race', async () => {
    let releaseFirst!: () => void;
    const gate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const slow: DemoBuilder = async (dir) => {
      await gate;
      await writeFile(path.join(dir, TARBALL_NAME), 'slow');
      return { tables: {}, timings: [] };
    };
    const racing = ensure(slow);
    const fast = await ensure(fakeBuilder('fast'));
    releaseFirst();
    const late = await racing;
    expect(await readFile(fast.tarballPath, 'utf8')).toBe('fast');
    expect(await readFile(late.tarballPath, 'utf8')).toBe('fast');
    expect(await readdir(dataDir)).toEqual([DEMO_DIR_NAME]);
    const manifest = JSON.parse(await readFile(path.join(dataDir, DEMO_DIR_NAME, MANIFEST_NAME), 'utf8')) as { tarballBytes: number };
    expect(manifest.tarballBytes).toBe(4);
  });
});
