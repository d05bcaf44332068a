/**
 * Yearly cycles of periods (school terms) for per-period rules: which period a date falls in.
 */
import type { Period } from '../../../rules/schema.ts';
import { addDays, type DayNumber, formatIsoDate, parseIsoDate } from '../calendar/index.ts';

/** One period in one year: its name and first and last days. */
export interface PeriodSpan {
  name: string;
  start: DayNumber;
  end: DayNumber;
}

// Every chain of a per-period rule asks for the same few years' terms: each year's starts are worked
// out once per cycle of periods.
const startsByYear = new WeakMap<readonly Period[], Map<number, DayNumber[]>>();

/** The first day of each period in `year`, in the periods' order. */
function startsIn(periods: readonly Period[], year: number): DayNumber[] {
  let byYear = startsByYear.get(periods);
  if (!byYear) {
    byYear = new Map();
    startsByYear.set(periods, byYear);
  }
  let starts = byYear.get(year);
  if (!starts) {
    starts = periods.map((period) => parseIsoDate(`${year}-${period.from}`));
    byYear.set(year, starts);
  }
  return starts;
}

/** The period containing `day`, given periods sorted by their `from` (at least one). */
export function currentPeriod(periods: readonly Period[], day: DayNumber): PeriodSpan {
  const year = Number(formatIsoDate(day).slice(0, 4));
  // The starts of last year's, this year's and next year's periods, in order: `day` falls in the
  // period of the last start on or before it, which ends the day before the next start.
  const count = periods.length;
  const startAt = (index: number) =>
    startsIn(periods, year - 1 + Math.floor(index / count))[index % count] as DayNumber;
  let index = 0;
  while (index + 1 < 3 * count && startAt(index + 1) <= day) index++;
  return {
    name: (periods[index % count] as Period).name,
    start: startAt(index),
    end: addDays(startAt(index + 1), -1),
  };
}
