/**
 * `los doctor` on a deployment (`cli/doctor/aws.ts`): the table on dynalite, and a stub for each other
 * AWS client (Lambda, EventBridge Scheduler, CloudWatch, SNS, SQS, SES, Secrets Manager) answering as a
 * deployment would. A healthy one finds nothing to fix; each thing wrong is one finding that says what
 * to do; a permission missing for one check is a finding naming it; no credentials, or no such table,
 * stops the doctor. Nothing it says holds a webhook URL or an address.
 */

import type { DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { type GetAccountCommand, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import type { ListSubscriptionsByTopicCommand, Subscription } from '@aws-sdk/client-sns';
import { type GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type DoctorClients, doctorOnAws } from '../../cli/doctor/aws.ts';
import { exitCodeOf, type Finding } from '../../cli/doctor/findings.ts';
import { UsageError } from '../../cli/errors.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { DynamoCaseEventStore } from '../../functions/adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../../functions/adapters/dynamodb/quarantine-store.ts';
import { DynamoRecomputeMarks } from '../../functions/adapters/dynamodb/recompute-marks.ts';
import { DynamoTimelinessStore } from '../../functions/adapters/dynamodb/timeliness-store.ts';
import { DynamoTrackerIndex } from '../../functions/adapters/dynamodb/tracker-index.ts';
import { DynamoWeeklyRunLog } from '../../functions/adapters/dynamodb/weekly-run-log.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { profileVersion } from '../../functions/rule-profile.ts';
import { type DeploymentNames, deploymentNames } from '../../infra/names.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('doctor-aws');
/** A Monday morning: the weekly run of 07:15 is due. */
const NOW = Date.parse('2026-12-07T10:00:00Z');
const SIGNATURE = 'SECRET-SIGNATURE';
const ALARM_ADDRESS = 'los-admins@wessex.gov.uk';
const TOPIC_ARN = 'arn:aws:sns:eu-west-2:111122223333:line-of-sight-prod-alarms';

/** An AWS error as the SDK throws it: by name. */
const awsError = (name: string) => Object.assign(new Error(`${name}: the service said so`), { name });

/** What the stubs answer: a deployment, as each service holds it. */
interface World {
  functions: Record<string, Record<string, string>>;
  schedules: Record<string, { State: 'ENABLED' | 'DISABLED'; ScheduleExpressionTimezone?: string }>;
  alarms: MetricAlarm[];
  subscriptions: Subscription[];
  queues: Record<string, number>;
  identity: { VerifiedForSendingStatus: boolean; VerificationStatus: 'SUCCESS' | 'PENDING' } | null;
  production: boolean;
  secret: Record<string, string> | null;
  /** Services that refuse every call with AccessDeniedException. */
  denied: Set<string>;
}

/** A healthy deployment of the environment `prod`, sending live, with Teams. */
function healthy(names: DeploymentNames): World {
  const rules = { RULE_PROFILE: 'default' };
  return {
    functions: {
      [names.functions.ingestQueue]: rules,
      [names.functions.ingestHttp]: rules,
      [names.functions.importLoader]: rules,
      [names.functions.scheduleRun]: {
        ...rules,
        SENDING: 'live',
        TEAMS_CARDS: 'on',
        MORNING_RUN_TIME: '07:00',
      },
      [names.functions.notify]: {
        ...rules,
        SENDER_ADDRESS: 'alerts@wessex.gov.uk',
        SES_IDENTITY: 'wessex.gov.uk',
        CASE_LINK_TEMPLATE: 'https://cases.wessex.gov.uk/{caseId}',
        TEAMS_WEBHOOKS_SECRET: 'los/teams-webhooks',
      },
    },
    schedules: Object.fromEntries(
      Object.values(names.schedules).map((name) => [
        name,
        { State: 'ENABLED', ScheduleExpressionTimezone: 'Europe/London' },
      ]),
    ),
    alarms: names.alarms.map((AlarmName) => ({
      AlarmName,
      ActionsEnabled: true,
      AlarmActions: [TOPIC_ARN],
      StateValue: 'OK',
    })),
    subscriptions: [{ SubscriptionArn: `${TOPIC_ARN}:1`, Protocol: 'email', Endpoint: ALARM_ADDRESS }],
    queues: Object.fromEntries(Object.values(names.deadLetterQueues).map((name) => [name, 0])),
    identity: { VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' },
    production: true,
    secret: { 'teams-north-1': `https://prod-00.uksouth.logic.azure.com/workflows/abc?sig=${SIGNATURE}` },
    denied: new Set(),
  };
}

/** The clients, each a stub over `world`, and the table on dynalite. */
function clientsOf(world: World): DoctorClients {
  const guard = (service: string) => {
    if (world.denied.has(service)) throw awsError('AccessDeniedException');
  };
  return {
    region: 'eu-west-2',
    table: dynamo.client,
    lambda: {
      send: async (command: GetFunctionConfigurationCommand) => {
        guard('lambda');
        const variables = world.functions[command.input.FunctionName ?? ''];
        if (!variables) throw awsError('ResourceNotFoundException');
        return { Environment: { Variables: variables }, $metadata: {} };
      },
    },
    scheduler: {
      send: async (command: GetScheduleCommand) => {
        guard('scheduler');
        const schedule = world.schedules[command.input.Name ?? ''];
        if (!schedule) throw awsError('ResourceNotFoundException');
        return { ...schedule, CreationDate: new Date('2026-11-01T00:00:00Z'), $metadata: {} };
      },
    },
    cloudwatch: {
      send: async (command: DescribeAlarmsCommand) => {
        guard('cloudwatch');
        const wanted = new Set(command.input.AlarmNames);
        return {
          MetricAlarms: world.alarms.filter(({ AlarmName }) => wanted.has(AlarmName ?? '')),
          $metadata: {},
        };
      },
    },
    sns: {
      send: async (command: ListSubscriptionsByTopicCommand) => {
        guard('sns');
        if (command.input.TopicArn !== TOPIC_ARN) throw awsError('NotFoundException');
        return { Subscriptions: world.subscriptions, $metadata: {} };
      },
    },
    sqs: {
      send: (async (command: GetQueueUrlCommand | GetQueueAttributesCommand) => {
        guard('sqs');
        if (command instanceof GetQueueUrlCommand) {
          const name = command.input.QueueName ?? '';
          if (!(name in world.queues)) throw awsError('QueueDoesNotExist');
          return { QueueUrl: `https://sqs.eu-west-2.amazonaws.com/111122223333/${name}`, $metadata: {} };
        }
        const name = String(command.input.QueueUrl).split('/').at(-1) ?? '';
        const messages = world.queues[name] ?? 0;
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(messages),
            ApproximateNumberOfMessagesNotVisible: '0',
            ApproximateNumberOfMessagesDelayed: '0',
          },
          $metadata: {},
        };
      }) as DoctorClients['sqs']['send'],
    },
    ses: {
      send: (async (command: GetEmailIdentityCommand | GetAccountCommand) => {
        guard('ses');
        if (command instanceof GetEmailIdentityCommand) {
          if (!world.identity || command.input.EmailIdentity !== 'wessex.gov.uk')
            throw awsError('NotFoundException');
          return { ...world.identity, $metadata: {} };
        }
        return {
          ProductionAccessEnabled: world.production,
          SendingEnabled: true,
          SendQuota: { Max24HourSend: world.production ? 50_000 : 200, MaxSendRate: 14, SentLast24Hours: 0 },
          $metadata: {},
        };
      }) as DoctorClients['ses']['send'],
    },
    secrets: {
      send: async (_command: GetSecretValueCommand) => {
        guard('secrets');
        if (!world.secret) throw awsError('ResourceNotFoundException');
        return { SecretString: JSON.stringify(world.secret), $metadata: {} };
      },
    },
  };
}

/** A fresh table named as environment `prod`'s, holding the small directory and one allocated case. */
async function deployment(): Promise<DeploymentNames> {
  const table = await dynamo.freshTable();
  const profile = builtInProfile('default');
  await new DynamoDirectoryStore(dynamo.client, table).replace(SMALL_DIRECTORY);
  await ingestBatch(
    [
      {
        id: 'D-1',
        type: 'case.allocated',
        caseId: 'CASE-D',
        occurredAt: '2026-12-01',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      { id: 'D-2', type: 'cp_plan.started', caseId: 'CASE-D', occurredAt: '2026-12-04', data: {} },
    ],
    'test',
    {
      events: new DynamoCaseEventStore(dynamo.client, table),
      deadlines: new DynamoDeadlineStore(dynamo.client, table),
      trackers: new DynamoTrackerIndex(dynamo.client, table),
      timeliness: new DynamoTimelinessStore(dynamo.client, table),
      quarantine: new DynamoQuarantineStore(dynamo.client, table),
      marks: new DynamoRecomputeMarks(dynamo.client, table),
      profile,
      timing: defaultNoticeTiming(profile),
      now: () => Date.parse('2026-12-04T12:00:00Z'),
    },
  );
  await new DynamoWeeklyRunLog(dynamo.client, table).record('2026-11-30', 'done', '2026-12-07T07:15:00Z');
  return { ...deploymentNames('prod'), table };
}

/** The findings of `check`. */
const of = (findings: readonly Finding[], check: string) =>
  findings.filter((finding) => finding.check === check);
const statusOf = (findings: readonly Finding[], check: string) =>
  of(findings, check).map(({ status }) => status);

describe('los doctor on a deployment', () => {
  it('finds nothing to fix in a healthy one, and says so without a URL or an address', async () => {
    const names = await deployment();
    const findings = await doctorOnAws(names, clientsOf(healthy(names)), null, NOW);
    expect(findings.filter(({ status }) => status !== 'ok')).toEqual([]);
    expect(findings.map(({ check }) => check)).toEqual([
      'ses',
      'placeholders',
      'schedules',
      'profile',
      'alarms',
      'dead letters',
      'sending',
      'teams',
      'directory',
      'allocations',
      'quarantine',
      'recompute',
      'weekly run',
      'imports',
    ]);
    expect(of(findings, 'allocations')[0]?.found).toMatch(/open deadlines? of 1 case reach/);
    expect(exitCodeOf(findings)).toBe(0);
    const text = JSON.stringify(findings);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain(ALARM_ADDRESS);
  });

  it('reads each service’s answer into what to fix', async () => {
    const names = await deployment();
    const world = healthy(names);
    delete world.functions[names.functions.ingestHttp];
    world.functions[names.functions.scheduleRun] = {
      ...world.functions[names.functions.scheduleRun],
      SENDING: 'paused',
    };
    world.functions[names.functions.notify] = {
      ...world.functions[names.functions.notify],
      CASE_LINK_TEMPLATE: 'https://cases.council.example.gov.uk/{caseId}',
    };
    world.schedules[names.schedules.hourly] = {
      State: 'DISABLED',
      ScheduleExpressionTimezone: 'Europe/London',
    };
    world.alarms = world.alarms
      .slice(1)
      .map((alarm, index) => (index === 0 ? { ...alarm, StateValue: 'ALARM' } : alarm));
    world.subscriptions = [
      { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: ALARM_ADDRESS },
    ];
    world.queues[names.deadLetterQueues.notices] = 4;
    delete world.queues[names.deadLetterQueues.sesEvents];
    world.production = false;
    world.secret = { 'teams-other': 'https://prod-00.uksouth.logic.azure.com/workflows/x' };

    const findings = await doctorOnAws(names, clientsOf(world), null, NOW);
    expect(statusOf(findings, 'functions')).toEqual(['fail']);
    expect(of(findings, 'functions')[0]?.found).toContain(names.functions.ingestHttp);
    expect(of(findings, 'ses')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('sandbox') });
    expect(of(findings, 'placeholders')[0]).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('los:caseLinkTemplate'),
    });
    expect(of(findings, 'schedules')[0]?.found).toContain(`${names.schedules.hourly} is DISABLED`);
    expect(statusOf(findings, 'alarms')).toEqual(['fail', 'fail', 'warn']);
    expect(of(findings, 'alarms')[0]?.found).toContain(names.alarms[0]);
    expect(of(findings, 'alarms')[2]?.found).toContain(names.alarms[1]);
    expect(of(findings, 'dead letters').map(({ found }) => found)).toEqual([
      `No queue ${names.deadLetterQueues.sesEvents} in this region.`,
      `${names.deadLetterQueues.notices} holds 4 messages: emails and cards that were not sent.`,
    ]);
    expect(of(findings, 'sending')[0]?.status).toBe('warn');
    expect(of(findings, 'teams')[0]).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('teams-north-1 (team-north-1)'),
    });
    expect(exitCodeOf(findings)).toBe(3);
    expect(JSON.stringify(findings)).not.toContain(ALARM_ADDRESS);
  });

  it('compares the council profile deployed with the file held', async () => {
    const names = await deployment();
    const world = healthy(names);
    const deployed = { RULE_PROFILE: 'council', RULE_PROFILE_VERSION: profileVersion('{"deployed":true}') };
    for (const name of Object.keys(world.functions)) {
      world.functions[name] = { ...world.functions[name], ...deployed };
    }
    const withoutFile = await doctorOnAws(names, clientsOf(world), null, NOW);
    expect(of(withoutFile, 'profile')[0]).toMatchObject({
      status: 'ok',
      found: expect.stringContaining('--profile'),
    });
    expect(of(withoutFile, 'allocations')[0]?.found).toContain('give --profile <file>');
    const held = {
      held: { name: 'ours.json', version: profileVersion('{"ours":true}') },
      profile: builtInProfile('default'),
    };
    const withFile = await doctorOnAws(names, clientsOf(world), held, NOW);
    expect(of(withFile, 'profile')[0]).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('los:ruleProfile'),
    });
  });

  it('judges what the table holds: no directory, refused input, a stopped recompute, summaries waiting', async () => {
    const names = await deployment();
    await new DynamoDirectoryStore(dynamo.client, names.table).replace({ staff: [], teams: [] });
    await new DynamoQuarantineStore(dynamo.client, names.table).put({
      receivedAt: '2026-12-06T09:00:00.000Z',
      channel: 'http',
      raw: '{}',
      problems: [{ path: 'id', message: 'is required' }],
    });
    await new DynamoRecomputeMarks(dynamo.client, names.table).mark('CASE-D', '2026-12-07T09:00:00.000Z');
    await new DynamoWeeklyRunLog(dynamo.client, names.table).record(
      '2026-11-30',
      'waiting',
      '2026-12-07T07:15:00Z',
    );
    // Over three hours after the weekly run of 07:15.
    const later = Date.parse('2026-12-07T10:30:00Z');
    const findings = await doctorOnAws(names, clientsOf(healthy(names)), null, later);
    expect(statusOf(findings, 'directory')).toEqual(['fail']);
    expect(statusOf(findings, 'allocations')).toEqual(['fail']);
    expect(statusOf(findings, 'quarantine')).toEqual(['warn']);
    expect(statusOf(findings, 'recompute')).toEqual(['fail']);
    expect(of(findings, 'weekly run')[0]).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('waited over 3 hours'),
    });
  });

  it('names the permission a check lacks, and goes on with the others', async () => {
    const names = await deployment();
    const world = healthy(names);
    world.denied.add('cloudwatch').add('secrets');
    const findings = await doctorOnAws(names, clientsOf(world), null, NOW);
    expect(of(findings, 'alarms')).toEqual([
      {
        check: 'alarms',
        status: 'fail',
        found: 'Could not read the alarms (AccessDeniedException).',
        fix: expect.stringContaining('cloudwatch:DescribeAlarms'),
      },
    ]);
    expect(of(findings, 'teams')[0]?.fix).toContain('secretsmanager:GetSecretValue');
    expect(statusOf(findings, 'dead letters')).toEqual(['ok']);
  });

  it('stops, saying why, without credentials or without the table', async () => {
    const names = await deployment();
    const world = healthy(names);
    const clients = clientsOf(world);
    const noCredentials = {
      ...clients,
      lambda: {
        send: async () => {
          throw awsError('CredentialsProviderError');
        },
      },
    };
    await expect(doctorOnAws(names, noCredentials, null, NOW)).rejects.toThrow(
      new UsageError(
        'los doctor could not run: no AWS credentials were found: set AWS_PROFILE (and sign in), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      ),
    );
    await expect(doctorOnAws({ ...names, table: 'line-of-sight-gone' }, clients, null, NOW)).rejects.toThrow(
      /there is no table line-of-sight-gone in eu-west-2: check --table/,
    );
  });
});
