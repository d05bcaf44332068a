/**
 * Why a deadline falls due when it does, kept as data while the events are replayed and put into words
 * only when an explanation is read ("10 working days after the visit on Fri 18 Dec 2026"): a long
 * history has a hundred deadlines or more, and most are never shown to anyone.
 */
import type { CaseEvent } from '../../../events/index.ts';
import type { Offset, Target } from '../../../rules/schema.ts';
import { type DayNumber, formatLondonHuman, formatLongDate } from '../calendar/index.ts';
import type { AgreedFrequency } from './case-state.ts';
import { eventLabel } from './event-labels.ts';
import { type Moment, momentOf } from './moments.ts';
import { describeOffset } from './offsets.ts';
import type { PeriodSpan } from './periods.ts';
import type { CompiledRegime } from './rule.ts';
import type { EventRef } from './rule-run.ts';

/** The ingredients of a deadline's reason, one shape per way a due moment is worked out. */
export type Reason =
  /** The regime's timescale after the event, or beginning with its day (`beginningWith`: day 1). */
  | { kind: 'after'; regime: CompiledRegime; from: EventRef; beginningWith?: true }
  /** A frequency a manager agreed for the case, counted from the event. */
  | { kind: 'agreed'; agreed: AgreedFrequency; from: EventRef }
  /** An agreed frequency longer than allowed: the limit applies instead. */
  | { kind: 'limit'; limit: Offset; agreed: AgreedFrequency; from: EventRef }
  /** Before or after a date: a birthday, or the date a booking names (`on`). */
  | { kind: 'target'; regime: CompiledRegime; target: Target; from: EventRef; on: DayNumber }
  /** Count rules: the window closed on the `within`-th counted event without the rule being met. */
  | { kind: 'count-closed'; within: number; closedBy: EventRef; anchor: EventRef }
  /** Count rules: the window is open, its end projected at the expected pace. */
  | {
      kind: 'count-open';
      within: number;
      counted: number;
      countedType: string;
      every: Offset;
      anchor: EventRef;
    }
  /** Per-period rules: once in the period, since the event that opened the chain. */
  | { kind: 'period'; period: PeriodSpan; from: EventRef }
  /**
   * Once rules with an anchor: counted from the first `awaited` event after the `start` (`from`), or from
   * the start itself (`from` is `start`) while none is recorded, or none was `until` the wait ended.
   */
  | {
      kind: 'anchored';
      regime: CompiledRegime;
      from: EventRef;
      start: EventRef;
      awaited: string;
      until: EventRef | null;
    }
  /** Rules started by a breach: counted from the moment (`at`) another rule's deadline went unmet. */
  | { kind: 'breach'; regime: CompiledRegime; lapsed: { title: string; due: Moment }; at: Moment }
  /**
   * Worked out again (`was`) after an event changed the facts that choose the interval; due on that
   * event's day when the new interval had already `passed` by then.
   */
  | { kind: 'reconsidered'; was: Reason; changedBy: EventRef; passed: boolean }
  /**
   * Moved on (`by`) by an event that extends it (`grant`: a court's extension), counted from the deadline
   * it extended (`was`), or from the grant's day when that came after it (`fromGrant`).
   */
  | { kind: 'extended'; was: Reason; by: Offset; grant: EventRef; fromGrant: boolean };

/**
 * How a reason puts moments into words: as days when the deadline falls on a day (the time of the
 * visit it counts from does not matter then), as London times when it falls at an instant.
 */
interface Words {
  at: (moment: Moment) => string;
}

const dayWords: Words = { at: (moment) => `on ${formatLongDate(moment.day)}` };
const timeWords: Words = {
  at: (moment) =>
    moment.ms === null ? `on ${formatLongDate(moment.day)}` : `at ${formatLondonHuman(moment.ms)}`,
};

const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
const after = (words: Words, ref: EventRef) => `after the ${eventLabel(ref.event)} ${words.at(ref.at)}`;

/**
 * A regime's timescale and what it counts from: "10 working days after the visit on Fri 18 Dec 2026",
 * "15 working days or 21 days after the visit on …, whichever is sooner", with the regime's reason
 * after the timescale ("183 days (later reviews: 6 months, read as 183 days) after …").
 */
function timed(regime: CompiledRegime, from: string): string {
  const because = regime.because ? ` (${regime.because})` : '';
  const sooner = regime.offsets.length > 1 ? ', whichever is sooner' : '';
  return `${regime.offsets.map(describeOffset).join(' or ')}${because} ${from}${sooner}`;
}

const agreement = (agreed: AgreedFrequency) =>
  `every ${describeOffset(agreed.every)} as agreed on ${formatLongDate(agreed.day)} by ${agreed.agreedBy}`;

/** What a count rule counts, as a manager would say it. */
function countedLabel(type: string): string | undefined {
  return type === 'visit.completed' ? 'visit' : type.split('.')[0]?.replaceAll('_', ' ');
}

/**
 * Counted from a date: the date a booking names or an order ends, or a birthday. A birthday is never
 * put in words: a date of birth worked out from a due date beside a case reference would give away
 * personal data.
 */
