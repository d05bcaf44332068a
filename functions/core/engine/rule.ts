/**
 * A rule ready to evaluate: the catalogue's definition with its conditions compiled and a profile's
 * overrides applied. Built once at load by `functions/core/rules/load.ts`.
 */

import {
  type Citation,
  type EscalationStep,
  type Interval,
  isBreachStart,
  type Matcher,
  type Offset,
  type Period,
  type RuleCategory,
  type RuleDefinition,
  type RuleKind,
  type RuleOwner,
  type Target,
  type TrackerSettings,
} from '../../../rules/schema.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import { compileCondition, type Predicate, type Values } from './conditions.ts';

export interface CompiledMatcher {
  type: string;
  /** Tests the event's data. */
  test: Predicate;
  /** Tests the facts about the case at the end of the event's day, when the matcher says `when`. */
  when: Predicate | null;
}

export interface CompiledRegime {
  test: Predicate;
  offset: Offset;
  /** The offset and any that also apply: the deadline is whichever falls first. */
  offsets: Offset[];
  because: string | undefined;
}

/** One interval: its regimes in order, the last always applying. */
export type CompiledInterval = CompiledRegime[];

export interface Rule {
  id: string;
  title: string;
  /** What to do to meet it ("Visit and see the child"): the catalogue's, which no profile changes. */
  action: string;
  statement: string;
  category: RuleCategory;
  kind: RuleKind;
  start: CompiledMatcher[];
  /** Facts that must hold on the start event's day for a deadline to open. */
  appliesWhen: Predicate;
  /** Facts that must go on holding: when they stop (a young child leaves care), open deadlines are cancelled. */
  appliesWhile: Predicate | null;
  /** Once rules: only the first start in an episode (until a stop) opens a deadline. */
  onlyFirst: boolean;
  /** Once rules: a new start (a conference booked again) replaces the open deadline. */
  replaceOnStart: boolean;
  target: Target | null;
  /** Once rules: what the deadline counts from instead of its start, when the rule says (see the schema). */
  anchor: { firstAfterStart: CompiledMatcher[] } | null;
  /** The rules whose breaches start this one, in place of start events; empty for most rules. */
  breachOf: string[];
  /** Who must act: the allocated worker, or a manager at this level or above. */
  owner: RuleOwner;
  count: { events: CompiledMatcher[]; within: number } | null;
  periods: Period[] | null;
  /** Empty for recording rules, which are met by their own event's recording. */
  satisfiedBy: CompiledMatcher[];
  /** Once rules: only events this long after the start count (oversight at a plan's 12-month point). */
  satisfiableAfter: Offset | null;
  /** Once rules: the event that moves an open deadline on, by the amount in its data field. */
  extension: { matcher: CompiledMatcher; amountField: string; unit: Offset['unit'] } | null;
  /**
   * Once rules whose starts are items of their own (board actions): the data field naming the item,
   * the events that move an item's due date, and the data field naming who must act (see the schema).
   */
  item: { field: string; movedBy: CompiledMatcher[]; assignee: string | null } | null;
  /** Days, weeks and months run "beginning with" the event's day (it is day 1), not from the day after. */
  beginningWith: boolean;
  stop: CompiledMatcher[];
  restart: CompiledMatcher[];
  /** Recurring rules: events after which the open deadline's interval is worked out again (see the schema). */
  reconsider: CompiledMatcher[];
  intervals: CompiledInterval[];
  /** The national floor for this rule, when there is one: an agreed frequency never goes beyond it. */
  floor: CompiledInterval[] | null;
  /** The longest interval a manager may agree for one case, when the standards allow variation. */
  variationMaximum: Offset | null;
  reminders: Offset[];
  escalation: EscalationStep[];
  /**
   * Every document the rule rests on, each citation once: the standards it enforces, then the law
   * where the law applies (its national floor's source, the power to extend it), under any profile.
   */
  source: Citation[];
  /** The definition as written, with the profile's overrides applied (for listings and documentation). */
  definition: RuleDefinition;
}

/** A rule profile: the rules in force and the calendar they count on. */
export interface Profile {
  name: string;
  description: string;
  calendar: WorkingCalendar;
  inclusiveWorkingDays: boolean;
  rules: Rule[];
  /** The council's settings for the Line of Sight meeting's trackers (not read by the engine). */
  trackers: TrackerSettings;
}

