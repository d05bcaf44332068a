/**
 * The shape of a {@link Notice} as it arrives on the notices queue, checked before anything is claimed
 * or sent: a body that is not a notice (written by another version, or by hand) is refused whole, so
 * the notifier never sends half a message or claims lines it cannot render.
 *
 * Unknown fields are dropped rather than refused, so a run one version ahead can add a field without
 * every message failing until the notifier catches up.
 */
import { z } from 'zod';
import { OVERSIGHT_LEVELS } from '../../events/index.ts';
import { citationSchema, RULE_OWNERS } from '../../rules/schema.ts';
import { STAFF_LEVELS } from '../core/directory/model.ts';
import type { Notice, NoticeStageKind } from '../core/notices/message.ts';

/** Every {@link NoticeStageKind} (the tests check the schema's output is exactly {@link Notice}). */
const STAGE_KINDS = [
  'reminder',
  'due-today',
  'escalation',
  'repeat',
  'resolved',
] as const satisfies readonly NoticeStageKind[];

const text = z.string().min(1);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoInstant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO instant');

/**
 * A citation as the catalogue's, but any document key: a citation the renderer does not know is shown
 * by its key, which is better than a notice not sent.
 */
const citation = z.object({ ...citationSchema.shape, document: text });

const lineSchema = z.object({
  key: text,
  caseId: text,
  rule: text,
  title: text,
  action: text,
  source: z.array(citation),
  why: z.string(),
  occurrence: z.int().min(1),
  stage: z.enum(STAGE_KINDS),
  stageKey: text,
  ladderStep: z.int().min(1).nullable(),
  due: text,
  hourScale: z.boolean(),
  owner: z.enum(RULE_OWNERS),
  as: z.enum(['worker', ...OVERSIGHT_LEVELS]),
  assignee: text.optional(),
  actorName: text.nullable(),
  escalatedTo: z.array(z.enum(OVERSIGHT_LEVELS)),
  workerId: text.nullable(),
  workerName: text.nullable(),
  teamId: text.nullable(),
  resolution: z.object({ status: z.enum(['met', 'met-late', 'cancelled']), at: text }).optional(),
});

const common = {
  key: text,
  day: isoDay,
  asOf: isoInstant,
};

const lines = z.array(lineSchema).min(1);

const recipient = z.object({
  staffId: text,
  name: text,
  // As the directory import accepted it: SES is the judge of an address, and refuses it for good.
  email: text,
  level: z.enum(STAFF_LEVELS),
});

const count = z.int().min(0);

const weeklySchema = z.object({
  channel: z.literal('email'),
  kind: z.literal('weekly'),
  ...common,
  recipient,
  week: z.object({ start: isoDay, end: isoDay }),
  rows: z
    .array(
      z.object({
        rule: text,
        title: text,
        source: z.array(citation),
        met: count,
        late: count,
        missed: count,
        overdue: count,
      }),
    )
    .min(1),
  longest: z.array(
    z.object({
      caseId: text,
      rule: text,
      title: text,
      due: text,
      hourScale: z.boolean(),
      workerName: text.nullable(),
      owner: z.enum(RULE_OWNERS),
    }),
  ),
});

/**
 * A notice from the queue: an email (a digest, an alert or a weekly summary) or a Teams card (a team
 * summary or an alert).
 */
export const noticeSchema = z.discriminatedUnion('channel', [
  z.discriminatedUnion('kind', [
    z.object({ channel: z.literal('email'), kind: z.enum(['digest', 'alert']), ...common, recipient, lines }),
    weeklySchema,
  ]),
  z.object({
    channel: z.literal('teams'),
    kind: z.enum(['team-summary', 'alert']),
    ...common,
    lines,
    teamId: text,
    teamName: text,
    teamsChannel: text,
  }),
]) satisfies z.ZodType<Notice>;
