/**
 * One rule replayed over one case's events: the state machine for each kind of rule, and how each
 * deadline's due moment is worked out and put into words.
 */
import type { CaseEvent } from '../../../events/index.ts';
import type { Offset } from '../../../rules/schema.ts';
import {
  addYears,
  CalendarRangeError,
  formatIsoDate,
  formatLondonHuman,
  formatLongDate,
} from '../calendar/index.ts';
import { type CaseState, factsOn } from './case-state.ts';
import type { Values } from './conditions.ts';
import { eventLabel } from './event-labels.ts';
import { compareMoments, isAtOrAfter, type Moment, momentOf } from './moments.ts';
import { type Counting, describeOffset, describeOffsets, shift, shiftSoonest } from './offsets.ts';
import { currentPeriod, type PeriodSpan } from './periods.ts';
import { type CompiledMatcher, type CompiledRegime, intervalAt, type Rule, regimeFor } from './rule.ts';
import type { TimedEvent } from './timeline.ts';

/** The event that anchored, met or cancelled a deadline. */
export interface EventRef {
  event: CaseEvent;
  at: Moment;
}

/** When a deadline falls due and why. */
export interface Timing {
  due: Moment;
  /** Why it is due then, in words ("10 working days after the visit on Fri 18 Dec 2026"). */
  reason: string;
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
}

/** Something the engine could not compute, said plainly: never a silent guess. */
export interface EvaluationProblem {
  rule: string | null;
  eventId: string | null;
  message: string;
}

/** Which of a rule's roles an event plays. */
interface Seen {
  starts: boolean;
  satisfies: boolean;
  stops: boolean;
}

const matches = (matchers: readonly CompiledMatcher[], event: CaseEvent) =>
  matchers.some((m) => m.type === event.type && m.test(event.data as Values));

const at = (moment: Moment) =>
  moment.ms === null ? `on ${formatLongDate(moment.day)}` : `at ${formatLondonHuman(moment.ms)}`;
const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/** Replays one rule over a case's events and keeps its deadlines. */
export class RuleRun {
  readonly drafts: Draft[] = [];
  private open: Draft[] = [];
  /** Once rules with `onlyFirst`: whether this episode has already opened its deadline. */
  private started = false;
  /** Per-period rules: the chain's opening event, and the next period to open. */
  private periodChain: { ref: EventRef; next: PeriodSpan } | null = null;

  constructor(
    readonly rule: Rule,
    private readonly counting: Counting,
    private readonly problems: EvaluationProblem[],
  ) {}

  /** Moves the clock to `day`: per-period rules open each period that has begun. */
  advanceTo(day: number) {
    const chain = this.periodChain;
    while (chain && chain.next.start <= day) {
      this.closeOpen();
      this.openDraft(chain.ref, 0, this.periodTiming(chain.ref, chain.next));
      chain.next = currentPeriod(this.rule.periods ?? [], chain.next.end + 1);
    }
  }

  onEvent(timed: TimedEvent, state: CaseState) {
    const ref: EventRef = { event: timed.event, at: timed.at };
    const { event } = timed;
    if (
      this.rule.appliesWhile &&
      this.open.length > 0 &&
      !this.rule.appliesWhile(factsOn(state, ref.at.day))
    ) {
      this.cancelOpen(ref);
      this.started = false;
      this.periodChain = null;
      return;
    }
    const starts = matches(this.rule.start, event) && this.rule.appliesWhen(factsOn(state, ref.at.day));
    const satisfies = matches(this.rule.satisfiedBy, event);
    const stops = matches(this.rule.stop, event);
    switch (this.rule.kind) {
      case 'once':
        return this.onceEvent(ref, { starts, satisfies, stops }, state);
      case 'recording':
        if (starts) this.recordingEvent(ref, state);
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
        return this.countEvent(ref, { starts, satisfies, stops }, state);
      case 'recurring':
        return this.recurringEvent(ref, { starts, satisfies, stops }, state);
    }
  }

  private onceEvent(ref: EventRef, seen: Seen, state: CaseState) {
    if (seen.satisfies) this.satisfyOpen(ref);
    if (seen.stops) {
      this.cancelOpen(ref);
      this.started = false;
    }
    if (!seen.starts || (this.rule.onlyFirst && this.started)) return;
    if (this.rule.replaceOnStart) this.cancelOpen(ref);
    this.started = true;
    this.openDraft(ref, 0, this.timingFor(ref, 0, state));
  }

