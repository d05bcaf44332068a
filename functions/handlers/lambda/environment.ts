/**
 * The Lambda functions' configuration, read from their environment (set by the constructs in `infra/stateless/`)
 * and checked at cold start, so a function deployed without a variable fails at once with a message
 * naming it, instead of on the first event with an error from the AWS SDK.
 *
 * Pure: takes the environment as an argument, so tests need not touch `process.env`.
 */

import { z } from 'zod';
import { PROFILE_VERSION } from '../../rule-profile.ts';
import { minutesOfDay, TIME_OF_DAY } from '../../runs/schedule-times.ts';

/** Environment variable names, shared with the stack that sets them. */
export const ENVIRONMENT = {
  tableName: 'TABLE_NAME',
  ruleProfile: 'RULE_PROFILE',
  ruleProfileVersion: 'RULE_PROFILE_VERSION',
  morningRunTime: 'MORNING_RUN_TIME',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  noticeQueueUrl: 'NOTICE_QUEUE_URL',
  deadlineEventBus: 'DEADLINE_EVENT_BUS',
  caseLinkTemplate: 'CASE_LINK_TEMPLATE',
  senderAddress: 'SENDER_ADDRESS',
  sesIdentity: 'SES_IDENTITY',
  configurationSet: 'SES_CONFIGURATION_SET',
  teamsWebhooksSecret: 'TEAMS_WEBHOOKS_SECRET',
  sending: 'SENDING',
  teamsCards: 'TEAMS_CARDS',
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
 * The field of the run's summary line and of the notifier's line for each message that counts the
 * deadline events that could not be published, as the stack's metric filters read it (an alarm fires
 * when it is above 0).
 */
export const DEADLINE_EVENTS_LOG = { notPublishedField: 'deadlineEventsNotPublished' } as const;

/**
 * The notifier's line for a message it could not send, as the stack's metric filter reads it: the
 * field that is 1 when the send was refused because of how the deployment is set up (a Teams channel
 * with no webhook, an SES identity not verified), so an alarm fires at the first such refusal rather
 * than when the message reaches the dead-letter queue.
 */
export const NOTIFY_LOG = {
  failedMessage: 'notice not delivered',
  misconfiguredField: 'misconfigured',
} as const;

/**
 * Whether the runs send (`live`) or record in the outbox what they would send (`paused`): the quiet
 * start, `los:sending`.
 */
export const SENDING_MODES = ['paused', 'live'] as const;
/** See {@link SENDING_MODES}. */
export type Sending = (typeof SENDING_MODES)[number];

/**
 * A Secrets Manager secret name (letters, digits and / _ + = . @ -), or empty: how the Teams webhooks
 * secret is named in the settings and in the notifier's environment, where empty means no Teams.
 */
export const SECRET_NAME_OR_EMPTY = /^([A-Za-z0-9/_+=.@-]{1,512})?$/;

/** A Secrets Manager secret name (letters, digits and / _ + = . @ -): the board's secrets, by name. */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** A DNS domain name such as council.gov.uk (SES verifies domains, and every address within them). */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Whether a value can be an SES identity: a domain or an email address. */
export const isSesIdentity = (value: string) => DOMAIN.test(value) || z.email().safeParse(value).success;

/**
 * The rule profiles a function can load: the built-in ones, or (`council`) the council profile file
 * the synth checked and bundled beside its code (`functions/rule-profile.ts`).
 */
export const LAMBDA_RULE_PROFILES = ['default', 'statutory', 'council'] as const;

/** What every function needs: the table and the name on its log lines. */
export interface FunctionEnvironment {
  /** The single table (`line-of-sight-<environment>`). */
  readonly tableName: string;
  /** The service name on every log line. */
  readonly serviceName: string;
}

/** What an ingest function needs to know about where it runs. */
export interface IngestEnvironment extends FunctionEnvironment {
  /** The rule profile to evaluate: a built-in one, or the council profile bundled with the code. */
  readonly ruleProfile: (typeof LAMBDA_RULE_PROFILES)[number];
  /** The bundled council profile's version (its content hash); null for a built-in profile. */
  readonly ruleProfileVersion: string | null;
  /** Minutes after London midnight of the morning run (`07:00` → 420): where day-scale notices are keyed. */
  readonly morningRunMinutes: number;
}

