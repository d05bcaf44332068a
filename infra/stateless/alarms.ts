/**
 * The alarms, and the topic every one of them notifies (emailed to `los:alarmEmail` when set): dead
 * letters present (ingest, notices, failed runs, SES events), run and notifier errors, a backlog older
 * than {@link BACKLOG_LIMIT}, 5xx answers from the endpoint, and what the functions' log lines count
 * (directory gaps, cases awaiting their recompute, weekly summaries held back, events rejected, case
 * problems, deadline events not published), read by metric filters. Alarm notifications name the alarm and the metric, never a case or
 * a person.
 */
import { ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIRECTORY_LOADER_LOG } from '../../functions/handlers/directory-loader.ts';
import { IMPORT_LOADER_LOG } from '../../functions/handlers/import-loader.ts';
import {
  DEADLINE_EVENTS_LOG,
  INGEST_LOG,
  NOTIFY_LOG,
  RUN_SUMMARY_LOG,
} from '../../functions/handlers/lambda/environment.ts';
import { type AlarmSuffix, nameIn } from '../names.ts';
import { encryptedTopic, TOPICS } from '../topics.ts';
import type { BucketLoader } from './bucket-loader.ts';
import type { DirectoryLoader } from './directory-loader.ts';
import type { ImportLoader } from './import-loader.ts';
import type { Ingest } from './ingest.ts';
import type { Notifier } from './notifier.ts';
import type { ScheduledRuns } from './scheduled-runs.ts';
import type { SesFeedback } from './ses-feedback.ts';
import { StackSection, type StackSectionProps } from './stack-section.ts';

/** A queue's oldest message older than this means its consumer is stalled or throttled. */
export const BACKLOG_LIMIT = Duration.minutes(30);

/** Where the stack's own metrics (from log lines) are published; per environment. */
export const metricNamespace = (environmentName: string) => `LineOfSight/${environmentName}`;

const fiveMinutes = (statistic: 'Maximum' | 'Sum') => ({ period: Duration.minutes(5), statistic });
const waiting = (queue: IQueue) => queue.metricApproximateNumberOfMessagesVisible(fiveMinutes('Maximum'));
const oldest = (queue: IQueue) => queue.metricApproximateAgeOfOldestMessage(fiveMinutes('Maximum'));

/** Properties of {@link Alarms}: the sections watched. */
export interface AlarmsProps extends StackSectionProps {
  readonly ingest: Ingest;
  readonly scheduledRuns: ScheduledRuns;
  readonly notifier: Notifier;
  readonly sesFeedback: SesFeedback;
  readonly directoryLoader: DirectoryLoader;
  readonly importLoader: ImportLoader;
}

