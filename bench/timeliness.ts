/**
 * Timeliness figures on one core: every case of a synthetic council (up to three years of history
 * each) folded into monthly figures, against the engine's evaluation of the same cases as the baseline
 * measured in the same run (the figures evaluate each case once, so the ratio is what attribution and
 * the fold add); then the 12-month report read from the figures; and the 12-month report as `los report
 * timeliness` reads it from the store: the entries ingest keeps for each case and month folded (a
 * month with no figures kept), and the team figures kept for each past month parsed and rowed, against
 * the report worked out again from every case's events. Reading the table is not included.
 */
import { formatIsoDate, londonDayOf } from '../functions/core/calendar/index.ts';
import { evaluateCase, type Moment, type Profile } from '../functions/core/engine/index.ts';
import {
  type Attribution,
  type Cell,
  caseMonths,
  caseOccurrences,
  figuresOf,
  lastFullMonths,
  type MonthlyFigures,
  mergeFigures,
  reportRows,
  type StoredCaseMonth,
  storedOccurrences,
  teamsAsOf,
} from '../functions/core/timeliness/index.ts';
import { COMPUTED_AT, slices } from './council.ts';
import { round } from './measure.ts';

export interface TimelinessFigures {
  cases: number;
  occurrences: number;
  cells: number;
  /** Cases per second: evaluating alone (the baseline), and evaluating into monthly figures. */
  engineCasesPerSecond: number;
  figuresCasesPerSecond: number;
  /** How much longer the figures take than the evaluation alone. */
  ratio: number;
  /** Seconds for the first full computation of every case's figures. */
  firstComputationSeconds: number;
  /** Milliseconds for the 12-month report by team and rule from the computed figures. */
  reportMs: number;
  reportRows: number;
  /** The stored entries of the 12 months: one per case and month it has deadlines in. */
  storedEntries: number;
  /** Their size as the table holds them (JSON), in megabytes. */
  storedMegabytes: number;
  /** Milliseconds to fold the 12 months' entries into figures: a reading with no figures kept. */
  entriesReportMs: number;
  /** The 12 months' team figures as kept for the next reading (JSON), in megabytes. */
  keptMegabytes: number;
  /** Milliseconds for the 12-month report by team and rule from the kept figures, parsed, merged, rowed. */
  storedReportMs: number;
  /** The stored report's time as a share of the report worked out again from the events. */
  storedRatio: number;
}