/** What the scheduled-run function needs: what ingest needs, and where notices go. */
export interface ScheduleRunEnvironment extends IngestEnvironment {
  /** The notices queue (standard SQS), read by the notifier. */
  readonly noticeQueueUrl: string;
  /** The bus the run publishes its deadline events on (`line-of-sight-<env>-deadlines`). */
  readonly deadlineEventBus: string;
  /** Whether the runs send, or hold what they would send in the outbox (the quiet start). */
  readonly sending: Sending;
  /** Whether Teams is configured: without it the runs make no cards, and a team without a channel is no gap. */
  readonly teamsCards: boolean;
}

/** What the notifier needs: the table (its ledger), how to link a case, and how to send email and cards. */
export interface NotifyEnvironment extends FunctionEnvironment {
  /** The case system's https link, with `{caseId}` where the case reference goes. */
  readonly caseLinkTemplate: string;
  /** The SES-verified address notices come from. */
  readonly senderAddress: string;
  /**
   * The SES identity the notifier may send as (`los:sesIdentity`: a domain, or the sender address), which
   * SES must have verified; its refusals name it, and `los doctor` asks SES about it.
   */
  readonly sesIdentity: string;
  /** The SES configuration set whose event destination reports bounces and complaints. */
  readonly configurationSet: string;
  /** The bus the notifier publishes a `notice.sent` event on for each notice sent. */
  readonly deadlineEventBus: string;
  /** The Secrets Manager secret mapping Teams channels to webhook URLs; null when Teams is not configured. */
  readonly teamsWebhooksSecret: string | null;
  /** The rule profile, whose working calendar "in 3 working days" counts over. */
  readonly ruleProfile: (typeof LAMBDA_RULE_PROFILES)[number];
  /** The bundled council profile's version; null for a built-in profile. */
  readonly ruleProfileVersion: string | null;
}

const MUST_BE = {
  [ENVIRONMENT.tableName]: 'must be the name of the DynamoDB table, such as line-of-sight-dev',
  [ENVIRONMENT.ruleProfile]:
    'must be default, statutory or council (the council profile file bundled with the code)',
  [ENVIRONMENT.ruleProfileVersion]:
    'must be the bundled council profile’s version, sha256- and 16 hex digits, and is set only with RULE_PROFILE council',
  [ENVIRONMENT.morningRunTime]: 'must be the London time of the morning run, HH:MM, such as 07:00',
  [ENVIRONMENT.serviceName]: 'must be the service name on log lines, such as line-of-sight-ingest',
  [ENVIRONMENT.noticeQueueUrl]:
    'must be the https URL of the notices queue, such as https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-notices',
  [ENVIRONMENT.deadlineEventBus]:
    'must be the name of the deadline events bus, such as line-of-sight-dev-deadlines (letters, digits and . _ / -)',
  [ENVIRONMENT.caseLinkTemplate]:
    'must be the https link of a case with {caseId}, such as https://cases.council.gov.uk/{caseId}',
  [ENVIRONMENT.senderAddress]: 'must be the SES-verified address notices come from',
  [ENVIRONMENT.sesIdentity]:
    'must be the SES identity the notifier sends as (los:sesIdentity): a domain, or the sender address',
  [ENVIRONMENT.configurationSet]:
    'must be the name of the SES configuration set, such as line-of-sight-dev (letters, digits, - and _)',
  [ENVIRONMENT.teamsWebhooksSecret]:
    'must be the name of the Secrets Manager secret of the Teams webhook URLs (letters, digits and / _ + = . @ -), or unset or empty for no Teams',
  [ENVIRONMENT.sending]: `must be ${SENDING_MODES.join(' or ')} (los:sending)`,
  [ENVIRONMENT.teamsCards]: 'must be on or off: whether Teams is configured (los:teamsWebhooksSecret)',
} as const;

