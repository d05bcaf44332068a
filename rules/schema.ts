/**
 * The rule model: what a rule in `rules/catalogue/*.json` or a council profile may say, as zod schemas.
 * Everything a council edits is checked here at load, so a mistake fails the tests, never the morning run.
 */
import { z } from 'zod';
import { OVERSIGHT_LEVELS } from '../events/vocabularies.ts';
import documents from './documents.json' with { type: 'json' };

/** The document keys a citation may use: the seed documents (`../shared/seeds/README.md`) and the national sources. */
export const DOCUMENT_KEYS = documents.documents.map((d) => d.key);

export const RULE_CATEGORIES = [
  'referral',
  'assessment',
  'visit',
  'meeting',
  'conference',
  'review',
  'plan',
  'health',
  'education',
  'oversight',
  'supervision',
  'record',
  'transition',
  'placement',
  'contact',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export const OFFSET_UNITS = ['working-days', 'days', 'weeks', 'months', 'hours'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

/** A length of time. Working days count exclusively (the day after the anchor is day 1) unless the profile says otherwise. */
export const offsetSchema = z.strictObject({
  amount: z.int().min(0).max(3660),
  unit: z.enum(OFFSET_UNITS),
});
export type Offset = z.infer<typeof offsetSchema>;

export const citationSchema = z.strictObject({
  document: z.string().refine((key) => DOCUMENT_KEYS.includes(key), {
    message: `must be one of the document keys: ${DOCUMENT_KEYS.join(', ')}`,
  }),
  section: z.string().min(1),
  ref: z.string().min(1),
});
export type Citation = z.infer<typeof citationSchema>;

/**
 * Words that go inside a sentence a person reads (an explanation, a notice line): no full stop, so a
 * sentence ends only where the engine ends it and its parts can be taken apart cleanly.
 */
const phraseSchema = z
  .string()
  .refine((text) => !/\.(\s|$)/.test(text), { message: 'must be a phrase without a full stop' });

const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof scalarSchema>;

/** One comparison on a field: a bare value means equality. `atLeast` compares oversight levels. */
export const comparisonSchema = z.union([
  scalarSchema,
  z.strictObject({ eq: scalarSchema }),
  z.strictObject({ ne: scalarSchema }),
  z.strictObject({ in: z.array(scalarSchema).min(1) }),
  z.strictObject({ notIn: z.array(scalarSchema).min(1) }),
  z.strictObject({ lt: z.number() }),
  z.strictObject({ lte: z.number() }),
  z.strictObject({ gt: z.number() }),
  z.strictObject({ gte: z.number() }),
  z.strictObject({ atLeast: z.enum(OVERSIGHT_LEVELS) }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

/** All named fields must match; `anyOf` adds a choice of further conditions, one of which must hold. */
export interface Condition {
  anyOf?: Condition[];
  [field: string]: Comparison | Condition[] | undefined;
}
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.record(z.string(), z.union([comparisonSchema, z.array(conditionSchema)])).superRefine((value, ctx) => {
    for (const [key, entry] of Object.entries(value)) {
      if (key === 'anyOf' && !Array.isArray(entry)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'anyOf must be a list of conditions' });
      }
      if (key !== 'anyOf' && Array.isArray(entry)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'only anyOf may hold a list of conditions' });
      }
    }
  }),
) as z.ZodType<Condition>;

/**
 * Which events a rule listens to: an event type, optionally narrowed by its `data` fields (`where`) and
 * by facts about the case at the end of the event's day (`when`: a no-further-action decision closes a
 * case only when no plan is open).
 */
export const matcherSchema = z.strictObject({
  type: z.string().min(1),
  where: conditionSchema.optional(),
  when: conditionSchema.optional(),
});
export type Matcher = z.infer<typeof matcherSchema>;

const RULE_ID = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/**
 * A start that is another rule's breach rather than an event: the moment one of that rule's deadlines
 * went unmet past its due (the day after a day-scale due date, the due instant of an hour-scale one).
 * The lapses the management oversight list names (a visit out of timescale, a late report) are known
 * only this way.
 */
export const breachStartSchema = z.strictObject({
  breachOf: z.string().regex(RULE_ID, 'must be the id of another rule, e.g. cp.visit'),
});
export type BreachStart = z.infer<typeof breachStartSchema>;

/** Whether a start is another rule's breach rather than an event. */
export const isBreachStart = (start: Matcher | BreachStart): start is BreachStart => 'breachOf' in start;

