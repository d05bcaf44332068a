/**
 * What became of every deadline of a case over its whole history: met in timescale, met late (and by
 * how many working days), missed, still open and overdue, or not yet due; each attributed to the month
 * its due date falls in (Europe/London), the team the case belonged to and the worker it was allocated
 * to on that date. One evaluation of the case by the engine that sends the alerts gives them all: the
 * engine keeps every occurrence, closed ones with their due and met moments. Pure.
 */
import type { CaseEvent } from '../../../events/index.ts';
import { type DayNumber, formatIsoDate, type WorkingCalendar } from '../calendar/index.ts';
import type { DirectoryData } from '../directory/model.ts';
import { Directory } from '../directory/resolve.ts';
import {
  actingAllocation,
  type CaseAllocation,
  type CaseEvaluation,
  type Deadline,
  type EvaluationProblem,
  evaluateCase,
  type Moment,
  orderEvents,
  type Profile,
} from '../engine/index.ts';
import { isAtOrAfter } from '../engine/moments.ts';

/** What became of one deadline, as of the moment the history was read. */
export type Outcome = 'on-time' | 'late' | 'missed' | 'open-overdue' | 'not-yet-due';

/** The outcomes that say a deadline fell due: all but `not-yet-due`. */
export const FELL_DUE: ReadonlySet<Outcome> = new Set<Outcome>(['on-time', 'late', 'missed', 'open-overdue']);

/** One deadline occurrence, where it counts in the figures. */
export interface Occurrence {
  caseId: string;
  rule: string;
  /** The due date, `YYYY-MM-DD` (London). */
  dueOn: string;
  /** The month the due date falls in, `YYYY-MM`. */
  month: string;
  outcome: Outcome;
  /** Met late: working days from the due date to the day it was met (see {@link latenessOf}). */
  lateness: number | null;
  /** The case's team on the due date, from the directory; null when the directory places it nowhere. */
  teamId: string | null;
  /** The worker the case was allocated to on the due date; null while it was unallocated. */
  workerId: string | null;
}

/**
 * How late a deadline met late was, in working days from its due date to the day it was met: the
 * engine's own measure ("Overdue by 2 working days") whatever unit the rule counts in, so one scale
 * serves every rule and a manager reads the same number here as on the deadline. A deadline met late on
 * its due day (an hour-scale one) or on the weekend after it is late by 0 working days; it still counts
 * as met late. Outside the calendar's known years, calendar days are counted instead, as the
 * explanations do.
 */
export function latenessOf(due: DayNumber, met: DayNumber, calendar: WorkingCalendar): number {
  const known = (day: DayNumber) => day >= calendar.firstDay && day <= calendar.lastDay;
  return known(due) && known(met) ? calendar.workingDaysBetween(due, met) : met - due;
}

/**
 * Where one deadline stands for the figures. A deadline cancelled before its due date (the plan ended,
 * the case closed) never fell due and is left out (null). One cancelled after its due date had passed
 * unmet went past its timescale and was never met, so it counts as missed.
 */
export function outcomeOf(deadline: Deadline): Outcome | null {
  switch (deadline.status) {
    case 'met':
      return 'on-time';
    case 'met-late':
      return 'late';
    case 'missed':
      return 'missed';
    case 'overdue':
      return 'open-overdue';
    case 'upcoming':
    case 'due':
      return 'not-yet-due';
    case 'cancelled': {
      const cancelled = deadline.cancelled as NonNullable<Deadline['cancelled']>;
      return lapsedBefore(deadline.due, cancelled.at) ? 'missed' : null;
    }
  }
}

/** Whether a deadline due at `due` had lapsed unmet by `at`: past its instant, or after its day. */
const lapsedBefore = (due: Moment, at: Moment) =>
  due.ms !== null && at.ms !== null ? at.ms > due.ms : at.day > due.day;

/** A case's allocations in the order they happened, each with the moment it took effect. */
interface AllocationChange {
  at: Moment;
  allocation: CaseAllocation;
}

function allocationsOf(events: readonly CaseEvent[], asOf: Moment): AllocationChange[] {
  const changes: AllocationChange[] = [];
  for (const { event, at } of orderEvents(events, asOf)) {
    if (event.type === 'case.allocated') {
      changes.push({ at, allocation: { workerId: event.data.workerId, teamId: event.data.teamId ?? null } });
    }
  }
  return changes;
}

