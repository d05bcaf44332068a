/**
 * Worked examples of the rules, kept as data beside each catalogue file (`child-in-need.json` has
 * `child-in-need.examples.json`): for each rule id, short case histories and the deadlines the rule
 * gives for them as of a moment. One test runs them all against the engine, and `docs/rules.md` shows
 * them under each rule. A development tool: it reads files, so the runtime never imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { dateOrDateTimeSchema } from '../events/date-fields.ts';
import { ruleIdSchema } from '../events/identifiers.ts';
import { type CaseEvent, parseCaseEvent } from '../events/index.ts';
import { escalationStepSchema } from './schema.ts';

/** How an examples file is named beside its catalogue file. */
export const EXAMPLES_SUFFIX = '.examples.json';

/** Where a deadline stands, as the engine says it (the examples test holds the two lists equal). */
const DEADLINE_STATUSES = ['met', 'met-late', 'upcoming', 'due', 'overdue', 'cancelled', 'missed'] as const;
export type ExampleStatus = (typeof DEADLINE_STATUSES)[number];

/** The case the examples' events are on. */
const EXAMPLE_CASE_ID = 'CASE-EXAMPLE';

/**
 * One event of a history, in the event contract without the envelope keys filled in here (`id`,
 * `caseId`): it must be a valid event once they are.
 */
const exampleEventSchema = z
  .strictObject({
    type: z.string().min(1),
    occurredAt: z.string(),
    recordedAt: z.string().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .transform((event, ctx): CaseEvent => {
    const parsed = parseCaseEvent({ id: 'EXAMPLE', caseId: EXAMPLE_CASE_ID, ...event });
    if (parsed.ok) return parsed.event;
    for (const problem of parsed.problems) {
      ctx.addIssue({
        code: 'custom',
        path: problem.path ? problem.path.split('.') : [],
        message: problem.message,
      });
    }
    return z.NEVER;
  });

/** A history: its events with ids in the order written (E01, E02, …), so no two are taken for one. */
const historySchema = z
  .array(exampleEventSchema)
  .min(1)
  .transform((events) =>
    events.map((event, index) => ({ ...event, id: `E${String(index + 1).padStart(2, '0')}` })),
  );

/** One deadline the rule gives: when it falls due and where it stands, and what its explanation says. */
const expectedDeadlineSchema = z.strictObject({
  due: dateOrDateTimeSchema,
  status: z.enum(DEADLINE_STATUSES),
  /** The whole explanation, word for word. */
  explain: z.string().min(10).optional(),
  /** Parts the explanation must contain. */
  explainContains: z.array(z.string().min(3)).min(1).optional(),
});
export type ExpectedDeadline = z.infer<typeof expectedDeadlineSchema>;

/** One worked example: a history, the moment it is read at, and every deadline of the rule it gives. */
const ruleExampleSchema = z.strictObject({
  /** What it shows: "fires when …", "does not fire when …", or what else it shows. */
  name: z.string().min(10),
  /** The built-in profile it is evaluated under; `default` when left out. */
  profile: z.enum(['default', 'statutory']).optional(),
  events: historySchema,
  asOf: dateOrDateTimeSchema,
  /** The rule's deadlines, oldest first; empty when the rule does not apply to the history. */
  expect: z.array(expectedDeadlineSchema),
  /** Who the rule tells at and after a breach, in the profile. */
  escalation: z.array(escalationStepSchema).min(1).optional(),
});
/** An example as read: its events are case events, with ids, on {@link EXAMPLE_CASE_ID}. */
export type RuleExample = z.output<typeof ruleExampleSchema>;

/** An examples file: each rule id of its catalogue file with its examples. */
export const examplesFileSchema = z.record(ruleIdSchema, z.array(ruleExampleSchema).min(1));

const directory = new URL('./catalogue/', import.meta.url);

/** Every examples file in `rules/catalogue/`, by name, parsed as JSON but not yet checked. */
export function readExampleFiles(): { file: string; content: unknown }[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(EXAMPLES_SUFFIX))
    .sort()
    .map((file) => ({ file, content: JSON.parse(readFileSync(new URL(file, directory), 'utf8')) }));
}

/** Every rule's examples, by rule id; throws, naming the file and the place, if any file is not valid. */
export function loadRuleExamples(): Map<string, RuleExample[]> {
  const examples = new Map<string, RuleExample[]>();
  for (const { file, content } of readExampleFiles()) {
    const parsed = examplesFileSchema.safeParse(content);
    if (!parsed.success) throw new Error(`${file} is not valid:\n${z.prettifyError(parsed.error)}`);
    for (const [id, list] of Object.entries(parsed.data)) examples.set(id, list);
  }
  return examples;
}