/**
 * Who must act for a deadline to be met: the allocated worker (the default), or a manager at this
 * oversight level or above on the worker's reporting line (oversight, sign-offs, supervision).
 */
export const RULE_OWNERS = ['worker', ...OVERSIGHT_LEVELS] as const;
export type RuleOwner = (typeof RULE_OWNERS)[number];

/** One way to time an interval; `when` tests facts about the case at the anchor. The last regime has no `when`. */
export const regimeSchema = z.strictObject({
  when: conditionSchema.optional(),
  offset: offsetSchema,
  /** Further timescales that also apply: the deadline falls at whichever comes first (28 days or 20 working days). */
  orSooner: z.array(offsetSchema).min(1).optional(),
  because: phraseSchema.min(1).optional(),
});
export type Regime = z.infer<typeof regimeSchema>;

/** An interval is either a single offset or a choice of regimes (first match wins). */
export const intervalSchema = z
  .union([
    z.strictObject({
      offset: offsetSchema,
      orSooner: z.array(offsetSchema).min(1).optional(),
      because: phraseSchema.min(1).optional(),
    }),
    z.strictObject({ regimes: z.array(regimeSchema).min(1) }),
  ])
  .transform((interval): Regime[] => ('regimes' in interval ? interval.regimes : [interval]))
  .superRefine((regimes, ctx) => {
    regimes.forEach((regime, index) => {
      const last = index === regimes.length - 1;
      if (last && regime.when) {
        ctx.addIssue({
          code: 'custom',
          path: ['regimes', index, 'when'],
          message: 'the last regime must apply otherwise (no when)',
        });
      }
      if (!last && !regime.when) {
        ctx.addIssue({
          code: 'custom',
          path: ['regimes', index],
          message: 'only the last regime may omit when',
        });
      }
    });
  });
/** An interval after parsing: its regimes in order, the last one unconditional. */
export type Interval = Regime[];

