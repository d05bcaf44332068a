/**
 * When recurring work (visits, reviews, meetings, oversight) happens in a synthetic case: mostly on
 * time by the same counting conventions as the rule catalogue, sometimes a few days late, and now and
 * then missed altogether, so that a council evaluated on any day has some work overdue, some due soon
 * and most of it done.
 */
import type { DayNumber } from '../../functions/core/calendar/index.ts';
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import type { Random } from './random.ts';

/**
 * How long after the last occurrence the next one is held when on time: from `min` to `max` (the
 * timescale itself, so `max` is the due date), in working days (exclusive counting) or calendar days.
 */
export interface Gap {
  readonly unit: 'working-days' | 'days';
  readonly min: number;
  readonly max: number;
}

/** A gap counted in working days. */
export const workingDays = (min: number, max: number): Gap => ({ unit: 'working-days', min, max });

/** A gap counted in calendar days (weeks and "3 months read as 91 days" included). */
export const days = (min: number, max: number): Gap => ({ unit: 'days', min, max });

/** How reliably one case's work is done: the chance that an occurrence is late, or missed. */
export interface Lateness {
  readonly late: number;
  readonly missed: number;
}

/** The due date of the occurrence after one held on `last`. */
export function dueAfter(last: DayNumber, gap: Gap): DayNumber {
  return gap.unit === 'working-days' ? addWorkingDays(last, gap.max) : last + gap.max;
}

/**
 * The working day the next occurrence is held, after one on `last`. On time, it falls between the
 * gap's `min` and its due date (moved back to a working day, so it is on time however a due date on a
 * weekend is read). Late, it is a few working days past due. Missed, the occurrence never happens and
 * the next is held about one more gap (at most five weeks) past due, when somebody notices; a deadline
 * that happens once (`once`) is never missed like that, only late.
 */
export function nextOccurrence(
  rng: Random,
  lateness: Lateness,
  last: DayNumber,
  gap: Gap,
  once = false,
): DayNumber {
  const roll = rng.next();
  if (roll < lateness.missed + lateness.late) {
    const due = dueAfter(last, gap);
    if (!once && roll < lateness.missed) {
      const length = gap.unit === 'working-days' ? Math.ceil((gap.max * 7) / 5) : gap.max;
      return workingDayOnOrAfter(due + rng.int(Math.min(length, 10), Math.min(length, 35)));
    }
    return addWorkingDays(due, rng.int(1, 4));
  }
  const wait = rng.int(gap.min, gap.max);
  if (gap.unit === 'working-days') return addWorkingDays(last, wait);
  const day = workingDayOnOrBefore(last + wait);
  return day > last ? day : workingDayOnOrAfter(last + 1);
}

/** A recurring series of occurrences, for {@link repeat}. */
export interface Series {
  readonly rng: Random;
  readonly lateness: Lateness;
  /** The day the series is anchored on (a plan's start); the first occurrence falls after it. */
  readonly from: DayNumber;
  /** Occurrences stop before this day (the plan's end, or the day after the as-of date). */
  readonly until: DayNumber;
  /** The gap after the occurrence on `last`; `held` counts the occurrences so far. */
  readonly gap: (last: DayNumber, held: number) => Gap;
  /**
   * Records the occurrence planned for `day` and returns the day the clock restarts from (later than
   * `day` when the occurrence did not count and had to be repeated), or `undefined` to end the series.
   */
  readonly occur: (day: DayNumber, held: number) => DayNumber | undefined;
}

/**
 * Plays a series out. Returns the day of the first occurrence planned on or after `until`, so that
 * one still to come can be booked ahead, or `undefined` when `occur` ended the series.
 */
export function repeat(series: Series): DayNumber | undefined {
  let last = series.from;
  for (let held = 0; ; held++) {
    const day = nextOccurrence(series.rng, series.lateness, last, series.gap(last, held));
    if (day >= series.until) return day;
    const restart = series.occur(day, held);
    if (restart === undefined) return undefined;
    last = restart;
  }
}

/**
 * The day work that must be done once, within `gap` of `from`, is done: on time, from the gap's `min`
 * to its due date (the day itself when `min` is 0); late, a few working days past due. A deadline
 * counted in calendar days that ends on a weekend is met on the working day before it, or on the
 * weekend day itself when there is no working day in between (a notification on the day a child
 * comes into care on a Saturday).
 */
