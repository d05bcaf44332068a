/**
 * Why a deadline falls due when it does, kept as data while the events are replayed and put into words
 * only when an explanation is read ("10 working days after the visit on Fri 18 Dec 2026"): a long
 * history has a hundred deadlines or more, and most are never shown to anyone.
 */
import type { Offset, Target } from '../../../rules/schema.ts';
import { type DayNumber, formatIsoDate, formatLondonHuman, formatLongDate } from '../calendar/index.ts';
import type { AgreedFrequency } from './case-state.ts';
import { eventLabel } from './event-labels.ts';
import type { Moment } from './moments.ts';
import { describeOffset, describeOffsets } from './offsets.ts';
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

const at = (moment: Moment) =>
  moment.ms === null ? `on ${formatLongDate(moment.day)}` : `at ${formatLondonHuman(moment.ms)}`;
const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
const after = (ref: EventRef) => `after the ${eventLabel(ref.event)} ${at(ref.at)}`;

/** "20 working days or 28 days, whichever is sooner (a child in care)". */
function basis(regime: CompiledRegime): string {
  return regime.because
    ? `${describeOffsets(regime.offsets)} (${regime.because})`
    : describeOffsets(regime.offsets);
}

const agreement = (agreed: AgreedFrequency) =>
  `every ${describeOffset(agreed.every)} as agreed by ${agreed.agreedBy} on ${formatIsoDate(agreed.day)}`;

/** What a count rule counts, as a manager would say it. */
function countedLabel(type: string): string | undefined {
  return type === 'visit.completed' ? 'visit' : type.split('.')[0]?.replaceAll('_', ' ');
}

function targetWords(reason: Extract<Reason, { kind: 'target' }>): string {
  const { regime, target } = reason;
  const what =
    'birthday' in target
      ? `the child's ${ordinal(target.birthday)} birthday`
      : `the ${eventLabel(reason.from.event).replace('booking of the ', '')} booked for ${formatLongDate(reason.on)}`;
  if (regime.offset.amount === 0) return `on ${what}${regime.because ? ` (${regime.because})` : ''}`;
  return `${basis(regime)} ${target.direction} ${what}`;
}

function anchoredWords(reason: Extract<Reason, { kind: 'anchored' }>): string {
  const { from, start, awaited, until } = reason;
  const started = `the ${eventLabel(start.event)} ${at(start.at)}`;
  if (from !== start) return `${basis(reason.regime)} ${after(from)} (the first ${awaited} after ${started})`;
  const none = until ? `before the ${eventLabel(until.event)} ${at(until.at)}` : 'since';
  return `${basis(reason.regime)} after ${started} (no ${awaited} recorded ${none}, so counted from the ${eventLabel(start.event)})`;
}

function breachWords(reason: Extract<Reason, { kind: 'breach' }>): string {
  const { lapsed } = reason;
  const missed = `after the deadline "${lapsed.title}" went overdue`;
  if (reason.at.ms !== null) return `${basis(reason.regime)} ${missed} ${at(reason.at)}`;
  return `${basis(reason.regime)} ${missed} on ${formatLongDate(reason.at.day)} (it was due ${formatLongDate(lapsed.due.day)})`;
}

/** The reason in words. */
export function reasonWords(reason: Reason): string {
  switch (reason.kind) {
    case 'after':
      return reason.beginningWith
        ? `${basis(reason.regime)} beginning with ${formatLongDate(reason.from.at.day)}, the day of the ${eventLabel(reason.from.event)}`
        : `${basis(reason.regime)} ${after(reason.from)}`;
    case 'agreed':
      return `${describeOffset(reason.agreed.every)} ${after(reason.from)}: ${agreement(reason.agreed)}`;
    case 'limit': {
      const limit = describeOffset(reason.limit);
      return `${limit} ${after(reason.from)}: ${agreement(reason.agreed)}, but that is longer than the ${limit} allowed, so the limit applies`;
    }
    case 'target':
      return targetWords(reason);
    case 'count-closed':
      return `by the ${ordinal(reason.within)} ${eventLabel(reason.closedBy.event)} ${after(reason.anchor)}`;
    case 'count-open':
      return `by the ${ordinal(reason.within)} ${countedLabel(reason.countedType)} ${after(reason.anchor)} (${reason.counted} so far; expected every ${describeOffset(reason.every)})`;
    case 'period': {
      const { period } = reason;
      return `once in the ${period.name} (${formatLongDate(period.start)} to ${formatLongDate(period.end)}), since the ${eventLabel(reason.from.event)} ${at(reason.from.at)}`;
    }
    case 'anchored':
      return anchoredWords(reason);
    case 'breach':
      return breachWords(reason);
    case 'extended': {
      const { by, grant } = reason;
      const extended = reason.fromGrant
        ? `extended ${at(grant.at)} by ${describeOffset(by)} from that day, as the time had run out`
        : `extended by ${describeOffset(by)} ${at(grant.at)}`;
      return `${reasonWords(reason.was)}, ${extended} (${eventLabel(grant.event)})`;
    }
    case 'reconsidered': {
      const change = `the ${eventLabel(reason.changedBy.event)} ${at(reason.changedBy.at)}`;
      return reason.passed
        ? `on ${change}, as ${reasonWords(reason.was)} had already passed by then`
        : `${reasonWords(reason.was)}, as the case has stood since ${change}`;
    }
  }
}
