/**
 * `los doctor` on a deployment: what it reads of AWS with the administrator's own credentials, all of it
 * read-only, and the findings it makes of that. Every resource is found by the name the stacks give it
 * (`infra/names.ts`) from the table's name alone; how the deployment runs (its rule profile, sending
 * paused or live, Teams, the SES identity, the morning run) is read from its functions' configuration,
 * so the doctor checks what is deployed, not what a checkout says.
 *
 * Each AWS client is passed in as the little it is asked ({@link DoctorClients}), so tests give stubs. An
 * error that stops every check (no credentials, no region, no such table) ends the command (exit 2); any
 * other (a permission missing for one check) is a finding naming the permission.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandOutput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  GetFunctionConfigurationCommand,
  type GetFunctionConfigurationCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  ListSubscriptionsByTopicCommand,
  type ListSubscriptionsByTopicCommandOutput,
  SNSClient,
} from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  type GetQueueAttributesCommandOutput,
  GetQueueUrlCommand,
  type GetQueueUrlCommandOutput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { DynamoImportLog } from '../../functions/adapters/dynamodb/import-log.ts';
import { DynamoNoticeOutbox } from '../../functions/adapters/dynamodb/notice-outbox.ts';
import { DynamoQuarantineStore } from '../../functions/adapters/dynamodb/quarantine-store.ts';
import { DynamoRecomputeMarks } from '../../functions/adapters/dynamodb/recompute-marks.ts';
import { DynamoWeeklyRunLog } from '../../functions/adapters/dynamodb/weekly-run-log.ts';
import { type SesStatusClient, sesSendingStatus } from '../../functions/adapters/ses/sending-status.ts';
import {
  type SecretValueClient,
  webhookChannelsIn,
} from '../../functions/adapters/teams/secrets-url-resolver.ts';
import { channelsWithoutWebhook } from '../../functions/core/directory/teams-channels.ts';
import type { Profile } from '../../functions/core/engine/index.ts';
import { ConfigurationError } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ENVIRONMENT, type Sending } from '../../functions/handlers/lambda/environment.ts';
import { minutesOfDay } from '../../functions/runs/schedule-times.ts';
import type { DeploymentNames } from '../../infra/names.ts';
import { placeholderDomain, placeholdersIn } from '../../infra/settings.ts';
import { awsTableClient, setupProblem } from '../aws-table.ts';
import { UsageError } from '../errors.ts';
import {
  type AlarmFact,
  alarmFindings,
  couldNotCheck,
  type DeployedProfileFact,
  deadLetterFindings,
  type Finding,
  functionsFindings,
  type HeldProfile,
  placeholderFindings,
  profileFindings,
  type QueueFact,
  type ScheduleFact,
  type SubscriptionsFact,
  scheduleFindings,
  sendingFindings,
  sesFindings,
  type Target,
  teamsFindings,
  teamsSecretFindings,
} from './findings.ts';
import { type DoctorStore, readStore, storeFindings } from './store.ts';

/** What the doctor asks of each AWS service: reads only (real clients have them; tests pass stubs). */
export interface DoctorClients {
  /** The deployment's region, for what the doctor prints. */
  readonly region: string;
  readonly table: DynamoDBDocumentClient;
  readonly lambda: {
    send(command: GetFunctionConfigurationCommand): Promise<GetFunctionConfigurationCommandOutput>;
  };
  readonly scheduler: { send(command: GetScheduleCommand): Promise<GetScheduleCommandOutput> };
  readonly cloudwatch: { send(command: DescribeAlarmsCommand): Promise<DescribeAlarmsCommandOutput> };
  readonly sns: {
    send(command: ListSubscriptionsByTopicCommand): Promise<ListSubscriptionsByTopicCommandOutput>;
  };
  readonly sqs: {
    send(command: GetQueueUrlCommand): Promise<GetQueueUrlCommandOutput>;
    send(command: GetQueueAttributesCommand): Promise<GetQueueAttributesCommandOutput>;
  };
  readonly ses: SesStatusClient;
  readonly secrets: SecretValueClient;
}