export function onceBy(rng: Random, onTime: boolean, from: DayNumber, gap: Gap): DayNumber {
  const due = dueAfter(from, gap);
  if (!onTime) return addWorkingDays(due, rng.int(1, 4));
  const wait = rng.int(gap.min, gap.max);
  if (gap.unit === 'working-days') return addWorkingDays(from, wait);
  const day = workingDayOnOrBefore(from + wait);
  if (day >= from) return day;
  const next = workingDayOnOrAfter(from);
  return next <= due ? next : from;
}

/** A moment to the minute: a day, and minutes after London midnight on it. */
export interface Instant {
  readonly day: DayNumber;
  readonly minute: number;
}

/** Work is done and recorded between 08:00 and 19:45 (minutes after London midnight). */
export const FIRST_MINUTE = 8 * 60;
export const LAST_MINUTE = 19 * 60 + 45;
const MINUTES_PER_DAY = 24 * 60;
/**
 * Hour-scale work that runs past midnight is done with an hour to spare, so that a change of the
 * clocks (the engine counts elapsed hours, the plan counts clock minutes) never makes it late.
 */
const SPARE_MINUTES = 60;

/** The first working minute at or after `from` (minutes after midnight `offset` days earlier) that day. */
const earliestOn = (from: number, offset: number) => Math.max(FIRST_MINUTE, from - offset * MINUTES_PER_DAY);
/** The last working minute at or before `until` (minutes after midnight `offset` days earlier) that day. */
const latestOn = (until: number, offset: number) => Math.min(LAST_MINUTE, until - offset * MINUTES_PER_DAY);

/**
 * A working-hours moment between `from` and `until`, given as minutes after midnight on `day` (either
 * may run into later days), or `undefined` when no working hours fall between them. The earliest day
 * is the likeliest: most work is done the day it falls due.
 */
function timeBetween(rng: Random, day: DayNumber, from: number, until: number): Instant | undefined {
  // The days (counted from `day`) with working hours in the window: the first, and how many more.
  let first = -1;
  let more = 0;
  for (
    let offset = Math.max(0, Math.floor(from / MINUTES_PER_DAY));
    offset * MINUTES_PER_DAY <= until;
    offset++
  ) {
    if (earliestOn(from, offset) > latestOn(until, offset)) continue;
    if (first < 0) first = offset;
    else more++;
  }
  if (first < 0) return undefined;
  let chosen = first;
  if (more > 0 && !rng.chance(0.7)) {
    // One of the later days, each as likely.
    for (let skip = rng.int(1, more); skip > 0; ) {
      chosen++;
      if (earliestOn(from, chosen) <= latestOn(until, chosen)) skip--;
    }
  }
  return { day: day + chosen, minute: rng.int(earliestOn(from, chosen), latestOn(until, chosen)) };
}

/**
 * When work due within `hours` of something that happened on `day` at `minute` (or, with no time
 * known, by the engine's generous reading, `hours` after the end of that day) is done: on time, at
 * least `after` minutes later and within the hours; late, half an hour to a few hours past them.
 * `notBefore` holds it back until something else has happened (checks come back before a decision).
 */
export function hoursAfter(
  rng: Random,
  onTime: boolean,
  day: DayNumber,
  minute: number | undefined,
  hours: number,
  after = 5,
  notBefore?: Instant,
): Instant {
  const floor = notBefore === undefined ? 0 : (notBefore.day - day) * MINUTES_PER_DAY + notBefore.minute + 5;
  const from = Math.max(floor, minute === undefined ? FIRST_MINUTE : minute + after);
  const end = (minute ?? MINUTES_PER_DAY) + hours * 60;
  const limit = end > MINUTES_PER_DAY ? end - SPARE_MINUTES : end;
  const inTime = onTime ? timeBetween(rng, day, from, limit) : undefined;
  if (inTime !== undefined) return inTime;
  const late = Math.max(from, end + SPARE_MINUTES + rng.int(30, 240));
  return timeBetween(rng, day, late, late + 3 * MINUTES_PER_DAY) as Instant;
}
