/** Generated documentation stays in step with the catalogue it describes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from '../../rules/rules-doc.ts';

describe('docs/rules.md', () => {
  it('matches the catalogue (run `npm run docs` after changing a rule)', () => {
    const committed = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(committed, 'docs/rules.md is stale: run `npm run docs`').toBe(renderRulesDoc());
  });
});
