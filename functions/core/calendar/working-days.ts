import {
  type DayNumber,
  dayFromCivil,
  dayOfWeek,
  formatIsoDate,
  type IsoDate,
  isIsoDate,
  isWritableDay,
  parseIsoDate,
} from './days.ts';
import { englandAndWalesBankHolidays } from './england-and-wales-bank-holidays.ts';
import { CalendarRangeError, InvalidDateError } from './errors.ts';
import { assertWholeNumber } from './offsets.ts';

/** A council's own closure day, such as each of 27–31 December. */
export interface ClosureDay {
  date: IsoDate;
  name: string;
}

/** A weekday that is not a working day (a bank holiday or a closure day), with its name. */
export interface NonWorkingDay {
  day: DayNumber;
  name: string;
}

/** Options for {@link WorkingCalendar.addWorkingDays}. */
export interface AddWorkingDaysOptions {
  /**
   * Count `day` itself as the first of the `n` days when it is a working day, as some tools do
   * ("day 1 is the day of the referral"). The default, exclusive reading makes the next working
   * day day 1. Applies in both directions.
   */
  inclusive?: boolean;
}

/**
 * Working days (Monday to Friday, not an England & Wales bank holiday or a closure day) over the
 * years whose bank holidays are known. Every date passed in or produced must lie in
 * `firstDay..lastDay`; anything else throws {@link CalendarRangeError}.
 */
export interface WorkingCalendar {
  /** 1 January of the first year whose bank holidays are known. */
  readonly firstDay: DayNumber;
  /** 31 December of the last year whose bank holidays are known. */
  readonly lastDay: DayNumber;
  /** Whether `day` is Monday to Friday and not a bank holiday or closure day. */
  isWorkingDay(day: DayNumber): boolean;
  /**
   * `n` working days after `day` (exclusive: the day after is the first candidate). Negative `n`:
   * `-n` working days before `day` (exclusive). `n` = 0 returns `day`, even on a non-working day.
   * With `{ inclusive: true }`, `day` itself counts as day 1 when it is a working day.
   */
  addWorkingDays(day: DayNumber, n: number, options?: AddWorkingDaysOptions): DayNumber;
  /**
   * Working days in `(from, to]`; negative (minus the working days in `(to, from]`) when `to` is
   * before `from`. When `from` is a working day, `addWorkingDays(from, workingDaysBetween(from, to))`
   * is the last working day on or before `to`.
   */
  workingDaysBetween(from: DayNumber, to: DayNumber): number;
  /** Bank holidays and closure days that fall on weekdays in `(from, to]`, in date order; empty when `to <= from`. */
  nonWorkingWeekdaysBetween(from: DayNumber, to: DayNumber): NonWorkingDay[];
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: DayNumber): DayNumber;
  /** The working day on or after `day`. */
  workingDayOnOrAfter(day: DayNumber): DayNumber;
}

/** Options for {@link createWorkingCalendar}. */
export interface WorkingCalendarOptions {
  /** The council's own closure days, overlaid on the bank holidays; weekend dates change nothing. */
  closureDays?: readonly ClosureDay[];
}

const { firstYear, lastYear } = englandAndWalesBankHolidays;
const KNOWN_YEARS = `the bank holiday years this calendar knows (${firstYear}–${lastYear})`;

function isWeekday(day: DayNumber): boolean {
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6;
}

// The weekdays that are not working days, as a set for building the index and as a dated list for
// explaining due dates.
function closedWeekdays(closureDays: readonly ClosureDay[], firstDay: DayNumber, lastDay: DayNumber) {
  const names = new Map<DayNumber, string>();
  for (const holiday of englandAndWalesBankHolidays.holidays) names.set(holiday.day, holiday.name);
  const closures = new Set<DayNumber>();
  for (const { date, name } of closureDays) {
    if (!isIsoDate(date)) {
      throw new InvalidDateError(
        `Closure day ${JSON.stringify(date)} is not a real calendar date in YYYY-MM-DD form`,
      );
    }
    const day = parseIsoDate(date);
    if (day < firstDay || day > lastDay) {
      throw new CalendarRangeError(`Closure day ${date} is outside ${KNOWN_YEARS}`);
    }
    if (closures.has(day)) throw new Error(`Closure day ${date} is listed more than once`);
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Error(`Closure day ${date} needs a name to explain due dates to people`);
    }
    closures.add(day);
    // Councils list the same closure every year, so it may coincide with a bank holiday; the bank
    // holiday is the better explanation and keeps its name.
    if (!names.has(day)) names.set(day, name);
  }
  const weekdays = [...names].filter(([day]) => isWeekday(day)).sort(([a], [b]) => a - b);
  return {
    days: new Set(weekdays.map(([day]) => day)),
    list: weekdays.map(([day, name]): NonWorkingDay => Object.freeze({ day, name })),
  };
}