const compileMatchers = (matchers: readonly Matcher[] | undefined): CompiledMatcher[] =>
  (matchers ?? []).map((m) => ({
    type: m.type,
    test: compileCondition(m.where),
    when: m.when ? compileCondition(m.when) : null,
  }));

/** The interval for the n-th occurrence in a chain (0-based): the last interval repeats. */
export const intervalAt = (intervals: readonly CompiledInterval[], index: number): CompiledInterval =>
  intervals[Math.min(index, intervals.length - 1)] as CompiledInterval;

/** The first regime whose condition holds for these facts; the last regime always applies. */
export const regimeFor = (interval: CompiledInterval, facts: Values): CompiledRegime =>
  interval.find((regime) => regime.test(facts)) ?? (interval[interval.length - 1] as CompiledRegime);

/** Compiles intervals' regimes. */
export function compileIntervals(intervals: readonly Interval[]): CompiledInterval[] {
  return intervals.map((regimes) =>
    regimes.map((r) => ({
      test: compileCondition(r.when),
      offset: r.offset,
      offsets: [r.offset, ...(r.orSooner ?? [])],
      because: r.because,
    })),
  );
}

/** The citations a rule rests on (see {@link Rule.source}), in that order, each once. */
function citationsOf(definition: RuleDefinition): Citation[] {
  const all = [
    ...definition.source,
    ...(definition.statutory?.source ?? []),
    ...(definition.extendedBy?.source ?? []),
  ];
  const key = (c: Citation) => `${c.document}|${c.section}|${c.ref}`;
  return all.filter((citation, index) => all.findIndex((other) => key(other) === key(citation)) === index);
}

/** Compiles a validated definition, with the defaults for reminders and escalation it does not set. */
export function compileRule(
  definition: RuleDefinition,
  defaults: { reminders: Offset[]; escalation: EscalationStep[] },
): Rule {
  return {
    id: definition.id,
    title: definition.title,
    action: definition.action,
    statement: definition.statement,
    category: definition.category,
    kind: definition.kind,
    start: compileMatchers(definition.start.filter((start): start is Matcher => !isBreachStart(start))),
    appliesWhen: compileCondition(definition.appliesWhen),
    appliesWhile: definition.appliesWhile ? compileCondition(definition.appliesWhile) : null,
    onlyFirst: definition.onlyFirst ?? false,
    replaceOnStart: definition.replaceOnStart ?? false,
    target: definition.target ?? null,
    anchor: definition.anchor
      ? { firstAfterStart: compileMatchers(definition.anchor.firstAfterStart) }
      : null,
    breachOf: definition.start.filter(isBreachStart).map((start) => start.breachOf),
    owner: definition.owner ?? 'worker',
    count: definition.count
      ? { events: compileMatchers(definition.count.events), within: definition.count.within }
      : null,
    periods: definition.periods ? [...definition.periods].sort((a, b) => a.from.localeCompare(b.from)) : null,
    satisfiableAfter: definition.satisfiableAfter ?? null,
    extension: definition.extendedBy
      ? {
          matcher: {
            type: definition.extendedBy.type,
            test: compileCondition(definition.extendedBy.where),
            when: null,
          },
          amountField: definition.extendedBy.amountField,
          unit: definition.extendedBy.unit,
        }
      : null,
    item: definition.item
      ? {
          field: definition.item.field,
          movedBy: compileMatchers(definition.item.movedBy),
          assignee: definition.item.assignee ?? null,
        }
      : null,
    beginningWith: definition.counting?.convention === 'beginning-with',
    satisfiedBy: compileMatchers(definition.satisfiedBy),
    stop: compileMatchers(definition.stop),
    restart: compileMatchers(definition.restart),
    reconsider: compileMatchers(definition.reconsider),
    intervals: compileIntervals(definition.intervals),
    floor: definition.statutory ? compileIntervals(definition.statutory.intervals) : null,
    variationMaximum: definition.variation?.maximum ?? null,
    reminders: definition.reminders ?? defaults.reminders,
    escalation: definition.escalation ?? defaults.escalation,
    source: citationsOf(definition),
    definition,
  };
}
