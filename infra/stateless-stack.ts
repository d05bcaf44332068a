/**
 * The stateless stack: the code and plumbing of ingest, the scheduled runs and the notifier, which hold
 * no data of their own and can be redeployed or destroyed freely. It takes the key, the table and the
 * bus from the stateful stack ({@link StatefulResources}) and adds nothing to them: every permission is
 * on this stack's roles, queue and topic policies, never on the stateful key's policy, so the stateful
 * stack never depends on this one. (The key's statements for the topics' publishers are the stateful
 * stack's own, from the topic names in `infra/topics.ts`.)
 *
 * Two ways in, one ingest code path (`functions/ingest/ingest.ts`):
 *
 * - **The bus.** An EventBridge rule on the case-event bus matches `detail-type: case-event` (any
 *   `source`; the case system names itself there, such as `mosaic`) and puts each event on the ingest
 *   queue. The ingest-queue function reads it in batches and reports each failed message on its own
 *   (partial batch responses), so SQS retries only those; after {@link INGEST_MAX_RECEIVE_COUNT}
 *   receives a message moves to the dead-letter queue, which also takes what EventBridge could not
 *   deliver. An alarm fires when the dead-letter queue holds anything.
 * - **HTTPS.** `POST /events` on an HTTP API, signed with SigV4 (IAM authorisation), invokes the
 *   ingest-http function synchronously: the caller gets an outcome for every event, or a 503 to send
 *   the batch again.
 *
 * And one way out: the scheduled runs put each message to send (an email or a Teams card) on the
 * notices queue; the notifier sends them through SES (with a configuration set that reports bounces and
 * complaints to the ses-events function, which marks those addresses undeliverable) and Teams Workflows
 * webhooks (their URLs in one Secrets Manager secret). Every alarm goes to the alarms topic.
 */
import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import {
  Effect,
  type IRole,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Architecture, type IFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  ENVIRONMENT,
  INGEST_LOG,
  LAMBDA_RULE_PROFILES,
  RUN_SUMMARY_LOG,
} from '../functions/handlers/lambda/environment.ts';
import { scheduleTimes } from '../functions/schedule/times.ts';
import type { ScheduledRunKind } from '../functions/schedule/weekly.ts';
import {
  DEADLINE_SCAN_ATTRIBUTES,
  DEADLINE_WRITE_ATTRIBUTES,
  DIRECTORY_PARTITION,
  DUE_INDEX,
  ITEM_KINDS,
  type ItemKind,
  type ItemKindLayout,
  LEDGER_READ_ATTRIBUTES,
  NEXT_ACTION_WRITE_ATTRIBUTES,
  RECOMPUTE_PARTITION,
  TABLE_KEY,
} from '../functions/storage/table-layout.ts';
import { type Settings, SettingsError } from './settings.ts';
import type { StatefulResources } from './stateful-stack.ts';
import { TOPICS, type TopicSpec, topicNameOf } from './topics.ts';

/** The `detail-type` of a case event on the bus: what the ingest rule matches. */
export const CASE_EVENT_DETAIL_TYPE = 'case-event';

/** Deliveries of a message to the ingest function before it moves to the dead-letter queue. */
export const INGEST_MAX_RECEIVE_COUNT = 5;

/** How long the ingest function may take over one batch; the queue's visibility timeout is 6 times it. */
export const INGEST_QUEUE_TIMEOUT = Duration.seconds(60);

/** Under API Gateway's 30-second limit for an HTTP API integration, so the caller gets our answer. */
export const INGEST_HTTP_TIMEOUT = Duration.seconds(28);

/** Requests a second to `POST /events`, steady and in a burst; a case system sends batches of up to 500. */
export const INGEST_API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** How long function and access logs are kept: they hold ids and counts, never case content. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** Ingest's reads, of case partitions only: a case's events, deadlines and projection (never the index). */
export const INGEST_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** Ingest's puts: events, projections, event-id claims and quarantined input. */
export const INGEST_PUT_ACTIONS = ['dynamodb:PutItem'] as const;
/** Ingest's writes of deadline occurrences: updated when their content changes, deleted when gone. */
export const INGEST_DEADLINE_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'] as const;
/** Ingest's recompute marks: put before a case's events are stored, deleted after, listed to repair. */
export const RECOMPUTE_MARK_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'] as const;

/**
 * What DynamoDB needs of a caller on a table encrypted with a customer-managed key, allowed only when
 * the call comes through DynamoDB. Named one by one: no `kms:*Encrypt*`-style wildcards.
 */
export const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
] as const;

/**
 * How long a scheduled run may take. The morning and hourly runs' cost grows with what is due, not with
 * the number of cases. The weekly run's Scan reads the whole table: about 1.4 GB for 20,000 cases, read
 * in 4 segments at once, so some 350 pages of 1 MB each in turn (not yet timed on AWS).
 */
export const SCHEDULE_RUN_TIMEOUT = Duration.minutes(5);

/**
 * Retries of a scheduled run by EventBridge Scheduler, when it cannot invoke the function (Lambda's own
 * retries of a run that failed are {@link ASYNC_RETRY}): then the event goes to the schedule-run
 * dead-letter queue. An hour, because a run retried later than that is overtaken by the next hourly run.
 */
export const SCHEDULE_RUN_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

