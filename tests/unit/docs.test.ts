/** Generated documentation stays in step with the catalogue it describes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCoverage, readCoverageFiles, renderCoverageDoc } from '../../functions/rule-docs/coverage.ts';
import { renderRulesDoc } from '../../functions/rule-docs/rules-doc.ts';

describe('docs/rules.md', () => {
  it('matches the catalogue (run `npm run docs` after changing a rule)', () => {
    const committed = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(committed, 'docs/rules.md is stale: run `npm run docs`').toBe(renderRulesDoc());
  });
});

describe('docs/coverage.md', () => {
  it('matches the coverage data (run `npm run docs` after changing it)', () => {
    const committed = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8');
    expect(committed, 'docs/coverage.md is stale: run `npm run docs`').toBe(renderCoverageDoc());
  });
});

describe('the coverage data', () => {
  it('is valid, names only real rules, and lists every local standard a rule cites', () => {
    expect(checkCoverage(readCoverageFiles()).problems).toEqual([]);
  });
});
