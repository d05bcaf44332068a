/**
 * The deadline engine: a case's events, a profile and an as-of moment in; every deadline occurrence out.
 * Pure and deterministic: no clock, no I/O, and the same events in any arrival order give the same result.
 */
import { type CaseEvent, EVENT_TYPES } from '../../../events/index.ts';
import { parseIsoDate } from '../calendar/index.ts';
import { applyEvent, emptyCaseState } from './case-state.ts';
import { explainDeadline } from './explain.ts';
import { compareMoments, isAtOrAfter, type Moment } from './moments.ts';
import type { Counting } from './offsets.ts';
import type { Profile, Rule } from './rule.ts';
import { type Draft, type EvaluationProblem, type EventRef, RuleRun } from './rule-run.ts';
import { orderEvents, type TimedEvent } from './timeline.ts';

export type { EvaluationProblem, EventRef } from './rule-run.ts';

/**
 * Where a deadline stands: met (on time or late), still to do (upcoming, due today, overdue), no longer
 * needed (cancelled), or missed (its window closed unmet: a term without a PEP, three visits without the
 * bedroom seen).
 */
export type DeadlineStatus = 'met' | 'met-late' | 'upcoming' | 'due' | 'overdue' | 'cancelled' | 'missed';

/** One deadline occurrence for one rule on one case. */
export interface Deadline {
  rule: Rule;
  /** 1 for the first occurrence of this rule on the case, counting up. */
  occurrence: number;
  anchor: EventRef;
  due: Moment;
  status: DeadlineStatus;
  /** What met it, once that has happened by the as-of moment. */
  met: EventRef | null;
  cancelled: EventRef | null;
  explain: string;
}

/** The worker (and team) a case is allocated to: alerts go to them. */
export interface CaseAllocation {
  workerId: string;
  teamId: string | null;
}

export interface CaseEvaluation {
  caseId: string;
  deadlines: Deadline[];
  problems: EvaluationProblem[];
  /** The latest `case.allocated` by the as-of moment; null while the case is unallocated. */
  allocation: CaseAllocation | null;
}

const isLate = (met: Moment, due: Moment) =>
  due.ms !== null && met.ms !== null ? met.ms > due.ms : met.day > due.day;

/** Where a deadline stands as of `asOf`. A deadline met after `asOf` (recorded later, say) is still open. */
function statusOf(draft: Draft, asOf: Moment): DeadlineStatus {
  if (draft.met && isAtOrAfter(asOf, draft.met.at))
    return isLate(draft.met.at, draft.due) ? 'met-late' : 'met';
  if (draft.cancelled) return 'cancelled';
  if (draft.closed && asOf.day > draft.due.day) return 'missed';
  if (draft.due.ms !== null && asOf.ms !== null && asOf.ms > draft.due.ms) return 'overdue';
  if (asOf.day > draft.due.day) return 'overdue';
  return asOf.day === draft.due.day ? 'due' : 'upcoming';
}

const runIndexCache = new WeakMap<Profile, Map<string, number[]>>();

/** Which rules (by position) listen to each event type, built once per profile. */
function listenersByType(profile: Profile): Map<string, number[]> {
  let index = runIndexCache.get(profile);
  if (index) return index;
  index = new Map();
  profile.rules.forEach((rule, position) => {
    const matchers = [
      ...rule.start,
      ...rule.satisfiedBy,
      ...rule.stop,
      ...rule.restart,
      ...(rule.count?.events ?? []),
    ];
    // A rule that stops applying when facts change must see every event that could change them.
    const types = rule.appliesWhile ? EVENT_TYPES : new Set(matchers.map((matcher) => matcher.type));
    for (const type of types) {
      index?.set(type, [...(index.get(type) ?? []), position]);
    }
  });
  runIndexCache.set(profile, index);
  return index;
}

/**
 * Evaluates one case. `events` may arrive in any order and include retractions and duplicates; only
 * events that occurred by `asOf` count. `asOf` carries an instant for hour-scale deadlines.
 */
export function evaluateCase(
  caseId: string,
  events: readonly CaseEvent[],
  profile: Profile,
  asOf: Moment,
): CaseEvaluation {
  const problems: EvaluationProblem[] = [];
  const counting: Counting = {
    calendar: profile.calendar,
    inclusiveWorkingDays: profile.inclusiveWorkingDays,
  };
  const runs = profile.rules.map((rule) => new RuleRun(rule, counting, problems));
  const periodRuns = runs.filter((run) => run.rule.kind === 'per-period');
  const listeners = listenersByType(profile);
  const known = new Set(profile.rules.map((rule) => rule.id));
  const state = emptyCaseState();
  let allocation: CaseAllocation | null = null;

  const timeline = orderEvents(events, asOf);
  // A day at a time: the facts a rule reads on a day are those at the end of it, so the order in which
  // a case system recorded one day's events cannot change which regime applies.
  for (let first = 0; first < timeline.length; ) {
    const day = (timeline[first] as TimedEvent).at.day;
    for (const run of periodRuns) run.advanceTo(day);
    let end = first;
    while (end < timeline.length && (timeline[end] as TimedEvent).at.day === day) {
      const { event } = timeline[end] as TimedEvent;
      applyEvent(state, event, day, parseIsoDate);
      if (event.type === 'case.allocated') {
        allocation = { workerId: event.data.workerId, teamId: event.data.teamId ?? null };
      }
      if (event.type === 'visit_frequency.agreed' && !known.has(event.data.rule)) {
        problems.push({
          rule: event.data.rule,
          eventId: event.id,
          message: `a visiting frequency was agreed for rule ${event.data.rule}, which the ${profile.name} profile does not have; it was ignored`,
        });
      }
      end += 1;
    }
    for (let i = first; i < end; i++) {
      const timed = timeline[i] as TimedEvent;
      for (const position of listeners.get(timed.event.type) ?? []) runs[position]?.onEvent(timed, state);
    }
    first = end;
  }
  for (const run of periodRuns) run.advanceTo(asOf.day);

  const deadlines: Deadline[] = [];
  for (const run of runs) {
    for (const draft of run.drafts) {
      const status = statusOf(draft, asOf);
      // Most deadlines of a long history are never shown to anyone: word the explanation when asked.
      let explanation: string | undefined;
      deadlines.push({
        rule: run.rule,
        occurrence: draft.occurrence,
        anchor: draft.anchor,
        due: draft.due,
        status,
        met: status === 'met' || status === 'met-late' ? draft.met : null,
        cancelled: status === 'cancelled' ? draft.cancelled : null,
        get explain() {
          explanation ??= explainDeadline(draft, status, run.rule.kind, asOf, counting);
          return explanation;
        },
      });
    }
  }
  deadlines.sort(
    (a, b) =>
      compareMoments(a.due, b.due) || a.rule.id.localeCompare(b.rule.id) || a.occurrence - b.occurrence,
  );
  return { caseId, deadlines, problems, allocation };
}
