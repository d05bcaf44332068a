/**
 * Ingest: two ways in, one ingest code path (`functions/ingest/ingest.ts`).
 *
 * - **The bus.** An EventBridge rule on the case-event bus matches `detail-type: case-event` (any
 *   `source`; the case system names itself there, such as `mosaic`) and puts each event on the ingest
 *   queue. The ingest-queue function reads it in batches and reports each failed message on its own
 *   (partial batch responses), so SQS retries only those; after {@link INGEST_MAX_RECEIVE_COUNT}
 *   receives a message moves to the dead-letter queue, which also takes what EventBridge could not
 *   deliver.
 * - **HTTPS.** `POST /events` on an HTTP API, signed with SigV4 (IAM authorisation), invokes the
 *   ingest-http function synchronously: the caller gets an outcome for every event, or a 503 to send
 *   the batch again.
 *
 * And a managed policy giving a case system's role what it needs to send events either way.
 */
import { CfnOutput, Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CASE_EVENT_DETAIL_TYPE } from '../../events/index.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS, nameIn, WORK_QUEUES } from '../names.ts';
import { functionEnvironment, lineOfSightFunction, rulesEnvironment } from './function-defaults.ts';
import { loggedDefaultStage } from './http-stage.ts';
import { deadLetterQueue, workQueue } from './queues.ts';
import { keepLogicalId, onlyResource, StackSection, type StackSectionProps } from './stack-section.ts';
import { ingestTableStatements } from './table-grants.ts';

/** Deliveries of a message to the ingest function before it moves to the dead-letter queue. */
export const INGEST_MAX_RECEIVE_COUNT = 5;

/** How long the ingest function may take over one batch; the queue's visibility timeout is 6 times it. */
export const INGEST_QUEUE_TIMEOUT = Duration.seconds(60);

/** Under API Gateway's 30-second limit for an HTTP API integration, so the caller gets our answer. */
export const INGEST_HTTP_TIMEOUT = Duration.seconds(28);

