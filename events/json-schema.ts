/** The contract as JSON Schema, for councils' integration teams who validate exports outside TypeScript. */
import { z } from 'zod';
import { caseEventSchema } from './case-event.ts';

/**
 * JSON Schema (draft 2020-12) of any one event: a `oneOf` with one strict branch per event type.
 * It describes what senders send (the input side). Checks JSON Schema cannot express (whether
 * 2026-02-30 exists, recordedAt not before occurredAt) are only made by `parseCaseEvent`.
 */
export function eventJsonSchema(): object {
  return z.toJSONSchema(caseEventSchema, { target: 'draft-2020-12', io: 'input' });
}