/** The alarms topic, the alarms and the metric filters they read. */
export class Alarms extends StackSection {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id, props);
    const { ingest, scheduledRuns, notifier, sesFeedback, directoryLoader, importLoader } = props;

    this.topic = encryptedTopic(this, 'AlarmTopic', this.name, TOPICS.alarms, this.stateful.dataKey);
    this.letThisEnvironmentsAlarmsPublish();
    if (this.settings.alarmEmail) this.topic.addSubscription(new EmailSubscription(this.settings.alarmEmail));
    this.action = new SnsAction(this.topic);

    this.watchIngest(ingest);
    this.watchScheduledRuns(scheduledRuns);
    this.watchNotifier(notifier);
    this.watchDirectoryLoader(directoryLoader);
    this.watchImportLoader(importLoader);
    this.watchDeadlineEvents(scheduledRuns, notifier);
    this.raise(
      'SesEventsFailedAlarm',
      'ses-events-failed',
      'A bounce or complaint from SES could not be recorded in the directory after retries. See docs/operations.md.',
      waiting(sesFeedback.deadLetterQueue),
    );

    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'Every alarm notifies this topic; subscribe people or tools to it',
    });
  }

  private watchIngest(ingest: Ingest): void {
    this.raise(
      'IngestDeadLetterAlarm',
      'ingest-dead-letters',
      'Case events are in the ingest dead-letter queue: they were not stored. See docs/operations.md.',
      waiting(ingest.deadLetterQueue),
    );
    this.raise(
      'IngestBacklogAlarm',
      'ingest-backlog',
      'The oldest message on the ingest queue has waited over 30 minutes: ingest is stalled or throttled.',
      oldest(ingest.queue),
      BACKLOG_LIMIT.toSeconds(),
    );
    this.raise(
      'RejectedEventsAlarm',
      'rejected-events',
      'Case events were refused and quarantined (they failed the contract, were dated in the future, ' +
        'reused an id with other content, or came in a body that could not be read): they were not ' +
        'stored. List them with los quarantine list; see docs/operations.md.',
      this.ingestCount(ingest, 'RejectedEvents', 'rejected-events', INGEST_LOG.rejectedField),
    );
    this.raise(
      'CaseProblemsAlarm',
      'case-problems',
      'Deadlines of cases that just changed could not be worked out from their records (a date of birth ' +
        'not recorded, a frequency for a rule the profile lacks): they are missing until the case record ' +
        'is put right. See docs/operations.md.',
      this.ingestCount(ingest, 'CaseProblems', 'case-problems', INGEST_LOG.caseProblemsField),
    );
    this.raise(
      'IngestApiServerErrorAlarm',
      'ingest-api-5xx',
      'POST /events answered 5xx (storage unavailable or the function failed); senders must retry.',
      ingest.stage.metricServerError(fiveMinutes('Sum')),
    );
  }

  private watchScheduledRuns({ deadLetterQueue, runFunction }: ScheduledRuns): void {
    this.raise(
      'ScheduleRunFailedAlarm',
      'schedule-run-failed',
      'A scheduled run failed for good (scheduler or Lambda retries exhausted): notices due then were ' +
        'not handed on. See docs/operations.md.',
      waiting(deadLetterQueue),
    );
    this.raise(
      'ScheduleRunErrorAlarm',
      'schedule-run-errors',
      'A scheduled run threw (it is retried); see the schedule-run function’s log.',
      runFunction.metricErrors(fiveMinutes('Sum')),
    );
    this.raise(
      'DirectoryGapsAlarm',
      'directory-gaps',
      'A scheduled run met gaps in the staff directory (a vacant post, a leaver, an undeliverable address, ' +
        'an unallocated case): some notices went up a level or nowhere. See docs/operations.md.',
      this.runCount(runFunction, 'DirectoryGaps', 'directory-gaps', RUN_SUMMARY_LOG.gapsField),
    );
    this.raise(
      'AwaitingRecomputeAlarm',
      'awaiting-recompute',
      'Cases have events stored but deadlines not recomputed from them (an ingest batch stopped part-way, ' +
        'and no batch since has repaired them): their notices may be missing. See docs/operations.md.',
      this.runCount(
        runFunction,
        'AwaitingRecompute',
        'awaiting-recompute',
        RUN_SUMMARY_LOG.awaitingRecomputeField,
      ),
    );
    this.raise(
      'WeeklySummaryLateAlarm',
      'weekly-summary-late',
      'The managers’ weekly summaries have waited three hours for cases awaiting their recompute and ' +
        'have not been sent; the hourly runs keep trying. See docs/operations.md.',
      this.runCount(runFunction, 'WeeklySummaryLate', 'weekly-summary-late', RUN_SUMMARY_LOG.weeklyLateField),
    );
  }

  private watchNotifier({ queue, deadLetterQueue, notifyFunction }: Notifier): void {
    this.raise(
      'NoticeDeadLetterAlarm',
      'notice-dead-letters',
      'Notices are in the notices dead-letter queue: those emails or cards were not sent. See docs/operations.md.',
      waiting(deadLetterQueue),
    );
    this.raise(
      'NoticeBacklogAlarm',
      'notice-backlog',
      'The oldest message on the notices queue has waited over 30 minutes: the notifier is failing or stalled.',
      oldest(queue),
      BACKLOG_LIMIT.toSeconds(),
    );
    this.raise(
      'NotifyErrorAlarm',
      'notify-errors',
      'The notifier crashed or timed out (failed sends are retried and show as notice dead letters); ' +
        'see the notify function’s log.',
      notifyFunction.metricErrors(fiveMinutes('Sum')),
    );
    // At the first refusal, not half an hour later when its message reaches the dead-letter queue.
    this.raise(
      'SendingMisconfiguredAlarm',
      'sending-misconfigured',
      'A send was refused because of how the deployment is set up (a Teams channel with no webhook in ' +
        'the secret, an SES identity not verified, SES sending paused): every email or card needing it ' +
        'fails until it is put right, and waits in the notices dead-letter queue. See docs/operations.md.',
      new MetricFilter(this, 'SendingMisconfiguredMetricFilter', {
        logGroup: notifyFunction.logGroup,
        filterName: `${this.name}-sending-misconfigured`,
        filterPattern: FilterPattern.all(
          FilterPattern.stringValue('$.message', '=', NOTIFY_LOG.failedMessage),
          FilterPattern.numberValue(`$.${NOTIFY_LOG.misconfiguredField}`, '>', 0),
        ),
        metricNamespace: metricNamespace(this.settings.environmentName),
        metricName: 'SendingMisconfigured',
        metricValue: `$.${NOTIFY_LOG.misconfiguredField}`,
      }).metric(fiveMinutes('Sum')),
    );
  }

  /**
   * Deadline events the run or the notifier could not publish on the deadlines bus (best effort: they
   * are not retried), counted from each one's lines into one metric.
   */
  private watchDeadlineEvents({ runFunction }: ScheduledRuns, { notifyFunction }: Notifier): void {
    const namespace = metricNamespace(this.settings.environmentName);
    const metricName = 'DeadlineEventsNotPublished';
    const field = `$.${DEADLINE_EVENTS_LOG.notPublishedField}`;
    for (const [id, fn, fnSlug] of [
      ['ScheduleRun', runFunction, 'schedule-run'],
      ['Notify', notifyFunction, 'notify'],
    ] as const) {
      new MetricFilter(this, `${id}${metricName}MetricFilter`, {
        logGroup: fn.logGroup,
        filterName: `${this.name}-${fnSlug}-deadline-events-not-published`,
        filterPattern: FilterPattern.numberValue(field, '>', 0),
        metricNamespace: namespace,
        metricName,
        metricValue: field,
      });
    }
    this.raise(
      'DeadlineEventsNotPublishedAlarm',
      'deadline-events-not-published',
      'Deadline events could not be put on the deadlines bus (throttled, or not allowed): the systems ' +
        'that route them missed some. Notices were not affected. See docs/operations.md.',
      new Metric({ namespace, metricName, ...fiveMinutes('Sum') }),
    );
  }

  /**
   * A directory file refused (problems in it: nothing of it was loaded), counted from the loader's line,
   * and a load that failed for good (its event in the loader's dead-letter queue).
   */
  private watchDirectoryLoader(loader: DirectoryLoader): void {
    this.watchBucketLoader(loader, {
      ids: 'Directory',
      slug: 'directory',
      refusedMessage: DIRECTORY_LOADER_LOG.refused,
      problemsField: DIRECTORY_LOADER_LOG.problemsField,
      refused:
        'A staff directory file dropped into the import bucket has problems and was not loaded (nothing ' +
        'of it): the directory is as it was. Its rows and columns are in the loader’s log; see docs/operations.md.',
      failed:
        'A staff directory file could not be loaded after retries (the table or the bucket could not be ' +
        'reached, or another import kept switching first): the directory is as it was. See docs/operations.md.',
    });
  }

  /**
   * An extract refused whole (it could not be read: nothing of it was imported), counted from the
   * loader's line, and an import that failed for good (its event in the loader's dead-letter queue).
   * Rows refused from an extract otherwise imported are for `los doctor`, not an alarm: real exports
   * have a few every night.
   */
  private watchImportLoader(loader: ImportLoader): void {
    this.watchBucketLoader(loader, {
      ids: 'Import',
      slug: 'import',
      refusedMessage: IMPORT_LOADER_LOG.refused,
      problemsField: IMPORT_LOADER_LOG.problemsField,
      refused:
        'An extract dropped into the import bucket could not be imported at all (not under imports/<format>/, ' +
        'not a zip that opens, no file of its format, too large): nothing of it was imported. Its problems’ ' +
        'places are in the loader’s log and in los doctor; see docs/operations.md.',
      failed:
        'An extract could not be imported after retries (the table or the bucket could not be reached, or ' +
        'the function ran out of time or memory): what it wrote stands, the rest waits for the next drop. ' +
        'See docs/operations.md.',
    });
  }

  /** A loader's refused files, from its line's problems field, and its dead letters. */
  private watchBucketLoader(
    { loaderFunction, deadLetterQueue }: BucketLoader,
    alarm: {
      ids: string;
      slug: 'directory' | 'import';
      refusedMessage: string;
      problemsField: string;
      refused: string;
      failed: string;
    },
  ): void {
    const field = `$.${alarm.problemsField}`;
    const refused = new MetricFilter(this, `${alarm.ids}FileRefusedMetricFilter`, {
      logGroup: loaderFunction.logGroup,
      filterName: `${this.name}-${alarm.slug}-file-refused`,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.message', '=', alarm.refusedMessage),
        FilterPattern.numberValue(field, '>', 0),
      ),
      metricNamespace: metricNamespace(this.settings.environmentName),
      metricName: `${alarm.ids}FileRefused`,
      metricValue: field,
    });
    this.raise(
      `${alarm.ids}FileRefusedAlarm`,
      `${alarm.slug}-file-refused`,
      alarm.refused,
      refused.metric(fiveMinutes('Maximum')),
    );
    this.raise(
      `${alarm.ids}LoadFailedAlarm`,
      `${alarm.slug}-load-failed`,
      alarm.failed,
      waiting(deadLetterQueue),
    );
  }

  /** Lets CloudWatch publish to the topic for this environment's alarms only. */
  private letThisEnvironmentsAlarmsPublish(): void {
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${this.name}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
  }

  /** An alarm named `line-of-sight-<environment>-<alarm>` when `metric` is over `threshold`. */
  private raise(id: string, alarm: AlarmSuffix, alarmDescription: string, metric: IMetric, threshold = 0) {
    new Alarm(this, id, {
      alarmName: nameIn(this.name, alarm),
      alarmDescription,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(this.action);
  }

  /** A count from the run's summary line (`RUN_SUMMARY_LOG`), by a metric filter on its log group. */
  private runCount(runFunction: NodejsFunction, metricName: string, slug: string, field: string): IMetric {
    return new MetricFilter(this, `${metricName}MetricFilter`, {
      logGroup: runFunction.logGroup,
      filterName: `${this.name}-${slug}`,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.message', '=', RUN_SUMMARY_LOG.message),
        FilterPattern.numberValue(`$.${field}`, '>', 0),
      ),
      metricNamespace: metricNamespace(this.settings.environmentName),
      metricName,
      metricValue: `$.${field}`,
    }).metric(fiveMinutes('Maximum'));
  }

  /**
   * A count from each ingest function's lines (`INGEST_LOG`): a metric filter per log group, each
   * adding into one metric.
   */
  private ingestCount(ingest: Ingest, metricName: string, slug: string, field: string): IMetric {
    const namespace = metricNamespace(this.settings.environmentName);
    for (const [id, fn, fnSlug] of [
      ['IngestQueue', ingest.queueFunction, 'ingest-queue'],
      ['IngestHttp', ingest.httpFunction, 'ingest-http'],
    ] as const) {
      new MetricFilter(this, `${id}${metricName}MetricFilter`, {
        logGroup: fn.logGroup,
        filterName: `${this.name}-${fnSlug}-${slug}`,
        filterPattern: FilterPattern.numberValue(`$.${field}`, '>', 0),
        metricNamespace: namespace,
        metricName,
        metricValue: `$.${field}`,
      });
    }
    return new Metric({ namespace, metricName, ...fiveMinutes('Sum') });
  }
}
