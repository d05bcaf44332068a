/**
 * Zod schemas for the two kinds of date field in events. The pattern is what the JSON Schema publishes;
 * the messages explain each way a date can be wrong, because the people fixing them are administrators
 * of a case system, not developers.
 */
import { z } from 'zod';
import { DATE_OR_DATE_TIME_PATTERN, DATE_PATTERN, explainMalformedDate, isRealDay } from './calendar.ts';

function dateField(pattern: RegExp, allowTime: boolean) {
  return (
    z
      .string()
      // Aborting here keeps the calendar check from running on text it cannot read.
      .regex(pattern, { abort: true, error: (issue) => explainMalformedDate(String(issue.input), allowTime) })
      .refine(isRealDay, { error: (issue) => `${String(issue.input).slice(0, 10)} is not a real date` })
  );
}

/** A calendar day, `YYYY-MM-DD`, in the years 1900–2100 (for example a date of birth). */
export const dateSchema = dateField(DATE_PATTERN, false).meta({
  description: 'A date, YYYY-MM-DD, in the years 1900–2100.',
});

/**
 * A day (`YYYY-MM-DD`) or a moment with its offset (`2026-03-04T09:30:00Z`, `2026-06-01T14:05+01:00`),
 * in the years 1900–2100.
 */
export const dateOrDateTimeSchema = dateField(DATE_OR_DATE_TIME_PATTERN, true).meta({
  description:
    'A date (YYYY-MM-DD) or a date and time with an offset (Z or ±hh:mm; seconds optional), in the years 1900–2100.',
});
