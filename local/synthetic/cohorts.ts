/**
 * What happens to each kind of case, from the first contact to the as-of date: the sequence of
 * referrals, enquiries, conferences, plans, placements and closures. How each piece of work is timed
 * and recorded is in the modules each step calls (`front-door.ts`, `plans.ts`, `care.ts`,
 * `early-help.ts`), on the catalogue's timescales.
 */
import type { LegalStatus } from '../../events/index.ts';
import { addYears, type DayNumber } from '../../functions/core/calendar/index.ts';
import { days, workingDays } from './cadence.ts';
import { pathwayPlans, periodInCare } from './care.ts';
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import { disabledChildsWork } from './disability.ts';
import { earlyHelpEpisode } from './early-help.ts';
import {
  assessment,
  enquiry,
  enquiryToConference,
  type Referral,
  refer,
  strategyDiscussion,
} from './front-door.ts';
import { preProceedingsDuringPlan } from './legal.ts';
import { childInNeedPlan, childProtectionPlan, privateFostering } from './plans.ts';
import type { Service } from './staff.ts';
import type { CaseStory } from './story.ts';

/** The kinds of case a council holds, by where the case is (or last was) in the service. */
export const COHORTS = [
  'early-help',
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
  'early-help': 0.07,
  'child-in-need': 0.32,
  'child-protection': 0.14,
  'child-in-care': 0.28,
  'care-leaver': 0.09,
  'referral-assessment': 0.1,
};

/** The service whose teams hold each cohort's cases at the end of their history. */
export const COHORT_SERVICE: Readonly<Record<Cohort, Service>> = {
  'early-help': 'early-help',
  'child-in-need': 'family-support',
  'child-protection': 'family-support',
  'child-in-care': 'children-in-care',
  'care-leaver': 'leaving-care',
  'referral-assessment': 'assessment',
};

const HISTORIES: Readonly<Record<Cohort, (story: CaseStory) => void>> = {
  'early-help': earlyHelp,
  'child-in-need': childInNeed,
  'child-protection': childProtection,
  'child-in-care': childInCare,
  'care-leaver': careLeaver,
  'referral-assessment': referralAndAssessment,
};

