/**
 * SES feedback (`infra/stateless/ses-feedback.ts`): the configuration set every email goes through, its
 * report of bounces and complaints to the SES-events topic, and the ses-events function that reads it,
 * retried and then recorded in a dead-letter queue.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SesFeedback } from '../../../infra/stateless/ses-feedback.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import {
  byService,
  getAtt,
  idOf,
  one,
  statefulOutput,
  statelessStack,
  statelessTemplate,
  statementsOf,
} from './template.ts';

let template: Template;
let sesFeedback: SesFeedback;

beforeAll(() => {
  template = statelessTemplate();
  ({ sesFeedback } = statelessStack());
}, SYNTHESIS_TIMEOUT);

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
      ConfigurationSetName: { Ref: idOf(sesFeedback.configurationSet) },
      EventDestination: {
        Name: 'bounces-and-complaints',
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'deliveryDelay'],
        SnsDestination: { TopicARN: { Ref: idOf(sesFeedback.topic) } },
      },
    });
  });

  it('lets SES publish to that topic for this configuration set only', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: idOf(sesFeedback.topic) }],
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
                    Match.arrayWith([':configuration-set/', { Ref: idOf(sesFeedback.configurationSet) }]),
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
      TopicArn: { Ref: idOf(sesFeedback.topic) },
      Endpoint: getAtt(sesFeedback.eventsFunction),
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
    const statements = statementsOf(idOf(sesFeedback.eventsFunction.role as Role));
    expect(byService(statements, 'dynamodb')).toEqual([
      {
        Sid: 'Directory',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: statefulOutput('FnGetAttTable'),
        // The pointer's partition and the versions'.
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY', 'DIRECTORY#*'] } },
      },
      // Marks in a version's partition only: never the pointer, which would switch the directory.
      {
        Sid: 'DirectoryMarks',
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY#*'] } },
      },
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      expect.objectContaining({ Resource: getAtt(sesFeedback.deadLetterQueue) }),
    ]);
    expect(statements).toHaveLength(5);
  });

  it('lets SNS invoke the function for that topic only', () => {
    expect(one('AWS::Lambda::Permission', 'SesEventsFunction')).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(sesFeedback.eventsFunction),
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: idOf(sesFeedback.topic) },
    });
  });

  it('retries a failed invocation twice within the hour, then records it in a dead-letter queue with an alarm', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'SesEventsFunction')).toEqual({
      FunctionName: { Ref: idOf(sesFeedback.eventsFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(sesFeedback.deadLetterQueue) } },
    });
    expect(one('AWS::SQS::Queue', 'SesEventsDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ses-events-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ses-events-failed',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(sesFeedback.deadLetterQueue, 'QueueName') }],
      Threshold: 0,
    });
  });
});
