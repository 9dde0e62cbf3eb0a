// manifests/teams: the app package's manifest and icons, against the Teams app manifest rules
// (https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../../../../manifests/teams');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Record<string, any>;

describe('Teams app manifest', () => {
  it('names one bot, the app itself, in personal, team and group chat scopes', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.(1[7-9]|2\d)$/);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(manifest.id);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
  });

  it('lists the engine’s commands within the schema’s limits (10 per list, title 32, description 128)', () => {
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
      expect(list.commands.map((c: { title: string }) => c.title)).toEqual(['help', 'history', 'history search', 'show', 'schema', 'schema refresh', 'stats']);
    }
  });

  it('keeps the name and descriptions within their limits and allows the /exports domain', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.validDomains).toContain(new URL(manifest.developer.websiteUrl).host);
  });

  it('ships a 192×192 colour icon and a 32×32 transparent white outline icon', async () => {
    const color = await sharp(path.join(DIR, manifest.icons.color)).metadata();
    expect([color.width, color.height, color.format]).toEqual([192, 192, 'png']);
    const outline = sharp(path.join(DIR, manifest.icons.outline));
    expect(await outline.metadata()).toMatchObject({ width: 32, height: 32, format: 'png', hasAlpha: true });
    const { data } = await outline.raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue; // transparent
      expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
    }
  });
});