/**
 * Lambda's retries of a function invoked asynchronously (the scheduled run by the scheduler, the
 * ses-events function by SNS) that failed: then the event is recorded in its dead-letter queue.
 */
export const ASYNC_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/** The scheduled run's DynamoDB actions on the `due` index: only Query. */
export const SCHEDULE_RUN_INDEX_ACTIONS = ['dynamodb:Query'] as const;
/** The scheduled run's writes: moving a deadline's next action on, an UpdateItem. */
export const SCHEDULE_RUN_TABLE_ACTIONS = ['dynamodb:UpdateItem'] as const;
/** What the scheduled run does in case partitions beyond updating deadlines: read a case's notice ledger. */
export const SCHEDULE_RUN_LEDGER_ACTIONS = ['dynamodb:Query'] as const;
/**
 * The weekly run's read of every deadline: a Scan of the table, allowed only for the attributes of
 * deadline occurrences ({@link DEADLINE_SCAN_ATTRIBUTES}), so it never returns an event or quarantined
 * input. The only Scan any function may make.
 */
export const WEEKLY_SCAN_ACTIONS = ['dynamodb:Scan'] as const;

/** Reading the directory: a Query of its partition, which the statement's condition holds it to. */
export const DIRECTORY_READ_ACTIONS = ['dynamodb:Query'] as const;

/** The runs' count of cases awaiting their recompute (the weekly summary waits for them): a Query. */
export const RECOMPUTE_MARK_READ_ACTIONS = ['dynamodb:Query'] as const;

/** The weekly run's record of the weeks whose summaries went: read it, then write it once they have. */
export const WEEKLY_RUN_LOG_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/** Marking an address undeliverable: the directory read, then an UpdateItem of each member of staff. */
export const DIRECTORY_MARK_ACTIONS = ['dynamodb:Query', 'dynamodb:UpdateItem'] as const;

/** Deliveries of a notice to the notifier before it moves to the notices dead-letter queue. */
export const NOTICE_MAX_RECEIVE_COUNT = 5;

/** How long the notifier may take over one batch; the notices queue's visibility timeout is 6 times it. */
export const NOTIFY_TIMEOUT = Duration.seconds(60);

/**
 * How the notifier reads the notices queue. It sends one message at a time within a batch, so at most
 * `maxConcurrency` sends are in flight: 2 stays well under SES's production rate (about 14 a second,
 * 1 in the sandbox) and near Teams Workflows' (about 4 a second), and a morning's digests still go out
 * in minutes. The batch of 5 fits the function's timeout at Teams' 10-second post timeout.
 */
export const NOTIFY_EVENT_SOURCE = { batchSize: 5, maxConcurrency: 2 } as const;

/** The notifier's DynamoDB actions, on the table only: claim a notice (PutItem), mark it (UpdateItem). */
export const NOTIFY_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/** The SES events the configuration set reports to the ses-events function. */
export const SES_REPORTED_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
] as const;

/** A queue's oldest message older than this means its consumer is stalled or throttled. */
export const BACKLOG_LIMIT = Duration.minutes(30);

/** Where the stack's own metrics (from log lines) are published; per environment. */
export const metricNamespace = (environmentName: string) => `LineOfSight/${environmentName}`;

/**
 * Invokes the function with a role allowed to invoke that function only. CDK's `LambdaInvoke` grants
 * the function and every version and alias (`<arn>:*`), a wildcard the schedules have no use for: they
 * invoke the unqualified function.
 */
class InvokeFunctionOnly extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1],
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeScheduleRun',
        actions: ['lambda:InvokeFunction'],
        resources: [this.target.functionArn],
      }),
    );
  }
}

/** Properties of {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps {
  readonly settings: Settings;
  readonly stateful: StatefulResources;
}

/**
 * The ingest queue, its dead-letter queue, the two ingest functions and the HTTPS endpoint; the
 * scheduled run and its three schedules; the notices queue, the notifier, the SES configuration set and
 * the ses-events function; the alarms and their topic.
 */