export const escalationStepSchema = z.strictObject({
  after: offsetSchema,
  levels: z.array(z.enum(OVERSIGHT_LEVELS)).min(1),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

const escalationSchema = z
  .array(escalationStepSchema)
  .min(1)
  .refine((steps) => steps[0]?.after.amount === 0, {
    message: 'the first escalation step is the breach itself (after 0)',
  });

const citationsSchema = z.array(citationSchema).min(1);

/**
 * How a rule runs: `once` (each start opens one deadline), `recurring` (each time it is met, the next
 * falls due), `recording` (each start event must be recorded in the case system in time), `count` (one
 * event in every N counted must meet it, e.g. bedrooms seen one visit in three) and `per-period` (once
 * in every period, e.g. each school term).
 */
export const RULE_KINDS = ['once', 'recurring', 'recording', 'count', 'per-period'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * What a `once` rule's timescale counts from instead of the start event's date: a date in the event's
 * data (a conference booked for a day), or a birthday of the child.
 */
export const targetSchema = z.union([
  z.strictObject({ field: z.string().min(1), direction: z.enum(['before', 'after']) }),
  z.strictObject({ birthday: z.int().min(1).max(25), direction: z.enum(['before', 'after']) }),
]);
export type Target = z.infer<typeof targetSchema>;

/**
 * What a `once` rule counts from instead of its start event: the first event after the start that one
 * of `firstAfterStart` matches (the allocation that follows a threshold decision), or, while none is
 * recorded, the start itself (`fallback`). Events from the start on still meet the deadline.
 */
export const anchorSchema = z.strictObject({
  firstAfterStart: z.array(matcherSchema).min(1),
  fallback: z.literal('start'),
});
export type Anchor = z.infer<typeof anchorSchema>;

/**
 * How a rule's day, week and month periods count from the event: `after` (the usual reading, and the
 * default: the day after the event is day 1, so 26 weeks after Mon 5 Jan 2026 is Mon 6 Jul) or
 * `beginning-with` (the event's day is day 1, as a source that says "beginning with the day on which"
 * counts: Sun 5 Jul). Working days stay as the profile counts them and hours run from the event's time.
 * `because` says why the rule counts as it does (its convention, or its unit: 91 days for "3 months").
 */
export const COUNTING_CONVENTIONS = ['after', 'beginning-with'] as const;
export const countingSchema = z.strictObject({
  convention: z.enum(COUNTING_CONVENTIONS).default('after'),
  because: z.string().min(10),
});
export type Counting = z.infer<typeof countingSchema>;

/**
 * An event that moves a `once` rule's open deadline on by the amount in one of its data fields (a court
 * extending care proceedings by up to 8 weeks), counted from the later of the deadline and the event's
 * day; again at each such event.
 */
export const extensionSchema = z.strictObject({
  type: z.string().min(1),
  where: conditionSchema.optional(),
  amountField: z.string().min(1),
  unit: z.enum(['days', 'weeks', 'months']),
  source: citationsSchema,
});
export type Extension = z.infer<typeof extensionSchema>;

/**
 * Once rules whose every start is an item of its own, such as an action recorded on the board: each
 * start opens its own deadline, named by the start's data field `field`. An event whose data names an
 * item in that field meets, moves or stops only that item's deadline; one that names none (the case
 * closed) acts on every item. `movedBy` events set an item's due date anew (the date in their target
 * field): the deadline for the old date closes as no longer needed and one for the new date opens, so
 * whoever must act is reminded again. `assignee` is a field of the start's data naming the member of
 * staff who must act: the item's notices go to them, and its breach up their reporting line, rather
 * than to the case's allocated worker and up theirs.
 */
export const itemSchema = z.strictObject({
  field: z.string().min(1),
  movedBy: z.array(matcherSchema).min(1).optional(),
  assignee: z.string().min(1).optional(),
});
export type Item = z.infer<typeof itemSchema>;

/** A period in a yearly cycle, starting on a month and day (e.g. the autumn term from 09-01). */
export const periodSchema = z.strictObject({
  from: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD, e.g. 09-01'),
  name: phraseSchema.min(1),
});
export type Period = z.infer<typeof periodSchema>;

/** A rule as written in the catalogue. */
export const ruleSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID, 'must be dotted lowercase words, e.g. cp.visit'),
    title: phraseSchema.min(3).max(80),
    /**
     * What to do to meet it, as a person would be told: a short instruction with no full stop ("Visit
     * and see the child", "Record management oversight"). Published deadlines carry it for notices;
     * a council profile cannot change it.
     */
    action: z
      .string()
      .min(10)
      .max(60)
      .regex(/^[A-Z][^.]*[^.\s]$/, 'must be an instruction starting with a capital, with no full stop'),
    statement: z.string().min(10),
    category: z.enum(RULE_CATEGORIES),
    kind: z.enum(RULE_KINDS),
    start: z.array(z.union([matcherSchema, breachStartSchema])).min(1),
    appliesWhen: conditionSchema.optional(),
    appliesWhile: conditionSchema.optional(),
    onlyFirst: z.boolean().optional(),
    replaceOnStart: z.boolean().optional(),
    target: targetSchema.optional(),
    anchor: anchorSchema.optional(),
    count: z
      .strictObject({ events: z.array(matcherSchema).min(1), within: z.int().min(2).max(12) })
      .optional(),
    periods: z.array(periodSchema).min(2).optional(),
    satisfiedBy: z.array(matcherSchema).min(1).optional(),
    satisfiableAfter: offsetSchema.optional(),
    /** Once rules: what moves an open deadline on (see {@link extensionSchema}). */
    extendedBy: extensionSchema.optional(),
    /** Once rules: each start an item of its own, with who must act on it (see {@link itemSchema}). */
    item: itemSchema.optional(),
    /** How its periods count from the event, and why; counted from the day after when left out. */
    counting: countingSchema.optional(),
    stop: z.array(matcherSchema).optional(),
    restart: z.array(matcherSchema).optional(),
    /**
     * Recurring rules: events that change the facts its regimes read. The open deadline's interval is
     * worked out again from its own anchor with the facts after the event, and the deadline brought
     * forward when that is sooner (to the event's day at the earliest); it is never put back.
     */
    reconsider: z.array(matcherSchema).optional(),
    intervals: z.array(intervalSchema).min(1),
    reminders: z.array(offsetSchema).optional(),
    escalation: escalationSchema.optional(),
    /** Who must act: the allocated worker unless the standard names a manager level. */
    owner: z.enum(RULE_OWNERS).optional(),
    source: citationsSchema,
    statutory: z
      .strictObject({ intervals: z.array(intervalSchema).min(1), source: citationsSchema })
      .optional(),
    variation: z
      .strictObject({
        maximum: offsetSchema.optional(),
        source: citationsSchema,
        note: z.string().optional(),
      })
      .optional(),
    conflicts: z
      .array(
        z.strictObject({
          summary: z.string().min(10),
          resolution: z.string().min(10),
          source: citationsSchema,
        }),
      )
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const refuse = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const onlyFor = (path: keyof typeof rule, kinds: readonly RuleKind[]) => {
      if (rule[path] !== undefined && !kinds.includes(rule.kind)) {
        refuse(path, `only ${kinds.join(' or ')} rules have ${path}`);
      }
    };
    if (rule.kind !== 'recurring' && rule.intervals.length !== 1) {
      refuse('intervals', `a ${rule.kind} rule has exactly one interval`);
    }
    onlyFor('restart', ['recurring']);
    onlyFor('reconsider', ['recurring']);
    onlyFor('onlyFirst', ['once']);
    onlyFor('replaceOnStart', ['once']);
    onlyFor('target', ['once']);
    onlyFor('anchor', ['once']);
    if (rule.anchor && rule.target)
      refuse('anchor', 'a rule counts from its anchor or from its target, not both');
    if (rule.anchor && rule.statutory) {
      refuse(
        'anchor',
        'the national floor counts from the start event, so a rule with one cannot count from a later anchor',
      );
    }
    refuseBreachMisuse(rule, refuse);
    onlyFor('count', ['count']);
    onlyFor('periods', ['per-period']);
    onlyFor('satisfiableAfter', ['once']);
    onlyFor('extendedBy', ['once']);
    onlyFor('item', ['once']);
    refuseItemMisuse(rule, refuse);
    if (
      rule.counting?.convention === 'beginning-with' &&
      (rule.kind !== 'once' || rule.target || rule.anchor)
    ) {
      refuse('counting', 'only a once rule counted on from its start event can begin with its day');
    }
    if (rule.kind === 'count' && !rule.count) refuse('count', 'a count rule says which events it counts');
    if (rule.kind === 'per-period' && !rule.periods) refuse('periods', 'a per-period rule lists its periods');
    if (rule.kind === 'recording' && rule.satisfiedBy) {
      refuse('satisfiedBy', 'a recording rule is met when its own event was recorded');
    }
    if (rule.kind !== 'recording' && !rule.satisfiedBy)
      refuse('satisfiedBy', 'say which events meet the rule');
  });
