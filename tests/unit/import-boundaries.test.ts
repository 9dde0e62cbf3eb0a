// Imports flow one way: adapters → engine → (nl2sql, kb, sql, warehouse, results, charts, store) → lib.
// Nothing imports an adapter, and platform SDKs live only in their adapter's folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.(ts|mjs)$/.test(e.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const all = files(SRC).map((f) => ({ rel: path.relative(SRC, f), imports: imports(f) }));

describe('import boundaries', () => {
  it('finds the sources', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it('keeps adapters out of everything but adapters and the CLI entry', () => {
    const offenders = all.filter((f) => !f.rel.startsWith('adapters/') && f.imports.some((i) => i.includes('/adapters/')));
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('keeps the Slack and Teams SDKs inside their adapters', () => {
    const offenders = all.filter(
      (f) =>
        f.imports.some((i) => i.startsWith('@slack/') || i.startsWith('botbuilder') || i.startsWith('@microsoft/agents')) &&
        !f.rel.startsWith('adapters/slack/') &&
        !f.rel.startsWith('adapters/teams/'),
    );
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('keeps the core folders free of the engine', () => {
    const core = ['nl2sql/', 'kb/', 'sql/', 'warehouse/', 'results/', 'store/', 'lib/', 'charts/'];
    const offenders = all.filter((f) => core.some((c) => f.rel.startsWith(c)) && f.imports.some((i) => /\/engine\//.test(i) || i.startsWith('./engine') || i === '../app.ts'));
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('reads process.env only in config', () => {
    // Writing one is allowed where a native library reads it (charts point fontconfig at our fonts).
    const isWrite = (line: string) => /process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)/.test(line);
    const offenders = files(SRC)
      .filter((f) => !f.includes(`${path.sep}config${path.sep}`))
      .filter((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .some((line) => !/^\s*(\/\/|\*)/.test(line) && /process\.env\b/.test(line) && !isWrite(line)),
      );
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