  private recurringEvent(ref: EventRef, seen: Seen, state: CaseState) {
    const current = this.open[0];
    if (!current) {
      if (seen.starts) this.openDraft(ref, 0, this.timingFor(ref, 0, state));
      return;
    }
    if (seen.satisfies && isAtOrAfter(ref.at, current.anchor.at)) {
      this.satisfyOpen(ref);
      if (!seen.stops)
        this.openDraft(ref, current.intervalIndex + 1, this.timingFor(ref, current.intervalIndex + 1, state));
    } else if (seen.stops) {
      this.cancelOpen(ref);
    } else if (matches(this.rule.restart, ref.event)) {
      // A restart (a new placement) brings the open deadline forward when its own timescale is shorter.
      const timing = this.timingFor(ref, 0, state);
      if (timing && compareMoments(timing.due, current.due) < 0) {
        Object.assign(current, timing, { anchor: ref, intervalIndex: 0 });
      }
    }
  }

  /** Recording rules: the event must be recorded within the timescale of when it happened. */
  private recordingEvent(ref: EventRef, state: CaseState) {
    const { recordedAt } = ref.event;
    if (recordedAt === undefined) return;
    const timing = this.timingFor(ref, 0, state);
    const draft = this.openDraft(ref, 0, timing);
    if (draft) draft.met = { event: ref.event, at: momentOf(recordedAt) };
    this.open = [];
  }

  /** Count rules: one counted event in every N must meet the rule (a bedroom seen one visit in three). */
  private countEvent(ref: EventRef, seen: Seen, state: CaseState) {
    const current = this.open[0];
    if (seen.stops) {
      this.cancelOpen(ref);
      return;
    }
    if (!current) {
      if (seen.starts) this.openDraft(ref, 0, this.countTiming(ref, ref, 0, state));
      return;
    }
    const counts = this.rule.count && matches(this.rule.count.events, ref.event);
    if (seen.satisfies) {
      this.satisfyOpen(ref);
      this.openDraft(ref, 0, this.countTiming(ref, ref, 0, state));
    } else if (counts) {
      current.counted += 1;
      const within = this.rule.count?.within ?? 1;
      if (current.counted >= within) {
        // The window closed without the rule being met: the breach is on this event's day.
        Object.assign(current, {
          due: ref.at,
          reason: `by the ${ordinal(within)} ${eventLabel(ref.event)} after the ${eventLabel(current.anchor.event)} ${at(current.anchor.at)}`,
          countedFrom: ref.at,
          workingDays: false,
        });
        this.closeOpen();
        this.openDraft(ref, 0, this.countTiming(ref, ref, 0, state));
      } else {
        Object.assign(current, this.countTiming(current.anchor, ref, current.counted, state));
      }
    }
  }

  private satisfyOpen(ref: EventRef) {
    const still: Draft[] = [];
    for (const draft of this.open) {
      if (isAtOrAfter(ref.at, draft.opensAt)) draft.met = ref;
      else still.push(draft);
    }
    this.open = still;
  }

  /** The window of every open deadline has passed: each is missed. */
  private closeOpen() {
    for (const draft of this.open) draft.closed = true;
    this.open = [];
  }

  private cancelOpen(ref: EventRef) {
    for (const draft of this.open) draft.cancelled = ref;
    this.open = [];
  }

  private openDraft(ref: EventRef, intervalIndex: number, timing: Timing | null): Draft | null {
    if (!timing) return null;
    const draft: Draft = {
      occurrence: this.drafts.length + 1,
      anchor: ref,
      ...timing,
      intervalIndex,
      met: null,
      cancelled: null,
      counted: 0,
      closed: false,
      opensAt: this.rule.satisfiableAfter ? shift(this.counting, ref.at, this.rule.satisfiableAfter) : ref.at,
    };
    this.drafts.push(draft);
    this.open.push(draft);
    return draft;
  }

