/**
 * The history of one synthetic case as it is written: who the child is, who holds the case, and the
 * routine work every open case carries (visits, management oversight, supervision). The cohort
 * histories in `cohorts.ts` say what happens to the case; this says how each happening is recorded.
 */
import type {
  AllocationReason,
  CaseEvent,
  EventType,
  OversightLevel,
  VisitType,
} from '../../events/index.ts';
import { addYears, type DayNumber } from '../../functions/core/calendar/index.ts';
import { days, type Gap, type Lateness, repeat } from './cadence.ts';
import { addWorkingDays, isoDate, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import type { Random } from './random.ts';
import type { Service, StaffDirectory } from './staff.ts';
import { CaseTimeline, type DataOf, type Deferred, type Draft, type Timing } from './timeline.ts';

/** What a case's history is written from. */
export interface CaseSetting {
  readonly caseId: string;
  /** The case's own random stream. */
  readonly rng: Random;
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

// Most cases are kept up to date; a minority (a worker off sick, a team short-staffed) slip more
// often. Together about 88% of recurring work is on time, 9% a few days late and 3% missed.
const STEADY: Lateness = { late: 0.06, missed: 0.015 };
const STRUGGLING: Lateness = { late: 0.2, missed: 0.07 };
const STRUGGLING_SHARE = 0.2;

const OVERSIGHT_LEVELS: readonly (readonly [OversightLevel, number])[] = [
  ['ATM', 55],
  ['TM', 35],
  ['SM', 10],
];

const DISABLED_SHARE = 0.08;
/** Children young enough that "seen alone" does not apply. */
const SEEN_ALONE_FROM_AGE = 4;
const MINUTES_PER_HOUR = 60;
const DAYS_PER_YEAR = 365.25;

interface Allocation {
  readonly day: DayNumber;
  readonly service: Service;
  readonly reason: AllocationReason;
  workerId: string;
}

/** One case's history in the writing. */
export class CaseStory {
  readonly rng: Random;
  readonly asOf: DayNumber;
  readonly windowStart: DayNumber;
  readonly lateness: Lateness;
  private readonly setting: CaseSetting;
  private readonly timeline: CaseTimeline;
  private readonly allocations: Allocation[] = [];
  private dateOfBirth: DayNumber = 0;
  private disabledFrom: DayNumber | undefined;
  private closedOn: DayNumber | undefined;
  private latestVisitType: VisitType | undefined;

  constructor(setting: CaseSetting) {
    this.setting = setting;
    this.rng = setting.rng;
    this.asOf = setting.asOf;
    this.windowStart = setting.windowStart;
    this.lateness = setting.rng.chance(STRUGGLING_SHARE) ? STRUGGLING : STEADY;
    this.timeline = new CaseTimeline(setting.caseId, setting.asOf);
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

  /** Whether the child was recorded as disabled by `day`. */
  isDisabledOn(day: DayNumber): boolean {
    return this.disabledFrom !== undefined && day >= this.disabledFrom;
  }

  /**
   * Records the child's date of birth on `day`, the first the case system knows of them. About one
   * child in twelve is disabled: usually known then, sometimes recorded months later.
   */
  introduceChild(day: DayNumber, dateOfBirth: DayNumber): void {
    this.dateOfBirth = dateOfBirth;
    const birth = { dateOfBirth: isoDate(dateOfBirth) };
    if (!this.rng.chance(DISABLED_SHARE)) {
      this.add('child.updated', day, birth);
    } else if (this.rng.chance(0.75)) {
      this.disabledFrom = day;
      this.add('child.updated', day, { ...birth, disabled: true });
    } else {
      this.add('child.updated', day, birth);
      const later = workingDayOnOrAfter(day + this.rng.int(30, 400));
      if (this.add('child.updated', later, { disabled: true })) this.disabledFrom = later;
    }
  }

  /** A date of birth that makes the child `years` old on `day`. */
  bornYearsBefore(day: DayNumber, years: number): DayNumber {
    return addYears(day, -years) - this.rng.int(0, 364);
  }

  /** Records a referral on `day` and its allocation to an assessment worker. */
  refer(day: DayNumber): void {
    this.add(
      'referral.received',
      day,
      {},
      this.rng.chance(0.5) ? { minute: this.workingMinute(8, 17) } : undefined,
    );
    this.allocate(Math.min(addWorkingDays(day, this.rng.int(0, 1)), this.asOf), 'assessment', 'new');
  }

  /**
   * Allocates the case to a worker in `service` on `day`. Who that is is settled in {@link finish},
   * once the whole history is known, so that the last allocation lands on the council's chosen worker.
   */
  allocate(day: DayNumber, service: Service, reason: AllocationReason): void {
    if (day > this.asOf) return;
    const allocation: Allocation = { day, service, reason, workerId: '' };
    this.allocations.push(allocation);
    this.add('case.allocated', day, () => ({
      workerId: allocation.workerId,
      teamId: this.setting.directory.teamOf(allocation.workerId),
      reason: allocation.reason,
    }));
  }

  /** A manager agrees a 4-weekly visiting frequency for the child in need plan (their id is settled later). */
  agreeCinVisitsEvery4Weeks(day: DayNumber): void {
    this.add('visit_frequency.agreed', day, () => ({
      rule: 'cin.visit',
      every: { amount: 4, unit: 'weeks' },
      agreedBy: this.setting.directory.teamManagerOf(this.setting.directory.teamOf(this.workerOn(day))),
    }));
  }

  /** Records a strategy discussion: always at a time of day, and often written up the next working day. */
  strategyDiscussion(day: DayNumber, s47Initiated: boolean): void {
    const minute = this.workingMinute(9, 16);
    const recorded = this.rng.chance(0.4)
      ? { day: addWorkingDays(day, 1), minute: this.workingMinute(9, 17) }
      : undefined;
    this.add('strategy_discussion.held', day, { s47Initiated }, { minute, recorded });
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
    let toBedroom = this.rng.int(1, 3);
    repeat({
      rng: this.rng,
      lateness: this.lateness,
      from,
      until,
      gap,
      occur: (day) => {
        let seenOn = day;
        if (this.rng.chance(0.04)) {
          this.visit(day, { visitType, childSeen: false });
          seenOn = addWorkingDays(day, this.rng.int(1, 3));
          if (seenOn >= until) return undefined;
        }
        this.visit(seenOn, this.seenVisit(visitType, seenOn, --toBedroom === 0));
        if (toBedroom === 0) toBedroom = this.rng.int(2, 4);
        return seenOn;
      },
    });
  }

  /** Closes the case on `day`, with the manager's oversight of the closure. */
  close(day: DayNumber): void {
    if (day > this.asOf) return;
    this.add('oversight.recorded', day, { level: 'TM' });
    this.add('case.closed', day, {});
    this.closedOn = day;
  }

  /**
   * Adds what runs for as long as the case is open (oversight, supervision, the odd change of worker
   * and correction), settles who held the case, and returns the events in order.
   */
  finish(): CaseEvent[] {
    const end = this.closedOn ?? this.asOf + 1;
    const first = this.allocations[0];
    if (first !== undefined) {
      this.reallocateNowAndThen(end);
      this.settleWorkers();
      this.routine(first.day, end);
      this.correctAMistakeNowAndThen(first.day, end);
    }
    return this.timeline.toEvents();
  }

  private seenVisit(visitType: VisitType, day: DayNumber, bedroom: boolean): DataOf<'visit.completed'> {
    if (visitType === 'care-leaver') return { visitType, childSeen: true, seenAlone: this.rng.chance(0.9) };
    const seenAlone = this.ageOn(day) >= SEEN_ALONE_FROM_AGE && this.rng.chance(0.8);
    // Child in need recording often leaves the bedroom question blank unless the bedroom was seen.
    if (visitType === 'cin' && !bedroom) return { visitType, childSeen: true, seenAlone };
    return { visitType, childSeen: true, seenAlone, bedroomSeen: bedroom };
  }

  private visit(day: DayNumber, data: DataOf<'visit.completed'>): void {
    const minute = this.rng.chance(0.4) ? this.workingMinute(9, 18) : undefined;
    const recorded = this.rng.chance(0.3)
      ? {
          day: addWorkingDays(day, this.rng.int(1, 2)),
          minute: minute === undefined ? undefined : this.workingMinute(9, 18),
        }
      : undefined;
    this.add('visit.completed', day, data, { minute, recorded });
    this.latestVisitType = data.visitType;
  }

  /** A minute of the day between `fromHour` and `toHour` o'clock, on the quarter hour. */
  private workingMinute(fromHour: number, toHour: number): number {
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
      if (this.rng.chance(0.06)) {
        this.allocate(
          workingDayOnOrBefore(Math.min(from + this.rng.int(0, 181), last)),
          finalService,
          'reallocation',
        );
      }
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

  /** Management oversight about every 4 weeks and supervision every 4 to 8, from allocation to `end`. */
  private routine(from: DayNumber, end: DayNumber): void {
    const { rng, lateness } = this;
    repeat({
      rng,
      lateness,
      from,
      until: end,
      gap: () => days(18, 28),
      occur: (day) => {
        this.add('oversight.recorded', day, { level: rng.weighted(OVERSIGHT_LEVELS) });
        return day;
      },
    });
    repeat({
      rng,
      lateness,
      from,
      until: end,
      gap: () => days(28, 56),
      occur: (day) => {
        this.add('supervision.held', day, {});
        return day;
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
