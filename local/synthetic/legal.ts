/**
 * The legal work the Line of Sight meeting's legal tracker follows (seed `line-of-sight`:
 * "Pre-proceedings inc. unborn babies", "Legal", "DOLS"): pre-proceedings under the Public Law
 * Outline and how they end, extensions of care proceedings past 26 weeks, and court orders that
 * authorise depriving a child in care of their liberty. Whether a case has them is drawn from its
 * rarer stream (`CaseStory.rare`), so the cases without them keep their histories.
 */
import type { ExtensionReason, PreProceedingsOutcome } from '../../events/index.ts';
import { addMonths, type DayNumber } from '../../functions/core/calendar/index.ts';
import { addWorkingDays, isoDate, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { CaseStory } from './story.ts';

/** How pre-proceedings end, on `day` (which may be after the as-of date: then they are still going on). */
export interface PreProceedingsEnd {
  readonly day: DayNumber;
  readonly outcome: PreProceedingsOutcome;
}

/**
 * Pre-proceedings from the decision on `decided` until they end: the letter before proceedings within
 * a week or two, the initial meeting with the parents and their lawyers a fortnight or so after it, a
 * review meeting about every six weeks, and the end (each step only while there is time before it).
 * Drawn from a stream of the case's own (seeded by the two days), so that the rest of the history
 * stays as it was.
 */
export function preProceedings(story: CaseStory, decided: DayNumber, end: PreProceedingsEnd): void {
  const rng = createRandom(deriveSeed(decided, end.day));
  const letter = addWorkingDays(decided, rng.int(2, 8));
  if (letter < end.day) {
    story.add('pre_proceedings.letter_sent', letter, {});
    let meeting = addWorkingDays(letter, rng.int(8, 15));
    for (let held = 0; meeting < end.day; held++) {
      story.add('pre_proceedings.meeting_held', meeting, { meeting: held === 0 ? 'initial' : 'review' });
      meeting = addWorkingDays(meeting, rng.int(25, 35));
    }
  }
  story.add('pre_proceedings.ended', end.day, { outcome: end.outcome });
}

/**
 * The share of children on a child protection plan whose plan goes to pre-proceedings (a legal
 * planning meeting decides to start the Public Law Outline) while the concerns are worked on.
 */
const PRE_PROCEEDINGS_SHARE = 0.2;
/** Most pre-proceedings end by the 16-week review point; some drift on. */
const PRE_PROCEEDINGS_WEEKS: readonly (readonly [readonly [number, number], number])[] = [
  [[8, 16], 65],
  [[17, 30], 35],
];
/**
 * The share of pre-proceedings during a plan still running at the end of the history that have
 * drifted: begun 17 to 26 weeks before, past the review point, and not yet ended.
 */
const DRIFTING_SHARE = 0.3;
/**
 * Without care proceedings (which would bring the child into care), pre-proceedings step down to the
 * child protection plan, or end another way (the family moved away, the baby was placed with a
 * relative under a private arrangement).
 */
const ENDINGS_WITHOUT_PROCEEDINGS: readonly (readonly [PreProceedingsOutcome, number])[] = [
  ['step-down', 85],
  ['other', 15],
];

/**
 * Pre-proceedings during a child protection plan from `planStart` (a few weeks in at the soonest) to
 * `planEnd` (the day after the history when it runs on), for the share of plans that need them, or
 * always when `certain` (an unborn baby's plan made because pre-proceedings were likely). The legal
 * planning meeting decides, and a Service Manager oversees the decision; pre-proceedings then step
 * down or end another way, by the review point mostly, on the day the plan ends at the latest.
 */
export function preProceedingsDuringPlan(
  story: CaseStory,
  planStart: DayNumber,
  planEnd: DayNumber,
  certain = false,
): void {
  const { rare } = story;
  if (!certain && !rare.chance(PRE_PROCEEDINGS_SHARE)) return;
  const latest = Math.min(planEnd, story.asOf + 1) - 20;
  const soonest = planStart + (certain ? 3 : 20);
  if (latest <= soonest) return;
  const drifted = planEnd > story.asOf && rare.chance(DRIFTING_SHARE);
  const driftedFrom = workingDayOnOrBefore(story.asOf - rare.int(17 * 7, 26 * 7));
  const drifts = drifted && driftedFrom >= soonest;
  const planning = drifts
    ? driftedFrom
    : workingDayOnOrAfter(rare.int(soonest, Math.min(latest, soonest + 300)));
  const decided = addWorkingDays(planning, rare.int(0, drifts ? 3 : 10));
  if (decided > story.asOf) return;
  story.decide(planning, 'legal-planning', 'SM');
  story.decide(decided, 'initiate-pre-proceedings', 'SM');
  const [fewest, most] = rare.weighted(PRE_PROCEEDINGS_WEEKS);
  const ends = drifts
    ? story.asOf + rare.int(1, 60)
    : workingDayOnOrBefore(decided + rare.int(fewest * 7, most * 7));
  const day = planEnd <= story.asOf ? Math.min(ends, planEnd) : ends;
  preProceedings(story, decided, { day, outcome: rare.weighted(ENDINGS_WITHOUT_PROCEEDINGS) });
}

/** Days from the issue of care proceedings to the last of their 26 weeks (the day of issue is the first). */
const PROCEEDINGS_LIMIT_DAYS = 26 * 7 - 1;
/** Most proceedings that run past 26 weeks do so with the court's extension. */
const EXTENSION_CHANCE = 0.8;
const EXTENSION_WEEKS: readonly (readonly [number, number])[] = [
  [8, 70],
  [6, 15],
  [4, 15],
];
const EXTENSION_REASON_WEIGHTS: readonly (readonly [ExtensionReason, number])[] = [
  ['expert-evidence', 30],
  ['carer-assessment', 30],
  ['parallel-proceedings', 10],
  ['party-capacity', 8],
  ['court-listing', 10],
  ['new-party', 6],
  ['international-element', 4],
  ['other', 2],
];

/**
 * Extensions of care proceedings issued on `issued` that end on `ends` (which may be after the as-of
 * date): while they would run past the time limit, the court mostly extends it, a few weeks before it
 * ends, by up to 8 weeks with its reason (Children Act 1989 s32(5)); now and then it does not, and the
 * proceedings conclude late.
 */
export function proceedingsExtensions(story: CaseStory, issued: DayNumber, ends: DayNumber): void {
  const { rare } = story;
  let limit = issued + PROCEEDINGS_LIMIT_DAYS;
  while (ends > limit && rare.chance(EXTENSION_CHANCE)) {
    const granted = workingDayOnOrBefore(limit - rare.int(3, 25));
    const weeks = rare.weighted(EXTENSION_WEEKS);
    story.add('proceedings.extended', granted, { weeks, reason: rare.weighted(EXTENSION_REASON_WEIGHTS) });
    limit += weeks * 7;
  }
}

/**
 * The share of children in care, from 10, whom a court authorises to be deprived of their liberty
 * (under the High Court's inherent jurisdiction, where no secure children's home can be found): rare,
 * a child or two in a council of a few hundred.
 */
const DEPRIVATION_OF_LIBERTY_SHARE = 0.05;
/** How long an order runs, in months: most are reviewed by the court within 3 to 6. */
const ORDER_MONTHS = [3, 6, 6, 12] as const;
/** The chance an order is renewed when it ends, rather than ended because the child no longer needs it. */
const RENEWAL_CHANCE = 0.7;
/** The chance the order running at the end of the history nears its end with no renewal applied for. */
const STALLED_CHANCE = 0.4;
const APPLY_WEEKS_BEFORE = 4;

/**
 * Deprivation of liberty orders for a child in care from `start` to `until`, aged 10 or more: each runs
 * a few months; most are renewed (the application made 4 weeks or more before the end, mostly, and the
 * new order made as the old one ends), the rest ended when no longer needed; an order running when
 * care ends ends with it. Some of the orders running on the as-of date near their end with no
 * renewal applied for, as the legal tracker must catch.
 */
export function deprivationOfLiberty(story: CaseStory, start: DayNumber, until: DayNumber): void {
  const { rare, asOf } = story;
  if (!rare.chance(DEPRIVATION_OF_LIBERTY_SHARE)) return;
  const soonest = Math.max(start + rare.int(14, 120), story.birthday(10));
  const latest = Math.min(until, asOf + 1) - 28;
  if (soonest >= latest) return;
  const stalls = until > asOf && rare.chance(STALLED_CHANCE);
  const onTime = () => !rare.chance(story.lateness.late + story.lateness.missed);
  let made = workingDayOnOrAfter(rare.int(soonest, latest));
  for (;;) {
    let endsOn = addMonths(made, rare.pick(ORDER_MONTHS)) - 1;
    if (stalls && made <= asOf && asOf <= endsOn) {
      // The order running now ends within four weeks, and no one has applied to renew it.
      endsOn = Math.max(made + 35, asOf + rare.int(3, 26));
      story.add('dol_order.made', made, { endsOn: isoDate(endsOn) });
      return;
    }
    story.add('dol_order.made', made, { endsOn: isoDate(endsOn) });
    if (until <= asOf && endsOn >= until) {
      story.add('dol_order.ended', until, {});
      return;
    }
    const applyBy = endsOn - APPLY_WEEKS_BEFORE * 7;
    if (!rare.chance(RENEWAL_CHANCE)) {
      story.add('dol_order.ended', workingDayOnOrBefore(rare.int(made + 28, applyBy)), {});
      return;
    }
    const applied = onTime()
      ? Math.max(made + 7, workingDayOnOrBefore(applyBy - rare.int(0, 20)))
      : workingDayOnOrAfter(applyBy + rare.int(1, 14));
    story.add('dol_order.renewal_applied', applied, {});
    made = Math.max(applied + 1, workingDayOnOrBefore(endsOn - rare.int(0, 10)));
    if (made >= until) {
      // Care ended (or the history did) before the court renewed it.
      if (until <= asOf) story.add('dol_order.ended', until, {});
      return;
    }
  }
}
