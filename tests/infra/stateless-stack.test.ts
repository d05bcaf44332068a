/**
 * The stateless stack's template: what ingest relies on (the runtime the code was tested for, partial
 * batch responses, the dead-letter queue and its alarm, the rule that feeds the queue, IAM on the only
 * route) and what keeps it safe (encryption and TLS on the queues, least-privilege roles, nothing added
 * to the stateful stack). And cdk-nag, which must find nothing here without acknowledgements.
 *
 * The stateful stack's checks (`stateful-stack.suite.ts`) run from this file too, so that the folder
 * synthesises the app once (`synth.ts`, bundling skipped): each test file runs in a process of its
 * own, and the first synthesis in a process takes seconds.
 */
import { type App, type CfnElement, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleTimes } from '../../functions/schedule/times.ts';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import { SettingsError } from '../../infra/settings.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';
import { testApp } from './cdk-app.ts';
import { acknowledgementsIn, lineOfSight, type ValidationReport } from './synth.ts';
import './stateful-stack.suite.ts';

let app: App;
let stack: StatelessStack;
let stateful: StatefulStack;
let template: Template;
let report: ValidationReport;

beforeAll(() => {
  ({
    app,
    stateless: stack,
    stateful,
    templates: { stateless: template },
    report,
  } = lineOfSight());
});

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Every resource of `type`, by logical id. */
const all = (type: string) => template.findResources(type) as Record<string, Resource>;

/** The properties of the one resource of `type` whose logical id starts with `prefix`. */
function one(type: string, prefix = ''): Record<string, unknown> {
  const found = Object.entries(all(type)).filter(([id]) => id.startsWith(prefix));
  expect(
    found.map(([id]) => id),
    `${type} ${prefix}`,
  ).toHaveLength(1);
  return (found[0] as [string, Resource])[1].Properties;
}

/** The logical id of a construct's CloudFormation resource in this stack. */
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const getAtt = (construct: { node: { defaultChild?: unknown } }, attribute = 'Arn') => ({
  'Fn::GetAtt': [idOf(construct), attribute],
});

/** A value read from the stateful stack's output `PublishOutput<prefix>…` with Fn::GetStackOutput. */
const statefulOutput = (prefix: string) => ({
  'Fn::GetStackOutput': {
    StackName: 'line-of-sight-dev-stateful',
    Region: 'eu-west-2',
    OutputName: expect.stringMatching(new RegExp(`^PublishOutput${prefix}`)),
  },
});

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The statements of the role's inline policy. */
function statementsOf(roleLogicalIdPrefix: string): Statement[] {
  const policies = Object.values(all('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(roleLogicalIdPrefix),
  );
  expect(policies).toHaveLength(1);
  return ((policies[0] as Resource).Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** The statements that grant some action of `service`. */
const byService = (statements: readonly Statement[], service: string) =>
  statements.filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));

describe('the stateless stack', () => {
  it('holds the queues, the functions, the rule, the API, SES, the topics, the alarms and the sender policy', () => {
    const counts: Record<string, number> = {};
    for (const { Type } of Object.values(template.toJSON().Resources as Record<string, { Type: string }>)) {
      if (Type !== 'AWS::CDK::Metadata') counts[Type] = (counts[Type] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'AWS::ApiGatewayV2::Api': 1,
      'AWS::ApiGatewayV2::Integration': 1,
      'AWS::ApiGatewayV2::Route': 1,
      'AWS::ApiGatewayV2::Stage': 1,
      'AWS::CloudWatch::Alarm': 14,
      'AWS::Events::Rule': 1,
      'AWS::IAM::ManagedPolicy': 1,
      'AWS::IAM::Policy': 6,
      'AWS::IAM::Role': 6,
      'AWS::Lambda::EventInvokeConfig': 2,
      'AWS::Lambda::EventSourceMapping': 2,
      'AWS::Lambda::Function': 5,
      'AWS::Lambda::Permission': 2,
      'AWS::Logs::LogGroup': 6,
      'AWS::Logs::MetricFilter': 7,
      'AWS::SES::ConfigurationSet': 1,
      'AWS::SES::ConfigurationSetEventDestination': 1,
      'AWS::SNS::Subscription': 1,
      'AWS::SNS::Topic': 2,
      'AWS::SNS::TopicPolicy': 2,
      'AWS::SQS::Queue': 6,
      'AWS::SQS::QueuePolicy': 6,
      'AWS::Scheduler::Schedule': 3,
    });
  });

  it('is deployed to London under a name of its environment, and may be destroyed', () => {
    expect(stack.region).toBe('eu-west-2');
    expect(stack.stackName).toBe('line-of-sight-dev-stateless');
    expect(stack.terminationProtection).toBe(false);
  });

  it('depends on the stateful stack, never the reverse', () => {
    expect(stack.dependencies).toEqual([stateful]);
    expect(stateful.dependencies).toEqual([]);
  });

  it('reads only the table, the key and the bus from the stateful stack, by its outputs', () => {
    const text = JSON.stringify(template.toJSON());
    // Every value from another stack comes through Fn::GetStackOutput of the stateful stack…
    expect(text).not.toMatch(/Fn::ImportValue/);
    const read = new Set([...text.matchAll(/"OutputName":"(PublishOutput[A-Za-z0-9]+)"/g)].map((m) => m[1]));
    const stackNames = new Set([...text.matchAll(/"StackName":"([^"]+)"/g)].map((m) => m[1]));
    expect([...stackNames]).toEqual(['line-of-sight-dev-stateful']);
    // …and names one of these five values.
    const statefulOutputs = lineOfSight().templates.stateful.findOutputs('*');
    const values = [...read].map((id) => JSON.stringify(statefulOutputs[id as string]?.Value));
    const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
      stateful.getLogicalId(construct.node.defaultChild as CfnElement);
    expect(values.sort()).toEqual(
      [
        { Ref: logicalId(stateful.table) },
        { 'Fn::GetAtt': [logicalId(stateful.table), 'Arn'] },
        { 'Fn::GetAtt': [logicalId(stateful.dataKey), 'Arn'] },
        { Ref: logicalId(stateful.caseEventBus) },
        { 'Fn::GetAtt': [logicalId(stateful.caseEventBus), 'Arn'] },
      ]
        .map((value) => JSON.stringify(value))
        .sort(),
    );
  });

  it('outputs the queue URLs and ARNs (for a redrive), the endpoint, the sender policy, SES and alarms', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'EventSenderPolicyArn',
      'IngestApiEndpoint',
      'IngestDeadLetterQueueArn',
      'IngestDeadLetterQueueUrl',
      'IngestQueueArn',
      'IngestQueueUrl',
      'NoticeDeadLetterQueueArn',
      'NoticeDeadLetterQueueUrl',
      'NoticeQueueUrl',
      'ScheduleRunDeadLetterQueueUrl',
      'SesConfigurationSetName',
      'SesEventsDeadLetterQueueUrl',
    ]);
    template.hasOutput('IngestQueueUrl', { Value: { Ref: idOf(stack.ingestQueue) } });
    template.hasOutput('IngestDeadLetterQueueUrl', { Value: { Ref: idOf(stack.ingestDeadLetterQueue) } });
    template.hasOutput('IngestApiEndpoint', {
      Value: { 'Fn::Join': ['', [getAtt(stack.api, 'ApiEndpoint'), '/events']] },
    });
  });
});