/** Requests a second to `POST /events`, steady and in a burst; a case system sends batches of up to 500. */
export const INGEST_API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** The ingest queue and its dead-letter queue, the two ingest functions, the bus rule, the HTTPS endpoint. */
export class Ingest extends StackSection {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly queueFunction: NodejsFunction;
  readonly httpFunction: NodejsFunction;
  readonly caseEventRule: Rule;
  readonly api: HttpApi;
  /** The API's one stage, whose 5xx answers raise an alarm. */
  readonly stage: HttpStage;
  readonly senderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id, props);
    const { name, stateful } = this;

    // Messages are the events as sent, kept for at most 4 days (14 as dead letters).
    this.deadLetterQueue = deadLetterQueue(
      this,
      'IngestDeadLetterQueue',
      nameIn(name, DEAD_LETTER_QUEUES.ingest),
    );
    this.queue = workQueue(this, 'IngestQueue', {
      queueName: nameIn(name, WORK_QUEUES.ingest),
      consumerTimeout: INGEST_QUEUE_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: this.deadLetterQueue,
      maxReceiveCount: INGEST_MAX_RECEIVE_COUNT,
    });

    const environment = functionEnvironment(
      stateful.table,
      'line-of-sight-ingest',
      rulesEnvironment(this.settings),
    );
    this.queueFunction = lineOfSightFunction(this, 'IngestQueueFunction', {
      functionName: nameIn(name, FUNCTIONS.ingestQueue),
      entry: 'ingest-queue.ts',
      description: 'Ingests case events from the ingest queue (fed by the case-event bus)',
      timeout: INGEST_QUEUE_TIMEOUT,
      environment,
      stateful,
      tableStatements: ingestTableStatements(stateful.table),
      ruleProfile: this.settings.ruleProfile,
    });
    this.queueFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Enough to keep up with a council's case system; bounded so that a replay of the archive
        // cannot take every concurrent execution in the account.
        maxConcurrency: 5,
      }),
    );
    keepLogicalId(
      this.queueFunction,
      'AWS::Lambda::EventSourceMapping',
      'IngestQueueFunctionSqsEventSourceStatelessIngestQueue9062624939C22DF8',
    );
    this.httpFunction = lineOfSightFunction(this, 'IngestHttpFunction', {
      functionName: nameIn(name, FUNCTIONS.ingestHttp),
      entry: 'ingest-http.ts',
      description: 'Ingests batches of case events sent to POST /events',
      timeout: INGEST_HTTP_TIMEOUT,
      environment,
      stateful,
      tableStatements: ingestTableStatements(stateful.table),
      ruleProfile: this.settings.ruleProfile,
    });

    this.caseEventRule = new Rule(this, 'CaseEventRule', {
      ruleName: `${name}-ingest-case-events`,
      description: `Case events (detail-type ${CASE_EVENT_DETAIL_TYPE}, any source) to the ingest queue`,
      eventBus: stateful.caseEventBus,
      eventPattern: { detailType: [CASE_EVENT_DETAIL_TYPE] },
    });
    // What EventBridge cannot deliver after its retries goes to the same dead-letter queue: the body is
    // the same envelope, so one alarm and one redrive cover both.
    this.caseEventRule.addTarget(new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue }));
    // That target lets EventBridge send to the dead-letter queue in a statement (after the one refusing
    // requests without TLS) whose id CDK makes from the rule's unique id, which now holds its section:
    // the statement keeps the id it was first deployed with.
    onlyResource(this.deadLetterQueue, 'AWS::SQS::QueuePolicy').addPropertyOverride(
      'PolicyDocument.Statement.1.Sid',
      'AllowEventRuleStatelessCaseEventRuleCD826BC0',
    );

    this.api = new HttpApi(this, 'IngestApi', {
      apiName: `${name}-ingest`,
      description: 'Line of Sight: case events in over HTTPS (SigV4-signed)',
      createDefaultStage: false,
    });
    this.stage = this.defaultStage(this.api);
    this.api.addRoutes({
      path: '/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('IngestHttpIntegration', this.httpFunction),
      authorizer: new HttpIamAuthorizer(),
    });

    // What a case system's role needs to send events, either way; attach it to that role.
    this.senderPolicy = new ManagedPolicy(this, 'EventSenderPolicy', {
      managedPolicyName: `${name}-case-event-sender`,
      description: 'Lets a case system send case events: PutEvents on the case-event bus, or POST /events',
      statements: [
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [stateful.caseEventBus.eventBusArn],
        }),
        new PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [this.api.arnForExecuteApi('POST', '/events', '$default')],
        }),
      ],
    });

    this.outputs();
  }

  /** The API's `$default` stage: throttled, with access logs that say who called and what happened. */
  private defaultStage(api: HttpApi): HttpStage {
    return loggedDefaultStage(this, api, {
      stageId: 'DefaultStage',
      logsId: 'IngestApiAccessLogs',
      throttle: INGEST_API_THROTTLE,
      fields: { caller: '$context.identity.userArn' },
    });
  }

  private outputs(): void {
    new CfnOutput(this, 'IngestQueueUrl', {
      value: this.queue.queueUrl,
      description: 'The ingest queue, fed by the case-event bus',
    });
    new CfnOutput(this, 'IngestQueueArn', {
      value: this.queue.queueArn,
      description: 'For aws sqs start-message-move-task --destination-arn',
    });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Case events that could not be ingested; inspect, fix, redrive',
    });
    new CfnOutput(this, 'IngestDeadLetterQueueArn', {
      value: this.deadLetterQueue.queueArn,
      description: 'For aws sqs start-message-move-task --source-arn',
    });
    new CfnOutput(this, 'IngestApiEndpoint', {
      value: `${this.api.apiEndpoint}/events`,
      description: 'POST case events here, signed with SigV4 (service execute-api)',
    });
    new CfnOutput(this, 'EventSenderPolicyArn', {
      value: this.senderPolicy.managedPolicyArn,
      description: "Attach to the case system's role to let it send events",
    });
  }
}
