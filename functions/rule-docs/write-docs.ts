/**
 * Rewrites `docs/rules.md` and `docs/coverage.md` from the catalogue and coverage data, and the code
 * lists section of `docs/imports.md` from the table of DfE codes: `npm run docs`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { withCodeListsSection } from './code-lists-doc.ts';
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

// Only its own section: the rest of the file is written by hand.
const imports = new URL('../../docs/imports.md', import.meta.url);
writeFileSync(imports, withCodeListsSection(existsSync(imports) ? readFileSync(imports, 'utf8') : ''));
process.stdout.write(`Wrote the code lists of ${imports.pathname}\n`);
