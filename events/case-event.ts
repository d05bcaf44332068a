/**
 * Every event type the ingest accepts, with its `data`, in one ordered list. The list is the single
 * source of the type names, the TypeScript types, the JSON Schema and the fixtures.
 */
import { z } from 'zod';
import { dateOrDateTimeSchema, dateSchema } from './date-fields.ts';
import { eventEnvelope } from './envelope.ts';
import { eventIdSchema, ruleIdSchema, staffIdSchema } from './identifiers.ts';
import {
  ALLOCATION_REASONS,
  CONFERENCE_OUTCOMES,
  CONFERENCE_TYPES,
  FREQUENCY_UNITS,
  HEALTH_ASSESSMENT_KINDS,
  LEGAL_STATUSES,
  OVERSIGHT_LEVELS,
  PLACEMENT_TYPES,
  S47_OUTCOMES,
  VISIT_TYPES,
} from './vocabularies.ts';

// Events whose meaning is entirely in their type and date; `{}` is still required so that a sender
// who puts fields there by mistake is told, rather than silently ignored.
const noData = z.strictObject({});

const childDetails = z
  .strictObject({
    dateOfBirth: dateSchema.optional(),
    disabled: z.boolean().optional().meta({ description: 'Changes visiting and oversight frequencies.' }),
  })
  // An update that changes nothing is a broken export, not a no-op worth storing.
  .refine((details) => details.dateOfBirth !== undefined || details.disabled !== undefined, {
    error: 'must include at least one of: dateOfBirth, disabled',
  })
  // The refinement is invisible to JSON Schema; say the same thing there.
  .meta({ minProperties: 1 });

const envelopes = [
  eventEnvelope('child.updated', 'Facts about the child that change timescales.', childDetails),
  eventEnvelope(
    'referral.received',
    'A referral was received: starts the decision and assessment clocks.',
    noData,
  ),
  eventEnvelope('assessment.started', 'A child and family assessment started.', noData),
  eventEnvelope('assessment.completed', 'A child and family assessment was completed.', noData),
  eventEnvelope('assessment.authorised', 'A manager authorised the assessment.', noData),
  eventEnvelope(
    'strategy_discussion.held',
    'A strategy discussion took place; if it initiated a section 47 enquiry, the initial conference clock starts.',
    z.strictObject({ s47Initiated: z.boolean() }),
  ),
  eventEnvelope('s47.started', 'A section 47 enquiry started.', noData),
  eventEnvelope(
    's47.completed',
    'A section 47 enquiry was completed.',
    z.strictObject({ outcome: z.enum(S47_OUTCOMES).optional() }),
  ),
  eventEnvelope(
    'conference.scheduled',
    'A child protection conference was booked; reports fall due before it.',
    z.strictObject({
      conferenceType: z.enum(CONFERENCE_TYPES),
      date: dateOrDateTimeSchema.meta({ description: 'The date the conference is booked for.' }),
    }),
  ),
  eventEnvelope(
    'conference.held',
    'A child protection conference took place.',
    z.strictObject({ conferenceType: z.enum(CONFERENCE_TYPES), outcome: z.enum(CONFERENCE_OUTCOMES) }),
  ),
  eventEnvelope('cp_plan.started', 'A child protection plan started.', noData),
  eventEnvelope('cp_plan.ended', 'A child protection plan ended.', noData),
  eventEnvelope('core_group.held', 'A core group meeting took place.', noData),
  eventEnvelope('cin_plan.started', 'A child in need plan started.', noData),
  eventEnvelope('cin_plan.ended', 'A child in need plan ended.', noData),
  eventEnvelope('cin_review.held', 'A child in need review took place.', noData),
  eventEnvelope(
    'care_period.started',
    'The child became looked after (or their legal status changed).',
    z.strictObject({ legalStatus: z.enum(LEGAL_STATUSES) }),
  ),
  eventEnvelope('care_period.ended', 'The child stopped being looked after.', noData),
  eventEnvelope(
    'placement.started',
    'A placement started: sets the visiting regime.',
    z.strictObject({
      placementType: z.enum(PLACEMENT_TYPES),
      longTermMatched: z.boolean().optional(),
      intendedToAge18: z.boolean().optional(),
    }),
  ),
  eventEnvelope('placement.ended', 'A placement ended.', noData),
  eventEnvelope('cic_review.held', 'A looked-after child review took place.', noData),
  eventEnvelope(
    'health_assessment.completed',
    'A health assessment for a looked-after child was completed.',
    z.strictObject({ kind: z.enum(HEALTH_ASSESSMENT_KINDS) }),
  ),
  eventEnvelope(
    'visit.completed',
    'A statutory visit took place; only a visit where the child was seen restarts the visiting clock.',
    z.strictObject({
      visitType: z.enum(VISIT_TYPES),
      childSeen: z.boolean(),
      seenAlone: z.boolean().optional(),
      bedroomSeen: z.boolean().optional(),
    }),
  ),
  eventEnvelope(
    'oversight.recorded',
    'Management oversight was recorded on the case.',
    z.strictObject({ level: z.enum(OVERSIGHT_LEVELS) }),
  ),
  eventEnvelope('supervision.held', 'The allocated worker had case supervision.', noData),
  eventEnvelope(
    'case.allocated',
    'The case was allocated to a worker; alerts go to the currently allocated worker.',
    z.strictObject({
      workerId: staffIdSchema,
      teamId: staffIdSchema.optional(),
      reason: z.enum(ALLOCATION_REASONS),
    }),
  ),
  eventEnvelope('case.closed', 'The case was closed: its deadlines stop.', noData),
  eventEnvelope(
    'visit_frequency.agreed',
    'A visiting frequency different from the standard one was agreed for this case.',
    z.strictObject({
      rule: ruleIdSchema,
      every: z.strictObject({ amount: z.int().min(1).max(366), unit: z.enum(FREQUENCY_UNITS) }),
      agreedBy: staffIdSchema,
    }),
  ),
  eventEnvelope(
    'event.retracted',
    'An earlier event was recorded in error and must be ignored.',
    z.strictObject({ eventId: eventIdSchema.meta({ description: 'The id of the event being retracted.' }) }),
  ),
] as const;

/** Any one event, checked strictly: the envelope, then the `data` of the event's `type`. */
export const caseEventSchema = z.discriminatedUnion('type', envelopes).meta({
  title: 'Line of Sight case event',
  description: 'One event in the life of a case, as sent for ingest.',
});

/** One valid event of any type. Narrow on `type` to reach its `data`. */
export type CaseEvent = z.infer<typeof caseEventSchema>;

/** The name of an event type, such as `visit.completed`. */
export type EventType = CaseEvent['type'];

/** The event of one type, e.g. `EventOf<'visit.completed'>['data']['childSeen']`. */
export type EventOf<T extends EventType> = Extract<CaseEvent, { type: T }>;

/** Every event type, in the order the contract lists them. */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(
  envelopes.map((envelope) => envelope.shape.type.value),
);

/** Whether `value` names a known event type. */
export function isEventType(value: unknown): value is EventType {
  return (EVENT_TYPES as readonly unknown[]).includes(value);
}
