/**
 * The Lambda functions' configuration, read from their environment (set by the constructs in `infra/stateless/`)
 * and checked at cold start, so a function deployed without a variable fails at once with a message
 * naming it, instead of on the first event with an error from the AWS SDK.
 *
 * Pure: takes the environment as an argument, so tests need not touch `process.env`.
 */

import { z } from 'zod';
import { minutesOfDay, TIME_OF_DAY } from '../../runs/schedule-times.ts';

/** Environment variable names, shared with the stack that sets them. */
export const ENVIRONMENT = {
  tableName: 'TABLE_NAME',
  ruleProfile: 'RULE_PROFILE',
  morningRunTime: 'MORNING_RUN_TIME',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  noticeQueueUrl: 'NOTICE_QUEUE_URL',
  caseLinkTemplate: 'CASE_LINK_TEMPLATE',
  senderAddress: 'SENDER_ADDRESS',
  configurationSet: 'SES_CONFIGURATION_SET',
  teamsWebhooksSecret: 'TEAMS_WEBHOOKS_SECRET',
} as const;

/**
 * The scheduled run's summary line, as the stack's metric filters read it: the line's message, and the
 * fields holding how many directory gaps the run met, how many cases await a recompute a stopped batch
 * left undone, and whether a weekly summary is still waiting for them three hours after its time (an
 * alarm fires when any is above 0).
 */
export const RUN_SUMMARY_LOG = {
  message: 'scheduled run finished',
  gapsField: 'gaps',
  awaitingRecomputeField: 'awaitingRecompute',
  weeklyLateField: 'late',
} as const;

/**
 * The ingest handlers' lines (one per queue message, one per HTTPS request), as the stack's metric
 * filters read them: the fields holding how many items were refused and quarantined, and how many
 * deadlines of the cases touched could not be worked out. Counts only, never what was refused or why;
 * an alarm fires when either is above 0.
 */
export const INGEST_LOG = { rejectedField: 'rejected', caseProblemsField: 'caseProblems' } as const;

/**
 * A Secrets Manager secret name (letters, digits and / _ + = . @ -), or empty: how the Teams webhooks
 * secret is named in the settings and in the notifier's environment, where empty means no Teams.
 */
export const SECRET_NAME_OR_EMPTY = /^([A-Za-z0-9/_+=.@-]{1,512})?$/;

/** The rule profiles a function can load: the built-in ones. */
export const LAMBDA_RULE_PROFILES = ['default', 'statutory'] as const;

/** What every function needs: the table and the name on its log lines. */
export interface FunctionEnvironment {
  /** The single table (`line-of-sight-<environment>`). */
  readonly tableName: string;
  /** The service name on every log line. */
  readonly serviceName: string;
}

/** What an ingest function needs to know about where it runs. */
export interface IngestEnvironment extends FunctionEnvironment {
  /** The built-in rule profile to evaluate. */
  readonly ruleProfile: (typeof LAMBDA_RULE_PROFILES)[number];
  /** Minutes after London midnight of the morning run (`07:00` → 420): where day-scale notices are keyed. */
  readonly morningRunMinutes: number;
}

/** What the scheduled-run function needs: what ingest needs, and where notices go. */
export interface ScheduleRunEnvironment extends IngestEnvironment {
  /** The notices queue (standard SQS), read by the notifier. */
  readonly noticeQueueUrl: string;
}

/** What the notifier needs: the table (its ledger), how to link a case, and how to send email and cards. */
export interface NotifyEnvironment extends FunctionEnvironment {
  /** The case system's https link, with `{caseId}` where the case reference goes. */
  readonly caseLinkTemplate: string;
  /** The SES-verified address notices come from. */
  readonly senderAddress: string;
  /** The SES configuration set whose event destination reports bounces and complaints. */
  readonly configurationSet: string;
  /** The Secrets Manager secret mapping Teams channels to webhook URLs; null when Teams is not configured. */
  readonly teamsWebhooksSecret: string | null;
}

const MUST_BE = {
  [ENVIRONMENT.tableName]: 'must be the name of the DynamoDB table, such as line-of-sight-dev',
  [ENVIRONMENT.ruleProfile]: `must be ${LAMBDA_RULE_PROFILES.join(' or ')}`,
  [ENVIRONMENT.morningRunTime]: 'must be the London time of the morning run, HH:MM, such as 07:00',
  [ENVIRONMENT.serviceName]: 'must be the service name on log lines, such as line-of-sight-ingest',
  [ENVIRONMENT.noticeQueueUrl]:
    'must be the https URL of the notices queue, such as https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-notices',
  [ENVIRONMENT.caseLinkTemplate]:
    'must be the https link of a case with {caseId}, such as https://cases.council.gov.uk/{caseId}',
  [ENVIRONMENT.senderAddress]: 'must be the SES-verified address notices come from',
  [ENVIRONMENT.configurationSet]:
    'must be the name of the SES configuration set, such as line-of-sight-dev (letters, digits, - and _)',
  [ENVIRONMENT.teamsWebhooksSecret]:
    'must be the name of the Secrets Manager secret of the Teams webhook URLs (letters, digits and / _ + = . @ -), or unset or empty for no Teams',
} as const;