/**
 * The real clients, each taking its region and credentials from the default chain (as the AWS CLI
 * does), and how to let them go.
 *
 * @throws {UsageError} when the chain names no region.
 */
export async function defaultDoctorClients(): Promise<{ clients: DoctorClients; close: () => void }> {
  const { client: table, close } = awsTableClient();
  const lambda = new LambdaClient({});
  const others = {
    scheduler: new SchedulerClient({}),
    cloudwatch: new CloudWatchClient({}),
    sns: new SNSClient({}),
    sqs: new SQSClient({}),
    ses: new SESv2Client({}),
    secrets: new SecretsManagerClient({}),
  };
  const closeAll = () => {
    void close();
    lambda.destroy();
    for (const client of Object.values(others)) client.destroy();
  };
  let region: string;
  try {
    region = await lambda.config.region();
  } catch (error) {
    closeAll();
    throw new UsageError(`los doctor could not run: ${setupProblem(error) ?? (error as Error).message}`);
  }
  return { clients: { region, table, lambda, ...others }, close: closeAll };
}

/** The administrator's own profile, to compare with the deployed one and to read the store by. */
export interface HeldRules {
  readonly held: HeldProfile;
  readonly profile: Profile;
}

/** The error's name, such as AccessDeniedException: never its message. */
const nameOf = (error: unknown) => (error as { name?: string } | null)?.name ?? 'Error';

/** A read that failed: its error's name, when the failure is one check's and not every check's. */
class ReadFailed {
  constructor(readonly error: string) {}
}

/**
 * Runs a read, answering a {@link ReadFailed} for an error of one check; an error that stops every
 * check (no credentials, no region) is a {@link UsageError}.
 */
async function attempt<T>(reading: () => Promise<T>): Promise<T | ReadFailed> {
  try {
    return await reading();
  } catch (error) {
    const setup = setupProblem(error);
    if (setup) throw new UsageError(`los doctor could not run: ${setup}`);
    return new ReadFailed(nameOf(error));
  }
}

/** {@link attempt}, answering `null` for the error named `absent`: the resource is not there. */
const unlessAbsent = <T>(absent: string, reading: () => Promise<T>) =>
  attempt(async () => {
    try {
      return await reading();
    } catch (error) {
      if (nameOf(error) === absent) return null;
      throw error;
    }
  });

/** A function's environment variables; null when there is no such function. */
const functionEnvironment = (clients: DoctorClients, functionName: string) =>
  unlessAbsent('ResourceNotFoundException', async () => {
    const output = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
    );
    return output.Environment?.Variables ?? {};
  });

/** A schedule's state, time zone and when it was made; null when there is none of that name. */
const scheduleOf = (clients: DoctorClients, name: string) =>
  unlessAbsent('ResourceNotFoundException', async () => {
    const output = await clients.scheduler.send(new GetScheduleCommand({ Name: name }));
    return {
      state: output.State ?? null,
      timezone: output.ScheduleExpressionTimezone ?? null,
      createdAt: output.CreationDate?.getTime() ?? null,
    };
  });

/** The alarms of these names (all metric alarms), every page. */
const alarmsNamed = (clients: DoctorClients, names: readonly string[]) =>
  attempt(async () => {
    const alarms: MetricAlarm[] = [];
    let NextToken: string | undefined;
    do {
      const page = await clients.cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ['MetricAlarm'], NextToken }),
      );
      alarms.push(...(page.MetricAlarms ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return alarms.map(
      (alarm): AlarmFact => ({
        name: alarm.AlarmName ?? '',
        actionsEnabled: alarm.ActionsEnabled !== false,
        actions: alarm.AlarmActions ?? [],
        state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      }),
    );
  });

/** The topic's subscriptions, confirmed and pending, and the email addresses subscribed (never printed). */
const subscriptionsOf = (clients: DoctorClients, topicArn: string) =>
  unlessAbsent('NotFoundException', async () => {
    const fact = { confirmed: 0, pending: 0, emails: [] as string[] };
    let NextToken: string | undefined;
    do {
      const page = await clients.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }),
      );
      for (const subscription of page.Subscriptions ?? []) {
        if (subscription.SubscriptionArn === 'PendingConfirmation') fact.pending += 1;
        else fact.confirmed += 1;
        if (subscription.Protocol?.startsWith('email') && subscription.Endpoint) {
          fact.emails.push(subscription.Endpoint);
        }
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return fact;
  });

