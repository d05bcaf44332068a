/**
 * The stack's queues: each with SQS-managed encryption (EventBridge can deliver to it without a key
 * policy, and no statement is added to the stateful key) and refusing every request not over TLS.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

const PROTECTED = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

/** What differs between the queues a function reads. */
export interface WorkQueueOptions {
  readonly queueName: string;
  /** How long its consumer may take over one batch: a message in flight is hidden for 6 times that. */
  readonly consumerTimeout: Duration;
  readonly retentionPeriod: Duration;
  /** Where a message goes after `maxReceiveCount` receives. */
  readonly deadLetterQueue: IQueue;
  readonly maxReceiveCount: number;
}

/** A queue read by a function, which moves a message it keeps failing to a dead-letter queue. */
export function workQueue(scope: Construct, id: string, options: WorkQueueOptions): Queue {
  return new Queue(scope, id, {
    ...PROTECTED,
    queueName: options.queueName,
    visibilityTimeout: Duration.seconds(options.consumerTimeout.toSeconds() * 6),
    retentionPeriod: options.retentionPeriod,
    deadLetterQueue: { queue: options.deadLetterQueue, maxReceiveCount: options.maxReceiveCount },
  });
}

/**
 * A dead-letter queue, kept 14 days (the longest SQS allows). `deadLetterOf` says whose dead letters it
 * takes when no queue names it in a redrive policy (a scheduler target, a Lambda failure destination),
 * for cdk-nag, which recognises only those.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  queueName: string,
  deadLetterOf?: string,
): Queue {
  const queue = new Queue(scope, id, { ...PROTECTED, queueName, retentionPeriod: Duration.days(14) });
  if (deadLetterOf) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        `This queue is itself a dead-letter queue (${deadLetterOf}), which cdk-nag cannot see as no ` +
        'queue names it in a redrive policy.',
    });
  }
  return queue;
}
