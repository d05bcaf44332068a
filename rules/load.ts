/**
 * Loading the catalogue and building profiles: parse with the rule model, check every reference
 * (event types, data fields, facts, document keys) and check that nothing is laxer than the national
 * floor. Every problem is listed at once with where it is.
 */
import type { z } from 'zod';
import { caseEventSchema, isEventType } from '../events/index.ts';
import {
  addDays,
  createWorkingCalendar,
  type DayNumber,
  englandAndWalesCalendar,
  isIsoDate,
  parseIsoDate,
  type WorkingCalendar,
} from '../functions/core/calendar/index.ts';
import { FACTS, type FactName } from '../functions/core/engine/case-state.ts';
import { conditionFields } from '../functions/core/engine/conditions.ts';
import { type Counting, describeOffsets, isLaxer } from '../functions/core/engine/offsets.ts';
import {
  compileIntervals,
  compileRule,
  intervalAt,
  type Profile,
  type Rule,
  regimeFor,
} from '../functions/core/engine/rule.ts';
import { CATALOGUE_FILES } from './catalogue/index.ts';
import defaultsFile from './defaults.json' with { type: 'json' };
import {
  type Condition,
  catalogueDefaultsSchema,
  catalogueFileSchema,
  type EscalationStep,
  type Interval,
  type Matcher,
  type Offset,
  type ProfileDefinition,
  profileSchema,
  type RuleDefinition,
  type Scalar,
} from './schema.ts';

/** One thing wrong with a rule or profile, and where. */
export interface RuleProblem {
  path: string;
  message: string;
}

