/**
 * Every event type the ingest accepts, with its `data`, in one ordered list. The list is the single
 * source of the type names, the TypeScript types, the JSON Schema and the fixtures.
 */
import { z } from 'zod';
import { dateOrDateTimeSchema, dateSchema } from './date-fields.ts';
import { dfeCodedField } from './dfe-coded-field.ts';
import { eventEnvelope } from './envelope.ts';
import { actionIdSchema, eventIdSchema, ruleIdSchema, staffIdSchema } from './identifiers.ts';
import {
  ACTION_MOVE_REASONS,
  ALLOCATION_REASONS,
  ASSESSMENT_TYPES,
  CARE_END_REASONS,
  CONFERENCE_OUTCOMES,
  CONFERENCE_TYPES,
  DECISIONS,
  EXTENSION_REASONS,
  FAMILY_PLACEMENT_WORK,
  FREQUENCY_UNITS,
  HEALTH_ASSESSMENT_KINDS,
  LEGAL_STATUSES,
  MASH_GRADINGS,
  MEETING_TYPES,
  NOT_SEEN_REASONS,
  OVERSIGHT_LEVELS,
  PLACEMENT_TYPES,
  PRE_PROCEEDINGS_MEETINGS,
  PRE_PROCEEDINGS_OUTCOMES,
  RECORD_TYPES,
  REPORT_OCCASIONS,
  REPORT_STAGES,
  S47_OUTCOMES,
  SERIOUS_INCIDENTS,
  SIGNIFICANT_CHANGES,
  THRESHOLD_DECISIONS,
  VISIT_TYPES,
} from './vocabularies.ts';

// Events whose meaning is entirely in their type and date; `{}` is still required so that a sender
// who puts fields there by mistake is told, rather than silently ignored.
const noData = z.strictObject({});

const childDetails = z
  .strictObject({
    dateOfBirth: dateSchema.optional(),
    expectedDateOfBirth: dateSchema.optional().meta({
      description:
        'An unborn baby’s expected date of birth: a case, and pre-proceedings, may start before the birth; the date of birth follows it.',
    }),
    disabled: z.boolean().optional().meta({ description: 'Changes visiting and oversight frequencies.' }),
  })
  // An update that changes nothing is a broken export, not a no-op worth storing.
  .refine((details) => Object.values(details).some((value) => value !== undefined), {
    error: 'must include at least one of: dateOfBirth, expectedDateOfBirth, disabled',
  })
  // The refinement is invisible to JSON Schema; say the same thing there.
  .meta({ minProperties: 1 });

const assessmentData = z.strictObject({
  assessmentType: z
    .enum(ASSESSMENT_TYPES)
    .optional()
    .meta({ description: 'Which assessment; a child and family assessment when left out.' }),
});

const bookedDate = dateOrDateTimeSchema.meta({ description: 'The date it is booked for.' });