/** How many messages a queue holds (visible, in flight, delayed); null when there is no such queue. */
const messagesIn = (clients: DoctorClients, queueName: string) =>
  unlessAbsent('QueueDoesNotExist', async () => {
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return Object.values(Attributes).reduce((sum, count) => sum + Number(count ?? 0), 0);
  });

/** The store's ports over the deployment's table. */
function tableStore(client: DynamoDBDocumentClient, tableName: string): DoctorStore {
  return {
    deadlines: new DynamoDeadlineStore(client, tableName),
    quarantine: new DynamoQuarantineStore(client, tableName),
    marks: new DynamoRecomputeMarks(client, tableName),
    weeklyRuns: new DynamoWeeklyRunLog(client, tableName),
    outbox: new DynamoNoticeOutbox(client, tableName),
    directory: new DynamoDirectoryStore(client, tableName),
    imports: new DynamoImportLog(client, tableName),
  };
}

/** The permission each read needs, as a failed read's finding names it. */
const NEEDS = {
  lambda: 'call lambda:GetFunctionConfiguration on the line-of-sight functions',
  scheduler: 'call scheduler:GetSchedule',
  cloudwatch: 'call cloudwatch:DescribeAlarms',
  sns: 'call sns:ListSubscriptionsByTopic on the alarms topic',
  sqs: 'call sqs:GetQueueUrl and sqs:GetQueueAttributes on the dead-letter queues',
  ses: 'call ses:GetEmailIdentity and ses:GetAccount',
  secrets: 'call secretsmanager:GetSecretValue on the webhooks secret (and kms:Decrypt with its key)',
} as const;

/** The functions whose environment says how the deployment runs: those that read the rules. */
const RULE_READERS = ['ingestQueue', 'ingestHttp', 'scheduleRun', 'notify', 'importLoader'] as const;

/**
 * Checks the deployment whose resources `names` names, with `clients` in its region, as of `now`;
 * `rules` is the administrator's own profile, if given.
 *
 * @throws {UsageError} when nothing could be checked: no credentials or region, or no such table.
 */
