/**
 * Every rule in the catalogue has a test that it fires and one that it does not: a `describe('<rule id>')`
 * block in one of the tests/unit/rules-*.test.ts files with tests named "fires…" and "does not fire…".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../rules/load.ts';

const directory = new URL('./', import.meta.url);
const blocks = new Map<string, string>();
for (const file of readdirSync(directory).filter((name) => /^rules-.*\.test\.ts$/.test(name))) {
  const text = readFileSync(new URL(file, directory), 'utf8');
  const parts = text.split(/^describe\(/m).slice(1);
  for (const part of parts) {
    const id = /^'([^']+)'/.exec(part)?.[1];
    if (id) blocks.set(id, `${blocks.get(id) ?? ''}\n${part}`);
  }
}

describe('the rule tests', () => {
  it.each(loadCatalogue().rules.map((rule) => rule.id))('cover %s firing and not firing', (id) => {
    const block = blocks.get(id) ?? '';
    expect(block, `no describe('${id}') block in tests/unit/rules-*.test.ts`).not.toBe('');
    expect(block).toMatch(/\(\s*'fires/);
    expect(block).toMatch(/\(\s*'does not fire/);
  });
});
