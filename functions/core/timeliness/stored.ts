/**
 * A case's share of the monthly figures as ingest stores it, month by month: what became of each of its
 * deadlines, kept as the case's allocation on the due date (ingest has no directory: the directory
 * places an allocation in a team when the figures are read), and, for a deadline still open, its due
 * moment, so that the reading classifies it as overdue or not yet due: only time moves an open deadline
 * (`openStatusAt`), and an event changing the case recomputes it. A month's stored content changes only
 * when the case's events change what falls due in it, so a past month is rewritten only then. Pure.
 */
import type { CaseEvent } from '../../../events/index.ts';
import { parseIsoDate, type WorkingCalendar } from '../calendar/index.ts';
import { type CaseAllocation, type CaseEvaluation, type Moment, openStatusAt } from '../engine/index.ts';
import { evaluationOutcomes, type Occurrence, type Outcome } from './outcomes.ts';

/** One deadline of a case as stored: settled, or open with its due moment. */
export interface StoredOccurrence {
  rule: string;
  /** The due date, `YYYY-MM-DD` (London). */
  dueOn: string;
  /** The case's allocation on the due date; null while it was unallocated. */
  allocation: CaseAllocation | null;
  /** Settled as met on time, met late or missed; or still open as of the computation. */
  outcome: 'on-time' | 'late' | 'missed' | 'open';
  /** Met late: working days late; otherwise null. */
  lateness: number | null;
  /** Open and due at an instant (an hour-scale deadline): that instant, epoch ms; otherwise null. */
  dueMs: number | null;
  /**
   * Open, of a per-period rule: its window is its period, so once past due it is missed, not overdue
   * (the engine closes it when the next period begins, the day after its due date).
   */
  windowed: boolean;
}

/** One month of a case's deadlines, by due date: what the store keeps per month and case. */
export interface CaseMonth {
  /** `YYYY-MM`. */
  month: string;
  /** In the engine's order (rule, occurrence). */
  occurrences: StoredOccurrence[];
}

/** A case's month as a month's figures read it. */
export interface StoredCaseMonth {
  caseId: string;
  month: CaseMonth;
}

/**
 * A case's months from its evaluation as of `asOf` (the moment ingest recomputes it, with the same
 * evaluation that gives its deadlines): every deadline that fell due or will, under the month its due
 * date falls in, months in order.
 */
export function caseMonths(
  events: readonly CaseEvent[],
  evaluation: CaseEvaluation,
  asOf: Moment,
  calendar: WorkingCalendar,
): CaseMonth[] {
  const months = new Map<string, StoredOccurrence[]>();
  for (const { deadline, outcome, allocation, dueOn, lateness } of evaluationOutcomes(
    events,
    evaluation,
    asOf,
    calendar,
  )) {
    const open = outcome === 'open-overdue' || outcome === 'not-yet-due';
    const stored: StoredOccurrence = {
      rule: deadline.rule.id,
      dueOn,
      allocation,
      outcome: open ? 'open' : outcome,
      lateness,
      dueMs: open ? deadline.due.ms : null,
      windowed: open && deadline.rule.kind === 'per-period',
    };
    const month = dueOn.slice(0, 7);
    const list = months.get(month);
    if (list) list.push(stored);
    else months.set(month, [stored]);
  }
  return [...months]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, occurrences]) => ({ month, occurrences }));
}

/** What a stored deadline is as of `asOf`: settled ones as stored, open ones by their due moment. */
export function storedOutcome(occurrence: StoredOccurrence, asOf: Moment): Outcome {
  if (occurrence.outcome !== 'open') return occurrence.outcome;
  const due = { day: parseIsoDate(occurrence.dueOn), ms: occurrence.dueMs };
  if (openStatusAt(due, asOf) !== 'overdue') return 'not-yet-due';
  return occurrence.windowed ? 'missed' : 'open-overdue';
}

/**
 * Stored months read back as occurrences as of `asOf`, each allocation placed in a team by `teamOf`
 * (the directory's answer, `Directory.teamOf`): what {@link caseOccurrences} gives for the same cases
 * and moment, for `figuresOf` to fold.
 */
export function storedOccurrences(
  stored: Iterable<StoredCaseMonth>,
  asOf: Moment,
  teamOf: (allocation: CaseAllocation | null) => string | null,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const { caseId, month } of stored) {
    for (const occurrence of month.occurrences) {
      occurrences.push({
        caseId,
        rule: occurrence.rule,
        dueOn: occurrence.dueOn,
        month: month.month,
        outcome: storedOutcome(occurrence, asOf),
        lateness: occurrence.lateness,
        teamId: teamOf(occurrence.allocation),
        workerId: occurrence.allocation?.workerId ?? null,
      });
    }
  }
  return occurrences;
}
