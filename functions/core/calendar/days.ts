import { InvalidDateError } from './errors.ts';

/** Days since 1970-01-01 (a civil date, no time zone). */
export type DayNumber = number;

/** A civil date written `YYYY-MM-DD`. */
export type IsoDate = string;

/** A date split into its calendar fields; `month` is 1–12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// Dates are only ever written with four-digit years, so day numbers outside these years are refused
// rather than formatted into text that would not parse back.
const FIRST_WRITABLE_DAY: DayNumber = -719_528; // 0000-01-01
const LAST_WRITABLE_DAY: DayNumber = 2_932_896; // 9999-12-31

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

const CHAR_ZERO = 48;
const CHAR_DASH = 45;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The day number of a civil date, by Howard Hinnant's days-from-civil algorithm. The fields are
 * trusted: callers validate them first.
 */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  // Counting years from 1 March puts the leap day last, so month lengths follow a fixed pattern.
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The civil date of a day number: the inverse of {@link dayFromCivil}. */
export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Whether `day` is a whole day number whose year can be written with four digits. */
export function isWritableDay(day: DayNumber): boolean {
  return Number.isInteger(day) && day >= FIRST_WRITABLE_DAY && day <= LAST_WRITABLE_DAY;
}

/**
 * Throws {@link InvalidDateError} unless `day` is a whole day number in the years 0000–9999, so a
 * NaN or fractional day cannot flow on into wrong dates.
 */
export function assertDayNumber(day: DayNumber): void {
  if (!isWritableDay(day)) {
    throw new InvalidDateError(`${day} is not a day number for a date in the years 0000–9999`);
  }
}

/** The day number of a civil date, or `undefined` when the fields do not make a real date. */
export function dayFromCivilIfReal(year: number, month: number, day: number): DayNumber | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayFromCivil(year, month, day);
}

/**
 * The day number of a `YYYY-MM-DD` date, or `undefined` when `text` is not one: for callers that
 * try a date before another form. Reads without a regular expression or Date because ingest and the
 * engine read every date of every event.
 */
export function readIsoDate(text: string): DayNumber | undefined {
  if (typeof text !== 'string' || text.length !== 10) return undefined;
  return readDateAt(text, 0);
}

/** The day number of the `YYYY-MM-DD` at `start` in `text`, or `undefined` when there is none. */
export function readDateAt(text: string, start: number): DayNumber | undefined {
  if (text.charCodeAt(start + 4) !== CHAR_DASH || text.charCodeAt(start + 7) !== CHAR_DASH) return undefined;
  const year = readDigits(text, start, 4);
  const month = readDigits(text, start + 5, 2);
  const day = readDigits(text, start + 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return dayFromCivilIfReal(year, month, day);
}

/** The number `count` decimal digits at `start` spell, or -1 when any is not a digit (or missing). */
export function readDigits(text: string, start: number, count: number): number {
  let value = 0;
  for (let position = start; position < start + count; position++) {
    const digit = text.charCodeAt(position) - CHAR_ZERO;
    // A position past the end reads as NaN, which must fail too.
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The day number of a `YYYY-MM-DD` date.
 *
 * @throws {@link InvalidDateError} naming the text when it is not in that form or is not a real date
 * (such as `2026-02-30`).
 */
export function parseIsoDate(text: string): DayNumber {
  const day = readIsoDate(text);
  if (day === undefined) {
    throw new InvalidDateError(`${JSON.stringify(text)} is not a real calendar date in YYYY-MM-DD form`);
  }
  return day;
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return readIsoDate(text) !== undefined;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The `YYYY-MM-DD` form of a day number. */
export function formatIsoDate(day: DayNumber): IsoDate {
  assertDayNumber(day);
  const date = civilFromDay(day);
  return `${String(date.year).padStart(4, '0')}-${twoDigits(date.month)}-${twoDigits(date.day)}`;
}

/** The day of the week: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: DayNumber): number {
  assertDayNumber(day);
  // 1970-01-01 was a Thursday; adding 7 before the second remainder keeps earlier days (and -0) out.
  return (((day + 4) % 7) + 7) % 7;
}

/** A date for people to read, with its weekday: `Fri 18 Dec 2026`. */
export function formatLongDate(day: DayNumber): string {
  assertDayNumber(day);
  const date = civilFromDay(day);
  return `${WEEKDAY_NAMES[dayOfWeek(day)]} ${date.day} ${MONTH_NAMES[date.month - 1]} ${date.year}`;
}

/** A compact date for people to read: `25 Dec`, or `25 Dec 2026` when `withYear` is true. */
export function formatShortDate(day: DayNumber, withYear = false): string {
  assertDayNumber(day);
  const date = civilFromDay(day);
  const dayAndMonth = `${date.day} ${MONTH_NAMES[date.month - 1]}`;
  return withYear ? `${dayAndMonth} ${date.year}` : dayAndMonth;
}
