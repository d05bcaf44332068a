import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import holidayList from '../../functions/core/calendar/england-and-wales-bank-holidays.json' with {
  type: 'json',
};
import {
  englandAndWalesCalendar as calendar,
  createWorkingCalendar,
  parseIsoDate,
  type WorkingCalendar,
} from '../../functions/core/calendar/index.ts';

const MS_PER_DAY = 86_400_000;
const RUNS = { numRuns: 500 };

// A slow, obviously-correct reference: walk one day at a time, using Date for the weekday and the
// raw JSON for holidays, sharing nothing with the indexed implementation.
function naiveCalendar(closures: ReadonlySet<string> = new Set()) {
  const holidays = new Set(holidayList.holidays.map((holiday) => holiday.date));
  const isWorkingDay = (day: number): boolean => {
    const date = new Date(day * MS_PER_DAY);
    const iso = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay();
    return weekday !== 0 && weekday !== 6 && !holidays.has(iso) && !closures.has(iso);
  };
  const step = (day: number, n: number): number => {
    let current = day;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      current += Math.sign(n);
      if (isWorkingDay(current)) remaining--;
    }
    return current;
  };
  return {
    isWorkingDay,
    addWorkingDays(day: number, n: number, inclusive = false): number {
      if (n === 0) return day;
      return inclusive && isWorkingDay(day) ? step(day, n - Math.sign(n)) : step(day, n);
    },
    workingDaysBetween(from: number, to: number): number {
      let count = 0;
      for (let day = Math.min(from, to) + 1; day <= Math.max(from, to); day++) if (isWorkingDay(day)) count++;
      return to >= from ? count : 0 - count;
    },
    lastWorkingDayOnOrBefore(day: number): number {
      let current = day;
      while (!isWorkingDay(current)) current--;
      return current;
    },
  };
}

const naive = naiveCalendar();

// Far enough inside the range that 200 working days either way (under 300 calendar days) stays in it.
const anchor = fc.integer({ min: calendar.firstDay + 300, max: calendar.lastDay - 300 });
const anyDay = fc.integer({ min: calendar.firstDay + 7, max: calendar.lastDay });
const count = fc.integer({ min: 1, max: 200 });
const signedCount = fc.integer({ min: -200, max: 200 });

