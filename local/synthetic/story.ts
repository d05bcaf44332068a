/**
 * The history of one synthetic case as it is written: who the child is, who holds the case, and how
 * each piece of work is done and recorded (on time or not, by whom, and when it reached the case
 * system), with the routine every open case carries (oversight, supervision, chronology, case summary,
 * audits). The cohort histories in `cohorts.ts` say what happens to the case; this says how each
 * happening is recorded.
 */
import {
  type AllocationReason,
  type CaseEvent,
  type Decision,
  type EventType,
  type MeetingType,
  type NotSeenReason,
  OVERSIGHT_LEVELS,
  type OversightLevel,
  type RecordType,
  type ReportOccasion,
  type ReportStage,
  type VisitType,
} from '../../events/index.ts';
import { addYears, type DayNumber, englandAndWalesCalendar } from '../../functions/core/calendar/index.ts';
import { evaluateCase, type Profile } from '../../functions/core/engine/index.ts';
import {
  days,
  FIRST_MINUTE,
  type Gap,
  hoursAfter,
  type Instant,
  LAST_MINUTE,
  type Lateness,
  onceBy,
  repeat,
  workingDays,
} from './cadence.ts';
import { addWorkingDays, isoDate, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import type { Random } from './random.ts';
import type { Service, StaffDirectory } from './staff.ts';
import {
  CaseTimeline,
  type DataOf,
  type Deferred,
  type Draft,
  type Moment,
  type Timing,
} from './timeline.ts';

/** What a case's history is written from. */
export interface CaseSetting {
  readonly caseId: string;
  /** The case's own random stream. */
  readonly rng: Random;
  /**
   * A second stream of the case's own, deciding what only a few cases have (the legal orders and
   * placements the Line of Sight trackers follow): a case without them draws nothing more from `rng`,
   * so its history stays as it was.
   */
  readonly rare: Random;
  /** The last day of the history. */
  readonly asOf: DayNumber;
  /** The first day the history may start. */
  readonly windowStart: DayNumber;
  readonly directory: StaffDirectory;
  /** The service holding the case at the end of its history. */
  readonly finalService: Service;
  /** The worker holding it then, chosen by the council to spread caseloads evenly. */
  readonly finalWorker: string;
}

/** How soon something must reach the case system after it happened. */
export type Limit = { readonly hours: number } | { readonly workingDays: number } | { readonly days: number };

// Most cases are kept up to date; a minority (a worker off sick, a team short-staffed) slip more
// often. Together about 88% of work is on time, 9% a few days late and 3% missed.
const STEADY: Lateness = { late: 0.06, missed: 0.015 };
const STRUGGLING: Lateness = { late: 0.2, missed: 0.07 };
const STRUGGLING_SHARE = 0.2;

/** Who records the routine monthly oversight. */
const ROUTINE_OVERSIGHT: readonly (readonly [OversightLevel, number])[] = [
  ['ATM', 55],
  ['TM', 35],
  ['SM', 10],
];

/** How soon each kind of visit is written up (the recording standards, or two working days). */
const VISIT_RECORDING: Readonly<Record<VisitType, Limit>> = {
  cp: { hours: 24 },
  cin: { hours: 48 },
  cic: { days: 2 },
  'care-leaver': { days: 2 },
  'early-help': { workingDays: 2 },
  'private-fostering': { workingDays: 2 },
};

const NOT_SEEN: readonly (readonly [NotSeenReason, number])[] = [
  ['not-at-home', 50],
  ['child-declined', 25],
  ['parents-refused', 20],
  ['other', 5],
];

const DISABLED_SHARE = 0.08;
/** Children young enough that "seen alone" does not apply. */
const SEEN_ALONE_FROM_AGE = 4;
const MINUTES_PER_HOUR = 60;
const DAYS_PER_YEAR = 365.25;
/** About one open case in twenty is picked for a case file audit each half year. */
const AUDIT_CHANCE = 0.05;

interface Allocation {
  readonly day: DayNumber;
  readonly service: Service;
  readonly reason: AllocationReason;
  workerId: string;
}

/** A stretch of the history: from its first day up to (not including) `end`. */
export interface Span {
  readonly start: DayNumber;
  readonly end: DayNumber;
}

/** One case's history in the writing. */
export class CaseStory {
  readonly rng: Random;
  /** See {@link CaseSetting.rare}. */
  readonly rare: Random;
  readonly asOf: DayNumber;
  readonly windowStart: DayNumber;
  readonly lateness: Lateness;
  private readonly setting: CaseSetting;
  private readonly timeline: CaseTimeline;
  private readonly allocations: Allocation[] = [];
  private dateOfBirth: DayNumber = 0;
  private firstDay: DayNumber | undefined;
  private disabledFrom: DayNumber | undefined;
  private closedOn: DayNumber | undefined;
  private latestVisitType: VisitType | undefined;

  constructor(setting: CaseSetting) {
    this.setting = setting;
    this.rng = setting.rng;
    this.rare = setting.rare;
    this.asOf = setting.asOf;
    this.windowStart = setting.windowStart;
    this.lateness = setting.rng.chance(STRUGGLING_SHARE) ? STRUGGLING : STEADY;
    this.timeline = new CaseTimeline(setting.caseId, setting.asOf);
  }

  /** The child's date of birth. */
  get born(): DayNumber {
    return this.dateOfBirth;
  }

  /** The day the child was recorded as disabled, if they were. */
  get disabledSince(): DayNumber | undefined {
    return this.disabledFrom;
  }

  /** The day after the last on which the case is open: the day it closed, or the day after the as-of date. */
  get end(): DayNumber {
    return this.closedOn ?? this.asOf + 1;
  }

  /** Records an event (left out when after the as-of date); see {@link CaseTimeline.add}. */
  add<T extends EventType>(
    type: T,
    day: DayNumber,
    data: Deferred<DataOf<T>>,
    timing?: Timing,
  ): Draft | undefined {
    return this.timeline.add(type, day, data, timing);
  }

  /** The days of the events of `type` so far whose data passes `test`, in date order. */
  daysOf<T extends EventType>(type: T, test?: (data: DataOf<T>) => boolean): DayNumber[] {
    return this.timeline.daysOf(type, test);
  }

  /**
   * The stretches between events of type `from` and `to` (plans, periods in care), the last one open
   * until the end of the case when nothing ended it. A second `from` inside a stretch (a change of
   * legal status) does not start another.
   */
  spans(from: EventType, to: EventType): Span[] {
    const starts = this.daysOf(from);
    const ends = this.daysOf(to);
    const spans: Span[] = [];
    let endIndex = 0;
    for (const start of starts) {
      if (spans.length > 0 && start < (spans[spans.length - 1] as Span).end) continue;
      while (endIndex < ends.length && (ends[endIndex] as number) < start) endIndex++;
      const end = ends[endIndex] ?? this.end;
      spans.push({ start, end });
    }
    return spans;
  }

  /** Whether this piece of work is done in time: most is, and more so on a steady case. */
  onTime(): boolean {
    return !this.rng.chance(this.lateness.late + this.lateness.missed);
  }

  /** The day work due once, within `gap` of `from`, is done; see {@link onceBy}. */
  by(from: DayNumber, gap: Gap): DayNumber {
    return onceBy(this.rng, this.onTime(), from, gap);
  }

  /** When work due within `hours` of `minute` on `day` is done; see {@link hoursAfter}. */
  within(day: DayNumber, minute: number | undefined, hours: number, after = 5, notBefore?: Instant): Instant {
    return hoursAfter(this.rng, this.onTime(), day, minute, hours, after, notBefore);
  }

  /**
   * When something that happened on `day` (at `minute`, when known) reached the case system: mostly
   * within `limit` (usually the same day), sometimes a few days after it.
   */
  recorded(day: DayNumber, minute: number | undefined, limit: Limit): Moment {
    const { rng } = this;
    const onTime = this.onTime();
    if ('hours' in limit) return hoursAfter(rng, onTime, day, minute, limit.hours, 10);
    const inWorkingDays = 'workingDays' in limit;
    const allowed = inWorkingDays ? limit.workingDays : limit.days;
    let lag = 0;
    if (!onTime) lag = allowed + rng.int(1, 3);
    else if (allowed > 0 && rng.chance(0.4)) lag = rng.int(1, allowed);
    const target = inWorkingDays ? addWorkingDays(day, lag) : day + lag;
    const low = target === day && minute !== undefined ? minute + 10 : FIRST_MINUTE;
    return { day: target, minute: rng.int(low, Math.max(low, LAST_MINUTE)) };
  }

  /**
   * A working day between `minAgo` and `maxAgo` days before the as-of date, never before the history
   * window. `skew` above 1 favours recent days: most open cases are young, few are old.
   */
  pastDay(minAgo: number, maxAgo: number, skew = 1): DayNumber {
    const high = Math.min(maxAgo, this.asOf - this.windowStart);
    const low = Math.min(minAgo, high);
    const day = workingDayOnOrBefore(this.asOf - low - Math.floor((high - low) * this.rng.next() ** skew));
    return day >= this.windowStart ? day : Math.min(workingDayOnOrAfter(this.windowStart), this.asOf);
  }

  /** The child's age in whole years on `day` (near enough for choosing what a visit looks like). */
  ageOn(day: DayNumber): number {
    return Math.floor((day - this.dateOfBirth) / DAYS_PER_YEAR);
  }

  /** The day of the child's `years`th birthday. */
  birthday(years: number): DayNumber {
    return addYears(this.dateOfBirth, years);
  }

  /** Whether the child was recorded as disabled by `day`. */
  isDisabledOn(day: DayNumber): boolean {
    return this.disabledFrom !== undefined && day >= this.disabledFrom;
  }

  /**
   * Records the child's date of birth on `day`, the first the case system knows of them. About one
   * child in twelve is disabled (`disabled` says so for certain): usually known then, sometimes
   * recorded months later.
   */
  introduceChild(day: DayNumber, dateOfBirth: DayNumber, disabled = false): void {
    this.dateOfBirth = dateOfBirth;
    this.firstDay = day;
    const birth = { dateOfBirth: isoDate(dateOfBirth) };
    if (!disabled && !this.rng.chance(DISABLED_SHARE)) {
      this.add('child.updated', day, birth);
    } else if (disabled || this.rng.chance(0.75)) {
      this.disabledFrom = day;
      this.add('child.updated', day, { ...birth, disabled: true });
    } else {
      this.add('child.updated', day, birth);
      const later = workingDayOnOrAfter(day + this.rng.int(30, 400));
      if (this.add('child.updated', later, { disabled: true })) this.disabledFrom = later;
    }
  }

  /**
   * Records an unborn baby's expected date of birth on `day`, the first the case system knows of them
   * (a referral during the pregnancy), and the birth on `born`, when that is by the as-of date. Ages
   * count from `born`.
   */
  introduceUnborn(day: DayNumber, expected: DayNumber, born: DayNumber): void {
    this.dateOfBirth = born;
    this.firstDay = day;
    this.add('child.updated', day, { expectedDateOfBirth: isoDate(expected) });
    this.add('child.updated', born, { dateOfBirth: isoDate(born) });
  }

  /** A date of birth that makes the child `years` old on `day`. */
  bornYearsBefore(day: DayNumber, years: number): DayNumber {
    return addYears(day, -years) - this.rng.int(0, 364);
  }

  /**
   * Allocates the case to a worker in `service` on `day`. Who that is is settled in {@link finish},
   * once the whole history is known, so that the last allocation lands on the council's chosen worker.
   * A transfer between teams is agreed first (`requestedOn`, with a manager's oversight of it), and a
   * manager of the team receiving it sets out what is to be done within two days; a reallocation
   * within the team gets that oversight the same day.
   */
  allocate(at: DayNumber, service: Service, reason: AllocationReason, requestedOn?: DayNumber): void {
    let day = at;
    if (requestedOn !== undefined) {
      this.add('case.transfer_requested', requestedOn, {});
      this.oversee(requestedOn, 'ATM', workingDays(0, 5));
      // The engine takes a day's allocations before its transfer requests: the team receiving the
      // case allocates it from the next working day.
      if (day <= requestedOn) day = addWorkingDays(requestedOn, 1);
    }
    if (day > this.asOf) return;
    const allocation: Allocation = { day, service, reason, workerId: '' };
    this.allocations.push(allocation);
    this.add('case.allocated', day, () => ({
      workerId: allocation.workerId,
      teamId: this.setting.directory.teamOf(allocation.workerId),
      reason: allocation.reason,
    }));
    if (reason === 'transfer') this.oversee(day, 'ATM', days(0, 2));
    if (reason === 'reallocation') this.oversee(day, 'ATM', days(0, 0));
  }

  /**
   * A manager of at least `level` records oversight of something that happened on `from`, within
   * `gap` of it when on time. Returns the day.
   */
  oversee(from: DayNumber, level: OversightLevel, gap: Gap): DayNumber {
    const day = this.by(from, gap);
    // Now and then a more senior manager than needed picks it up.
    const rank = OVERSIGHT_LEVELS.indexOf(level);
    const senior = rank < OVERSIGHT_LEVELS.length - 1 && this.rng.chance(0.1);
    this.overseeOn(day, (senior ? OVERSIGHT_LEVELS[rank + 1] : level) as OversightLevel);
    return day;
  }

  /** Records a manager's oversight at `level` on `day`, written up within the day. */
  overseeOn(day: DayNumber, level: OversightLevel): void {
    this.add(
      'oversight.recorded',
      day,
      { level },
      { recorded: this.recorded(day, undefined, { hours: 24 }) },
    );
  }

  /** Records a decision the oversight list names, and its oversight by a manager of at least `level`. */
  decide(day: DayNumber, decision: Decision, level: OversightLevel, gap = workingDays(0, 5)): void {
    this.add(
      'decision.recorded',
      day,
      { decision },
      { recorded: this.recorded(day, undefined, { workingDays: 2 }) },
    );
    this.oversee(day, level, gap);
  }

  /** Records that `record` was written or brought up to date on `day`. */
  record(day: DayNumber, record: RecordType): void {
    this.add('record.updated', day, { record });
  }

  /** Records a step in preparing for a conference or review. */
  report(day: DayNumber, occasion: ReportOccasion, stage: ReportStage): void {
    this.add('report.submitted', day, { for: occasion, stage });
  }

  /** Records a meeting of `meetingType` on `day`. */
  meeting(day: DayNumber, meetingType: MeetingType): void {
    this.add('meeting.held', day, { meetingType });
  }

  /** A manager agrees a 4-weekly visiting frequency for the child in need plan (their id is settled later). */
  agreeCinVisitsEvery4Weeks(day: DayNumber): void {
    this.add('visit_frequency.agreed', day, () => ({
      rule: 'cin.visit',
      every: { amount: 4, unit: 'weeks' },
      agreedBy: this.setting.directory.teamManagerOf(this.setting.directory.teamOf(this.workerOn(day))),
    }));
  }

  /** A leaving care worker to be a young person's personal adviser. */
  personalAdviser(): string {
    return this.rng.pick(this.setting.directory.workers['leaving-care']);
  }

  /**
   * Visits of `visitType` after `from` and before `until`, spaced by `gap` from the last visit at which
   * the child was seen. Now and then the child is not seen (out, or refused) and the worker goes back a
   * few days later; bedrooms are seen every few visits.
   */
  visits(
    visitType: VisitType,
    from: DayNumber,
    until: DayNumber,
    gap: (last: DayNumber, held: number) => Gap,
  ): void {
    const nextBedroom = () => (this.onTime() ? this.rng.int(1, 3) : 4);
    let toBedroom = nextBedroom();
    repeat({
      rng: this.rng,
      lateness: this.lateness,
      from,
      until,
      gap,
      occur: (day) => {
        let seenOn = day;
        if (this.rng.chance(0.04)) {
          this.notSeen(day, visitType);
          seenOn = addWorkingDays(day, this.rng.int(1, 3));
          if (seenOn >= until) return undefined;
        }
        this.visit(seenOn, this.seenVisit(visitType, seenOn, --toBedroom === 0));
        if (toBedroom === 0) toBedroom = nextBedroom();
        return seenOn;
      },
    });
  }

  /** A visit at which the child was seen (alone when old enough, mostly), and the bedroom too if asked. */
  seenVisit(visitType: VisitType, day: DayNumber, bedroom: boolean): DataOf<'visit.completed'> {
    if (visitType === 'care-leaver') return { visitType, childSeen: true, seenAlone: this.rng.chance(0.9) };
    const seenAlone = this.ageOn(day) >= SEEN_ALONE_FROM_AGE && this.rng.chance(0.8);
    // Child in need recording often leaves the bedroom question blank unless the bedroom was seen.
    if (visitType !== 'cp' && visitType !== 'cic' && !bedroom) {
      return { visitType, childSeen: true, seenAlone };
    }
    return { visitType, childSeen: true, seenAlone, bedroomSeen: bedroom };
  }

  /**
   * Records a visit on `day` (at `minute`, or at a time recorded now and then), written up within the
   * time its kind of visit allows, mostly. A visit the parents refused goes to the Team Manager.
   */
  visit(day: DayNumber, data: DataOf<'visit.completed'>, minute?: number): void {
    const at = minute ?? (this.rng.chance(0.4) ? this.workingMinute(9, 18) : undefined);
    this.add('visit.completed', day, data, {
      minute: at,
      recorded: this.recorded(day, at, VISIT_RECORDING[data.visitType]),
    });
    this.latestVisitType = data.visitType;
    if (data.notSeenReason === 'parents-refused') this.oversee(day, 'TM', workingDays(0, 1));
  }

  /**
   * Closes the case: the decision (to close, or to step down to Early Help, with the meeting and
   * joint visit that hand the family over), the manager's oversight of it and the closure record, then
   * the closure itself. Returns the day the case closed, which may be after the as-of date.
   */
  close(decided: DayNumber, stepDown = false): DayNumber {
    const { rng } = this;
    this.add(
      'decision.recorded',
      decided,
      { decision: stepDown ? 'step-down-to-early-help' : 'close-case' },
      { recorded: this.recorded(decided, undefined, { workingDays: 2 }) },
    );
    const overseen = this.oversee(decided, 'TM', workingDays(0, 5));
    const written = this.by(decided, workingDays(0, 5));
    this.record(written, 'case-closure');
    let ready = Math.max(overseen, written);
    if (stepDown) {
      const meeting = this.by(decided, workingDays(1, 5));
      this.meeting(meeting, 'case-transfer');
      const joint = this.by(meeting, workingDays(1, 5));
      if (rng.chance(0.5)) this.meeting(joint, 'team-around-the-family');
      else this.visit(joint, { visitType: 'early-help', childSeen: true });
      ready = Math.max(ready, joint);
    }
    const closed = addWorkingDays(ready, rng.int(0, 2));
    if (closed > this.asOf) return closed;
    this.add('case.closed', closed, {}, { recorded: this.recorded(closed, undefined, { workingDays: 1 }) });
    this.closedOn = closed;
    return closed;
  }

  /**
   * Adds what runs for as long as the case is open (oversight, supervision, records, audits, the odd
   * change of worker and correction), settles who held the case, and returns the events in order.
   */
  finish(): CaseEvent[] {
    const end = this.end;
    const first = this.allocations[0];
    if (first !== undefined) {
      this.reallocateNowAndThen(end);
      this.settleWorkers();
      this.routine(first.day, end);
      this.correctAMistakeNowAndThen(first.day, end);
    }
    return this.timeline.toEvents();
  }

  /**
   * Managers answer the lapses the oversight list names (a visit out of timescale, a late report): for
   * each deadline of a rule started by another rule's breach in the finished history `events`, a
   * manager of the level the rule names records oversight, mostly within its timescale. Returns the
   * events again, with that oversight.
   */
  answerLapses(events: readonly CaseEvent[], profile: Profile): CaseEvent[] {
    const { caseId, asOf } = this.setting;
    const lapses = evaluateCase(caseId, events, profile, { day: asOf, ms: null }).deadlines.filter(
      (deadline) => deadline.rule.breachOf.length > 0 && deadline.rule.owner !== 'worker',
    );
    for (const { anchor, due, rule } of lapses) {
      const within = englandAndWalesCalendar.workingDaysBetween(anchor.at.day, due.day);
      this.oversee(anchor.at.day, rule.owner as OversightLevel, workingDays(1, Math.max(1, within)));
    }
    return lapses.length === 0 ? [...events] : this.timeline.toEvents();
  }

  private notSeen(day: DayNumber, visitType: VisitType): void {
    const reason =
      visitType === 'care-leaver'
        ? this.rng.pick(['not-at-home', 'other'] as const)
        : this.rng.weighted(NOT_SEEN);
    this.visit(day, { visitType, childSeen: false, notSeenReason: reason });
  }

  /** A minute of the day between `fromHour` and `toHour` o'clock, on the quarter hour. */
  workingMinute(fromHour: number, toHour: number): number {
    return this.rng.int(fromHour * 4, toHour * 4) * (MINUTES_PER_HOUR / 4);
  }

  private workerOn(day: DayNumber): string {
    let worker = '';
    for (const allocation of this.allocations) if (allocation.day <= day) worker = allocation.workerId;
    return worker;
  }

  /** Workers leave or caseloads are rebalanced: about one case in eight changes worker each year. */
  private reallocateNowAndThen(end: DayNumber): void {
    const { finalService } = this.setting;
    const entered = this.allocations.findLast(
      (allocation) => allocation.service === finalService && allocation.reason !== 'reallocation',
    );
    if (entered === undefined) return;
    const last = Math.min(end - 1, this.asOf);
    for (let from = entered.day + 30; from < last; from += 182) {
      if (!this.rng.chance(0.06)) continue;
      const day = workingDayOnOrBefore(from + this.rng.int(0, 181));
      if (day > last) break;
      this.allocate(day, finalService, 'reallocation');
    }
    this.allocations.sort((a, b) => a.day - b.day);
  }

  private settleWorkers(): void {
    const { directory, finalService, finalWorker } = this.setting;
    let previous = '';
    this.allocations.forEach((allocation, index) => {
      const isLast = index === this.allocations.length - 1;
      allocation.workerId =
        isLast && allocation.service === finalService
          ? finalWorker
          : this.pickWorker(directory.workers[allocation.service], previous, finalWorker);
      previous = allocation.workerId;
    });
  }

  /** A worker from `pool`, avoiding the ones named when the pool allows. */
  private pickWorker(pool: readonly string[], ...avoid: string[]): string {
    const start = this.rng.int(0, pool.length - 1);
    for (let step = 0; step < pool.length; step++) {
      const worker = pool[(start + step) % pool.length] as string;
      if (!avoid.includes(worker)) return worker;
    }
    return pool[start] as string;
  }

  /**
   * From allocation to `end`: management oversight about every 4 weeks (counted from the last, whatever
   * it was for); supervision every 4 to 8 weeks (monthly in Early Help), written up within 48 hours for
   * a child in care and 5 working days otherwise; the chronology within every 12 weeks and the case
   * summary every 3 months; and now and then a case file audit, whose actions a manager takes up within
   * 5 working days.
   */
  private routine(from: DayNumber, end: DayNumber): void {
    const { rng, lateness } = this;
    const inCare = this.spans('care_period.started', 'care_period.ended');
    const inEarlyHelp = this.spans('early_help.started', 'early_help.ended');
    const during = (spans: readonly Span[], day: DayNumber) =>
      spans.some((span) => span.start <= day && day < span.end);
    const every = (start: DayNumber, gap: (last: DayNumber) => Gap, occur: (day: DayNumber) => void) =>
      repeat({
        rng,
        lateness,
        from: start,
        until: end,
        gap,
        occur: (day) => {
          occur(day);
          return day;
        },
      });
    this.routineOversight(from, end);
    every(
      from,
      (last) => (during(inEarlyHelp, last) ? days(20, 28) : days(28, 56)),
      (day) =>
        this.add(
          'supervision.held',
          day,
          {},
          {
            recorded: this.recorded(day, undefined, during(inCare, day) ? { hours: 48 } : { workingDays: 5 }),
          },
        ),
    );
    every(
      Math.min(this.firstDay ?? from, from),
      () => days(55, 84),
      (day) => this.record(day, 'chronology'),
    );
    every(
      from,
      () => days(55, 89),
      (day) => this.record(day, 'case-summary'),
    );
    for (let start = from + 60; start < end - 1; start += 182) {
      if (!rng.chance(AUDIT_CHANCE)) continue;
      const audited = workingDayOnOrBefore(start + rng.int(0, 181));
      if (audited >= end) break;
      this.add('case_audit.completed', audited, {});
      this.oversee(audited, 'ATM', workingDays(0, 5));
    }
  }

  /**
   * A manager's oversight within every 4 weeks: oversight recorded for something else (a transfer, a
   * decision) restarts the clock, and only where none was recorded in time is routine oversight added.
   */
  private routineOversight(from: DayNumber, end: DayNumber): void {
    const { rng } = this;
    const overseen = this.daysOf('oversight.recorded');
    let next = 0;
    let last = from;
    repeat({
      rng,
      lateness: this.lateness,
      from,
      until: end,
      gap: () => days(18, 28),
      occur: (day) => {
        while (next < overseen.length && (overseen[next] as DayNumber) <= last) next++;
        let latest: DayNumber | undefined;
        while (next < overseen.length && (overseen[next] as DayNumber) <= day) latest = overseen[next++];
        if (latest === undefined) this.overseeOn(day, rng.weighted(ROUTINE_OVERSIGHT));
        last = latest ?? day;
        return last;
      },
    });
  }

  /**
   * Now and then something is recorded on the wrong case (a visit, or oversight) and retracted a few
   * days later, so consumers meet `event.retracted` with the event it withdraws.
   */
  private correctAMistakeNowAndThen(from: DayNumber, end: DayNumber): void {
    if (!this.rng.chance(0.015)) return;
    // Leaves room for the retraction before the case closes or the history ends.
    const latest = Math.min(end - 1, this.asOf) - 16;
    if (latest <= from) return;
    const day = workingDayOnOrAfter(this.rng.int(from + 1, latest));
    const visitType = this.latestVisitType;
    const mistake =
      visitType === undefined
        ? this.add('oversight.recorded', day, { level: 'ATM' })
        : this.add('visit.completed', day, { visitType, childSeen: true });
    if (mistake === undefined) return;
    this.add('event.retracted', addWorkingDays(day, this.rng.int(1, 5)), () => ({
      eventId: mistake.id as string,
    }));
  }
}
