import { describe, expect, it } from 'vitest';
import {
  CalendarRangeError,
  englandAndWalesCalendar as calendar,
  createWorkingCalendar,
  formatIsoDate,
  InvalidDateError,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';

const day = parseIsoDate;

function addWorkingDays(anchor: string, n: number, inclusive = false): string {
  return formatIsoDate(calendar.addWorkingDays(day(anchor), n, { inclusive }));
}

const december2026Closures = ['2026-12-27', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'].map(
  (date) => ({ date, name: 'Council closure' }),
);

describe('the range the calendar covers', () => {
  it('runs from 1 January of the first bank holiday year to 31 December of the last', () => {
    expect(formatIsoDate(calendar.firstDay)).toBe('2010-01-01');
    expect(formatIsoDate(calendar.lastDay)).toBe('2028-12-31');
  });
});

describe('isWorkingDay', () => {
  it('is true Monday to Friday unless a bank holiday', () => {
    expect(calendar.isWorkingDay(day('2026-06-15'))).toBe(true);
    expect(calendar.isWorkingDay(day('2026-06-13'))).toBe(false);
    expect(calendar.isWorkingDay(day('2026-06-14'))).toBe(false);
    expect(calendar.isWorkingDay(day('2026-05-25'))).toBe(false);
    expect(calendar.isWorkingDay(day('2026-12-28'))).toBe(false);
  });
});

describe('addWorkingDays, exclusive counting (the day after the anchor is day 1)', () => {
  it.each([
    ['2022-05-27', 15, '2022-06-21'],
    ['2023-04-28', 15, '2023-05-23'],
    ['2020-12-18', 15, '2021-01-13'],
    ['2023-04-03', 45, '2023-06-12'],
    ['2024-03-28', 10, '2024-04-15'],
    ['2020-05-01', 5, '2020-05-11'],
    ['2022-09-12', 15, '2022-10-04'],
    ['2011-04-21', 5, '2011-05-04'],
    ['2012-05-25', 10, '2012-06-12'],
    ['2010-12-24', 3, '2010-12-31'],
  ])('%s + %i working days is %s (worked example)', (anchor, n, due) => {
    expect(addWorkingDays(anchor, n)).toBe(due);
  });

  it('returns the anchor itself for 0, even at a weekend', () => {
    expect(addWorkingDays('2026-06-13', 0)).toBe('2026-06-13');
    expect(addWorkingDays('2026-06-13', 0, true)).toBe('2026-06-13');
  });

  it('starts from the next working day when the anchor is a weekend or bank holiday', () => {
    expect(addWorkingDays('2026-06-13', 1)).toBe('2026-06-15');
    expect(addWorkingDays('2026-06-14', 1)).toBe('2026-06-15');
    expect(addWorkingDays('2026-05-25', 1)).toBe('2026-05-26');
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
  });
});

describe('addWorkingDays, inclusive counting (the anchor is day 1)', () => {
  it('gives one working day earlier from a working-day anchor: s47 on 2022-09-12', () => {
    expect(addWorkingDays('2022-09-12', 15, true)).toBe('2022-10-03');
    expect(addWorkingDays('2026-06-15', 1, true)).toBe('2026-06-15');
  });

  it('changes nothing when the anchor is not a working day', () => {
    expect(addWorkingDays('2026-06-13', 5, true)).toBe(addWorkingDays('2026-06-13', 5));
    expect(addWorkingDays('2022-09-19', 3, true)).toBe('2022-09-22');
  });

  it('counts the anchor as day 1 going backwards too', () => {
    expect(addWorkingDays('2026-06-15', -5, true)).toBe('2026-06-09');
    expect(addWorkingDays('2026-06-15', -1, true)).toBe('2026-06-15');
  });
});

describe('addWorkingDays backwards (reports due before a conference)', () => {
  it('finds 5 working days before a Monday conference', () => {
    expect(addWorkingDays('2026-06-15', -5)).toBe('2026-06-08');
  });

  it('skips a bank holiday on the way back', () => {
    expect(addWorkingDays('2026-06-01', -5)).toBe('2026-05-22');
    expect(addWorkingDays('2023-01-03', -1)).toBe('2022-12-30');
  });

  it('counts back from a weekend anchor as from the Friday after it', () => {
    expect(addWorkingDays('2026-06-14', -1)).toBe('2026-06-12');
    expect(addWorkingDays('2026-06-13', -2)).toBe('2026-06-11');
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days in (from, to]', () => {
    expect(calendar.workingDaysBetween(day('2022-09-12'), day('2022-10-04'))).toBe(15);
    expect(calendar.workingDaysBetween(day('2026-06-12'), day('2026-06-15'))).toBe(1);
    expect(calendar.workingDaysBetween(day('2026-06-13'), day('2026-06-14'))).toBe(0);
    expect(calendar.workingDaysBetween(day('2026-06-15'), day('2026-06-15'))).toBe(0);
  });

  it('is negative when to is before from', () => {
    expect(calendar.workingDaysBetween(day('2022-10-04'), day('2022-09-12'))).toBe(-15);
  });

  it('lands back on the due date when added to a working-day anchor', () => {
    const anchor = day('2022-09-12');
    const due = day('2022-10-04');
    expect(calendar.addWorkingDays(anchor, calendar.workingDaysBetween(anchor, due))).toBe(due);
    expect(
      formatIsoDate(calendar.addWorkingDays(anchor, calendar.workingDaysBetween(anchor, day('2022-10-09')))),
    ).toBe('2022-10-07');
  });
});

describe('nonWorkingWeekdaysBetween', () => {
  it('names the bank holidays in (from, to] in date order', () => {
    const skipped = calendar.nonWorkingWeekdaysBetween(day('2022-05-27'), day('2022-06-21'));
    expect(skipped.map(({ day: d, name }) => [formatIsoDate(d), name])).toEqual([
      ['2022-06-02', 'Spring bank holiday'],
      ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ]);
  });

  it('excludes from and includes to', () => {
    expect(
      calendar.nonWorkingWeekdaysBetween(day('2022-06-02'), day('2022-06-03')).map((h) => h.name),
    ).toEqual(['Platinum Jubilee bank holiday']);
    expect(calendar.nonWorkingWeekdaysBetween(day('2022-06-03'), day('2022-06-10'))).toEqual([]);
  });

  it('is empty when to is not after from', () => {
    expect(calendar.nonWorkingWeekdaysBetween(day('2022-06-21'), day('2022-05-27'))).toEqual([]);
  });

  it('lists substitute days, not the weekend dates they replace', () => {
    const skipped = calendar.nonWorkingWeekdaysBetween(day('2021-12-24'), day('2022-01-04'));
    expect(skipped.map((h) => formatIsoDate(h.day))).toEqual(['2021-12-27', '2021-12-28', '2022-01-03']);
  });
});

describe('nextWorkingDay and workingDayOnOrAfter', () => {
  it('moves past weekends and bank holidays', () => {
    expect(formatIsoDate(calendar.nextWorkingDay(day('2026-06-12')))).toBe('2026-06-15');
    expect(formatIsoDate(calendar.nextWorkingDay(day('2026-04-02')))).toBe('2026-04-07');
    expect(formatIsoDate(calendar.workingDayOnOrAfter(day('2026-04-03')))).toBe('2026-04-07');
  });

  it('keeps a working day as it is only for workingDayOnOrAfter', () => {
    expect(formatIsoDate(calendar.workingDayOnOrAfter(day('2026-06-15')))).toBe('2026-06-15');
    expect(formatIsoDate(calendar.nextWorkingDay(day('2026-06-15')))).toBe('2026-06-16');
  });
});

describe('a council closure overlay', () => {
  const withClosures = createWorkingCalendar({ closureDays: december2026Closures });

  it('shifts results past the closure days', () => {
    expect(formatIsoDate(withClosures.addWorkingDays(day('2026-12-24'), 1))).toBe('2027-01-04');
    expect(formatIsoDate(withClosures.addWorkingDays(day('2026-12-18'), 6))).toBe('2027-01-05');
    expect(addWorkingDays('2026-12-18', 6)).toBe('2026-12-30');
    expect(withClosures.workingDaysBetween(day('2026-12-24'), day('2027-01-04'))).toBe(1);
  });

  it('explains them, keeping the bank holiday name where both apply and leaving out the weekend', () => {
    const skipped = withClosures.nonWorkingWeekdaysBetween(day('2026-12-24'), day('2027-01-04'));
    expect(skipped.map(({ day: d, name }) => [formatIsoDate(d), name])).toEqual([
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (substitute day)'],
      ['2026-12-29', 'Council closure'],
      ['2026-12-30', 'Council closure'],
      ['2026-12-31', 'Council closure'],
      ['2027-01-01', 'New Year’s Day'],
    ]);
  });

  it('leaves the shared England & Wales calendar alone', () => {
    expect(calendar.isWorkingDay(day('2026-12-29'))).toBe(true);
    expect(withClosures.isWorkingDay(day('2026-12-29'))).toBe(false);
  });

  it('refuses a closure date that is not a real date', () => {
    const build = () => createWorkingCalendar({ closureDays: [{ date: '2026-12-32', name: 'Closure' }] });
    expect(build).toThrow(InvalidDateError);
    expect(build).toThrow('"2026-12-32"');
  });

  it('refuses a closure date listed twice', () => {
    const closureDays = [...december2026Closures, { date: '2026-12-29', name: 'Again' }];
    expect(() => createWorkingCalendar({ closureDays })).toThrow(
      'Closure day 2026-12-29 is listed more than once',
    );
  });

  it('refuses a closure date outside the known years', () => {
    const build = () => createWorkingCalendar({ closureDays: [{ date: '2030-12-30', name: 'Closure' }] });
    expect(build).toThrow(CalendarRangeError);
    expect(build).toThrow(
      'Closure day 2030-12-30 is outside the bank holiday years this calendar knows (2010–2028)',
    );
  });

  it('refuses a closure day without a name', () => {
    expect(() => createWorkingCalendar({ closureDays: [{ date: '2026-12-29', name: ' ' }] })).toThrow(
      'needs a name',
    );
  });
});

describe('dates outside the known bank holiday years', () => {
  it('are refused as inputs, naming the date and the known years', () => {
    expect(() => calendar.isWorkingDay(day('2031-01-02'))).toThrow(CalendarRangeError);
    expect(() => calendar.isWorkingDay(day('2031-01-02'))).toThrow(
      "2031-01-02 is outside the bank holiday years this calendar knows (2010–2028); add that year's bank holidays before relying on dates then",
    );
    expect(() => calendar.addWorkingDays(day('2009-12-31'), 1)).toThrow(CalendarRangeError);
    expect(() => calendar.workingDaysBetween(day('2026-01-01'), day('2029-01-01'))).toThrow(
      CalendarRangeError,
    );
    expect(() => calendar.nonWorkingWeekdaysBetween(day('2009-12-01'), day('2010-01-05'))).toThrow(
      CalendarRangeError,
    );
    expect(() => calendar.workingDayOnOrAfter(day('2029-01-01'))).toThrow(CalendarRangeError);
  });

  it('are refused as results rather than guessed', () => {
    expect(() => calendar.addWorkingDays(day('2028-12-20'), 15)).toThrow(
      "15 working days after 2028-12-20 falls after 2028-12-31, outside the bank holiday years this calendar knows (2010–2028); add 2029's bank holidays before relying on dates then",
    );
    expect(() => calendar.addWorkingDays(day('2010-01-04'), -1)).toThrow("add 2009's bank holidays");
    expect(() => calendar.nextWorkingDay(day('2028-12-29'))).toThrow(CalendarRangeError);
    expect(() => calendar.workingDayOnOrAfter(day('2028-12-30'))).toThrow(CalendarRangeError);
  });

  it('still answers at the very edges of the range', () => {
    expect(formatIsoDate(calendar.workingDayOnOrAfter(calendar.firstDay))).toBe('2010-01-04');
    expect(formatIsoDate(calendar.addWorkingDays(day('2028-12-20'), 5))).toBe('2028-12-29');
    expect(calendar.isWorkingDay(calendar.lastDay)).toBe(false);
  });
});

describe('inputs that are not whole numbers', () => {
  it('are refused', () => {
    expect(() => calendar.isWorkingDay(Number.NaN)).toThrow(InvalidDateError);
    expect(() => calendar.isWorkingDay(day('2026-06-15') + 0.5)).toThrow(InvalidDateError);
    expect(() => calendar.addWorkingDays(day('2026-06-15'), 1.5)).toThrow(RangeError);
  });
});
