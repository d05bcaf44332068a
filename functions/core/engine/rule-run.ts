/**
 * One rule replayed over one case's events: the state machine for each kind of rule, and how each
 * deadline's due moment is worked out (and from what, for its explanation).
 */
import type { CaseEvent, EventType } from '../../../events/index.ts';
import type { Offset } from '../../../rules/schema.ts';
import { addYears, CalendarRangeError } from '../calendar/index.ts';
import type { CaseDay, CaseState } from './case-state.ts';
import type { Values } from './conditions.ts';
import { eventTypeLabel } from './event-labels.ts';
import { compareMoments, isAtOrAfter, type Moment, momentOf } from './moments.ts';
import { type Counting, shift, shiftSoonest } from './offsets.ts';
import { currentPeriod, type PeriodSpan } from './periods.ts';
import type { Reason } from './reasons.ts';
import { type CompiledMatcher, type CompiledRegime, intervalAt, type Rule, regimeFor } from './rule.ts';

/** The event that anchored, met or cancelled a deadline. */
export interface EventRef {
  event: CaseEvent;
  at: Moment;
}

/** When a deadline falls due and why. */
export interface Timing {
  due: Moment;
  /** Why it is due then: worded by `reasonWords` when an explanation is read. */
  reason: Reason;
  /** The moment the offset was counted from, and whether in working days (to name the days skipped). */
  countedFrom: Moment;
  workingDays: boolean;
}

/** A deadline while the events are replayed. */
export interface Draft extends Timing {
  occurrence: number;
  anchor: EventRef;
  intervalIndex: number;
  met: EventRef | null;
  cancelled: EventRef | null;
  /** Count rules: how many counted events have happened in this window. */
  counted: number;
  /** Count and per-period rules: the window closed, so it can no longer be met. */
  closed: boolean;
  /** Events before this moment do not meet it (rules with `satisfiableAfter`); else the anchor. */
  opensAt: Moment;
  /** Rules with items: the item it is for (a board action's id), and who must act on it; else null. */
  item: string | null;
  assignee: string | null;
}

/** Rules with items: the item a deadline is for, and who must act on it. */
type ItemOf = Pick<Draft, 'item' | 'assignee'>;

const NO_ITEM: ItemOf = { item: null, assignee: null };
const everyDraft = () => true;

/**
 * A deadline of another rule that went unmet past its due: what starts a rule started by breaches. It
 * hangs from the event the missed deadline counted from, at the moment it was missed.
 */
export interface Lapse {
  ref: EventRef;
  rule: Rule;
  due: Moment;
}

/** Something the engine could not compute, said plainly: never a silent guess. */
export interface EvaluationProblem {
  rule: string | null;
  eventId: string | null;
  message: string;
}

/**
 * A rule's matchers for one event type: what an event of that type can do to the rule, worked out once
 * per profile so that replaying an event tests only the conditions that could apply to it.
 */
export interface Roles {
  start: readonly CompiledMatcher[];
  satisfiedBy: readonly CompiledMatcher[];
  stop: readonly CompiledMatcher[];
  restart: readonly CompiledMatcher[];
  reconsider: readonly CompiledMatcher[];
  count: readonly CompiledMatcher[];
  anchor: readonly CompiledMatcher[];
  extend: readonly CompiledMatcher[];
  /** Rules with items: what moves an item's due date. */
  move: readonly CompiledMatcher[];
}

/** The matchers of each role of `rule` that can match an event of `type`. */
export function rolesFor(rule: Rule, type: string): Roles {
  const ofType = (matchers: readonly CompiledMatcher[]) => matchers.filter((m) => m.type === type);
  return {
    start: ofType(rule.start),
    satisfiedBy: ofType(rule.satisfiedBy),
    stop: ofType(rule.stop),
    restart: ofType(rule.restart),
    reconsider: ofType(rule.reconsider),
    count: ofType(rule.count?.events ?? []),
    anchor: ofType(rule.anchor?.firstAfterStart ?? []),
    extend: ofType(rule.extension ? [rule.extension.matcher] : []),
    move: ofType(rule.item?.movedBy ?? []),
  };
}

