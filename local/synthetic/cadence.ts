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
