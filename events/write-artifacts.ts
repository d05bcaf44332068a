/**
 * Regenerates the committed JSON Schema and JSON fixtures from the code: `npx tsx events/write-artifacts.ts`.
 * Run it after changing an event type or a fixture; a unit test fails until you do.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES_DIR, renderArtifacts } from './artifacts.ts';

const eventsDir = dirname(fileURLToPath(import.meta.url));
const artifacts = renderArtifacts();

for (const [path, text] of artifacts) {
  mkdirSync(dirname(join(eventsDir, path)), { recursive: true });
  writeFileSync(join(eventsDir, path), text);
}
// A fixture for a type that no longer exists would otherwise linger and mislead.
for (const name of readdirSync(join(eventsDir, FIXTURES_DIR))) {
  if (!artifacts.has(`${FIXTURES_DIR}/${name}`)) rmSync(join(eventsDir, FIXTURES_DIR, name));
}
console.log(`Wrote ${artifacts.size} files under ${eventsDir}`);