export async function doctorOnAws(
  names: DeploymentNames,
  clients: DoctorClients,
  rules: HeldRules | null,
  now: number,
): Promise<Finding[]> {
  const target: Target = {
    option: `--table ${names.table}`,
    ingest: `--bus ${names.caseEventBus}`,
    aws: true,
  };
  const findings: Finding[] = [];
  const environments = await Promise.all(
    RULE_READERS.map(async (key) => [key, await functionEnvironment(clients, names.functions[key])] as const),
  );
  const failedRead = environments.find(([, env]) => env instanceof ReadFailed)?.[1];
  if (failedRead instanceof ReadFailed) {
    findings.push(couldNotCheck('functions', 'the functions’ configuration', failedRead.error, NEEDS.lambda));
  }
  findings.push(
    ...functionsFindings(environments.filter(([, env]) => env === null).map(([key]) => names.functions[key])),
  );
  const env = Object.fromEntries(
    environments.map(([key, found]) => [key, found instanceof ReadFailed ? null : found]),
  ) as Record<(typeof RULE_READERS)[number], Record<string, string> | null>;
  const run = env.scheduleRun;
  const notify = env.notify;
  const sending = (run?.[ENVIRONMENT.sending] as Sending | undefined) ?? null;

  const deployedProfile = run?.[ENVIRONMENT.ruleProfile] ?? null;
  const builtIn = deployedProfile === 'default' || deployedProfile === 'statutory';
  const profile = rules?.profile ?? builtInProfile(builtIn ? deployedProfile : 'default');
  const caveat =
    rules === null && deployedProfile === 'council'
      ? 'Addressed by the default profile’s owners and ladders: give --profile <file> for the council’s.'
      : null;
  const schedules = await Promise.all(
    Object.values(names.schedules).map(async (name) => ({ name, found: await scheduleOf(clients, name) })),
  );
  const weeklySchedule = schedules.find(({ name }) => name === names.schedules.weekly)?.found;
  // Without the table there is no deployment to check: that stops the doctor before any finding.
  const store = await readTable(names.table, clients, async () =>
    readStore(tableStore(clients.table, names.table), {
      profile,
      morningRunMinutes: minutesOfDay(run?.[ENVIRONMENT.morningRunTime] ?? '') ?? 7 * 60,
      teamsCards: run?.[ENVIRONMENT.teamsCards] === 'on',
      scheduledSince:
        weeklySchedule && !(weeklySchedule instanceof ReadFailed) ? weeklySchedule.createdAt : null,
      now,
    }),
  );

  const alarmsRead = await alarmsAndSubscriptions(clients, names);
  if (notify)
    findings.push(...(await sesAndPlaceholders(clients, notify, sending, alarmEmailsIn(alarmsRead))));
  const scheduleFailed = schedules.find(({ found }) => found instanceof ReadFailed)?.found;
  findings.push(
    ...(scheduleFailed instanceof ReadFailed
      ? [couldNotCheck('schedules', 'the schedules', scheduleFailed.error, NEEDS.scheduler)]
      : scheduleFindings(
          schedules.map(
            ({ name, found }): ScheduleFact => ({ name, schedule: found as ScheduleFact['schedule'] }),
          ),
        )),
  );
  findings.push(
    ...profileFindings(
      RULE_READERS.flatMap((key): DeployedProfileFact[] => {
        const variables = env[key];
        return variables
          ? [
              {
                function: names.functions[key],
                profile: variables[ENVIRONMENT.ruleProfile] ?? null,
                version: variables[ENVIRONMENT.ruleProfileVersion] ?? null,
              },
            ]
          : [];
      }),
      rules?.held ?? null,
    ),
  );
  findings.push(...alarmsChecked(alarmsRead, names));
  findings.push(...(await deadLetters(clients, names)));
  if (sending) findings.push(...sendingFindings(sending, store.held, target));
  if (notify) {
    findings.push(
      ...(await teams(clients, notify[ENVIRONMENT.teamsWebhooksSecret] || null, store.directory)),
    );
  }
  findings.push(...storeFindings(store, caveat, target));
  return findings;
}

/** Reads the table, or says why it cannot be: no such table stops the doctor. */
async function readTable<T>(
  tableName: string,
  clients: DoctorClients,
  reading: () => Promise<T>,
): Promise<T> {
  const found = await unlessAbsent('ResourceNotFoundException', reading);
  if (found === null) {
    throw new UsageError(
      `los doctor could not run: there is no table ${tableName} in ${clients.region}: check --table (line-of-sight-<env>) and AWS_REGION`,
    );
  }
  if (found instanceof ReadFailed) {
    throw new UsageError(
      `los doctor could not run: the table ${tableName} could not be read (${found.error}): it needs dynamodb:GetItem and Query on the table and its due index, and kms:Decrypt and kms:DescribeKey with the data key`,
    );
  }
  return found;
}

/** SES for the notifier's identity, and the settings that are placeholders. */
async function sesAndPlaceholders(
  clients: DoctorClients,
  notify: Record<string, string>,
  sending: Sending | null,
  alarmEmails: readonly string[],
): Promise<Finding[]> {
  const senderAddress = notify[ENVIRONMENT.senderAddress] ?? '';
  const senderDomain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1).toLowerCase();
  const identity = notify[ENVIRONMENT.sesIdentity] ?? senderDomain;
  const findings: Finding[] = [];
  const status = await attempt(() => sesSendingStatus(clients.ses, identity));
  findings.push(
    ...(status instanceof ReadFailed
      ? [couldNotCheck('ses', 'SES', status.error, NEEDS.ses)]
      : sesFindings(status)),
  );
  const placeholders = placeholdersIn({
    senderAddress,
    caseLinkTemplate: notify[ENVIRONMENT.caseLinkTemplate] ?? '',
    sesIdentity: identity,
    alarmEmail:
      alarmEmails.find((email) => placeholderDomain(email.slice(email.lastIndexOf('@') + 1)) !== null) ??
      null,
  }).filter(({ setting }) => !(setting === 'los:sesIdentity' && identity === senderDomain));
  findings.push(...placeholderFindings(placeholders, sending ?? 'paused'));
  return findings;
}

