/**
 * The alarms (`infra/stateless/alarms.ts`): one for each way the pipeline can fail unseen, the metric
 * filters that count what the functions' log lines report, and the alarms topic they all notify.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../../infra/line-of-sight.ts';
import type { Ingest } from '../../../infra/stateless/ingest.ts';
import type { Notifier } from '../../../infra/stateless/notifier.ts';
import type { ScheduledRuns } from '../../../infra/stateless/scheduled-runs.ts';
import { testApp } from '../cdk-app.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import { all, getAtt, idOf, one, statelessStack, statelessTemplate } from './template.ts';

let template: Template;
let ingest: Ingest;
let scheduledRuns: ScheduledRuns;
let notifier: Notifier;
let alarmTopic: Topic;

beforeAll(() => {
  template = statelessTemplate();
  const stack = statelessStack();
  ({ ingest, scheduledRuns, notifier } = stack);
  alarmTopic = stack.alarms.topic;
}, SYNTHESIS_TIMEOUT);

describe('the ingest alarms', () => {
  it('fire when the dead-letter queue holds any message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ingest-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ingest.deadLetterQueue, 'QueueName') }],
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
        AlarmActions: [{ Ref: idOf(alarmTopic) }],
      });
    }
  });

  it('fire when ingest falls half an hour behind, or the endpoint answers 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-ingest-backlog',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ingest.queue, 'QueueName') }],
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

describe('the schedule-run function', () => {
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
    deadLetters('line-of-sight-dev-notice-dead-letters', notifier.deadLetterQueue);
    deadLetters('line-of-sight-dev-schedule-run-failed', scheduledRuns.deadLetterQueue);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-notice-backlog',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(notifier.queue, 'QueueName') }],
      Threshold: 1800,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-schedule-run-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(scheduledRuns.runFunction) } }],
      Threshold: 0,
    });
  });
});

describe('the notifier', () => {
  it('has an alarm on its crashes and timeouts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-notify-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(notifier.notifyFunction) } }],
      Threshold: 0,
    });
  });

  it('counts sends refused for how the deployment is set up, with an alarm at the first', () => {
    expect(one('AWS::Logs::MetricFilter', 'SendingMisconfigured')).toEqual({
      FilterName: 'line-of-sight-dev-sending-misconfigured',
      LogGroupName: { Ref: expect.stringMatching(/^NotifyFunctionLogs/) },
      FilterPattern: '{ ($.message = "notice not delivered") && ($.misconfigured > 0) }',
      MetricTransformations: [
        {
          MetricNamespace: 'LineOfSight/dev',
          MetricName: 'SendingMisconfigured',
          MetricValue: '$.misconfigured',
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'line-of-sight-dev-sending-misconfigured',
      Namespace: 'LineOfSight/dev',
      MetricName: 'SendingMisconfigured',
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: idOf(alarmTopic) }],
    });
  });
});

describe('the alarms', () => {
  it('let this environment’s alarms publish to the alarms topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: idOf(alarmTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: idOf(alarmTopic) },
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
        'deadline-events-not-published',
        'directory-file-refused',
        'directory-gaps',
        'directory-load-failed',
        'import-file-refused',
        'import-load-failed',
        'ingest-api-5xx',
        'ingest-backlog',
        'ingest-dead-letters',
        'notice-backlog',
        'notice-dead-letters',
        'notify-errors',
        'rejected-events',
        'schedule-run-errors',
        'schedule-run-failed',
        'sending-misconfigured',
        'ses-events-failed',
        'weekly-summary-late',
      ].map((name) => `line-of-sight-dev-${name}`),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: idOf(alarmTopic) }]);
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
      TopicArn: { Ref: other.getLogicalId(other.alarms.topic.node.defaultChild as CfnElement) },
    });
  });
});
