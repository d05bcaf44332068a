/**
 * The scheduled runs (`infra/stateless/scheduled-runs.ts`): the three schedules in London time, their
 * retries and dead-letter queue, the scheduler's own role, and the schedule-run function's environment
 * and permissions.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleTimes } from '../../../functions/runs/schedule-times.ts';
import { defineLineOfSight } from '../../../infra/line-of-sight.ts';
import type { Notifier } from '../../../infra/stateless/notifier.ts';
import type { ScheduledRuns } from '../../../infra/stateless/scheduled-runs.ts';
import { testApp } from '../cdk-app.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import {
  all,
  byService,
  getAtt,
  idOf,
  one,
  type Resource,
  statefulOutput,
  statelessStack,
  statementsOf,
} from './template.ts';

let scheduledRuns: ScheduledRuns;
let notifier: Notifier;

beforeAll(() => {
  ({ scheduledRuns, notifier } = statelessStack());
}, SYNTHESIS_TIMEOUT);

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
        Arn: getAtt(scheduledRuns.runFunction),
        RoleArn: getAtt(scheduledRuns.schedulerRole),
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: getAtt(scheduledRuns.deadLetterQueue) },
      });
      expect(JSON.parse(target.Input as string)).toEqual({
        run,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    }
  });

  it('let Lambda retry a failed run twice within the hour, then record it in the same DLQ', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'ScheduleRunFunction')).toEqual({
      FunctionName: { Ref: idOf(scheduledRuns.runFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(scheduledRuns.deadLetterQueue) } },
    });
  });

  it('give the scheduler a role of its own: invoke that function (no version wildcard) and send to the DLQ', () => {
    expect(
      all('AWS::IAM::Role')[idOf(scheduledRuns.schedulerRole)]?.Properties.AssumeRolePolicyDocument,
    ).toEqual({
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
    expect(statementsOf(idOf(scheduledRuns.schedulerRole))).toEqual([
      {
        Sid: 'InvokeScheduleRun',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(scheduledRuns.runFunction),
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(scheduledRuns.deadLetterQueue) },
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
          NOTICE_QUEUE_URL: { Ref: idOf(notifier.queue) },
          // A fresh deployment starts quiet, and cdk.json names no Teams webhooks secret.
          SENDING: 'paused',
          TEAMS_CARDS: 'off',
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may Query the due index, the directory’s partition, the recompute marks and case partitions (the ledger), Scan deadline attributes and keep the weekly run’s log (the weekly run), move deadlines’ next actions on, and send notices', () => {
    const statements = statementsOf(idOf(scheduledRuns.runFunction.role as Role));
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
        // The pointer (GetItem), then the version it names (Query).
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY', 'DIRECTORY#*'] } },
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
      // While sending is paused (cdk.json's), the lines it would send are put in the outbox.
      {
        Sid: 'Outbox',
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } },
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
        Resource: getAtt(scheduledRuns.deadLetterQueue),
      },
      { Sid: 'NoticeQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(notifier.queue) },
    ]);
    expect(byService(statements, 'logs')).toHaveLength(1);
    expect(statements).toHaveLength(13);
  });

  it('may write the outbox only while sending is paused, and is told when sending is live and Teams configured', () => {
    const live = defineLineOfSight(
      testApp({
        'los:sending': 'live',
        'los:senderAddress': 'alerts@wessex.gov.uk',
        'los:caseLinkTemplate': 'https://mosaic.wessex.gov.uk/cases/{caseId}',
        'los:teamsWebhooksSecret': 'los/teams-webhooks',
      }),
    ).stateless;
    const run = Template.fromStack(live).toJSON().Resources[
      live.getLogicalId(live.scheduledRuns.runFunction.node.defaultChild as CfnElement)
    ] as Resource;
    expect(run.Properties.Environment).toMatchObject({ Variables: { SENDING: 'live', TEAMS_CARDS: 'on' } });
    const policies = Object.values(Template.fromStack(live).findResources('AWS::IAM::Policy'));
    expect(JSON.stringify(policies)).not.toContain('OUTBOX#');
  });
});
