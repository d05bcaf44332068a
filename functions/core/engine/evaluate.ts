/**
 * The deadline engine: a case's events, a profile and an as-of moment in; every deadline occurrence out.
 * Pure and deterministic: no clock, no I/O, and the same events in any arrival order give the same result.
 */
import type { CaseEvent } from '../../../events/index.ts';
import type { Offset } from '../../../rules/schema.ts';
import { CalendarRangeError, formatIsoDate, parseIsoDate } from '../calendar/index.ts';
import { applyEvent, type CaseState, emptyCaseState, factsOn } from './case-state.ts';
import type { Values } from './conditions.ts';
import { explainDeadline } from './explain.ts';
import { compareMoments, isAtOrAfter, type Moment } from './moments.ts';
import { type Counting, describeOffset, shift } from './offsets.ts';
import { type CompiledMatcher, intervalAt, type Profile, type Rule, regimeFor } from './rule.ts';
import { orderEvents, type TimedEvent } from './timeline.ts';

export type DeadlineStatus = 'met' | 'met-late' | 'upcoming' | 'due' | 'overdue' | 'cancelled';

/** The event that anchored, met or cancelled a deadline. */
export interface EventRef {
  event: CaseEvent;
  at: Moment;
}

/** One deadline occurrence for one rule on one case. */
export interface Deadline {
  rule: Rule;
  /** 1 for the first occurrence of this rule on the case, counting up. */
  occurrence: number;
  anchor: EventRef;
  due: Moment;
  /** How the due moment was reached, in words ("10 working days", "every 3 weeks as agreed by …"). */
  basis: string;
  status: DeadlineStatus;
  met: EventRef | null;
  cancelled: EventRef | null;
  explain: string;
}

/** Something the engine could not compute, said plainly: never a silent guess. */
export interface EvaluationProblem {
  rule: string | null;
  eventId: string | null;
  message: string;
}

export interface CaseEvaluation {
  caseId: string;
  deadlines: Deadline[];
  problems: EvaluationProblem[];
}

/** When a deadline falls due and why. */
interface Timing {
  due: Moment;
  /** How the due moment was reached, in words ("10 working days", "every 3 weeks as agreed by …"). */
  basis: string;
  /** Whether it was counted in working days (so the explanation lists the days skipped). */
  workingDays: boolean;
}

/** A deadline still being built while the events are replayed. */
export interface Draft extends Timing {
  occurrence: number;
  anchor: EventRef;
  intervalIndex: number;
  met: EventRef | null;
  cancelled: EventRef | null;
}

const matches = (matchers: readonly CompiledMatcher[], event: CaseEvent) =>
  matchers.some((m) => m.type === event.type && m.test(event.data as Values));

/** Replays one rule over a case's events and keeps its occurrences. */
class RuleRun {
  readonly drafts: Draft[] = [];
  private open: Draft[] = [];

  constructor(
    readonly rule: Rule,
    private readonly counting: Counting,
    private readonly problems: EvaluationProblem[],
  ) {}

  onEvent(timed: TimedEvent, state: CaseState) {
    const { event } = timed;
    const ref: EventRef = { event, at: timed.at };
    const satisfies = matches(this.rule.satisfiedBy, event);
    const stops = matches(this.rule.stop, event);
    if (this.rule.kind === 'once') {
      if (satisfies) this.satisfyOpen(ref);
      if (stops) this.cancelOpen(ref);
      if (matches(this.rule.start, event)) this.openAt(ref, 0, state);
      return;
    }
    const current = this.open[0];
    if (!current) {
      if (matches(this.rule.start, event)) this.openAt(ref, 0, state);
      return;
    }
    if (satisfies && isAtOrAfter(ref.at, current.anchor.at)) {
      this.satisfyOpen(ref);
      if (!stops) this.openAt(ref, current.intervalIndex + 1, state);
    } else if (stops) {
      this.cancelOpen(ref);
    } else if (matches(this.rule.restart, event)) {
      this.restartAt(ref, current, state);
    }
  }

  private satisfyOpen(ref: EventRef) {
    const still: Draft[] = [];
    for (const draft of this.open) {
      if (isAtOrAfter(ref.at, draft.anchor.at)) draft.met = ref;
      else still.push(draft);
    }
    this.open = still;
  }

  private cancelOpen(ref: EventRef) {
    for (const draft of this.open) draft.cancelled = ref;
    this.open = [];
  }

  /** A restart (a new placement, say) brings the open deadline forward when its own timescale is shorter. */
  private restartAt(ref: EventRef, current: Draft, state: CaseState) {
    const timed = this.dueFrom(ref, 0, state);
    if (timed && compareMoments(timed.due, current.due) < 0) {
      current.anchor = ref;
      current.due = timed.due;
      current.basis = timed.basis;
      current.workingDays = timed.workingDays;
      current.intervalIndex = 0;
    }
  }

