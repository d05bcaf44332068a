/**
 * Plans for children living at home: child protection plans (visits, core groups, review conferences
 * with their reports) and child in need plans (visits, reviews, six-monthly assessments), and private
 * fostering arrangements, each on the catalogue's timescales.
 */
import { addYears, type DayNumber } from '../../functions/core/calendar/index.ts';
import { days, nextOccurrence, repeat, workingDays } from './cadence.ts';
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore, workingDaysBefore } from './dates.ts';
import { bookedFor, reassessment } from './front-door.ts';
import type { CaseStory } from './story.ts';

/** How a child protection plan runs. */
export interface ProtectionPlanOptions {
  /** The plan ends on this day (the child coming into care) rather than at a review. */
  readonly endsOn?: DayNumber;
  /** The review (1 for the first) at which the plan ends, when that is settled in advance. */
  readonly endAtReview?: number;
}

/**
 * A Service Manager's oversight a year into a plan that started on `start`, when it is still open on
 * `end`: in the week after the anniversary (the rule allows 53 weeks), now and then later.
 */
function yearOnOversight(story: CaseStory, start: DayNumber, end: DayNumber): void {
  const { rng } = story;
  const anniversary = addYears(start, 1);
  if (anniversary >= end) return;
  const day = story.onTime()
    ? workingDayOnOrAfter(anniversary + rng.int(0, 3))
    : workingDayOnOrAfter(start + 7 * 53 + rng.int(1, 20));
  if (day < end) story.overseeOn(day, rng.chance(0.1) ? 'HOS' : 'SM');
}

/**
 * What comes before a review conference on `day`: the booking 3 to 5 weeks ahead with its set-up form
 * (7 working days ahead), the report signed off (5 working days ahead) and shared with the family
 * (7 working days ahead), and the worker's recommendation with a manager's oversight of it.
 */
function prepareReviewConference(story: CaseStory, day: DayNumber, ends: boolean): void {
  const { rng } = story;
  const booked = workingDayOnOrBefore(day - rng.int(20, 35));
  story.add('conference.scheduled', booked, { conferenceType: 'review', date: bookedFor(story, day) });
  const notBefore = (report: DayNumber) => Math.max(report, booked);
  story.report(
    story.onTime() ? addWorkingDays(booked, rng.int(0, 2)) : notBefore(workingDaysBefore(day, rng.int(2, 6))),
    'review-conference',
    'setup-form',
  );
  const signedOff = notBefore(workingDaysBefore(day, story.onTime() ? rng.int(8, 11) : rng.int(1, 4)));
  story.report(signedOff, 'review-conference', 'signed-off');
  story.report(
    notBefore(workingDaysBefore(day, story.onTime() ? rng.int(7, 8) : rng.int(1, 6))),
    'review-conference',
    'shared-with-family',
  );
  story.report(
    notBefore(workingDaysBefore(day, story.onTime() ? rng.int(5, 7) : rng.int(1, 4))),
    'review-conference',
    'invitations-sent',
  );
  if (ends) story.decide(signedOff, 'recommend-end-cp-plan', 'TM');
  else story.decide(signedOff, 'recommend-continue-cp-plan', 'ATM');
}

/**
 * A child protection plan made at the initial conference on `conference`: core groups (the first
 * within 10 working days, then every 6 weeks, each written up within 5 working days), visits every 10
 * working days, review conferences at 91 days then every 183 with their reports, and a Service
 * Manager's oversight of a repeat plan and of a plan open a year. A review may end the plan, unless
 * it is to end on `endsOn`. Returns the day a review ended it.
 */
export function childProtectionPlan(
  story: CaseStory,
  conference: DayNumber,
  options: ProtectionPlanOptions = {},
): DayNumber | undefined {
  const { rng, lateness } = story;
  const { endsOn, endAtReview } = options;
  const until = endsOn ?? story.asOf + 1;
  if (story.daysOf('cp_plan.started').length >= 2) story.oversee(conference, 'SM', workingDays(0, 5));
  let ended: DayNumber | undefined;
  const nextReview = repeat({
    rng,
    lateness,
    from: conference,
    until,
    gap: (_, held) => (held === 0 ? days(70, 91) : days(150, 183)),
    occur: (day, held) => {
      const ends =
        endsOn === undefined &&
        (endAtReview === undefined ? rng.chance(held === 0 ? 0.15 : 0.3) : held + 1 >= endAtReview);
      prepareReviewConference(story, day, ends);
      story.add(
        'conference.held',
        day,
        { conferenceType: 'review', outcome: ends ? 'end' : 'continue' },
        { recorded: story.recorded(day, undefined, { hours: 24 }) },
      );
      story.report(story.by(day, workingDays(1, 10)), 'review-conference', 'record-sent');
      if (!ends) return day;
      story.add('cp_plan.ended', day, {});
      ended = day;
      return undefined;
    },
  });
  // A review still to come is already booked, and its reports under way, as far as their days have passed.
  if (nextReview !== undefined && endsOn === undefined) prepareReviewConference(story, nextReview, false);

  const planEnd = ended ?? until;
  yearOnOversight(story, conference, planEnd);
  const coreGroup = (day: DayNumber) =>
    story.add('core_group.held', day, {}, { recorded: story.recorded(day, undefined, { workingDays: 5 }) });
  const firstCoreGroup = nextOccurrence(rng, lateness, conference, workingDays(5, 10), true);
  if (firstCoreGroup < planEnd) {
    coreGroup(firstCoreGroup);
    repeat({
      rng,
      lateness,
      from: firstCoreGroup,
      until: planEnd,
      gap: () => days(28, 42),
      occur: (day) => {
        coreGroup(day);
        return day;
      },
    });
  }
  story.visits('cp', conference, planEnd, () => workingDays(6, 10));
  return ended;
}

