/**
 * Comparing timescales with the national floor: where a rule of the catalogue, or a council's override
 * of one, allows more time than the law does for any case the regimes can tell apart. It tries every
 * fact combination, every interval and two years of anchor dates, so it is the slow part of checking a
 * catalogue: it runs where a catalogue or a profile is checked (the tests, `los rules check`, before
 * every synth and deploy, `npm run docs`), not at a Lambda's cold start, whose bundled catalogue was
 * checked before it was built.
 */

import type { Condition, Interval, Scalar } from '../../../rules/schema.ts';
import { addDays, type DayNumber, englandAndWalesCalendar, parseIsoDate } from '../calendar/index.ts';
import { FACTS, type FactName } from '../engine/case-state.ts';
import { conditionFields } from '../engine/conditions.ts';
import { type Counting, describeOffsets, isLaxer } from '../engine/offsets.ts';
import { compileIntervals, intervalAt, regimeFor } from '../engine/rule.ts';
import type { RuleProblem } from './problems.ts';

/** Anchors every offset comparison is tried from: two years, so bank holidays, month ends and a leap day all occur. */
const WINDOW: readonly DayNumber[] = Array.from({ length: 731 }, (_, i) =>
  addDays(parseIsoDate('2023-01-01'), i),
);

/** Sample values of a fact: each value a condition names, its neighbours for numbers, and "none of these". */
function valuesToTry(fact: FactName, literals: readonly Scalar[]): Scalar[] {
  const { domain } = FACTS[fact];
  if (domain === 'boolean') return [true, false];
  if (domain === 'number') {
    const numbers = literals.filter((v): v is number => typeof v === 'number');
    return [null, ...new Set([0, ...numbers.flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0)])];
  }
  const other = (domain as readonly string[]).find((value) => !literals.includes(value));
  return [null, ...new Set(literals), ...(other ? [other] : [])];
}

/** Every combination of the fact values the conditions can tell apart. */
function factGrid(conditions: readonly (Condition | undefined)[]): Record<string, Scalar>[] {
  const fields = new Map<string, Scalar[]>();
  for (const condition of conditions) conditionFields(condition, fields);
  let grid: Record<string, Scalar>[] = [{}];
  for (const [fact, literals] of fields) {
    if (!(fact in FACTS)) continue;
    const values = valuesToTry(fact as FactName, literals);
    grid = grid.flatMap((facts) => values.map((value) => ({ ...facts, [fact]: value })));
  }
  return grid;
}

const describeFacts = (facts: Record<string, Scalar>) => {
  const named = Object.entries(facts).filter(([, value]) => value !== null);
  return named.length === 0 ? '' : ` when ${named.map(([fact, value]) => `${fact} is ${value}`).join(', ')}`;
};

const ORDINALS = ['first', 'second', 'third'];

/**
 * Where `candidate` allows more time than `floor` for any case the regimes can tell apart: each fact
 * combination, each interval in the chain, each anchor date in the window.
 */
export function laxerThanFloor(
  candidate: readonly Interval[],
  floor: readonly Interval[],
  counting: Counting,
  path: string,
): RuleProblem[] {
  const compiledCandidate = compileIntervals(candidate);
  const compiledFloor = compileIntervals(floor);
  const grid = factGrid([...candidate, ...floor].flat().map((regime) => regime.when));
  const verdicts = new Map<string, boolean>();
  const problems = new Map<string, RuleProblem>();
  for (let index = 0; index < Math.max(candidate.length, floor.length); index++) {
    for (const facts of grid) {
      const mine = regimeFor(intervalAt(compiledCandidate, index), facts).offsets;
      const limit = regimeFor(intervalAt(compiledFloor, index), facts);
      const key = JSON.stringify([mine, limit.offsets]);
      let laxer = verdicts.get(key);
      if (laxer === undefined) {
        laxer = isLaxer(counting, mine, limit.offsets, WINDOW);
        verdicts.set(key, laxer);
      }
      if (laxer && !problems.has(`${index}:${key}`)) {
        const which = ORDINALS[index] ?? `interval ${index + 1}`;
        const why = limit.because ? ` (${limit.because})` : '';
        problems.set(`${index}:${key}`, {
          path,
          message: `${describeOffsets(mine)} is longer than the national floor of ${describeOffsets(limit.offsets)}${why} for the ${which} interval${describeFacts(facts)}`,
        });
      }
    }
  }
  return [...problems.values()];
}

/** How the national floor counts: England & Wales bank holidays, working days counted exclusively. */
export const NATIONAL_COUNTING: Counting = { calendar: englandAndWalesCalendar, inclusiveWorkingDays: false };
