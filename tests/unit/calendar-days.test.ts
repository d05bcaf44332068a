import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  dayOfWeek,
  formatIsoDate,
  formatLongDate,
  formatShortDate,
  InvalidDateError,
  isIsoDate,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';

const day = parseIsoDate;
const MS_PER_DAY = 86_400_000;

// Day numbers for 0001-01-01 .. 9999-12-31, where Date's ISO output has four-digit years too.
const writableDay = fc.integer({ min: -719_162, max: 2_932_896 });

describe('parseIsoDate and formatIsoDate', () => {
  it('count days from 1970-01-01', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(day('1970-01-02')).toBe(1);
    expect(day('1969-12-31')).toBe(-1);
    expect(day('2026-12-18')).toBe(Date.UTC(2026, 11, 18) / MS_PER_DAY);
    expect(formatIsoDate(20_805)).toBe('2026-12-18');
  });

  it('agree with Date for any date in the years 0001–9999, both ways', () => {
    fc.assert(
      fc.property(writableDay, (n) => {
        const text = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
        expect(formatIsoDate(n)).toBe(text);
        expect(parseIsoDate(text)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('accept 29 February only in leap years, including the century rules', () => {
    expect(formatIsoDate(day('2024-02-29'))).toBe('2024-02-29');
    expect(formatIsoDate(day('2000-02-29'))).toBe('2000-02-29');
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-04-31',
    '2026-1-5',
    '26-01-05',
    '2026/01/05',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05T00:00:00Z',
    '２０２６-01-05',
    '',
  ])('rejects %j with an InvalidDateError that names the text', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text)).toThrow(InvalidDateError);
    expect(() => parseIsoDate(text)).toThrow(JSON.stringify(text));
  });

  it('refuses to format something that is not a whole day number', () => {
    expect(() => formatIsoDate(Number.NaN)).toThrow(InvalidDateError);
    expect(() => formatIsoDate(1.5)).toThrow(InvalidDateError);
    expect(() => formatIsoDate(3_000_000)).toThrow(InvalidDateError);
  });
});

describe('dayOfWeek', () => {
  it('numbers Sunday 0 to Saturday 6, before and after 1970', () => {
    expect(dayOfWeek(day('1970-01-01'))).toBe(4);
    expect(dayOfWeek(day('1969-12-31'))).toBe(3);
    expect(dayOfWeek(day('2026-12-18'))).toBe(5);
    expect(dayOfWeek(day('2026-12-20'))).toBe(0);
    expect(dayOfWeek(day('2026-12-19'))).toBe(6);
  });

  it('agrees with Date', () => {
    fc.assert(
      fc.property(writableDay, (n) => {
        expect(dayOfWeek(n)).toBe(new Date(n * MS_PER_DAY).getUTCDay());
      }),
    );
  });
});

describe('dates for people', () => {
  it('writes a long date with its weekday', () => {
    expect(formatLongDate(day('2026-12-18'))).toBe('Fri 18 Dec 2026');
    expect(formatLongDate(day('2026-09-01'))).toBe('Tue 1 Sep 2026');
  });

  it('writes a short date with the year only when asked', () => {
    expect(formatShortDate(day('2026-12-25'))).toBe('25 Dec');
    expect(formatShortDate(day('2026-12-25'), true)).toBe('25 Dec 2026');
  });
});

describe('addDays', () => {
  it('moves by calendar days either way, across months and years', () => {
    expect(formatIsoDate(addDays(day('2024-01-31'), 91))).toBe('2024-05-01');
    expect(formatIsoDate(addDays(day('2026-12-30'), 3))).toBe('2027-01-02');
    expect(formatIsoDate(addDays(day('2024-03-01'), -1))).toBe('2024-02-29');
    expect(formatIsoDate(addDays(day('2026-07-01'), 183))).toBe('2026-12-31');
  });

  it('rejects a fractional offset', () => {
    expect(() => addDays(day('2026-01-01'), 0.5)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(formatIsoDate(addMonths(day('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths(day('2023-01-31'), 1))).toBe('2023-02-28');
    expect(formatIsoDate(addMonths(day('2026-03-31'), 6))).toBe('2026-09-30');
  });

  it('differs from 91 days at a month end: ICPC on 2024-01-31', () => {
    expect(formatIsoDate(addMonths(day('2024-01-31'), 3))).toBe('2024-04-30');
    expect(formatIsoDate(addDays(day('2024-01-31'), 91))).toBe('2024-05-01');
  });

  it('goes backwards across years with a negative count', () => {
    expect(formatIsoDate(addMonths(day('2024-03-31'), -1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths(day('2026-01-15'), -13))).toBe('2024-12-15');
    expect(formatIsoDate(addMonths(day('2026-05-20'), 0))).toBe('2026-05-20');
  });

  it('keeps the day of the month unless the target month is too short', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: day('1900-01-01'), max: day('2100-12-31') }),
        fc.integer({ min: -600, max: 600 }),
        (from, n) => {
          const start = new Date(from * MS_PER_DAY);
          const result = new Date(addMonths(from, n) * MS_PER_DAY);
          const monthsMoved =
            (result.getUTCFullYear() - start.getUTCFullYear()) * 12 +
            result.getUTCMonth() -
            start.getUTCMonth();
          const lastOfTarget = new Date(
            Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0),
          ).getUTCDate();
          expect(monthsMoved).toBe(n);
          expect(result.getUTCDate()).toBe(Math.min(start.getUTCDate(), lastOfTarget));
        },
      ),
    );
  });
});

describe('addYears', () => {
  it('turns 29 February into 28 February in a non-leap year', () => {
    expect(formatIsoDate(addYears(day('2024-02-29'), 1))).toBe('2025-02-28');
    expect(formatIsoDate(addYears(day('2024-02-29'), -1))).toBe('2023-02-28');
    expect(formatIsoDate(addYears(day('2024-02-29'), 4))).toBe('2028-02-29');
    expect(formatIsoDate(addYears(day('2026-06-15'), 18))).toBe('2044-06-15');
  });
});

describe('ageOn', () => {
  it('counts whole years, turning older on the birthday', () => {
    expect(ageOn(day('2010-06-15'), day('2026-06-14'))).toBe(15);
    expect(ageOn(day('2010-06-15'), day('2026-06-15'))).toBe(16);
    expect(ageOn(day('2010-06-15'), day('2010-06-15'))).toBe(0);
  });

  it('makes someone born on 29 February a year older on 1 March in non-leap years', () => {
    expect(ageOn(day('2008-02-29'), day('2026-02-28'))).toBe(17);
    expect(ageOn(day('2008-02-29'), day('2026-03-01'))).toBe(18);
    expect(ageOn(day('2008-02-29'), day('2028-02-29'))).toBe(20);
  });

  it('refuses a date before the date of birth', () => {
    expect(() => ageOn(day('2010-06-15'), day('2010-06-14'))).toThrow(RangeError);
  });
});
