import {
  assertDayNumber,
  type DayNumber,
  dayFromCivil,
  dayFromCivilIfReal,
  formatIsoDate,
  formatLongDate,
} from './days.ts';
import { InvalidDateError } from './errors.ts';

/** An instant as milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

// London has kept whole-hour offsets from GMT since 1847; before that the time zone data gives local
// mean time offsets in seconds, which an ISO offset cannot show. 1900 is a safe, round lower bound.
const FIRST_INSTANT: EpochMs = dayFromCivil(1900, 1, 1) * MS_PER_DAY;
const LAST_INSTANT: EpochMs = (dayFromCivil(9999, 12, 31) + 1) * MS_PER_DAY - 1;

// Building a formatter is slow and it holds no state between calls, so one serves every call. The
// time zone database decides BST and GMT; 'h23' avoids midnight being shown as hour 24.
const londonClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

interface LondonClock {
  readonly day: DayNumber;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** London time minus UTC. */
  readonly offsetMinutes: number;
  /** As the time zone database abbreviates it: 'GMT' or 'BST'. */
  readonly zoneName: string;
}

/** London's offset from UTC and its abbreviation, read from the time zone database. */
interface LondonZone {
  readonly offsetMinutes: number;
  readonly zoneName: string;
}

// London's clocks change on whole UTC hours, so the offset is constant within each UTC hour: one
// reading of the time zone database per hour serves every instant in it. Reading it is the slowest
// thing the engine does; the cache holds at most one entry per hour the engine has been asked about.
const zoneByUtcHour = new Map<number, LondonZone>();

function londonZoneAt(instant: EpochMs): LondonZone {
  const hour = Math.floor(instant / MS_PER_HOUR);
  let zone = zoneByUtcHour.get(hour);
  if (zone) return zone;
  const hourStart = hour * MS_PER_HOUR;
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let zoneName = '';
  for (const part of londonClockFormat.formatToParts(hourStart)) {
    if (part.type === 'timeZoneName') zoneName = part.value;
    else if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wallClockAsUtc =
    dayFromCivil(fields.year, fields.month, fields.day) * MS_PER_DAY +
    fields.hour * MS_PER_HOUR +
    fields.minute * MS_PER_MINUTE +
    fields.second * 1000;
  zone = { offsetMinutes: (wallClockAsUtc - hourStart) / MS_PER_MINUTE, zoneName };
  zoneByUtcHour.set(hour, zone);
  return zone;
}

function readLondonClock(instant: EpochMs): LondonClock {
  if (!Number.isFinite(instant) || instant < FIRST_INSTANT || instant > LAST_INSTANT) {
    throw new InvalidDateError(`${instant} is not an instant (epoch milliseconds) in the years 1900–9999`);
  }
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const { offsetMinutes, zoneName } = londonZoneAt(wholeSecond);
  const local = wholeSecond + offsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const secondOfDay = (local - day * MS_PER_DAY) / 1000;
  return {
    day,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
    second: secondOfDay % 60,
    offsetMinutes,
    zoneName,
  };
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The Europe/London calendar date of an instant: 23:30 UTC on a summer evening is already the next day. */
export function londonDayOf(instant: EpochMs): DayNumber {
  return readLondonClock(instant).day;
}

/** The instant of 00:00 London time on `day`, which is 23:00 UTC the day before during BST. */
export function startOfLondonDay(day: DayNumber): EpochMs {
  assertDayNumber(day);
  const utcMidnight = day * MS_PER_DAY;
  // London is never behind UTC, so local midnight is at or before UTC midnight. The offset read at
  // UTC midnight is right unless a clock change falls in between; reading it again at the first
  // guess corrects that, because London's clocks change in the small hours, never at midnight.
  const firstGuess = utcMidnight - readLondonClock(utcMidnight).offsetMinutes * MS_PER_MINUTE;
  return utcMidnight - readLondonClock(firstGuess).offsetMinutes * MS_PER_MINUTE;
}

/** An ISO 8601 date-time in London time with its offset, to the second: `2026-07-01T14:30:00+01:00`. */
export function formatLondonDateTime(instant: EpochMs): string {
  const clock = readLondonClock(instant);
  const sign = clock.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(clock.offsetMinutes);
  const time = `${twoDigits(clock.hour)}:${twoDigits(clock.minute)}:${twoDigits(clock.second)}`;
  return `${formatIsoDate(clock.day)}T${time}${sign}${twoDigits(Math.floor(offset / 60))}:${twoDigits(offset % 60)}`;
}

/** A London date and time for people to read: `Wed 1 Jul 2026, 14:30 BST` (GMT in winter). */
export function formatLondonHuman(instant: EpochMs): string {
  const clock = readLondonClock(instant);
  return `${formatLongDate(clock.day)}, ${twoDigits(clock.hour)}:${twoDigits(clock.minute)} ${clock.zoneName}`;
}

function notAnInstant(text: string): InvalidDateError {
  return new InvalidDateError(`${JSON.stringify(text)} is not an ISO date-time with an offset`);
}

// Date.parse accepts many forms and reads an offset-less date-time as local time, so an instant is
// only accepted with an explicit offset.
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant of an ISO 8601 date-time with an offset (`Z` or `±hh:mm`), such as
 * `2026-07-01T14:30:00+01:00`. Seconds and fractions of a second are optional; digits beyond
 * milliseconds are dropped.
 *
 * @throws {@link InvalidDateError} naming the text when it has no offset, is in another form, or
 * names an impossible date or time.
 */
export function parseInstant(text: string): EpochMs {
  const match = typeof text === 'string' ? INSTANT_PATTERN.exec(text) : null;
  if (match === null) throw notAnInstant(text);
  const [
    ,
    year,
    month,
    dayOfMonth,
    hour,
    minute,
    second = '0',
    fraction = '',
    sign,
    offsetHour = '0',
    offsetMinute = '0',
  ] = match;
  const day = dayFromCivilIfReal(Number(year), Number(month), Number(dayOfMonth));
  const hours = Number(hour);
  const minutes = Number(minute);
  const seconds = Number(second);
  const offsetHours = Number(offsetHour);
  const offsetMinutes = Number(offsetMinute);
  if (
    day === undefined ||
    hours > 23 ||
    minutes > 59 ||
    seconds > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    throw notAnInstant(text);
  }
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  return (
    day * MS_PER_DAY + hours * MS_PER_HOUR + minutes * MS_PER_MINUTE + seconds * 1000 + milliseconds - offset
  );
}
