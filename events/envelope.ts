/**
 * The envelope every event shares, and the one factory that wraps each event type's `data` in it, so
 * the envelope rules are written once for all types.
 */
import { z } from 'zod';
import { isEarlier } from './calendar.ts';
import { dateOrDateTimeSchema } from './date-fields.ts';
import { caseIdSchema, eventIdSchema, sourceSystemSchema, staffIdSchema } from './identifiers.ts';

/** The two envelope dates, as the recording-order check reads them. */
interface EnvelopeTimes {
  occurredAt: string;
  recordedAt?: string | undefined;
}

const recordedInOrder = ({ occurredAt, recordedAt }: EnvelopeTimes) =>
  recordedAt === undefined || !isEarlier(recordedAt, occurredAt);

const recordedTooEarly = ({ occurredAt, recordedAt }: EnvelopeTimes) =>
  `${recordedAt} is earlier than occurredAt (${occurredAt}); an event cannot be recorded before it happened`;

/**
 * Builds a strict envelope around a `type` schema and a `data` schema. Exposed beside
 * {@link eventEnvelope} so that input whose type is missing can still have its other fields checked.
 */
export function envelopeOf<Type extends z.ZodType<string>, Data extends z.ZodType>(type: Type, data: Data) {
  return z
    .strictObject({
      id: eventIdSchema,
      type,
      caseId: caseIdSchema,
      occurredAt: dateOrDateTimeSchema.meta({
        description: 'When it happened in the child’s life or the case.',
      }),
      recordedAt: dateOrDateTimeSchema.optional().meta({
        description:
          'When it was recorded in the case system; recording-time standards are checked against it.',
      }),
      source: sourceSystemSchema.optional(),
      recordedBy: staffIdSchema.optional().meta({
        description:
          'The member of staff who recorded it, by their id in the staff directory (never a name): every event made on the Line of Sight board carries it.',
      }),
      data,
    })
    .refine(recordedInOrder, {
      path: ['recordedAt'],
      error: (issue) => recordedTooEarly(issue.input as EnvelopeTimes),
      // Run even when other fields are wrong, so every problem is listed at once; only the two dates matter.
      when: ({ issues }) =>
        !issues.some(({ path }) => path?.[0] === 'occurredAt' || path?.[0] === 'recordedAt'),
    });
}

/**
 * The schema of one event type: the shared envelope with `type` fixed to `type` and the given `data`.
 * `description` says what the event means and is published in the JSON Schema.
 */
export function eventEnvelope<const Type extends string, Data extends z.ZodType>(
  type: Type,
  description: string,
  data: Data,
) {
  return envelopeOf(z.literal(type), data).meta({ title: type, description });
}

/**
 * The `detail-type` of a case event put on the case-event bus (the event is the entry's `Detail`, any
 * `Source`): what the bus's ingest rule matches.
 */
export const CASE_EVENT_DETAIL_TYPE = 'case-event';
