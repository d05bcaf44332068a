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
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import { SettingsError } from '../../infra/settings.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import { type StatelessStack, scheduleTimes } from '../../infra/stateless-stack.ts';
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

describe('the stateless stack', () => {
  it('holds the queues, the functions, the rule, the API, the alarms and the sender policy', () => {
    const counts: Record<string, number> = {};
    for (const { Type } of Object.values(template.toJSON().Resources as Record<string, { Type: string }>)) {
      if (Type !== 'AWS::CDK::Metadata') counts[Type] = (counts[Type] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'AWS::ApiGatewayV2::Api': 1,
      'AWS::ApiGatewayV2::Integration': 1,
      'AWS::ApiGatewayV2::Route': 1,
      'AWS::ApiGatewayV2::Stage': 1,
      'AWS::CloudWatch::Alarm': 6,
      'AWS::Events::Rule': 1,
      'AWS::IAM::ManagedPolicy': 1,
      'AWS::IAM::Policy': 4,
      'AWS::IAM::Role': 4,
      'AWS::Lambda::EventInvokeConfig': 1,
      'AWS::Lambda::EventSourceMapping': 1,
      'AWS::Lambda::Function': 3,
      'AWS::Lambda::Permission': 1,
      'AWS::Logs::LogGroup': 4,
      'AWS::SQS::Queue': 5,
      'AWS::SQS::QueuePolicy': 5,
      'AWS::Scheduler::Schedule': 2,
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

  it('outputs the queue URLs and ARNs (for a redrive), the endpoint and the sender policy', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'EventSenderPolicyArn',
      'IngestApiEndpoint',
      'IngestDeadLetterQueueArn',
      'IngestDeadLetterQueueUrl',
      'IngestQueueArn',
      'IngestQueueUrl',
      'IntentDeadLetterQueueUrl',
      'IntentQueueUrl',
      'ScheduleRunDeadLetterQueueUrl',
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
    expect(one('AWS::Lambda::EventSourceMapping')).toEqual({
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
      stack.intentQueue,
      stack.intentDeadLetterQueue,
      stack.scheduleRunDeadLetterQueue,
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
    const permission = one('AWS::Lambda::Permission');
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

      expect(byService('dynamodb')).toEqual([
        {
          Sid: 'Table',
          Effect: 'Allow',
          Action: [
            'dynamodb:DeleteItem',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Query',
            'dynamodb:UpdateItem',
          ],
          Resource: statefulOutput('FnGetAttTable'),
        },
      ]);
      const [table] = byService('dynamodb');
      expect(JSON.stringify(table?.Resource)).not.toContain('index');

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
    // The schedule-run dead-letter queue is a dead-letter queue (of the scheduler target and of the
    // function's asynchronous invocations); cdk-nag recognises only those named in a redrive policy.
    // No IAM5: the run's Query is on the `due` index's own ARN, and the scheduler role invokes the
    // unqualified function only.
    expect(acknowledgementsIn(app)).toEqual([
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the scheduler ' +
        'target and of the run function’s asynchronous invocations), which cdk-nag cannot see as no queue ' +
        'names it in a redrive policy.',
    ]);
    const suppressed = report.pluginReports.flatMap((r) =>
      (r.suppressedViolations ?? []).map((v) => [v.ruleName, v.acknowledgedId]),
    );
    expect(suppressed).toEqual([['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3']]);
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

  it('run the morning run at 07:00 London time on weekdays, and an hourly run half an hour off it', () => {
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
  });

  it('follow los:morningRunTime, and never start the two runs together', () => {
    const other = defineLineOfSight(testApp({ 'los:morningRunTime': '06:45' })).stateless;
    const expressions = Object.values(
      Template.fromStack(other).findResources('AWS::Scheduler::Schedule') as Record<string, Resource>,
    ).map((r) => r.Properties.ScheduleExpression);
    expect(expressions.sort()).toEqual(['cron(15 * * * ? *)', 'cron(45 6 ? * MON-FRI *)']);
    for (const time of ['00:00', '07:00', '07:30', '23:59']) {
      const { morning, hourlyMinute } = scheduleTimes(time);
      expect(hourlyMinute).not.toBe(morning.minute);
    }
  });

  it('invoke the schedule-run function with the scheduled time, retrying 3 times within an hour, then the DLQ', () => {
    for (const [name, run] of [
      ['line-of-sight-dev-morning-run', 'morning'],
      ['line-of-sight-dev-hourly-run', 'hourly'],
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
    expect(one('AWS::Lambda::EventInvokeConfig')).toEqual({
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
  it('runs on Node 24 on ARM for up to 5 minutes, told the table, profile, morning run and intents queue', () => {
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
          INTENT_QUEUE_URL: { Ref: idOf(stack.intentQueue) },
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may Query the due index only, UpdateItem the table only, and SendMessage to the intents queue', () => {
    const statements = statementsOf(idOf(stack.scheduleRunFunction.role as Role));
    const byService = (service: string) =>
      statements.filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));
    expect(byService('dynamodb')).toEqual([
      {
        Sid: 'DueIndex',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [statefulOutput('FnGetAttTable'), '/index/due']] },
      },
      {
        Sid: 'Table',
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: statefulOutput('FnGetAttTable'),
      },
    ]);
    expect(byService('kms')).toEqual([
      expect.objectContaining({
        Sid: 'TableKey',
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' } },
      }),
    ]);
    expect(byService('sqs')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: getAtt(stack.scheduleRunDeadLetterQueue),
      },
      { Sid: 'IntentQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(stack.intentQueue) },
    ]);
    expect(byService('logs')).toHaveLength(1);
    expect(statements).toHaveLength(6);
  });
});

describe('the intents queue', () => {
  it('moves an intent the notifier failed 5 times to its dead-letter queue, kept 14 days', () => {
    expect(one('AWS::SQS::Queue', 'IntentQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-intents',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: getAtt(stack.intentDeadLetterQueue), maxReceiveCount: 5 },
    });
    expect(one('AWS::SQS::Queue', 'IntentDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-intents-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('has alarms on its dead letters, on failed runs and on run errors', () => {
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
    deadLetters('line-of-sight-dev-intent-dead-letters', stack.intentDeadLetterQueue);
    deadLetters('line-of-sight-dev-schedule-run-failed', stack.scheduleRunDeadLetterQueue);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-schedule-run-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack.scheduleRunFunction) } }],
      Threshold: 0,
    });
  });
});
