/**
 * The timeliness report from monthly figures: the rows for a span of months, a team or worker set and a
 * rule, with the share met in timescale and the median and 90th percentile lateness; and the same rows
 * as CSV for Excel. Pure.
 */
import { addMonths, formatIsoDate, parseIsoDate } from '../calendar/index.ts';
import { csvField } from '../directory/csv.ts';
import { type Cell, type Grouping, type MonthlyFigures, percentile } from './figures.ts';

/** Which rows to show. */
export interface ReportQuery {
  /** First and last month, `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  by: Grouping;
  /** Only these teams (or workers); null for all, including cells with none known. */
  keys: ReadonlySet<string> | null;
  /** Only this rule; null for all. */
  rule: string | null;
}

/** One row of the report: a month, a team or worker, a rule; a cell's counts without its histogram. */
export interface ReportRow extends Omit<Cell, 'lateness'> {
  name: string | null;
  title: string;
  /** Met in timescale as a percentage of those that fell due, to one decimal place; null when none did. */
  inTimescalePercent: number | null;
  /** Working days late of those met late, by the nearest-rank method; null when none was met late. */
  medianLateness: number | null;
  p90Lateness: number | null;
}

/** Names for the rows: a team's or worker's, a rule's title. */
export interface ReportLabels {
  nameOf: (by: Grouping, key: string) => string | null;
  titleOf: (rule: string) => string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether text is a month, `YYYY-MM`. */
export const isMonth = (text: string) => MONTH.test(text);

/**
 * The last `count` full months before the month of `asOfDay` (`YYYY-MM-DD`): as of 7 December 2026,
 * December 2025 to November 2026.
 */
export function lastFullMonths(asOfDay: string, count = 12): { from: string; to: string } {
  const first = parseIsoDate(`${asOfDay.slice(0, 7)}-01`);
  return {
    from: formatIsoDate(addMonths(first, -count)).slice(0, 7),
    to: formatIsoDate(addMonths(first, -1)).slice(0, 7),
  };
}

/** Every month from `from` to `to` (`YYYY-MM`), in order. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let day = parseIsoDate(`${from}-01`); ; day = addMonths(day, 1)) {
    const month = formatIsoDate(day).slice(0, 7);
    if (month > to) return months;
    months.push(month);
  }
}
function rowOf(cell: Cell, labels: ReportLabels): ReportRow {
  return {
    month: cell.month,
    by: cell.by,
    key: cell.key,
    name: cell.key === null ? null : labels.nameOf(cell.by, cell.key),
    rule: cell.rule,
    title: labels.titleOf(cell.rule),
    fellDue: cell.fellDue,
    onTime: cell.onTime,
    late: cell.late,
    missed: cell.missed,
    openOverdue: cell.openOverdue,
    notYetDue: cell.notYetDue,
    inTimescalePercent: cell.fellDue === 0 ? null : Math.round((cell.onTime / cell.fellDue) * 1000) / 10,
    medianLateness: percentile(cell.lateness, 50),
    p90Lateness: percentile(cell.lateness, 90),
  };
}

/** The rows a query asks for, in the figures' order (month, team or worker, rule). */
export function reportRows(figures: MonthlyFigures, query: ReportQuery, labels: ReportLabels): ReportRow[] {
  const wanted = (cell: Cell) =>
    cell.by === query.by &&
    cell.month >= query.from &&
    cell.month <= query.to &&
    (query.rule === null || cell.rule === query.rule) &&
    (query.keys === null || (cell.key !== null && query.keys.has(cell.key)));
  return figures.cells.filter(wanted).map((cell) => rowOf(cell, labels));
}

const CSV_COLUMNS = [
  'month',
  'grouping',
  'id',
  'name',
  'rule',
  'title',
  'fell_due',
  'met_in_timescale',
  'met_late',
  'missed',
  'open_overdue',
  'not_yet_due',
  'percent_in_timescale',
  'median_working_days_late',
  'p90_working_days_late',
] as const;

const text = (value: string | number | null) => (value === null ? '' : String(value));

/**
 * The rows as CSV for Excel: a UTF-8 byte-order mark (without it Excel reads UTF-8 as its own code
 * page), a header row, one row per month, team or worker and rule; fields quoted as RFC 4180 says;
 * CRLF line endings. An empty figure (no percentile when nothing was late) is an empty field.
 */
export function reportCsv(rows: readonly ReportRow[]): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) =>
      [
        row.month,
        row.by,
        row.key,
        row.name,
        row.rule,
        row.title,
        row.fellDue,
        row.onTime,
        row.late,
        row.missed,
        row.openOverdue,
        row.notYetDue,
        row.inTimescalePercent,
        row.medianLateness,
        row.p90Lateness,
      ]
        .map((value) => csvField(text(value)))
        .join(','),
    ),
  ];
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}
