/**
 * Loading the catalogue and building profiles: parse with the rule model, check every reference
 * (event types, data fields, facts, document keys) and, unless the catalogue was checked before it was
 * built ({@link CatalogueCheck}), that nothing is laxer than the national floor (`floor.ts`). Every
 * problem is listed at once with where it is.
 */
import type { z } from 'zod';
import { dataFieldsOf, isEventType, OVERSIGHT_LEVELS } from '../../../events/index.ts';
import { CATALOGUE_FILES } from '../../../rules/catalogue/index.ts';
import defaultsFile from '../../../rules/defaults.json' with { type: 'json' };
import {
  type Condition,
  catalogueDefaultsSchema,
  catalogueFileSchema,
  DEFAULT_TRACKER_SETTINGS,
  type EscalationStep,
  type Extension,
  type Interval,
  type Item,
  isBreachStart,
  type Matcher,
  type Offset,
  type ProfileDefinition,
  profileSchema,
  type RuleDefinition,
  type Scalar,
  type TrackerSettings,
} from '../../../rules/schema.ts';
import {
  createWorkingCalendar,
  englandAndWalesCalendar,
  isIsoDate,
  type WorkingCalendar,
} from '../calendar/index.ts';
import { FACTS, type FactName } from '../engine/case-state.ts';
import { compileCondition, conditionFields } from '../engine/conditions.ts';
import type { Counting } from '../engine/offsets.ts';
import { compileRule, type Profile, type Rule } from '../engine/rule.ts';
import { laxerThanFloor, NATIONAL_COUNTING } from './floor.ts';
import { type RuleProblem, RuleValidationError } from './problems.ts';

/**
 * How much of the project's catalogue is checked as it loads.
 * - `full`: its shape, every reference, and each rule against its national floor. The tests,
 *   `los rules check`, the check before every synth and deploy, `npm run docs`, the CLI and `npm start`.
 * - `floor-checked-at-build`: its shape and every reference only, for a Lambda's cold start: the
 *   catalogue bundled into it is the one the tests and the check before the synth compared with the
 *   floor, and the comparison is two thirds of a load's time. A council profile it bundles was
 *   compared with the floor, overrides and all, by the synth that bundled it.
 */
export type CatalogueCheck = 'full' | 'floor-checked-at-build';

/** The validated catalogue: every rule as written, and the defaults for what a rule leaves out. */
export interface Catalogue {
  rules: RuleDefinition[];
  defaults: { reminders: Offset[]; escalation: EscalationStep[] };
}