export function benchTimeliness(quick: boolean, profile: Profile): TimelinessFigures {
  const total = quick ? 2_000 : 20_000;
  const asOf: Moment = { day: londonDayOf(COMPUTED_AT), ms: COMPUTED_AT };
  let engineMs = 0;
  let figuresMs = 0;
  let occurrences = 0;
  let sink = 0;
  const parts: MonthlyFigures[] = [];
  const { from, to } = lastFullMonths(formatIsoDate(asOf.day));
  // Each slice's stored months with its own directory's placing of allocations, as the figures have.
  const stored: { entries: StoredCaseMonth[]; teamOf: Attribution['teamOf'] }[] = [];
  let warm = false;
  for (const slice of slices(total)) {
    const entries = [...slice.cases];
    const attribution = { calendar: profile.calendar, teamOf: teamsAsOf(slice.directory, asOf) };
    // Warm-up: a tenth of the first slice both ways compiles the hot paths before anything is timed.
    if (!warm) {
      for (const [caseId, events] of entries.slice(0, entries.length / 10)) {
        sink += caseOccurrences(caseId, events, profile, asOf, attribution).occurrences.length;
      }
      warm = true;
    }
    // Interleaved per slice, so that both see the same load on a shared machine.
    let started = performance.now();
    for (const [caseId, events] of entries)
      sink += evaluateCase(caseId, events, profile, asOf).deadlines.length;
    engineMs += performance.now() - started;
    started = performance.now();
    const found = entries.flatMap(
      ([caseId, events]) => caseOccurrences(caseId, events, profile, asOf, attribution).occurrences,
    );
    parts.push(figuresOf(found));
    figuresMs += performance.now() - started;
    occurrences += found.length;
    // What ingest stores for these cases (untimed: ingest computes it with the deadlines), kept for the
    // report's 12 months only.
    const kept: StoredCaseMonth[] = [];
    for (const [caseId, events] of entries) {
      const evaluation = evaluateCase(caseId, events, profile, asOf);
      for (const month of caseMonths(events, evaluation, asOf, profile.calendar)) {
        if (month.month >= from && month.month <= to) kept.push({ caseId, month });
      }
    }
    stored.push({ entries: kept, teamOf: attribution.teamOf });
  }
  let started = performance.now();
  const figures = mergeFigures(...parts);
  figuresMs += performance.now() - started;
  started = performance.now();
  const query = { from, to, by: 'team' as const, keys: null, rule: null };
  const labels = { nameOf: () => null, titleOf: (rule: string) => rule };
  const rows = reportRows(figures, query, labels);
  const reportMs = performance.now() - started;
  const storedEntries = stored.reduce((sum, slice) => sum + slice.entries.length, 0);
  const storedMegabytes =
    stored.reduce(
      (sum, slice) =>
        sum + slice.entries.reduce((size, entry) => size + JSON.stringify(entry.month).length, 0),
      0,
    ) / 1e6;
  started = performance.now();
  const folded = figuresOf(stored.flatMap(({ entries, teamOf }) => storedOccurrences(entries, asOf, teamOf)));
  const entriesReportMs = performance.now() - started;
  // Each month's team cells as the report keeps them (the parts' JSON), then read back as it reads them.
  const kept = new Map<string, Cell[]>();
  for (const cell of folded.cells) {
    if (cell.by !== 'team') continue;
    const month = kept.get(cell.month);
    if (month) month.push(cell);
    else kept.set(cell.month, [cell]);
  }
  const keptJson = [...kept.values()].map((cells) => JSON.stringify(cells));
  started = performance.now();
  // As `los report timeliness` reads them: each month's cells parsed, one month after another.
  const storedRows = reportRows(
    { cells: keptJson.flatMap((json) => JSON.parse(json) as Cell[]) },
    query,
    labels,
  );
  const storedReportMs = performance.now() - started;
  if (JSON.stringify(storedRows) !== JSON.stringify(rows))
    throw new Error('the stored report and the computed one disagree');
  if (sink < 0) console.log(sink);
  return {
    cases: total,
    occurrences,
    cells: figures.cells.length,
    engineCasesPerSecond: round(total / (engineMs / 1000)),
    figuresCasesPerSecond: round(total / (figuresMs / 1000)),
    ratio: round(figuresMs / engineMs, 2),
    firstComputationSeconds: round(figuresMs / 1000, 1),
    reportMs: round(reportMs, 1),
    reportRows: rows.length,
    storedEntries,
    storedMegabytes: round(storedMegabytes, 1),
    entriesReportMs: round(entriesReportMs, 1),
    keptMegabytes: round(keptJson.reduce((sum, json) => sum + json.length, 0) / 1e6, 1),
    storedReportMs: round(storedReportMs, 1),
    storedRatio: round(storedReportMs / (figuresMs + reportMs), 4),
  };
}

const n = (value: number) => value.toLocaleString('en-GB');

/** The timeliness figures as the benchmark prints them. */
export function timelinessLines(figures: TimelinessFigures): string[] {
  return [
    `Timeliness, one core, ${n(figures.cases)} synthetic cases: ${n(figures.occurrences)} deadlines into ${n(figures.cells)} monthly cells`,
    `  baseline: evaluate only   ${n(figures.engineCasesPerSecond)} cases/s`,
    `  monthly figures           ${n(figures.figuresCasesPerSecond)} cases/s (${figures.ratio}× the baseline's time); first full computation ${figures.firstComputationSeconds} s`,
    `  12-month report by team   ${figures.reportMs} ms from the figures (${n(figures.reportRows)} rows; target under 1 s)`,
    `  stored entries            ${n(figures.storedEntries)} case-months for the 12 months (${figures.storedMegabytes} MB as JSON): folded in ${figures.entriesReportMs} ms, read not included`,
    `  12-month report, stored   ${figures.storedReportMs} ms from the months' kept team figures (${figures.keptMegabytes} MB as JSON, read not included); ${figures.storedRatio}× the time of working it out again from the events`,
  ];
}
