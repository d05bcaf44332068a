/**
 * How each rule counts its timescale, in words, for `docs/rules.md`: its units, the day it counts from,
 * and why ("calendar months, from the day after the event: the standard says months and gives no number
 * of days"). The rule's own `counting.because` says why when it departs from the usual reading or gives
 * a unit a reader could take another way (91 days for "3 months").
 */
import type { Offset, RuleDefinition } from '../../rules/schema.ts';
import { describeTarget } from '../core/rules/describe.ts';

const UNIT_WORDS: Record<Offset['unit'], string> = {
  'working-days': 'working days (Monday to Friday, not bank holidays)',
  days: 'calendar days',
  weeks: 'weeks of 7 days',
  months: 'calendar months (the same date in the later month, or its last day when it has none)',
  hours: "hours from the event's time (from the end of its day when no time is recorded)",
};

/** The units the rule's intervals use, in the order they first appear. */
function unitsOf(definition: RuleDefinition): Offset['unit'][] {
  const offsets = definition.intervals
    .flat()
    .flatMap((regime) => [regime.offset, ...(regime.orSooner ?? [])]);
  return [...new Set(offsets.map((offset) => offset.unit))];
}

/** Where the count starts. */
function fromWords(definition: RuleDefinition, units: readonly Offset['unit'][]): string {
  const { target } = definition;
  if (target && 'field' in target)
    return `counted back from ${describeTarget(target)}, the day before it being day 1`;
  if (target) {
    return target.direction === 'before'
      ? 'counted back from the birthday, the day before it being day 1'
      : 'counted on from the birthday, the day after it being day 1';
  }
  if (definition.kind === 'recording') return 'from when the event happened to when it was recorded';
  if (definition.kind === 'count') {
    return `for at least one in every ${definition.count?.within} events counted, the end of each window projected from the day after the last one, which is day 1`;
  }
  if (units.every((unit) => unit === 'hours')) return '';
  if (definition.counting?.convention === 'beginning-with')
    return 'beginning with the day of the event, which is day 1';
  return 'from the day after the event, which is day 1';
}

/** Why, when the rule does not say: what each of its units means and why it is read so. */
function usualReasons(definition: RuleDefinition, units: readonly Offset['unit'][]): string {
  const reasons: string[] = [];
  if (units.includes('months')) {
    reasons.push(
      'The standard says months and gives no number of days, so they are calendar months; only where a standard gives the days (review conferences, looked-after reviews) are "3 months" and "6 months" counted as 91 and 183 days.',
    );
  }
  if (definition.target) {
    reasons.push(
      definition.target.direction === 'before'
        ? 'A time "before" a date is counted back from it, the date itself not counted.'
        : 'A time after a birthday runs from the day after it, as "after" is read.',
    );
  } else if (units.some((unit) => unit === 'days' || unit === 'weeks')) {
    reasons.push(
      'Days and weeks run from the day after the event, as "within" and "after" are read; only a source that says "beginning with" counts the day itself.',
    );
  }
  if (units.includes('working-days')) {
    reasons.push(
      'Working days are counted exclusively, as decided for every rule; a council profile may count them inclusively.',
    );
  }
  return reasons.join(' ');
}

/** A rule whose every timescale is nought: due on the day itself. */
function onTheDay(definition: RuleDefinition): string | null {
  const offsets = definition.intervals
    .flat()
    .flatMap((regime) => [regime.offset, ...(regime.orSooner ?? [])]);
  if (offsets.some((offset) => offset.amount !== 0)) return null;
  const { target } = definition;
  if (!target) return 'on the day of the event itself, as the standard says.';
  return `on ${'field' in target ? describeTarget(target) : 'the birthday'} itself, as the standard says.`;
}

/** The rule's counting in words: units, start, any extension, and why. */
export function describeCounting(definition: RuleDefinition): string {
  if (definition.kind === 'per-period') {
    return 'once in each period of the year, by its last day: the periods are fixed dates, not counted from an event.';
  }
  const zero = onTheDay(definition);
  if (zero) return definition.counting ? `${zero} ${definition.counting.because}` : zero;
  const units = unitsOf(definition);
  const extension = definition.extendedBy
    ? `; each extension adds its ${definition.extendedBy.unit} from the later of the limit it extends and the day it was granted`
    : '';
  const why = definition.counting?.because ?? usualReasons(definition, units);
  const from = fromWords(definition, units);
  const how = `${units.map((unit) => UNIT_WORDS[unit]).join(' and ')}${from ? `, ${from}` : ''}${extension}.`;
  return why ? `${how} ${why}` : how;
}
