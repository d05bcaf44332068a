/**
 * The first days and weeks of a case: a contact or referral recorded and decided by the duty manager,
 * checks with partner agencies, strategy discussions and section 47 enquiries, the initial child
 * protection conference, and child and family assessments, each on the catalogue's timescales
 * (hours counted from the time of day, working days counted exclusively).
 */
import type { S47Outcome, ThresholdDecision } from '../../events/index.ts';
import type { DayNumber } from '../../functions/core/calendar/index.ts';
import { days, hoursAfter, type Instant, LAST_MINUTE, workingDays } from './cadence.ts';
import {
  addWorkingDays,
  isoDate,
  londonDateTime,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysBefore,
} from './dates.ts';
import type { CaseStory } from './story.ts';

/** A referral: when it came in, and when and how the duty manager decided on it. */
export interface Referral {
  readonly at: Instant;
  readonly decided: Instant;
  readonly decision: ThresholdDecision;
}

/** How a referral is received. */
export interface ReferralOptions {
  /** The duty manager's decision. */
  readonly decision: ThresholdDecision;
  /** Allocated to an assessment worker that day (the default); not when Early Help hands it over. */
  readonly allocate?: boolean;
  /** The family is open to Early Help: a manager oversees the step-up. */
  readonly stepUp?: boolean;
}

/** About a third of referrals go through a MASH enquiry, one in four of those graded red. */
const MASH_SHARE = 0.35;
const RED_SHARE = 0.25;
const MASH_ON_TIME = 0.93;
/** Now and then a referral concerns a council employee, which a Service Manager oversees. */
const EMPLOYEE_SHARE = 0.01;

/**
 * A contact or referral on `day`: written up within the hour, sometimes checked with partner agencies
 * through MASH (red checks back within 4 hours, amber within 24), and decided by the duty manager
 * within 24 hours, once any checks are back.
 */
export function refer(story: CaseStory, day: DayNumber, options: ReferralOptions): Referral {
  const { rng } = story;
  const minute = story.workingMinute(8, 16);
  const employee = rng.chance(EMPLOYEE_SHARE);
  story.add('referral.received', day, employee ? { relatesToEmployee: true } : {}, {
    minute,
    recorded: story.recorded(day, minute, { hours: 1 }),
  });
  if (options.allocate ?? true) story.allocate(day, 'assessment', 'new');
  if (employee) story.oversee(day, 'SM', workingDays(0, 5));
  if (options.stepUp) story.oversee(day, 'ATM', workingDays(0, 5));
  let checked: Instant | undefined;
  if (rng.chance(MASH_SHARE)) {
    const red = rng.chance(RED_SHARE);
    const started = hoursAfter(rng, true, day, minute, 1, 10);
    // The MASH team's checks run to their own, steadier rhythm than the case's, and amber checks come
    // back in time for the duty manager to decide within the referral's 24 hours.
    checked = hoursAfter(rng, rng.chance(MASH_ON_TIME), started.day, started.minute, red ? 4 : 20, 30);
    story.add(
      'mash_enquiry.started',
      started.day,
      { grading: red ? 'red' : 'amber' },
      { minute: started.minute },
    );
    story.add('mash_enquiry.completed', checked.day, {}, { minute: checked.minute });
  }
  const decided = story.within(day, minute, 24, 20, checked);
  story.add('threshold.decided', decided.day, { decision: options.decision }, { minute: decided.minute });
  return { at: { day, minute }, decided, decision: options.decision };
}

/**
 * A strategy discussion: within 24 hours of the duty manager's decision to hold one (`after`), or on
 * the day given for a child already open. Always at a time of day, and written up within 24 hours,
 * mostly. One that starts no enquiry is overseen by a manager within 5 working days.
 */
export function strategyDiscussion(
  story: CaseStory,
  s47Initiated: boolean,
  after: Instant | DayNumber,
): Instant {
  const held =
    typeof after === 'number'
      ? { day: after, minute: story.workingMinute(9, 16) }
      : story.within(after.day, after.minute, 24, 30);
  story.add(
    'strategy_discussion.held',
    held.day,
    { s47Initiated },
    { minute: held.minute, recorded: story.recorded(held.day, held.minute, { hours: 24 }) },
  );
  if (!s47Initiated) story.oversee(held.day, 'ATM', workingDays(0, 5));
  return held;
}

/** A concluded section 47 enquiry: the day, and how many working days after the strategy discussion. */
export interface Enquiry {
  readonly concluded: DayNumber;
  readonly after: number;
}

/**
 * A section 47 enquiry started at the strategy discussion `held`: the workflow started that day, the
 * child seen and a safety plan in place within 24 hours, a manager's oversight and the enquiry's
 * conclusion within 5 working days, and the Team Manager's decision whether to hold a conference.
 */