/** How a child in need plan runs. */
export interface NeedPlanOptions {
  /** The chance that a review some months on ends the plan, after which the case closes. */
  readonly closeChance: number;
  /** The case moves to a family support team as the plan starts, agreed on this day. */
  readonly transferAgreed?: DayNumber;
  /** The plan ends on this day, when the child's needs call for a child protection plan. */
  readonly endsOn?: DayNumber;
}

/**
 * A child in need plan from `start`: visits every 15 working days (4-weekly where a manager agreed it,
 * mostly for disabled children), reviews every 6 weeks written up within 2 weeks, a fresh assessment
 * every 6 months, and a Service Manager's oversight of a repeat plan and of a plan open a year. A
 * review may end the plan, on the worker's recommendation overseen by the Team Manager, and the case
 * closes or steps down to Early Help. Returns the day the plan ended.
 */
export function childInNeedPlan(
  story: CaseStory,
  start: DayNumber,
  options: NeedPlanOptions,
): DayNumber | undefined {
  const { rng, lateness } = story;
  const { endsOn, transferAgreed } = options;
  story.add('cin_plan.started', start, {});
  if (story.daysOf('cin_plan.started').length >= 2) story.oversee(start, 'SM', workingDays(0, 5));
  if (transferAgreed !== undefined) {
    story.allocate(addWorkingDays(start, rng.int(0, 5)), 'family-support', 'transfer', transferAgreed);
  }
  let agreedOn: DayNumber | undefined;
  if (rng.chance(story.isDisabledOn(start) ? 0.4 : 0.01)) {
    agreedOn = addWorkingDays(start, rng.int(1, 10));
    story.agreeCinVisitsEvery4Weeks(agreedOn);
  }
  const until = endsOn ?? story.asOf + 1;
  const endAfter =
    endsOn === undefined && rng.chance(options.closeChance) ? start + rng.int(100, 450) : undefined;
  let ended: DayNumber | undefined;
  let lastReview = start;
  repeat({
    rng,
    lateness,
    from: start,
    until,
    gap: () => days(28, 42),
    occur: (day) => {
      const ends = endAfter !== undefined && day >= endAfter;
      if (ends) {
        story.decide(
          Math.max(workingDaysBefore(day, rng.int(2, 8)), lastReview + 1),
          'recommend-end-cin-plan',
          'TM',
        );
      }
      story.add('cin_review.held', day, {}, { recorded: story.recorded(day, undefined, { days: 14 }) });
      lastReview = day;
      if (!ends) return day;
      story.add('cin_plan.ended', day, {});
      ended = day;
      return undefined;
    },
  });
  if (endsOn !== undefined) story.add('cin_plan.ended', endsOn, {});
  const planEnd = ended ?? until;
  repeat({
    rng,
    lateness,
    from: start,
    until: planEnd,
    gap: () => days(130, 181),
    occur: (day) => {
      reassessment(story, day);
      return day;
    },
  });
  yearOnOversight(story, start, planEnd);
  story.visits('cin', start, planEnd, (last) =>
    agreedOn !== undefined && last >= agreedOn ? days(20, 28) : workingDays(10, 15),
  );
  if (ended !== undefined) story.close(addWorkingDays(ended, rng.int(0, 5)), rng.chance(0.3));
  return ended ?? endsOn;
}

/**
 * A private fostering arrangement the council learned of on `start`: the child seen within 7 working
 * days, then at least every 6 weeks in the first year and every 12 weeks after it. About a third of
 * arrangements end some months on, and the case closes.
 */
export function privateFostering(story: CaseStory, start: DayNumber): void {
  const { rng } = story;
  story.add('private_fostering.notified', start, {});
  const ends = rng.chance(0.35) ? workingDayOnOrBefore(start + rng.int(150, 600)) : undefined;
  story.visits(
    'private-fostering',
    start,
    Math.min(ends ?? Number.POSITIVE_INFINITY, story.asOf + 1),
    (last, held) => (held === 0 ? workingDays(2, 7) : last - start >= 365 ? days(56, 84) : days(28, 42)),
  );
  if (ends === undefined) return;
  story.add('private_fostering.ended', ends, {});
  story.close(addWorkingDays(ends, rng.int(0, 5)));
}
