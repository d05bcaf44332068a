/**
 * Children stalled in one state, flagged on the trackers before anyone asks. The seed `line-of-sight`
 * has the Locality Line of Sight meeting track these children every week so that none drifts; a flag
 * says which child has, since when, and which threshold says so.
 *
 * Four kinds, each with its threshold and where that comes from:
 * - `pre-proceedings-past-review-point`: still in pre-proceedings after the council's review point,
 *   the rule `court.pre-proceedings-review-point` overdue (its interval, 16 weeks by default, set
 *   through the profile's overrides: not repeated here).
 * - `section-20-no-permanence-plan`: accommodated under section 20, and the looked-after review the
 *   profile names (`trackers.stalled.permanencePlanByReview`, by default the second) held with no
 *   permanency planning meeting in the care period. Practice Standards 2020, Permanency Planning
 *   Meetings 3: the meeting "must be held before the second statutory review", and 8: it decides the
 *   permanence plan; Reviews for Children in Care 59: an outline permanency plan at the 2nd review.
 *   Section 20 is named because Permanency Planning Meetings 5 calls for a meeting "to address drift,
 *   especially when a child is in care under a Section 20 accommodation arrangement".
 * - `dol-order-ending-no-renewal`: a deprivation of liberty order ending within the profile's window
 *   (`trackers.stalled.dolOrderEndingWithin`, by default 4 weeks: the lead time of
 *   `court.dol-order-renewal`, Line of Sight's default, as no document sets one) and no renewal applied
 *   for.
 * - `unregistered-placement-not-reviewed`: an unregistered or unregulated placement whose weekly
 *   Service Manager review (`oversight.unregistered-placement`) is overdue.
 *
 * Pure: the facts the trackers fold from the events, the case's open deadlines and the settings in.
 */
import type { TrackerSettings } from '../../../rules/schema.ts';
import { formatIsoDate, formatLongDate, parseIsoDate } from '../calendar/index.ts';
import { type Moment, openStatusAt } from '../engine/index.ts';
import type { OpenDeadline, Tracker, TrackerFacts } from './membership.ts';
import { shiftByWindow, windowText } from './window.ts';

/** The kinds of stall, each with the tracker its child is on (see the module's description). */
export const STALLED_KINDS = {
  'pre-proceedings-past-review-point': { tracker: 'legal' },
  'section-20-no-permanence-plan': { tracker: 'permanency' },
  'dol-order-ending-no-renewal': { tracker: 'legal' },
  'unregistered-placement-not-reviewed': { tracker: 'permanency' },
} as const satisfies Record<string, { tracker: Tracker }>;
/** See {@link STALLED_KINDS}. */
export type StalledKind = keyof typeof STALLED_KINDS;

/** One stalled child's flag: what has stalled, since when, why (no names), and the threshold's source. */
export interface StalledFlag {
  kind: StalledKind;
  /** The day the child became stalled (`YYYY-MM-DD`): the threshold passed. */
  since: string;
  /** In plain English, with dates and no names. */
  explain: string;
  threshold: {
    /** The threshold as a person would say it: "16 weeks", "the second looked-after review". */
    value: string;
    /** Where it is set: `rule <id>` (its interval, changed by the profile's overrides) or `profile trackers.…`. */
    source: string;
  };
}

/** A flag's threshold as a sentence: "Threshold: 16 weeks (rule court.pre-proceedings-review-point)." */
export const thresholdSentence = ({ threshold }: StalledFlag) =>
  `Threshold: ${threshold.value} (${threshold.source}).`;

const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

/** An open deadline of `ruleId` that is overdue as of `asOf`, if the case has one. */
const overdue = (open: readonly OpenDeadline[], ruleId: string, asOf: Moment) =>
  open.find((deadline) => deadline.rule === ruleId && openStatusAt(deadline.due, asOf) === 'overdue');

