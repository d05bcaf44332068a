/**
 * Thrown when text or a number does not denote a real calendar date or instant, for example
 * `2026-02-30`, `2026-1-5` or a date-time without an offset. The message names the offending input.
 */
export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';
}

/**
 * Thrown when a working-day question reaches outside the years whose bank holidays the calendar
 * knows. Answering anyway would silently treat unknown bank holidays as working days, so a deadline
 * could be reported a day early; the message names the date and the known years instead.
 */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
}
