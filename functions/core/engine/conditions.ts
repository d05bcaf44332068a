/**
 * Conditions from the rule catalogue compiled to plain predicates once, at load, so evaluating a case
 * never re-reads the rule's JSON.
 */
import { OVERSIGHT_LEVELS } from '../../../events/vocabularies.ts';
import type { Comparison, Condition, Scalar } from '../../../rules/schema.ts';

/** A record of named values: an event's `data`, or the facts about a case at a moment. */
export type Values = Readonly<Record<string, unknown>>;
export type Predicate = (values: Values) => boolean;

const levelRank = (value: unknown): number =>
  OVERSIGHT_LEVELS.indexOf(value as (typeof OVERSIGHT_LEVELS)[number]);

function compileComparison(field: string, comparison: Comparison): Predicate {
  if (comparison === null || typeof comparison !== 'object') {
    return (values) => (values[field] ?? null) === comparison;
  }
  if ('eq' in comparison) return (values) => (values[field] ?? null) === comparison.eq;
  if ('ne' in comparison) return (values) => (values[field] ?? null) !== comparison.ne;
  if ('in' in comparison) {
    const allowed = new Set<Scalar>(comparison.in);
    return (values) => allowed.has((values[field] ?? null) as Scalar);
  }
  if ('notIn' in comparison) {
    const refused = new Set<Scalar>(comparison.notIn);
    return (values) => !refused.has((values[field] ?? null) as Scalar);
  }
  if ('atLeast' in comparison) {
    const floor = levelRank(comparison.atLeast);
    return (values) => levelRank(values[field]) >= floor;
  }
  const numeric = (test: (n: number) => boolean): Predicate => {
    return (values) => {
      const value = values[field];
      return typeof value === 'number' && test(value);
    };
  };
  if ('lt' in comparison) return numeric((n) => n < comparison.lt);
  if ('lte' in comparison) return numeric((n) => n <= comparison.lte);
  if ('gt' in comparison) return numeric((n) => n > comparison.gt);
  return numeric((n) => n >= comparison.gte);
}

const always: Predicate = () => true;

/**
 * Compiles a condition; an absent condition always holds. Predicates run for every event a rule hears,
 * so a single test is returned as it is and lists are walked without a callback per call.
 */
export function compileCondition(condition: Condition | undefined): Predicate {
  if (!condition) return always;
  const tests: Predicate[] = [];
  for (const [field, entry] of Object.entries(condition)) {
    if (entry === undefined) continue;
    if (field === 'anyOf') {
      const choices = (entry as Condition[]).map(compileCondition);
      tests.push((values) => {
        for (const choice of choices) if (choice(values)) return true;
        return false;
      });
    } else {
      tests.push(compileComparison(field, entry as Comparison));
    }
  }
  if (tests.length === 0) return always;
  if (tests.length === 1) return tests[0] as Predicate;
  return (values) => {
    for (const test of tests) if (!test(values)) return false;
    return true;
  };
}

/** Every field name a condition refers to, with the literal values it compares against. */
export function conditionFields(condition: Condition | undefined, into = new Map<string, Scalar[]>()) {
  if (!condition) return into;
  for (const [field, entry] of Object.entries(condition)) {
    if (entry === undefined) continue;
    if (field === 'anyOf') {
      for (const choice of entry as Condition[]) conditionFields(choice, into);
      continue;
    }
    const literals = into.get(field) ?? [];
    const comparison = entry as Comparison;
    if (comparison === null || typeof comparison !== 'object') literals.push(comparison);
    else if ('in' in comparison) literals.push(...comparison.in);
    else if ('notIn' in comparison) literals.push(...comparison.notIn);
    else literals.push(Object.values(comparison)[0] as Scalar);
    into.set(field, literals);
  }
  return into;
}
