// `npm run teams:package [-- --out <file>]`: the Teams app package for this deployment. Reads
// MICROSOFT_APP_ID and THREADSQL_PUBLIC_URL through the app's config, fills them into
// manifests/teams/manifest.json, validates it (Microsoft's manifest schema, icon sizes) and writes
// the zip to upload in Teams (default dist/threadsql-teams.zip). Exit 1 with the problems, each
// naming its field, when it cannot.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppPackageError, buildAppPackage } from '../src/adapters/teams/package/build-app-package.ts';
import { loadConfig } from '../src/config/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(ROOT, 'dist', 'threadsql-teams.zip') }, manifests: { type: 'string', default: path.join(ROOT, 'manifests', 'teams') } } });
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`teams:package: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const missing = [
    ...(config.teams ? [] : ['MICROSOFT_APP_ID: required (the Azure Bot\'s Microsoft App ID becomes the app\'s and the bot\'s id)']),
    ...(config.exportLinks.publicUrl ? [] : ['THREADSQL_PUBLIC_URL: required (its host is the valid domain of the CSV and chart links in cards)']),
  ];
  if (!config.teams || !config.exportLinks.publicUrl) {
    process.stderr.write(`teams:package: cannot build the package:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
    return 1;
  }
  try {
    const pkg = await buildAppPackage({ manifestDir: values.manifests, appId: config.teams.appId, publicUrl: config.exportLinks.publicUrl });
    await mkdir(path.dirname(values.out), { recursive: true });
    await writeFile(values.out, pkg.zip);
    process.stdout.write(`teams:package: wrote ${values.out} (manifest ${String(pkg.manifest.manifestVersion)}, app ${config.teams.appId}, domain ${new URL(config.exportLinks.publicUrl).host}); upload it in Teams → Apps → Manage your apps → Upload an app\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppPackageError)) throw err;
    process.stderr.write(`teams:package: ${err.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
