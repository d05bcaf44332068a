/**
 * What happens to each kind of case, from referral to the as-of date: the sequence of assessments,
 * enquiries, conferences, plans, placements and closures, with their timescales taken from the rule
 * catalogue (working days counted exclusively, "3 months" as 91 days, "6 months" as 183).
 */
import type { LegalStatus, PlacementType, S47Outcome } from '../../events/index.ts';
import { addYears, type DayNumber } from '../../functions/core/calendar/index.ts';
import { days, nextOccurrence, repeat, workingDays } from './cadence.ts';
import {
  addWorkingDays,
  isoDate,
  londonDateTime,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from './dates.ts';
import type { Random } from './random.ts';
import type { Service } from './staff.ts';
import type { CaseStory } from './story.ts';
import type { DataOf } from './timeline.ts';

/** The kinds of case a council holds, by where the case is (or last was) in the service. */
export const COHORTS = [
  'child-in-need',
  'child-protection',
  'child-in-care',
  'care-leaver',
  'referral-assessment',
] as const;
/** See {@link COHORTS}. */
export type Cohort = (typeof COHORTS)[number];

/** The share of a council's cases in each cohort. */
export const COHORT_SHARES: Readonly<Record<Cohort, number>> = {
  'child-in-need': 0.35,
  'child-protection': 0.15,
  'child-in-care': 0.3,
  'care-leaver': 0.1,
  'referral-assessment': 0.1,
};

/** The service whose teams hold each cohort's cases at the end of their history. */
export const COHORT_SERVICE: Readonly<Record<Cohort, Service>> = {
  'child-in-need': 'family-support',
  'child-protection': 'family-support',
  'child-in-care': 'children-in-care',
  'care-leaver': 'leaving-care',
  'referral-assessment': 'assessment',
};

const HISTORIES: Readonly<Record<Cohort, (story: CaseStory) => void>> = {
  'child-in-need': childInNeed,
  'child-protection': childProtection,
  'child-in-care': childInCare,
  'care-leaver': careLeaver,
  'referral-assessment': referralAndAssessment,
};

/** Writes the history of a case in `cohort`. */
export function writeHistory(story: CaseStory, cohort: Cohort): void {
  HISTORIES[cohort](story);
}

/** Ages in years at referral, as [youngest, oldest, weight]. */
type AgeBands = readonly (readonly [number, number, number])[];

const ANY_AGE: AgeBands = [[0, 17, 1]];
const CHILD_IN_NEED_AGES: AgeBands = [
  [0, 4, 25],
  [5, 9, 30],
  [10, 17, 45],
];
// Child protection plans and care proceedings are most common for the youngest children.
const CHILD_PROTECTION_AGES: AgeBands = [
  [0, 4, 45],
  [5, 9, 28],
  [10, 15, 27],
];
const CHILD_IN_CARE_AGES: AgeBands = [
  [0, 4, 30],
  [5, 9, 20],
  [10, 15, 35],
  [16, 17, 15],
];

/**
 * A date of birth for a child referred on `day`, aged by `bands`, but always under 18 on the as-of
 * date: an open children's case for an adult would be a data error.
 */
function childBornBefore(story: CaseStory, day: DayNumber, bands: AgeBands): DayNumber {
  const { rng } = story;
  const [youngest, oldest] = rng.weighted(bands.map(([low, high, weight]) => [[low, high], weight] as const));
  const born = story.bornYearsBefore(day, rng.int(youngest, oldest));
  const earliest = addYears(story.asOf, -18) + 1;
  return born >= earliest ? born : earliest + rng.int(0, Math.min(364, day - earliest));
}

/** A conference date as the booking records it: usually a day, sometimes a time too. */
function bookedFor(story: CaseStory, day: DayNumber): string {
  return story.rng.chance(0.3) ? londonDateTime(day, story.rng.int(36, 60) * 15) : isoDate(day);
}

/** A child and family assessment, due 45 working days after the referral; returns when it was authorised. */
function assessment(story: CaseStory, referral: DayNumber): DayNumber {
  const { rng } = story;
  story.add('assessment.started', addWorkingDays(referral, rng.int(0, 3)), {});
  const completed = nextOccurrence(rng, story.lateness, referral, workingDays(15, 45), true);
  story.add('assessment.completed', completed, {});
  const authorised = addWorkingDays(completed, rng.int(0, 5));
  story.add('assessment.authorised', authorised, {});
  return authorised;
}

/** A section 47 enquiry that ends without a conference. */
function enquiryWithoutConference(story: CaseStory, referral: DayNumber, outcome: S47Outcome): void {
  const { rng } = story;
  const held = addWorkingDays(referral, rng.int(0, 2));
  story.strategyDiscussion(held, true);
  story.add('s47.started', held, {});
  story.add('s47.completed', addWorkingDays(held, rng.int(5, 12)), { outcome });
}

/**
 * A strategy discussion that starts a section 47 enquiry leading to an initial conference within 15
 * working days, which makes a child protection plan; the case then moves to a family support team.
 * Returns the day of the conference.
 */
function enquiryToConference(story: CaseStory, referral: DayNumber): DayNumber {
  const { rng } = story;
  const held = addWorkingDays(referral, rng.int(0, 2));
  story.strategyDiscussion(held, true);
  story.add('s47.started', held, {});
  const conference = nextOccurrence(rng, story.lateness, held, workingDays(8, 15), true);
  // The enquiry concludes, and the conference is booked, before the conference's earliest date.
  const concluded = addWorkingDays(held, rng.int(3, 7));
  story.add('s47.completed', concluded, { outcome: 'conference' });
  story.add('conference.scheduled', concluded, {
    conferenceType: 'initial',
    date: bookedFor(story, conference),
  });
  story.add('conference.held', conference, { conferenceType: 'initial', outcome: 'plan' });
  story.add('cp_plan.started', conference, {});
  story.allocate(addWorkingDays(conference, rng.int(0, 5)), 'family-support', 'transfer');
  return conference;
}

/**
 * A child protection plan made at the initial conference on `conference`: core groups, visits every 10
 * working days, and review conferences at 91 days then every 183. A review may end the plan, unless the
 * plan is to end on `endsOn` (the child coming into care). Returns the day a review ended it.
 */
function childProtectionPlan(
  story: CaseStory,
  conference: DayNumber,
  endsOn?: DayNumber,
): DayNumber | undefined {
  const { rng, lateness } = story;
  const until = endsOn ?? story.asOf + 1;
  const book = (day: DayNumber) =>
    story.add('conference.scheduled', workingDayOnOrBefore(day - rng.int(10, 25)), {
      conferenceType: 'review',
      date: bookedFor(story, day),
    });
  let ended: DayNumber | undefined;
  const nextReview = repeat({
    rng,
    lateness,
    from: conference,
    until,
    gap: (_, held) => (held === 0 ? days(70, 91) : days(150, 183)),
    occur: (day, held) => {
      book(day);
      const ends = endsOn === undefined && rng.chance(held === 0 ? 0.15 : 0.3);
      story.add('conference.held', day, { conferenceType: 'review', outcome: ends ? 'end' : 'continue' });
      if (!ends) return day;
      story.add('cp_plan.ended', day, {});
      ended = day;
      return undefined;
    },
  });
  // A review still to come is already booked if its booking day has passed.
  if (nextReview !== undefined && endsOn === undefined) book(nextReview);

  const planEnd = ended ?? until;
  const firstCoreGroup = nextOccurrence(rng, lateness, conference, workingDays(5, 10), true);
  if (firstCoreGroup < planEnd) {
    story.add('core_group.held', firstCoreGroup, {});
    repeat({
      rng,
      lateness,
      from: firstCoreGroup,
      until: planEnd,
      gap: () => days(28, 42),
      occur: (day) => {
        story.add('core_group.held', day, {});
        return day;
      },
    });
  }
  story.visits('cp', conference, planEnd, () => workingDays(6, 10));
  return ended;
}

/**
 * A child in need plan from `start`: visits every 15 working days (4-weekly where a manager agreed it,
 * mostly for disabled children) and reviews every 6 weeks. With probability `closeChance` a review
 * some months on ends the plan and the case closes.
 */
function childInNeedPlan(story: CaseStory, start: DayNumber, closeChance: number, transfer: boolean): void {
  const { rng, lateness } = story;
  story.add('cin_plan.started', start, {});
  if (transfer) story.allocate(addWorkingDays(start, rng.int(0, 5)), 'family-support', 'transfer');
  let agreedOn: DayNumber | undefined;
  if (rng.chance(story.isDisabledOn(start) ? 0.4 : 0.01)) {
    agreedOn = addWorkingDays(start, rng.int(1, 10));
    story.agreeCinVisitsEvery4Weeks(agreedOn);
  }
  const endAfter = rng.chance(closeChance) ? start + rng.int(100, 450) : undefined;
  let ended: DayNumber | undefined;
  repeat({
    rng,
    lateness,
    from: start,
    until: story.asOf + 1,
    gap: () => days(28, 42),
    occur: (day) => {
      story.add('cin_review.held', day, {});
      if (endAfter === undefined || day < endAfter) return day;
      story.add('cin_plan.ended', day, {});
      ended = day;
      return undefined;
    },
  });
  story.visits('cin', start, ended ?? story.asOf + 1, (last) =>
    agreedOn !== undefined && last >= agreedOn ? days(20, 28) : workingDays(10, 15),
  );
  if (ended !== undefined) story.close(addWorkingDays(ended, rng.int(0, 10)));
}

interface PlannedPlacement {
  readonly start: DayNumber;
  readonly data: DataOf<'placement.started'>;
}

function placementType(rng: Random, legalStatus: LegalStatus, age: number, first: boolean): PlacementType {
  if (legalStatus === 'placement-order') return rng.chance(0.4) ? 'placed-for-adoption' : 'foster-care';
  const choices: [PlacementType, number][] = [
    ['foster-care', 60],
    ['connected-carer', 10],
  ];
  // Temporary approvals and placements with parents before assessment only begin an episode of care.
  if (first) choices.push(['temporary-connected-carer', 9]);
  if (legalStatus === 'interim-care-order' || legalStatus === 'care-order') {
    choices.push(['placed-with-parents', 6]);
    if (first) choices.push(['placed-with-parents-before-assessment', 2]);
  }
  if (age >= 11) choices.push(['residential', 12]);
  if (age >= 16) choices.push(['semi-independent', 12]);
  return rng.weighted(choices);
}

function placement(
  rng: Random,
  start: DayNumber,
  type: PlacementType,
  legalStatus: LegalStatus,
): PlannedPlacement {
  // Long-term matching needs the permanence of a care or placement order.
  const permanent = legalStatus === 'care-order' || legalStatus === 'placement-order';
  if (type === 'foster-care' && permanent && rng.chance(0.35)) {
    return { start, data: { placementType: type, longTermMatched: true, intendedToAge18: true } };
  }
  return { start, data: { placementType: type } };
}

/**
 * Placements from `start` until `until`: a temporarily approved connected carer is fully approved
 * after about four months, and children move now and then (about one move every two years).
 */
function planPlacements(story: CaseStory, start: DayNumber, legalStatus: LegalStatus, until: DayNumber) {
  const { rng } = story;
  const first = placementType(rng, legalStatus, story.ageOn(start), true);
  const placements = [placement(rng, start, first, legalStatus)];
  let latest = start;
  if (first === 'temporary-connected-carer') {
    latest = workingDayOnOrBefore(start + rng.int(90, 140));
    if (latest < until) placements.push(placement(rng, latest, 'connected-carer', legalStatus));
  }
  for (;;) {
    latest = workingDayOnOrBefore(latest + rng.int(200, 1500));
    if (latest >= until) return placements;
    placements.push(
      placement(rng, latest, placementType(rng, legalStatus, story.ageOn(latest), false), legalStatus),
    );
  }
}

/**
 * A period in care from `start`: placements, looked-after reviews (20 working days, then 91 days, then
 * every 183), health assessments, and visits at the frequency each placement needs. Care ends on
 * `leaves` when given (a young person leaving care), otherwise with probability `endChance` some
 * months on, when the case closes.
 */
function periodInCare(
  story: CaseStory,
  start: DayNumber,
  legalStatus: LegalStatus,
  leaves: DayNumber | undefined,
  endChance: number,
): void {
  const { rng, lateness } = story;
  const ends =
    leaves ?? (rng.chance(endChance) ? workingDayOnOrBefore(start + rng.int(150, 700)) : undefined);
  const until = Math.min(ends ?? Number.POSITIVE_INFINITY, story.asOf + 1);
  story.add('care_period.started', start, { legalStatus });
  const placements = planPlacements(story, start, legalStatus, until);
  for (const [index, planned] of placements.entries()) {
    // The old placement ends the day before the new one starts: the engine applies same-day events
    // in a fixed order, in which an end on the day of a start would end the new placement.
    if (index > 0) story.add('placement.ended', planned.start - 1, {});
    story.add('placement.started', planned.start, planned.data);
  }
  story.allocate(addWorkingDays(start, rng.int(3, 20)), 'children-in-care', 'transfer');

  const reviews: DayNumber[] = [];
  repeat({
    rng,
    lateness,
    from: start,
    until,
    gap: (_, held) => (held === 0 ? workingDays(14, 20) : held === 1 ? days(70, 91) : days(150, 183)),
    occur: (day) => {
      story.add('cic_review.held', day, {});
      reviews.push(day);
      return day;
    },
  });

  const initialHealth = nextOccurrence(rng, lateness, start, workingDays(10, 20), true);
  if (initialHealth < until) {
    story.add('health_assessment.completed', initialHealth, { kind: 'initial' });
    repeat({
      rng,
      lateness,
      from: initialHealth,
      until,
      gap: (last) => (story.ageOn(last) < 5 ? days(150, 183) : days(330, 365)),
      occur: (day) => {
        story.add('health_assessment.completed', day, { kind: 'review' });
        return day;
      },
    });
  }

  placements.forEach((planned, index) => {
    const type = planned.data.placementType;
    const interimAtHome = legalStatus === 'interim-care-order' && type === 'placed-with-parents';
    const temporary =
      type === 'temporary-connected-carer' || type === 'placed-with-parents-before-assessment';
    // The regime in force at the end of the last visit's day sets the next, as the engine reads the
    // cic.visit rule: a review that day already counts.
    story.visits('cic', planned.start, placements[index + 1]?.start ?? until, (last) => {
      if (last - planned.start < 28) return days(4, 7);
      if ((temporary || interimAtHome) && !reviews.some((review) => review <= last)) return days(4, 7);
      if (type === 'temporary-connected-carer' || interimAtHome || story.isDisabledOn(last))
        return days(20, 28);
      return days(28, 42);
    });
  });

  if (ends === undefined) return;
  story.add('placement.ended', ends, {});
  story.add('care_period.ended', ends, {});
  if (leaves === undefined) story.close(addWorkingDays(ends, rng.int(0, 15)));
}

/** A recent referral: assessing, sometimes after an enquiry; about half closed with no further action. */
function referralAndAssessment(story: CaseStory): void {
  const { rng } = story;
  const referral = story.pastDay(0, 80);
  story.introduceChild(referral, childBornBefore(story, referral, ANY_AGE));
  story.refer(referral);
  const route = rng.next();
  if (route < 0.12) {
    enquiryWithoutConference(story, referral, rng.pick(['no-further-action', 'child-in-need'] as const));
  } else if (route < 0.18) {
    story.strategyDiscussion(addWorkingDays(referral, rng.int(0, 2)), false);
  }
  const authorised = assessment(story, referral);
  if (rng.chance(0.45)) story.close(addWorkingDays(authorised, rng.int(0, 8)));
}

/** Referral, assessment, then a child in need plan; some plans have ended and the case closed. */
function childInNeed(story: CaseStory): void {
  const { rng } = story;
  // At least 110 days old, so the assessment has finished and the plan begun by the as-of date.
  const referral = story.pastDay(110, 900, 1.8);
  story.introduceChild(referral, childBornBefore(story, referral, CHILD_IN_NEED_AGES));
  story.refer(referral);
  if (rng.chance(0.1)) enquiryWithoutConference(story, referral, 'child-in-need');
  const authorised = assessment(story, referral);
  childInNeedPlan(story, addWorkingDays(authorised, rng.int(0, 5)), 0.15, true);
}

/**
 * Referral, enquiry and a child protection plan; a review may end the plan, after which the child
 * steps down to a child in need plan or the case closes.
 */
function childProtection(story: CaseStory): void {
  const { rng } = story;
  // At least 45 days old, so the initial conference has been held by the as-of date.
  const referral = story.pastDay(45, 730, 1.6);
  story.introduceChild(referral, childBornBefore(story, referral, CHILD_PROTECTION_AGES));
  story.refer(referral);
  const conference = enquiryToConference(story, referral);
  assessment(story, referral);
  const ended = childProtectionPlan(story, conference);
  if (ended === undefined) return;
  if (rng.chance(0.6)) childInNeedPlan(story, ended, 0.3, false);
  else story.close(addWorkingDays(ended, rng.int(0, 10)));
}

/**
 * A child in care: about a third after a child protection plan and care proceedings (an interim care
 * order), the rest coming into care soon after referral.
 */
function childInCare(story: CaseStory): void {
  const { rng } = story;
  const careStart = story.pastDay(10, 1100);
  const afterPlan = workingDayOnOrBefore(careStart - rng.int(100, 330));
  if (rng.chance(0.35) && afterPlan >= story.windowStart) {
    story.introduceChild(afterPlan, childBornBefore(story, afterPlan, CHILD_PROTECTION_AGES));
    story.refer(afterPlan);
    const conference = enquiryToConference(story, afterPlan);
    assessment(story, afterPlan);
    childProtectionPlan(story, conference, careStart);
    story.add('cp_plan.ended', careStart, {});
    const legalStatus = rng.chance(0.75) ? 'interim-care-order' : 'section-20';
    periodInCare(story, careStart, legalStatus, undefined, 0.08);
    return;
  }
  const referral = Math.max(workingDayOnOrBefore(careStart - rng.int(0, 20)), story.windowStart);
  story.introduceChild(referral, childBornBefore(story, referral, CHILD_IN_CARE_AGES));
  story.refer(referral);
  assessment(story, referral);
  const statuses: [LegalStatus, number][] = [
    ['section-20', 45],
    ['interim-care-order', 25],
    ['care-order', 22],
  ];
  if (story.ageOn(careStart) < 5) statuses.push(['placement-order', 8]);
  periodInCare(story, Math.max(careStart, referral), rng.weighted(statuses), undefined, 0.08);
}

const personalAdviserGap = (_: DayNumber, held: number) => (held === 0 ? days(1, 10) : days(35, 56));

/**
 * A young person aged 16 to 20 who has left care: at 18, or earlier from 16. Most came into care as
 * teenagers within the history; for the rest the history starts with the leaving care service.
 * Their personal adviser sees them within days of leaving care, then about every 8 weeks.
 */
function careLeaver(story: CaseStory): void {
  const { rng, asOf } = story;
  const age = rng.weighted([
    [16, 10],
    [17, 20],
    [18, 25],
    [19, 25],
    [20, 20],
  ] as const);
  // Everyone left care at least two months ago, so their personal adviser has been in touch: a
  // 16-year-old had their birthday two months ago or more, and so did an 18-year-old.
  const born = addYears(asOf, -age) - rng.int(age === 16 || age === 18 ? 60 : 0, 364);
  const sixteenth = addYears(born, 16);
  // Care ends on the 18th birthday, whatever day of the week; earlier leavers leave on a working day.
  const leaves = age >= 18 ? addYears(born, 18) : workingDayOnOrBefore(rng.int(sixteenth, asOf - 60));

  // In care for at least eight months before leaving, and referred inside the history window.
  const earliestEntry = Math.max(story.windowStart + 25, leaves - 4 * 365);
  if (earliestEntry <= leaves - 240 && rng.chance(0.75)) {
    const cameIntoCare = workingDayOnOrBefore(rng.int(earliestEntry, leaves - 240));
    const referral = Math.max(workingDayOnOrBefore(cameIntoCare - rng.int(0, 20)), story.windowStart);
    story.introduceChild(referral, born);
    story.refer(referral);
    assessment(story, referral);
    periodInCare(story, cameIntoCare, rng.chance(0.6) ? 'section-20' : 'care-order', leaves, 0);
    story.allocate(addWorkingDays(leaves, rng.int(1, 3)), 'leaving-care', 'transfer');
    story.visits('care-leaver', leaves, asOf + 1, personalAdviserGap);
    return;
  }
  const opened = Math.min(workingDayOnOrAfter(Math.max(leaves, story.windowStart)), asOf);
  story.introduceChild(opened, born);
  story.allocate(opened, 'leaving-care', 'transfer');
  story.visits('care-leaver', opened, asOf + 1, personalAdviserGap);
}
