/** Rewrites the generated tables of `docs/storage.md` from the table layout. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withStorageTables } from './storage-doc.ts';

const target = new URL('../docs/storage.md', import.meta.url);
writeFileSync(target, withStorageTables(readFileSync(target, 'utf8')));
process.stdout.write(`Wrote ${target.pathname}\n`);
