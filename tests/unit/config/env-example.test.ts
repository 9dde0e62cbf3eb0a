// .env.example and the README's configuration table list every variable config.ts reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../src/config/config.ts';

const root = path.resolve(import.meta.dirname, '../../..');

describe('configuration documentation', () => {
  it.each(CONFIG_VARIABLES.map((v) => v.name))('lists %s in .env.example and the README', (name) => {
    expect(readFileSync(path.join(root, '.env.example'), 'utf8')).toContain(name);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`\`${name}\``);
  });
});
