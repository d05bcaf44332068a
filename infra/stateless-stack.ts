/**
 * The stateless stack: the code and plumbing of ingest, which hold no data of their own and can be
 * redeployed or destroyed freely. It takes the key, the table and the bus from the stateful stack
 * ({@link StatefulResources}) and adds nothing to them: every permission is on this stack's roles and
 * queue policies, never on the stateful key's policy, so the stateful stack never depends on this one.
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
 */
import { fileURLToPath } from 'node:url';
import {
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
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
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
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENVIRONMENT, LAMBDA_RULE_PROFILES } from '../functions/handlers/lambda/environment.ts';
import { DUE_INDEX } from '../functions/storage/table-layout.ts';
import { type Settings, SettingsError } from './settings.ts';
import type { StatefulResources } from './stateful-stack.ts';

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

/** The DynamoDB actions ingest uses, on the table only: ingest never reads the `due` index. */
export const INGEST_TABLE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

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

/** How long the scheduled run may take: its cost grows with what is due, not with the number of cases. */
export const SCHEDULE_RUN_TIMEOUT = Duration.minutes(5);

/**
 * Retries of a scheduled run, by EventBridge Scheduler (when it cannot invoke the function) and by
 * Lambda (when the invoked run fails): then the event goes to the schedule-run dead-letter queue.
 * An hour, because a run retried later than that is overtaken by the next hourly run anyway.
 */
export const SCHEDULE_RUN_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

/** Deliveries of an intent to the notifier before it moves to the intents dead-letter queue. */
export const INTENT_MAX_RECEIVE_COUNT = 5;

/** The scheduled run's DynamoDB actions: on the `due` index only Query, on the table only UpdateItem. */
export const SCHEDULE_RUN_INDEX_ACTIONS = ['dynamodb:Query'] as const;
export const SCHEDULE_RUN_TABLE_ACTIONS = ['dynamodb:UpdateItem'] as const;

/**
 * The London hour and minute of the two schedules. The hourly run is offset half an hour from the
 * morning run's minute, so the two never start together (a run at the same moment would read the same
 * due deadlines and hand on the same intents twice).
 */
export function scheduleTimes(morningRunTime: string): {
  morning: { hour: string; minute: string };
  hourlyMinute: string;
} {
  const [hour = 0, minute = 0] = morningRunTime.split(':').map(Number);
  return {
    morning: { hour: String(hour), minute: String(minute) },
    hourlyMinute: String((minute + 30) % 60),
  };
}

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
 * scheduled run, its two schedules, and the intents queue it fills.
 */
