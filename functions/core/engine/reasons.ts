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
  /** The regime's timescale after the event. */
  | { kind: 'after'; regime: CompiledRegime; from: EventRef }
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
  | { kind: 'period'; period: PeriodSpan; from: EventRef };

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

/** The reason in words. */
export function reasonWords(reason: Reason): string {
  switch (reason.kind) {
    case 'after':
      return `${basis(reason.regime)} ${after(reason.from)}`;
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
  }
}