/** Whether any of `matchers` (all for the event's type) accepts the event's data, and the day's facts. */
function matches(matchers: readonly CompiledMatcher[], event: CaseEvent, day: CaseDay): boolean {
  for (const matcher of matchers) {
    if (matcher.test(event.data as Values) && (matcher.when === null || matcher.when(day.facts))) return true;
  }
  return false;
}

/** Replays one rule over a case's events and keeps its deadlines. */
export class RuleRun {
  readonly drafts: Draft[] = [];
  private open: Draft[] = [];
  /** Once rules with `onlyFirst`: whether this episode has already opened its deadline. */
  private started = false;
  /** Per-period rules: the chain's opening event, and the next period to open. */
  private periodChain: { ref: EventRef; next: PeriodSpan } | null = null;
  /** Once rules with an anchor: deadlines counted from their start until an anchor event follows it. */
  private awaiting: Draft[] = [];

  /** How this rule counts: the profile's working days, and the rule's own convention for days. */
  private readonly counting: Counting;

  /**
   * @param occurrences Rules with items: each start's and move's occurrence number, by event id,
   * counted over every such event of the case, retracted ones included, so that withdrawing one item
   * leaves the others' numbers (and so their notices' ledger keys) as they were.
   */
  constructor(
    readonly rule: Rule,
    private readonly profileCounting: Counting,
    private readonly problems: EvaluationProblem[],
    private readonly occurrences: ReadonlyMap<string, number> | null = null,
  ) {
    this.counting = rule.beginningWith ? { ...profileCounting, beginningWith: true } : profileCounting;
  }

  /**
   * Whether an event that cannot start this rule would change nothing: no deadline is open, no
   * per-period chain runs, no `onlyFirst` episode waits for a stop, and no deadline waits for its anchor.
   */
  get idle(): boolean {
    return (
      this.open.length === 0 &&
      this.periodChain === null &&
      !(this.rule.onlyFirst && this.started) &&
      this.awaiting.length === 0
    );
  }

  /** Moves the clock to `day`: per-period rules open each period that has begun. */
  advanceTo(day: number) {
    const chain = this.periodChain;
    while (chain && chain.next.start <= day) {
      this.closeOpen();
      this.openDraft(chain.ref, 0, this.periodTiming(chain.ref, chain.next));
      chain.next = currentPeriod(this.rule.periods ?? [], chain.next.end + 1);
    }
  }

  /** Replays one event of the day `day`; `roles` are this rule's matchers for the event's type. */
  onEvent(ref: EventRef, roles: Roles, day: CaseDay) {
    const { event } = ref;
    if (this.rule.appliesWhile && this.open.length > 0 && !this.rule.appliesWhile(day.facts)) {
      this.cancelOpen(ref);
      this.started = false;
      this.periodChain = null;
      return;
    }
    const starts = matches(roles.start, event, day) && this.rule.appliesWhen(day.facts);
    const satisfies = matches(roles.satisfiedBy, event, day);
    const stops = matches(roles.stop, event, day);
    switch (this.rule.kind) {
      case 'once':
        if (matches(roles.anchor, event, day)) this.anchorAwaiting(ref, day);
        if (matches(roles.extend, event, day)) this.extendOpen(ref);
        if (this.rule.item)
          return this.itemEvent(ref, starts, satisfies, stops, matches(roles.move, event, day), day);
        return this.onceEvent(ref, starts, satisfies, stops, day);
      case 'recording':
        if (starts) this.recordingEvent(ref, day);
        return;
      case 'per-period':
        if (stops) {
          this.cancelOpen(ref);
          this.periodChain = null;
        } else if (satisfies) this.satisfyOpen(ref);
        else if (starts && !this.periodChain)
          this.periodChain = { ref, next: this.nextPeriodAfter(ref.at.day) };
        return;
      case 'count':
        return this.countEvent(ref, starts, satisfies, stops, matches(roles.count, event, day), day);
      case 'recurring':
        return this.recurringEvent(ref, starts, satisfies, stops, this.recurringChange(ref, roles, day), day);
    }
  }

