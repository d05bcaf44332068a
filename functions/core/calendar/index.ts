/**
 * The working-day calendar: civil dates as day numbers, calendar and working-day offsets over the
 * England & Wales bank holidays, and instants shown in London time. Pure: time is always passed in.
 *
 * @packageDocumentation
 */

export {
  type DayNumber,
  dayOfWeek,
  formatIsoDate,
  formatLongDate,
  formatShortDate,
  type IsoDate,
  isIsoDate,
  parseIsoDate,
  readIsoDate,
} from './days.ts';
export { CalendarRangeError, InvalidDateError } from './errors.ts';
export {
  type EpochMs,
  formatLondonDateTime,
  formatLondonHuman,
  londonDayOf,
  parseInstant,
  startOfLondonDay,
} from './london-time.ts';
export { addDays, addMonths, addYears, ageOn } from './offsets.ts';
export {
  type AddWorkingDaysOptions,
  type ClosureDay,
  createWorkingCalendar,
  englandAndWalesCalendar,
  type NonWorkingDay,
  type WorkingCalendar,
  type WorkingCalendarOptions,
} from './working-days.ts';
