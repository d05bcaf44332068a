/**
 * The trackers' windows (a council profile's `trackers` settings) laid on the calendar: "due within 4
 * weeks" reaches from a day to the day 4 weeks on, "ending within 4 weeks" back from the end.
 */
import type { TrackerWindow } from '../../../rules/schema.ts';
import { addDays, addMonths, type DayNumber } from '../calendar/index.ts';

const DAYS_IN = { days: 1, weeks: 7 } as const;

/** The day `window` after `day` (before it when `direction` is -1). */
export function shiftByWindow(day: DayNumber, window: TrackerWindow, direction: 1 | -1 = 1): DayNumber {
  const n = window.amount * direction;
  return window.unit === 'months' ? addMonths(day, n) : addDays(day, n * DAYS_IN[window.unit]);
}

/** "4 weeks", "1 month": a window as a person would say it. */
export function windowText({ amount, unit }: TrackerWindow): string {
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}
