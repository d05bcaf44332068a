import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE_OR_DATE_TIME_PATTERN, isEarlier, isRealDay } from '../../events/calendar.ts';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Formats `instant` as it would read on a clock at `offsetMinutes` from UTC. */
function atOffset(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const size = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

const instants = fc.date({
  min: new Date('1900-01-02T00:00:00Z'),
  max: new Date('2100-12-30T23:59:59Z'),
  noInvalidDate: true,
});
const offsets = fc.integer({ min: -12 * 60, max: 14 * 60 });

describe('calendar', () => {
  it('knows which days exist, leap years included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const days = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
          expect(isRealDay(`${year}-${pad(month)}-${pad(day)}`)).toBe(day <= days);
        },
      ),
    );
  });

  it('orders date-times written at any offsets as the instants they name', () => {
    fc.assert(
      fc.property(instants, offsets, instants, offsets, (a, offsetA, b, offsetB) => {
        const textA = atOffset(a, offsetA);
        const textB = atOffset(b, offsetB);
        expect(textA).toMatch(DATE_OR_DATE_TIME_PATTERN);
        expect(isEarlier(textA, textB)).toBe(a.getTime() < b.getTime());
      }),
    );
  });

  it('compares on the written date when either side is a date only', () => {
    fc.assert(
      fc.property(instants, offsets, instants, (a, offsetA, b) => {
        const textA = atOffset(a, offsetA);
        const dayB = b.toISOString().slice(0, 10);
        expect(isEarlier(textA, dayB)).toBe(textA.slice(0, 10) < dayB);
        expect(isEarlier(dayB, textA)).toBe(dayB < textA.slice(0, 10));
      }),
    );
  });
});