const joinPath = (prefix: string, path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text ? '.' : ''}${String(key)}`),
    prefix,
  );

const zodProblems = (prefix: string, error: z.ZodError): RuleProblem[] =>
  error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));

/**
 * A matcher must name a real event type and only that type's data fields, with values it can hold, and
 * test only known facts.
 */
function checkMatcher(matcher: Matcher, path: string): RuleProblem[] {
  if (!isEventType(matcher.type))
    return [{ path: `${path}.type`, message: `${matcher.type} is not an event type` }];
  const data = dataFieldsOf(matcher.type);
  const problems: RuleProblem[] = checkFacts(matcher.when, `${path}.when`);
  for (const [field, literals] of conditionFields(matcher.where)) {
    const fieldSchema = data[field];
    if (!fieldSchema) {
      const known = Object.keys(data);
      problems.push({
        path: `${path}.where.${field}`,
        message: `${matcher.type} has no data field ${field}${known.length ? ` (its fields: ${known.join(', ')})` : ''}`,
      });
      continue;
    }
    for (const literal of literals) {
      // A DfE code parses too, read as the contract's value; a rule compares stored values, so it
      // must name the value itself.
      const parsed = literal === null ? null : fieldSchema.safeParse(literal);
      if (parsed !== null && !(parsed.success && parsed.data === literal)) {
        problems.push({
          path: `${path}.where.${field}`,
          message: `${JSON.stringify(literal)} is not a value ${matcher.type} ${field} can take`,
        });
      }
    }
  }
  return problems;
}

/** An extension must name a real event, and a whole-number data field every such event carries. */
function checkExtension(extension: Extension, path: string): RuleProblem[] {
  const problems = checkMatcher({ type: extension.type, where: extension.where }, path);
  const field = dataFieldsOf(extension.type)[extension.amountField];
  if (problems.length === 0 && !(field?.safeParse(1).success && !field.safeParse(undefined).success)) {
    problems.push({
      path: `${path}.amountField`,
      message: `${extension.type} has no whole-number data field ${extension.amountField} to extend by`,
    });
  }
  return problems;
}

/** A profile's counting with the rule's own convention for days, weeks and months. */
const countingOf = (rule: RuleDefinition, counting: Counting): Counting =>
  rule.counting?.convention === 'beginning-with' ? { ...counting, beginningWith: true } : counting;

/** A target field must be a date every start event carries. */
function checkTargetField(rule: RuleDefinition, field: string, path: string): RuleProblem[] {
  return rule.start.flatMap((matcher, m) => {
    if (isBreachStart(matcher)) return [];
    const schema = dataFieldsOf(matcher.type)[field];
    return schema?.safeParse('2026-01-05').success
      ? []
      : [
          {
            path: `${path}.start[${m}]`,
            message: `${matcher.type} has no date field ${field} to count from`,
          },
        ];
  });
}

/**
 * A rule with items: every start must name its item (and its assignee, a staff id) in its data, and
 * every move must name the item and carry the date the rule counts from.
 */
function checkItem(rule: RuleDefinition, item: Item, path: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const carries = (type: string, field: string, sample: string) =>
    dataFieldsOf(type)[field]?.safeParse(sample).success === true;
  rule.start.forEach((matcher, m) => {
    if (isBreachStart(matcher)) return;
    if (!carries(matcher.type, item.field, 'item-0001'))
      problems.push({
        path: `${path}.field`,
        message: `start[${m}] ${matcher.type} has no data field ${item.field}`,
      });
    if (item.assignee && !carries(matcher.type, item.assignee, 'SW-001'))
      problems.push({
        path: `${path}.assignee`,
        message: `start[${m}] ${matcher.type} has no staff id field ${item.assignee}`,
      });
  });
  const dateField = rule.target && 'field' in rule.target ? rule.target.field : null;
  for (const [m, matcher] of (item.movedBy ?? []).entries()) {
    const at = `${path}.movedBy[${m}]`;
    const problemsOfMatcher = checkMatcher(matcher, at);
    problems.push(...problemsOfMatcher);
    if (problemsOfMatcher.length > 0) continue;
    if (!carries(matcher.type, item.field, 'item-0001'))
      problems.push({ path: at, message: `${matcher.type} has no data field ${item.field}` });
    if (dateField !== null && !carries(matcher.type, dateField, '2026-01-05'))
      problems.push({ path: at, message: `${matcher.type} has no date field ${dateField} to move to` });
  }
  return problems;
}

const fitsDomain = (fact: FactName, value: Scalar) => {
  const { domain } = FACTS[fact];
  if (value === null) return true;
  if (domain === 'boolean' || domain === 'number') return typeof value === domain;
  return typeof value === 'string' && (domain as readonly string[]).includes(value);
};

/** A regime's `when` must test known facts against values they can take. */
function checkFacts(condition: Condition | undefined, path: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [field, literals] of conditionFields(condition)) {
    if (!(field in FACTS)) {
      problems.push({
        path: `${path}.${field}`,
        message: `${field} is not a fact (known: ${Object.keys(FACTS).join(', ')})`,
      });
      continue;
    }
    for (const literal of literals) {
      if (!fitsDomain(field as FactName, literal)) {
        problems.push({
          path: `${path}.${field}`,
          message: `${JSON.stringify(literal)} is not a value ${field} can take`,
        });
      }
    }
  }
  return problems;
}

/**
 * A deadline met by management oversight is a manager's to meet: it is owned by the least level the
 * oversight may be recorded at (met by `oversight.recorded` at TM or above: owned by the TM).
 */
function checkOwner(rule: RuleDefinition, path: string): RuleProblem[] {
  const owner = rule.owner ?? 'worker';
  return (rule.satisfiedBy ?? []).flatMap((matcher) => {
    if (matcher.type !== 'oversight.recorded') return [];
    const accepts = compileCondition(matcher.where);
    const least = OVERSIGHT_LEVELS.find((level) => accepts({ level })) ?? 'no level';
    return least === owner
      ? []
      : [
          {
            path: `${path}.owner`,
            message: `met by management oversight at ${least} or above, so owned by ${least}, not ${owner}`,
          },
        ];
  });
}

/** A rule started by breaches follows rules started by events, in the catalogue. */
function checkFollowed(
  follows: ReadonlyArray<{ path: string; breachOf: string }>,
  rules: readonly RuleDefinition[],
) {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return follows.flatMap(({ path, breachOf }): RuleProblem[] => {
    const followed = byId.get(breachOf);
    if (!followed) return [{ path, message: `there is no rule ${breachOf} to follow` }];
    return followed.start.some(isBreachStart)
      ? [
          {
            path,
            message: `${breachOf} is itself started by breaches: a rule follows only rules started by events`,
          },
        ]
      : [];
  });
}

const checkIntervals = (intervals: readonly Interval[], path: string) =>
  intervals.flatMap((regimes, i) =>
    regimes.flatMap((regime, r) => checkFacts(regime.when, `${path}[${i}].regimes[${r}].when`)),
  );

/**
 * Validates catalogue files and defaults, comparing each rule with its national floor unless `check`
 * says the build did; returns the rules and every problem found.
 */
export function validateCatalogue(
  files: ReadonlyArray<{ file: string; content: unknown }>,
  defaults: unknown,
  check: CatalogueCheck = 'full',
): Catalogue & { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const parsedDefaults = catalogueDefaultsSchema.safeParse(defaults);
  if (!parsedDefaults.success) problems.push(...zodProblems('defaults.json', parsedDefaults.error));
  const rules: RuleDefinition[] = [];
  const seen = new Map<string, string>();
  const follows: { path: string; breachOf: string }[] = [];
  for (const { file, content } of files) {
    const parsed = catalogueFileSchema.safeParse(content);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    parsed.data.rules.forEach((rule, index) => {
      const path = `${file} rules[${index}] (${rule.id})`;
      const earlier = seen.get(rule.id);
      if (earlier) problems.push({ path, message: `rule id ${rule.id} is already used in ${earlier}` });
      seen.set(rule.id, file);
      for (const key of ['start', 'satisfiedBy', 'stop', 'restart', 'reconsider'] as const) {
        for (const [m, matcher] of (rule[key] ?? []).entries()) {
          if (isBreachStart(matcher))
            follows.push({ path: `${path}.${key}[${m}]`, breachOf: matcher.breachOf });
          else problems.push(...checkMatcher(matcher, `${path}.${key}[${m}]`));
        }
      }
      for (const [m, matcher] of (rule.anchor?.firstAfterStart ?? []).entries()) {
        problems.push(...checkMatcher(matcher, `${path}.anchor.firstAfterStart[${m}]`));
      }
      problems.push(...checkOwner(rule, path));
      for (const [m, matcher] of (rule.count?.events ?? []).entries()) {
        problems.push(...checkMatcher(matcher, `${path}.count.events[${m}]`));
      }
      if (rule.extendedBy) problems.push(...checkExtension(rule.extendedBy, `${path}.extendedBy`));
      problems.push(...checkFacts(rule.appliesWhen, `${path}.appliesWhen`));
      problems.push(...checkFacts(rule.appliesWhile, `${path}.appliesWhile`));
      if (rule.target && 'field' in rule.target)
        problems.push(...checkTargetField(rule, rule.target.field, path));
      if (rule.item) problems.push(...checkItem(rule, rule.item, `${path}.item`));
      for (const [p, period] of (rule.periods ?? []).entries()) {
        if (!isIsoDate(`2024-${period.from}`)) {
          problems.push({
            path: `${path}.periods[${p}].from`,
            message: `${period.from} is not a day of the year`,
          });
        }
      }
      problems.push(...checkIntervals(rule.intervals, `${path}.intervals`));
      if (rule.statutory) {
        problems.push(...checkIntervals(rule.statutory.intervals, `${path}.statutory.intervals`));
        if (check === 'full') {
          problems.push(
            ...laxerThanFloor(
              rule.intervals,
              rule.statutory.intervals,
              countingOf(rule, NATIONAL_COUNTING),
              `${path}.intervals`,
            ),
          );
        }
      }
      rules.push(rule);
    });
  }
  problems.push(...checkFollowed(follows, rules));
  const fallback = { reminders: [], escalation: [] };
  return { rules, defaults: parsedDefaults.success ? parsedDefaults.data : fallback, problems };
}

/** The project's catalogue as loaded, and whether that load compared it with the floor. */
let loaded: { catalogue: Catalogue; floorChecked: boolean } | undefined;

/**
 * The project's catalogue, validated once: a load that compared it with the floor serves every later
 * one, and a load that did not is done again in full when `full` is asked for. Throws
 * {@link RuleValidationError} listing every problem.
 */
export function loadCatalogue(check: CatalogueCheck = 'full'): Catalogue {
  if (loaded && (loaded.floorChecked || check === 'floor-checked-at-build')) return loaded.catalogue;
  const { problems, ...valid } = validateCatalogue(CATALOGUE_FILES, defaultsFile, check);
  if (problems.length > 0) throw new RuleValidationError('The rule catalogue', problems);
  loaded = { catalogue: valid, floorChecked: check === 'full' };
  return valid;
}

/**
 * Every problem with the project's catalogue, each rule compared with its national floor: what
 * `los rules check` reports, and what the check before every synth and deploy fails on.
 */
export function checkCatalogue(): RuleProblem[] {
  return validateCatalogue(CATALOGUE_FILES, defaultsFile).problems;
}

/** The rule as the national floor states it, or nothing when the law sets no timescale for it. */
function asStatutory(rule: RuleDefinition): RuleDefinition | null {
  if (!rule.statutory) return null;
  const { conflicts: _localConflicts, variation: _localVariation, ...national } = rule;
  return { ...national, intervals: rule.statutory.intervals, source: rule.statutory.source };
}

const DESCRIPTIONS = {
  default: "The council's practice standards (the seed documents), stricter than the national floor.",
  statutory: 'The national floor: timescales set in law and statutory guidance.',
} as const;

function assemble(
  name: string,
  description: string,
  definitions: readonly RuleDefinition[],
  defaults: Catalogue['defaults'],
  calendar: WorkingCalendar,
  inclusiveWorkingDays: boolean,
  trackers: TrackerSettings = DEFAULT_TRACKER_SETTINGS,
): Profile {
  const rules: Rule[] = definitions.map((definition) => compileRule(definition, defaults));
  return { name, description, calendar, inclusiveWorkingDays, rules, trackers };
}

const builtIn = new Map<string, Profile>();

/** The rule definitions of a built-in profile. */
function baseDefinitions(base: 'default' | 'statutory', { rules }: Catalogue): RuleDefinition[] {
  return base === 'default' ? rules : rules.flatMap((rule) => asStatutory(rule) ?? []);
}

/**
 * A built-in profile: `default` (the practice standards) or `statutory` (the national floor), from the
 * catalogue checked as `check` says (in full unless a Lambda's cold start says the build did).
 */
export function builtInProfile(name: 'default' | 'statutory', check: CatalogueCheck = 'full'): Profile {
  // Asked of the catalogue even when the profile is built, so that a full check is not skipped for a
  // profile a lighter load built first.
  const catalogue = loadCatalogue(check);
  let profile = builtIn.get(name);
  if (!profile) {
    const definitions = baseDefinitions(name, catalogue);
    profile = assemble(
      name,
      DESCRIPTIONS[name],
      definitions,
      catalogue.defaults,
      englandAndWalesCalendar,
      false,
    );
    builtIn.set(name, profile);
  }
  return profile;
}

/** Every problem with a council profile: its shape, its closure days, and any override laxer than the floor. */
export function checkProfile(input: unknown): RuleProblem[] {
  return resolveProfile(input, 'full').problems;
}

/** The working calendar of a profile's closure days, or a problem with them. */
function calendarOf(definition: ProfileDefinition): { calendar: WorkingCalendar; problem?: RuleProblem } {
  try {
    return {
      calendar: definition.closureDays
        ? createWorkingCalendar({ closureDays: definition.closureDays })
        : englandAndWalesCalendar,
    };
  } catch (error) {
    return {
      calendar: englandAndWalesCalendar,
      problem: { path: 'closureDays', message: (error as Error).message },
    };
  }
}

/**
 * The working calendar of a council profile (the bank holidays and its closure days), without building
 * its rules: what the notifier counts "in 3 working days" over. Throws {@link RuleValidationError}.
 */
export function profileCalendar(input: unknown): WorkingCalendar {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw new RuleValidationError('The profile', zodProblems('', parsed.error));
  const { calendar, problem } = calendarOf(parsed.data);
  if (problem) throw new RuleValidationError('The profile', [problem]);
  return calendar;
}

function resolveProfile(
  input: unknown,
  check: CatalogueCheck,
): { profile: Profile | null; problems: RuleProblem[] } {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { profile: null, problems: zodProblems('', parsed.error) };
  const definition: ProfileDefinition = parsed.data;
  const problems: RuleProblem[] = [];
  const { calendar, problem } = calendarOf(definition);
  if (problem) problems.push(problem);
  const inclusive = definition.workingDayCounting === 'inclusive';
  const counting: Counting = { calendar, inclusiveWorkingDays: inclusive };
  // Checked in full, the catalogue it extends with it, unless a Lambda's cold start says the synth did:
  // the synth checks the file it bundles, and the function refuses a file with another version.
  const catalogue = loadCatalogue(check);
  const base = baseDefinitions(definition.extends, catalogue);
  const byId = new Map(base.map((rule) => [rule.id, rule]));
  const overrides = definition.overrides ?? {};
  for (const [id, override] of Object.entries(overrides)) {
    const path = `overrides.${id}`;
    const rule = byId.get(id);
    if (!rule) {
      problems.push({ path, message: `there is no rule ${id} in the ${definition.extends} profile` });
      continue;
    }
    if (override.enabled === false && rule.statutory) {
      problems.push({
        path: `${path}.enabled`,
        message: `${id} is a national requirement and cannot be switched off`,
      });
    }
    const followers = base.filter(
      (other) =>
        other.start.some((start) => isBreachStart(start) && start.breachOf === id) &&
        overrides[other.id]?.enabled !== false,
    );
    if (override.enabled === false && followers.length > 0) {
      problems.push({
        path: `${path}.enabled`,
        message: `rules started by ${id}'s breaches are still on (${followers.map((other) => other.id).join(', ')}): switch them off too`,
      });
    }
    if (override.intervals) {
      problems.push(...checkIntervals(override.intervals, `${path}.intervals`));
      if (rule.statutory && check === 'full')
        problems.push(
          ...laxerThanFloor(
            override.intervals,
            rule.statutory.intervals,
            countingOf(rule, counting),
            `${path}.intervals`,
          ),
        );
    }
  }
  if (problems.length > 0) return { profile: null, problems };
  const definitions = base.flatMap((rule) => {
    const override = overrides[rule.id];
    if (!override) return [rule];
    if (override.enabled === false) return [];
    return [
      {
        ...rule,
        intervals: override.intervals ?? rule.intervals,
        reminders: override.reminders ?? rule.reminders,
        escalation: override.escalation ?? rule.escalation,
      },
    ];
  });
  const description =
    definition.description ?? `${DESCRIPTIONS[definition.extends]} With ${definition.name}'s changes.`;
  const profile = assemble(
    definition.name,
    description,
    definitions,
    catalogue.defaults,
    calendar,
    inclusive,
    definition.trackers,
  );
  return { profile, problems };
}

/**
 * Builds a council profile, checked as `check` says (in full unless a Lambda's cold start says the
 * synth checked the file it bundled); throws {@link RuleValidationError} listing every problem.
 */
export function buildProfile(input: unknown, check: CatalogueCheck = 'full'): Profile {
  const { profile, problems } = resolveProfile(input, check);
  if (!profile) throw new RuleValidationError('The profile', problems);
  return profile;
}