  private onceEvent(ref: EventRef, starts: boolean, satisfies: boolean, stops: boolean, day: CaseDay) {
    if (satisfies) this.satisfyOpen(ref);
    if (stops) {
      this.endWait(ref);
      this.cancelOpen(ref);
      this.started = false;
    }
    if (!starts || (this.rule.onlyFirst && this.started)) return;
    if (this.rule.replaceOnStart) this.cancelOpen(ref);
    this.started = true;
    if (this.rule.anchor) this.openAwaiting(ref, day);
    else this.openDraft(ref, 0, this.timingFor(ref, 0, day));
  }

  /**
   * Once rules with items: each start opens its item's deadline; what names an item meets, moves or
   * stops only that item's, and what names none (the case closed) stops them all. A move closes the
   * item's open deadline as no longer needed and opens one for the new date, for the same assignee.
   */
  private itemEvent(
    ref: EventRef,
    starts: boolean,
    satisfies: boolean,
    stops: boolean,
    moves: boolean,
    day: CaseDay,
  ) {
    const field = this.rule.item?.field ?? '';
    const data = ref.event.data as Values;
    const named = typeof data[field] === 'string' ? (data[field] as string) : null;
    const concerns = named === null ? everyDraft : (draft: Draft) => draft.item === named;
    if (satisfies) this.satisfyOpen(ref, concerns);
    if (stops) this.cancelOpen(ref, concerns);
    if (moves && named !== null) {
      const moved = this.open.filter(concerns);
      this.cancelOpen(ref, concerns);
      for (const draft of moved) {
        this.openDraft(ref, 0, this.timingFor(ref, 0, day), { item: named, assignee: draft.assignee });
      }
    }
    if (!starts || named === null) return;
    const assigneeField = this.rule.item?.assignee;
    const assignee = assigneeField ? data[assigneeField] : null;
    this.openDraft(ref, 0, this.timingFor(ref, 0, day), {
      item: named,
      assignee: typeof assignee === 'string' ? assignee : null,
    });
  }

  /**
   * Once rules with an anchor: a start opens a deadline counted from itself until the first anchor event
   * after it (the allocation after a threshold decision) is recorded. A new start ends the wait of any
   * earlier deadline, which stays counted from its own start.
   */
  private openAwaiting(start: EventRef, day: CaseDay) {
    this.endWait(start);
    const draft = this.addDraft(start, 0, this.anchoredTiming(start, start, day));
    if (!draft) return;
    this.open.push(draft);
    this.awaiting.push(draft);
  }

  /**
   * The first anchor event after their start: each deadline waiting for one is counted from it instead,
   * met or not (a child seen before the allocation was seen in time), and still met by what happened
   * from its start on.
   */
  private anchorAwaiting(ref: EventRef, day: CaseDay) {
    for (const draft of this.awaiting) {
      const timing = this.anchoredTiming(ref, draft.anchor, day);
      if (timing) Object.assign(draft, timing, { anchor: ref });
    }
    this.awaiting = [];
  }

  /** No anchor event came before `until` (a stop, a new start): the waiting deadlines stay counted from their start. */
  private endWait(until: EventRef) {
    for (const draft of this.awaiting) {
      if (draft.reason.kind === 'anchored') draft.reason.until = until;
    }
    this.awaiting = [];
  }

  /** The timing counted from `from`: the start itself, or the first anchor event after it. */
  private anchoredTiming(from: EventRef, start: EventRef, day: CaseDay): Timing | null {
    try {
      const regime = regimeFor(intervalAt(this.rule.intervals, 0), day.facts);
      const types = [...new Set((this.rule.anchor?.firstAfterStart ?? []).map((matcher) => matcher.type))];
      const awaited = types.map((type) => eventTypeLabel(type as EventType)).join(' or ');
      return this.step(from.at, regime.offsets, {
        kind: 'anchored',
        regime,
        from,
        start,
        awaited,
        until: null,
      });
    } catch (error) {
      return this.calendarProblem(from, error);
    }
  }

  /** Rules started by breaches: a deadline another rule missed opens one, counted from when it was missed. */
  onBreach(lapse: Lapse) {
    this.openDraft(lapse.ref, 0, this.breachTiming(lapse));
  }

  /**
   * Rules started by breaches hear only what meets or stops them, once every breach is known. They read
   * no facts about the case (the rule model refuses `when` on them), so only the event's data is tested.
   */
  onAnswer(ref: EventRef, roles: Roles) {
    const data = ref.event.data as Values;
    if (roles.satisfiedBy.some((matcher) => matcher.test(data))) this.satisfyOpen(ref);
    if (roles.stop.some((matcher) => matcher.test(data))) this.cancelOpen(ref);
  }