// How many entries of the ascending `sorted` are at or below `value`, by binary search.
function countAtOrBelow(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Builds a working calendar from the England & Wales bank holidays plus an optional overlay of a
 * council's closure days. Building walks the known years once; every question after that is
 * answered from the index in constant or logarithmic time.
 *
 * @throws {@link InvalidDateError} for a closure date that is not a real `YYYY-MM-DD` date,
 * {@link CalendarRangeError} for one outside the known years, and `Error` for a repeated closure
 * date or one without a name.
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const firstDay = dayFromCivil(firstYear, 1, 1);
  const lastDay = dayFromCivil(lastYear, 12, 31);
  const span = lastDay - firstDay + 1;
  const closed = closedWeekdays(options.closureDays ?? [], firstDay, lastDay);
  const nonWorkingDays = Int32Array.from(closed.list, (entry) => entry.day);

  // workingBefore[i] counts the working days in [firstDay, firstDay + i), so any count over a
  // range is one subtraction; workingDays[k] is the (k + 1)th working day, so any add is one lookup.
  const workingBefore = new Int32Array(span + 1);
  const allWorkingDays = new Int32Array(span);
  let workingCount = 0;
  for (let offset = 0; offset < span; offset++) {
    const day = firstDay + offset;
    if (isWeekday(day) && !closed.days.has(day)) {
      allWorkingDays[workingCount] = day;
      workingCount++;
    }
    workingBefore[offset + 1] = workingCount;
  }
  const workingDays = allWorkingDays.slice(0, workingCount);

  function offsetOf(day: DayNumber): number {
    if (!Number.isInteger(day)) throw new InvalidDateError(`${day} is not a day number`);
    if (day < firstDay || day > lastDay) {
      const date = isWritableDay(day) ? formatIsoDate(day) : `Day number ${day}`;
      throw new CalendarRangeError(
        `${date} is outside ${KNOWN_YEARS}; add that year's bank holidays before relying on dates then`,
      );
    }
    return day - firstDay;
  }

  function workingDayAt(position: number, describe: () => string): DayNumber {
    const day = workingDays[position];
    if (day !== undefined) return day;
    const [side, edge, missingYear] =
      position < 0 ? ['before', firstDay, firstYear - 1] : ['after', lastDay, lastYear + 1];
    throw new CalendarRangeError(
      `${describe()} falls ${side} ${formatIsoDate(edge)}, outside ${KNOWN_YEARS}; ` +
        `add ${missingYear}'s bank holidays before relying on dates then`,
    );
  }

  function workingThrough(day: DayNumber): number {
    return workingBefore[offsetOf(day) + 1] as number;
  }

  function isWorkingDay(day: DayNumber): boolean {
    const offset = offsetOf(day);
    return workingBefore[offset + 1] !== workingBefore[offset];
  }

  return Object.freeze({
    firstDay,
    lastDay,
    isWorkingDay,

    addWorkingDays(day: DayNumber, n: number, addOptions?: AddWorkingDaysOptions): DayNumber {
      const offset = offsetOf(day);
      assertWholeNumber(n, 'working days');
      if (n === 0) return day;
      const before = workingBefore[offset] as number;
      const through = workingBefore[offset + 1] as number;
      // Inclusive counting makes a working `day` itself day 1, moving the result one working day back
      // towards it.
      const towardsDay = addOptions?.inclusive === true && through !== before ? 1 : 0;
      const position = n > 0 ? through + n - 1 - towardsDay : before + n + towardsDay;
      return workingDayAt(
        position,
        () => `${Math.abs(n)} working days ${n > 0 ? 'after' : 'before'} ${formatIsoDate(day)}`,
      );
    },

    workingDaysBetween(from: DayNumber, to: DayNumber): number {
      return workingThrough(to) - workingThrough(from);
    },

    nonWorkingWeekdaysBetween(from: DayNumber, to: DayNumber): NonWorkingDay[] {
      if (offsetOf(to) <= offsetOf(from)) return [];
      return closed.list.slice(countAtOrBelow(nonWorkingDays, from), countAtOrBelow(nonWorkingDays, to));
    },

    nextWorkingDay(day: DayNumber): DayNumber {
      return workingDayAt(workingThrough(day), () => `The first working day after ${formatIsoDate(day)}`);
    },

    workingDayOnOrAfter(day: DayNumber): DayNumber {
      const before = workingBefore[offsetOf(day)] as number;
      return workingDayAt(before, () => `The first working day on or after ${formatIsoDate(day)}`);
    },
  });
}

/** England & Wales bank holidays with no closure days, built once at load. */
export const englandAndWalesCalendar: WorkingCalendar = createWorkingCalendar();