/** Thrown when the catalogue or a profile cannot be used; `problems` lists everything wrong. */
export class RuleValidationError extends Error {
  constructor(
    what: string,
    readonly problems: RuleProblem[],
  ) {
    super(`${what} is not valid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'RuleValidationError';
  }
}

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

type ObjectSchema = z.ZodType & { shape: Record<string, z.ZodType> };
const DATA_SCHEMAS = new Map<string, ObjectSchema>(
  caseEventSchema.options.map((option) => [
    option.shape.type.value,
    option.shape.data as unknown as ObjectSchema,
  ]),
);

/** A matcher must name a real event type and only that type's data fields, with values it can hold. */
function checkMatcher(matcher: Matcher, path: string): RuleProblem[] {
  if (!isEventType(matcher.type))
    return [{ path: `${path}.type`, message: `${matcher.type} is not an event type` }];
  const data = DATA_SCHEMAS.get(matcher.type) as ObjectSchema;
  const problems: RuleProblem[] = [];
  for (const [field, literals] of conditionFields(matcher.where)) {
    const fieldSchema = data.shape[field];
    if (!fieldSchema) {
      const known = Object.keys(data.shape);
      problems.push({
        path: `${path}.where.${field}`,
        message: `${matcher.type} has no data field ${field}${known.length ? ` (its fields: ${known.join(', ')})` : ''}`,
      });
      continue;
    }
    for (const literal of literals) {
      if (literal !== null && !fieldSchema.safeParse(literal).success) {
        problems.push({
          path: `${path}.where.${field}`,
          message: `${JSON.stringify(literal)} is not a value ${matcher.type} ${field} can take`,
        });
      }
    }
  }
  return problems;
}

/** A target field must be a date every start event carries. */
function checkTargetField(rule: RuleDefinition, field: string, path: string): RuleProblem[] {
  return rule.start.flatMap((matcher, m) => {
    const data = isEventType(matcher.type) ? DATA_SCHEMAS.get(matcher.type) : undefined;
    const schema = data?.shape[field];
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

const checkIntervals = (intervals: readonly Interval[], path: string) =>
  intervals.flatMap((regimes, i) =>
    regimes.flatMap((regime, r) => checkFacts(regime.when, `${path}[${i}].regimes[${r}].when`)),
  );

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

const NATIONAL_COUNTING: Counting = { calendar: englandAndWalesCalendar, inclusiveWorkingDays: false };

/** Validates catalogue files and defaults; returns the rules and every problem found. */
export function validateCatalogue(
  files: ReadonlyArray<{ file: string; content: unknown }>,
  defaults: unknown,
): Catalogue & { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const parsedDefaults = catalogueDefaultsSchema.safeParse(defaults);
  if (!parsedDefaults.success) problems.push(...zodProblems('defaults.json', parsedDefaults.error));
  const rules: RuleDefinition[] = [];
  const seen = new Map<string, string>();
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
      for (const key of ['start', 'satisfiedBy', 'stop', 'restart'] as const) {
        for (const [m, matcher] of (rule[key] ?? []).entries()) {
          problems.push(...checkMatcher(matcher, `${path}.${key}[${m}]`));
        }
      }
      for (const [m, matcher] of (rule.count?.events ?? []).entries()) {
        problems.push(...checkMatcher(matcher, `${path}.count.events[${m}]`));
      }
      problems.push(...checkFacts(rule.appliesWhen, `${path}.appliesWhen`));
      problems.push(...checkFacts(rule.appliesWhile, `${path}.appliesWhile`));
      if (rule.target && 'field' in rule.target)
        problems.push(...checkTargetField(rule, rule.target.field, path));
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
        problems.push(
          ...laxerThanFloor(rule.intervals, rule.statutory.intervals, NATIONAL_COUNTING, `${path}.intervals`),
        );
      }
      rules.push(rule);
    });
  }
  const fallback = { reminders: [], escalation: [] };
  return { rules, defaults: parsedDefaults.success ? parsedDefaults.data : fallback, problems };
}

let catalogue: Catalogue | undefined;

/** The project's catalogue, validated once; throws {@link RuleValidationError} listing every problem. */
export function loadCatalogue(): Catalogue {
  if (catalogue) return catalogue;
  const { problems, ...valid } = validateCatalogue(CATALOGUE_FILES, defaultsFile);
  if (problems.length > 0) throw new RuleValidationError('The rule catalogue', problems);
  catalogue = valid;
  return valid;
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
  calendar: WorkingCalendar,
  inclusiveWorkingDays: boolean,
): Profile {
  const { defaults } = loadCatalogue();
  const rules: Rule[] = definitions.map((definition) => compileRule(definition, defaults));
  return { name, description, calendar, inclusiveWorkingDays, rules };
}

const builtIn = new Map<string, Profile>();

/** The rule definitions of a built-in profile. */
function baseDefinitions(base: 'default' | 'statutory'): RuleDefinition[] {
  const { rules } = loadCatalogue();
  return base === 'default' ? rules : rules.flatMap((rule) => asStatutory(rule) ?? []);
}

/** A built-in profile: `default` (the practice standards) or `statutory` (the national floor). */
export function builtInProfile(name: 'default' | 'statutory'): Profile {
  let profile = builtIn.get(name);
  if (!profile) {
    profile = assemble(name, DESCRIPTIONS[name], baseDefinitions(name), englandAndWalesCalendar, false);
    builtIn.set(name, profile);
  }
  return profile;
}

/** Every problem with a council profile: its shape, its closure days, and any override laxer than the floor. */
export function checkProfile(input: unknown): RuleProblem[] {
  return resolveProfile(input).problems;
}

function resolveProfile(input: unknown): { profile: Profile | null; problems: RuleProblem[] } {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { profile: null, problems: zodProblems('', parsed.error) };
  const definition: ProfileDefinition = parsed.data;
  const problems: RuleProblem[] = [];
  let calendar = englandAndWalesCalendar;
  try {
    if (definition.closureDays) calendar = createWorkingCalendar({ closureDays: definition.closureDays });
  } catch (error) {
    problems.push({ path: 'closureDays', message: (error as Error).message });
  }
  const inclusive = definition.workingDayCounting === 'inclusive';
  const counting: Counting = { calendar, inclusiveWorkingDays: inclusive };
  const base = baseDefinitions(definition.extends);
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
    if (override.intervals) {
      problems.push(...checkIntervals(override.intervals, `${path}.intervals`));
      if (rule.statutory)
        problems.push(
          ...laxerThanFloor(override.intervals, rule.statutory.intervals, counting, `${path}.intervals`),
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
  return { profile: assemble(definition.name, description, definitions, calendar, inclusive), problems };
}

/** Builds a council profile; throws {@link RuleValidationError} listing every problem. */
export function buildProfile(input: unknown): Profile {
  const { profile, problems } = resolveProfile(input);
  if (!profile) throw new RuleValidationError('The profile', problems);
  return profile;
}