  private breachTiming(lapse: Lapse): Timing | null {
    try {
      const regime = regimeFor(intervalAt(this.rule.intervals, 0), {});
      const lapsed = { title: lapse.rule.title, due: lapse.due };
      return this.step(lapse.ref.at, regime.offsets, { kind: 'breach', regime, lapsed, at: lapse.ref.at });
    } catch (error) {
      return this.calendarProblem(lapse.ref, error);
    }
  }

  /** What else an event does to a recurring chain: restart it, or change the facts its interval reads. */
  private recurringChange(ref: EventRef, roles: Roles, day: CaseDay): 'restart' | 'reconsider' | null {
    if (matches(roles.restart, ref.event, day)) return 'restart';
    return matches(roles.reconsider, ref.event, day) ? 'reconsider' : null;
  }

  private recurringEvent(
    ref: EventRef,
    starts: boolean,
    satisfies: boolean,
    stops: boolean,
    change: 'restart' | 'reconsider' | null,
    day: CaseDay,
  ) {
    const current = this.open[0];
    if (!current) {
      if (starts) this.openDraft(ref, 0, this.timingFor(ref, 0, day));
      return;
    }
    if (satisfies && isAtOrAfter(ref.at, current.anchor.at)) {
      this.satisfyOpen(ref);
      if (!stops)
        this.openDraft(ref, current.intervalIndex + 1, this.timingFor(ref, current.intervalIndex + 1, day));
    } else if (stops) {
      this.cancelOpen(ref);
    } else if (change === 'restart') {
      // A restart (a new placement) brings the open deadline forward when its own timescale is shorter.
      const timing = this.timingFor(ref, 0, day);
      if (timing && compareMoments(timing.due, current.due) < 0) {
        Object.assign(current, timing, { anchor: ref, intervalIndex: 0 });
      }
    } else if (change === 'reconsider') {
      this.reconsider(current, ref, day);
    }
  }

  /**
   * The facts that chose the open deadline's interval may have changed (a disabled child's plan became
   * a child protection plan): the interval is worked out again from the same anchor with the facts
   * now, and the deadline brought forward when that ends sooner, to this event's day at the earliest
   * (no breach is dated before the change that caused it). A deadline is never put back, and one
   * already met is no longer open, so it is not touched.
   */
  private reconsider(current: Draft, ref: EventRef, day: CaseDay) {
    const timing = this.timingFor(current.anchor, current.intervalIndex, day);
    if (!timing) return;
    const passed = timing.due.day < ref.at.day;
    const due: Moment = passed ? { day: ref.at.day, ms: null } : timing.due;
    if (compareMoments(due, current.due) >= 0) return;
    const reason: Reason = { kind: 'reconsidered', was: timing.reason, changedBy: ref, passed };
    Object.assign(
      current,
      passed ? { due, reason, countedFrom: ref.at, workingDays: false } : { ...timing, reason },
    );
  }

  /**
   * Recording rules: the event must be recorded within the timescale of when it happened. Its deadline
   * is met as it opens, so it never joins the open ones.
   */
  private recordingEvent(ref: EventRef, day: CaseDay) {
    const { recordedAt } = ref.event;
    if (recordedAt === undefined) return;
    const draft = this.addDraft(ref, 0, this.timingFor(ref, 0, day));
    if (draft) draft.met = { event: ref.event, at: momentOf(recordedAt) };
  }