/** The allocation in force at `due`: the last one made at or before it (changes are in order). */
function allocationAt(changes: readonly AllocationChange[], due: Moment): CaseAllocation | null {
  let found: CaseAllocation | null = null;
  for (const change of changes) {
    if (!isAtOrAfter(due, change.at)) break;
    found = change.allocation;
  }
  return found;
}

/** What the figures need to know about the council: its calendar and which team an allocation is. */
export interface Attribution {
  calendar: WorkingCalendar;
  /** The directory's answer (`Directory.teamOf`): the allocation's team, or the duty team's when unallocated. */
  teamOf: (allocation: CaseAllocation | null) => string | null;
}

/** An allocation's team as the directory places it as of `asOf`: the figures' attribution. */
export function teamsAsOf(directory: DirectoryData, asOf: Moment): Attribution['teamOf'] {
  const resolved = new Directory(directory, formatIsoDate(asOf.day));
  return (allocation) => resolved.teamOf(allocation)?.id ?? null;
}

/** A case's occurrences, and what the engine could not compute (a date outside the calendar's years). */
export interface CaseOccurrences {
  occurrences: Occurrence[];
  problems: EvaluationProblem[];
}

/** One deadline of a case with what became of it as of the reading, and the allocation on its due date. */
export interface CaseOutcome {
  deadline: Deadline;
  outcome: Outcome;
  allocation: CaseAllocation | null;
  /** The due date, `YYYY-MM-DD` (London). */
  dueOn: string;
  /** Met late: working days late ({@link latenessOf}); otherwise null. */
  lateness: number | null;
}

/**
 * Every deadline of one case that fell due, or is still to fall due, as of `asOf`, with its outcome and
 * its allocation on its due date (not yet its team: that is the directory's answer, see
 * {@link caseOccurrences}). One evaluation of the case over its whole history.
 */
function caseOutcomes(
  caseId: string,
  events: readonly CaseEvent[],
  profile: Profile,
  asOf: Moment,
  calendar: WorkingCalendar,
): { outcomes: CaseOutcome[]; problems: EvaluationProblem[] } {
  const evaluation = evaluateCase(caseId, events, profile, asOf);
  return { outcomes: evaluationOutcomes(events, evaluation, asOf, calendar), problems: evaluation.problems };
}

/**
 * {@link caseOutcomes} from an evaluation of the case's `events` as of `asOf` already made (ingest's,
 * which stores the deadlines from the same one).
 */
export function evaluationOutcomes(
  events: readonly CaseEvent[],
  evaluation: CaseEvaluation,
  asOf: Moment,
  calendar: WorkingCalendar,
): CaseOutcome[] {
  const changes = allocationsOf(events, asOf);
  const outcomes: CaseOutcome[] = [];
  for (const deadline of evaluation.deadlines) {
    const outcome = outcomeOf(deadline);
    if (outcome === null) continue;
    const allocation = allocationAt(changes, deadline.due);
    outcomes.push({
      deadline,
      outcome,
      // An action from the board counts for its owner, in the case's team, as its notices go.
      allocation: actingAllocation(allocation, deadline.assignee),
      dueOn: formatIsoDate(deadline.due.day),
      lateness:
        outcome === 'late' && deadline.met
          ? latenessOf(deadline.due.day, deadline.met.at.day, calendar)
          : null,
    });
  }
  return outcomes;
}

/**
 * Every deadline of one case that fell due, or is still to fall due, as of `asOf`, with its outcome and
 * where it counts. One evaluation of the case over its whole history.
 */
export function caseOccurrences(
  caseId: string,
  events: readonly CaseEvent[],
  profile: Profile,
  asOf: Moment,
  attribution: Attribution,
): CaseOccurrences {
  const { outcomes, problems } = caseOutcomes(caseId, events, profile, asOf, attribution.calendar);
  const occurrences = outcomes.map(
    ({ deadline, outcome, allocation, dueOn, lateness }): Occurrence => ({
      caseId,
      rule: deadline.rule.id,
      dueOn,
      month: dueOn.slice(0, 7),
      outcome,
      lateness,
      teamId: attribution.teamOf(allocation),
      workerId: allocation?.workerId ?? null,
    }),
  );
  return { occurrences, problems };
}
