/**
 * When something happened or falls due: a Europe/London date, and the instant too when a time is known.
 * Day-scale rules compare dates; hour-scale rules compare instants.
 */
import { type DayNumber, type EpochMs, londonDayOf, parseInstant, readIsoDate } from '../calendar/index.ts';

export interface Moment {
  day: DayNumber;
  /** The instant, when the source gave a time. */
  ms: EpochMs | null;
}

/** Reads an event timestamp: a `YYYY-MM-DD` date, or an ISO datetime with offset. */
export function momentOf(text: string): Moment {
  const day = readIsoDate(text);
  if (day !== undefined) return { day, ms: null };
  const ms = parseInstant(text);
  return { day: londonDayOf(ms), ms };
}

/** Whether `a` is at or after `b`: by instant when both have one, else by date. */
export function isAtOrAfter(a: Moment, b: Moment): boolean {
  return a.ms !== null && b.ms !== null ? a.ms >= b.ms : a.day >= b.day;
}

/** Orders moments: by date, then by instant where both have one. */
export function compareMoments(a: Moment, b: Moment): number {
  if (a.day !== b.day) return a.day - b.day;
  return a.ms !== null && b.ms !== null ? a.ms - b.ms : 0;
}
