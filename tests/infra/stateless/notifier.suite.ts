/**
 * The notifier (`infra/stateless/notifier.ts`): the notices queue and its dead letters, how the notify
 * function reads it, and what it may do: claim and mark notices, send as the SES identity from the
 * sender address only, and read the Teams webhooks secret when one is named.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../../infra/line-of-sight.ts';
import type { Notifier } from '../../../infra/stateless/notifier.ts';
import type { SesFeedback } from '../../../infra/stateless/ses-feedback.ts';
import { testApp } from '../cdk-app.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import {
  byService,
  getAtt,
  idOf,
  one,
  type Resource,
  type Statement,
  statefulOutput,
  statelessStack,
  statementsOf,
} from './template.ts';

let notifier: Notifier;
let sesFeedback: SesFeedback;

beforeAll(() => {
  ({ notifier, sesFeedback } = statelessStack());
}, SYNTHESIS_TIMEOUT);

describe('the notices queue', () => {
  it('moves a notice the notifier failed 5 times to its dead-letter queue, kept 14 days', () => {
    expect(one('AWS::SQS::Queue', 'NoticeQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-notices',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: getAtt(notifier.deadLetterQueue), maxReceiveCount: 5 },
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
          // The identity SES must have verified: its refusals name it, and los doctor asks SES about it.
          SES_IDENTITY: 'council.example.gov.uk',
          SES_CONFIGURATION_SET: { Ref: idOf(sesFeedback.configurationSet) },
          // Whose calendar "in 3 working days" counts over.
          RULE_PROFILE: 'default',
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
      EventSourceArn: getAtt(notifier.queue),
      FunctionName: { Ref: idOf(notifier.notifyFunction) },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
      Tags: expect.any(Array),
    });
  });

  it('may claim and mark notices in the table, consume the notices queue, and send as the SES identity only', () => {
    const statements = statementsOf(idOf(notifier.notifyFunction.role as Role));
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
        Resource: getAtt(notifier.queue),
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
        Resource: sesArn([':configuration-set/', { Ref: idOf(sesFeedback.configurationSet) }]),
      },
    ]);
    // No Teams webhooks secret is named in cdk.json: none may be read. (And `notice.sent` events on the
    // deadlines bus: see deadline-events.suite.ts.)
    expect(byService(statements, 'secretsmanager')).toEqual([]);
    expect(statements).toHaveLength(7);
  });

  it('sends as los:sesIdentity when it is set, and is told which identity that is', () => {
    const other = defineLineOfSight(
      testApp({ 'los:sesIdentity': 'line-of-sight@council.example.gov.uk' }),
    ).stateless;
    const template = Template.fromStack(other);
    const text = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(text).toContain(':identity/line-of-sight@council.example.gov.uk"');
    expect(text).not.toContain(':identity/council.example.gov.uk"');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'line-of-sight-dev-notify',
      Environment: { Variables: Match.objectLike({ SES_IDENTITY: 'line-of-sight@council.example.gov.uk' }) },
    });
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
      [{ Ref: other.getLogicalId(other.notifier.notifyFunction.role?.node.defaultChild as CfnElement) }],
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
      (other.notifier.notifyFunction.node.defaultChild as CfnFunction).environment,
    ) as {
      variables: Record<string, unknown>;
    };
    expect(environment.variables).toMatchObject({ TEAMS_WEBHOOKS_SECRET: 'los/teams-webhooks' });
  });
});