  /** Count rules: one counted event in every N must meet the rule (a bedroom seen one visit in three). */
  private countEvent(
    ref: EventRef,
    starts: boolean,
    satisfies: boolean,
    stops: boolean,
    counts: boolean,
    day: CaseDay,
  ) {
    const current = this.open[0];
    if (stops) {
      this.cancelOpen(ref);
      return;
    }
    if (!current) {
      if (starts) this.openDraft(ref, 0, this.countTiming(ref, ref, 0, day));
      return;
    }
    if (satisfies) {
      this.satisfyOpen(ref);
      this.openDraft(ref, 0, this.countTiming(ref, ref, 0, day));
    } else if (counts) {
      current.counted += 1;
      const within = this.rule.count?.within ?? 1;
      if (current.counted >= within) {
        // The window closed without the rule being met: the breach is on this event's day.
        Object.assign(current, {
          due: ref.at,
          reason: { kind: 'count-closed', within, closedBy: ref, anchor: current.anchor },
          countedFrom: ref.at,
          workingDays: false,
        } satisfies Timing);
        this.closeOpen();
        this.openDraft(ref, 0, this.countTiming(ref, ref, 0, day));
      } else {
        Object.assign(current, this.countTiming(current.anchor, ref, current.counted, day));
      }
    }
  }

  /**
   * Once rules with `extendedBy`: each open deadline moves on by the amount the event grants, counted
   * from the later of its due day and the day of the event (an extension granted after the time ran
   * out runs from the day it was granted), as Children Act 1989 s32(8) says of care proceedings.
   */
  private extendOpen(ref: EventRef) {
    const extension = this.rule.extension;
    if (!extension) return;
    const by: Offset = {
      amount: Number((ref.event.data as Values)[extension.amountField]),
      unit: extension.unit,
    };
    for (const draft of this.open) {
      const fromGrant = ref.at.day > draft.due.day;
      const from: Moment = { day: fromGrant ? ref.at.day : draft.due.day, ms: null };
      Object.assign(draft, {
        due: shift(this.profileCounting, from, by),
        reason: { kind: 'extended', was: draft.reason, by, grant: ref, fromGrant },
        countedFrom: from,
        workingDays: false,
      } satisfies Timing);
    }
  }

  private satisfyOpen(ref: EventRef, concerns: (draft: Draft) => boolean = everyDraft) {
    const { open } = this;
    let kept = 0;
    for (const draft of open) {
      if (isAtOrAfter(ref.at, draft.opensAt) && concerns(draft)) draft.met = ref;
      else open[kept++] = draft;
    }
    if (kept < open.length) this.open = open.slice(0, kept);
  }

  /** The window of every open deadline has passed: each is missed. */
  private closeOpen() {
    for (const draft of this.open) draft.closed = true;
    this.open = [];
  }

  private cancelOpen(ref: EventRef, concerns: (draft: Draft) => boolean = everyDraft) {
    const { open } = this;
    if (open.length === 0) return;
    let kept = 0;
    for (const draft of open) {
      if (concerns(draft)) draft.cancelled = ref;
      else open[kept++] = draft;
    }
    if (kept < open.length) this.open = open.slice(0, kept);
    if (this.awaiting.length > 0) this.awaiting = this.awaiting.filter((draft) => draft.cancelled === null);
  }

  /** A new deadline, not yet open to being met (see {@link openDraft}). */
  private addDraft(
    ref: EventRef,
    intervalIndex: number,
    timing: Timing | null,
    item: ItemOf = NO_ITEM,
  ): Draft | null {
    if (!timing) return null;
    const draft: Draft = {
      occurrence: this.occurrences?.get(ref.event.id) ?? this.drafts.length + 1,
      item: item.item,
      assignee: item.assignee,
      anchor: ref,
      due: timing.due,
      reason: timing.reason,
      countedFrom: timing.countedFrom,
      workingDays: timing.workingDays,
      intervalIndex,
      met: null,
      cancelled: null,
      counted: 0,
      closed: false,
      opensAt: this.rule.satisfiableAfter ? shift(this.counting, ref.at, this.rule.satisfiableAfter) : ref.at,
    };
    this.drafts.push(draft);
    return draft;
  }

  private openDraft(ref: EventRef, intervalIndex: number, timing: Timing | null, item: ItemOf = NO_ITEM) {
    const draft = this.addDraft(ref, intervalIndex, timing, item);
    if (draft) this.open.push(draft);
  }

  /** A date the calendar cannot answer for becomes a problem, not a guess. */
  private calendarProblem(ref: EventRef, error: unknown): null {
    if (!(error instanceof CalendarRangeError)) throw error;
    this.problems.push({ rule: this.rule.id, eventId: ref.event.id, message: error.message });
    this.open = [];
    return null;
  }