const FIELDS = {
  [ENVIRONMENT.tableName]: z
    .string(MUST_BE[ENVIRONMENT.tableName])
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, MUST_BE[ENVIRONMENT.tableName]),
  [ENVIRONMENT.ruleProfile]: z.enum(LAMBDA_RULE_PROFILES, MUST_BE[ENVIRONMENT.ruleProfile]),
  [ENVIRONMENT.ruleProfileVersion]: z
    .string(MUST_BE[ENVIRONMENT.ruleProfileVersion])
    .regex(PROFILE_VERSION, MUST_BE[ENVIRONMENT.ruleProfileVersion])
    .optional(),
  [ENVIRONMENT.morningRunTime]: z
    .string(MUST_BE[ENVIRONMENT.morningRunTime])
    .regex(TIME_OF_DAY, MUST_BE[ENVIRONMENT.morningRunTime]),
  [ENVIRONMENT.serviceName]: z
    .string(MUST_BE[ENVIRONMENT.serviceName])
    .min(1, MUST_BE[ENVIRONMENT.serviceName]),
  [ENVIRONMENT.noticeQueueUrl]: z
    .string(MUST_BE[ENVIRONMENT.noticeQueueUrl])
    .regex(/^https:\/\/\S+$/, MUST_BE[ENVIRONMENT.noticeQueueUrl]),
  [ENVIRONMENT.deadlineEventBus]: z
    .string(MUST_BE[ENVIRONMENT.deadlineEventBus])
    .regex(/^[A-Za-z0-9._/-]{1,256}$/, MUST_BE[ENVIRONMENT.deadlineEventBus]),
  [ENVIRONMENT.caseLinkTemplate]: z
    .string(MUST_BE[ENVIRONMENT.caseLinkTemplate])
    .regex(/^https:\/\/\S*\{caseId\}\S*$/, MUST_BE[ENVIRONMENT.caseLinkTemplate]),
  [ENVIRONMENT.senderAddress]: z.email(MUST_BE[ENVIRONMENT.senderAddress]),
  [ENVIRONMENT.sesIdentity]: z
    .string(MUST_BE[ENVIRONMENT.sesIdentity])
    .refine(isSesIdentity, MUST_BE[ENVIRONMENT.sesIdentity]),
  [ENVIRONMENT.configurationSet]: z
    .string(MUST_BE[ENVIRONMENT.configurationSet])
    .regex(/^[A-Za-z0-9_-]{1,64}$/, MUST_BE[ENVIRONMENT.configurationSet]),
  // Optional, and empty is the same as unset: a deployment without Teams sends email only.
  [ENVIRONMENT.teamsWebhooksSecret]: z
    .string(MUST_BE[ENVIRONMENT.teamsWebhooksSecret])
    .regex(SECRET_NAME_OR_EMPTY, MUST_BE[ENVIRONMENT.teamsWebhooksSecret])
    .optional(),
  [ENVIRONMENT.sending]: z.enum(SENDING_MODES, MUST_BE[ENVIRONMENT.sending]),
  [ENVIRONMENT.teamsCards]: z.enum(['on', 'off'], MUST_BE[ENVIRONMENT.teamsCards]),
};

/** A council profile comes with its version, and only a council profile has one. */
const versionWithCouncilProfile = (
  values: Readonly<Record<string, unknown>>,
  context: z.RefinementCtx,
): void => {
  const council = values[ENVIRONMENT.ruleProfile] === 'council';
  if (council !== (values[ENVIRONMENT.ruleProfileVersion] !== undefined)) {
    context.addIssue({
      code: 'custom',
      path: [ENVIRONMENT.ruleProfileVersion],
      message: MUST_BE[ENVIRONMENT.ruleProfileVersion],
    });
  }
};

const FUNCTION_SCHEMA = z.object({
  [ENVIRONMENT.tableName]: FIELDS[ENVIRONMENT.tableName],
  [ENVIRONMENT.serviceName]: FIELDS[ENVIRONMENT.serviceName],
});

// In this order, so problems are listed in the order the stack sets the variables.
const INGEST_FIELDS = {
  [ENVIRONMENT.tableName]: FIELDS[ENVIRONMENT.tableName],
  [ENVIRONMENT.ruleProfile]: FIELDS[ENVIRONMENT.ruleProfile],
  [ENVIRONMENT.ruleProfileVersion]: FIELDS[ENVIRONMENT.ruleProfileVersion],
  [ENVIRONMENT.morningRunTime]: FIELDS[ENVIRONMENT.morningRunTime],
  [ENVIRONMENT.serviceName]: FIELDS[ENVIRONMENT.serviceName],
};

const INGEST_SCHEMA = z.object(INGEST_FIELDS).superRefine(versionWithCouncilProfile);

const SCHEDULE_RUN_SCHEMA = z
  .object({
    ...INGEST_FIELDS,
    [ENVIRONMENT.noticeQueueUrl]: FIELDS[ENVIRONMENT.noticeQueueUrl],
    [ENVIRONMENT.deadlineEventBus]: FIELDS[ENVIRONMENT.deadlineEventBus],
    [ENVIRONMENT.sending]: FIELDS[ENVIRONMENT.sending],
    [ENVIRONMENT.teamsCards]: FIELDS[ENVIRONMENT.teamsCards],
  })
  .superRefine(versionWithCouncilProfile);

