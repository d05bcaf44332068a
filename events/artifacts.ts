/**
 * The files generated from the code and committed beside it: the JSON Schema and one JSON fixture per
 * event type, and the JSON Schema of the deadline events Line of Sight publishes. Generating and checking them from one function keeps the script and the staleness test
 * agreeing on what the files should contain.
 */
import { EVENT_TYPES } from './case-event.ts';
import { deadlineEventJsonSchema } from './deadline-event.ts';
import { EVENT_FIXTURES } from './fixtures.ts';
import { eventJsonSchema } from './json-schema.ts';

/** The folder, relative to `events/`, holding one `<type>.json` per event type. */
export const FIXTURES_DIR = 'fixtures';

/** The JSON Schema file, relative to `events/`. */
export const SCHEMA_FILE = 'schema/case-event.schema.json';

/** The JSON Schema of the deadline events Line of Sight publishes, relative to `events/`. */
export const DEADLINE_SCHEMA_FILE = 'schema/deadline-event.schema.json';

const asJsonFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every artifact's path relative to `events/`, mapped to the exact text it should hold. */
export function renderArtifacts(): Map<string, string> {
  return new Map([
    [SCHEMA_FILE, asJsonFile(eventJsonSchema())],
    [DEADLINE_SCHEMA_FILE, asJsonFile(deadlineEventJsonSchema())],
    ...EVENT_TYPES.map((type) => [`${FIXTURES_DIR}/${type}.json`, asJsonFile(EVENT_FIXTURES[type])] as const),
  ]);
}