describe('working-day arithmetic, for any anchor and count', () => {
  it('counts back the working days it added', () => {
    fc.assert(
      fc.property(anchor, count, (a, n) => {
        expect(calendar.workingDaysBetween(a, calendar.addWorkingDays(a, n))).toBe(n);
      }),
      RUNS,
    );
  });

  it('lands a positive add on a working day strictly after the anchor', () => {
    fc.assert(
      fc.property(anchor, count, fc.boolean(), (a, n, inclusive) => {
        const result = calendar.addWorkingDays(a, n, { inclusive });
        expect(calendar.isWorkingDay(result)).toBe(true);
        if (!inclusive) expect(result).toBeGreaterThan(a);
      }),
      RUNS,
    );
  });

  it('goes forward then back by n to the last working day on or before the anchor', () => {
    fc.assert(
      fc.property(anchor, count, (a, n) => {
        const there = calendar.addWorkingDays(a, n);
        expect(calendar.addWorkingDays(there, -n)).toBe(naive.lastWorkingDayOnOrBefore(a));
      }),
      RUNS,
    );
  });

  it('goes back then forward by n to the working day on or after the anchor', () => {
    fc.assert(
      fc.property(anchor, count, (a, n) => {
        const there = calendar.addWorkingDays(a, -n);
        expect(calendar.addWorkingDays(there, n)).toBe(calendar.workingDayOnOrAfter(a));
      }),
      RUNS,
    );
  });

  it('is monotonic in the anchor', () => {
    fc.assert(
      fc.property(anchor, anchor, signedCount, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(early, n)).toBeLessThanOrEqual(calendar.addWorkingDays(late, n));
      }),
      RUNS,
    );
  });

  it('never puts the inclusive result after the exclusive one, and differs only for a working-day anchor', () => {
    fc.assert(
      fc.property(anchor, count, (a, n) => {
        const exclusive = calendar.addWorkingDays(a, n);
        const inclusive = calendar.addWorkingDays(a, n, { inclusive: true });
        expect(inclusive).toBeLessThanOrEqual(exclusive);
        expect(calendar.workingDaysBetween(inclusive, exclusive)).toBe(calendar.isWorkingDay(a) ? 1 : 0);
      }),
      RUNS,
    );
  });

  it('never puts a result before its anchor for n >= 0', () => {
    fc.assert(
      fc.property(anchor, fc.integer({ min: 0, max: 200 }), fc.boolean(), (a, n, inclusive) => {
        expect(calendar.addWorkingDays(a, n, { inclusive })).toBeGreaterThanOrEqual(a);
      }),
      RUNS,
    );
  });

  it('from a working day, adding workingDaysBetween(a, b) gives the last working day on or before b', () => {
    fc.assert(
      fc.property(anyDay, anyDay, (start, b) => {
        const a = naive.lastWorkingDayOnOrBefore(start);
        expect(calendar.addWorkingDays(a, calendar.workingDaysBetween(a, b))).toBe(
          naive.lastWorkingDayOnOrBefore(b),
        );
      }),
      RUNS,
    );
  });

  it('counts additively and antisymmetrically', () => {
    fc.assert(
      fc.property(anyDay, anyDay, anyDay, (a, b, c) => {
        const between = (from: number, to: number) => calendar.workingDaysBetween(from, to);
        expect(between(a, b) + between(b, c)).toBe(between(a, c));
        expect(between(b, a) + between(a, b)).toBe(0);
      }),
      RUNS,
    );
  });

  it('explains every weekday it skips', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 400 }), (from, span) => {
        const to = Math.min(from + span, calendar.lastDay);
        let weekdays = 0;
        for (let day = from + 1; day <= to; day++) {
          const weekday = new Date(day * MS_PER_DAY).getUTCDay();
          if (weekday !== 0 && weekday !== 6) weekdays++;
        }
        const skipped = calendar.nonWorkingWeekdaysBetween(from, to);
        expect(skipped.length).toBe(weekdays - calendar.workingDaysBetween(from, to));
        expect(skipped.every((entry) => entry.day > from && entry.day <= to)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('the indexed calendar against a day-by-day reference', () => {
  function agreesWithReference(
    fast: WorkingCalendar,
    slow: ReturnType<typeof naiveCalendar>,
    numRuns: number,
  ) {
    fc.assert(
      fc.property(anchor, signedCount, fc.boolean(), anyDay, (a, n, inclusive, b) => {
        expect(fast.isWorkingDay(a)).toBe(slow.isWorkingDay(a));
        expect(fast.addWorkingDays(a, n, { inclusive })).toBe(slow.addWorkingDays(a, n, inclusive));
        expect(fast.workingDaysBetween(a, b)).toBe(slow.workingDaysBetween(a, b));
      }),
      { numRuns },
    );
  }

  it('agrees on the England & Wales calendar', () => {
    agreesWithReference(calendar, naive, 1000);
  });

  it('agrees with any set of closure days overlaid', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: calendar.firstDay, max: calendar.lastDay }), { maxLength: 60 }),
        (closureDays) => {
          const dates = closureDays.map((day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
          const fast = createWorkingCalendar({
            closureDays: dates.map((date) => ({ date, name: 'Closure' })),
          });
          const slow = naiveCalendar(new Set(dates));
          for (const date of dates) expect(fast.isWorkingDay(parseIsoDate(date))).toBe(false);
          agreesWithReference(fast, slow, 50);
        },
      ),
      { numRuns: 20 },
    );
  });
});
