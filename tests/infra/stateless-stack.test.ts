/**
 * The stateless stack's template: what it holds and reads from the stateful stack, what it outputs, and
 * what holds across it (no wildcard in IAM, nothing added to the stateful key, cdk-nag finding nothing
 * without acknowledgements). What each of its sections does is checked in `stateless/<section>.suite.ts`,
 * beside the section's module in `infra/stateless/`.
 *
 * Every suite of the folder that reads the app as deployed runs from this file, the stateful stack's
 * (`stateful-stack.suite.ts`) too, so that the app is synthesised once for them (`synth.ts`, bundling
 * skipped): each test file runs in a process of its own, and the first synthesis in a process takes
 * seconds.
 */
import { type App, type CfnElement, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';
import { testApp } from './cdk-app.ts';
import { filesUnder } from './stateless/import-bucket.ts';
import { actionsOf, all, getAtt, idOf, type Statement } from './stateless/template.ts';
import { acknowledgementsIn, lineOfSight, SYNTHESIS_TIMEOUT, type ValidationReport } from './synth.ts';
import './logical-ids.suite.ts';
import './names.suite.ts';
import './stateful-stack.suite.ts';
import './stateless/alarms.suite.ts';
import './stateless/deadline-events.suite.ts';
import './stateless/directory-loader.suite.ts';
import './stateless/function-defaults.suite.ts';
import './stateless/import-loader.suite.ts';
import './stateless/ingest.suite.ts';
import './stateless/notifier.suite.ts';
import './stateless/queues.suite.ts';
import './stateless/scheduled-runs.suite.ts';
import './stateless/ses-feedback.suite.ts';
import './stateless/table-grants.suite.ts';
import './topics.suite.ts';

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
}, SYNTHESIS_TIMEOUT);

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
      'AWS::CloudWatch::Alarm': 20,
      'AWS::Events::Rule': 3,
      'AWS::IAM::ManagedPolicy': 3,
      'AWS::IAM::Policy': 8,
      'AWS::IAM::Role': 8,
      'AWS::Lambda::EventInvokeConfig': 4,
      'AWS::Lambda::EventSourceMapping': 2,
      'AWS::Lambda::Function': 7,
      'AWS::Lambda::Permission': 4,
      'AWS::Logs::LogGroup': 8,
      'AWS::Logs::MetricFilter': 12,
      'AWS::SES::ConfigurationSet': 1,
      'AWS::SES::ConfigurationSetEventDestination': 1,
      'AWS::SNS::Subscription': 1,
      'AWS::SNS::Topic': 2,
      'AWS::SNS::TopicPolicy': 2,
      'AWS::SQS::Queue': 8,
      'AWS::SQS::QueuePolicy': 8,
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

  it('reads only the table, the key and the two buses from the stateful stack, by its outputs', () => {
    const text = JSON.stringify(template.toJSON());
    // Every value from another stack comes through Fn::GetStackOutput of the stateful stack…
    expect(text).not.toMatch(/Fn::ImportValue/);
    const read = new Set([...text.matchAll(/"OutputName":"(PublishOutput[A-Za-z0-9]+)"/g)].map((m) => m[1]));
    const stackNames = new Set([...text.matchAll(/"StackName":"([^"]+)"/g)].map((m) => m[1]));
    expect([...stackNames]).toEqual(['line-of-sight-dev-stateful']);
    // …and names one of these values.
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
        { Ref: logicalId(stateful.deadlineEventBus) },
        { 'Fn::GetAtt': [logicalId(stateful.deadlineEventBus), 'Arn'] },
      ]
        .map((value) => JSON.stringify(value))
        .sort(),
    );
  });

  it('outputs the queue URLs and ARNs (for a redrive), the endpoint, the sender policy, SES and alarms', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'DirectoryLoaderDeadLetterQueueUrl',
      'DirectoryUploaderPolicyArn',
      'EventSenderPolicyArn',
      'ImportLoaderDeadLetterQueueUrl',
      'ImportUploaderPolicyArn',
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
    template.hasOutput('IngestQueueUrl', { Value: { Ref: idOf(stack.ingest.queue) } });
    template.hasOutput('IngestDeadLetterQueueUrl', { Value: { Ref: idOf(stack.ingest.deadLetterQueue) } });
    template.hasOutput('IngestApiEndpoint', {
      Value: { 'Fn::Join': ['', [getAtt(stack.ingest.api, 'ApiEndpoint'), '/events']] },
    });
  });
});

describe('IAM', () => {
  const iamStatements = () =>
    [...Object.values(all('AWS::IAM::Policy')), ...Object.values(all('AWS::IAM::ManagedPolicy'))].flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );

  it('grants no wildcard action and no wildcard resource but the import bucket’s directory/ and imports/ files', () => {
    // Dropped files are named by whoever drops them: each loader reads, and its uploader writes, any
    // key under its prefix (an acknowledged IAM5, below), and nothing else of the bucket.
    const dropped = [filesUnder('directory/'), filesUnder('imports/')].map((files) => JSON.stringify(files));
    for (const statement of iamStatements()) {
      expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
      const resource = JSON.stringify(statement.Resource);
      if (!dropped.includes(resource)) expect(resource).not.toContain('*');
    }
  });

  it('adds nothing to the stateful key’s policy', () => {
    const keyPolicy = lineOfSight().templates.stateful.findResources('AWS::KMS::Key');
    expect(JSON.stringify(keyPolicy)).not.toMatch(/Stateless|lambda|Ingest/);
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
    // SNS3: the topics are encrypted with the data key and refuse requests without TLS. (In the order
    // of the stack's sections: SES feedback, the scheduled runs, the directory loader, the import
    // loader.) The loaders' IAM5: each function reads, and its uploader's policy writes, any key under
    // its prefix (directory/, imports/).
    expect(acknowledgementsIn(app)).toEqual([
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the ses-events ' +
        'function’s asynchronous invocations), which cdk-nag cannot see as no queue names it in a redrive policy.',
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the scheduler ' +
        'target and of the run function’s asynchronous invocations), which cdk-nag cannot see as no queue ' +
        'names it in a redrive policy.',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::line-of-sight-dev-imports-<AWS::AccountId>/directory/*]: ' +
        'Staff directory files are named by whoever drops them: the grant is every key under directory/ of ' +
        'the import bucket, nothing else of it.',
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the directory rule’s ' +
        'target and of the loader function’s asynchronous invocations), which cdk-nag cannot see as no queue ' +
        'names it in a redrive policy.',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::line-of-sight-dev-imports-<AWS::AccountId>/imports/*]: ' +
        'Extracts for import are named by whoever drops them: the grant is every key under imports/ of ' +
        'the import bucket, nothing else of it.',
      'AwsSolutions::AwsSolutions-SQS3: This queue is itself a dead-letter queue (of the import rule’s ' +
        'target and of the loader function’s asynchronous invocations), which cdk-nag cannot see as no queue ' +
        'names it in a redrive policy.',
    ]);
    const suppressed = report.pluginReports.flatMap((r) =>
      (r.suppressedViolations ?? []).map((v) => [v.ruleName, v.acknowledgedId]),
    );
    const filesUnder = (prefix: string) =>
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::line-of-sight-dev-imports-<AWS::AccountId>/${prefix}*]`;
    expect(suppressed).toEqual([
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
      ['AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-SQS3'],
      [filesUnder('directory/').replace('AwsSolutions::', ''), filesUnder('directory/')],
      [filesUnder('imports/').replace('AwsSolutions::', ''), filesUnder('imports/')],
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
    stateless.ingest.httpFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: [stateless.ingest.queue.queueArn] }),
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