const NOTIFY_SCHEMA = FUNCTION_SCHEMA.extend({
  [ENVIRONMENT.caseLinkTemplate]: FIELDS[ENVIRONMENT.caseLinkTemplate],
  [ENVIRONMENT.senderAddress]: FIELDS[ENVIRONMENT.senderAddress],
  [ENVIRONMENT.sesIdentity]: FIELDS[ENVIRONMENT.sesIdentity],
  [ENVIRONMENT.configurationSet]: FIELDS[ENVIRONMENT.configurationSet],
  [ENVIRONMENT.deadlineEventBus]: FIELDS[ENVIRONMENT.deadlineEventBus],
  [ENVIRONMENT.teamsWebhooksSecret]: FIELDS[ENVIRONMENT.teamsWebhooksSecret],
  [ENVIRONMENT.ruleProfile]: FIELDS[ENVIRONMENT.ruleProfile],
  [ENVIRONMENT.ruleProfileVersion]: FIELDS[ENVIRONMENT.ruleProfileVersion],
}).superRefine(versionWithCouncilProfile);

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
    ruleProfileVersion: values[ENVIRONMENT.ruleProfileVersion] ?? null,
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
 * Reads and checks the scheduled-run function's environment: the ingest variables, NOTICE_QUEUE_URL,
 * DEADLINE_EVENT_BUS, SENDING and TEAMS_CARDS.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function scheduleRunEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): ScheduleRunEnvironment {
  const values = parsed(SCHEDULE_RUN_SCHEMA, env);
  return {
    ...ingestEnvironmentOf(values),
    noticeQueueUrl: values[ENVIRONMENT.noticeQueueUrl],
    deadlineEventBus: values[ENVIRONMENT.deadlineEventBus],
    sending: values[ENVIRONMENT.sending],
    teamsCards: values[ENVIRONMENT.teamsCards] === 'on',
  };
}

/**
 * Reads and checks the notifier's environment: the table, the service name, CASE_LINK_TEMPLATE,
 * SENDER_ADDRESS, SES_IDENTITY, SES_CONFIGURATION_SET, DEADLINE_EVENT_BUS, RULE_PROFILE (with RULE_PROFILE_VERSION
 * for a council profile) and, when Teams is configured, TEAMS_WEBHOOKS_SECRET.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function notifyEnvironmentFrom(env: Readonly<Record<string, string | undefined>>): NotifyEnvironment {
  const values = parsed(NOTIFY_SCHEMA, env);
  return {
    ...functionEnvironmentOf(values),
    caseLinkTemplate: values[ENVIRONMENT.caseLinkTemplate],
    senderAddress: values[ENVIRONMENT.senderAddress],
    sesIdentity: values[ENVIRONMENT.sesIdentity],
    configurationSet: values[ENVIRONMENT.configurationSet],
    deadlineEventBus: values[ENVIRONMENT.deadlineEventBus],
    teamsWebhooksSecret: values[ENVIRONMENT.teamsWebhooksSecret] || null,
    ruleProfile: values[ENVIRONMENT.ruleProfile],
    ruleProfileVersion: values[ENVIRONMENT.ruleProfileVersion] ?? null,
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

/** The import bucket's loaders' variable beside the table's: the bucket they read the files dropped from. */
export const IMPORT_BUCKET_ENVIRONMENT = { importBucket: 'IMPORT_BUCKET' } as const;

/** What the directory loader needs: the table, and the bucket directory files are dropped into. */
export interface DirectoryLoaderEnvironment extends FunctionEnvironment {
  /** The import bucket (`line-of-sight-<environment>-imports-<account>`). */
  readonly importBucket: string;
}

const IMPORT_BUCKET_MUST_BE =
  'must be the name of the import bucket, such as line-of-sight-dev-imports-123456789012';

const IMPORT_BUCKET_FIELD = {
  [IMPORT_BUCKET_ENVIRONMENT.importBucket]: z
    .string(IMPORT_BUCKET_MUST_BE)
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, IMPORT_BUCKET_MUST_BE),
};

const DIRECTORY_LOADER_SCHEMA = FUNCTION_SCHEMA.extend(IMPORT_BUCKET_FIELD);

/**
 * Reads and checks the directory loader's environment: the table, the service name and IMPORT_BUCKET.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function directoryLoaderEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): DirectoryLoaderEnvironment {
  const values = parsed(DIRECTORY_LOADER_SCHEMA, env);
  return {
    ...functionEnvironmentOf(values),
    importBucket: values[IMPORT_BUCKET_ENVIRONMENT.importBucket],
  };
}

/** What the import loader needs: what ingest needs (it ingests what it imports), and the import bucket. */
export interface ImportLoaderEnvironment extends IngestEnvironment {
  /** The import bucket (`line-of-sight-<environment>-imports-<account>`). */
  readonly importBucket: string;
}

