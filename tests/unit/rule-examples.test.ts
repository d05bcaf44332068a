/**
 * The rules' worked examples (`rules/catalogue/*.examples.json`), each run against the engine: the
 * history gives exactly the deadlines the example says. Every rule has examples: one where it fires,
 * one where it does not and, for a rule that counts working days, one whose window spans a bank holiday.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import bankHolidays from '../../functions/core/calendar/england-and-wales-bank-holidays.json' with {
  type: 'json',
};
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import {
  type Deadline,
  type DeadlineStatus,
  momentOf,
  type Profile,
  type Rule,
} from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { CATALOGUE_FILES } from '../../rules/catalogue/index.ts';
import {
  EXAMPLES_SUFFIX,
  type ExampleStatus,
  examplesFileSchema,
  type RuleExample,
  readExampleFiles,
} from '../../rules/examples.ts';
import { catalogueFileSchema } from '../../rules/schema.ts';
import { deadlinesFor, summary } from '../support/case-history.ts';

interface Case {
  file: string;
  id: string;
  example: RuleExample;
}

const files = readExampleFiles().map(({ file, content }) => ({
  file,
  parsed: examplesFileSchema.safeParse(content),
}));
const cases: Case[] = files.flatMap(({ file, parsed }) =>
  parsed.success
    ? Object.entries(parsed.data).flatMap(([id, examples]) =>
        examples.map((example) => ({ file, id, example })),
      )
    : [],
);

const profileOf = (example: RuleExample): Profile => builtInProfile(example.profile ?? 'default');
const ruleOf = (profile: Profile, id: string): Rule | undefined =>
  profile.rules.find((rule) => rule.id === id);

const run = ({ id, example }: Case): Deadline[] =>
  deadlinesFor(id, example.events, example.asOf, profileOf(example));

/** Statuses that mean the rule fired: its deadline is overdue, was missed, or was met late. */
const FIRING: ReadonlySet<ExampleStatus> = new Set(['overdue', 'missed', 'met-late']);
const fires = (example: RuleExample) => example.expect.some((deadline) => FIRING.has(deadline.status));

describe('each worked example', () => {
  it.each(cases.map((c) => [`${c.id}: ${c.example.name}`, c] as const))('%s', (_title, c) => {
    const { id, example } = c;
    const deadlines = run(c);
    expect(summary(deadlines)).toEqual(example.expect.map(({ due, status }) => ({ due, status })));
    example.expect.forEach((expected, index) => {
      const explain = deadlines[index]?.explain;
      if (expected.explain) expect(explain).toBe(expected.explain);
      for (const part of expected.explainContains ?? []) expect(explain).toContain(part);
    });
    if (example.escalation) expect(ruleOf(profileOf(example), id)?.escalation).toEqual(example.escalation);
    if (/^fires\b/.test(example.name)) expect(fires(example), 'named as firing').toBe(true);
    if (/^does not fire\b/.test(example.name)) expect(fires(example), 'named as not firing').toBe(false);
  });
});

const BANK_HOLIDAYS = bankHolidays.holidays.map((holiday) => parseIsoDate(holiday.date));

/** Whether a rule's timescale, in any regime, counts working days. */
const countsWorkingDays = (rule: Rule) =>
  rule.definition.intervals
    .flat()
    .some((regime) => [regime.offset, ...(regime.orSooner ?? [])].some((o) => o.unit === 'working-days'));

/**
 * Whether a bank holiday falls inside the days a deadline was counted over: from the event that
 * anchored it (or the booked date a rule counts back from) to its due date.
 */
function spansBankHoliday(deadline: Deadline): boolean {
  const { target } = deadline.rule.definition;
  const from =
    target && 'field' in target
      ? momentOf(String((deadline.anchor.event.data as Record<string, unknown>)[target.field])).day
      : deadline.anchor.at.day;
  const [first, last] = [from, deadline.due.day].sort((a, b) => a - b) as [number, number];
  return BANK_HOLIDAYS.some((day) => day > first && day < last);
}

describe('the examples files', () => {
  it('say deadlines stand as the engine says they can', () => {
    expectTypeOf<ExampleStatus>().toEqualTypeOf<DeadlineStatus>();
  });

  it.each(files.map((f) => [f.file, f] as const))('%s is valid', (_file, { parsed }) => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(
    CATALOGUE_FILES.map(({ file, content }) => [file, catalogueFileSchema.parse(content).rules] as const),
  )('%s has its examples beside it, for its own rules only', (file, rules) => {
    const examplesFile = file.replace(/\.json$/, EXAMPLES_SUFFIX);
    const named = new Set(cases.filter((c) => c.file === examplesFile).map((c) => c.id));
    expect(files.map((f) => f.file)).toContain(examplesFile);
    expect([...named].filter((id) => !rules.some((rule) => rule.id === id))).toEqual([]);
  });

  it('belong to catalogue files', () => {
    const catalogue = CATALOGUE_FILES.map(({ file }) => file.replace(/\.json$/, EXAMPLES_SUFFIX));
    expect(files.map((f) => f.file).filter((file) => !catalogue.includes(file))).toEqual([]);
  });
});

describe('every rule', () => {
  const rules = builtInProfile('default').rules;

  it.each(rules.map((rule) => rule.id))(
    '%s has an example where it fires and one where it does not',
    (id) => {
      const examples = cases.filter((c) => c.id === id).map((c) => c.example);
      expect(examples.some(fires), `${id} has no example where it fires`).toBe(true);
      expect(
        examples.some((example) => !fires(example)),
        `${id} has no example where it does not fire`,
      ).toBe(true);
    },
  );

  it.each(rules.filter(countsWorkingDays).map((rule) => rule.id))(
    '%s counts working days, and has an example over a bank holiday',
    (id) => {
      const spans = cases.filter((c) => c.id === id).some((c) => run(c).some(spansBankHoliday));
      expect(spans, `no example of ${id} counts over a bank holiday`).toBe(true);
    },
  );
});