function targetWords(reason: Extract<Reason, { kind: 'target' }>): string {
  const { regime, target } = reason;
  if ('birthday' in target) return 'an age-related deadline, worked out from the date of birth on record';
  // A booking names the day it is for; a deprivation of liberty order names the day it ends; the
  // board names the day an action is due, and the day it was moved to.
  const booked = targetDateWords(reason.from.event, reason.on);
  if (regime.offset.amount === 0) return `on ${booked}${regime.because ? ` (${regime.because})` : ''}`;
  return timed(regime, `${target.direction} ${booked}`);
}

/** The date a target counts from, as the event that named it says it. */
function targetDateWords(event: CaseEvent, on: DayNumber): string {
  switch (event.type) {
    case 'dol_order.made':
      return `the end of the deprivation of liberty order on ${formatLongDate(on)}`;
    // The day is the due date itself, which the explanation has just given.
    case 'action.recorded':
      return `the due date set when the action was recorded on the board on ${formatLongDate(momentOf(event.occurredAt).day)}`;
    case 'action.moved':
      return `the new due date set on ${formatLongDate(momentOf(event.occurredAt).day)} when the action was moved (${event.data.reason.replaceAll('-', ' ')})`;
    default:
      return `the ${eventLabel(event).replace('booking of the ', '')} booked for ${formatLongDate(on)}`;
  }
}

function afterWords(reason: Extract<Reason, { kind: 'after' }>, words: Words): string {
  const { regime, from } = reason;
  if (reason.beginningWith) {
    return timed(
      regime,
      `beginning with ${formatLongDate(from.at.day)}, the day of the ${eventLabel(from.event)}`,
    );
  }
  // "0 days (the same day) after the reallocation" says it twice.
  if (regime.offsets.every((offset) => offset.amount === 0)) {
    return `the same day as the ${eventLabel(from.event)} ${words.at(from.at)}`;
  }
  return timed(regime, after(words, from));
}

function anchoredWords(reason: Extract<Reason, { kind: 'anchored' }>, words: Words): string {
  const { from, start, awaited, until } = reason;
  const started = `the ${eventLabel(start.event)} ${words.at(start.at)}`;
  if (from !== start)
    return timed(reason.regime, `${after(words, from)} (the first ${awaited} after ${started})`);
  const none = until ? `before the ${eventLabel(until.event)} ${words.at(until.at)}` : 'since';
  return timed(
    reason.regime,
    `after ${started} (no ${awaited} recorded ${none}, so counted from the ${eventLabel(start.event)})`,
  );
}

/** Words that hold before the lapse and after it: a follow-up is known as soon as its source is open. */
function breachWords(reason: Extract<Reason, { kind: 'breach' }>, words: Words): string {
  const { lapsed } = reason;
  return timed(reason.regime, `after "${lapsed.title}", due ${words.at(lapsed.due)}, is left unmet`);
}

function inWords(reason: Reason, w: Words): string {
  switch (reason.kind) {
    case 'after':
      return afterWords(reason, w);
    case 'agreed':
      return `${describeOffset(reason.agreed.every)} ${after(w, reason.from)}: ${agreement(reason.agreed)}`;
    case 'limit': {
      const limit = describeOffset(reason.limit);
      return `${limit} ${after(w, reason.from)}: ${agreement(reason.agreed)}, but that is longer than the ${limit} allowed, so the limit applies`;
    }
    case 'target':
      return targetWords(reason);
    case 'count-closed':
      return `by the ${ordinal(reason.within)} ${eventLabel(reason.closedBy.event)} ${after(w, reason.anchor)}`;
    case 'count-open':
      return `by the ${ordinal(reason.within)} ${countedLabel(reason.countedType)} ${after(w, reason.anchor)} (${reason.counted} so far; expected every ${describeOffset(reason.every)})`;
    case 'period': {
      const { period } = reason;
      return `once in the ${period.name} (${formatLongDate(period.start)} to ${formatLongDate(period.end)}), since the ${eventLabel(reason.from.event)} ${w.at(reason.from.at)}`;
    }
    case 'anchored':
      return anchoredWords(reason, w);
    case 'breach':
      return breachWords(reason, w);
    case 'extended': {
      const { by, grant } = reason;
      const extended = reason.fromGrant
        ? `extended ${w.at(grant.at)} by ${describeOffset(by)} from that day, as the time had run out`
        : `extended by ${describeOffset(by)} ${w.at(grant.at)}`;
      return `${inWords(reason.was, w)}, ${extended} (${eventLabel(grant.event)})`;
    }
    case 'reconsidered': {
      const change = `the ${eventLabel(reason.changedBy.event)} ${w.at(reason.changedBy.at)}`;
      return reason.passed
        ? `on ${change}, as ${inWords(reason.was, w)} had already passed by then`
        : `${inWords(reason.was, w)}, as the case has stood since ${change}`;
    }
  }
}

/**
 * The reason in words, for a deadline that falls on a day (`dated`: the events it counts from are
 * shown as days) or at an instant (shown with their times). It never holds a full stop.
 */
export function reasonWords(reason: Reason, dated: boolean): string {
  return inWords(reason, dated ? dayWords : timeWords);
}
