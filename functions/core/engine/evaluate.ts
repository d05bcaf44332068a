/**
 * The deadline engine: a case's events, a profile and an as-of moment in; every deadline occurrence out.
 * Pure and deterministic: no clock, no I/O, and the same events in any arrival order give the same result.
 */
import { type CaseEvent, EVENT_TYPES } from '../../../events/index.ts';
import { parseIsoDate } from '../calendar/index.ts';
import { applyEvent, CaseDay, emptyCaseState } from './case-state.ts';
import { explainDeadline } from './explain.ts';
import { compareMoments, isAtOrAfter, type Moment, momentOf } from './moments.ts';
import type { Counting } from './offsets.ts';
import type { Profile, Rule } from './rule.ts';
import {
  type Draft,
  type EvaluationProblem,
  type EventRef,
  type Lapse,
  type Roles,
  RuleRun,
  rolesFor,
} from './rule-run.ts';
import { orderEvents, type TimedEvent } from './timeline.ts';

export type { EvaluationProblem, EventRef } from './rule-run.ts';

/**
 * Where a deadline stands: met (on time or late), still to do (upcoming, due today, overdue), no longer
 * needed (cancelled), or missed (its window closed unmet: a term without a PEP, three visits without the
 * bedroom seen).
 */
export type DeadlineStatus = 'met' | 'met-late' | 'upcoming' | 'due' | 'overdue' | 'cancelled' | 'missed';

/** The statuses of a deadline still to be met: due in the future, today, or past. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set<DeadlineStatus>(['upcoming', 'due', 'overdue']);

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
  /** Rules with items: the item it is for (a board action's id). */
  item?: string;
  /** Rules with items that name one: the member of staff who must act, by directory id. */
  assignee?: string;
}

/**
 * A deadline as evaluated. Its explanation is worded when first read (most deadlines of a long history
 * never are), by a getter on the prototype: spreading a deadline copies everything but `explain`.
 */
class EvaluatedDeadline implements Deadline {
  readonly occurrence: number;
  readonly anchor: EventRef;
  readonly due: Moment;
  readonly met: EventRef | null;
  readonly cancelled: EventRef | null;
  readonly item?: string;
  readonly assignee?: string;
  readonly #draft: Draft;
  readonly #asOf: Moment;
  readonly #counting: Counting;
  /** The rule's place in the order of rule ids. */
  readonly #idRank: number;
  #explanation: string | undefined;

  constructor(
    readonly rule: Rule,
    draft: Draft,
    readonly status: DeadlineStatus,
    asOf: Moment,
    counting: Counting,
    idRank: number,
  ) {
    this.occurrence = draft.occurrence;
    this.anchor = draft.anchor;
    this.due = draft.due;
    this.met = status === 'met' || status === 'met-late' ? draft.met : null;
    this.cancelled = status === 'cancelled' ? draft.cancelled : null;
    if (draft.item !== null) this.item = draft.item;
    if (draft.assignee !== null) this.assignee = draft.assignee;
    this.#draft = draft;
    this.#asOf = asOf;
    this.#counting = counting;
    this.#idRank = idRank;
  }

  /** A case's deadlines in order: by due moment, then rule id, then occurrence. */
  static order(a: EvaluatedDeadline, b: EvaluatedDeadline): number {
    return compareMoments(a.due, b.due) || a.#idRank - b.#idRank || a.occurrence - b.occurrence;
  }

  get explain(): string {
    this.#explanation ??= explainDeadline(
      this.#draft,
      this.status,
      this.rule.kind,
      this.#asOf,
      this.#counting,
    );
    return this.#explanation;
  }
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
  // Closed only by what happened by `asOf` (the visit that ended a count, the start of the next period),
  // so missed from then on, whenever it is computed.
  if (draft.closed) return 'missed';
  return openStatusAt(draft.due, asOf);
}

/**
 * Where a deadline still to be met stands as of `asOf`: only the passing of time moves it from
 * upcoming to due to overdue, so a stored due date gives its status at any later moment until an
 * event changes the case.
 */
export function openStatusAt(due: Moment, asOf: Moment): 'upcoming' | 'due' | 'overdue' {
  if (due.ms !== null && asOf.ms !== null && asOf.ms > due.ms) return 'overdue';
  if (asOf.day > due.day) return 'overdue';
  return asOf.day === due.day ? 'due' : 'upcoming';
}

/** One rule listening to one event type, with its matchers for that type. */
interface Listener {
  position: number;
  roles: Roles;
  /** Events of this type never start the rule: they only matter to a run that is not idle. */
  cannotStart: boolean;
}

