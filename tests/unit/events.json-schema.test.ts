import { describe, expect, it } from 'vitest';
import { EVENT_FIXTURES, EVENT_TYPES, eventJsonSchema } from '../../events/index.ts';

interface ObjectSchema {
  type: string;
  title?: string;
  properties: Record<string, { const?: string; pattern?: string } & Partial<ObjectSchema>>;
  required?: string[];
  additionalProperties?: boolean;
}

const schema = eventJsonSchema() as { $schema: string; oneOf?: ObjectSchema[]; anyOf?: ObjectSchema[] };
const branches = schema.oneOf ?? schema.anyOf ?? [];

describe('eventJsonSchema', () => {
  it('is a draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('has one branch per event type, in the order of EVENT_TYPES', () => {
    expect(branches.map((branch) => branch.properties.type?.const)).toEqual(EVENT_TYPES);
  });

  it.each(EVENT_TYPES)('requires the envelope fields of %s and refuses unknown fields', (type) => {
    const branch = branches.find((candidate) => candidate.properties.type?.const === type);
    expect(branch?.required).toEqual(expect.arrayContaining(['id', 'type', 'caseId', 'occurredAt', 'data']));
    expect(branch?.required).not.toContain('recordedAt');
    expect(branch?.additionalProperties).toBe(false);
    expect(branch?.properties.data).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('publishes the required data fields and enums', () => {
    const visit = branches.find((branch) => branch.properties.type?.const === 'visit.completed');
    expect(visit?.properties.data?.required).toEqual(['visitType', 'childSeen']);
    expect(visit?.properties.data?.properties?.visitType).toMatchObject({
      enum: ['cin', 'cp', 'cic', 'care-leaver', 'early-help', 'private-fostering'],
    });
  });

  it.each(EVENT_TYPES)(
    'describes the %s fixture: its fields are known, required ones present, patterns met',
    (type) => {
      const branch = branches.find((candidate) => candidate.properties.type?.const === type) as ObjectSchema;
      const fixture: Record<string, unknown> = { ...EVENT_FIXTURES[type] };
      expect(Object.keys(branch.properties)).toEqual(expect.arrayContaining(Object.keys(fixture)));
      expect(Object.keys(fixture)).toEqual(expect.arrayContaining(branch.required ?? []));
      for (const [field, value] of Object.entries(fixture)) {
        const pattern = branch.properties[field]?.pattern;
        if (pattern) expect(value).toMatch(new RegExp(pattern));
      }
    },
  );

  it('rejects impossible dates by pattern where JSON Schema can (years, months, offsets)', () => {
    const occurredAt = branches[0]?.properties.occurredAt?.pattern ?? '';
    for (const bad of [
      '20226-01-01',
      '0001-01-01',
      '2026-13-01',
      '2026-03-04T09:30:00',
      '2026-03-04T09:30+0100',
    ]) {
      expect(bad).not.toMatch(new RegExp(occurredAt));
    }
  });
});