export type RuleDefinition = z.infer<typeof ruleSchema>;

/**
 * An item rule (see {@link itemSchema}) opens one deadline per start and moves it only to the date its
 * move names: it is counted from a date in its data, no start replaces another, and whoever must act is
 * its assignee (when it names one), not a manager level.
 */
function refuseItemMisuse(rule: RuleDefinition, refuse: (path: string, message: string) => void) {
  if (!rule.item) return;
  for (const key of ['onlyFirst', 'replaceOnStart', 'anchor', 'extendedBy'] as const) {
    if (rule[key] !== undefined) refuse(key, `a rule with items has no ${key}: each start is its own item`);
  }
  if (rule.item.movedBy && !(rule.target && 'field' in rule.target)) {
    refuse('item', 'a rule whose items move counts from a date field (target), which the move sets anew');
  }
  if (rule.item.assignee && rule.owner !== undefined && rule.owner !== 'worker') {
    refuse('owner', 'a rule with an assignee is acted on by them, not by a manager level');
  }
}

/**
 * A rule started by other rules' breaches runs once every other rule's deadlines are known, after the
 * case's events have been replayed: it is a `once` rule, started only by breaches, and it reads no facts
 * about the case (no conditions on facts, one timescale) and no other way of starting or counting.
 */
function refuseBreachMisuse(rule: RuleDefinition, refuse: (path: string, message: string) => void) {
  const breaches = rule.start.filter(isBreachStart).length;
  if (breaches === 0) return;
  if (breaches < rule.start.length)
    refuse('start', "a rule starts on events or on other rules' breaches, not both");
  if (rule.kind !== 'once') refuse('kind', 'a rule started by a breach is a once rule');
  const unread = [
    'appliesWhen',
    'appliesWhile',
    'onlyFirst',
    'replaceOnStart',
    'target',
    'anchor',
    'satisfiableAfter',
  ] as const;
  for (const key of unread) {
    if (rule[key] !== undefined) refuse(key, `a rule started by a breach has no ${key}`);
  }
  const regimes = rule.intervals.flat();
  const matchers = [...(rule.satisfiedBy ?? []), ...(rule.stop ?? [])];
  if (regimes.some((regime) => regime.when) || matchers.some((matcher) => matcher.when)) {
    refuse('start', 'a rule started by a breach reads no facts about the case (no when)');
  }
}