/** What evaluating any case under a profile needs, worked out once per profile. */
interface ProfilePlan {
  /** Which rules (by position in the profile) listen to each event type. */
  listeners: Map<string, Listener[]>;
  /** Each rule's place in the order of rule ids, to break ties between deadlines due together. */
  idRank: Map<Rule, number>;
  /** The profile's rule ids: an agreed frequency for any other rule is reported and ignored. */
  ruleIds: Set<string>;
  /** Rules started by other rules' breaches: the rules they follow, and their matchers by event type. */
  breachRules: BreachRule[];
}

/** A rule started by other rules' breaches, run once every other rule's deadlines are known. */
interface BreachRule {
  position: number;
  /** The positions of the rules whose breaches start it (those in the profile). */
  sources: number[];
  listening: Map<string, Roles>;
}

const plans = new WeakMap<Profile, ProfilePlan>();

function planFor(profile: Profile): ProfilePlan {
  let plan = plans.get(profile);
  if (plan) return plan;
  const listeners = new Map<string, Listener[]>();
  const breachRules: BreachRule[] = [];
  profile.rules.forEach((rule, position) => {
    if (rule.breachOf.length > 0) {
      breachRules.push(breachRuleAt(profile, position));
      return;
    }
    const matchers = [
      ...rule.start,
      ...rule.satisfiedBy,
      ...rule.stop,
      ...rule.restart,
      ...rule.reconsider,
      ...(rule.count?.events ?? []),
      ...(rule.extension ? [rule.extension.matcher] : []),
      ...(rule.anchor?.firstAfterStart ?? []),
      ...(rule.item?.movedBy ?? []),
    ];
    // A rule that stops applying when facts change must see every event that could change them.
    const types = rule.appliesWhile ? EVENT_TYPES : new Set(matchers.map((matcher) => matcher.type));
    for (const type of types) {
      const roles = rolesFor(rule, type);
      listeners.set(type, [
        ...(listeners.get(type) ?? []),
        { position, roles, cannotStart: roles.start.length === 0 },
      ]);
    }
  });
  // Ranks follow localeCompare, as deadlines were always ordered, with equal ids sharing a rank.
  const byId = [...profile.rules].sort((a, b) => a.id.localeCompare(b.id));
  const idRank = new Map<Rule, number>();
  byId.forEach((rule, index) => {
    const previous = byId[index - 1];
    idRank.set(
      rule,
      previous && previous.id.localeCompare(rule.id) === 0 ? (idRank.get(previous) as number) : index,
    );
  });
  plan = { listeners, idRank, ruleIds: new Set(profile.rules.map((rule) => rule.id)), breachRules };
  plans.set(profile, plan);
  return plan;
}

function breachRuleAt(profile: Profile, position: number): BreachRule {
  const rule = profile.rules[position] as Rule;
  const sources = rule.breachOf.flatMap((id) => {
    const source = profile.rules.findIndex((candidate) => candidate.id === id);
    return source === -1 ? [] : [source];
  });
  const types = new Set([...rule.satisfiedBy, ...rule.stop].map((matcher) => matcher.type));
  return { position, sources, listening: new Map([...types].map((type) => [type, rolesFor(rule, type)])) };
}

/**
 * When a deadline went unmet past its due, if it had by `asOf` (its status says): the due instant of an
 * hour-scale deadline, else the day after its due date. One cancelled after its due had lapsed first.
 */
function breachMoment(draft: Draft, status: DeadlineStatus): Moment | null {
  const lapsed =
    status === 'overdue' ||
    status === 'missed' ||
    status === 'met-late' ||
    (status === 'cancelled' && draft.cancelled !== null && isLate(draft.cancelled.at, draft.due));
  return lapsed ? lapseMoment(draft) : null;
}

/** When a deadline lapses if nothing meets it: its due instant, or the day after its due date. */
const lapseMoment = (draft: Draft): Moment =>
  draft.due.ms !== null ? draft.due : { day: draft.due.day + 1, ms: null };

/**
 * The deadlines of a rule's run that lapsed by `asOf`, and those still open, which lapse at their
 * breach moment unless an event meets or ends them first; each hangs from the event it counted from.
 * An open deadline's lapse is known now, so what follows it is in the projection from the start: a
 * case with no event after the lapse still has it, and no recomputation is needed to make it appear.
 * An event that meets the deadline in time recomputes the case, and the follow-up goes quietly.
 */
function lapsesOf(run: RuleRun | undefined, asOf: Moment): Lapse[] {
  const lapses: Lapse[] = [];
  for (const draft of run?.drafts ?? []) {
    const status = statusOf(draft, asOf);
    const at = OPEN_STATUSES.has(status) ? lapseMoment(draft) : breachMoment(draft, status);
    if (at)
      lapses.push({ ref: { event: draft.anchor.event, at }, rule: (run as RuleRun).rule, due: draft.due });
  }
  return lapses;
}

/**
 * A rule started by breaches, replayed over the case's events with its lapses in their place: a lapse
 * comes before any event at or after its moment, so oversight recorded on the day a deadline lapsed
 * answers it, and oversight before the lapse does not.
 */
