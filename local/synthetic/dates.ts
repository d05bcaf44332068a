/**
 * Day arithmetic for planning synthetic histories, on the same England & Wales working-day calendar the
 * deadline engine uses, so that "on time" here means on time there.
 *
 * Plans look ahead of the as-of date (the next visit, a conference being booked) and so may step past
 * the last year whose bank holidays are known. Such days are after the as-of date, so they are never
 * written out as events; beyond the known years these helpers treat every weekday as a working day
 * rather than throwing.
 */
import {
  type DayNumber,
  dayOfWeek,
  englandAndWalesCalendar,
  formatIsoDate,
  formatLondonDateTime,
  startOfLondonDay,
} from '../../functions/core/calendar/index.ts';

// Held locally: read a million times, the calendar is best not looked up through the module each time.
const calendar = englandAndWalesCalendar;
const firstKnownDay = calendar.firstDay;
const lastKnownDay = calendar.lastDay;

const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 24 * 60;

const isKnown = (day: DayNumber) => day >= firstKnownDay && day <= lastKnownDay;

/** Whether `day` is a working day (beyond the known years: whether it is a weekday). */
export function isWorkingDay(day: DayNumber): boolean {
  if (isKnown(day)) return calendar.isWorkingDay(day);
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6;
}

/** `n` (≥ 0) working days after `day`, counted the usual exclusive way: the next working day is day 1. */
export function addWorkingDays(day: DayNumber, n: number): DayNumber {
  // n working days never span more than 2n + 14 calendar days, even over Christmas and Easter.
  if (isKnown(day) && isKnown(day + 2 * n + 14)) return calendar.addWorkingDays(day, n);
  let result = day;
  for (let left = n; left > 0; ) {
    result++;
    if (isWorkingDay(result)) left--;
  }
  return result;
}

/** `n` (≥ 0) working days before `day`, counted the same exclusive way: the previous working day is day 1. */
export function workingDaysBefore(day: DayNumber, n: number): DayNumber {
  if (isKnown(day) && isKnown(day - 2 * n - 14)) return calendar.addWorkingDays(day, -n);
  let result = day;
  for (let left = n; left > 0; ) {
    result--;
    if (isWorkingDay(result)) left--;
  }
  return result;
}

/** The last working day on or before `day`. */
export function workingDayOnOrBefore(day: DayNumber): DayNumber {
  let result = day;
  while (!isWorkingDay(result)) result--;
  return result;
}

/** The first working day on or after `day`. */
export function workingDayOnOrAfter(day: DayNumber): DayNumber {
  let result = day;
  while (!isWorkingDay(result)) result++;
  return result;
}

// A council of 20,000 cases writes about a million dates over a thousand or so distinct days: each
// day's text is worked out once.
const isoDates = new Map<DayNumber, string>();
// Times too: most events are written up at a time of day, and many share one.
const londonDays = new Map<DayNumber, { date: string; offset: string; times: string[] }>();

/** `YYYY-MM-DD` of `day`. */
export function isoDate(day: DayNumber): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = formatIsoDate(day);
    isoDates.set(day, text);
  }
  return text;
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));
/** `THH:MM:00` for each minute of the day, worked out once. */
const CLOCK = Array.from(
  { length: MINUTES_PER_DAY },
  (_, minute) => `T${twoDigits(Math.floor(minute / 60))}:${twoDigits(minute % 60)}:00`,
);

/**
 * The ISO date-time, with its London offset, `minute` minutes after London midnight on `day`. The
 * offset (GMT or BST) is read once per day, at noon: synthetic times are always in the working day,
 * after any change of the clocks (which happens at 1 a.m.).
 */
export function londonDateTime(day: DayNumber, minute: number): string {
  let london = londonDays.get(day);
  if (london === undefined) {
    const noon = formatLondonDateTime(startOfLondonDay(day) + 12 * 60 * MS_PER_MINUTE);
    london = { date: noon.slice(0, 10), offset: noon.slice(19), times: new Array<string>(MINUTES_PER_DAY) };
    londonDays.set(day, london);
  }
  let text = london.times[minute];
  if (text === undefined) {
    text = london.date + (CLOCK[minute] as string) + london.offset;
    london.times[minute] = text;
  }
  return text;
}