export class StatelessStack extends Stack {
  readonly alarmTopic: Topic;
  readonly noticeQueue: Queue;
  readonly noticeDeadLetterQueue: Queue;
  readonly notifyFunction: NodejsFunction;
  readonly configurationSet: ConfigurationSet;
  readonly sesEventTopic: Topic;
  readonly sesEventsFunction: NodejsFunction;
  readonly sesEventsDeadLetterQueue: Queue;
  readonly scheduleRunFunction: NodejsFunction;
  readonly scheduleRunDeadLetterQueue: Queue;
  readonly schedulerRole: Role;
  readonly morningSchedule: Schedule;
  readonly hourlySchedule: Schedule;
  readonly weeklySchedule: Schedule;
  readonly ingestQueue: Queue;
  readonly ingestDeadLetterQueue: Queue;
  readonly ingestQueueFunction: NodejsFunction;
  readonly ingestHttpFunction: NodejsFunction;
  readonly api: HttpApi;
  readonly caseEventRule: Rule;
  readonly eventSenderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, stateful } = props;
    const { environmentName } = settings;
    const name = `line-of-sight-${environmentName}`;
    Tags.of(this).add('Project', 'line-of-sight');
    Tags.of(this).add('Environment', environmentName);

    const ruleProfile = LAMBDA_RULE_PROFILES.find((profile) => profile === settings.ruleProfile);
    if (!ruleProfile) {
      throw new SettingsError([
        `los:ruleProfile: a council profile file (${settings.ruleProfile}) cannot be deployed yet; ` +
          `the Lambda functions load only the built-in profiles (${LAMBDA_RULE_PROFILES.join(' or ')})`,
      ]);
    }

    // --- Queues ------------------------------------------------------------------------------------
    // SQS-managed encryption: EventBridge can deliver to it without a key policy, and no statement is
    // added to the stateful key. Messages are the events as sent, kept for at most 4 days (ingest)
    // and 14 (dead letters).
    const ingestDeadLetterQueue = this.deadLetterQueue('IngestDeadLetterQueue', `${name}-ingest-dlq`);
    const ingestQueue = new Queue(this, 'IngestQueue', {
      queueName: `${name}-ingest`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(INGEST_QUEUE_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: ingestDeadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });

    // --- Functions ---------------------------------------------------------------------------------
    // Each function is told the table, its service name and what it alone needs.
    const environmentOf = (serviceName: string, variables: Record<string, string> = {}) => ({
      [ENVIRONMENT.tableName]: stateful.table.tableName,
      [ENVIRONMENT.serviceName]: serviceName,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // Stack traces point into the TypeScript sources (the bundles carry source maps).
      NODE_OPTIONS: '--enable-source-maps',
      ...variables,
    });
    const rules = {
      [ENVIRONMENT.ruleProfile]: ruleProfile,
      [ENVIRONMENT.morningRunTime]: settings.morningRunTime,
    };
    const ingestEnvironment = environmentOf('line-of-sight-ingest', rules);
    const ingestQueueFunction = this.lambdaFunction('IngestQueueFunction', {
      functionName: `${name}-ingest-queue`,
      entry: 'ingest-queue.ts',
      description: 'Ingests case events from the ingest queue (fed by the case-event bus)',
      timeout: INGEST_QUEUE_TIMEOUT,
      environment: ingestEnvironment,
      stateful,
      tableStatements: ingestTableStatements(stateful),
    });
    ingestQueueFunction.addEventSource(
      new SqsEventSource(ingestQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Enough to keep up with a council's case system; bounded so that a replay of the archive
        // cannot take every concurrent execution in the account.
        maxConcurrency: 5,
      }),
    );
    const ingestHttpFunction = this.lambdaFunction('IngestHttpFunction', {
      functionName: `${name}-ingest-http`,
      entry: 'ingest-http.ts',
      description: 'Ingests batches of case events sent to POST /events',
      timeout: INGEST_HTTP_TIMEOUT,
      environment: ingestEnvironment,
      stateful,
      tableStatements: ingestTableStatements(stateful),
    });

    // --- The bus → the queue -----------------------------------------------------------------------
    const caseEventRule = new Rule(this, 'CaseEventRule', {
      ruleName: `${name}-ingest-case-events`,
      description: `Case events (detail-type ${CASE_EVENT_DETAIL_TYPE}, any source) to the ingest queue`,
      eventBus: stateful.caseEventBus,
      eventPattern: { detailType: [CASE_EVENT_DETAIL_TYPE] },
    });
    // What EventBridge cannot deliver after its retries goes to the same dead-letter queue: the body is
    // the same envelope, so one alarm and one redrive cover both.
    caseEventRule.addTarget(new SqsQueue(ingestQueue, { deadLetterQueue: ingestDeadLetterQueue }));

    // --- HTTPS -------------------------------------------------------------------------------------
    const accessLogs = new LogGroup(this, 'IngestApiAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const api = new HttpApi(this, 'IngestApi', {
      apiName: `${name}-ingest`,
      description: 'Line of Sight: case events in over HTTPS (SigV4-signed)',
      createDefaultStage: false,
    });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: INGEST_API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who called and what happened; never the body.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            caller: '$context.identity.userArn',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            latency: '$context.responseLatency',
          }),
        ),
      },
    });
    api.addRoutes({
      path: '/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('IngestHttpIntegration', ingestHttpFunction),
      authorizer: new HttpIamAuthorizer(),
    });

    // What a case system's role needs to send events, either way; attach it to that role.
    const eventSenderPolicy = new ManagedPolicy(this, 'EventSenderPolicy', {
      managedPolicyName: `${name}-case-event-sender`,
      description: 'Lets a case system send case events: PutEvents on the case-event bus, or POST /events',
      statements: [
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [stateful.caseEventBus.eventBusArn],
        }),
        new PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [api.arnForExecuteApi('POST', '/events', '$default')],
        }),
      ],
    });

    // --- The scheduled run -------------------------------------------------------------------------
    // The notices queue: one message per email or Teams card (a `Notice` as JSON), read by the
    // notifier. A message may arrive twice; the notifier's ledger sends each line once.
    const noticeDeadLetterQueue = this.deadLetterQueue('NoticeDeadLetterQueue', `${name}-notices-dlq`);
    const noticeQueue = new Queue(this, 'NoticeQueue', {
      queueName: `${name}-notices`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(NOTIFY_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: noticeDeadLetterQueue, maxReceiveCount: NOTICE_MAX_RECEIVE_COUNT },
    });
    // What a failed run leaves: the scheduler's event (the run's name and scheduled time, no case data)
    // when the scheduler could not invoke the function, or Lambda's failure record when the run failed
    // after its retries.
    const scheduleRunDeadLetterQueue = this.deadLetterQueue(
      'ScheduleRunDeadLetterQueue',
      `${name}-schedule-run-dlq`,
      'of the scheduler target and of the run function’s asynchronous invocations',
    );

    const scheduleRunFunction = this.lambdaFunction('ScheduleRunFunction', {
      functionName: `${name}-schedule-run`,
      entry: 'schedule-run.ts',
      description:
        'The scheduled run: reads the due index and the directory, puts notices on the notices queue',
      timeout: SCHEDULE_RUN_TIMEOUT,
      environment: environmentOf('line-of-sight-schedule-run', {
        ...rules,
        [ENVIRONMENT.noticeQueueUrl]: noticeQueue.queueUrl,
      }),
      stateful,
      tableStatements: [
        new PolicyStatement({
          sid: 'DueIndex',
          actions: [...SCHEDULE_RUN_INDEX_ACTIONS],
          resources: [`${stateful.table.tableArn}/index/${DUE_INDEX.name}`],
        }),
        // Moving a deadline's next action on: deadline items live in case partitions, and only the
        // next action's attributes may be named, so no other attribute of any item there changes.
        new PolicyStatement({
          sid: 'NextAction',
          actions: [...SCHEDULE_RUN_TABLE_ACTIONS],
          resources: [stateful.table.tableArn],
          conditions: { ...partitionsOf('deadline'), ...writesNamingOnly(NEXT_ACTION_WRITE_ATTRIBUTES) },
        }),
        directoryStatement(stateful, DIRECTORY_READ_ACTIONS),
        partitionStatement(stateful, 'RecomputeMarks', RECOMPUTE_PARTITION, RECOMPUTE_MARK_READ_ACTIONS),
        new PolicyStatement({
          sid: 'WeeklyRuns',
          actions: [...WEEKLY_RUN_LOG_ACTIONS],
          resources: [stateful.table.tableArn],
          conditions: partitionsOf('weeklyRun'),
        }),
        // Who was told of a deadline that has since been met: the case's ledger entries, and only
        // their attributes, asked for by name, so a case's events are never readable.
        new PolicyStatement({
          sid: 'Ledger',
          actions: [...SCHEDULE_RUN_LEDGER_ACTIONS],
          resources: [stateful.table.tableArn],
          conditions: {
            ...partitionsOf('notice'),
            'ForAllValues:StringEquals': {
              'dynamodb:Attributes': [TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ...LEDGER_READ_ATTRIBUTES],
            },
            StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
          },
        }),
        // The weekly summary's read of every deadline. A Scan cannot be held to a partition; it is held
        // to the deadline items' attributes instead, and must ask for them by name.
        new PolicyStatement({
          sid: 'WeeklyScan',
          actions: [...WEEKLY_SCAN_ACTIONS],
          resources: [stateful.table.tableArn],
          conditions: {
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...DEADLINE_SCAN_ATTRIBUTES] },
            StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
          },
        }),
      ],
      // Scheduler invokes asynchronously: a failed run is retried by Lambda, then recorded here.
      onFailure: scheduleRunDeadLetterQueue,
    });
    scheduleRunFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'NoticeQueue',
        actions: ['sqs:SendMessage'],
        resources: [noticeQueue.queueArn],
      }),
    );

    // One role for the schedules: invoke the run function, and send to the dead-letter queue.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: `${name} schedules: invoke the schedule-run function, and its dead-letter queue`,
    });
    const times = scheduleTimes(settings.morningRunTime);
    // `run` tells the function which run it is: the morning run sends digests on working days.
    const target = (run: Exclude<ScheduledRunKind, 'manual'>) =>
      new InvokeFunctionOnly(scheduleRunFunction, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ run, scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: scheduleRunDeadLetterQueue,
        ...SCHEDULE_RUN_RETRY,
      });
    // London time: the scheduler moves the runs with the clocks (EventBridge rules are UTC only).
    const morningSchedule = new Schedule(this, 'MorningRunSchedule', {
      scheduleName: `${name}-morning-run`,
      description: `The morning run, ${settings.morningRunTime} London time, Monday to Friday (bank holidays included)`,
      schedule: ScheduleExpression.cron({
        ...times.morning,
        weekDay: 'MON-FRI',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('morning'),
      timeWindow: TimeWindow.off(),
    });
    const hourlySchedule = new Schedule(this, 'HourlyRunSchedule', {
      scheduleName: `${name}-hourly-run`,
      description: `The hourly run, at minute ${times.hourlyMinute} London time, every day: hour-scale deadlines`,
      schedule: ScheduleExpression.cron({
        minute: times.hourlyMinute,
        hour: '*',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('hourly'),
      timeWindow: TimeWindow.off(),
    });
    // Every weekday: the run sends the summaries only on the first working day of the week, which the
    // calendar knows and a cron expression cannot (the Tuesday after a bank holiday Monday).
    const weeklySchedule = new Schedule(this, 'WeeklyRunSchedule', {
      scheduleName: `${name}-weekly-run`,
      description: `The weekly summaries, ${times.weekly.hour.padStart(2, '0')}:${times.weekly.minute.padStart(2, '0')} London time, Monday to Friday; sent on the first working day of the week only`,
      schedule: ScheduleExpression.cron({
        ...times.weekly,
        weekDay: 'MON-FRI',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('weekly'),
      timeWindow: TimeWindow.off(),
    });

    // --- Topics ------------------------------------------------------------------------------------
    // Encrypted with the data key, whose policy lets each topic's publisher use it for that topic only
    // (`infra/topics.ts`).
    const topic = (id: string, spec: TopicSpec) =>
      new Topic(this, id, {
        topicName: topicNameOf(name, spec),
        displayName: spec.displayName,
        masterKey: stateful.dataKey,
        enforceSSL: true,
      });

    const alarmTopic = topic('AlarmTopic', TOPICS.alarms);
    alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${name}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );
    // Alarm notifications name the alarm and the metric, never a case or a person.
    if (settings.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));

    // --- SES ---------------------------------------------------------------------------------------
    // Every email goes through this configuration set: it reports bounces and complaints (and, for the
    // log, rejections and delays) to the SES-events topic, and keeps reputation metrics.
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
      sendingEnabled: true,
      reputationMetrics: true,
      // Addresses that bounced or complained are not tried again by SES either.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Notices name staff and cases: never sent to a mail server in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    const sesEventTopic = topic('SesEventTopic', TOPICS.sesEvents);
    configurationSet.addEventDestination('SesEventDestination', {
      configurationSetEventDestinationName: 'bounces-and-complaints',
      destination: EventDestination.snsTopic(sesEventTopic),
      events: [...SES_REPORTED_EVENTS],
    });
    // Lambda's failure records (the SNS message, which holds staff addresses) after its retries.
    const sesEventsDeadLetterQueue = this.deadLetterQueue(
      'SesEventsDeadLetterQueue',
      `${name}-ses-events-dlq`,
      'of the ses-events function’s asynchronous invocations',
    );
    const sesEventsFunction = this.lambdaFunction('SesEventsFunction', {
      functionName: `${name}-ses-events`,
      entry: 'ses-events.ts',
      description: 'Marks addresses that bounced for good or complained undeliverable in the directory',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: environmentOf('line-of-sight-ses-events'),
      stateful,
      tableStatements: [directoryStatement(stateful, DIRECTORY_MARK_ACTIONS)],
      onFailure: sesEventsDeadLetterQueue,
    });
    sesEventTopic.addSubscription(new LambdaSubscription(sesEventsFunction));

    // --- The notifier ------------------------------------------------------------------------------
    const notifyFunction = this.lambdaFunction('NotifyFunction', {
      functionName: `${name}-notify`,
      entry: 'notify-queue.ts',
      description: 'Sends the notices on the notices queue: SES email and Teams cards, each line once',
      timeout: NOTIFY_TIMEOUT,
      environment: environmentOf('line-of-sight-notify', {
        [ENVIRONMENT.caseLinkTemplate]: settings.caseLinkTemplate,
        [ENVIRONMENT.senderAddress]: settings.senderAddress,
        [ENVIRONMENT.configurationSet]: configurationSet.configurationSetName,
        // Unset without Teams: the notifier then refuses every card, for good.
        ...(settings.teamsWebhooksSecret && {
          [ENVIRONMENT.teamsWebhooksSecret]: settings.teamsWebhooksSecret,
        }),
      }),
      stateful,
      tableStatements: [
        new PolicyStatement({
          sid: 'Table',
          actions: [...NOTIFY_TABLE_ACTIONS],
          resources: [stateful.table.tableArn],
          // The ledger only: notices in case partitions, weekly summaries in their own.
          conditions: partitionsOf('notice', 'summaryNotice'),
        }),
      ],
    });
    notifyFunction.addEventSource(
      new SqsEventSource(noticeQueue, { ...NOTIFY_EVENT_SOURCE, reportBatchItemFailures: true }),
    );
    // SES v2 SendEmail authorises against the identity mail is sent as and the configuration set, and
    // both must allow it. The identity allows it from the configured sender only (`ses:FromAddress` is
    // the address without its display name), so the notifier cannot send as another address of a
    // verified domain; the configuration set adds nothing to that, so it needs no condition of its own.
    notifyFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': settings.senderAddress } },
      }),
    );
    notifyFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendEmailConfigurationSet',
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    // One secret for every channel (each is billed by the month): a JSON map of the directory's
    // `teams_channel` names to their webhook URLs.
    if (settings.teamsWebhooksSecret) {
      Secret.fromSecretNameV2(this, 'TeamsWebhooksSecret', settings.teamsWebhooksSecret).grantRead(
        notifyFunction,
      );
    }

    // --- Alarms ------------------------------------------------------------------------------------
    // Each goes to the alarms topic (and so to los:alarmEmail when set).
    const alarmAction = new SnsAction(alarmTopic);
    const raise = (
      id: string,
      alarmName: string,
      alarmDescription: string,
      metric: IMetric,
      threshold = 0,
    ) => {
      const alarm = new Alarm(this, id, {
        alarmName: `${name}-${alarmName}`,
        alarmDescription,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(alarmAction);
      return alarm;
    };
    const fiveMinutes = (statistic: 'Maximum' | 'Sum') => ({ period: Duration.minutes(5), statistic });
    const waiting = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible(fiveMinutes('Maximum'));
    const oldest = (queue: Queue) => queue.metricApproximateAgeOfOldestMessage(fiveMinutes('Maximum'));
    raise(
      'IngestDeadLetterAlarm',
      'ingest-dead-letters',
      'Case events are in the ingest dead-letter queue: they were not stored. See docs/operations.md.',
      waiting(ingestDeadLetterQueue),
    );
    raise(
      'IngestBacklogAlarm',
      'ingest-backlog',
      'The oldest message on the ingest queue has waited over 30 minutes: ingest is stalled or throttled.',
      oldest(ingestQueue),
      BACKLOG_LIMIT.toSeconds(),
    );
    raise(
      'ScheduleRunFailedAlarm',
      'schedule-run-failed',
      'A scheduled run failed for good (scheduler or Lambda retries exhausted): notices due then were ' +
        'not handed on. See docs/operations.md.',
      waiting(scheduleRunDeadLetterQueue),
    );
    raise(
      'ScheduleRunErrorAlarm',
      'schedule-run-errors',
      'A scheduled run threw (it is retried); see the schedule-run function’s log.',
      scheduleRunFunction.metricErrors(fiveMinutes('Sum')),
    );
    // The run's summary line counts what it met (RUN_SUMMARY_LOG): a metric filter and an alarm each.
    const runCount = (metricName: string, slug: string, field: string): IMetric =>
      new MetricFilter(this, `${metricName}MetricFilter`, {
        logGroup: scheduleRunFunction.logGroup,
        filterName: `${name}-${slug}`,
        filterPattern: FilterPattern.all(
          FilterPattern.stringValue('$.message', '=', RUN_SUMMARY_LOG.message),
          FilterPattern.numberValue(`$.${field}`, '>', 0),
        ),
        metricNamespace: metricNamespace(environmentName),
        metricName,
        metricValue: `$.${field}`,
      }).metric(fiveMinutes('Maximum'));
    raise(
      'DirectoryGapsAlarm',
      'directory-gaps',
      'A scheduled run met gaps in the staff directory (a vacant post, a leaver, an undeliverable address, ' +
        'an unallocated case): some notices went up a level or nowhere. See docs/operations.md.',
      runCount('DirectoryGaps', 'directory-gaps', RUN_SUMMARY_LOG.gapsField),
    );
    raise(
      'AwaitingRecomputeAlarm',
      'awaiting-recompute',
      'Cases have events stored but deadlines not recomputed from them (an ingest batch stopped part-way, ' +
        'and no batch since has repaired them): their notices may be missing. See docs/operations.md.',
      runCount('AwaitingRecompute', 'awaiting-recompute', RUN_SUMMARY_LOG.awaitingRecomputeField),
    );
    raise(
      'WeeklySummaryLateAlarm',
      'weekly-summary-late',
      'The managers’ weekly summaries have waited three hours for cases awaiting their recompute and ' +
        'have not been sent; the hourly runs keep trying. See docs/operations.md.',
      runCount('WeeklySummaryLate', 'weekly-summary-late', RUN_SUMMARY_LOG.weeklyLateField),
    );
    // Each ingest function's line counts what it refused and what it could not work out (INGEST_LOG):
    // a metric filter per log group and count, each adding into one metric, with one alarm on each.
    const ingestFunctions = [
      { fn: ingestQueueFunction, id: 'IngestQueue', slug: 'ingest-queue' },
      { fn: ingestHttpFunction, id: 'IngestHttp', slug: 'ingest-http' },
    ];
    const ingestCount = (metricName: string, slug: string, field: string): IMetric => {
      for (const ingest of ingestFunctions) {
        new MetricFilter(this, `${ingest.id}${metricName}MetricFilter`, {
          logGroup: ingest.fn.logGroup,
          filterName: `${name}-${ingest.slug}-${slug}`,
          filterPattern: FilterPattern.numberValue(`$.${field}`, '>', 0),
          metricNamespace: metricNamespace(environmentName),
          metricName,
          metricValue: `$.${field}`,
        });
      }
      return new Metric({ namespace: metricNamespace(environmentName), metricName, ...fiveMinutes('Sum') });
    };
    raise(
      'RejectedEventsAlarm',
      'rejected-events',
      'Case events were refused and quarantined (they failed the contract, were dated in the future, ' +
        'reused an id with other content, or came in a body that could not be read): they were not ' +
        'stored. List them with los quarantine list; see docs/operations.md.',
      ingestCount('RejectedEvents', 'rejected-events', INGEST_LOG.rejectedField),
    );
    raise(
      'CaseProblemsAlarm',
      'case-problems',
      'Deadlines of cases that just changed could not be worked out from their records (a date of birth ' +
        'not recorded, a frequency for a rule the profile lacks): they are missing until the case record ' +
        'is put right. See docs/operations.md.',
      ingestCount('CaseProblems', 'case-problems', INGEST_LOG.caseProblemsField),
    );
    raise(
      'NoticeDeadLetterAlarm',
      'notice-dead-letters',
      'Notices are in the notices dead-letter queue: those emails or cards were not sent. See docs/operations.md.',
      waiting(noticeDeadLetterQueue),
    );
    raise(
      'NoticeBacklogAlarm',
      'notice-backlog',
      'The oldest message on the notices queue has waited over 30 minutes: the notifier is failing or stalled.',
      oldest(noticeQueue),
      BACKLOG_LIMIT.toSeconds(),
    );
    raise(
      'NotifyErrorAlarm',
      'notify-errors',
      'The notifier crashed or timed out (failed sends are retried and show as notice dead letters); ' +
        'see the notify function’s log.',
      notifyFunction.metricErrors(fiveMinutes('Sum')),
    );
    raise(
      'SesEventsFailedAlarm',
      'ses-events-failed',
      'A bounce or complaint from SES could not be recorded in the directory after retries. See docs/operations.md.',
      waiting(sesEventsDeadLetterQueue),
    );
    raise(
      'IngestApiServerErrorAlarm',
      'ingest-api-5xx',
      'POST /events answered 5xx (storage unavailable or the function failed); senders must retry.',
      stage.metricServerError(fiveMinutes('Sum')),
    );

    this.ingestQueue = ingestQueue;
    this.ingestDeadLetterQueue = ingestDeadLetterQueue;
    this.ingestQueueFunction = ingestQueueFunction;
    this.ingestHttpFunction = ingestHttpFunction;
    this.api = api;
    this.caseEventRule = caseEventRule;
    this.eventSenderPolicy = eventSenderPolicy;
    this.noticeQueue = noticeQueue;
    this.noticeDeadLetterQueue = noticeDeadLetterQueue;
    this.scheduleRunFunction = scheduleRunFunction;
    this.scheduleRunDeadLetterQueue = scheduleRunDeadLetterQueue;
    this.schedulerRole = schedulerRole;
    this.morningSchedule = morningSchedule;
    this.hourlySchedule = hourlySchedule;
    this.weeklySchedule = weeklySchedule;
    this.alarmTopic = alarmTopic;
    this.configurationSet = configurationSet;
    this.sesEventTopic = sesEventTopic;
    this.sesEventsFunction = sesEventsFunction;
    this.sesEventsDeadLetterQueue = sesEventsDeadLetterQueue;
    this.notifyFunction = notifyFunction;

    new CfnOutput(this, 'IngestQueueUrl', {
      value: ingestQueue.queueUrl,
      description: 'The ingest queue, fed by the case-event bus',
    });
    new CfnOutput(this, 'IngestQueueArn', {
      value: ingestQueue.queueArn,
      description: 'For aws sqs start-message-move-task --destination-arn',
    });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', {
      value: ingestDeadLetterQueue.queueUrl,
      description: 'Case events that could not be ingested; inspect, fix, redrive',
    });
    new CfnOutput(this, 'IngestDeadLetterQueueArn', {
      value: ingestDeadLetterQueue.queueArn,
      description: 'For aws sqs start-message-move-task --source-arn',
    });
    new CfnOutput(this, 'IngestApiEndpoint', {
      value: `${api.apiEndpoint}/events`,
      description: 'POST case events here, signed with SigV4 (service execute-api)',
    });
    new CfnOutput(this, 'NoticeQueueUrl', {
      value: noticeQueue.queueUrl,
      description: 'Notices from the scheduled runs, read by the notifier',
    });
    new CfnOutput(this, 'NoticeDeadLetterQueueUrl', {
      value: noticeDeadLetterQueue.queueUrl,
      description: 'Notices the notifier could not send; inspect, fix, redrive',
    });
    new CfnOutput(this, 'NoticeDeadLetterQueueArn', {
      value: noticeDeadLetterQueue.queueArn,
      description: 'For aws sqs start-message-move-task --source-arn',
    });
    new CfnOutput(this, 'ScheduleRunDeadLetterQueueUrl', {
      value: scheduleRunDeadLetterQueue.queueUrl,
      description: 'Scheduled runs that failed after their retries',
    });
    new CfnOutput(this, 'SesEventsDeadLetterQueueUrl', {
      value: sesEventsDeadLetterQueue.queueUrl,
      description: 'Bounces and complaints that could not be recorded',
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: configurationSet.configurationSetName,
      description: 'The SES configuration set every notice is sent through',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarmTopic.topicArn,
      description: 'Every alarm notifies this topic; subscribe people or tools to it',
    });
    new CfnOutput(this, 'EventSenderPolicyArn', {
      value: eventSenderPolicy.managedPolicyArn,
      description: "Attach to the case system's role to let it send events",
    });
  }

  /**
   * A dead-letter queue, kept 14 days (the longest SQS allows), SQS-managed encryption, TLS only.
   * `deadLetterOf` says whose dead letters it takes when no queue names it in a redrive policy (a
   * scheduler target, a Lambda failure destination), for cdk-nag, which recognises only those.
   */
  private deadLetterQueue(id: string, queueName: string, deadLetterOf?: string): Queue {
    const queue = new Queue(this, id, {
      queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    if (deadLetterOf) {
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          `This queue is itself a dead-letter queue (${deadLetterOf}), which cdk-nag cannot see as no ` +
          'queue names it in a redrive policy.',
      });
    }
    return queue;
  }

  /**
   * A function: bundled ESM for Node 24 on ARM, with a role of its own that may write only to its own
   * log group, use the table only as `tableStatements` say, and its key only through DynamoDB.
   */
  private lambdaFunction(
    id: string,
    options: {
      functionName: string;
      entry: string;
      description: string;
      timeout: Duration;
      /** 1024 MB unless given: building the rule profile and rendering MJML are CPU-bound. */
      memorySize?: number;
      environment: Record<string, string>;
      stateful: StatefulResources;
      tableStatements: readonly PolicyStatement[];
      /** Where a failed asynchronous invocation is recorded, after Lambda's retries. */
      onFailure?: Queue;
    },
  ): NodejsFunction {
    const { dataKey } = options.stateful;
    const logGroup = new LogGroup(this, `${id}Logs`, {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Instead of AWSLambdaBasicExecutionRole, which may write to any log group in the account.
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${options.functionName}: its log group and the table`,
    });
    logGroup.grantWrite(role);
    for (const statement of options.tableStatements) role.addToPrincipalPolicy(statement);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'TableKey',
        effect: Effect.ALLOW,
        actions: [...TABLE_KEY_ACTIONS],
        resources: [dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
      }),
    );
    return new NodejsFunction(this, id, {
      functionName: options.functionName,
      description: options.description,
      entry: fileURLToPath(new URL(`../functions/handlers/lambda/${options.entry}`, import.meta.url)),
      handler: 'handler',
      projectRoot: fileURLToPath(new URL('..', import.meta.url)),
      depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: options.memorySize ?? 1024,
      timeout: options.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: options.environment,
      ...(options.onFailure && { onFailure: new SqsDestination(options.onFailure), ...ASYNC_RETRY }),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Some bundled CommonJS dependencies call require() for Node built-ins.
        banner:
          "import { createRequire as __losCreateRequire } from 'node:module'; const require = __losCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Everything bundled, the AWS SDK included: the functions run the versions the tests ran.
        externalModules: [],
      },
    });
  }
}

/**
 * A condition holding table actions to items of the given kinds, by the fixed start of their partition
 * key (`CASE#…`, `EVENTID#…`): a function granted case items cannot touch the directory, and so on.
 */
export function partitionsOf(...kinds: ItemKind[]) {
  const prefixes = kinds.map((kind) => {
    const layout = ITEM_KINDS.find((item) => item.kind === kind) as ItemKindLayout;
    return `${layout.pk.split('<')[0]}*`;
  });
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(prefixes)] } };
}

