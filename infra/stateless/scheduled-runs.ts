/**
 * The scheduled runs: EventBridge Scheduler, in London time, invokes the schedule-run function for the
 * morning run (working days), hourly, and for the weekly summaries; the run puts each message to send
 * on the notices queue, and the breaches, escalation steps and late resolutions it hands on on the
 * deadlines bus. A run the scheduler could not invoke, or that failed after Lambda's retries,
 * ends in the schedule-run dead-letter queue; a missed run is caught up by the next.
 */
import { CfnOutput, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { scheduleTimes } from '../../functions/runs/schedule-times.ts';
import type { ScheduledRunKind } from '../../functions/runs/weekly-run.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS, nameIn, SCHEDULES } from '../names.ts';
import { allowDeadlineEvents, deadlineEventsEnvironment } from './deadline-events.ts';
import { functionEnvironment, lineOfSightFunction, rulesEnvironment } from './function-defaults.ts';
import { deadLetterQueue } from './queues.ts';
import { StackSection, type StackSectionProps } from './stack-section.ts';
import { outboxHoldStatement, scheduleRunTableStatements } from './table-grants.ts';

/**
 * How long a scheduled run may take. The morning and hourly runs' cost grows with what is due, not with
 * the number of cases. The weekly run's Scan reads the whole table: about 1.4 GB for 20,000 cases, read
 * in 4 segments at once, so some 350 pages of 1 MB each in turn (not yet timed on AWS).
 */
export const SCHEDULE_RUN_TIMEOUT = Duration.minutes(5);

/**
 * Retries of a scheduled run by EventBridge Scheduler, when it cannot invoke the function (Lambda's own
 * retries of a run that failed are `ASYNC_RETRY`): then the event goes to the schedule-run
 * dead-letter queue. An hour, because a run retried later than that is overtaken by the next hourly run.
 */
export const SCHEDULE_RUN_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

/**
 * Invokes the function with a role allowed to invoke that function only. CDK's `LambdaInvoke` grants
 * the function and every version and alias (`<arn>:*`), a wildcard the schedules have no use for: they
 * invoke the unqualified function.
 */
class InvokeFunctionOnly extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1],
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeScheduleRun',
        actions: ['lambda:InvokeFunction'],
        resources: [this.target.functionArn],
      }),
    );
  }
}

/** Properties of {@link ScheduledRuns}. */
export interface ScheduledRunsProps extends StackSectionProps {
  /** Where the runs put each email and Teams card to send. */
  readonly noticeQueue: IQueue;
}

/** The schedule-run function, its dead-letter queue, the three schedules and the scheduler's role. */
export class ScheduledRuns extends StackSection {
  readonly runFunction: NodejsFunction;
  readonly deadLetterQueue: Queue;
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: ScheduledRunsProps) {
    super(scope, id, props);
    const { name, settings, stateful } = this;

    // What a failed run leaves: the scheduler's event (the run's name and scheduled time, no case data)
    // when the scheduler could not invoke the function, or Lambda's failure record when the run failed
    // after its retries.
    this.deadLetterQueue = deadLetterQueue(
      this,
      'ScheduleRunDeadLetterQueue',
      nameIn(name, DEAD_LETTER_QUEUES.scheduleRun),
      'of the scheduler target and of the run function’s asynchronous invocations',
    );
    this.runFunction = lineOfSightFunction(this, 'ScheduleRunFunction', {
      functionName: nameIn(name, FUNCTIONS.scheduleRun),
      entry: 'schedule-run.ts',
      description:
        'The scheduled run: reads the due index and the directory, puts notices on the notices queue',
      timeout: SCHEDULE_RUN_TIMEOUT,
      environment: functionEnvironment(stateful.table, 'line-of-sight-schedule-run', {
        ...rulesEnvironment(settings),
        [ENVIRONMENT.noticeQueueUrl]: props.noticeQueue.queueUrl,
        // The quiet start: while paused the runs hold what they would send in the outbox.
        [ENVIRONMENT.sending]: settings.sending,
        // Without Teams the runs make no cards, and a team without a channel is no gap.
        [ENVIRONMENT.teamsCards]: settings.teamsWebhooksSecret ? 'on' : 'off',
        ...deadlineEventsEnvironment(stateful),
      }),
      stateful,
      tableStatements: [
        ...scheduleRunTableStatements(stateful.table),
        ...(settings.sending === 'paused' ? [outboxHoldStatement(stateful.table)] : []),
      ],
      ruleProfile: settings.ruleProfile,
      // Scheduler invokes asynchronously: a failed run is retried by Lambda, then recorded here.
      onFailure: this.deadLetterQueue,
    });
    this.runFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'NoticeQueue',
        actions: ['sqs:SendMessage'],
        resources: [props.noticeQueue.queueArn],
      }),
    );
    allowDeadlineEvents(this.runFunction, stateful, [
      'deadline.breached',
      'deadline.escalated',
      'deadline.met-after-breach',
    ]);

    // One role for the schedules: invoke the run function, and send to the dead-letter queue.
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `${name} schedules: invoke the schedule-run function, and its dead-letter queue`,
    });
    this.schedules();

    new CfnOutput(this, 'ScheduleRunDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Scheduled runs that failed after their retries',
    });
  }

  /** The morning, hourly and weekly schedules. */
  private schedules(): void {
    const { name, settings } = this;
    const times = scheduleTimes(settings.morningRunTime);
    // `run` tells the function which run it is: the morning run sends digests on working days.
    const target = (run: Exclude<ScheduledRunKind, 'manual'>) =>
      new InvokeFunctionOnly(this.runFunction, {
        role: this.schedulerRole,
        input: ScheduleTargetInput.fromObject({ run, scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: this.deadLetterQueue,
        ...SCHEDULE_RUN_RETRY,
      });
    // London time: the scheduler moves the runs with the clocks (EventBridge rules are UTC only).
    new Schedule(this, 'MorningRunSchedule', {
      scheduleName: nameIn(name, SCHEDULES.morning),
      description: `The morning run, ${settings.morningRunTime} London time, Monday to Friday (bank holidays included)`,
      schedule: ScheduleExpression.cron({
        ...times.morning,
        weekDay: 'MON-FRI',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('morning'),
      timeWindow: TimeWindow.off(),
    });
    new Schedule(this, 'HourlyRunSchedule', {
      scheduleName: nameIn(name, SCHEDULES.hourly),
      description: `The hourly run, at minute ${times.hourlyMinute} London time, every day: hour-scale deadlines`,
      schedule: ScheduleExpression.cron({
        minute: times.hourlyMinute,
        hour: '*',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('hourly'),
      timeWindow: TimeWindow.off(),
    });
    // Every weekday: the run sends the summaries only on the first working day of the week, which the
    // calendar knows and a cron expression cannot (the Tuesday after a bank holiday Monday).
    new Schedule(this, 'WeeklyRunSchedule', {
      scheduleName: nameIn(name, SCHEDULES.weekly),
      description: `The weekly summaries, ${times.weekly.hour.padStart(2, '0')}:${times.weekly.minute.padStart(2, '0')} London time, Monday to Friday; sent on the first working day of the week only`,
      schedule: ScheduleExpression.cron({
        ...times.weekly,
        weekDay: 'MON-FRI',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: target('weekly'),
      timeWindow: TimeWindow.off(),
    });
  }
}
