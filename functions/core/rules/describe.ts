/**
 * Rules in words, for `los rules` and the generated documentation: the timescale and who is told.
 */

import type { EventType } from '../../../events/index.ts';
import {
  type EscalationStep,
  type Interval,
  isBreachStart,
  type Matcher,
  type Regime,
  type RuleDefinition,
  type RuleOwner,
  type Target,
} from '../../../rules/schema.ts';
import { eventTypeLabel } from '../engine/event-labels.ts';
import { describeOffset, describeOffsets } from '../engine/offsets.ts';

const regimeText = (regime: Regime) =>
  regime.because
    ? `${describeOffsets(regimeOffsets(regime))} (${regime.because})`
    : describeOffsets(regimeOffsets(regime));

/** A regime's offset and any that also apply. */
const regimeOffsets = (regime: Regime) => [regime.offset, ...(regime.orSooner ?? [])];

function intervalText(regimes: Interval): string {
  if (regimes.length === 1) return regimeText(regimes[0] as Regime);
  const [last, ...rest] = [...regimes].reverse() as [Regime, ...Regime[]];
  return `${rest.reverse().map(regimeText).join('; ')}; otherwise ${regimeText(last)}`;
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** What each date field a rule may count to is, in words: the day a booking is for, the day an order ends. */
const TARGET_FIELDS: Readonly<Record<string, string>> = { date: 'the booked date', endsOn: 'the end date' };

/** "the 17th birthday", "the booked date", "the end date". */
export function describeTarget(target: Target): string {
  if ('birthday' in target) return `the ${ordinal(target.birthday)} birthday`;
  return TARGET_FIELDS[target.field] ?? `the date in ${target.field}`;
}

/** What events of these matchers' types are called: "allocation", "threshold decision". */
const labels = (matchers: readonly Matcher[]) =>
  [...new Set(matchers.map((matcher) => eventTypeLabel(matcher.type as EventType)))].join(' or ');

/**
 * A rule's timescale in words: "20 working days (first review), then 91 days (…), then every 183 days
 * (…)", "5 working days before the booked date", "recorded within 24 hours".
 */
export function describeTimescale(
  rule: Pick<RuleDefinition, 'kind' | 'start' | 'intervals' | 'target' | 'anchor' | 'count' | 'periods'>,
): string {
  const texts = rule.intervals.map(intervalText);
  const first = texts[0] ?? '';
  switch (rule.kind) {
    case 'once':
      if (rule.anchor) {
        const start = labels(rule.start.filter((matcher): matcher is Matcher => !isBreachStart(matcher)));
        return `${first} from the first ${labels(rule.anchor.firstAfterStart)} after the ${start}, or from the ${start} while none is recorded`;
      }
      if (rule.start.some(isBreachStart)) {
        return `${first} after a breach of ${rule.start.map((start) => (isBreachStart(start) ? start.breachOf : start.type)).join(' or ')}`;
      }
      if (!rule.target) return first;
      if (
        rule.intervals.length === 1 &&
        rule.intervals[0]?.length === 1 &&
        rule.intervals[0][0]?.offset.amount === 0
      ) {
        return `on ${describeTarget(rule.target)}`;
      }
      return `${first} ${rule.target.direction} ${describeTarget(rule.target)}`;
    case 'recording':
      return `recorded within ${first}`;
    case 'count':
      return `at least one in every ${rule.count?.within} (expected about ${first} apart)`;
    case 'per-period':
      return `once in each ${(rule.periods ?? []).map((p) => p.name).join(', ')}`;
    case 'recurring': {
      if (texts.length === 1) return `every ${first}`;
      const last = texts.pop();
      return `${texts.join(', then ')}, then every ${last}`;
    }
  }
}

/** "at breach: ATM, TM; 5 working days later: SM". */
export function describeEscalation(steps: readonly EscalationStep[]): string {
  return steps
    .map((step) =>
      step.after.amount === 0
        ? `at breach: ${step.levels.join(', ')}`
        : `${describeOffset(step.after)} after breach: ${step.levels.join(', ')}`,
    )
    .join('; ');
}

/**
 * Who must act: "the allocated worker", "a manager at TM or above on the allocated worker's reporting
 * line", or for a rule with items that name an assignee, the member of staff each names.
 */
export function describeOwner(owner: RuleOwner, assignee: string | null = null): string {
  if (assignee !== null) return `the member of staff each one names in ${assignee} (its owner)`;
  if (owner === 'worker') return 'the allocated worker';
  if (owner === 'DIRECTOR') return 'the Director';
  return `a manager at ${owner} or above on the allocated worker's reporting line`;
}
