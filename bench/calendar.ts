/**
 * Working-day arithmetic: the project's indexed calendar against a straightforward baseline that steps
 * a day at a time with date-fns `addBusinessDays` and skips the bank holidays in a Set of ISO dates.
 */
import { addBusinessDays } from 'date-fns';
import { civilFromDay, type DayNumber, dayFromCivil } from '../functions/core/calendar/days.ts';
import { englandAndWalesBankHolidays } from '../functions/core/calendar/england-and-wales-bank-holidays.ts';
import { englandAndWalesCalendar, formatIsoDate } from '../functions/core/calendar/index.ts';
import { median, round } from './measure.ts';

export interface CalendarFigures {
  /** The years the anchors are drawn from: every known year but the last (`2010–2027`). */
  anchors: string;
  operations: number;
  rounds: number;
  projectOpsPerSecond: number;
  baselineOpsPerSecond: number;
  ratio: number;
  verified: number;
  mismatches: number;
}

const pad = (value: number) => (value < 10 ? `0${value}` : String(value));
/** `YYYY-MM-DD` of a local-time Date, as the baseline keys its holiday Set. */
const isoKey = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const holidaySet = new Set(englandAndWalesBankHolidays.holidays.map((holiday) => formatIsoDate(holiday.day)));

/** `n` (≥ 1) working days after `start`: next business day, again while it is a bank holiday. */
export function baselineAddWorkingDays(start: Date, n: number): Date {
  let date = start;
  for (let left = n; left > 0; ) {
    date = addBusinessDays(date, 1);
    if (!holidaySet.has(isoKey(date))) left--;
  }
  return date;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run asks the same questions. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchCalendar(quick: boolean): CalendarFigures {
  const operations = quick ? 20_000 : 200_000;
  const rounds = quick ? 3 : 7;
  const random = seeded(20_260_101);
  // Every known year but the last, so that 60 working days on from any anchor is still a known date.
  const { firstYear, lastYear } = englandAndWalesBankHolidays;
  const first = englandAndWalesCalendar.firstDay;
  const last = dayFromCivil(lastYear - 1, 12, 31);
  const days: DayNumber[] = [];
  const dates: Date[] = [];
  const ns: number[] = [];
  for (let i = 0; i < operations; i++) {
    const day = first + Math.floor(random() * (last - first + 1));
    const { year, month, day: dayOfMonth } = civilFromDay(day);
    days.push(day);
    dates.push(new Date(year, month - 1, dayOfMonth));
    ns.push(1 + Math.floor(random() * 60));
  }

  // Both must give the same answers before either is timed.
  let mismatches = 0;
  for (let i = 0; i < operations; i++) {
    const ours = formatIsoDate(englandAndWalesCalendar.addWorkingDays(days[i] as number, ns[i] as number));
    if (ours !== isoKey(baselineAddWorkingDays(dates[i] as Date, ns[i] as number))) mismatches++;
  }

  let sink = 0;
  const runProject = () => {
    const started = performance.now();
    for (let i = 0; i < operations; i++) {
      sink += englandAndWalesCalendar.addWorkingDays(days[i] as number, ns[i] as number);
    }
    return performance.now() - started;
  };
  const runBaseline = () => {
    const started = performance.now();
    for (let i = 0; i < operations; i++) {
      sink += baselineAddWorkingDays(dates[i] as Date, ns[i] as number).getDate();
    }
    return performance.now() - started;
  };
  // Interleaved rounds, so both see the same load on a shared machine; the median of each is kept.
  const project: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    project.push(runProject());
    baseline.push(runBaseline());
  }
  if (sink === Number.NEGATIVE_INFINITY) console.log(sink);
  const projectOps = operations / (median(project) / 1000);
  const baselineOps = operations / (median(baseline) / 1000);
  return {
    anchors: `${firstYear}–${lastYear - 1}`,
    operations,
    rounds,
    projectOpsPerSecond: round(projectOps),
    baselineOpsPerSecond: round(baselineOps),
    ratio: round(projectOps / baselineOps, 1),
    verified: operations,
    mismatches,
  };
}
