/**
 * The events Line of Sight publishes about deadlines (the output contract, beside the input one): a
 * deadline breached, escalated, met after its breach, and a notice sent. Each names a case by reference
 * and a rule by id, never a person's name, an address or free text, so a council can route them to its
 * case system, BI or ticketing tool without handling personal data. Published on a bus of their own
 * (`line-of-sight-<env>-deadlines`), never the case-event bus, so a replay of the case-event archive
 * never sends them again. The JSON Schema (`schema/deadline-event.schema.json`) is generated from this.
 */
import { z } from 'zod';
import { caseIdSchema, ruleIdSchema } from './identifiers.ts';
import { OVERSIGHT_LEVELS } from './vocabularies.ts';

/** The `source` of every deadline event on the bus. */
export const DEADLINE_EVENT_SOURCE = 'line-of-sight';

/** The `detail-type` of each kind of deadline event. */
const DEADLINE_EVENT_TYPES = [
  'deadline.breached',
  'deadline.escalated',
  'deadline.met-after-breach',
  'notice.sent',
] as const;

/** See {@link DEADLINE_EVENT_TYPES}. */
export type DeadlineEventType = (typeof DEADLINE_EVENT_TYPES)[number];

/** What each kind of deadline event says, for the schema and the docs. */
const DEADLINE_EVENT_MEANINGS: Readonly<Record<DeadlineEventType, string>> = {
  'deadline.breached':
    'A deadline passed unmet and its breach was raised (the first step of its escalation ladder).',
  'deadline.escalated': 'A breach still open went up its escalation ladder, to the level named.',
  'deadline.met-after-breach':
    'A deadline was met after its due date, and those told of it are told it is done.',
  'notice.sent': 'One notice about a deadline was sent to one recipient (an email or a Teams card), once.',
};

/** The `detail` of a deadline event. */
const deadlineEventDetailSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(512)
      .meta({
        description:
          'The idempotency key: the same happening always has the same id, so a consumer that sees it twice ' +
          'ignores the second. `<caseId>|<rule>|<occurrence>|<stage>`, and for notice.sent `|<recipient>` ' +
          'after it (a staff id, or team:<teamId> for a Teams channel): the notice ledger’s key.',
      }),
    caseId: caseIdSchema,
    rule: ruleIdSchema,
    occurrence: z.int().min(1).meta({ description: 'Which deadline of the rule on the case, from 1.' }),
    due: z.string().min(10).max(40).meta({
      description:
        'When it is due: a date (YYYY-MM-DD), or for a deadline counted in hours the instant in London time.',
    }),
    stage: z
      .string()
      .min(1)
      .max(64)
      .meta({
        description:
          'The notice stage: escalation-0 (the breach), escalation-<n> (a later ladder step), resolved, ' +
          'reminder-<lead>, due-today or repeat-<n>.',
      }),
    level: z
      .enum(OVERSIGHT_LEVELS)
      .nullable()
      .meta({
        description:
          'For a breach or escalation, the most senior manager level it went to; for notice.sent, the level ' +
          'the recipient was told as; null otherwise (the allocated worker, or no level).',
      }),
    time: z.iso.datetime().meta({
      description:
        'When it happened (UTC): the moment the breach, escalation or resolution was due to be told, or the notice was sent.',
    }),
  })
  .meta({ description: 'What happened: references and ids only, never a name, an address or free text.' });

/** The detail of a deadline event. */
type DeadlineEventDetail = z.infer<typeof deadlineEventDetailSchema>;

/** One deadline event, as the pipeline publishes it: its kind (the bus entry's `detail-type`) and detail. */
export interface DeadlineEvent {
  detailType: DeadlineEventType;
  detail: DeadlineEventDetail;
}

/**
 * A deadline event as an EventBridge rule's target receives it (and as the local file holds it): the
 * envelope's `source`, `detail-type` and `time`, and the detail. EventBridge adds its own fields
 * (`version`, `id`, `account`, `region`, `resources`), which the schema allows.
 */
export const deadlineEventSchema = z
  .looseObject({
    source: z.literal(DEADLINE_EVENT_SOURCE),
    'detail-type': z.enum(DEADLINE_EVENT_TYPES).meta({
      description: DEADLINE_EVENT_TYPES.map((type) => `${type}: ${DEADLINE_EVENT_MEANINGS[type]}`).join(' '),
    }),
    time: z.iso.datetime().meta({ description: 'The detail’s time, to the second.' }),
    detail: deadlineEventDetailSchema,
  })
  .meta({
    title: 'Line of Sight deadline event',
    description:
      'Published on the bus line-of-sight-<env>-deadlines with source line-of-sight. Best effort: a ' +
      'consumer may see an event twice (same detail.id) and, rarely, miss one (an alarm says so).',
  });

/** JSON Schema (draft 2020-12) of a deadline event as a consumer receives it. */
export function deadlineEventJsonSchema(): object {
  return z.toJSONSchema(deadlineEventSchema, { target: 'draft-2020-12', io: 'output' });
}

/** A deadline event in the shape a consumer receives it (without the fields EventBridge adds). */
export const deadlineEventEnvelope = (event: DeadlineEvent) => ({
  source: DEADLINE_EVENT_SOURCE,
  'detail-type': event.detailType,
  time: `${event.detail.time.slice(0, 19)}Z`,
  detail: event.detail,
});