const envelopes = [
  eventEnvelope('child.updated', 'Facts about the child that change timescales.', childDetails),
  eventEnvelope(
    'referral.received',
    'A referral was received: starts the decision and assessment clocks.',
    z.strictObject({
      relatesToEmployee: z
        .boolean()
        .optional()
        .meta({ description: 'The contact concerns a council employee (a conflict of interest).' }),
    }),
  ),
  eventEnvelope('assessment.started', 'An assessment started.', assessmentData),
  eventEnvelope('assessment.completed', 'An assessment was completed.', assessmentData),
  eventEnvelope('assessment.authorised', 'A manager authorised the assessment.', assessmentData),
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
    z.strictObject({ legalStatus: dfeCodedField('legal-status', LEGAL_STATUSES) }),
  ),
  eventEnvelope(
    'care_period.ended',
    'The child stopped being looked after.',
    z.strictObject({
      reason: dfeCodedField(
        'reason-episode-ceased',
        CARE_END_REASONS,
        'A child signing themselves out of care needs the Director’s oversight.',
      ).optional(),
    }),
  ),
  eventEnvelope(
    'placement.started',
    'A placement started: sets the visiting regime.',
    z.strictObject({
      placementType: dfeCodedField('placement-type', PLACEMENT_TYPES),
      longTermMatched: z.boolean().optional(),
      intendedToAge18: z.boolean().optional(),
    }),
  ),
  eventEnvelope('placement.ended', 'A placement ended.', noData),
  eventEnvelope(
    'placement.temporary_approval_extended',
    'The temporary approval of the connected person the child is placed with (Regulation 24) was extended, with a nominated officer’s approval: once, by up to 8 weeks from the end of its 16 weeks (Care Planning, Placement and Case Review (England) Regulations 2010 reg 25(2) and (5)).',
    z.strictObject({
      weeks: z.int().min(1).max(8).meta({ description: 'The extension approved, in weeks (8 at most).' }),
    }),
  ),
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
      notSeenReason: z
        .enum(NOT_SEEN_REASONS)
        .optional()
        .meta({ description: 'Why the child was not seen, when they were not.' }),
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
  eventEnvelope('early_help.started', 'The case was received into the Early Help service.', noData),
  eventEnvelope('early_help.ended', 'Early Help work with the family ended.', noData),
  eventEnvelope('family.contacted', 'The allocated worker made first contact with the family.', noData),
  eventEnvelope(
    'threshold.decided',
    'The duty manager decided what happens next on a contact or referral.',
    z.strictObject({ decision: z.enum(THRESHOLD_DECISIONS) }),
  ),
  eventEnvelope(
    'mash_enquiry.started',
    'A MASH enquiry asked partner agencies for information.',
    z.strictObject({ grading: z.enum(MASH_GRADINGS) }),
  ),
  eventEnvelope('mash_enquiry.completed', 'The MASH enquiry’s checks were received.', noData),
  eventEnvelope(
    'meeting.held',
    'A meeting with a timescale of its own took place.',
    z.strictObject({ meetingType: z.enum(MEETING_TYPES) }),
  ),
  eventEnvelope(
    'record.updated',
    'A record the standards require to be kept up to date was written or updated.',
    z.strictObject({ record: z.enum(RECORD_TYPES) }),
  ),
  eventEnvelope(
    'report.submitted',
    'A step in preparing for a conference or review, or in sending out its record, was done.',
    z.strictObject({ for: z.enum(REPORT_OCCASIONS), stage: z.enum(REPORT_STAGES) }),
  ),
  eventEnvelope(
    'cic_review.scheduled',
    'A looked-after review was booked; reports and invitations fall due before it.',
    z.strictObject({ date: bookedDate }),
  ),
  eventEnvelope('iro.appointed', 'An Independent Reviewing Officer was appointed for the child.', noData),
  eventEnvelope('cic_notification.sent', 'The child-in-care notification was sent.', noData),
  eventEnvelope('missing_episode.started', 'The child went missing or was absent.', noData),
  eventEnvelope('missing_episode.ended', 'The child returned from a missing episode.', noData),
  eventEnvelope(
    'return_interview.held',
    'A return home interview took place after a missing episode.',
    noData,
  ),
  eventEnvelope('assessment.refused', 'A parent or carer refused a child and family assessment.', noData),
  eventEnvelope('lado.referred', 'A referral was made to the Local Authority Designated Officer.', noData),
  eventEnvelope(
    'serious_incident.recorded',
    'A significant injury to the child, or an unexplained or unexpected death.',
    z.strictObject({ kind: z.enum(SERIOUS_INCIDENTS) }),
  ),
  eventEnvelope('case.transfer_requested', 'A transfer of the case to another team was agreed.', noData),
  eventEnvelope('case_audit.completed', 'A case file audit was completed.', noData),
  eventEnvelope(
    'decision.recorded',
    'A decision the management oversight list names was made.',
    z.strictObject({ decision: z.enum(DECISIONS) }),
  ),
  eventEnvelope(
    'personal_adviser.allocated',
    'A leaving care personal adviser was allocated.',
    z.strictObject({ staffId: staffIdSchema }),
  ),
  eventEnvelope(
    'benefits_application.supported',
    'The young person was helped to apply for benefits before turning 18.',
    noData,
  ),
  eventEnvelope('transitions.notified', 'The Transitions Team was told about the child.', noData),
  eventEnvelope(
    'transitions.referred',
    'The child was referred to the Transitions Team for assessment.',
    noData,
  ),
  eventEnvelope(
    'pre_proceedings.letter_sent',
    'The letter before proceedings was sent to the parents (the Public Law Outline’s pre-proceedings stage, which a decision to initiate pre-proceedings starts).',
    noData,
  ),
  eventEnvelope(
    'pre_proceedings.meeting_held',
    'A pre-proceedings meeting with the parents and their lawyers took place.',
    z.strictObject({ meeting: z.enum(PRE_PROCEEDINGS_MEETINGS) }),
  ),
  eventEnvelope(
    'pre_proceedings.ended',
    'Pre-proceedings ended: stepped down, care proceedings to be issued, or another way.',
    z.strictObject({ outcome: z.enum(PRE_PROCEEDINGS_OUTCOMES) }),
  ),
  eventEnvelope('proceedings.issued', 'Care proceedings were issued.', noData),
  eventEnvelope(
    'proceedings.extended',
    'The court extended the time limit for the care proceedings (Children Act 1989 s32(5)): by up to 8 weeks, from the later of the current limit and the day it was granted.',
    z.strictObject({
      weeks: z.int().min(1).max(8).meta({ description: 'The extension granted, in weeks (8 at most).' }),
      reason: z.enum(EXTENSION_REASONS).meta({ description: 'Why it was necessary, as a short code.' }),
    }),
  ),
  eventEnvelope('proceedings.concluded', 'Care proceedings concluded.', noData),
  eventEnvelope(
    'dol_order.made',
    'A court authorised depriving the child of their liberty, until the date the order ends.',
    z.strictObject({
      endsOn: dateSchema.meta({ description: 'The last day the order authorises, as the court set it.' }),
    }),
  ),
  eventEnvelope(
    'dol_order.renewal_applied',
    'An application was made to the court to renew the deprivation of liberty order before it ends.',
    noData,
  ),
  eventEnvelope(
    'dol_order.ended',
    'The deprivation of liberty order ended, or the court discharged it; a renewal is a new order made.',
    noData,
  ),
  eventEnvelope(
    'significant_change.recorded',
    "A significant event or change in the child's or young person's circumstances was recorded: plans, the case summary, risk assessments and oversight follow it.",
    z.strictObject({ kind: z.enum(SIGNIFICANT_CHANGES) }),
  ),
  eventEnvelope(
    'family_placement.completed',
    "The Family Placement service completed an assessment or plan for this child's care that a manager signs off.",
    z.strictObject({ work: z.enum(FAMILY_PLACEMENT_WORK) }),
  ),
  eventEnvelope(
    'private_fostering.notified',
    'The local authority learned of a private fostering arrangement.',
    noData,
  ),
  eventEnvelope('private_fostering.ended', 'A private fostering arrangement ended.', noData),
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
    'action.recorded',
    'A manager recorded an action on the case at the Line of Sight board: who owns it and when it is due. Its text is kept apart, encrypted, and never travels in an event; withdrawing an action recorded in error is a retraction of this event.',
    z.strictObject({
      actionId: actionIdSchema,
      ownerId: staffIdSchema.meta({
        description: 'The member of staff who must do it, by their directory id.',
      }),
      dueOn: dateSchema.meta({
        description: 'The day it is due: a real date ("ongoing" is not a timescale).',
      }),
    }),
  ),
  eventEnvelope(
    'action.done',
    'An action recorded on the board was done.',
    z.strictObject({ actionId: actionIdSchema }),
  ),
  eventEnvelope(
    'action.moved',
    'The due date of an action recorded on the board was moved, with the reason; every move is kept.',
    z.strictObject({
      actionId: actionIdSchema,
      dueOn: dateSchema.meta({ description: 'The new day it is due.' }),
      reason: z.enum(ACTION_MOVE_REASONS).meta({ description: 'Why it moved, as a short code.' }),
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

const DATA_FIELDS = new Map<string, Readonly<Record<string, z.ZodType>>>(
  envelopes.map((envelope) => [envelope.shape.type.value, envelope.shape.data.shape]),
);

/**
 * The fields of `data` of an event type, each with its schema (none for a name that is not an event
 * type): what the rules loader checks a rule's conditions against, and where the parse finds the
 * fields that take DfE codes.
 */
export function dataFieldsOf(type: string): Readonly<Record<string, z.ZodType>> {
  return DATA_FIELDS.get(type) ?? {};
}

/** Every event type, in the order the contract lists them. */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(
  envelopes.map((envelope) => envelope.shape.type.value),
);

/** Whether `value` names a known event type. */
export function isEventType(value: unknown): value is EventType {
  return (EVENT_TYPES as readonly unknown[]).includes(value);
}
