import { civilFromDay, type DayNumber, dayOfWeek, parseIsoDate } from './days.ts';
import data from './england-and-wales-bank-holidays.json' with { type: 'json' };

/** One observed England & Wales bank holiday. */
export interface BankHoliday {
  readonly day: DayNumber;
  readonly name: string;
}

/** The bank holidays the project knows, and the whole years the list covers. */
export interface BankHolidayList {
  readonly firstYear: number;
  readonly lastYear: number;
  /** In date order, all on weekdays. */
  readonly holidays: readonly BankHoliday[];
}

// Every year has at least New Year's Day, Good Friday, Easter Monday, the early May, spring and
// summer bank holidays, Christmas Day and Boxing Day (or their substitutes).
const FEWEST_HOLIDAYS_IN_A_YEAR = 8;

// The list is edited by hand each time a year is added, so a slip (a typo, a weekend date, a year
// bumped without its dates) must stop the calendar loading rather than shift deadlines.
function checkedList(): BankHolidayList {
  const { firstYear, lastYear } = data;
  const holidaysPerYear = new Map<number, number>();
  let previous = Number.NEGATIVE_INFINITY;
  const holidays = data.holidays.map(({ date, name }): BankHoliday => {
    const day = parseIsoDate(date);
    const { year } = civilFromDay(day);
    const weekday = dayOfWeek(day);
    if (year < firstYear || year > lastYear) {
      throw new Error(`Bank holiday ${date} is outside the list's years ${firstYear}–${lastYear}`);
    }
    if (weekday === 0 || weekday === 6) {
      throw new Error(`Bank holiday ${date} is at a weekend; list the observed (substitute) weekday instead`);
    }
    if (day <= previous) {
      throw new Error(`Bank holiday ${date} is out of date order or listed twice`);
    }
    previous = day;
    holidaysPerYear.set(year, (holidaysPerYear.get(year) ?? 0) + 1);
    return Object.freeze({ day, name });
  });
  for (let year = firstYear; year <= lastYear; year++) {
    if ((holidaysPerYear.get(year) ?? 0) < FEWEST_HOLIDAYS_IN_A_YEAR) {
      throw new Error(`The bank holiday list claims ${year} but has fewer than 8 holidays for it`);
    }
  }
  return Object.freeze({ firstYear, lastYear, holidays: Object.freeze(holidays) });
}

/** England & Wales bank holidays, as observed (substitute days replace weekend dates). */
export const englandAndWalesBankHolidays: BankHolidayList = checkedList();
