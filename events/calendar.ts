/**
 * Reading the date and date-time strings of the ingest contract. Events arrive from case systems that
 * record some things as a day and others as a moment, so both forms are accepted wherever a time is.
 */

// Years outside these are typing mistakes (20226, 0001), not history or planning. YEAR must match them.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

// Built from parts so the date-only and date-time patterns cannot drift apart. The day range here is
// 01–31 for every month: which days a month really has is checked by isRealDay, with a clearer message.
const YEAR = '(?:19\\d\\d|20\\d\\d|2100)';
const DATE = `${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])`;
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?';
const OFFSET = '(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';

/** `YYYY-MM-DD` with the year in range; also published as the JSON Schema `pattern` for date-only fields. */
export const DATE_PATTERN = new RegExp(`^${DATE}$`);

/**
 * `YYYY-MM-DD`, or a date and time with a `Z` or `±hh:mm` offset (seconds and fractions optional).
 * A time without an offset is refused because the same wall-clock time means different instants in
 * GMT and BST, and recording-time standards are measured in hours.
 */
export const DATE_OR_DATE_TIME_PATTERN = new RegExp(`^${DATE}(?:T${TIME}${OFFSET})?$`);

const EXPECTED_DATE = 'must be a date in the form YYYY-MM-DD';
/** What a timestamp can contain; anything else is not quoted back in a message. */
const QUOTABLE = /^[\dTZ:.+-]{1,40}$/;
const EXPECTED_DATE_OR_TIME =
  'must be a date (YYYY-MM-DD) or a date and time with an offset (for example 2026-03-04T09:30:00Z)';

/**
 * Says in plain English why `text` does not match {@link DATE_PATTERN} (or, when `allowTime` is set,
 * {@link DATE_OR_DATE_TIME_PATTERN}). Only meaningful for text that has already failed the pattern.
 */
export function explainMalformedDate(text: string, allowTime: boolean): string {
  const expected = allowTime ? EXPECTED_DATE_OR_TIME : EXPECTED_DATE;
  const parts = /^(\d+)-(\d\d)-(\d\d)(?:T(.*))?$/.exec(text);
  if (!parts) return expected;
  const [, year = '', , , time] = parts;
  if (year.length !== 4 || Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR) {
    return `year ${year} is outside the accepted years ${FIRST_YEAR}–${LAST_YEAR}`;
  }
  const date = text.slice(0, 10);
  if (!DATE_PATTERN.test(date)) return `${date} is not a real date`;
  if (time === undefined) return expected;
  if (!allowTime) return 'must be a date only (YYYY-MM-DD), without a time';
  const clock = /^(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(.*)$/.exec(time);
  if (!clock) return expected;
  const [, hours = '', minutes = '', seconds = '00', zone] = clock;
  // Quoted back only when it looks like a timestamp: a value with free text after the time may hold a
  // name or a terminal escape, and messages repeat nothing of that kind.
  const shown = QUOTABLE.test(text) ? text : `${date}T${time.slice(0, time.length - (zone ?? '').length)}`;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59)
    return `${shown} is not a real time`;
  if (zone === '') return `${shown} has no time-zone offset: add Z for UTC or an offset such as +01:00`;
  return `${shown} has an offset that is not Z or ±hh:mm (such as +01:00)`;
}

/** Whether the date at the start of pattern-valid `text` exists in the calendar (2025-02-29 does not). */
export function isRealDay(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/**
 * Whether pattern-valid `a` comes before pattern-valid `b`. When either is only a date, the moment of
 * the other is unknown within its day, so only the dates (as written, in the sender's offset) are compared.
 */
export function isEarlier(a: string, b: string): boolean {
  if (!a.includes('T') || !b.includes('T')) return a.slice(0, 10) < b.slice(0, 10);
  return instant(a) < instant(b);
}

const DATE_TIME_FIELDS = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(?:Z|([+-])(\d\d):(\d\d))$/;

/** Milliseconds since the epoch (with any sub-millisecond fraction) of a pattern-valid date-time. */
function instant(text: string): number {
  const fields = DATE_TIME_FIELDS.exec(text) ?? [];
  const [, year, month, day, hours, minutes, seconds, fraction, sign, offsetHours, offsetMinutes] = fields;
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds ?? 0),
  );
  const offsetMs = (Number(offsetHours ?? 0) * 60 + Number(offsetMinutes ?? 0)) * 60_000;
  return local + Number(`0${fraction ?? ''}`) * 1000 - (sign === '-' ? -offsetMs : offsetMs);
}