export function enquiry(story: CaseStory, held: Instant, outcome: S47Outcome): Enquiry {
  const { rng } = story;
  // Within 24 hours of a discussion at a known time: that day, or two working days on when late.
  const startedLate = !story.onTime();
  story.add('s47.started', startedLate ? addWorkingDays(held.day, 2) : held.day, {});
  const seen = story.within(held.day, held.minute, 24, 60);
  story.visit(seen.day, story.seenVisit('cp', seen.day, true), seen.minute);
  const plan = story.within(held.day, held.minute, 24, 30);
  story.add('record.updated', plan.day, { record: 'safety-plan' }, { minute: plan.minute });
  story.oversee(held.day, 'ATM', workingDays(0, 5));
  const after = story.onTime() ? rng.int(startedLate ? 3 : 2, 5) : rng.int(6, 7);
  const concluded = addWorkingDays(held.day, after);
  story.add('s47.completed', concluded, { outcome });
  story.decide(concluded, 'conference-or-not', 'TM');
  return { concluded, after };
}

/** A conference date as the booking records it: usually a day, sometimes a time too. */
export function bookedFor(story: CaseStory, day: DayNumber): string {
  return story.rng.chance(0.3) ? londonDateTime(day, story.rng.int(36, 60) * 15) : isoDate(day);
}

/**
 * An initial child protection conference after the enquiry started at `held`: within 15 working days
 * of the strategy discussion, booked when the enquiry concludes, with the set-up form sent with the
 * booking (7 working days ahead) and the report shared with the family 2 working days ahead. It makes
 * a child protection plan. Returns the day of the conference.
 */
export function initialConference(story: CaseStory, held: Instant, done: Enquiry): DayNumber {
  const { rng } = story;
  const conference = story.onTime()
    ? addWorkingDays(held.day, rng.int(Math.min(done.after + 8, 15), 15))
    : addWorkingDays(held.day, 15 + rng.int(1, 4));
  story.add('conference.scheduled', done.concluded, {
    conferenceType: 'initial',
    date: bookedFor(story, conference),
  });
  const notBefore = (day: DayNumber) => Math.max(day, done.concluded);
  const setUp = story.onTime() ? done.concluded : notBefore(workingDaysBefore(conference, rng.int(2, 6)));
  story.report(setUp, 'initial-conference', 'setup-form');
  const shared = story.onTime()
    ? workingDaysBefore(conference, rng.int(2, 4))
    : workingDaysBefore(conference, rng.int(0, 1));
  story.report(notBefore(shared), 'initial-conference', 'shared-with-family');
  const invited = workingDaysBefore(conference, story.onTime() ? rng.int(5, 7) : rng.int(1, 4));
  story.report(notBefore(invited), 'initial-conference', 'invitations-sent');
  story.add(
    'conference.held',
    conference,
    { conferenceType: 'initial', outcome: 'plan' },
    { recorded: story.recorded(conference, undefined, { hours: 24 }) },
  );
  story.report(story.by(conference, workingDays(1, 10)), 'initial-conference', 'record-sent');
  story.add('cp_plan.started', conference, {});
  return conference;
}

/** A section 47 enquiry from the strategy discussion `held` to the initial conference; returns its day. */
export function enquiryToConference(story: CaseStory, held: Instant): DayNumber {
  return initialConference(story, held, enquiry(story, held, 'conference'));
}

/**
 * The child and family assessment of a referral: started within days; when the duty manager decided
 * on an assessment, the child seen within 3 days and progress reviewed with a manager within 10;
 * completed within the 25-day target mostly, within the 45 working days limit almost always, and
 * authorised within 5 working days. Returns the day it was authorised.
 */
export function assessment(story: CaseStory, referral: Referral): DayNumber {
  const { rng } = story;
  const decided = referral.decided.day;
  const received = referral.at.day;
  const started = addWorkingDays(workingDayOnOrAfter(decided), rng.int(0, 2));
  story.add('assessment.started', started, {});
  const limit = addWorkingDays(received, 45);
  let completed: DayNumber;
  if (referral.decision === 'child-and-family-assessment') {
    const seen = story.by(decided, days(0, 3));
    // A visit the day of the decision comes after it.
    const after = Math.min(referral.decided.minute + rng.int(30, 120), LAST_MINUTE);
    story.visit(seen, story.seenVisit('cin', seen, rng.chance(0.5)), seen === decided ? after : undefined);
    story.oversee(decided, 'ATM', days(2, 10));
    const target = decided + 25;
    if (story.onTime()) completed = workingDayOnOrBefore(decided + rng.int(12, 25));
    else if (rng.chance(0.8)) completed = Math.min(workingDayOnOrAfter(target + rng.int(1, 20)), limit);
    else completed = addWorkingDays(limit, rng.int(1, 5));
  } else {
    completed = story.onTime()
      ? addWorkingDays(received, rng.int(15, 40))
      : addWorkingDays(limit, rng.int(1, 5));
  }
  completed = Math.max(completed, addWorkingDays(started, 1));
  story.add('assessment.completed', completed, {});
  const authorised = story.by(completed, workingDays(0, 5));
  story.add('assessment.authorised', authorised, {});
  return authorised;
}

/**
 * A further child and family assessment of a child already open (a plan's six-monthly review of
 * need, a disabled child's yearly assessment, a transition assessment), started `took` working days
 * before it is completed on `completed`, and authorised within 5 working days.
 */
export function reassessment(story: CaseStory, completed: DayNumber, took = story.rng.int(5, 20)): void {
  story.add('assessment.started', workingDaysBefore(completed, took), {});
  story.add('assessment.completed', completed, {});
  story.add('assessment.authorised', story.by(completed, workingDays(0, 5)), {});
}