describe('the ingest functions', () => {
  it('run the handlers on Node 24 on ARM, bundled from the Lambda entry modules', () => {
    for (const prefix of ['IngestQueueFunction', 'IngestHttpFunction']) {
      expect(one('AWS::Lambda::Function', prefix)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
      });
    }
    expect(one('AWS::Lambda::Function', 'IngestQueueFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-ingest-queue',
      Timeout: 60,
    });
    // Under API Gateway's 30-second integration limit.
    expect(one('AWS::Lambda::Function', 'IngestHttpFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-ingest-http',
      Timeout: 28,
    });
  });

  it('are told the table, the rule profile, the morning run and their service name', () => {
    for (const prefix of ['IngestQueueFunction', 'IngestHttpFunction']) {
      expect(one('AWS::Lambda::Function', prefix).Environment).toEqual({
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          RULE_PROFILE: 'default',
          MORNING_RUN_TIME: '07:00',
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-ingest',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      });
    }
  });

  it('log as JSON to log groups of their own, kept 90 days', () => {
    for (const fn of [stack.ingestQueueFunction, stack.ingestHttpFunction]) {
      const loggingConfig = stack.resolve((fn.node.defaultChild as CfnFunction).loggingConfig) as {
        LogFormat?: string;
        logFormat?: string;
        logGroup?: unknown;
      };
      expect(loggingConfig.logFormat).toBe('JSON');
      const logGroupId = (loggingConfig.logGroup as { Ref: string }).Ref;
      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
      });
    }
    for (const group of Object.values(all('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('read the queue in batches of 10 and report failed messages one by one', () => {
    expect(one('AWS::Lambda::EventSourceMapping', 'IngestQueueFunction')).toEqual({
      EventSourceArn: getAtt(stack.ingestQueue),
      FunctionName: { Ref: idOf(stack.ingestQueueFunction) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
      Tags: expect.any(Array),
    });
  });
});

describe('the queues', () => {
  it('retry a message 5 times, then move it to the dead-letter queue', () => {
    expect(one('AWS::SQS::Queue', 'IngestQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ingest',
      RedrivePolicy: { deadLetterTargetArn: getAtt(stack.ingestDeadLetterQueue), maxReceiveCount: 5 },
    });
  });

  it('hide a message in flight for 6 times the function timeout', () => {
    const { VisibilityTimeout } = one('AWS::SQS::Queue', 'IngestQueue') as { VisibilityTimeout: number };
    const { Timeout } = one('AWS::Lambda::Function', 'IngestQueueFunction') as { Timeout: number };
    expect(VisibilityTimeout).toBeGreaterThanOrEqual(6 * Timeout);
  });

  it('keep dead letters for the longest SQS allows, 14 days', () => {
    expect(one('AWS::SQS::Queue', 'IngestDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ingest-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
    expect(one('AWS::SQS::Queue', 'IngestDeadLetterQueue').RedrivePolicy).toBeUndefined();
  });

  it('are encrypted with SQS-managed keys, so nothing is added to the stateful key', () => {
    for (const queue of Object.values(all('AWS::SQS::Queue'))) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      expect(queue.Properties.KmsMasterKeyId).toBeUndefined();
    }
  });

  it('refuse every request that is not over TLS', () => {
    for (const queue of [
      stack.ingestQueue,
      stack.ingestDeadLetterQueue,
      stack.noticeQueue,
      stack.noticeDeadLetterQueue,
      stack.scheduleRunDeadLetterQueue,
      stack.sesEventsDeadLetterQueue,
    ]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: getAtt(queue),
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ]),
        },
      });
    }
  });

  it('let EventBridge send only from the case-event rule', () => {
    for (const queue of [stack.ingestQueue, stack.ingestDeadLetterQueue]) {
      const [policy] = Object.values(all('AWS::SQS::QueuePolicy')).filter(
        (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: idOf(queue) }]),
      );
      const allows = (
        (policy as Resource).Properties.PolicyDocument as {
          Statement: (Statement & { Principal: unknown })[];
        }
      ).Statement.filter((s) => s.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      const [allow] = allows;
      expect(allow).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': getAtt(stack.caseEventRule) } },
      });
      expect(actionsOf(allow as Statement)).toContain('sqs:SendMessage');
    }
  });
});