export class StatelessStack extends Stack {
  readonly intentQueue: Queue;
  readonly intentDeadLetterQueue: Queue;
  readonly scheduleRunFunction: NodejsFunction;
  readonly scheduleRunDeadLetterQueue: Queue;
  readonly schedulerRole: Role;
  readonly morningSchedule: Schedule;
  readonly hourlySchedule: Schedule;
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
    const ingestDeadLetterQueue = new Queue(this, 'IngestDeadLetterQueue', {
      queueName: `${name}-ingest-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const ingestQueue = new Queue(this, 'IngestQueue', {
      queueName: `${name}-ingest`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(INGEST_QUEUE_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: ingestDeadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });

    // --- Functions ---------------------------------------------------------------------------------
    const environment = {
      [ENVIRONMENT.tableName]: stateful.table.tableName,
      [ENVIRONMENT.ruleProfile]: ruleProfile,
      [ENVIRONMENT.morningRunTime]: settings.morningRunTime,
      [ENVIRONMENT.serviceName]: 'line-of-sight-ingest',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // Stack traces point into the TypeScript sources (the bundles carry source maps).
      NODE_OPTIONS: '--enable-source-maps',
    };
    const ingestQueueFunction = this.lambdaFunction('IngestQueueFunction', {
      functionName: `${name}-ingest-queue`,
      entry: 'ingest-queue.ts',
      description: 'Ingests case events from the ingest queue (fed by the case-event bus)',
      timeout: INGEST_QUEUE_TIMEOUT,
      environment,
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
      environment,
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
    // The intents queue: one message per notice to send (`NoticeIntent` as JSON). Its consumer, the
    // notifier (SES e-mail, Teams), is not built yet: until it is, intents wait here for 14 days and
    // the backlog alarm fires. A message may arrive twice; the notifier's ledger sends each notice once.
    const intentDeadLetterQueue = new Queue(this, 'IntentDeadLetterQueue', {
      queueName: `${name}-intents-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const intentQueue = new Queue(this, 'IntentQueue', {
      queueName: `${name}-intents`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times a notifier's timeout of a minute: the notifier sets its own when it is built.
      visibilityTimeout: Duration.minutes(6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: intentDeadLetterQueue, maxReceiveCount: INTENT_MAX_RECEIVE_COUNT },
    });
    // What a failed run leaves: the scheduler's event (the run's name and scheduled time, no case data)
    // when the scheduler could not invoke the function, or Lambda's failure record when the run failed
    // after its retries.
    const scheduleRunDeadLetterQueue = new Queue(this, 'ScheduleRunDeadLetterQueue', {
      queueName: `${name}-schedule-run-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(scheduleRunDeadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of the scheduler target and of the run function’s ' +
        'asynchronous invocations), which cdk-nag cannot see as no queue names it in a redrive policy.',
    });

    const scheduleRunFunction = this.lambdaFunction('ScheduleRunFunction', {
      functionName: `${name}-schedule-run`,
      entry: 'schedule-run.ts',
      description: 'The scheduled run: reads the due index, hands notice intents to the intents queue',
      timeout: SCHEDULE_RUN_TIMEOUT,
      environment: {
        ...environment,
        [ENVIRONMENT.serviceName]: 'line-of-sight-schedule-run',
        [ENVIRONMENT.intentQueueUrl]: intentQueue.queueUrl,
      },
      stateful,
      tableStatements: [
        new PolicyStatement({
          sid: 'DueIndex',
          actions: [...SCHEDULE_RUN_INDEX_ACTIONS],
          resources: [`${stateful.table.tableArn}/index/${DUE_INDEX.name}`],
        }),
        new PolicyStatement({
          sid: 'Table',
          actions: [...SCHEDULE_RUN_TABLE_ACTIONS],
          resources: [stateful.table.tableArn],
        }),
      ],
      // Scheduler invokes asynchronously: a failed run is retried by Lambda, then recorded here.
      onFailure: scheduleRunDeadLetterQueue,
    });
    scheduleRunFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'IntentQueue',
        actions: ['sqs:SendMessage'],
        resources: [intentQueue.queueArn],
      }),
    );

    // One role for both schedules: invoke the run function, and send to the dead-letter queue.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: `${name} schedules: invoke the schedule-run function, and its dead-letter queue`,
    });
    const times = scheduleTimes(settings.morningRunTime);
    const target = (run: 'morning' | 'hourly') =>
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

    // --- Alarms ------------------------------------------------------------------------------------
    // No action yet: they show in CloudWatch; the notifier's stack will route them to people.
    const raise = (id: string, alarmName: string, alarmDescription: string, metric: IMetric, threshold = 0) =>
      new Alarm(this, id, {
        alarmName: `${name}-${alarmName}`,
        alarmDescription,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    const fiveMinutes = (statistic: 'Maximum' | 'Sum') => ({ period: Duration.minutes(5), statistic });
    const waiting = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible(fiveMinutes('Maximum'));
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
      ingestQueue.metricApproximateAgeOfOldestMessage(fiveMinutes('Maximum')),
      Duration.minutes(30).toSeconds(),
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
    raise(
      'IntentDeadLetterAlarm',
      'intent-dead-letters',
      'Notice intents are in the intents dead-letter queue: those notices were not sent. See docs/operations.md.',
      waiting(intentDeadLetterQueue),
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
    this.intentQueue = intentQueue;
    this.intentDeadLetterQueue = intentDeadLetterQueue;
    this.scheduleRunFunction = scheduleRunFunction;
    this.scheduleRunDeadLetterQueue = scheduleRunDeadLetterQueue;
    this.schedulerRole = schedulerRole;
    this.morningSchedule = morningSchedule;
    this.hourlySchedule = hourlySchedule;

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
    new CfnOutput(this, 'IntentQueueUrl', {
      value: intentQueue.queueUrl,
      description: 'Notice intents from the scheduled runs, for the notifier (not built yet)',
    });
    new CfnOutput(this, 'IntentDeadLetterQueueUrl', {
      value: intentDeadLetterQueue.queueUrl,
      description: 'Notice intents the notifier could not handle; inspect, fix, redrive',
    });
    new CfnOutput(this, 'ScheduleRunDeadLetterQueueUrl', {
      value: scheduleRunDeadLetterQueue.queueUrl,
      description: 'Scheduled runs that failed after their retries',
    });
    new CfnOutput(this, 'EventSenderPolicyArn', {
      value: eventSenderPolicy.managedPolicyArn,
      description: "Attach to the case system's role to let it send events",
    });
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
      // Building the rule profile at cold start is CPU-bound; memory buys CPU.
      memorySize: 1024,
      timeout: options.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: options.environment,
      ...(options.onFailure && {
        onFailure: new SqsDestination(options.onFailure),
        retryAttempts: 2,
        maxEventAge: SCHEDULE_RUN_RETRY.maxEventAge,
      }),
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

/** Ingest's table statement: the item actions it uses, on the table only (never the `due` index). */
function ingestTableStatements(stateful: StatefulResources): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'Table',
      actions: [...INGEST_TABLE_ACTIONS],
      resources: [stateful.table.tableArn],
    }),
  ];
}
