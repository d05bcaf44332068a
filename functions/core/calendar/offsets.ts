import {
  assertDayNumber,
  civilFromDay,
  type DayNumber,
  dayFromCivil,
  daysInMonth,
  formatIsoDate,
  isWritableDay,
} from './days.ts';
import { InvalidDateError } from './errors.ts';

/**
 * Throws a `RangeError` unless `amount` is a whole number: a fractional offset has no meaning in
 * days or months, and rounding it quietly would move a deadline.
 */
export function assertWholeNumber(amount: number, unit: string): void {
  if (!Number.isInteger(amount)) {
    throw new RangeError(`An offset must be a whole number of ${unit}; got ${amount}`);
  }
}

function beyondWritableYears(from: DayNumber, amount: number, unit: string): InvalidDateError {
  return new InvalidDateError(
    `${formatIsoDate(from)} plus ${amount} ${unit} leaves the years 0000–9999 that dates can be written in`,
  );
}

/** `n` calendar days after `day` (before it when `n` is negative). */
export function addDays(day: DayNumber, n: number): DayNumber {
  assertDayNumber(day);
  assertWholeNumber(n, 'days');
  const result = day + n;
  if (!isWritableDay(result)) throw beyondWritableYears(day, n, 'days');
  return result;
}

/**
 * `n` calendar months after `day` (before it when `n` is negative), keeping the day of the month but
 * clamping it to the end of a shorter month: 2024-01-31 plus one month is 2024-02-29.
 *
 * This is distinct from "3 months read as 91 days", which is {@link addDays} with 91.
 */
export function addMonths(day: DayNumber, n: number): DayNumber {
  assertDayNumber(day);
  assertWholeNumber(n, 'months');
  const date = civilFromDay(day);
  const monthsSinceYearZero = date.year * 12 + (date.month - 1) + n;
  const year = Math.floor(monthsSinceYearZero / 12);
  const month = monthsSinceYearZero - year * 12 + 1;
  if (year < 0 || year > 9999) throw beyondWritableYears(day, n, 'months');
  return dayFromCivil(year, month, Math.min(date.day, daysInMonth(year, month)));
}

/** `n` years after `day` (before it when `n` is negative); 29 February becomes 28 February in a non-leap year. */
export function addYears(day: DayNumber, n: number): DayNumber {
  assertWholeNumber(n, 'years');
  return addMonths(day, n * 12);
}

/**
 * Age in whole years on the date `on`. Someone born on 29 February turns a year older on 1 March in
 * non-leap years, the usual reading in England; note that {@link addYears} lands on 28 February
 * instead, so use this function, not `addYears`, to decide whether a birthday has passed.
 *
 * @throws `RangeError` when `on` is before `dateOfBirth`.
 */
export function ageOn(dateOfBirth: DayNumber, on: DayNumber): number {
  assertDayNumber(dateOfBirth);
  assertDayNumber(on);
  if (on < dateOfBirth) {
    throw new RangeError(
      `No age on ${formatIsoDate(on)} for a date of birth of ${formatIsoDate(dateOfBirth)}`,
    );
  }
  const birth = civilFromDay(dateOfBirth);
  const today = civilFromDay(on);
  const birthdayStillToCome =
    today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (birthdayStillToCome ? 1 : 0);
}
