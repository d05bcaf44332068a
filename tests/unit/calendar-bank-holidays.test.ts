import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import holidayList from '../../functions/core/calendar/england-and-wales-bank-holidays.json' with {
  type: 'json',
};
import { englandAndWalesCalendar, parseIsoDate } from '../../functions/core/calendar/index.ts';

const projectDates = new Set(holidayList.holidays.map((holiday) => holiday.date));

function isWeekday(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function missingFrom(expected: ReadonlySet<string>, actual: ReadonlySet<string>): string[] {
  return [...expected].filter((date) => !actual.has(date));
}

// Beside the repository in the shared workspace, but a clone elsewhere will not have it.
const referenceCopy = fileURLToPath(
  new URL('../../../shared/reference/uk-bank-holidays-2019-2028.json', import.meta.url),
);

describe("the project's England & Wales bank holiday list", () => {
  it('covers 2010–2028 with 157 dates: 74 before 2019, 83 from it', () => {
    expect(holidayList.firstYear).toBe(2010);
    expect(holidayList.lastYear).toBe(2028);
    expect(projectDates.size).toBe(157);
    expect(holidayList.holidays).toHaveLength(157);
    expect([...projectDates].filter((date) => date < '2019')).toHaveLength(74);
  });

  it('equals the public weekday holidays date-holidays gives for GB-ENG, but for its slips over 2011 and 2012', () => {
    const holidays = new Holidays('GB', 'ENG');
    const libraryDates = new Set<string>();
    for (let year = holidayList.firstYear; year <= holidayList.lastYear; year++) {
      for (const holiday of holidays.getHolidays(year)) {
        const date = holiday.date.slice(0, 10);
        // date-holidays also lists a weekend holiday next to its substitute; GOV.UK lists only the
        // observed weekday, which is what makes a day non-working.
        if (holiday.type === 'public' && isWeekday(date)) libraryDates.add(date);
      }
    }
    // date-holidays (3.x) has no bank holiday for the royal wedding, and keeps 2012's spring bank
    // holiday on the last Monday in May, though it lists the Jubilee day after the moved one.
    expect(missingFrom(projectDates, libraryDates)).toEqual(['2011-04-29', '2012-06-04']);
    expect(missingFrom(libraryDates, projectDates)).toEqual(['2012-05-28']);
  });

  it.each([
    ['2011-04-29', 'the royal wedding'],
    ['2012-06-04', 'spring bank holiday moved for the Diamond Jubilee'],
    ['2012-06-05', 'the Diamond Jubilee'],
    ['2020-05-08', 'VE day, moved from the Monday'],
    ['2022-06-02', 'spring bank holiday moved for the Platinum Jubilee'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'the coronation of King Charles III'],
  ])('includes the one-off %s (%s)', (date) => {
    expect(projectDates.has(date)).toBe(true);
    expect(englandAndWalesCalendar.isWorkingDay(parseIsoDate(date))).toBe(false);
  });

  it.each([
    ['2012-05-28', 'the last Monday in May, whose holiday moved to 4 June'],
    ['2022-05-30', 'the last Monday in May, whose holiday moved to 2 June'],
  ])('keeps %s a working day (%s)', (date) => {
    expect(projectDates.has(date)).toBe(false);
    expect(englandAndWalesCalendar.isWorkingDay(parseIsoDate(date))).toBe(true);
  });

  it('lists observed substitute days rather than weekend dates', () => {
    expect(projectDates.has('2022-01-03')).toBe(true);
    expect(projectDates.has('2022-01-01')).toBe(false);
    expect([...projectDates].filter((date) => !isWeekday(date))).toEqual([]);
  });

  it('makes every listed date a non-working day', () => {
    for (const date of projectDates) {
      expect(englandAndWalesCalendar.isWorkingDay(parseIsoDate(date)), date).toBe(false);
    }
  });

  it('equals the GOV.UK reference copy in ../shared/reference, when a clone sits beside it', (context) => {
    context.skip(
      !existsSync(referenceCopy),
      `no reference copy at ${referenceCopy}: this clone does not sit beside shared/`,
    );
    const reference = JSON.parse(readFileSync(referenceCopy, 'utf8')) as {
      'england-and-wales': { events: { date: string }[] };
    };
    const referenceDates = new Set(reference['england-and-wales'].events.map((event) => event.date));
    // The copy covers 2019–2028; the years before it are checked against date-holidays above.
    const projectFrom2019 = new Set([...projectDates].filter((date) => date >= '2019'));
    expect(missingFrom(referenceDates, projectFrom2019)).toEqual([]);
    expect(missingFrom(projectFrom2019, referenceDates)).toEqual([]);
  });
});