  private openAt(ref: EventRef, intervalIndex: number, state: CaseState) {
    const timed = this.dueFrom(ref, intervalIndex, state);
    if (!timed) return;
    const draft: Draft = {
      occurrence: this.drafts.length + 1,
      anchor: ref,
      ...timed,
      intervalIndex,
      met: null,
      cancelled: null,
    };
    this.drafts.push(draft);
    this.open.push(draft);
  }

  /** The due moment for an interval anchored at `ref`, honouring a frequency agreed for this case. */
  private dueFrom(ref: EventRef, intervalIndex: number, state: CaseState): Timing | null {
    const facts = factsOn(state, ref.at.day);
    const regime = regimeFor(intervalAt(this.rule.intervals, intervalIndex), facts);
    try {
      const standard = this.step(ref.at, regime.offset, regime.because);
      const agreed = this.rule.kind === 'recurring' ? state.agreed.get(this.rule.id) : undefined;
      if (!agreed || agreed.day > ref.at.day) return standard;
      const agreedDue = shift(this.counting, ref.at, agreed.every);
      const floorOffset = this.floorOffset(intervalIndex, facts) ?? regime.offset;
      const floorDue = shift(this.counting, ref.at, floorOffset);
      const agreement = `every ${describeOffset(agreed.every)} as agreed by ${agreed.agreedBy} on ${formatIsoDate(agreed.day)}`;
      if (compareMoments(agreedDue, floorDue) <= 0) {
        return { due: agreedDue, basis: agreement, workingDays: agreed.every.unit === 'working-days' };
      }
      return {
        due: floorDue,
        basis: `${describeOffset(floorOffset)}: ${agreement}, but that is longer than the ${describeOffset(floorOffset)} allowed, so the limit applies`,
        workingDays: floorOffset.unit === 'working-days',
      };
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      this.problems.push({ rule: this.rule.id, eventId: ref.event.id, message: error.message });
      this.open = [];
      return null;
    }
  }

  private step(from: Moment, offset: Offset, because: string | undefined): Timing {
    const basis = because ? `${describeOffset(offset)} (${because})` : describeOffset(offset);
    return { due: shift(this.counting, from, offset), basis, workingDays: offset.unit === 'working-days' };
  }

  /** The most a case-level agreement may allow: the national floor, else the standards' stated maximum. */
  private floorOffset(intervalIndex: number, facts: Values): Offset | null {
    if (this.rule.floor) return regimeFor(intervalAt(this.rule.floor, intervalIndex), facts).offset;
    return this.rule.variationMaximum;
  }
}

function statusOf(draft: Draft, asOf: Moment): DeadlineStatus {
  if (draft.met) {
    const late =
      draft.due.ms !== null && draft.met.at.ms !== null
        ? draft.met.at.ms > draft.due.ms
        : draft.met.at.day > draft.due.day;
    return late ? 'met-late' : 'met';
  }
  if (draft.cancelled) return 'cancelled';
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
    const types = new Set(
      [...rule.start, ...rule.satisfiedBy, ...rule.stop, ...rule.restart].map((matcher) => matcher.type),
    );
    for (const type of types) index?.set(type, [...(index.get(type) ?? []), position]);
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
  const listeners = listenersByType(profile);
  const known = new Set(profile.rules.map((rule) => rule.id));
  const state = emptyCaseState();

  const timeline = orderEvents(events, asOf);
  // A day at a time: the facts a rule reads on a day are those at the end of it, so the order in which
  // a case system recorded one day's events cannot change which regime applies.
  for (let first = 0; first < timeline.length; ) {
    const day = (timeline[first] as TimedEvent).at.day;
    let end = first;
    while (end < timeline.length && (timeline[end] as TimedEvent).at.day === day) {
      const { event } = timeline[end] as TimedEvent;
      applyEvent(state, event, day, parseIsoDate);
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

  const deadlines: Deadline[] = [];
  for (const run of runs) {
    for (const draft of run.drafts) {
      const status = statusOf(draft, asOf);
      deadlines.push({
        rule: run.rule,
        occurrence: draft.occurrence,
        anchor: draft.anchor,
        due: draft.due,
        basis: draft.basis,
        status,
        met: draft.met,
        cancelled: draft.cancelled,
        explain: explainDeadline({ ...draft, status }, asOf, counting),
      });
    }
  }
  deadlines.sort(
    (a, b) =>
      compareMoments(a.due, b.due) || a.rule.id.localeCompare(b.rule.id) || a.occurrence - b.occurrence,
  );
  return { caseId, deadlines, problems };
}
