/**
 * Applying a rule's offsets ("10 working days", "91 days", "24 hours") to a moment, and saying them in words.
 */

import type { Offset } from '../../../rules/schema.ts';
import {
  addDays,
  addMonths,
  type DayNumber,
  londonDayOf,
  startOfLondonDay,
  type WorkingCalendar,
} from '../calendar/index.ts';
import type { Moment } from './moments.ts';

const HOUR_MS = 3_600_000;

/** How working days are counted: exclusive (the day after the anchor is day 1) is the usual reading. */
export interface Counting {
  calendar: WorkingCalendar;
  inclusiveWorkingDays: boolean;
  /**
   * A rule whose days, weeks and months run "beginning with" the anchor's day: that day is day 1, so
   * the period ends a day sooner than one counted after it. Working days and hours are not affected.
   */
  beginningWith?: boolean;
}

/**
 * The moment `offset` after `from` (or before it, with `direction` -1). Hours from a date with no time
 * count from the end of that day: the generous reading, so a breach is never raised that the record
 * cannot prove.
 */
export function shift(counting: Counting, from: Moment, offset: Offset, direction: 1 | -1 = 1): Moment {
  const n = offset.amount * direction;
  // The anchor's own day is day 1 of a period that begins with it: the last day is one sooner.
  const firstDay = counting.beginningWith === true && n > 0 ? -1 : 0;
  switch (offset.unit) {
    case 'hours': {
      const base = from.ms ?? startOfLondonDay(from.day + 1);
      const ms = base + n * HOUR_MS;
      return { day: londonDayOf(ms), ms };
    }
    case 'working-days':
      return {
        day: counting.calendar.addWorkingDays(from.day, n, {
          inclusive: counting.inclusiveWorkingDays && n > 0,
        }),
        ms: null,
      };
    case 'days':
      return { day: addDays(from.day, n + firstDay), ms: null };
    case 'weeks':
      return { day: addDays(from.day, 7 * n + firstDay), ms: null };
    case 'months':
      return { day: addDays(addMonths(from.day, n), firstDay), ms: null };
  }
}

/** The soonest of several timescales from the same moment ("28 days or 20 working days, whichever is sooner"). */
export function shiftSoonest(
  counting: Counting,
  from: Moment,
  offsets: readonly Offset[],
  direction: 1 | -1 = 1,
): { due: Moment; offset: Offset } {
  let best: { due: Moment; offset: Offset } | null = null;
  for (const offset of offsets) {
    const due = shift(counting, from, offset, direction);
    if (!best || due.day < best.due.day || (due.day === best.due.day && (due.ms ?? 0) < (best.due.ms ?? 0))) {
      best = { due, offset };
    }
  }
  if (!best) throw new RangeError('shiftSoonest needs at least one offset');
  return best;
}

const UNIT_WORDS: Record<Offset['unit'], [string, string]> = {
  'working-days': ['working day', 'working days'],
  days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  hours: ['hour', 'hours'],
};

/** "10 working days", "1 week", "24 hours". */
export function describeOffset(offset: Offset): string {
  const [one, many] = UNIT_WORDS[offset.unit];
  return `${offset.amount} ${offset.amount === 1 ? one : many}`;
}

/** "20 working days", or "20 working days or 28 days, whichever is sooner". */
export function describeOffsets(offsets: readonly Offset[]): string {
  const words = offsets.map(describeOffset);
  return words.length === 1 ? (words[0] ?? '') : `${words.join(' or ')}, whichever is sooner`;
}

/** A position on one time line for comparing offsets of different units: hours as instants, days at their end. */
function reach(counting: Counting, anchor: DayNumber, offset: Offset): number {
  const moment = shift(counting, { day: anchor, ms: startOfLondonDay(anchor) }, offset);
  return moment.ms !== null && offset.unit === 'hours' ? moment.ms : startOfLondonDay(moment.day + 1) - 1;
}

/**
 * Whether `candidate` ever allows more time than `limit`, checked from every anchor date in the sample
 * window (working days and month ends make a single comparison unreliable).
 */
export function isLaxer(
  counting: Counting,
  candidate: readonly Offset[],
  limit: readonly Offset[],
  window: readonly DayNumber[],
): boolean {
  const soonest = (anchor: DayNumber, offsets: readonly Offset[]) =>
    Math.min(...offsets.map((offset) => reach(counting, anchor, offset)));
  return window.some((anchor) => soonest(anchor, candidate) > soonest(anchor, limit));
}
