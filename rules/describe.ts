/**
 * Rules in words, for `los rules` and the generated documentation: the timescale and who is told.
 */
import { describeOffset } from '../functions/core/engine/offsets.ts';
import type { EscalationStep, Interval, Regime } from './schema.ts';

const regimeText = (regime: Regime) =>
  regime.because ? `${describeOffset(regime.offset)} (${regime.because})` : describeOffset(regime.offset);

function intervalText(regimes: Interval): string {
  if (regimes.length === 1) return regimeText(regimes[0] as Regime);
  const [last, ...rest] = [...regimes].reverse() as [Regime, ...Regime[]];
  return `${rest.reverse().map(regimeText).join('; ')}; otherwise ${regimeText(last)}`;
}

/** "20 working days (first review), then 91 days (…), then every 183 days (…)". */
export function describeIntervals(intervals: readonly Interval[], kind: 'once' | 'recurring'): string {
  const texts = intervals.map(intervalText);
  if (kind === 'once') return texts[0] ?? '';
  if (texts.length === 1) return `every ${texts[0]}`;
  const last = texts.pop();
  return `${texts.join(', then ')}, then every ${last}`;
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
