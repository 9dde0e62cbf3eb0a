// The Teams app package (what Teams → Apps → "Upload an app" takes): manifests/teams/manifest.json
// with this deployment's bot id and domain filled in, validated against Microsoft's own manifest
// JSON schema for its manifestVersion (shipped offline in @microsoft/app-manifest, checked with its
// validator), plus the rules the schema leaves to the upload (semver version, icon sizes), zipped
// with the two icons at the zip's root. Used by `npm run teams:package` (scripts/teams-package.ts);
// the running app never loads this file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ManifestUtil } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import sharp, { type Metadata } from 'sharp';

/** A manifest as JSON (the schema is Microsoft's; we only read and fill a few fields). */
export type Manifest = Record<string, unknown> & {
  manifestVersion?: unknown;
  version?: unknown;
  id?: unknown;
  bots?: Array<Record<string, unknown>>;
  icons?: { color?: unknown; outline?: unknown };
  validDomains?: unknown;
};

export interface PackageSettings {
  /** The folder with manifest.json and the icons it names. */
  manifestDir: string;
  /** MICROSOFT_APP_ID: the app's id and its bot's id. */
  appId: string;
  /** THREADSQL_PUBLIC_URL: its host is the valid domain (CSV and chart links open there). */
  publicUrl: string;
}

export interface AppPackage {
  manifest: Manifest;
  /** manifest.json, color.png and outline.png at the root, as Teams wants them. */
  zip: Uint8Array;
}

/** The package cannot be built; `problems` name the field or file, one per line. */
export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`the Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

/** Icon sizes Teams requires (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons). */
export const COLOR_ICON_PX = 192;
export const OUTLINE_ICON_PX = 32;

export async function buildAppPackage(settings: PackageSettings): Promise<AppPackage> {
  const template = JSON.parse(await readFile(path.join(settings.manifestDir, 'manifest.json'), 'utf8')) as Manifest;
  const manifest = fillManifest(template, settings);
  const problems = [...(await validateManifest(manifest)), ...(await checkIcons(settings.manifestDir, manifest))];
  if (problems.length > 0) throw new AppPackageError(problems);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = zipSync({
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    [path.basename(icons.color)]: await readFile(path.join(settings.manifestDir, icons.color)),
    [path.basename(icons.outline)]: await readFile(path.join(settings.manifestDir, icons.outline)),
  });
  return { manifest: { ...manifest, icons: { color: path.basename(icons.color), outline: path.basename(icons.outline) } }, zip };
}

/** The template with this deployment's app id (app and bot) and domain. */
export function fillManifest(template: Manifest, settings: Pick<PackageSettings, 'appId' | 'publicUrl'>): Manifest {
  const manifest = structuredClone(template);
  manifest.id = settings.appId;
  if (Array.isArray(manifest.bots) && manifest.bots[0]) manifest.bots[0].botId = settings.appId;
  manifest.validDomains = [new URL(settings.publicUrl).host];
  return manifest;
}

/** Problems with the manifest, each naming its field; empty when it is valid. */
export async function validateManifest(manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  const schema = await manifestSchema(version);
  if (!schema) return [`manifestVersion: "${String(manifest.manifestVersion)}" is not a Teams manifest version with a published schema`];
  // Microsoft's validator (ajv, draft-04, with uri/email/regex formats) against the offline schema.
  const errors = await ManifestUtil.validateManifestAgainstSchema(manifest as never, schema as never);
  problems.push(...errors.map(readableSchemaError));
  // What the schema only describes: Teams refuses an upload whose version is not semver (x.y.z).
  if (typeof manifest.version === 'string' && !/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(manifest.version)) {
    problems.push(`version: "${manifest.version}" must be a semver version such as 1.0.0`);
  }
  return problems;
}

/** The icons the manifest names: a 192×192 colour PNG and a 32×32 PNG outline, white on transparent. */
export async function checkIcons(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const icons = manifest.icons ?? {};
  const check = async (field: 'color' | 'outline', px: number) => {
    const file = icons[field];
    if (typeof file !== 'string') return; // the schema reports a missing icon
    let meta: Metadata;
    try {
      meta = await sharp(path.join(dir, file)).metadata();
    } catch {
      problems.push(`icons.${field}: ${file} is missing or not an image`);
      return;
    }
    if (meta.format !== 'png' || meta.width !== px || meta.height !== px) {
      problems.push(`icons.${field}: ${file} must be a ${px}×${px} PNG, it is a ${meta.width}×${meta.height} ${meta.format}`);
      return;
    }
    if (field === 'outline') {
      if (!meta.hasAlpha) return void problems.push(`icons.outline: ${file} must have a transparent background`);
      const { data } = await sharp(path.join(dir, file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] !== 0 && (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255)) {
          return void problems.push(`icons.outline: ${file} must be white on transparent only`);
        }
      }
    }
  };
  await check('color', COLOR_ICON_PX);
  await check('outline', OUTLINE_ICON_PX);
  return problems;
}

async function manifestSchema(version: string): Promise<object | undefined> {
  if (!/^1\.\d{1,2}$/.test(version)) return undefined;
  const root = path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  try {
    return JSON.parse(await readFile(path.join(root, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8')) as object;
  } catch {
    return undefined;
  }
}

// "/bots/0 must have required property 'botId'. Details: {...}" → "bots[0]: must have required property 'botId'"
function readableSchemaError(error: string): string {
  const m = /^(\S*) (.*?)(?:\. Details: (.*))?$/s.exec(error);
  if (!m) return error;
  const field = (m[1] ?? '').replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.') || 'manifest';
  let detail = '';
  try {
    const params = JSON.parse(m[3] ?? '{}') as { allowedValues?: unknown; pattern?: unknown; additionalProperty?: unknown };
    if (params.additionalProperty) detail = ` (${String(params.additionalProperty)})`;
    else if (params.allowedValues) detail = ` (${JSON.stringify(params.allowedValues)})`;
  } catch {
    // Details are optional decoration; the message itself already says what is wrong.
  }
  return `${field}: ${m[2]}${detail}`;
}
