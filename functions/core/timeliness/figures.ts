/**
 * Monthly timeliness figures: per month, rule and team (and per month, rule and worker), how many
 * deadlines fell due and what became of them. A pure fold over occurrences whose results add up: the
 * figures of two sets of cases merged are the figures of both, cell by cell, so a month can be stored
 * and only a month whose events changed recomputed.
 *
 * The median and 90th percentile lateness cannot be added up, so each cell keeps its lateness values as
 * a histogram (working days late → how many): histograms add, stay small (lateness is a few distinct
 * whole numbers however many deadlines), and give any percentile exactly. A sorted list of every value
 * would merge too, but grows with every deadline.
 */
import { FELL_DUE, type Occurrence } from './outcomes.ts';

/** Which figures a cell is: a team's, or a worker's. */
export type Grouping = 'team' | 'worker';

/** Lateness of deadlines met late: `[working days late, how many]`, by days ascending, counts above 0. */
export type LatenessHistogram = (readonly [days: number, count: number])[];

/** What became of the deadlines of one cell. */
export interface Counts {
  /** Met on time, met late, missed or open and overdue: every deadline whose due date has come. */
  fellDue: number;
  onTime: number;
  late: number;
  missed: number;
  openOverdue: number;
  /** Still open and not yet due as of the reading (only in the current month and later). */
  notYetDue: number;
  lateness: LatenessHistogram;
}

/** One cell of the figures: a month, a team or worker (null: none known), a rule. */
export interface Cell extends Counts {
  month: string;
  by: Grouping;
  /** The team's or worker's id; null when none is known (an unallocated case with no duty team). */
  key: string | null;
  rule: string;
}

/** Every cell, ordered by month, grouping, key (none first) and rule. Plain data: it stores as JSON. */
export interface MonthlyFigures {
  cells: Cell[];
}

const cellKey = (cell: Pick<Cell, 'month' | 'by' | 'key' | 'rule'>) =>
  `${cell.month}\u0000${cell.by}\u0000${cell.key ?? ''}\u0000${cell.key === null ? 0 : 1}\u0000${cell.rule}`;

const emptyCell = (month: string, by: Grouping, key: string | null, rule: string): Cell => ({
  month,
  by,
  key,
  rule,
  fellDue: 0,
  onTime: 0,
  late: 0,
  missed: 0,
  openOverdue: 0,
  notYetDue: 0,
  lateness: [],
});

/** Two histograms added: counts of equal lateness summed. */
function addHistograms(a: LatenessHistogram, b: LatenessHistogram): LatenessHistogram {
  const sum: LatenessHistogram = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x[0] < y[0])) {
      sum.push(x);
      i += 1;
    } else if (y && (!x || y[0] < x[0])) {
      sum.push(y);
      j += 1;
    } else if (x && y) {
      sum.push([x[0], x[1] + y[1]]);
      i += 1;
      j += 1;
    }
  }
  return sum;
}

function addCounts(into: Cell, counts: Counts) {
  into.fellDue += counts.fellDue;
  into.onTime += counts.onTime;
  into.late += counts.late;
  into.missed += counts.missed;
  into.openOverdue += counts.openOverdue;
  into.notYetDue += counts.notYetDue;
  into.lateness = addHistograms(into.lateness, counts.lateness);
}

/** What one occurrence adds to its cells. */
function countsOf(occurrence: Occurrence): Counts {
  const { outcome, lateness } = occurrence;
  return {
    fellDue: FELL_DUE.has(outcome) ? 1 : 0,
    onTime: outcome === 'on-time' ? 1 : 0,
    late: outcome === 'late' ? 1 : 0,
    missed: outcome === 'missed' ? 1 : 0,
    openOverdue: outcome === 'open-overdue' ? 1 : 0,
    notYetDue: outcome === 'not-yet-due' ? 1 : 0,
    lateness: lateness === null ? [] : [[lateness, 1]],
  };
}

/** Cells gathered by key, then put in their order. */
class Accumulator {
  private readonly cells = new Map<string, Cell>();

  add(month: string, by: Grouping, key: string | null, rule: string, counts: Counts) {
    const id = cellKey({ month, by, key, rule });
    let cell = this.cells.get(id);
    if (!cell) {
      cell = emptyCell(month, by, key, rule);
      this.cells.set(id, cell);
    }
    addCounts(cell, counts);
  }

  figures(): MonthlyFigures {
    const keyed = [...this.cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { cells: keyed.map(([, cell]) => cell) };
  }
}

/** The figures of some occurrences: each counts once under its team and once under its worker. */
export function figuresOf(occurrences: Iterable<Occurrence>): MonthlyFigures {
  const accumulator = new Accumulator();
  for (const occurrence of occurrences) {
    const counts = countsOf(occurrence);
    accumulator.add(occurrence.month, 'team', occurrence.teamId, occurrence.rule, counts);
    accumulator.add(occurrence.month, 'worker', occurrence.workerId, occurrence.rule, counts);
  }
  return accumulator.figures();
}

/** Figures added cell by cell: those of several sets of cases (or of several months) as one. */
export function mergeFigures(...all: readonly MonthlyFigures[]): MonthlyFigures {
  const accumulator = new Accumulator();
  for (const figures of all) {
    for (const cell of figures.cells) accumulator.add(cell.month, cell.by, cell.key, cell.rule, cell);
  }
  return accumulator.figures();
}

/**
 * The cells of these teams or workers (`keys`, of grouping `by`) added together month by month and
 * rule by rule, under `key`: the figures of a manager's line, or of a unit and those below it, as one.
 */
export function combinedOver(
  figures: MonthlyFigures,
  by: Grouping,
  keys: ReadonlySet<string>,
  key: string,
): MonthlyFigures {
  const accumulator = new Accumulator();
  for (const cell of figures.cells) {
    if (cell.by === by && cell.key !== null && keys.has(cell.key))
      accumulator.add(cell.month, by, key, cell.rule, cell);
  }
  return accumulator.figures();
}

/** Each rule's counts over every cell of the figures (all months, teams or workers): a span's totals. */
export function totalsByRule(figures: MonthlyFigures): Map<string, Counts> {
  const totals = new Map<string, Cell>();
  for (const cell of figures.cells) {
    const total = totals.get(cell.rule) ?? emptyCell('', cell.by, null, cell.rule);
    addCounts(total, cell);
    totals.set(cell.rule, total);
  }
  return totals;
}

/**
 * The `p`-th percentile (0 < p ≤ 100) of a histogram by the nearest-rank method: the smallest value
 * with at least p% of the values at or below it, that is the value at rank ⌈p/100 × n⌉ (1-based) in
 * ascending order. Always one of the values, never an interpolation; so the median of an even count is
 * the lower of the middle two. Null for an empty histogram.
 */
export function percentile(histogram: LatenessHistogram, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], not ${p}`);
  const n = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  // p × n first: (p / 100) × n is not exact in floating point (0.9 × 10 → 9.000000000000002).
  const rank = Math.ceil((p * n) / 100);
  let seen = 0;
  for (const [days, count] of histogram) {
    seen += count;
    if (seen >= rank) return days;
  }
  return null;
}
