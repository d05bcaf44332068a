/**
 * Timeliness: how well each team meets each standard, month by month, computed by the deadline engine
 * over the event history; the statutory returns' measures read the same way (docs/reporting.md); and
 * the backtest a council runs before adopting Line of Sight.
 *
 * @packageDocumentation
 */
export {
  type BacktestWindow,
  type Breach,
  backtestByRule,
  caseBreaches,
  type RuleBacktest,
} from './backtest.ts';
export {
  type Cell,
  type Counts,
  combinedOver,
  figuresOf,
  type Grouping,
  type LatenessHistogram,
  type MonthlyFigures,
  mergeFigures,
  percentile,
  totalsByRule,
} from './figures.ts';
export {
  type Attribution,
  type CaseOccurrences,
  type CaseOutcome,
  caseOccurrences,
  evaluationOutcomes,
  latenessOf,
  type Occurrence,
  type Outcome,
  outcomeOf,
  teamsAsOf,
} from './outcomes.ts';
export {
  isMonth,
  lastFullMonths,
  monthsOf,
  type ReportLabels,
  type ReportQuery,
  type ReportRow,
  reportCsv,
  reportRows,
} from './report.ts';
export {
  type CaseMonth,
  caseMonths,
  type StoredCaseMonth,
  type StoredOccurrence,
  storedOccurrences,
  storedOutcome,
} from './stored.ts';