describe('the alarms', () => {
  it('fire when the dead-letter queue holds any message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ingest-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(stack.ingestDeadLetterQueue, 'QueueName') }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('count rejected events and case problems from both ingest functions’ lines, and fire on any', () => {
    const filters = all('AWS::Logs::MetricFilter');
    for (const [metric, slug, field] of [
      ['RejectedEvents', 'rejected-events', 'rejected'],
      ['CaseProblems', 'case-problems', 'caseProblems'],
    ] as const) {
      for (const [fn, name] of [
        ['IngestQueue', 'ingest-queue'],
        ['IngestHttp', 'ingest-http'],
      ] as const) {
        expect(one('AWS::Logs::MetricFilter', `${fn}${metric}`)).toEqual({
          FilterName: `line-of-sight-dev-${name}-${slug}`,
          LogGroupName: { Ref: expect.stringMatching(new RegExp(`^${fn}FunctionLogs`)) },
          FilterPattern: `{ $.${field} > 0 }`,
          MetricTransformations: [
            { MetricNamespace: 'LineOfSight/dev', MetricName: metric, MetricValue: `$.${field}` },
          ],
        });
      }
      expect(
        Object.values(filters).filter(
          (f) => (f.Properties.MetricTransformations as { MetricName: string }[])[0]?.MetricName === metric,
        ),
      ).toHaveLength(2);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `line-of-sight-dev-${slug}`,
        Namespace: 'LineOfSight/dev',
        MetricName: metric,
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: idOf(stack.alarmTopic) }],
      });
    }
  });

  it('fire when ingest falls half an hour behind, or the endpoint answers 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ingest-backlog',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(stack.ingestQueue, 'QueueName') }],
      Threshold: 1800,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ingest-api-5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
    });
  });
});

describe('the case-event rule', () => {
  it('matches detail-type case-event from any source on the case-event bus', () => {
    expect(one('AWS::Events::Rule')).toMatchObject({
      Name: 'line-of-sight-dev-ingest-case-events',
      EventBusName: statefulOutput('RefCaseEventBus'),
      EventPattern: { 'detail-type': ['case-event'] },
      State: 'ENABLED',
    });
    expect(Object.keys(one('AWS::Events::Rule').EventPattern as object)).toEqual(['detail-type']);
  });

  it('targets the ingest queue, with the dead-letter queue for what it cannot deliver', () => {
    expect(one('AWS::Events::Rule').Targets).toEqual([
      {
        Id: expect.any(String),
        Arn: getAtt(stack.ingestQueue),
        DeadLetterConfig: { Arn: getAtt(stack.ingestDeadLetterQueue) },
      },
    ]);
  });
});

describe('the HTTPS endpoint', () => {
  it('has one route, POST /events, authorised by IAM, to the ingest-http function', () => {
    expect(one('AWS::ApiGatewayV2::Route')).toMatchObject({
      RouteKey: 'POST /events',
      AuthorizationType: 'AWS_IAM',
    });
    expect(one('AWS::ApiGatewayV2::Integration')).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(stack.ingestHttpFunction),
      PayloadFormatVersion: '2.0',
    });
  });

  it('lets API Gateway invoke the function for that route only', () => {
    const permission = one('AWS::Lambda::Permission', 'IngestApi');
    expect(permission).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: getAtt(stack.ingestHttpFunction),
    });
    expect(JSON.stringify(permission.SourceArn)).toMatch(/\/\*\/\*\/events"/);
  });

  it('serves the default stage with throttling and access logs that never hold the body', () => {
    const stage = one('AWS::ApiGatewayV2::Stage') as {
      StageName: string;
      AutoDeploy: boolean;
      DefaultRouteSettings: unknown;
      AccessLogSettings: { DestinationArn: unknown; Format: string };
    };
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^IngestApiAccessLogs/), 'Arn'],
    });
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      caller: '$context.identity.userArn',
      status: '$context.status',
    });
    expect(stage.AccessLogSettings.Format).not.toMatch(/body|requestBody|\$input/i);
  });
});

