/**
 * The Lambda functions' configuration, read from their environment (set by `infra/stateless-stack.ts`)
 * and checked at cold start, so a function deployed without a variable fails at once with a message
 * naming it, instead of on the first event with an error from the AWS SDK.
 *
 * Pure: takes the environment as an argument, so tests need not touch `process.env`.
 */
import { z } from 'zod';

/** Environment variable names, shared with the stack that sets them. */
export const ENVIRONMENT = {
  tableName: 'TABLE_NAME',
  ruleProfile: 'RULE_PROFILE',
  morningRunTime: 'MORNING_RUN_TIME',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  intentQueueUrl: 'INTENT_QUEUE_URL',
} as const;

/** The rule profiles a function can load: the built-in ones. */
export const LAMBDA_RULE_PROFILES = ['default', 'statutory'] as const;

/** What an ingest function needs to know about where it runs. */
export interface IngestEnvironment {
  /** The single table (`line-of-sight-<environment>`). */
  readonly tableName: string;
  /** The built-in rule profile to evaluate. */
  readonly ruleProfile: (typeof LAMBDA_RULE_PROFILES)[number];
  /** Minutes after London midnight of the morning run (`07:00` → 420): where day-scale notices are keyed. */
  readonly morningRunMinutes: number;
  /** The service name on every log line. */
  readonly serviceName: string;
}

const MUST_BE = {
  [ENVIRONMENT.tableName]: 'must be the name of the DynamoDB table, such as line-of-sight-dev',
  [ENVIRONMENT.ruleProfile]: `must be ${LAMBDA_RULE_PROFILES.join(' or ')}`,
  [ENVIRONMENT.morningRunTime]: 'must be the London time of the morning run, HH:MM, such as 07:00',
  [ENVIRONMENT.serviceName]: 'must be the service name on log lines, such as line-of-sight-ingest',
  [ENVIRONMENT.intentQueueUrl]:
    'must be the https URL of the intents queue, such as https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-intents',
} as const;

const SCHEMA = z.object({
  [ENVIRONMENT.tableName]: z
    .string(MUST_BE[ENVIRONMENT.tableName])
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, MUST_BE[ENVIRONMENT.tableName]),
  [ENVIRONMENT.ruleProfile]: z.enum(LAMBDA_RULE_PROFILES, MUST_BE[ENVIRONMENT.ruleProfile]),
  [ENVIRONMENT.morningRunTime]: z
    .string(MUST_BE[ENVIRONMENT.morningRunTime])
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, MUST_BE[ENVIRONMENT.morningRunTime]),
  [ENVIRONMENT.serviceName]: z
    .string(MUST_BE[ENVIRONMENT.serviceName])
    .min(1, MUST_BE[ENVIRONMENT.serviceName]),
});

const SCHEDULE_RUN_SCHEMA = SCHEMA.extend({
  [ENVIRONMENT.intentQueueUrl]: z
    .string(MUST_BE[ENVIRONMENT.intentQueueUrl])
    .regex(/^https:\/\/\S+$/, MUST_BE[ENVIRONMENT.intentQueueUrl]),
});

/** What the scheduled-run function needs: what ingest needs, and where intents go. */
export interface ScheduleRunEnvironment extends IngestEnvironment {
  /** The intents queue (standard SQS), read by the notifier. */
  readonly intentQueueUrl: string;
}

/** An environment a function cannot start with; the message names every variable that is wrong. */
export class EnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      [
        'Line of Sight cannot start: its Lambda environment is not valid (the stateless stack sets it):',
        ...problems.map((problem) => `  - ${problem}`),
      ].join('\n'),
    );
    this.name = 'EnvironmentError';
  }
}

/** Checks `env` against `schema`, or throws naming each missing or wrong variable. */
function parsed<T extends z.ZodType>(
  schema: T,
  env: Readonly<Record<string, string | undefined>>,
): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new EnvironmentError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const value = env[name];
        return value === undefined
          ? `${name} is not set; it ${issue.message}`
          : `${name} ${issue.message} (got ${JSON.stringify(value)})`;
      }),
    );
  }
  return result.data;
}

const ingestEnvironmentOf = (values: z.output<typeof SCHEMA>): IngestEnvironment => {
  const [hours = 0, minutes = 0] = values[ENVIRONMENT.morningRunTime].split(':').map(Number);
  return {
    tableName: values[ENVIRONMENT.tableName],
    ruleProfile: values[ENVIRONMENT.ruleProfile],
    morningRunMinutes: hours * 60 + minutes,
    serviceName: values[ENVIRONMENT.serviceName],
  };
};

/**
 * Reads and checks an ingest function's environment.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function ingestEnvironmentFrom(env: Readonly<Record<string, string | undefined>>): IngestEnvironment {
  return ingestEnvironmentOf(parsed(SCHEMA, env));
}

/**
 * Reads and checks the scheduled-run function's environment: the ingest variables and INTENT_QUEUE_URL.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function scheduleRunEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): ScheduleRunEnvironment {
  const values = parsed(SCHEDULE_RUN_SCHEMA, env);
  return { ...ingestEnvironmentOf(values), intentQueueUrl: values[ENVIRONMENT.intentQueueUrl] };
}
