/** Rewrites `docs/rules.md` from the catalogue: `npm run docs`. */
import { writeFileSync } from 'node:fs';
import { renderRulesDoc } from './rules-doc.ts';

const target = new URL('../docs/rules.md', import.meta.url);
writeFileSync(target, renderRulesDoc());
process.stdout.write(`Wrote ${target.pathname}\n`);