  /** The timing of the n-th interval from `ref`: its regime, any target, any frequency agreed for the case. */
  private timingFor(ref: EventRef, intervalIndex: number, day: CaseDay): Timing | null {
    try {
      const { facts, state } = day;
      const regime = regimeFor(intervalAt(this.rule.intervals, intervalIndex), facts);
      const { target } = this.rule;
      if (target) return this.targetTiming(ref, target, regime, state);
      const standard = this.step(ref.at, regime.offsets, {
        kind: 'after',
        regime,
        from: ref,
        ...(this.rule.beginningWith && { beginningWith: true }),
      });
      const agreed = this.rule.kind === 'recurring' ? state.agreed.get(this.rule.id) : undefined;
      if (!agreed || agreed.day > ref.at.day) return standard;
      const agreedTiming = this.step(ref.at, [agreed.every], { kind: 'agreed', agreed, from: ref });
      const limit = this.limitOffset(intervalIndex, facts) ?? regime.offset;
      const limitTiming = this.step(ref.at, [limit], { kind: 'limit', limit, agreed, from: ref });
      return compareMoments(agreedTiming.due, limitTiming.due) <= 0 ? agreedTiming : limitTiming;
    } catch (error) {
      return this.calendarProblem(ref, error);
    }
  }

  /** Due a set time before or after a date the event names, or a birthday. */
  private targetTiming(
    ref: EventRef,
    target: NonNullable<Rule['target']>,
    regime: CompiledRegime,
    state: CaseState,
  ): Timing | null {
    let on: Moment;
    if ('birthday' in target) {
      if (state.dateOfBirth === null) {
        this.problems.push({
          rule: this.rule.id,
          eventId: ref.event.id,
          message: `${this.rule.title}: the child's date of birth is not recorded, so this deadline cannot be worked out`,
        });
        return null;
      }
      on = { day: addYears(state.dateOfBirth, target.birthday), ms: null };
    } else {
      on = momentOf(String((ref.event.data as Values)[target.field]));
    }
    const direction = target.direction === 'before' ? -1 : 1;
    const soonest = shiftSoonest(this.counting, on, regime.offsets, direction);
    return {
      due: soonest.due,
      reason: { kind: 'target', regime, target, from: ref, on: on.day },
      countedFrom: on,
      workingDays: soonest.offset.unit === 'working-days',
    };
  }

  /** Count rules: while the window is open, its due date is projected at the expected pace. */
  private countTiming(anchor: EventRef, last: EventRef, counted: number, day: CaseDay): Timing | null {
    try {
      const regime = regimeFor(intervalAt(this.rule.intervals, 0), day.facts);
      const within = this.rule.count?.within ?? 1;
      let due = last.at;
      for (let i = counted; i < within; i++) due = shift(this.counting, due, regime.offset);
      const countedType = this.rule.count?.events[0]?.type ?? '';
      return {
        due,
        reason: { kind: 'count-open', within, counted, countedType, every: regime.offset, anchor },
        countedFrom: last.at,
        workingDays: regime.offset.unit === 'working-days',
      };
    } catch (error) {
      return this.calendarProblem(anchor, error);
    }
  }

  /** The first period that starts after `day`. */
  private nextPeriodAfter(day: number): PeriodSpan {
    const now = currentPeriod(this.rule.periods ?? [], day);
    return currentPeriod(this.rule.periods ?? [], now.end + 1);
  }

  private periodTiming(ref: EventRef, period: PeriodSpan): Timing {
    return {
      due: { day: period.end, ms: null },
      reason: { kind: 'period', period, from: ref },
      countedFrom: { day: period.start, ms: null },
      workingDays: false,
    };
  }

  /** The timing `offsets` after `from`: the soonest, when a regime gives more than one. */
  private step(from: Moment, offsets: readonly Offset[], reason: Reason): Timing {
    const { due, offset } = shiftSoonest(this.counting, from, offsets);
    return { due, reason, countedFrom: from, workingDays: offset.unit === 'working-days' };
  }

  /** The most a case-level agreement may allow: the national floor, else the standards' stated maximum. */
  private limitOffset(intervalIndex: number, facts: Values): Offset | null {
    if (this.rule.floor) return regimeFor(intervalAt(this.rule.floor, intervalIndex), facts).offset;
    return this.rule.variationMaximum;
  }
}