describe('IAM', () => {
  const iamStatements = () =>
    [...Object.values(all('AWS::IAM::Policy')), ...Object.values(all('AWS::IAM::ManagedPolicy'))].flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );

  it('grants no wildcard action and no wildcard resource', () => {
    for (const statement of iamStatements()) {
      expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });

  it('gives the functions roles of their own, with no managed policies', () => {
    const schedulerRole = idOf(stack.schedulerRole);
    for (const [id, role] of Object.entries(all('AWS::IAM::Role')).filter(([id]) => id !== schedulerRole)) {
      expect(id).toMatch(/FunctionRole/);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument).toMatchObject({
        Statement: [{ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
    }
  });

  it('lets each function use only its log group, the table (no index) and the key through DynamoDB', () => {
    for (const fn of [stack.ingestQueueFunction, stack.ingestHttpFunction]) {
      const statements = statementsOf(stack.getLogicalId(fn.role?.node.defaultChild as CfnElement));
      const byService = (service: string) =>
        statements.filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));

      const logs = byService('logs');
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/FunctionLogs/), 'Arn'] },
      });

      const table = statefulOutput('FnGetAttTable');
      expect(byService('dynamodb')).toEqual([
        // A case's events, deadlines and projection; never an event-id claim or quarantined input.
        {
          Sid: 'CaseReads',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: table,
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
        },
        // Case, event-id and quarantine items only: never the directory or the ledger's summaries.
        {
          Sid: 'Puts',
          Effect: 'Allow',
          Action: 'dynamodb:PutItem',
          Resource: table,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'EVENTID#*', 'QUARANTINE#*'] },
          },
        },
        // Updates and deletes in case partitions name a deadline's attributes only, so no ledger entry
        // there can be changed: not its state, message or times.
        {
          Sid: 'Deadlines',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          Resource: table,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
            'ForAllValues:StringEquals': {
              'dynamodb:Attributes': [
                'pk',
                'sk',
                'caseId',
                'version',
                'content',
                'plan',
                'deadline',
                'allocation',
                'nextActionAt',
                'handledUntil',
                'duePk',
                'dueSk',
              ],
            },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        },
        {
          Sid: 'RecomputeMarks',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          Resource: table,
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['RECOMPUTE'] } },
        },
      ]);
      for (const statement of byService('dynamodb')) {
        expect(JSON.stringify(statement.Resource)).not.toContain('index');
      }
      // None of the ledger's own attributes may be named in an update or delete.
      const [, , deadlines] = byService('dynamodb');
      expect(JSON.stringify(deadlines?.Condition)).not.toMatch(/"(state|message|sentAt|recipient)"/);

      expect(byService('kms')).toEqual([
        {
          Sid: 'TableKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: statefulOutput('FnGetAttDataKey'),
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' } },
        },
      ]);
    }
  });

  it('lets only the queue function consume the ingest queue, and nothing else touch SQS', () => {
    const queueFnRole = stack.getLogicalId(stack.ingestQueueFunction.role?.node.defaultChild as CfnElement);
    const httpFnRole = stack.getLogicalId(stack.ingestHttpFunction.role?.node.defaultChild as CfnElement);
    const sqs = (role: string) =>
      statementsOf(role).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs(queueFnRole)).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
        Resource: getAtt(stack.ingestQueue),
      },
    ]);
    expect(sqs(httpFnRole)).toEqual([]);
  });

  it('offers a sender policy: PutEvents on the bus, and invoking POST /events only', () => {
    expect(one('AWS::IAM::ManagedPolicy')).toMatchObject({
      ManagedPolicyName: 'line-of-sight-dev-case-event-sender',
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'events:PutEvents', Resource: statefulOutput('FnGetAttCaseEventBus') },
          { Effect: 'Allow', Action: 'execute-api:Invoke' },
        ],
      },
    });
    const [, invoke] = (one('AWS::IAM::ManagedPolicy').PolicyDocument as { Statement: Statement[] })
      .Statement;
    expect(JSON.stringify(invoke?.Resource)).toMatch(/\/\$default\/POST\/events"/);
  });

  it('adds nothing to the stateful key’s policy', () => {
    const keyPolicy = lineOfSight().templates.stateful.findResources('AWS::KMS::Key');
    expect(JSON.stringify(keyPolicy)).not.toMatch(/Stateless|lambda|Ingest/);
  });
});

describe('settings', () => {
  it('passes the statutory profile and the council’s morning run to the functions', () => {
    const other = defineLineOfSight(
      testApp({ 'los:ruleProfile': 'statutory', 'los:morningRunTime': '06:30' }),
    ).stateless;
    const environment = other.resolve(
      (other.ingestQueueFunction.node.defaultChild as CfnFunction).environment,
    ) as { variables: Record<string, unknown> };
    expect(environment.variables).toMatchObject({ RULE_PROFILE: 'statutory', MORNING_RUN_TIME: '06:30' });
  });

  it('refuses a council profile file, which the functions cannot load yet, naming the setting', () => {
    expect(() =>
      defineLineOfSight(testApp({ 'los:ruleProfile': 'rules/profiles/example-council.json' })),
    ).toThrow(SettingsError);
    expect(() =>
      defineLineOfSight(testApp({ 'los:ruleProfile': 'rules/profiles/example-council.json' })),
    ).toThrow(
      /^.*\n {2}- los:ruleProfile: a council profile file \(rules\/profiles\/example-council\.json\)/,
    );
  });
});