/** Writes the history of a case in `cohort`. */
export function writeHistory(story: CaseStory, cohort: Cohort): void {
  HISTORIES[cohort](story);
  disabledChildsWork(story);
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
const SHORT_BREAKS_AGES: AgeBands = [
  [5, 9, 40],
  [10, 16, 60],
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

/**
 * A referral the duty manager sends for a strategy discussion, which starts a section 47 enquiry that
 * leads to an initial conference and a child protection plan; the case moves to a family support team
 * and the assessment goes on. Returns the day of the conference.
 */
function referToEnquiry(story: CaseStory, day: DayNumber): DayNumber {
  const referral = refer(story, day, { decision: 'strategy-discussion' });
  const held = strategyDiscussion(story, true, referral.decided);
  const conference = enquiryToConference(story, held);
  story.allocate(addWorkingDays(conference, story.rng.int(0, 5)), 'family-support', 'transfer', conference);
  assessment(story, referral);
  return conference;
}

/** A family open to Early Help; some of their work has ended and the case closed. */
function earlyHelp(story: CaseStory): void {
  // At least four weeks old, so the family has been allocated a worker.
  const started = story.pastDay(28, 700, 1.6);
  story.introduceChild(started, childBornBefore(story, started, CHILD_IN_NEED_AGES));
  earlyHelpEpisode(story, started, { endChance: 0.35 });
}

/**
 * A recent referral: assessing, sometimes after an enquiry or strategy discussion; now and then no
 * further action at the front door or an assessment refused; about half closed after the assessment,
 * some stepped down to Early Help.
 */
function referralAndAssessment(story: CaseStory): void {
  const { rng } = story;
  const day = story.pastDay(0, 80);
  story.introduceChild(day, childBornBefore(story, day, ANY_AGE));
  const route = rng.next();
  if (route < 0.04) {
    const referral = refer(story, day, { decision: 'no-further-action' });
    story.close(workingDayOnOrAfter(referral.decided.day));
    return;
  }
  const strategy = route < 0.22;
  const referral = refer(story, day, {
    decision: strategy ? 'strategy-discussion' : 'child-and-family-assessment',
  });
  if (route < 0.16) {
    const held = strategyDiscussion(story, true, referral.decided);
    enquiry(story, held, rng.pick(['no-further-action', 'child-in-need'] as const));
  } else if (strategy) {
    strategyDiscussion(story, false, referral.decided);
  } else if (route < 0.25) {
    const refused = story.by(referral.decided.day, days(1, 3));
    story.add('assessment.refused', refused, {});
    story.oversee(refused, 'TM', workingDays(0, 5));
    story.close(addWorkingDays(refused, rng.int(1, 5)));
    return;
  }
  const authorised = assessment(story, referral);
  if (rng.chance(0.45)) story.close(addWorkingDays(authorised, rng.int(0, 8)), rng.chance(0.25));
}

/**
 * Referral, assessment, then a child in need plan, some plans ended and the case closed; some families
 * were with Early Help before, and a few children are privately fostered instead.
 */
function childInNeed(story: CaseStory): void {
  const { rng } = story;
  // At least 110 days old, so the assessment has finished and the plan begun by the as-of date.
  const day = story.pastDay(110, 900, 1.8);
  if (rng.chance(0.04)) {
    story.introduceChild(day, childBornBefore(story, day, CHILD_IN_NEED_AGES));
    const referral = refer(story, day, { decision: 'child-and-family-assessment' });
    privateFostering(story, day);
    const authorised = assessment(story, referral);
    story.allocate(addWorkingDays(authorised, rng.int(0, 5)), 'family-support', 'transfer', authorised);
    return;
  }
  const stepsUp = workingDayOnOrBefore(day - rng.int(60, 300));
  let referral: Referral;
  if (rng.chance(0.12) && stepsUp >= story.windowStart) {
    story.introduceChild(stepsUp, childBornBefore(story, stepsUp, CHILD_IN_NEED_AGES));
    const handedOver = addWorkingDays(day, 1);
    earlyHelpEpisode(story, stepsUp, { endsOn: handedOver, endChance: 0 });
    referral = refer(story, day, { decision: 'child-and-family-assessment', allocate: false, stepUp: true });
    story.allocate(handedOver, 'assessment', 'transfer', day);
  } else {
    story.introduceChild(day, childBornBefore(story, day, CHILD_IN_NEED_AGES));
    const enquired = rng.chance(0.1);
    referral = refer(story, day, {
      decision: enquired ? 'strategy-discussion' : 'child-and-family-assessment',
    });
    if (enquired) enquiry(story, strategyDiscussion(story, true, referral.decided), 'child-in-need');
  }
  const authorised = assessment(story, referral);
  childInNeedPlan(story, addWorkingDays(authorised, rng.int(0, 5)), {
    closeChance: 0.15,
    transferAgreed: authorised,
  });
}

/** After a child protection plan ends: a child in need plan, or the case closes. */
function afterProtection(story: CaseStory, ended: DayNumber | undefined): void {
  const { rng } = story;
  if (ended === undefined) return;
  if (rng.chance(0.6)) childInNeedPlan(story, ended, { closeChance: 0.3 });
  else story.close(addWorkingDays(ended, rng.int(0, 10)), rng.chance(0.2));
}

/** The share of child protection cases that began before the birth, with a referral during the pregnancy. */
const UNBORN_SHARE = 0.08;

/**
 * An unborn baby: a referral during the pregnancy, a pre-birth enquiry and conference, a child
 * protection plan made before the birth, and pre-proceedings started soon after by a legal planning
 * meeting; the baby is born some weeks on, or is still to be born on the as-of date.
 */
function unbornBaby(story: CaseStory): void {
  const { rare } = story;
  const day = story.pastDay(20, 400, 1.6);
  const expected = day + rare.int(60, 160);
  story.introduceUnborn(day, expected, expected + rare.int(-14, 10));
  const conference = referToEnquiry(story, day);
  const ended = childProtectionPlan(story, conference);
  preProceedingsDuringPlan(story, conference, ended ?? story.asOf + 1, true);
  afterProtection(story, ended);
}

/**
 * Referral, enquiry and a child protection plan; a review may end the plan, after which the child
 * steps down to a child in need plan or the case closes. About one child in five was on a child in
 * need plan first, and one in twelve is on a second child protection plan; some plans go to
 * pre-proceedings, and a few begin before the birth.
 */
function childProtection(story: CaseStory): void {
  const { rng, asOf } = story;
  if (story.rare.chance(UNBORN_SHARE)) {
    unbornBaby(story);
    return;
  }
  const route = rng.next();
  if (route < 0.2) {
    // Long enough ago for the assessment, months on a child in need plan, and the enquiry.
    const day = story.pastDay(200, 900, 1.3);
    story.introduceChild(day, childBornBefore(story, day, CHILD_PROTECTION_AGES));
    const referral = refer(story, day, { decision: 'child-and-family-assessment' });
    const authorised = assessment(story, referral);
    const planStart = addWorkingDays(authorised, rng.int(0, 5));
    const escalated = workingDayOnOrBefore(Math.min(planStart + rng.int(60, 240), asOf - 30));
    if (escalated > planStart + 30) {
      const conference = enquiryToConference(story, strategyDiscussion(story, true, escalated));
      childInNeedPlan(story, planStart, { closeChance: 0, transferAgreed: authorised, endsOn: conference });
      afterProtection(story, childProtectionPlan(story, conference));
      return;
    }
    childInNeedPlan(story, planStart, { closeChance: 0, transferAgreed: authorised });
    return;
  }
  if (route < 0.28) {
    // A first plan that ended at a review, months on a child in need plan, then a second plan.
    const day = story.pastDay(420, 1000);
    story.introduceChild(day, childBornBefore(story, day, CHILD_PROTECTION_AGES));
    const conference = referToEnquiry(story, day);
    const ended = childProtectionPlan(story, conference, { endAtReview: rng.int(1, 2) });
    if (ended === undefined) return;
    const escalated = workingDayOnOrBefore(ended + rng.int(60, 240));
    if (escalated > asOf - 30) {
      childInNeedPlan(story, ended, { closeChance: 0 });
      return;
    }
    const second = enquiryToConference(story, strategyDiscussion(story, true, escalated));
    childInNeedPlan(story, ended, { closeChance: 0, endsOn: second });
    afterProtection(story, childProtectionPlan(story, second));
    return;
  }
  // At least 45 days old, so the initial conference has been held by the as-of date.
  const day = story.pastDay(45, 730, 1.6);
  story.introduceChild(day, childBornBefore(story, day, CHILD_PROTECTION_AGES));
  const conference = referToEnquiry(story, day);
  const ended = childProtectionPlan(story, conference);
  preProceedingsDuringPlan(story, conference, ended ?? asOf + 1);
  afterProtection(story, ended);
}

/**
 * A child in care: about a third after a child protection plan and care proceedings (an interim care
 * order), the rest coming into care soon after referral, a few of them disabled children on short
 * breaks.
 */
function childInCare(story: CaseStory): void {
  const { rng } = story;
  const careStart = story.pastDay(10, 1100);
  const afterPlan = workingDayOnOrBefore(careStart - rng.int(100, 330));
  if (rng.chance(0.35) && afterPlan >= story.windowStart) {
    story.introduceChild(afterPlan, childBornBefore(story, afterPlan, CHILD_PROTECTION_AGES));
    const conference = referToEnquiry(story, afterPlan);
    childProtectionPlan(story, conference, { endsOn: careStart });
    story.add('cp_plan.ended', careStart, {});
    if (rng.chance(0.25)) {
      periodInCare(story, careStart, 'section-20', { endChance: 0.08 });
      return;
    }
    // Legal planning and pre-proceedings while the plan runs, proceedings issued as care begins.
    const planning = Math.max(conference + 1, workingDayOnOrBefore(careStart - rng.int(40, 90)));
    const preProceedings = Math.min(workingDayOnOrAfter(planning + rng.int(5, 20)), careStart);
    periodInCare(story, careStart, 'interim-care-order', {
      endChance: 0.08,
      court: { planning, preProceedings, issued: careStart },
    });
    return;
  }
  const referral = Math.max(workingDayOnOrBefore(careStart - rng.int(0, 20)), story.windowStart);
  const start = Math.max(careStart, referral);
  if (rng.chance(0.05)) {
    story.introduceChild(referral, childBornBefore(story, referral, SHORT_BREAKS_AGES), true);
    assessment(story, refer(story, referral, { decision: 'child-and-family-assessment' }));
    periodInCare(story, start, 'short-breaks', { endChance: 0.1 });
    return;
  }
  story.introduceChild(referral, childBornBefore(story, referral, CHILD_IN_CARE_AGES));
  assessment(story, refer(story, referral, { decision: 'child-and-family-assessment' }));
  const statuses: [LegalStatus, number][] = [
    ['section-20', 42],
    ['interim-care-order', 22],
    ['care-order', 20],
    ['police-protection', 5],
    ['emergency-protection-order', 3],
  ];
  if (story.ageOn(careStart) < 5) statuses.push(['placement-order', 8]);
  periodInCare(story, start, rng.weighted(statuses), { endChance: 0.08 });
}

const personalAdviserGap = (_: DayNumber, held: number) => (held === 0 ? days(1, 10) : days(35, 56));

/**
 * A young person aged 16 to 20 who has left care: at 18, or earlier from 16. Most came into care as
 * teenagers within the history; for the rest the history starts with the leaving care service.
 * Their personal adviser sees them within days of leaving care, then about every 8 weeks, and their
 * pathway plan is renewed at least every 6 months.
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
    assessment(story, refer(story, referral, { decision: 'child-and-family-assessment' }));
    periodInCare(story, cameIntoCare, rng.chance(0.6) ? 'section-20' : 'care-order', {
      leaves,
      endChance: 0,
    });
    story.allocate(
      addWorkingDays(leaves, rng.int(1, 3)),
      'leaving-care',
      'transfer',
      workingDayOnOrBefore(leaves - rng.int(0, 10)),
    );
    story.visits('care-leaver', leaves, asOf + 1, personalAdviserGap);
    return;
  }
  const opened = Math.min(workingDayOnOrAfter(Math.max(leaves, story.windowStart)), asOf);
  story.introduceChild(opened, born);
  story.allocate(opened, 'leaving-care', 'transfer');
  story.visits('care-leaver', opened, asOf + 1, personalAdviserGap);
  pathwayPlans(story, story.by(opened, days(10, 60)), asOf + 1);
}
