import {
  assertDayNumber,
  type DayNumber,
  dayFromCivil,
  formatIsoDate,
  formatLongDate,
  readDateAt,
  readDigits,
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

function zoneInHour(instant: EpochMs): LondonZone {
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

// The engine reads the zone for every timed event and every hour-scale deadline, so the years a case
// history lives in (2000–2049) get a flat per-UTC-day table in front of the hourly cache: the index of
// the day's zone in `dayZones`, or whether it is unknown yet or changes within the day.
const DAY_TABLE_FIRST = dayFromCivil(2000, 1, 1);
const DAY_TABLE_DAYS = dayFromCivil(2050, 1, 1) - DAY_TABLE_FIRST;
const ZONE_UNKNOWN = -1;
const ZONE_CHANGES = -2;
const zoneOfUtcDay = new Int8Array(DAY_TABLE_DAYS).fill(ZONE_UNKNOWN);
const dayZones: LondonZone[] = [];

/** The zone for a whole UTC day, or ZONE_CHANGES on a day the clocks change. */
function readDayZone(utcDay: DayNumber): number {
  const first = zoneInHour(utcDay * MS_PER_DAY);
  const last = zoneInHour((utcDay + 1) * MS_PER_DAY - MS_PER_HOUR);
  // London's clocks change at most once a day, so the same zone at both ends holds all day.
  if (first.offsetMinutes !== last.offsetMinutes || first.zoneName !== last.zoneName) return ZONE_CHANGES;
  const known = dayZones.findIndex(
    (zone) => zone.offsetMinutes === first.offsetMinutes && zone.zoneName === first.zoneName,
  );
  return known >= 0 ? known : dayZones.push(first) - 1;
}

function londonZoneAt(instant: EpochMs): LondonZone {
  const slot = Math.floor(instant / MS_PER_DAY) - DAY_TABLE_FIRST;
  if (slot >= 0 && slot < DAY_TABLE_DAYS) {
    let index = zoneOfUtcDay[slot] as number;
    if (index === ZONE_UNKNOWN) {
      index = readDayZone(slot + DAY_TABLE_FIRST);
      zoneOfUtcDay[slot] = index;
    }
    if (index !== ZONE_CHANGES) return dayZones[index] as LondonZone;
  }
  return zoneInHour(instant);
}

/** `instant` to the whole second, once it is known to be an instant London time can be given for. */
function wholeSecondOf(instant: EpochMs): EpochMs {
  if (!Number.isFinite(instant) || instant < FIRST_INSTANT || instant > LAST_INSTANT) {
    throw new InvalidDateError(`${instant} is not an instant (epoch milliseconds) in the years 1900–9999`);
  }
  return Math.floor(instant / 1000) * 1000;
}

function readLondonClock(instant: EpochMs): LondonClock {
  const wholeSecond = wholeSecondOf(instant);
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

/** London time minus UTC at `instant`, in milliseconds. */
function londonOffsetMs(instant: EpochMs): number {
  return londonZoneAt(wholeSecondOf(instant)).offsetMinutes * MS_PER_MINUTE;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The Europe/London calendar date of an instant: 23:30 UTC on a summer evening is already the next day. */
export function londonDayOf(instant: EpochMs): DayNumber {
  const wholeSecond = wholeSecondOf(instant);
  return Math.floor((wholeSecond + londonZoneAt(wholeSecond).offsetMinutes * MS_PER_MINUTE) / MS_PER_DAY);
}

/** The instant of 00:00 London time on `day`, which is 23:00 UTC the day before during BST. */
export function startOfLondonDay(day: DayNumber): EpochMs {
  assertDayNumber(day);
  const utcMidnight = day * MS_PER_DAY;
  // London is never behind UTC, so local midnight is at or before UTC midnight. The offset read at
  // UTC midnight is right unless a clock change falls in between; reading it again at the first
  // guess corrects that, because London's clocks change in the small hours, never at midnight.
  return utcMidnight - londonOffsetMs(utcMidnight - londonOffsetMs(utcMidnight));
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

const CHAR_T = 84;
const CHAR_Z = 90;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;

/**
 * Reads `YYYY-MM-DDThh:mm[:ss[.f…]](Z|±hh:mm)` by hand: the engine reads the times of every event, and
 * a regular expression with its match array cost more than the rest of the work. Date.parse is not
 * used: it accepts many forms and reads an offset-less date-time as local time.
 */
function readInstant(text: string): EpochMs | undefined {
  if (typeof text !== 'string' || text.charCodeAt(10) !== CHAR_T || text.charCodeAt(13) !== CHAR_COLON) {
    return undefined;
  }
  const day = readDateAt(text, 0);
  const hours = readDigits(text, 11, 2);
  const minutes = readDigits(text, 14, 2);
  let position = 16;
  let seconds = 0;
  let milliseconds = 0;
  if (text.charCodeAt(position) === CHAR_COLON) {
    seconds = readDigits(text, position + 1, 2);
    position += 3;
    if (text.charCodeAt(position) === CHAR_DOT) {
      // One to nine digits; those beyond milliseconds are dropped.
      const first = position + 1;
      position = first;
      while (position - first < 9 && readDigits(text, position, 1) >= 0) position++;
      if (position === first) return undefined;
      const kept = Math.min(position - first, 3);
      milliseconds = readDigits(text, first, kept) * 10 ** (3 - kept);
    }
  }
  let offsetMinutes = 0;
  const sign = text.charCodeAt(position);
  if (sign === CHAR_PLUS || sign === CHAR_MINUS) {
    if (text.length !== position + 6 || text.charCodeAt(position + 3) !== CHAR_COLON) return undefined;
    const offsetHours = readDigits(text, position + 1, 2);
    const offsetMinute = readDigits(text, position + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMinute < 0 || offsetMinute > 59) return undefined;
    offsetMinutes = (sign === CHAR_MINUS ? -1 : 1) * (offsetHours * 60 + offsetMinute);
  } else if (sign !== CHAR_Z || text.length !== position + 1) {
    return undefined;
  }
  if (
    day === undefined ||
    hours < 0 ||
    hours > 23 ||
    minutes < 0 ||
    minutes > 59 ||
    seconds < 0 ||
    seconds > 59
  ) {
    return undefined;
  }
  return (
    day * MS_PER_DAY +
    hours * MS_PER_HOUR +
    minutes * MS_PER_MINUTE +
    seconds * 1000 +
    milliseconds -
    offsetMinutes * MS_PER_MINUTE
  );
}

/**
 * The instant of an ISO 8601 date-time with an offset (`Z` or `±hh:mm`), such as
 * `2026-07-01T14:30:00+01:00`. Seconds and fractions of a second are optional; digits beyond
 * milliseconds are dropped.
 *
 * @throws {@link InvalidDateError} naming the text when it has no offset, is in another form, or
 * names an impossible date or time.
 */
export function parseInstant(text: string): EpochMs {
  const instant = readInstant(text);
  if (instant === undefined) throw notAnInstant(text);
  return instant;
}
