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

const startIn = (year: number, period: Period) => parseIsoDate(`${year}-${period.from}`);

/** The period containing `day`, given periods sorted by their `from` (at least one). */
export function currentPeriod(periods: readonly Period[], day: DayNumber): PeriodSpan {
  const year = Number(formatIsoDate(day).slice(0, 4));
  const starts = [year - 1, year, year + 1].flatMap((y) =>
    periods.map((period) => ({ period, start: startIn(y, period) })),
  );
  const index = starts.findLastIndex((candidate) => candidate.start <= day);
  const current = starts[index] as { period: Period; start: DayNumber };
  const next = starts[index + 1] as { start: DayNumber };
  return { name: current.period.name, start: current.start, end: addDays(next.start, -1) };
}
