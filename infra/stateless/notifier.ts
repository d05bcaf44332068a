/**
 * The notifier: the scheduled runs put one message per email or Teams card (a `Notice` as JSON) on the
 * notices queue, and the notify function sends them through SES (the configuration set of the SES
 * feedback section) and Teams Workflows webhooks (their URLs in one Secrets Manager secret), and puts
 * a `notice.sent` event on the deadlines bus for each line sent. A message may arrive twice; the
 * notifier's ledger sends each line once.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS, nameIn, WORK_QUEUES } from '../names.ts';
import { deployedProfile } from '../rule-profile.ts';
import { allowDeadlineEvents, deadlineEventsEnvironment } from './deadline-events.ts';
import { functionEnvironment, lineOfSightFunction } from './function-defaults.ts';
import { deadLetterQueue, workQueue } from './queues.ts';
import { keepLogicalId, StackSection, type StackSectionProps } from './stack-section.ts';
import { notifyTableStatements } from './table-grants.ts';

/** Deliveries of a notice to the notifier before it moves to the notices dead-letter queue. */
export const NOTICE_MAX_RECEIVE_COUNT = 5;

/** How long the notifier may take over one batch; the notices queue's visibility timeout is 6 times it. */
export const NOTIFY_TIMEOUT = Duration.seconds(60);

/**
 * How the notifier reads the notices queue. It sends one message at a time within a batch, so at most
 * `maxConcurrency` sends are in flight: 2 stays well under SES's production rate (about 14 a second,
 * 1 in the sandbox) and near Teams Workflows' (about 4 a second), and a morning's digests still go out
 * in minutes. The batch of 5 fits the function's timeout at Teams' 10-second post timeout.
 */
export const NOTIFY_EVENT_SOURCE = { batchSize: 5, maxConcurrency: 2 } as const;

/** Properties of {@link Notifier}. */
export interface NotifierProps extends StackSectionProps {
  /** What every email is sent through. */
  readonly configurationSet: ConfigurationSet;
}

/** The notices queue and its dead-letter queue, and the notify function. */
export class Notifier extends StackSection {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly notifyFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id, props);
    const { name, settings, stateful } = this;
    const { configurationSetName } = props.configurationSet;

    this.deadLetterQueue = deadLetterQueue(
      this,
      'NoticeDeadLetterQueue',
      nameIn(name, DEAD_LETTER_QUEUES.notices),
    );
    this.queue = workQueue(this, 'NoticeQueue', {
      queueName: nameIn(name, WORK_QUEUES.notices),
      consumerTimeout: NOTIFY_TIMEOUT,
      retentionPeriod: Duration.days(14),
      deadLetterQueue: this.deadLetterQueue,
      maxReceiveCount: NOTICE_MAX_RECEIVE_COUNT,
    });

    this.notifyFunction = lineOfSightFunction(this, 'NotifyFunction', {
      functionName: nameIn(name, FUNCTIONS.notify),
      entry: 'notify-queue.ts',
      description: 'Sends the notices on the notices queue: SES email and Teams cards, each line once',
      timeout: NOTIFY_TIMEOUT,
      environment: functionEnvironment(stateful.table, 'line-of-sight-notify', {
        [ENVIRONMENT.caseLinkTemplate]: settings.caseLinkTemplate,
        [ENVIRONMENT.senderAddress]: settings.senderAddress,
        [ENVIRONMENT.sesIdentity]: settings.sesIdentity,
        [ENVIRONMENT.configurationSet]: configurationSetName,
        ...deadlineEventsEnvironment(stateful),
        // The profile's calendar: "in 3 working days" counts a council profile's closure days too.
        ...deployedProfile(settings.ruleProfile).environment,
        // Unset without Teams: the runs then make no cards (and the notifier would refuse one, for good).
        ...(settings.teamsWebhooksSecret && {
          [ENVIRONMENT.teamsWebhooksSecret]: settings.teamsWebhooksSecret,
        }),
      }),
      stateful,
      tableStatements: notifyTableStatements(stateful.table),
      ruleProfile: settings.ruleProfile,
    });
    allowDeadlineEvents(this.notifyFunction, stateful, ['notice.sent']);
    this.notifyFunction.addEventSource(
      new SqsEventSource(this.queue, { ...NOTIFY_EVENT_SOURCE, reportBatchItemFailures: true }),
    );
    keepLogicalId(
      this.notifyFunction,
      'AWS::Lambda::EventSourceMapping',
      'NotifyFunctionSqsEventSourceStatelessNoticeQueue5D4067E5001CA1AB',
    );

    // SES v2 SendEmail authorises against the identity mail is sent as and the configuration set, and
    // both must allow it. The identity allows it from the configured sender only (`ses:FromAddress` is
    // the address without its display name), so the notifier cannot send as another address of a
    // verified domain; the configuration set adds nothing to that, so it needs no condition of its own.
    const stack = Stack.of(this);
    this.notifyFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': settings.senderAddress } },
      }),
    );
    this.notifyFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendEmailConfigurationSet',
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSetName,
          }),
        ],
      }),
    );
    // One secret for every channel (each is billed by the month): a JSON map of the directory's
    // `teams_channel` names to their webhook URLs.
    if (settings.teamsWebhooksSecret) {
      Secret.fromSecretNameV2(this, 'TeamsWebhooksSecret', settings.teamsWebhooksSecret).grantRead(
        this.notifyFunction,
      );
    }

    this.outputs();
  }

  private outputs(): void {
    new CfnOutput(this, 'NoticeQueueUrl', {
      value: this.queue.queueUrl,
      description: 'Notices from the scheduled runs, read by the notifier',
    });
    new CfnOutput(this, 'NoticeDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Notices the notifier could not send; inspect, fix, redrive',
    });
    new CfnOutput(this, 'NoticeDeadLetterQueueArn', {
      value: this.deadLetterQueue.queueArn,
      description: 'For aws sqs start-message-move-task --source-arn',
    });
  }
}
