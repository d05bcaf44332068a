/**
 * The physical names of an environment's resources, as data the stacks and `los doctor` both read: the
 * stacks name what they make with these, and the doctor finds a deployment's functions, schedules,
 * queues and alarms by them from its table's name alone. Pure, and free of CDK, so the `los` command
 * loads it without the CDK library.
 *
 * Every name starts `line-of-sight-<environment>`, which is also the table's name.
 */

/** An environment's name (`los:environmentName`): 2 to 16 lowercase letters, digits or hyphens, first a letter. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,15}$/;

const PREFIX = 'line-of-sight-';

/** The start of every physical name in an environment, and its table's name: `line-of-sight-<environment>`. */
export const environmentPrefix = (environmentName: string) => `${PREFIX}${environmentName}`;

/** A resource's name in the environment whose names start `prefix`: `<prefix>-<suffix>`. */
export const nameIn = (prefix: string, suffix: string) => `${prefix}-${suffix}`;

/** The environment whose table is `tableName`, or null when the stacks would not have named a table so. */
export function environmentOfTable(tableName: string): string | null {
  const environment = tableName.startsWith(PREFIX) ? tableName.slice(PREFIX.length) : '';
  return ENVIRONMENT_NAME.test(environment) ? environment : null;
}

/** The bus the case system puts case events on (and its archive), after the prefix. */
export const CASE_EVENT_BUS = 'case-events';

/** The functions, after the prefix. */
export const FUNCTIONS = {
  ingestQueue: 'ingest-queue',
  ingestHttp: 'ingest-http',
  scheduleRun: 'schedule-run',
  notify: 'notify',
  sesEvents: 'ses-events',
  directoryLoader: 'directory-loader',
  importLoader: 'import-loader',
} as const;

/** The queues the functions read, after the prefix. */
export const WORK_QUEUES = { ingest: 'ingest', notices: 'notices' } as const;

/** The dead-letter queues, after the prefix: what failed for good waits in them. */
export const DEAD_LETTER_QUEUES = {
  ingest: 'ingest-dlq',
  notices: 'notices-dlq',
  scheduleRun: 'schedule-run-dlq',
  sesEvents: 'ses-events-dlq',
  directoryLoader: 'directory-loader-dlq',
  importLoader: 'import-loader-dlq',
} as const;

/** The EventBridge Scheduler schedules (in the default group), after the prefix. */
export const SCHEDULES = { morning: 'morning-run', hourly: 'hourly-run', weekly: 'weekly-run' } as const;

/** The two SNS topics, after the prefix. */
export const TOPIC_SUFFIXES = { alarms: 'alarms', sesEvents: 'ses-events' } as const;

/** Every alarm the stateless stack raises, after the prefix; each notifies the alarms topic. */
export const ALARMS = [
  'ingest-dead-letters',
  'ingest-backlog',
  'rejected-events',
  'case-problems',
  'ingest-api-5xx',
  'schedule-run-failed',
  'schedule-run-errors',
  'directory-gaps',
  'awaiting-recompute',
  'weekly-summary-late',
  'notice-dead-letters',
  'notice-backlog',
  'notify-errors',
  'sending-misconfigured',
  'deadline-events-not-published',
  'directory-file-refused',
  'directory-load-failed',
  'import-file-refused',
  'import-load-failed',
  'ses-events-failed',
] as const;

/** An alarm's name after the prefix. */
export type AlarmSuffix = (typeof ALARMS)[number];

type Named<T extends Readonly<Record<string, string>>> = { readonly [K in keyof T]: string };

const named = <T extends Readonly<Record<string, string>>>(prefix: string, suffixes: T): Named<T> =>
  Object.fromEntries(
    Object.entries(suffixes).map(([key, suffix]) => [key, nameIn(prefix, suffix)]),
  ) as Named<T>;

/** Every name the doctor looks a deployment up by, in the environment `environmentName`. */
export interface DeploymentNames {
  readonly environment: string;
  readonly table: string;
  readonly caseEventBus: string;
  readonly functions: Named<typeof FUNCTIONS>;
  readonly deadLetterQueues: Named<typeof DEAD_LETTER_QUEUES>;
  readonly schedules: Named<typeof SCHEDULES>;
  readonly topics: Named<typeof TOPIC_SUFFIXES>;
  readonly alarms: readonly string[];
}

/** The names of the environment `environmentName`'s resources. */
export function deploymentNames(environmentName: string): DeploymentNames {
  const prefix = environmentPrefix(environmentName);
  return {
    environment: environmentName,
    table: prefix,
    caseEventBus: nameIn(prefix, CASE_EVENT_BUS),
    functions: named(prefix, FUNCTIONS),
    deadLetterQueues: named(prefix, DEAD_LETTER_QUEUES),
    schedules: named(prefix, SCHEDULES),
    topics: named(prefix, TOPIC_SUFFIXES),
    alarms: ALARMS.map((alarm) => nameIn(prefix, alarm)),
  };
}
