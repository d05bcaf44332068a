import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatIsoDate,
  formatLondonDateTime,
  formatLondonHuman,
  InvalidDateError,
  londonDayOf,
  parseInstant,
  parseIsoDate,
  startOfLondonDay,
} from '../../functions/core/calendar/index.ts';

const HOUR = 3_600_000;
const at = parseInstant;

describe('formatLondonDateTime', () => {
  it('shows the London offset in summer and winter', () => {
    expect(formatLondonDateTime(at('2026-07-01T13:30:00Z'))).toBe('2026-07-01T14:30:00+01:00');
    expect(formatLondonDateTime(at('2026-12-01T09:00:00Z'))).toBe('2026-12-01T09:00:00+00:00');
  });

  it('adds an hour to the wall clock across the spring change on 29 March 2026', () => {
    expect(formatLondonDateTime(at('2026-03-28T12:00:00Z') + 24 * HOUR)).toBe('2026-03-29T13:00:00+01:00');
    expect(formatLondonDateTime(at('2026-03-29T00:59:59Z'))).toBe('2026-03-29T00:59:59+00:00');
    expect(formatLondonDateTime(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29T02:00:00+01:00');
  });

  it('shows the repeated hour of the autumn change on 25 October 2026 with both offsets', () => {
    expect(formatLondonDateTime(at('2026-10-25T00:30:00Z'))).toBe('2026-10-25T01:30:00+01:00');
    expect(formatLondonDateTime(at('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30:00+00:00');
    expect(formatLondonDateTime(at('2026-10-24T12:00:00Z') + 24 * HOUR)).toBe('2026-10-25T12:00:00+00:00');
  });

  it('truncates to the second', () => {
    expect(formatLondonDateTime(at('2026-07-01T13:30:59.999Z'))).toBe('2026-07-01T14:30:59+01:00');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatLondonDateTime(at('2026-12-01T00:00:00Z'))).toBe('2026-12-01T00:00:00+00:00');
  });

  it('round-trips through parseInstant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2010-01-01T00:00:00Z'), max: at('2028-12-31T23:59:59Z') }),
        (instant) => {
          expect(parseInstant(formatLondonDateTime(instant))).toBe(Math.floor(instant / 1000) * 1000);
        },
      ),
    );
  });

  it('refuses what is not a usable instant', () => {
    expect(() => formatLondonDateTime(Number.NaN)).toThrow(InvalidDateError);
    expect(() => formatLondonDateTime(at('1850-01-01T00:00:00Z'))).toThrow(InvalidDateError);
  });
});

describe('formatLondonHuman', () => {
  it('names BST in summer and GMT in winter', () => {
    expect(formatLondonHuman(at('2026-07-01T13:30:00Z'))).toBe('Wed 1 Jul 2026, 14:30 BST');
    expect(formatLondonHuman(at('2026-12-01T09:00:00Z'))).toBe('Tue 1 Dec 2026, 09:00 GMT');
    expect(formatLondonHuman(at('2026-10-24T23:30:00Z'))).toBe('Sun 25 Oct 2026, 00:30 BST');
  });
});

describe('londonDayOf', () => {
  it('is already the next date late on a summer evening in UTC', () => {
    expect(formatIsoDate(londonDayOf(at('2026-10-24T23:30:00Z')))).toBe('2026-10-25');
    expect(formatIsoDate(londonDayOf(at('2026-07-01T22:59:59Z')))).toBe('2026-07-01');
    expect(formatIsoDate(londonDayOf(at('2026-07-01T23:00:00Z')))).toBe('2026-07-02');
  });

  it('is the UTC date in winter', () => {
    expect(formatIsoDate(londonDayOf(at('2026-10-25T23:30:00Z')))).toBe('2026-10-25');
    expect(formatIsoDate(londonDayOf(at('2026-12-31T23:59:59Z')))).toBe('2026-12-31');
  });
});

describe('startOfLondonDay', () => {
  it.each([
    ['2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'],
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
    ['2026-07-01', '2026-06-30T23:00:00.000Z'],
  ])('puts London midnight on %s at %s', (date, utc) => {
    expect(new Date(startOfLondonDay(parseIsoDate(date))).toISOString()).toBe(utc);
  });

  it('is the first instant of that London date, for any date', () => {
    fc.assert(
      fc.property(fc.integer({ min: parseIsoDate('1990-01-01'), max: parseIsoDate('2040-12-31') }), (day) => {
        const start = startOfLondonDay(day);
        expect(londonDayOf(start)).toBe(day);
        expect(londonDayOf(start - 1)).toBe(day - 1);
        expect(formatLondonDateTime(start).slice(10, 19)).toBe('T00:00:00');
      }),
    );
  });
});

describe('parseInstant', () => {
  it('reads Z and numeric offsets, with or without seconds and fractions', () => {
    expect(parseInstant('2026-07-01T14:30:00+01:00')).toBe(Date.UTC(2026, 6, 1, 13, 30));
    expect(parseInstant('2026-07-01T13:30:00Z')).toBe(Date.UTC(2026, 6, 1, 13, 30));
    expect(parseInstant('2026-07-01T08:30-05:00')).toBe(Date.UTC(2026, 6, 1, 13, 30));
    expect(parseInstant('2026-07-01T13:30:00.25Z')).toBe(Date.UTC(2026, 6, 1, 13, 30, 0, 250));
    expect(parseInstant('2026-07-01T13:30:00.123456Z')).toBe(Date.UTC(2026, 6, 1, 13, 30, 0, 123));
    expect(parseInstant('2026-01-01T00:30:00+01:00')).toBe(Date.UTC(2025, 11, 31, 23, 30));
  });

  it.each([
    '2026-07-01T14:30:00',
    '2026-07-01',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-07-01T24:00:00Z',
    '2026-07-01T14:60:00Z',
    '2026-07-01T14:30:60Z',
    '2026-07-01 14:30:00Z',
    '2026-07-01T14:30:00+0100',
    '2026-07-01T14:30:00+24:00',
    '2026-7-01T14:30:00Z',
    'Wed, 01 Jul 2026 13:30:00 GMT',
    '',
  ])('rejects %j with an InvalidDateError that names the text', (text) => {
    expect(() => parseInstant(text)).toThrow(InvalidDateError);
    expect(() => parseInstant(text)).toThrow(JSON.stringify(text));
  });
});