/**
 * Conditions holding an UpdateItem or DeleteItem to `attributes`: every attribute the request names (its
 * key, what it sets or removes, what its condition reads) must be one of them, and it may not ask for
 * the item back (`ReturnValues` ALL_OLD or ALL_NEW would return every attribute; the functions ask for
 * nothing).
 */
function writesNamingOnly(attributes: readonly string[]) {
  return {
    'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...attributes] },
    StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
  };
}

/**
 * Ingest's table statements, on the table only (never the `due` index), each action on the partitions
 * it is used on: reads of cases; puts of events, projections, claims and quarantined input; writes of
 * deadline occurrences; and its recompute marks.
 *
 * IAM cannot tell apart the kinds of item that share a case's partition: its only key condition is on
 * the partition key (`dynamodb:LeadingKeys`), and a case's events, projection, deadlines and notice
 * ledger all live under `CASE#<caseId>`. What it can hold is which attributes a write names
 * (`dynamodb:Attributes`): ingest's UpdateItem and DeleteItem may name the deadline's attributes only,
 * so they cannot change what a ledger entry records. That a delete or a put never lands on a ledger
 * entry at all is held by the code instead, and asserted in `tests/infra/table-access.test.ts`: every
 * key ingest writes in a case partition is an event's, a deadline's or the projection's, and each put
 * and delete there is conditional on the item being absent or on its `version`, which a ledger entry
 * does not have. A put cannot be held to attributes usefully: it replaces the whole item.
 */