function pastReviewPoint(
  facts: TrackerFacts,
  open: readonly OpenDeadline[],
  asOf: Moment,
): StalledFlag | null {
  const deadline = overdue(open, 'court.pre-proceedings-review-point', asOf);
  if (!facts.preProceedings || !deadline) return null;
  return {
    kind: 'pre-proceedings-past-review-point',
    since: formatIsoDate(deadline.due.day),
    explain: `In pre-proceedings since ${formatLongDate(parseIsoDate(facts.preProceedings.since))}, past the council's review point on ${formatLongDate(deadline.due.day)} with no step-down and no proceedings issued.`,
    threshold: { value: deadline.timescale, source: `rule ${deadline.rule}` },
  };
}

function noPermanencePlan(facts: TrackerFacts, settings: TrackerSettings): StalledFlag | null {
  const { lookedAfter } = facts;
  const by = settings.stalled.permanencePlanByReview;
  const review = lookedAfter?.reviewsHeld[by - 1];
  if (facts.legalStatus !== 'section-20' || !lookedAfter || !review || lookedAfter.permanencyPlanningOn)
    return null;
  const which = `the ${ordinal(by)} looked-after review`;
  return {
    kind: 'section-20-no-permanence-plan',
    since: review,
    explain: `Accommodated under section 20 and looked after since ${formatLongDate(parseIsoDate(lookedAfter.since))}; no permanency planning meeting was held by ${which}, on ${formatLongDate(parseIsoDate(review))}.`,
    threshold: { value: which, source: 'profile trackers.stalled.permanencePlanByReview' },
  };
}

function dolOrderEnding(facts: TrackerFacts, asOf: Moment, settings: TrackerSettings): StalledFlag | null {
  const order = facts.dolOrder;
  if (!order || order.renewalApplied) return null;
  const window = settings.stalled.dolOrderEndingWithin;
  const ends = parseIsoDate(order.endsOn);
  const from = Math.max(shiftByWindow(ends, window, -1), parseIsoDate(order.madeOn));
  if (asOf.day < from) return null;
  const when = ends < asOf.day ? 'ended' : 'ends';
  return {
    kind: 'dol-order-ending-no-renewal',
    since: formatIsoDate(from),
    explain: `The deprivation of liberty order ${when} on ${formatLongDate(ends)} and no renewal has been applied for.`,
    threshold: {
      value: `${windowText(window)} before the order ends`,
      source: 'profile trackers.stalled.dolOrderEndingWithin',
    },
  };
}

function placementNotReviewed(
  facts: TrackerFacts,
  open: readonly OpenDeadline[],
  asOf: Moment,
): StalledFlag | null {
  const deadline = overdue(open, 'oversight.unregistered-placement', asOf);
  if (!deadline || (facts.placementType !== 'unregistered' && facts.placementType !== 'unregulated'))
    return null;
  return {
    kind: 'unregistered-placement-not-reviewed',
    since: formatIsoDate(deadline.due.day),
    explain: `In an ${facts.placementType} placement; the weekly Service Manager review due on ${formatLongDate(deadline.due.day)} has not been recorded.`,
    threshold: { value: deadline.timescale, source: `rule ${deadline.rule}` },
  };
}

/**
 * The child's stalled flags as of `asOf`, in the order of {@link STALLED_KINDS}: from the facts the
 * trackers fold, the case's open deadlines (as the engine evaluated them, as of `asOf` or of any
 * earlier moment since which no event changed the case) and the council's settings.
 */
export function stalledFlags(
  facts: TrackerFacts,
  open: readonly OpenDeadline[],
  asOf: Moment,
  settings: TrackerSettings,
): StalledFlag[] {
  return [
    pastReviewPoint(facts, open, asOf),
    noPermanencePlan(facts, settings),
    dolOrderEnding(facts, asOf, settings),
    placementNotReviewed(facts, open, asOf),
  ].filter((flag): flag is StalledFlag => flag !== null);
}
