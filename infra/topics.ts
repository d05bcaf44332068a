/**
 * The environment's two SNS topics, as data both stacks read: the stateless stack makes them (with
 * {@link encryptedTopic}), and the stateful stack lets each one's publisher use the data key for that
 * topic only. One key for both
 * stacks rather than a key of the topics' own, because each customer-managed key is billed by the month
 * (a dollar a key, a fifth of the whole bill of a small council); SNS's AWS-managed key cannot be
 * used, as it does not let CloudWatch or SES publish.
 */
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { nameIn, TOPIC_SUFFIXES } from './names.ts';

/** A topic of the environment: its name after `line-of-sight-<environment>-`, and who publishes. */
export interface TopicSpec {
  readonly suffix: string;
  readonly displayName: string;
  /** The AWS service that publishes to it, and so must encrypt with the key. */
  readonly publisher: string;
}

/** The alarms topic (CloudWatch alarms publish) and the SES-events topic (the configuration set's). */
export const TOPICS = {
  alarms: {
    suffix: TOPIC_SUFFIXES.alarms,
    displayName: 'Line of Sight alarms',
    publisher: 'cloudwatch.amazonaws.com',
  },
  sesEvents: {
    suffix: TOPIC_SUFFIXES.sesEvents,
    displayName: 'Line of Sight SES events',
    publisher: 'ses.amazonaws.com',
  },
} as const satisfies Record<string, TopicSpec>;

/** The topic's name in the environment whose resources are named `name` (`line-of-sight-<environment>`). */
export const topicNameOf = (name: string, topic: TopicSpec) => nameIn(name, topic.suffix);

/**
 * The topic's ARN, built from its name in `stack`'s account and region: naming the topic resource
 * itself would make the key depend on the topic, and the stateful stack on the stateless one.
 */
export const topicArnOf = (stack: Stack, topicName: string) =>
  stack.formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });

/**
 * The topic `spec` of the environment whose resources are named `name`, encrypted with the data key
 * (whose policy lets the topic's publisher use it for this topic only) and refusing requests without TLS.
 */
export function encryptedTopic(
  scope: Construct,
  id: string,
  name: string,
  spec: TopicSpec,
  dataKey: IKey,
): Topic {
  return new Topic(scope, id, {
    topicName: topicNameOf(name, spec),
    displayName: spec.displayName,
    masterKey: dataKey,
    enforceSSL: true,
  });
}
