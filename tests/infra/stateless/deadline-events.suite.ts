/**
 * The deadline events (`infra/stateless/deadline-events.ts`): the scheduled run and the notifier are
 * told the deadlines bus, and may put on it only the events each publishes, with the source
 * `line-of-sight`; nothing else may put events there, and neither may put any on the case-event bus.
 * What they could not publish is counted from their log lines into one alarm.
 */
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import {
  actionsOf,
  all,
  byService,
  idOf,
  one,
  type Statement,
  statefulOutput,
  statelessStack,
  statementsOf,
} from './template.ts';

let stack: StatelessStack;

beforeAll(() => {
  stack = statelessStack();
}, SYNTHESIS_TIMEOUT);

const deadlinesBus = statefulOutput('FnGetAttDeadlineEventBus');

describe('the deadline events', () => {
  it('are published by the schedule-run and notify functions, each told the deadlines bus', () => {
    for (const prefix of ['ScheduleRunFunction', 'NotifyFunction']) {
      expect(one('AWS::Lambda::Function', prefix)).toMatchObject({
        Environment: { Variables: { DEADLINE_EVENT_BUS: statefulOutput('RefDeadlineEventBus') } },
      });
    }
  });

  it('may be put on the deadlines bus by the run (breaches, escalations, late resolutions) and the notifier (notices sent) only, as line-of-sight', () => {
    const putEvents = (role: Role) =>
      byService(statementsOf(idOf(role)), 'events').map((statement) => ({ ...statement }));
    expect(putEvents(stack.scheduledRuns.runFunction.role as Role)).toEqual([
      {
        Sid: 'DeadlineEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: deadlinesBus,
        Condition: {
          StringEquals: {
            'events:source': 'line-of-sight',
            'events:detail-type': ['deadline.breached', 'deadline.escalated', 'deadline.met-after-breach'],
          },
        },
      },
    ]);
    expect(putEvents(stack.notifier.notifyFunction.role as Role)).toEqual([
      {
        Sid: 'DeadlineEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: deadlinesBus,
        Condition: {
          StringEquals: { 'events:source': 'line-of-sight', 'events:detail-type': ['notice.sent'] },
        },
      },
    ]);
  });

  it('is a bus nothing else of the stack may put events on, and the case system’s policy does not name', () => {
    const holders = [
      ...Object.entries(all('AWS::IAM::Policy')),
      ...Object.entries(all('AWS::IAM::ManagedPolicy')),
    ]
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) =>
            actionsOf(statement).includes('events:PutEvents') &&
            JSON.stringify(statement.Resource).includes('DeadlineEventBus'),
        ),
      )
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(holders.sort()).toEqual([
      'NotifyFunctionRoleDefaultPolicy',
      'ScheduleRunFunctionRoleDefaultPolicy',
    ]);
  });

  it('raise an alarm when the run or the notifier could not publish some, counted from their log lines', () => {
    const filters = Object.values(all('AWS::Logs::MetricFilter'))
      .map((filter) => filter.Properties)
      .filter((properties) => JSON.stringify(properties).includes('deadlineEventsNotPublished'));
    expect(filters.map((properties) => properties.FilterName).sort()).toEqual([
      'line-of-sight-dev-notify-deadline-events-not-published',
      'line-of-sight-dev-schedule-run-deadline-events-not-published',
    ]);
    for (const properties of filters) {
      expect(properties).toMatchObject({
        FilterPattern: '{ $.deadlineEventsNotPublished > 0 }',
        MetricTransformations: [
          {
            MetricNamespace: 'LineOfSight/dev',
            MetricName: 'DeadlineEventsNotPublished',
            MetricValue: '$.deadlineEventsNotPublished',
          },
        ],
      });
    }
    expect(one('AWS::CloudWatch::Alarm', 'DeadlineEventsNotPublishedAlarm')).toMatchObject({
      AlarmName: 'line-of-sight-dev-deadline-events-not-published',
      MetricName: 'DeadlineEventsNotPublished',
      Namespace: 'LineOfSight/dev',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});
