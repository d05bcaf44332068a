/**
 * Ingest (`infra/stateless/ingest.ts`): the functions run the tested code and read the queue with
 * partial batch responses, the queue retries and then keeps dead letters, only the case-event rule
 * feeds it, and the only route is IAM-authorised; the sender policy allows sending and nothing else.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ingest } from '../../../infra/stateless/ingest.ts';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import {
  actionsOf,
  all,
  getAtt,
  idOf,
  one,
  type Resource,
  type Statement,
  statefulOutput,
  statelessStack,
  statelessTemplate,
  statementsOf,
} from './template.ts';

let stack: StatelessStack;
let template: Template;
let ingest: Ingest;

beforeAll(() => {
  stack = statelessStack();
  template = statelessTemplate();
  ({ ingest } = stack);
}, SYNTHESIS_TIMEOUT);

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

  it('read the queue in batches of 10 and report failed messages one by one', () => {
    expect(one('AWS::Lambda::EventSourceMapping', 'IngestQueueFunction')).toEqual({
      EventSourceArn: getAtt(ingest.queue),
      FunctionName: { Ref: idOf(ingest.queueFunction) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
      Tags: expect.any(Array),
    });
  });
});

describe('the ingest queues', () => {
  it('retry a message 5 times, then move it to the dead-letter queue', () => {
    expect(one('AWS::SQS::Queue', 'IngestQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ingest',
      RedrivePolicy: { deadLetterTargetArn: getAtt(ingest.deadLetterQueue), maxReceiveCount: 5 },
    });
  });

  it('hide a message in flight for 6 times the function timeout', () => {
    const { VisibilityTimeout } = one('AWS::SQS::Queue', 'IngestQueue') as { VisibilityTimeout: number };
    const { Timeout } = one('AWS::Lambda::Function', 'IngestQueueFunction') as { Timeout: number };
    expect(VisibilityTimeout).toBeGreaterThanOrEqual(6 * Timeout);
  });

  it('let EventBridge send only from the case-event rule', () => {
    for (const queue of [ingest.queue, ingest.deadLetterQueue]) {
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
        Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ingest.caseEventRule) } },
      });
      expect(actionsOf(allow as Statement)).toContain('sqs:SendMessage');
    }
  });

  it('keep the id of EventBridge’s statement on the dead-letter queue it was first deployed with', () => {
    // CDK makes it from the rule's path, which moved into the ingest section.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: idOf(ingest.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowEventRuleStatelessCaseEventRuleCD826BC0',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});

describe('the case-event rule', () => {
  it('matches detail-type case-event from any source on the case-event bus', () => {
    expect(one('AWS::Events::Rule', 'CaseEventRule')).toMatchObject({
      Name: 'line-of-sight-dev-ingest-case-events',
      EventBusName: statefulOutput('RefCaseEventBus'),
      EventPattern: { 'detail-type': ['case-event'] },
      State: 'ENABLED',
    });
    expect(Object.keys(one('AWS::Events::Rule', 'CaseEventRule').EventPattern as object)).toEqual([
      'detail-type',
    ]);
  });

  it('targets the ingest queue, with the dead-letter queue for what it cannot deliver', () => {
    expect(one('AWS::Events::Rule', 'CaseEventRule').Targets).toEqual([
      {
        Id: expect.any(String),
        Arn: getAtt(ingest.queue),
        DeadLetterConfig: { Arn: getAtt(ingest.deadLetterQueue) },
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
      IntegrationUri: getAtt(ingest.httpFunction),
      PayloadFormatVersion: '2.0',
    });
  });

  it('lets API Gateway invoke the function for that route only', () => {
    const permission = one('AWS::Lambda::Permission', 'IngestApi');
    expect(permission).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: getAtt(ingest.httpFunction),
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
  it('lets only the queue function consume the ingest queue, and nothing else touch SQS', () => {
    const queueFnRole = stack.getLogicalId(ingest.queueFunction.role?.node.defaultChild as CfnElement);
    const httpFnRole = stack.getLogicalId(ingest.httpFunction.role?.node.defaultChild as CfnElement);
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
        Resource: getAtt(ingest.queue),
      },
    ]);
    expect(sqs(httpFnRole)).toEqual([]);
  });

  it('offers a sender policy: PutEvents on the bus, and invoking POST /events only', () => {
    expect(one('AWS::IAM::ManagedPolicy', 'EventSenderPolicy')).toMatchObject({
      ManagedPolicyName: 'line-of-sight-dev-case-event-sender',
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'events:PutEvents', Resource: statefulOutput('FnGetAttCaseEventBus') },
          { Effect: 'Allow', Action: 'execute-api:Invoke' },
        ],
      },
    });
    const [, invoke] = (
      one('AWS::IAM::ManagedPolicy', 'EventSenderPolicy').PolicyDocument as { Statement: Statement[] }
    ).Statement;
    expect(JSON.stringify(invoke?.Resource)).toMatch(/\/\$default\/POST\/events"/);
  });
});