function replayLapses(run: RuleRun, lapses: Lapse[], timeline: readonly TimedEvent[], rule: BreachRule) {
  lapses.sort((a, b) => compareMoments(a.ref.at, b.ref.at));
  let next = 0;
  for (const timed of timeline) {
    const roles = rule.listening.get(timed.event.type);
    if (roles === undefined) continue;
    while (next < lapses.length && isAtOrAfter(timed.at, (lapses[next] as Lapse).ref.at)) {
      run.onBreach(lapses[next++] as Lapse);
    }
    run.onAnswer(timed, roles);
  }
  while (next < lapses.length) run.onBreach(lapses[next++] as Lapse);
}

/**
 * The occurrence numbers of a rule with items: every event of the case that could open one of its
 * deadlines (a start or a move), retracted or not, numbered from 1 in the order they occurred (then
 * by id). Withdrawing an item (retracting its start) leaves the others' numbers as they were, so the
 * notice ledger, keyed on the occurrence, never takes one item's notices for another's.
 */
function itemOccurrences(rule: Rule, events: readonly CaseEvent[]): Map<string, number> {
  const types = new Set([...rule.start, ...(rule.item?.movedBy ?? [])].map((matcher) => matcher.type));
  const opening = new Map<string, Moment>();
  for (const event of events) {
    if (types.has(event.type) && !opening.has(event.id)) opening.set(event.id, momentOf(event.occurredAt));
  }
  const ordered = [...opening].sort(
    ([idA, a], [idB, b]) => compareMoments(a, b) || (idA < idB ? -1 : idA > idB ? 1 : 0),
  );
  return new Map(ordered.map(([id], index) => [id, index + 1]));
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
  const { listeners, idRank, ruleIds, breachRules } = planFor(profile);
  // A rule's run is made when the first event that could start it arrives: most cases meet a
  // fraction of the profile's rules, and a rule never started has no deadlines.
  const runs: (RuleRun | undefined)[] = new Array(profile.rules.length);
  const periodRuns: RuleRun[] = [];
  const runAt = (position: number) => {
    let run = runs[position];
    if (!run) {
      const rule = profile.rules[position] as Rule;
      run = new RuleRun(rule, counting, problems, rule.item ? itemOccurrences(rule, events) : null);
      runs[position] = run;
      if (run.rule.kind === 'per-period') periodRuns.push(run);
    }
    return run;
  };
  // Whether each rule's `appliesWhen` holds, worked out at most once a day: many rules start on most
  // events but apply to few children (the disabled, the care leavers).
  const checkedOn = new Float64Array(profile.rules.length).fill(Number.NaN);
  const applies = new Uint8Array(profile.rules.length);
  const appliesOn = (position: number, caseDay: CaseDay) => {
    if (checkedOn[position] !== caseDay.day) {
      checkedOn[position] = caseDay.day;
      applies[position] = (profile.rules[position] as Rule).appliesWhen(caseDay.facts) ? 1 : 0;
    }
    return applies[position] === 1;
  };
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
      if (event.type === 'visit_frequency.agreed' && !ruleIds.has(event.data.rule)) {
        problems.push({
          rule: event.data.rule,
          eventId: event.id,
          message: `a visiting frequency was agreed for rule ${event.data.rule}, which the ${profile.name} profile does not have; it was ignored`,
        });
      }
      end += 1;
    }
    const caseDay = new CaseDay(state, day);
    for (let i = first; i < end; i++) {
      const timed = timeline[i] as TimedEvent;
      const listening = listeners.get(timed.event.type);
      if (listening === undefined) continue;
      for (const { position, roles, cannotStart } of listening) {
        // An idle run only hears what starts it, and nothing starts a rule whose facts do not hold.
        const idle = runs[position]?.idle ?? true;
        if (idle && (cannotStart || !appliesOn(position, caseDay))) continue;
        runAt(position).onEvent(timed, roles, caseDay);
      }
    }
    first = end;
  }
  for (const run of periodRuns) run.advanceTo(asOf.day);
  // Rules started by breaches, once every other rule's deadlines are known (they follow no such rule).
  for (const breachRule of breachRules) {
    const lapses = breachRule.sources.flatMap((source) => lapsesOf(runs[source], asOf));
    if (lapses.length > 0) replayLapses(runAt(breachRule.position), lapses, timeline, breachRule);
  }

  const deadlines: EvaluatedDeadline[] = [];
  for (const run of runs) {
    if (!run) continue;
    const rank = idRank.get(run.rule) as number;
    for (const draft of run.drafts) {
      deadlines.push(new EvaluatedDeadline(run.rule, draft, statusOf(draft, asOf), asOf, counting, rank));
    }
  }
  deadlines.sort(EvaluatedDeadline.order);
  return { caseId, deadlines, problems, allocation };
}