const IMPORT_LOADER_SCHEMA = z
  .object({ ...INGEST_FIELDS, ...IMPORT_BUCKET_FIELD })
  .superRefine(versionWithCouncilProfile);

/**
 * Reads and checks the import loader's environment: the ingest variables and IMPORT_BUCKET.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function importLoaderEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
): ImportLoaderEnvironment {
  const values = parsed(IMPORT_LOADER_SCHEMA, env);
  return {
    ...ingestEnvironmentOf(values),
    importBucket: values[IMPORT_BUCKET_ENVIRONMENT.importBucket],
  };
}

/** The board function's variables beside ingest's (its actions go through ingest's code). */
export const BOARD_ENVIRONMENT = {
  boardUrl: 'BOARD_URL',
  userPoolId: 'USER_POOL_ID',
  clientId: 'USER_POOL_CLIENT_ID',
  cognitoDomain: 'COGNITO_DOMAIN',
  clientSecretName: 'CLIENT_SECRET_NAME',
  actionTextKeyName: 'ACTION_TEXT_KEY_NAME',
} as const;

/** What the board function needs: what ingest needs, and how it signs staff in; secrets by name only. */
export interface BoardEnvironment extends IngestEnvironment {
  /** The board's origin (`https://…`, no path): its callback and signed-out pages are under it. */
  readonly boardUrl: string;
  /** The board's Cognito user pool, whose ID tokens the function verifies. */
  readonly userPoolId: string;
  /** The board's app client in that pool. */
  readonly clientId: string;
  /** The pool's domain (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly cognitoDomain: string;
  /** The Secrets Manager secret holding the app client's secret, read at cold start. */
  readonly clientSecretName: string;
  /** The Secrets Manager secret holding the action-text key, read at cold start. */
  readonly actionTextKeyName: string;
}

const SECRET_NAME_MUST_BE =
  'must be the name of a Secrets Manager secret (letters, digits and / _ + = . @ -)';
const secretName = () => z.string(SECRET_NAME_MUST_BE).regex(SECRET_NAME, SECRET_NAME_MUST_BE);
/** An origin: https, a host, no path (a trailing slash is not allowed either, so paths join plainly). */
const httpsOrigin = (mustBe: string) => z.string(mustBe).regex(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/, mustBe);

const BOARD_SCHEMA = z
  .object({
    ...INGEST_FIELDS,
    [BOARD_ENVIRONMENT.boardUrl]: httpsOrigin(
      'must be the board’s https origin without a path, such as https://abc123.execute-api.eu-west-2.amazonaws.com',
    ),
    [BOARD_ENVIRONMENT.userPoolId]: z
      .string('must be the board’s Cognito user pool id, such as eu-west-2_AbC123')
      .regex(
        /^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/,
        'must be the board’s Cognito user pool id, such as eu-west-2_AbC123',
      ),
    [BOARD_ENVIRONMENT.clientId]: z
      .string('must be the board’s Cognito app client id')
      .regex(/^[A-Za-z0-9]{1,128}$/, 'must be the board’s Cognito app client id'),
    [BOARD_ENVIRONMENT.cognitoDomain]: httpsOrigin(
      'must be the user pool’s https domain, such as https://wessex-los-board.auth.eu-west-2.amazoncognito.com',
    ),
    [BOARD_ENVIRONMENT.clientSecretName]: secretName(),
    [BOARD_ENVIRONMENT.actionTextKeyName]: secretName(),
  })
  .superRefine(versionWithCouncilProfile);

/**
 * Reads and checks the board function's environment: the ingest variables, and BOARD_URL,
 * USER_POOL_ID, USER_POOL_CLIENT_ID, COGNITO_DOMAIN, CLIENT_SECRET_NAME and ACTION_TEXT_KEY_NAME.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable, with what it must be.
 */
export function boardEnvironmentFrom(env: Readonly<Record<string, string | undefined>>): BoardEnvironment {
  const values = parsed(BOARD_SCHEMA, env);
  return {
    ...ingestEnvironmentOf(values),
    boardUrl: values[BOARD_ENVIRONMENT.boardUrl],
    userPoolId: values[BOARD_ENVIRONMENT.userPoolId],
    clientId: values[BOARD_ENVIRONMENT.clientId],
    cognitoDomain: values[BOARD_ENVIRONMENT.cognitoDomain],
    clientSecretName: values[BOARD_ENVIRONMENT.clientSecretName],
    actionTextKeyName: values[BOARD_ENVIRONMENT.actionTextKeyName],
  };
}