  /** Runs a date calculation; a date the calendar cannot answer for becomes a problem, not a guess. */
  private guard(ref: EventRef, compute: () => Timing | null): Timing | null {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      this.problems.push({ rule: this.rule.id, eventId: ref.event.id, message: error.message });
      this.open = [];
      return null;
    }
  }

  /** The timing of the n-th interval from `ref`: its regime, any target, any frequency agreed for the case. */
  private timingFor(ref: EventRef, intervalIndex: number, state: CaseState): Timing | null {
    return this.guard(ref, () => {
      const facts = factsOn(state, ref.at.day);
      const regime = regimeFor(intervalAt(this.rule.intervals, intervalIndex), facts);
      const basis = regime.because
        ? `${describeOffsets(regime.offsets)} (${regime.because})`
        : describeOffsets(regime.offsets);
      const { target } = this.rule;
      if (target) return this.targetTiming(ref, target, regime, basis, state);
      const standard = this.step(
        ref.at,
        regime.offsets,
        `${basis} after the ${eventLabel(ref.event)} ${at(ref.at)}`,
      );
      const agreed = this.rule.kind === 'recurring' ? state.agreed.get(this.rule.id) : undefined;
      if (!agreed || agreed.day > ref.at.day) return standard;
      const since = `after the ${eventLabel(ref.event)} ${at(ref.at)}`;
      const agreement = `every ${describeOffset(agreed.every)} as agreed by ${agreed.agreedBy} on ${formatIsoDate(agreed.day)}`;
      const agreedTiming = this.step(
        ref.at,
        agreed.every,
        `${describeOffset(agreed.every)} ${since}: ${agreement}`,
      );
      const limit = this.limitOffset(intervalIndex, facts) ?? regime.offset;
      const limitTiming = this.step(
        ref.at,
        limit,
        `${describeOffset(limit)} ${since}: ${agreement}, but that is longer than the ${describeOffset(limit)} allowed, so the limit applies`,
      );
      return compareMoments(agreedTiming.due, limitTiming.due) <= 0 ? agreedTiming : limitTiming;
    });
  }

  /** Due a set time before or after a date the event names, or a birthday. */
  private targetTiming(
    ref: EventRef,
    target: NonNullable<Rule['target']>,
    regime: CompiledRegime,
    basis: string,
    state: CaseState,
  ): Timing | null {
    const { offset } = regime;
    const because = regime.because ? ` (${regime.because})` : '';
    let moment: Moment;
    let what: string;
    if ('birthday' in target) {
      if (state.dateOfBirth === null) {
        this.problems.push({
          rule: this.rule.id,
          eventId: ref.event.id,
          message: `${this.rule.title}: the child's date of birth is not recorded, so this deadline cannot be worked out`,
        });
        return null;
      }
      moment = { day: addYears(state.dateOfBirth, target.birthday), ms: null };
      what = `the child's ${ordinal(target.birthday)} birthday`;
    } else {
      moment = momentOf(String((ref.event.data as Values)[target.field]));
      what = `the ${eventLabel(ref.event).replace('booking of the ', '')} booked for ${formatLongDate(moment.day)}`;
    }
    const direction = target.direction === 'before' ? -1 : 1;
    const soonest = shiftSoonest(this.counting, moment, regime.offsets, direction);
    return {
      due: soonest.due,
      reason: offset.amount === 0 ? `on ${what}${because}` : `${basis} ${target.direction} ${what}`,
      countedFrom: moment,
      workingDays: soonest.offset.unit === 'working-days',
    };
  }

  /** Count rules: while the window is open, its due date is projected at the expected pace. */
  private countTiming(anchor: EventRef, last: EventRef, counted: number, state: CaseState): Timing | null {
    return this.guard(anchor, () => {
      const regime = regimeFor(intervalAt(this.rule.intervals, 0), factsOn(state, last.at.day));
      const within = this.rule.count?.within ?? 1;
      let due = last.at;
      for (let i = counted; i < within; i++) due = shift(this.counting, due, regime.offset);
      return {
        due,
        reason: `by the ${ordinal(within)} ${this.countedLabel()} after the ${eventLabel(anchor.event)} ${at(anchor.at)} (${counted} so far; expected every ${describeOffset(regime.offset)})`,
        countedFrom: last.at,
        workingDays: regime.offset.unit === 'working-days',
      };
    });
  }

  private countedLabel() {
    const type = this.rule.count?.events[0]?.type ?? '';
    return type === 'visit.completed' ? 'visit' : type.split('.')[0]?.replaceAll('_', ' ');
  }

  /** The first period that starts after `day`. */
  private nextPeriodAfter(day: number): PeriodSpan {
    const now = currentPeriod(this.rule.periods ?? [], day);
    return currentPeriod(this.rule.periods ?? [], now.end + 1);
  }

  private periodTiming(ref: EventRef, period: PeriodSpan): Timing {
    return {
      due: { day: period.end, ms: null },
      reason: `once in the ${period.name} (${formatLongDate(period.start)} to ${formatLongDate(period.end)}), since the ${eventLabel(ref.event)} ${at(ref.at)}`,
      countedFrom: { day: period.start, ms: null },
      workingDays: false,
    };
  }

  /** The timing `offsets` after `from`: the soonest, when a regime gives more than one. */
  private step(from: Moment, offsets: Offset | readonly Offset[], reason: string): Timing {
    const { due, offset } = shiftSoonest(this.counting, from, Array.isArray(offsets) ? offsets : [offsets]);
    return { due, reason, countedFrom: from, workingDays: offset.unit === 'working-days' };
  }

  /** The most a case-level agreement may allow: the national floor, else the standards' stated maximum. */
  private limitOffset(intervalIndex: number, facts: Values): Offset | null {
    if (this.rule.floor) return regimeFor(intervalAt(this.rule.floor, intervalIndex), facts).offset;
    return this.rule.variationMaximum;
  }
}
