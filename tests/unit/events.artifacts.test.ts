import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, renderArtifacts } from '../../events/artifacts.ts';
import { EVENT_FIXTURES, EVENT_TYPES, parseCaseEvent } from '../../events/index.ts';

const eventsDir = new URL('../../events/', import.meta.url);
const readEventsFile = (path: string) => readFileSync(new URL(path, eventsDir), 'utf8');
const REGENERATE = 'is stale: run `npx tsx events/write-artifacts.ts` and commit the result';

describe('EVENT_FIXTURES', () => {
  it('has one fixture per type, in the order of EVENT_TYPES', () => {
    expect(Object.keys(EVENT_FIXTURES)).toEqual(EVENT_TYPES);
  });

  it.each(EVENT_TYPES)('holds a %s fixture that parses as that type', (type) => {
    expect(parseCaseEvent(EVENT_FIXTURES[type])).toEqual({ ok: true, event: EVENT_FIXTURES[type] });
    expect(EVENT_FIXTURES[type].type).toBe(type);
  });

  it('uses synthetic case references and distinct event ids', () => {
    const fixtures = Object.values(EVENT_FIXTURES);
    for (const { caseId } of fixtures) expect(caseId).toMatch(/^CASE-\d{4}$/);
    expect(new Set(fixtures.map(({ id }) => id)).size).toBe(fixtures.length);
  });

  it('cannot be changed by a test that forgets to copy one', () => {
    expect(() => {
      (EVENT_FIXTURES['visit.completed'].data as { childSeen: boolean }).childSeen = false;
    }).toThrow(TypeError);
  });
});

describe('the committed artifacts', () => {
  it.each(EVENT_TYPES)('include events/fixtures/%s.json, equal to its fixture', (type) => {
    expect(JSON.parse(readEventsFile(`${FIXTURES_DIR}/${type}.json`))).toEqual(EVENT_FIXTURES[type]);
  });

  it('hold exactly what write-artifacts would write', () => {
    for (const [path, text] of renderArtifacts()) {
      expect(readEventsFile(path), `events/${path} ${REGENERATE}`).toBe(text);
    }
  });

  it('include no fixture file for a type that does not exist', () => {
    const expected = EVENT_TYPES.map((type) => `${type}.json`).sort();
    expect(
      readdirSync(new URL(`${FIXTURES_DIR}/`, eventsDir)).sort(),
      `events/${FIXTURES_DIR} ${REGENERATE}`,
    ).toEqual(expected);
  });
});