function ingestTableStatements(stateful: StatefulResources): PolicyStatement[] {
  const table = [stateful.table.tableArn];
  return [
    new PolicyStatement({
      sid: 'CaseReads',
      actions: [...INGEST_READ_ACTIONS],
      resources: table,
      conditions: partitionsOf('caseEvent', 'caseProjection', 'deadline'),
    }),
    new PolicyStatement({
      sid: 'Puts',
      actions: [...INGEST_PUT_ACTIONS],
      resources: table,
      conditions: partitionsOf('caseEvent', 'caseProjection', 'eventIdClaim', 'quarantine'),
    }),
    new PolicyStatement({
      sid: 'Deadlines',
      actions: [...INGEST_DEADLINE_ACTIONS],
      resources: table,
      conditions: { ...partitionsOf('deadline'), ...writesNamingOnly(DEADLINE_WRITE_ATTRIBUTES) },
    }),
    partitionStatement(stateful, 'RecomputeMarks', RECOMPUTE_PARTITION, RECOMPUTE_MARK_ACTIONS),
  ];
}

/**
 * `actions` on the table, held by the statement's condition to the one fixed partition `partition`
 * (the directory, the recompute marks), so a function granted it cannot reach a case through it.
 */
function partitionStatement(
  stateful: StatefulResources,
  sid: string,
  partition: string,
  actions: readonly string[],
): PolicyStatement {
  return new PolicyStatement({
    sid,
    actions: [...actions],
    resources: [stateful.table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [partition] } },
  });
}

/** The directory's statement: `actions` on its partition only, so a function that reads staff cannot read a case. */
const directoryStatement = (stateful: StatefulResources, actions: readonly string[]) =>
  partitionStatement(stateful, 'Directory', DIRECTORY_PARTITION, actions);