/** The alarms topic's ARN, as the alarms name it in their actions; null when none does. */
const topicArnIn = (alarms: readonly AlarmFact[], topicName: string) =>
  alarms.flatMap(({ actions }) => actions).find((arn) => arn.split(':').at(-1) === topicName) ?? null;

/** The alarms, the topic they notify, and its subscriptions, as read. */
type AlarmsRead = Awaited<ReturnType<typeof alarmsAndSubscriptions>>;

/** Reads the alarms, then the subscriptions of the topic they notify. */
async function alarmsAndSubscriptions(clients: DoctorClients, names: DeploymentNames) {
  const alarms = await alarmsNamed(clients, names.alarms);
  if (alarms instanceof ReadFailed) return { alarms, topicArn: null, subscriptions: null };
  const topicArn = topicArnIn(alarms, names.topics.alarms);
  const subscriptions = topicArn === null ? null : await subscriptionsOf(clients, topicArn);
  return { alarms, topicArn, subscriptions };
}

/** The addresses subscribed to the alarms topic by email (read to find placeholders; never printed). */
const alarmEmailsIn = ({ subscriptions }: AlarmsRead): string[] =>
  subscriptions && !(subscriptions instanceof ReadFailed) ? subscriptions.emails : [];

/** The alarms, their topic and its subscriptions. */
function alarmsChecked({ alarms, topicArn, subscriptions }: AlarmsRead, names: DeploymentNames): Finding[] {
  if (alarms instanceof ReadFailed) {
    return [couldNotCheck('alarms', 'the alarms', alarms.error, NEEDS.cloudwatch)];
  }
  if (subscriptions instanceof ReadFailed) {
    return [couldNotCheck('alarms', 'the alarms topic’s subscriptions', subscriptions.error, NEEDS.sns)];
  }
  const fact: SubscriptionsFact | null = subscriptions && {
    confirmed: subscriptions.confirmed,
    pending: subscriptions.pending,
  };
  return alarmFindings(names.alarms, alarms, names.topics.alarms, topicArn, fact);
}

/** The dead-letter queues. */
async function deadLetters(clients: DoctorClients, names: DeploymentNames): Promise<Finding[]> {
  const queues = await Promise.all(
    Object.entries(names.deadLetterQueues).map(async ([kind, name]) => ({
      kind,
      name,
      messages: await messagesIn(clients, name),
    })),
  );
  const failed = queues.find(({ messages }) => messages instanceof ReadFailed)?.messages;
  if (failed instanceof ReadFailed) {
    return [couldNotCheck('dead letters', 'the dead-letter queues', failed.error, NEEDS.sqs)];
  }
  return deadLetterFindings(queues as QueueFact[]);
}

/** The directory's Teams channels against the webhooks secret, when Teams is configured. */
async function teams(
  clients: DoctorClients,
  secret: string | null,
  directory: Parameters<typeof channelsWithoutWebhook>[0],
): Promise<Finding[]> {
  if (secret === null) return teamsFindings({ kind: 'not-configured' });
  try {
    const webhooks = await webhookChannelsIn(clients.secrets, secret);
    return teamsFindings({
      kind: 'secret',
      secret,
      webhooks,
      missing: channelsWithoutWebhook(directory, webhooks.channels),
    });
  } catch (error) {
    if (error instanceof ConfigurationError) return teamsSecretFindings(secret, error.message);
    // A read that failed for another reason says its error's name last, in brackets.
    const name = /\((\w+)\)$/.exec((error as Error).message)?.[1] ?? nameOf(error);
    return [couldNotCheck('teams', `the secret ${secret}`, name, NEEDS.secrets)];
  }
}