const FIELDS = {
  [ENVIRONMENT.tableName]: z
    .string(MUST_BE[ENVIRONMENT.tableName])
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, MUST_BE[ENVIRONMENT.tableName]),
  [ENVIRONMENT.ruleProfile]: z.enum(LAMBDA_RULE_PROFILES, MUST_BE[ENVIRONMENT.ruleProfile]),
  [ENVIRONMENT.morningRunTime]: z
    .string(MUST_BE[ENVIRONMENT.morningRunTime])
    .regex(TIME_OF_DAY, MUST_BE[ENVIRONMENT.morningRunTime]),
  [ENVIRONMENT.serviceName]: z
    .string(MUST_BE[ENVIRONMENT.serviceName])
    .min(1, MUST_BE[ENVIRONMENT.serviceName]),
  [ENVIRONMENT.noticeQueueUrl]: z
    .string(MUST_BE[ENVIRONMENT.noticeQueueUrl])
    .regex(/^https:\/\/\S+$/, MUST_BE[ENVIRONMENT.noticeQueueUrl]),
  [ENVIRONMENT.caseLinkTemplate]: z
    .string(MUST_BE[ENVIRONMENT.caseLinkTemplate])
    .regex(/^https:\/\/\S*\{caseId\}\S*$/, MUST_BE[ENVIRONMENT.caseLinkTemplate]),
  [ENVIRONMENT.senderAddress]: z.email(MUST_BE[ENVIRONMENT.senderAddress]),
  [ENVIRONMENT.configurationSet]: z
    .string(MUST_BE[ENVIRONMENT.configurationSet])
    .regex(/^[A-Za-z0-9_-]{1,64}$/, MUST_BE[ENVIRONMENT.configurationSet]),
  // Optional, and empty is the same as unset: a deployment without Teams sends email only.
  [ENVIRONMENT.teamsWebhooksSecret]: z
    .string(MUST_BE[ENVIRONMENT.teamsWebhooksSecret])
    .regex(SECRET_NAME_OR_EMPTY, MUST_BE[ENVIRONMENT.teamsWebhooksSecret])
    .optional(),
};

const FUNCTION_SCHEMA = z.object({
  [ENVIRONMENT.tableName]: FIELDS[ENVIRONMENT.tableName],
  [ENVIRONMENT.serviceName]: FIELDS[ENVIRONMENT.serviceName],
});

// In this order, so problems are listed in the order the stack sets the variables.
const INGEST_SCHEMA = z.object({
  [ENVIRONMENT.tableName]: FIELDS[ENVIRONMENT.tableName],
  [ENVIRONMENT.ruleProfile]: FIELDS[ENVIRONMENT.ruleProfile],
  [ENVIRONMENT.morningRunTime]: FIELDS[ENVIRONMENT.morningRunTime],
  [ENVIRONMENT.serviceName]: FIELDS[ENVIRONMENT.serviceName],
});

const SCHEDULE_RUN_SCHEMA = INGEST_SCHEMA.extend({
  [ENVIRONMENT.noticeQueueUrl]: FIELDS[ENVIRONMENT.noticeQueueUrl],
});

const NOTIFY_SCHEMA = FUNCTION_SCHEMA.extend({
  [ENVIRONMENT.caseLinkTemplate]: FIELDS[ENVIRONMENT.caseLinkTemplate],
  [ENVIRONMENT.senderAddress]: FIELDS[ENVIRONMENT.senderAddress],
  [ENVIRONMENT.configurationSet]: FIELDS[ENVIRONMENT.configurationSet],
  [ENVIRONMENT.teamsWebhooksSecret]: FIELDS[ENVIRONMENT.teamsWebhooksSecret],
});

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

const functionEnvironmentOf = (values: z.output<typeof FUNCTION_SCHEMA>): FunctionEnvironment => ({
  tableName: values[ENVIRONMENT.tableName],
  serviceName: values[ENVIRONMENT.serviceName],
});

const ingestEnvironmentOf = (values: z.output<typeof INGEST_SCHEMA>): IngestEnvironment => {
  return {
    ...functionEnvironmentOf(values),
    ruleProfile: values[ENVIRONMENT.ruleProfile],
    // Checked against TIME_OF_DAY by the schema above.
    morningRunMinutes: minutesOfDay(values[ENVIRONMENT.morningRunTime]) as number,
  };
};

/**
 * Reads and checks an ingest function's environment.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function ingestEnvironmentFrom(env: Readonly<Record<string, string | undefined>>): IngestEnvironment {
  return ingestEnvironmentOf(parsed(INGEST_SCHEMA, env));
}

/**
 * Reads and checks the scheduled-run function's environment: the ingest variables and NOTICE_QUEUE_URL.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function scheduleRunEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): ScheduleRunEnvironment {
  const values = parsed(SCHEDULE_RUN_SCHEMA, env);
  return { ...ingestEnvironmentOf(values), noticeQueueUrl: values[ENVIRONMENT.noticeQueueUrl] };
}

/**
 * Reads and checks the notifier's environment: the table, the service name, CASE_LINK_TEMPLATE,
 * SENDER_ADDRESS, SES_CONFIGURATION_SET and, when Teams is configured, TEAMS_WEBHOOKS_SECRET.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function notifyEnvironmentFrom(env: Readonly<Record<string, string | undefined>>): NotifyEnvironment {
  const values = parsed(NOTIFY_SCHEMA, env);
  return {
    ...functionEnvironmentOf(values),
    caseLinkTemplate: values[ENVIRONMENT.caseLinkTemplate],
    senderAddress: values[ENVIRONMENT.senderAddress],
    configurationSet: values[ENVIRONMENT.configurationSet],
    teamsWebhooksSecret: values[ENVIRONMENT.teamsWebhooksSecret] || null,
  };
}

/**
 * Reads and checks the SES-events function's environment: the table and the service name only.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function sesEventsEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): FunctionEnvironment {
  return functionEnvironmentOf(parsed(FUNCTION_SCHEMA, env));
}