describe('cdk-nag', () => {
  it('finds nothing to report, with only these findings acknowledged, each with its reason', () => {
    expect(
      report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`)),
    ).toEqual([]);
    // The schedule-run and ses-events dead-letter queues are dead-letter queues (of the scheduler
    // target and of asynchronous invocations); cdk-nag recognises only those named in a redrive policy.
    // No IAM5: the run's Query is on the `due` index's own ARN, the scheduler role invokes the
    // unqualified function only, SES sending names the identity and the configuration set. No SNS2 or
    // SNS3: the topics are encrypted with the data key and refuse requests without TLS.
    expect(acknowledgementsIn(app)).toEqual([
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the scheduler ' +
        'target and of the run function’s asynchronous invocations), which cdk-nag cannot see as no queue ' +
        'names it in a redrive policy.',
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the ses-events ' +
        'function’s asynchronous invocations), which cdk-nag cannot see as no queue names it in a redrive policy.',
    ]);
    const suppressed = report.pluginReports.flatMap((r) =>
      (r.suppressedViolations ?? []).map((v) => [v.ruleName, v.acknowledgedId]),
    );
    expect(suppressed).toEqual([
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
    ]);
  });

  it('finds nothing either with the Teams webhooks secret and an alarm email configured', () => {
    const configured = testApp({
      'los:teamsWebhooksSecret': 'los/teams-webhooks',
      'los:alarmEmail': 'los-admins@council.example.gov.uk',
    });
    defineLineOfSight(configured);
    expect(() => configured.synth()).not.toThrow();
  });

  it('runs on the whole app: findings in this stack and in any other fail synthesis, naming the rules', () => {
    const careless = testApp();
    const { stateless } = defineLineOfSight(careless);
    stateless.ingestHttpFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: [stateless.ingestQueue.queueArn] }),
    );
    const other = new Stack(careless, 'Careless', { env: { region: 'eu-west-2' } });
    new Table(other, 'NoRecovery', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    let message = '';
    try {
      careless.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
    expect(message).toMatch(/AwsSolutions-DDB3/);
  });
});

describe('the scheduled runs', () => {
  const schedule = (name: string) =>
    Object.values(all('AWS::Scheduler::Schedule')).find((r) => r.Properties.Name === name)?.Properties;

  it('run the morning run at 07:00 London time on weekdays, an hourly run half an hour off it, and the weekly run at 07:15 on weekdays', () => {
    expect(schedule('line-of-sight-dev-morning-run')).toMatchObject({
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
    expect(schedule('line-of-sight-dev-hourly-run')).toMatchObject({
      ScheduleExpression: 'cron(30 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
    // Every weekday: the run itself sends only on the first working day of the week.
    expect(schedule('line-of-sight-dev-weekly-run')).toMatchObject({
      ScheduleExpression: 'cron(15 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('follow los:morningRunTime, and never start the two runs together', () => {
    const other = defineLineOfSight(testApp({ 'los:morningRunTime': '06:45' })).stateless;
    const expressions = Object.values(
      Template.fromStack(other).findResources('AWS::Scheduler::Schedule') as Record<string, Resource>,
    ).map((r) => r.Properties.ScheduleExpression);
    expect(expressions.sort()).toEqual([
      'cron(0 7 ? * MON-FRI *)',
      'cron(15 * * * ? *)',
      'cron(45 6 ? * MON-FRI *)',
    ]);
    for (const time of ['00:00', '07:00', '07:30', '23:59']) {
      const { morning, hourlyMinute, weekly } = scheduleTimes(time);
      expect(hourlyMinute).not.toBe(morning.minute);
      expect(weekly.minute).not.toBe(morning.minute);
      expect(weekly.minute).not.toBe(hourlyMinute);
    }
    expect(scheduleTimes('23:50').weekly).toEqual({ hour: '0', minute: '5' });
  });

  it('invoke the schedule-run function with the scheduled time, retrying 3 times within an hour, then the DLQ', () => {
    for (const [name, run] of [
      ['line-of-sight-dev-morning-run', 'morning'],
      ['line-of-sight-dev-hourly-run', 'hourly'],
      ['line-of-sight-dev-weekly-run', 'weekly'],
    ] as const) {
      const target = schedule(name)?.Target as Record<string, unknown>;
      expect(target).toEqual({
        Arn: getAtt(stack.scheduleRunFunction),
        RoleArn: getAtt(stack.schedulerRole),
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: getAtt(stack.scheduleRunDeadLetterQueue) },
      });
      expect(JSON.parse(target.Input as string)).toEqual({
        run,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    }
  });

  it('let Lambda retry a failed run twice within the hour, then record it in the same DLQ', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'ScheduleRunFunction')).toEqual({
      FunctionName: { Ref: idOf(stack.scheduleRunFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(stack.scheduleRunDeadLetterQueue) } },
    });
  });

  it('give the scheduler a role of its own: invoke that function (no version wildcard) and send to the DLQ', () => {
    expect(all('AWS::IAM::Role')[idOf(stack.schedulerRole)]?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(statementsOf(idOf(stack.schedulerRole))).toEqual([
      {
        Sid: 'InvokeScheduleRun',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(stack.scheduleRunFunction),
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(stack.scheduleRunDeadLetterQueue) },
    ]);
  });
});

describe('the schedule-run function', () => {
  it('runs on Node 24 on ARM for up to 5 minutes, told the table, profile, morning run and notices queue', () => {
    expect(one('AWS::Lambda::Function', 'ScheduleRunFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-schedule-run',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 300,
      Environment: {
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          RULE_PROFILE: 'default',
          MORNING_RUN_TIME: '07:00',
          NOTICE_QUEUE_URL: { Ref: idOf(stack.noticeQueue) },
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may Query the due index, the directory’s partition, the recompute marks and case partitions (the ledger), Scan deadline attributes and keep the weekly run’s log (the weekly run), move deadlines’ next actions on, and send notices', () => {
    const statements = statementsOf(idOf(stack.scheduleRunFunction.role as Role));
    expect(byService(statements, 'dynamodb')).toEqual([
      {
        Sid: 'DueIndex',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [statefulOutput('FnGetAttTable'), '/index/due']] },
      },
      {
        Sid: 'NextAction',
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: statefulOutput('FnGetAttTable'),
        // Deadlines live in case partitions; only a next action's attributes may be named, and nothing
        // returned, so no other attribute of any item there can be changed or read.
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': [
              'pk',
              'sk',
              'version',
              'nextActionAt',
              'handledUntil',
              'content',
              'duePk',
              'dueSk',
            ],
          },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      },
      {
        Sid: 'Directory',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['DIRECTORY'] } },
      },
      {
        Sid: 'RecomputeMarks',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['RECOMPUTE'] } },
      },
      {
        Sid: 'WeeklyRuns',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WEEKLY#*'] } },
      },
      {
        Sid: 'Ledger',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: statefulOutput('FnGetAttTable'),
        // Case partitions hold events too: the ledger's attributes only, so an event is never read.
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': [
              'pk',
              'sk',
              'key',
              'caseId',
              'rule',
              'occurrence',
              'stageKey',
              'ladderStep',
              'recipient',
              'as',
              'channel',
              'message',
              'state',
              'claimedAt',
              'sentAt',
              'messageId',
              'failedAt',
              'reason',
            ],
          },
          StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
        },
      },
      {
        Sid: 'WeeklyScan',
        Effect: 'Allow',
        Action: 'dynamodb:Scan',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: {
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': ['sk', 'caseId', 'deadline', 'nextActionAt', 'allocation'],
          },
          StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
        },
      },
    ]);
    expect(byService(statements, 'kms')).toEqual([
      expect.objectContaining({
        Sid: 'TableKey',
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' } },
      }),
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: getAtt(stack.scheduleRunDeadLetterQueue),
      },
      { Sid: 'NoticeQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(stack.noticeQueue) },
    ]);
    expect(byService(statements, 'logs')).toHaveLength(1);
    expect(statements).toHaveLength(11);
  });

  it.each([
    ['DirectoryGaps', 'directory-gaps', 'gaps'],
    ['AwaitingRecompute', 'awaiting-recompute', 'awaitingRecompute'],
    ['WeeklySummaryLate', 'weekly-summary-late', 'late'],
  ])('has %s counted from its summary line, with an alarm when a run met any', (metric, slug, field) => {
    expect(one('AWS::Logs::MetricFilter', metric)).toEqual({
      FilterName: `line-of-sight-dev-${slug}`,
      LogGroupName: { Ref: expect.stringMatching(/^ScheduleRunFunctionLogs/) },
      FilterPattern: `{ ($.message = "scheduled run finished") && ($.${field} > 0) }`,
      MetricTransformations: [
        { MetricNamespace: 'LineOfSight/dev', MetricName: metric, MetricValue: `$.${field}` },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `line-of-sight-dev-${slug}`,
      Namespace: 'LineOfSight/dev',
      MetricName: metric,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('the notices queue', () => {
  it('moves a notice the notifier failed 5 times to its dead-letter queue, kept 14 days', () => {
    expect(one('AWS::SQS::Queue', 'NoticeQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-notices',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: getAtt(stack.noticeDeadLetterQueue), maxReceiveCount: 5 },
    });
    expect(one('AWS::SQS::Queue', 'NoticeDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-notices-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('hides a message in flight for 6 times the notifier’s timeout', () => {
    const { VisibilityTimeout } = one('AWS::SQS::Queue', 'NoticeQueue') as { VisibilityTimeout: number };
    const { Timeout } = one('AWS::Lambda::Function', 'NotifyFunction') as { Timeout: number };
    expect(VisibilityTimeout).toBeGreaterThanOrEqual(6 * Timeout);
  });

  it('has alarms on its dead letters, its backlog, failed runs and run errors', () => {
    const deadLetters = (name: string, queue: { node: { defaultChild?: unknown } }) =>
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: name,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
    deadLetters('line-of-sight-dev-notice-dead-letters', stack.noticeDeadLetterQueue);
    deadLetters('line-of-sight-dev-schedule-run-failed', stack.scheduleRunDeadLetterQueue);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-notice-backlog',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(stack.noticeQueue, 'QueueName') }],
      Threshold: 1800,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-schedule-run-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack.scheduleRunFunction) } }],
      Threshold: 0,
    });
  });
});

describe('the notifier', () => {
  it('runs on Node 24 on ARM for up to a minute, told the table, the case link, the sender and the configuration set', () => {
    expect(one('AWS::Lambda::Function', 'NotifyFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-notify',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      Environment: {
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-notify',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
          CASE_LINK_TEMPLATE: 'https://cases.council.example.gov.uk/cases/{caseId}',
          SENDER_ADDRESS: 'line-of-sight@council.example.gov.uk',
          SES_CONFIGURATION_SET: { Ref: idOf(stack.configurationSet) },
        },
      },
    });
    // No Teams webhooks secret is named in cdk.json: the notifier is told none.
    const { Environment } = one('AWS::Lambda::Function', 'NotifyFunction') as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(Environment.Variables).not.toHaveProperty('TEAMS_WEBHOOKS_SECRET');
  });

  it('reads the notices queue 5 at a time, 2 batches at once, reporting failed messages one by one', () => {
    expect(one('AWS::Lambda::EventSourceMapping', 'NotifyFunction')).toEqual({
      EventSourceArn: getAtt(stack.noticeQueue),
      FunctionName: { Ref: idOf(stack.notifyFunction) },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
      Tags: expect.any(Array),
    });
  });

  it('may claim and mark notices in the table, consume the notices queue, and send as the SES identity only', () => {
    const statements = statementsOf(idOf(stack.notifyFunction.role as Role));
    expect(byService(statements, 'dynamodb')).toEqual([
      {
        Sid: 'Table',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'SUMMARY#*'] } },
      },
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:ReceiveMessage']),
        Resource: getAtt(stack.noticeQueue),
      }),
    ]);
    const sesArn = (resource: unknown) => ({
      'Fn::Join': ['', ['arn:aws:ses:eu-west-2:', { Ref: 'AWS::AccountId' }, ...[resource].flat()]],
    });
    expect(byService(statements, 'ses')).toEqual([
      // As the identity, from los:senderAddress only: never another address of the verified domain.
      {
        Sid: 'SendEmail',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: sesArn(':identity/council.example.gov.uk'),
        Condition: { StringEquals: { 'ses:FromAddress': 'line-of-sight@council.example.gov.uk' } },
      },
      {
        Sid: 'SendEmailConfigurationSet',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: sesArn([':configuration-set/', { Ref: idOf(stack.configurationSet) }]),
      },
    ]);
    // No Teams webhooks secret is named in cdk.json: none may be read.
    expect(byService(statements, 'secretsmanager')).toEqual([]);
    expect(statements).toHaveLength(6);
  });

  it('sends as los:sesIdentity when it is set', () => {
    const other = defineLineOfSight(
      testApp({ 'los:sesIdentity': 'line-of-sight@council.example.gov.uk' }),
    ).stateless;
    const text = JSON.stringify(Template.fromStack(other).findResources('AWS::IAM::Policy'));
    expect(text).toContain(':identity/line-of-sight@council.example.gov.uk"');
    expect(text).not.toContain(':identity/council.example.gov.uk"');
  });

  it('sends from los:senderAddress only, whichever address it is', () => {
    const other = defineLineOfSight(
      testApp({ 'los:senderAddress': 'alerts@council.example.gov.uk' }),
    ).stateless;
    const policies = Template.fromStack(other).findResources('AWS::IAM::Policy') as Record<string, Resource>;
    const sends = Object.values(policies)
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => statement.Sid === 'SendEmail');
    expect(sends.map((statement) => statement.Condition)).toEqual([
      { StringEquals: { 'ses:FromAddress': 'alerts@council.example.gov.uk' } },
    ]);
  });

  it('alone may read the one Teams webhooks secret named in los:teamsWebhooksSecret, and is told its name', () => {
    const other = defineLineOfSight(testApp({ 'los:teamsWebhooksSecret': 'los/teams-webhooks' })).stateless;
    const policies = Template.fromStack(other).findResources('AWS::IAM::Policy') as Record<string, Resource>;
    const readers = Object.entries(policies).filter(([, policy]) =>
      JSON.stringify(policy).includes('secretsmanager:'),
    );
    expect(readers.map(([, policy]) => policy.Properties.Roles)).toEqual([
      [{ Ref: other.getLogicalId(other.notifyFunction.role?.node.defaultChild as CfnElement) }],
    ]);
    const [[, notifierPolicy]] = readers as [[string, Resource]];
    const secrets = byService(
      (notifierPolicy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      'secretsmanager',
    );
    const secretArn = (name: string) => ({
      'Fn::Join': [
        '',
        ['arn:aws:secretsmanager:eu-west-2:', { Ref: 'AWS::AccountId' }, `:secret:${name}-??????`],
      ],
    });
    expect(secrets).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: secretArn('los/teams-webhooks'),
      },
    ]);
    const environment = other.resolve(
      (other.notifyFunction.node.defaultChild as CfnFunction).environment,
    ) as {
      variables: Record<string, unknown>;
    };
    expect(environment.variables).toMatchObject({ TEAMS_WEBHOOKS_SECRET: 'los/teams-webhooks' });
  });

  it('has an alarm on its crashes and timeouts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-notify-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack.notifyFunction) } }],
      Threshold: 0,
    });
  });
});

describe('SES', () => {
  it('sends through a configuration set: sending on, reputation metrics, suppression, TLS required', () => {
    expect(one('AWS::SES::ConfigurationSet')).toMatchObject({
      Name: 'line-of-sight-dev',
      SendingOptions: { SendingEnabled: true },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('reports bounces and complaints (and rejections and delays) to the SES-events topic', () => {
    expect(one('AWS::SES::ConfigurationSetEventDestination')).toEqual({
      ConfigurationSetName: { Ref: idOf(stack.configurationSet) },
      EventDestination: {
        Name: 'bounces-and-complaints',
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'deliveryDelay'],
        SnsDestination: { TopicARN: { Ref: idOf(stack.sesEventTopic) } },
      },
    });
  });

  it('lets SES publish to that topic for this configuration set only', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: idOf(stack.sesEventTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: {
                'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                'AWS:SourceArn': Match.objectLike({
                  'Fn::Join': [
                    '',
                    Match.arrayWith([':configuration-set/', { Ref: idOf(stack.configurationSet) }]),
                  ],
                }),
              },
            },
          }),
        ]),
      },
    });
  });

  it('delivers the topic to the ses-events function, which alone marks addresses in the directory', () => {
    expect(one('AWS::SNS::Subscription')).toEqual({
      Protocol: 'lambda',
      TopicArn: { Ref: idOf(stack.sesEventTopic) },
      Endpoint: getAtt(stack.sesEventsFunction),
    });
    expect(one('AWS::Lambda::Function', 'SesEventsFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-ses-events',
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-ses-events',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    const statements = statementsOf(idOf(stack.sesEventsFunction.role as Role));
    expect(byService(statements, 'dynamodb')).toEqual([
      {
        Sid: 'Directory',
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['DIRECTORY'] } },
      },
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      expect.objectContaining({ Resource: getAtt(stack.sesEventsDeadLetterQueue) }),
    ]);
    expect(statements).toHaveLength(4);
  });

  it('lets SNS invoke the function for that topic only', () => {
    expect(one('AWS::Lambda::Permission', 'SesEventsFunction')).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(stack.sesEventsFunction),
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: idOf(stack.sesEventTopic) },
    });
  });

  it('retries a failed invocation twice within the hour, then records it in a dead-letter queue with an alarm', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'SesEventsFunction')).toEqual({
      FunctionName: { Ref: idOf(stack.sesEventsFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(stack.sesEventsDeadLetterQueue) } },
    });
    expect(one('AWS::SQS::Queue', 'SesEventsDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ses-events-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ses-events-failed',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(stack.sesEventsDeadLetterQueue, 'QueueName') }],
      Threshold: 0,
    });
  });
});

describe('the topics and the alarms', () => {
  it('encrypt both topics with the data key and refuse requests without TLS', () => {
    for (const topic of [stack.alarmTopic, stack.sesEventTopic]) {
      expect(all('AWS::SNS::Topic')[idOf(topic)]?.Properties.KmsMasterKeyId).toEqual(
        statefulOutput('FnGetAttDataKey'),
      );
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: idOf(topic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
    // The key is the stateful stack's: this stack has none of its own to pay for.
    expect(all('AWS::KMS::Key')).toEqual({});
  });

  it('are named as the data key’s policy names them', () => {
    expect(all('AWS::SNS::Topic')[idOf(stack.alarmTopic)]?.Properties.TopicName).toBe(
      'line-of-sight-dev-alarms',
    );
    expect(all('AWS::SNS::Topic')[idOf(stack.sesEventTopic)]?.Properties.TopicName).toBe(
      'line-of-sight-dev-ses-events',
    );
  });

  it('let this environment’s alarms publish to the alarms topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: idOf(stack.alarmTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: idOf(stack.alarmTopic) },
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:aws:cloudwatch:eu-west-2:',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:line-of-sight-dev-*',
                    ],
                  ],
                },
              },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ]),
      },
    });
  });

  it('send every alarm to the alarms topic', () => {
    const alarms = Object.values(all('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.AlarmName).sort()).toEqual(
      [
        'awaiting-recompute',
        'case-problems',
        'directory-gaps',
        'ingest-api-5xx',
        'ingest-backlog',
        'ingest-dead-letters',
        'notice-backlog',
        'notice-dead-letters',
        'notify-errors',
        'rejected-events',
        'schedule-run-errors',
        'schedule-run-failed',
        'ses-events-failed',
        'weekly-summary-late',
      ].map((name) => `line-of-sight-dev-${name}`),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: idOf(stack.alarmTopic) }]);
    }
  });

  it('email the alarms to los:alarmEmail when it is set, and to nobody by default', () => {
    expect(Object.values(all('AWS::SNS::Subscription')).map((s) => s.Properties.Protocol)).toEqual([
      'lambda',
    ]);
    const other = defineLineOfSight(
      testApp({ 'los:alarmEmail': 'los-admins@council.example.gov.uk' }),
    ).stateless;
    Template.fromStack(other).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'los-admins@council.example.gov.uk',
      TopicArn: { Ref: other.getLogicalId(other.alarmTopic.node.defaultChild as CfnElement) },
    });
  });
});

describe('least privilege across the functions', () => {
  const functionRoles = () =>
    [
      stack.ingestQueueFunction,
      stack.ingestHttpFunction,
      stack.scheduleRunFunction,
      stack.notifyFunction,
      stack.sesEventsFunction,
    ].map((fn) => [fn.node.id, statementsOf(idOf(fn.role as Role))] as const);

  it('lets no function BatchWrite the table, nor touch anything in another service unasked, and only the weekly run Scan it', () => {
    for (const [id, statements] of functionRoles()) {
      const actions = statements.flatMap(actionsOf);
      expect(actions.filter((a) => /Batch|Transact|PartiQL/.test(a))).toEqual([]);
      // The weekly summary's read of every deadline, held to the deadline items' attributes.
      const scans = statements.filter((s) => actionsOf(s).some((a) => /Scan/.test(a)));
      expect(scans.map((s) => [id, s.Sid, s.Condition !== undefined])).toEqual(
        id === 'ScheduleRunFunction' ? [[id, 'WeeklyScan', true]] : [],
      );
      const services = new Set(actions.map((a) => a.split(':')[0]));
      expect(
        [...services].every((service) =>
          ['logs', 'dynamodb', 'kms', 'sqs', 'ses', 'secretsmanager'].includes(service as string),
        ),
      ).toBe(true);
    }
  });

  it('lets only the notifier send email, and only the run and the ses-events function read the directory', () => {
    const holders = (test: (statement: Statement) => boolean) =>
      functionRoles()
        .filter(([, statements]) => statements.some(test))
        .map(([id]) => id);
    expect(holders((s) => actionsOf(s).includes('ses:SendEmail'))).toEqual(['NotifyFunction']);
    expect(holders((s) => s.Sid === 'Directory')).toEqual(['ScheduleRunFunction', 'SesEventsFunction']);
  });
});
