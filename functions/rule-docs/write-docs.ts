/** Rewrites `docs/rules.md` and `docs/coverage.md` from the catalogue and coverage data: `npm run docs`. */
import { writeFileSync } from 'node:fs';
import { renderCoverageDoc } from './coverage.ts';
import { renderRulesDoc } from './rules-doc.ts';

for (const [name, render] of [
  ['rules.md', renderRulesDoc],
  ['coverage.md', renderCoverageDoc],
] as const) {
  const target = new URL(`../../docs/${name}`, import.meta.url);
  writeFileSync(target, render());
  process.stdout.write(`Wrote ${target.pathname}\n`);
}