/** A catalogue file: a list of rules for one area of practice. */
export const catalogueFileSchema = z.strictObject({
  area: z.string().min(1),
  rules: z.array(ruleSchema),
});

/** Catalogue-wide defaults for rules that do not set their own reminders or ladder. */
export const catalogueDefaultsSchema = z.strictObject({
  reminders: z.array(offsetSchema),
  escalation: escalationSchema,
});

/** What a council profile may change about one rule. */
export const ruleOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  intervals: z.array(intervalSchema).min(1).optional(),
  reminders: z.array(offsetSchema).optional(),
  escalation: escalationSchema.optional(),
  reason: z.string().min(3).optional(),
});
export type RuleOverride = z.infer<typeof ruleOverrideSchema>;

/** A length of time on the trackers, in calendar units: the meeting reads them week by week. */
export const trackerWindowSchema = z.strictObject({
  amount: z.int().min(0).max(366),
  unit: z.enum(['days', 'weeks', 'months']),
});
export type TrackerWindow = z.infer<typeof trackerWindowSchema>;

const SDQ_DUE_WITHIN_DEFAULT: TrackerWindow = { amount: 4, unit: 'weeks' };
const DOL_ORDER_ENDING_WITHIN_DEFAULT: TrackerWindow = { amount: 4, unit: 'weeks' };
const PERMANENCE_PLAN_BY_REVIEW_DEFAULT = 2;

/** What the Line of Sight meeting's trackers read from the council profile when it says nothing. */
export const DEFAULT_TRACKER_SETTINGS = {
  sdqDueWithin: SDQ_DUE_WITHIN_DEFAULT,
  stalled: {
    dolOrderEndingWithin: DOL_ORDER_ENDING_WITHIN_DEFAULT,
    permanencePlanByReview: PERMANENCE_PLAN_BY_REVIEW_DEFAULT,
  },
} as const;

/**
 * The council's settings for the Line of Sight meeting's trackers (`trackers` in a profile), each
 * with Line of Sight's default where the documents set none. The other stalled thresholds are rules'
 * timescales, changed through `overrides`: pre-proceedings past `court.pre-proceedings-review-point`,
 * an unregistered placement past `oversight.unregistered-placement`.
 */
export const trackerSettingsSchema = z
  .strictObject({
    sdqDueWithin: trackerWindowSchema.default(SDQ_DUE_WITHIN_DEFAULT).meta({
      description:
        'A child is on the permanency tracker for an SDQ while a cic.sdq deadline is open and due within this window (or overdue). Default 4 weeks, Line of Sight’s: the standards set no lead time; four weekly meetings give time to ask the carer (and school) for the questionnaire before it is late.',
    }),
    stalled: z
      .strictObject({
        dolOrderEndingWithin: trackerWindowSchema.default(DOL_ORDER_ENDING_WITHIN_DEFAULT).meta({
          description:
            'A deprivation of liberty order ending within this window with no renewal applied for is stalled. Default 4 weeks: the lead time of court.dol-order-renewal’s default (Line of Sight’s: no document sets one).',
        }),
        permanencePlanByReview: z.int().min(1).max(10).default(PERMANENCE_PLAN_BY_REVIEW_DEFAULT).meta({
          description:
            'A child accommodated under section 20 with no permanency planning meeting by this looked-after review is stalled. Default the second: Practice Standards 2020, Permanency Planning Meetings 3 and Reviews for Children in Care 59.',
        }),
      })
      .default(DEFAULT_TRACKER_SETTINGS.stalled),
  })
  .default(DEFAULT_TRACKER_SETTINGS);
export type TrackerSettings = z.infer<typeof trackerSettingsSchema>;

/** A council profile: a base profile plus overrides, closure days and counting convention. */
export const profileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase words joined by hyphens'),
  description: z.string().optional(),
  extends: z.enum(['default', 'statutory']).default('default'),
  workingDayCounting: z.enum(['exclusive', 'inclusive']).optional(),
  closureDays: z.array(z.strictObject({ date: z.string(), name: z.string().min(1) })).optional(),
  overrides: z.record(z.string(), ruleOverrideSchema).optional(),
  /** The Line of Sight meeting's trackers: see {@link trackerSettingsSchema}. */
  trackers: trackerSettingsSchema,
});
export type ProfileDefinition = z.infer<typeof profileSchema>;
