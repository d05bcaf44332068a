/**
 * The engine benchmark alone (`npm run bench` runs it with the rest), for profiling it and for timing
 * it as the Lambdas run it, bundled:
 *
 * ```
 * npx tsx bench/engine-run.ts [--quick] [--json]
 * node --cpu-prof --import tsx bench/engine-run.ts --quick
 * npx esbuild bench/engine-run.ts --bundle --minify --platform=node --format=esm \
 *   --outfile=/tmp/engine-run.mjs && node /tmp/engine-run.mjs --quick
 * ```
 */
import { builtInProfile } from '../functions/core/rules/load.ts';
import { benchEngine, engineLines } from './engine.ts';

const args = new Set(process.argv.slice(2));
const engine = benchEngine(args.has('--quick'), builtInProfile('default'));
console.log(args.has('--json') ? JSON.stringify(engine) : engineLines(engine).join('\n'));
