// The Teams app package: manifests/teams filled with this deployment's app id and domain, validated
// against Microsoft's manifest schema (offline, @microsoft/app-manifest), zipped with its icons.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPackageError, buildAppPackage, fillManifest, validateManifest, type Manifest } from '../../../../src/adapters/teams/package/build-app-package.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const DIR = path.join(ROOT, 'manifests/teams');
const APP_ID = '5e1f0000-aaaa-4bbb-8ccc-0123456789ab';
const PUBLIC_URL = 'https://data.acme.example/threadsql';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'tsql-teams-pkg-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function template(): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(DIR, 'manifest.json'), 'utf8')) as Manifest;
}

describe('the Teams app package', () => {
  it('zips a schema-valid manifest with the app id and domain filled in, and both icons at the root', async () => {
    const { zip } = await buildAppPackage({ manifestDir: DIR, appId: APP_ID, publicUrl: PUBLIC_URL });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots![0]!.botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['data.acme.example']);
    expect(await validateManifest(manifest)).toEqual([]);
    expect(await sharp(files['color.png']!).metadata()).toMatchObject({ format: 'png', width: 192, height: 192 });
    expect(await sharp(files['outline.png']!).metadata()).toMatchObject({ format: 'png', width: 32, height: 32, hasAlpha: true });
  });

  it.each([
    ['a bot without its id', (m: Manifest) => delete m.bots![0]!.botId, /^bots\[0\]: must have required property 'botId'/],
    ['an app id that is not a GUID', (m: Manifest) => (m.id = 'threadsql'), /^id: must match pattern/],
    ['a version that is not semver', (m: Manifest) => (m.version = '1.0'), /^version: "1.0" must be a semver version/],
    ['a manifest version without a schema', (m: Manifest) => (m.manifestVersion = '1.99'), /^manifestVersion: "1.99" is not a Teams manifest version/],
    ['an unknown bot scope', (m: Manifest) => (m.bots![0]!.scopes = ['personal', 'everywhere']), /^bots\[0\]\.scopes\[1\]: must be equal to one of the allowed values/],
    ['a field the schema does not know', (m: Manifest) => (m.colour = 'blue'), /^manifest: must NOT have additional properties \(colour\)/],
  ])('refuses %s, naming the field', async (_name, breakIt, message) => {
    const manifest = fillManifest(await template(), { appId: APP_ID, publicUrl: PUBLIC_URL });
    breakIt(manifest);
    const problems = await validateManifest(manifest);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
  });

  it('refuses icons of the wrong size or an outline that is not white on transparent', async () => {
    const dir = path.join(tmp, 'bad-icons');
    await cp(DIR, dir, { recursive: true });
    await sharp({ create: { width: 96, height: 96, channels: 3, background: '#2B6CB0' } }).png().toFile(path.join(dir, 'color.png'));
    await sharp({ create: { width: 32, height: 32, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }).png().toFile(path.join(dir, 'outline.png'));
    const err = await buildAppPackage({ manifestDir: dir, appId: APP_ID, publicUrl: PUBLIC_URL }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppPackageError);
    expect((err as AppPackageError).problems).toEqual([
      'icons.color: color.png must be a 192×192 PNG, it is a 96×96 png',
      'icons.outline: outline.png must be white on transparent only',
    ]);
  });
});

describe('npm run teams:package', () => {
  const run = promisify(execFile);
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  const script = [path.join(ROOT, 'scripts/teams-package.ts')];
  const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: tmp, ...extra });

  it('writes the zip for MICROSOFT_APP_ID and THREADSQL_PUBLIC_URL', async () => {
    const out = path.join(tmp, 'out', 'threadsql-teams.zip');
    const { stdout } = await run(tsx, [...script, '--out', out], {
      cwd: tmp,
      env: env({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'client-secret-value', THREADSQL_PUBLIC_URL: PUBLIC_URL }),
    });
    expect(stdout).toContain('wrote');
    const manifest = JSON.parse(Buffer.from(unzipSync(await readFile(out))['manifest.json']!).toString('utf8')) as Manifest;
    expect(manifest.bots![0]!.botId).toBe(APP_ID);
  }, 60_000);

  it('exits 1 naming what is missing', async () => {
    const err = (await run(tsx, script, { cwd: tmp, env: env({}) }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/MICROSOFT_APP_ID: required/);
    expect(err.stderr).toMatch(/THREADSQL_PUBLIC_URL: required/);
  }, 60_000);
});
