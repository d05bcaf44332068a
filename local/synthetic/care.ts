/**
 * A period in care, from the day a child becomes looked after to the day they leave: the paperwork of
 * the first days, placements and their plans, looked-after reviews and what prepares them, visits,
 * health and education, permanence planning, care proceedings (extended now and then), deprivation of
 * liberty orders, and the preparation of older children for leaving care, each on the catalogue's
 * timescales.
 */
import type { CareEndReason, LegalStatus, PlacementType } from '../../events/index.ts';
import {
  addMonths,
  type DayNumber,
  formatIsoDate,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';
import { days, type Gap, hoursAfter, nextOccurrence, repeat, workingDays } from './cadence.ts';
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore, workingDaysBefore } from './dates.ts';
import { bookedFor } from './front-door.ts';
import { deprivationOfLiberty, preProceedings, proceedingsExtensions } from './legal.ts';
import type { Random } from './random.ts';
import type { CaseStory } from './story.ts';
import {
  type PlannedPlacement,
  UNREGISTERED_TYPES,
  weeklyReviews,
  withUnregisteredPlacement,
} from './unregistered.ts';

function placementType(rng: Random, legalStatus: LegalStatus, age: number, first: boolean): PlacementType {
  if (legalStatus === 'short-breaks') return 'short-break';
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
 * after about three months, and children move now and then (about one move every two years), a few
 * older ones to an unregistered or unregulated placement for some weeks. A child on short breaks
 * keeps the one arrangement.
 */
function planPlacements(
  story: CaseStory,
  start: DayNumber,
  legalStatus: LegalStatus,
  until: DayNumber,
): readonly PlannedPlacement[] {
  const { rng } = story;
  const first = placementType(rng, legalStatus, story.ageOn(start), true);
  const placements = [placement(rng, start, first, legalStatus)];
  if (legalStatus === 'short-breaks') return placements;
  let latest = start;
  if (first === 'temporary-connected-carer') {
    // Most carers are approved within the 16 weeks of the temporary approval (Regulation 24); the
    // rest later (an extension, or a breach).
    const approvedIn = story.rare.chance(0.8) ? rng.int(70, 110) : rng.int(113, 160);
    latest = workingDayOnOrBefore(start + approvedIn);
    if (latest < until) placements.push(placement(rng, latest, 'connected-carer', legalStatus));
  }
  for (;;) {
    latest = workingDayOnOrBefore(latest + rng.int(200, 1500));
    if (latest >= until) return withUnregisteredPlacement(story, placements, start, until);
    placements.push(
      placement(rng, latest, placementType(rng, legalStatus, story.ageOn(latest), false), legalStatus),
    );
  }
}

/** Care proceedings, as far as the history knows them. */
export interface Court {
  /** The Service Manager's decision to convene legal planning. */
  readonly planning: DayNumber;
  /** The decision to start pre-proceedings, when there was time for them. */
  readonly preProceedings?: DayNumber;
  /** The day proceedings were issued. */
  readonly issued: DayNumber;
}

/** How a period in care runs. */
export interface CareOptions {
  /** The young person leaves care on this day and stays open to the leaving care service. */
  readonly leaves?: DayNumber;
  /** Otherwise, the chance that care ends some months on, after which the case closes. */
  readonly endChance: number;
  /** The care proceedings behind an interim care order, when known before care began. */
  readonly court?: Court;
}

/**
 * Care proceedings: the decisions that led to them, each overseen by a Service Manager, the care plan
 * for court signed off as they are issued and again before the final hearing, and their conclusion
 * within 26 weeks, mostly, with a care order. Proceedings still open when care ends conclude then.
 */
function proceedings(story: CaseStory, court: Court, until: DayNumber): void {
  const { rng } = story;
  story.decide(court.planning, 'legal-planning', 'SM');
  if (court.preProceedings !== undefined) {
    story.decide(court.preProceedings, 'initiate-pre-proceedings', 'SM');
    preProceedings(story, court.preProceedings, { day: court.issued, outcome: 'issue-proceedings' });
  }
  story.add('proceedings.issued', court.issued, {});
  story.decide(court.issued, 'court-care-plan-sign-off', 'SM');
  const concluded = workingDayOnOrBefore(
    court.issued + (story.onTime() ? rng.int(120, 182) : rng.int(183, 240)),
  );
  proceedingsExtensions(story, court.issued, until <= story.asOf ? Math.min(concluded, until) : concluded);
  if (concluded >= until) {
    // Care ended first: the proceedings end with it.
    if (until <= story.asOf) story.add('proceedings.concluded', until, {});
    return;
  }
  story.decide(workingDaysBefore(concluded, rng.int(10, 25)), 'court-care-plan-sign-off', 'SM');
  story.add('proceedings.concluded', concluded, {});
  story.add('care_period.started', concluded, { legalStatus: 'care-order' });
}

/**
 * Looked-after reviews from `start` until `until`: within 20 working days, then within 91 days, then
 * every 183 (for short breaks, 3 months then every 6), and for a child placed for adoption within 4
 * weeks of the placement, then 3 months, then every 6. Returns the days held and the next one planned.
 */
function reviewDays(
  story: CaseStory,
  start: DayNumber,
  until: DayNumber,
  placements: readonly PlannedPlacement[],
  shortBreaks: boolean,
): { held: DayNumber[]; next: DayNumber } {
  const { rng, lateness } = story;
  const held: DayNumber[] = [];
  const placementOn = (day: DayNumber) => placements.findLast((planned) => planned.start <= day);
  let last = start;
  for (let count = 0; ; count++) {
    let gap: Gap;
    if (shortBreaks) gap = count === 0 ? days(60, 89) : days(150, 181);
    else gap = count === 0 ? workingDays(14, 20) : count === 1 ? days(70, 91) : days(150, 183);
    const current = placementOn(last);
    if (current?.data.placementType === 'placed-for-adoption') {
      const sincePlaced = held.filter((day) => day >= current.start).length;
      if (sincePlaced === 1) gap = days(60, 88);
      else if (sincePlaced >= 2) gap = days(150, 181);
    }
    let day = nextOccurrence(rng, lateness, last, gap);
    // A placement for adoption starting before then is reviewed within 4 weeks of it.
    const adoption = placements.find(
      (planned) =>
        planned.data.placementType === 'placed-for-adoption' && planned.start >= last && planned.start < day,
    );
    if (adoption !== undefined) {
      day = Math.min(day, nextOccurrence(rng, lateness, Math.max(adoption.start, last), days(14, 28)));
    }
    if (day >= until) return { held, next: day };
    held.push(day);
    last = day;
  }
}

/**
 * What comes before a looked-after review on `day`: the booking 3 to 5 weeks ahead (never before care
 * began), the set-up form 15 days ahead, the report signed off and sent to the IRO 5 working days
 * ahead, and shared with the family at least a day before.
 */
function prepareReview(story: CaseStory, day: DayNumber, careStart: DayNumber): void {
  const { rng } = story;
  const booked = Math.max(careStart, workingDayOnOrBefore(day - rng.int(20, 35)));
  story.add('cic_review.scheduled', booked, { date: bookedFor(story, day) });
  const notBefore = (report: DayNumber) => Math.max(report, booked);
  const setUpBy = workingDayOnOrBefore(day - 15);
  const setUp = story.onTime()
    ? Math.min(addWorkingDays(booked, rng.int(0, 2)), setUpBy)
    : workingDayOnOrBefore(day - rng.int(5, 14));
  story.report(notBefore(setUp), 'cic-review', 'setup-form');
  const ahead = story.onTime() ? rng.int(6, 10) : rng.int(1, 4);
  story.report(notBefore(workingDaysBefore(day, ahead)), 'cic-review', 'signed-off');
  const toIro = story.onTime() ? rng.int(5, Math.max(5, ahead)) : rng.int(1, 4);
  story.report(notBefore(workingDaysBefore(day, toIro)), 'cic-review', 'sent-to-iro');
  const shared = story.onTime() ? workingDayOnOrBefore(day - rng.int(1, 7)) : day;
  story.report(notBefore(shared), 'cic-review', 'shared-with-family');
  const invited = workingDaysBefore(day, story.onTime() ? rng.int(10, 12) : rng.int(3, 9));
  story.report(notBefore(invited), 'cic-review', 'invitations-sent');
}

/** The first days of the school terms (autumn, spring, summer), as the catalogue counts them. */
const TERM_STARTS = ['01-01', '04-01', '09-01'] as const;

/** The terms starting after the one `day` falls in and before `until`, each as [first day, last day]. */
function termsAfter(day: DayNumber, until: DayNumber): [DayNumber, DayNumber][] {
  const year = Number(formatIsoDate(day).slice(0, 4));
  const starts: DayNumber[] = [];
  for (let y = year; ; y++) {
    for (const from of TERM_STARTS) starts.push(parseIsoDate(`${y}-${from}`));
    if ((starts[starts.length - 1] as DayNumber) >= until) break;
  }
  const terms: [DayNumber, DayNumber][] = [];
  for (let index = 0; index < starts.length - 1; index++) {
    const first = starts[index] as DayNumber;
    if (first > day && first < until) terms.push([first, (starts[index + 1] as DayNumber) - 1]);
  }
  return terms;
}

/**
 * Education: the first Personal Education Plan meeting within 20 days of coming into care, then one
 * every school term; now and then a term goes by without one.
 */
function personalEducationPlans(story: CaseStory, start: DayNumber, until: DayNumber): void {
  const { rng, lateness } = story;
  const first = story.by(start, days(5, 20));
  if (first < until) story.meeting(first, 'pep');
  for (const [termStart, termEnd] of termsAfter(start, until)) {
    if (rng.chance((lateness.late + lateness.missed) / 2)) continue;
    const day = Math.min(workingDayOnOrAfter(termStart + rng.int(7, 75)), termEnd);
    if (day < until) story.meeting(day, 'pep');
  }
}

/**
 * Health: the initial assessment within 20 working days (and 28 days), reviews every 6 months under 5
 * and yearly from 5, and for a child in care a year or more and aged 4 to 16, a Strengths and
 * Difficulties Questionnaire within a year of each review.
 */
function health(story: CaseStory, start: DayNumber, until: DayNumber): void {
  const { rng, lateness } = story;
  const initial = nextOccurrence(rng, lateness, start, days(14, 28), true);
  if (initial >= until) return;
  story.add('health_assessment.completed', initial, { kind: 'initial' });
  let questionnaire = start;
  repeat({
    rng,
    lateness,
    from: initial,
    until,
    gap: (last) => (story.ageOn(last) < 5 ? days(150, 181) : days(330, 365)),
    occur: (day) => {
      story.add('health_assessment.completed', day, { kind: 'review' });
      const age = story.ageOn(day);
      if (day - start >= 365 && age >= 4 && age <= 16 && questionnaire < day) {
        questionnaire = story.by(day, days(20, 365));
        if (questionnaire < until) {
          story.add('health_assessment.completed', questionnaire, { kind: 'strengths-and-difficulties' });
        }
      }
      return day;
    },
  });
}

/**
 * The share of children accommodated under section 20 whose first permanence planning meeting is not
 * held until after their second review (4 to 10 months in), the drift the Line of Sight meeting's
 * permanency tracker is there to catch.
 */
const SECTION_20_DRIFT_SHARE = 0.25;

/**
 * Permanence planning meetings: within 2 weeks of an emergency start, otherwise within about a month
 * (for some children accommodated under section 20, months later), then every 3 months until the
 * child is matched long-term or leaves care.
 */
function permanencePlanning(
  story: CaseStory,
  start: DayNumber,
  until: DayNumber,
  emergency: boolean,
  section20: boolean,
): void {
  const { rng, lateness, rare } = story;
  const drifts = section20 && rare.chance(SECTION_20_DRIFT_SHARE);
  const first = drifts
    ? workingDayOnOrAfter(start + rare.int(130, 300))
    : story.by(start, emergency ? days(3, 14) : days(10, 40));
  if (first >= until) return;
  story.meeting(first, 'permanency-planning');
  repeat({
    rng,
    lateness,
    from: first,
    until,
    gap: () => days(60, 89),
    occur: (day) => {
      story.meeting(day, 'permanency-planning');
      return day;
    },
  });
}

/**
 * The care plan within 10 working days of coming into care and then at least every 6 months (not for
 * short breaks), each signed off by a Team Manager.
 */
function carePlans(story: CaseStory, start: DayNumber, until: DayNumber, shortBreaks: boolean): void {
  const { rng, lateness } = story;
  const carePlan = (day: DayNumber) => {
    story.record(day, 'care-plan');
    story.decide(day, 'care-plan-sign-off', 'TM');
  };
  const first = story.by(start, workingDays(3, 10));
  if (first >= until) return;
  carePlan(first);
  if (shortBreaks) return;
  repeat({
    rng,
    lateness,
    from: first,
    until,
    gap: () => days(120, 181),
    occur: (day) => {
      carePlan(day);
      return day;
    },
  });
}

/**
 * What happens now and then to a child in care: older children go missing (overseen by a manager
 * within 5 working days, with a return interview within 24 hours of coming back), and rarely an
 * allegation goes to the LADO or a serious incident to a Service Manager.
 */
function incidents(story: CaseStory, start: DayNumber, until: DayNumber): void {
  const { rng } = story;
  for (let from = start; from < until; from += 120) {
    if (story.ageOn(from) < 11 || !rng.chance(0.1)) continue;
    const day = workingDayOnOrAfter(from + rng.int(0, 119));
    if (day >= until) break;
    const minute = story.workingMinute(14, 19);
    story.add('missing_episode.started', day, {}, { minute });
    story.oversee(day, 'ATM', workingDays(0, 5));
    const back = hoursAfter(rng, true, day, minute, rng.int(3, 40), 60);
    if (back.day >= until) break;
    story.add('missing_episode.ended', back.day, {}, { minute: back.minute });
    const interview = story.within(back.day, back.minute, 24, 60);
    if (interview.day < until)
      story.add('return_interview.held', interview.day, {}, { minute: interview.minute });
  }
  for (let from = start; from < until; from += 365) {
    if (rng.chance(0.02)) {
      const day = workingDayOnOrAfter(from + rng.int(0, 364));
      if (day >= until) break;
      story.add('lado.referred', day, {});
      story.oversee(day, 'ATM', workingDays(0, 5));
    }
    if (rng.chance(0.005)) {
      const day = workingDayOnOrAfter(from + rng.int(0, 364));
      if (day >= until) break;
      story.add('serious_incident.recorded', day, { kind: 'significant-injury' });
      story.oversee(day, 'SM', workingDays(0, 1));
    }
  }
}

/**
 * Getting ready to leave care, for a child in care (not on short breaks) from `start` to `until`: a
 * personal adviser by the day before the 17th birthday, pathway plans from 16 renewed at least every
 * 6 months (until `pathwayUntil`), and help to apply for benefits a month before the 18th birthday.
 */
function preparationForAdulthood(
  story: CaseStory,
  start: DayNumber,
  until: DayNumber,
  pathwayUntil: DayNumber,
): void {
  const { rng } = story;
  const sixteenth = story.birthday(16);
  const seventeenth = story.birthday(17);
  if (start < seventeenth - 1 && until > sixteenth - 60) {
    const due = seventeenth - 2;
    const from = Math.max(start, sixteenth - 60);
    const day = story.onTime()
      ? Math.max(start, workingDayOnOrBefore(Math.min(due, from + rng.int(10, 150))))
      : seventeenth + rng.int(0, 20);
    if (day < until) story.add('personal_adviser.allocated', day, { staffId: story.personalAdviser() });
  }
  circumstancesOnBirthdays(story, start, pathwayUntil);
  const firstPathway = workingDayOnOrAfter(Math.max(start + rng.int(10, 40), sixteenth + rng.int(0, 90)));
  if (firstPathway < until) pathwayPlans(story, firstPathway, pathwayUntil);
  const benefitsBy = addMonths(story.birthday(18), -1);
  if (until > benefitsBy - 90) {
    const day = story.onTime()
      ? workingDayOnOrBefore(benefitsBy - rng.int(3, 60))
      : workingDayOnOrAfter(benefitsBy + rng.int(1, 20));
    const helped = Math.max(day, workingDayOnOrAfter(start + rng.int(1, 10)));
    if (helped < until) story.add('benefits_application.supported', helped, {});
  }
}

/**
 * The 'Update care leaver's circumstances' step on each of the 17th to 21st birthdays from `from` to
 * `until`: mostly on the birthday, sometimes some days after it.
 */
function circumstancesOnBirthdays(story: CaseStory, from: DayNumber, until: DayNumber): void {
  for (let years = 17; years <= 21; years++) {
    const birthday = story.birthday(years);
    if (birthday < from || birthday >= until) continue;
    story.record(story.onTime() ? birthday : birthday + story.rng.int(1, 10), 'care-leaver-circumstances');
  }
}

/** A pathway plan on `first`, then renewed at least every 6 months until `until`. */
export function pathwayPlans(story: CaseStory, first: DayNumber, until: DayNumber): void {
  if (first >= until) return;
  story.record(first, 'pathway-plan');
  repeat({
    rng: story.rng,
    lateness: story.lateness,
    from: first,
    until,
    gap: () => days(120, 181),
    occur: (day) => {
      story.record(day, 'pathway-plan');
      return day;
    },
  });
}

/**
 * A young person who left care on `leaves` before turning 18: the leaving care service confirms their
 * personal adviser (by the day before the 17th birthday) and helps them apply for benefits a month
 * before the 18th, as the catalogue asks of every care leaver.
 */
function earlyLeaver(story: CaseStory, leaves: DayNumber): void {
  const { rng } = story;
  const seventeenth = story.birthday(17);
  if (leaves < seventeenth - 1) {
    const day = story.onTime()
      ? Math.min(workingDayOnOrAfter(leaves + rng.int(1, 15)), Math.max(leaves, seventeenth - 2))
      : seventeenth + rng.int(0, 20);
    story.add('personal_adviser.allocated', day, { staffId: story.personalAdviser() });
  }
  const benefitsBy = addMonths(story.birthday(18), -1);
  const day = story.onTime()
    ? Math.max(
        workingDayOnOrBefore(benefitsBy - rng.int(3, 60)),
        workingDayOnOrAfter(leaves + rng.int(1, 15)),
      )
    : workingDayOnOrAfter(benefitsBy + rng.int(1, 20));
  story.add('benefits_application.supported', day, {});
}

/** Why care ended, for a child who was not a care leaver. */
function reasonForReturn(rng: Random, legalStatus: LegalStatus): CareEndReason {
  if (legalStatus === 'placement-order') return 'adopted';
  if (legalStatus === 'short-breaks') return 'other';
  return rng.weighted([
    ['returned-home', 75],
    ['special-guardianship', 20],
    ['other', 5],
  ] as const);
}

/**
 * A period in care from `start`: the notification that day, an IRO within a working day, the care
 * plan, placements with their planning meetings and plans, reviews and what prepares them, visits at
 * the frequency each placement needs, health, education and permanence planning, care proceedings
 * behind an interim or emergency order, and for older children the preparation for leaving care. Care
 * ends on `leaves` when given (a young person leaving care), otherwise with probability `endChance`
 * some months on, when the case closes.
 */
export function periodInCare(
  story: CaseStory,
  start: DayNumber,
  legalStatus: LegalStatus,
  options: CareOptions,
): void {
  const { rng } = story;
  const { leaves } = options;
  const ends =
    leaves ?? (rng.chance(options.endChance) ? workingDayOnOrBefore(start + rng.int(150, 700)) : undefined);
  const until = Math.min(ends ?? Number.POSITIVE_INFINITY, story.asOf + 1);
  const shortBreaks = legalStatus === 'short-breaks';
  const emergency = legalStatus === 'police-protection' || legalStatus === 'emergency-protection-order';

  if (legalStatus === 'section-20') story.decide(start, 'accommodate', 'SM');
  story.add('care_period.started', start, { legalStatus });
  story.add('cic_notification.sent', story.by(start, days(0, 0)), {});
  story.add('iro.appointed', story.by(start, workingDays(0, 1)), {});
  // Police protection or an emergency order lasts days: an interim care order follows, in proceedings.
  let placedUnder = legalStatus;
  if (emergency) {
    placedUnder = 'interim-care-order';
    const order = workingDayOnOrAfter(start + rng.int(1, 7));
    if (order < until) {
      story.add('care_period.started', order, { legalStatus: placedUnder });
      proceedings(story, { planning: start, issued: order }, until);
    }
  } else if (legalStatus === 'interim-care-order') {
    proceedings(story, options.court ?? { planning: start, issued: start }, until);
  }

  const placements = planPlacements(story, start, placedUnder, until);
  placements.forEach((planned, index) => {
    // The old placement ends the day before the new one starts: the engine applies same-day events
    // in a fixed order, in which an end on the day of a start would end the new placement.
    if (index > 0) story.add('placement.ended', planned.start - 1, {});
    story.add('placement.started', planned.start, planned.data);
    const type = planned.data.placementType;
    if (type === 'temporary-connected-carer') story.oversee(planned.start, 'AD', workingDays(0, 1));
    if (type === 'placed-with-parents-before-assessment') {
      story.decide(planned.start, 'emergency-placement-with-parents', 'TM', workingDays(0, 1));
    }
    if (shortBreaks) return;
    const next = Math.min(placements[index + 1]?.start ?? until, until);
    const meeting = story.by(planned.start, days(0, 5));
    if (meeting < next) story.meeting(meeting, 'placement-planning');
    const plan = Math.max(meeting, story.by(planned.start, workingDays(1, 5)));
    if (plan < next) story.record(plan, 'placement-plan');
    if (UNREGISTERED_TYPES.includes(type)) weeklyReviews(story, planned.start, next);
  });
  story.allocate(
    addWorkingDays(start, story.onTime() ? rng.int(2, 10) : rng.int(11, 18)),
    'children-in-care',
    'transfer',
    start,
  );
  carePlans(story, start, until, shortBreaks);

  const reviews = reviewDays(story, start, until, placements, shortBreaks);
  for (const day of reviews.held) {
    prepareReview(story, day, start);
    story.add('cic_review.held', day, {}, { recorded: story.recorded(day, undefined, { workingDays: 5 }) });
    story.report(story.by(day, workingDays(1, 15)), 'cic-review', 'record-sent');
  }
  if (ends === undefined || ends > story.asOf) prepareReview(story, reviews.next, start);

  placements.forEach((planned, index) => {
    const type = planned.data.placementType;
    const interimAtHome = placedUnder === 'interim-care-order' && type === 'placed-with-parents';
    const temporary =
      type === 'temporary-connected-carer' || type === 'placed-with-parents-before-assessment';
    // The regime in force at the end of the last visit's day sets the next, as the engine reads the
    // cic.visit rule: a review that day already counts.
    story.visits('cic', planned.start, placements[index + 1]?.start ?? until, (last) => {
      if (last - planned.start < 28) return days(4, 7);
      if ((temporary || interimAtHome) && !reviews.held.some((review) => review <= last)) return days(4, 7);
      if (type === 'temporary-connected-carer' || interimAtHome || story.isDisabledOn(last))
        return days(20, 28);
      return days(28, 42);
    });
  });

  if (!shortBreaks) {
    health(story, start, until);
    personalEducationPlans(story, start, until);
    const matched = placements.find((planned) => planned.data.longTermMatched)?.start;
    permanencePlanning(
      story,
      start,
      Math.min(until, matched ?? until),
      emergency,
      legalStatus === 'section-20',
    );
    incidents(story, start, until);
    deprivationOfLiberty(story, start, until);
    preparationForAdulthood(story, start, until, leaves === undefined ? until : story.asOf + 1);
  }

  if (ends === undefined || ends > story.asOf) return;
  story.add('placement.ended', ends, {});
  if (leaves === undefined) {
    story.add('care_period.ended', ends, { reason: reasonForReturn(rng, legalStatus) });
    story.close(addWorkingDays(ends, rng.int(0, 10)));
    return;
  }
  if (leaves >= story.birthday(18)) {
    story.add('care_period.ended', leaves, { reason: 'turned-18' });
    return;
  }
  const signedOut = rng.chance(0.15);
  story.add('care_period.ended', leaves, { reason: signedOut ? 'signed-themselves-out' : 'other' });
  if (signedOut) story.oversee(leaves, 'DIRECTOR', workingDays(0, 1));
  earlyLeaver(story, leaves);
}
