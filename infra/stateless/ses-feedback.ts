/**
 * SES feedback: every email goes through the stack's configuration set, which reports bounces and
 * complaints (and, for the log, rejections and delays) to the SES-events topic, read by the ses-events
 * function: a permanent bounce or a complaint marks the address undeliverable in the directory.
 */
import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEAD_LETTER_QUEUES, FUNCTIONS, nameIn } from '../names.ts';
import { encryptedTopic, TOPICS } from '../topics.ts';
import { functionEnvironment, lineOfSightFunction } from './function-defaults.ts';
import { deadLetterQueue } from './queues.ts';
import { keepLogicalId, StackSection, type StackSectionProps } from './stack-section.ts';
import { sesEventsTableStatements } from './table-grants.ts';

/** The SES events the configuration set reports to the ses-events function. */
export const SES_REPORTED_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
] as const;

/** The configuration set, the SES-events topic, the ses-events function and its dead-letter queue. */
export class SesFeedback extends StackSection {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;
  readonly eventsFunction: NodejsFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id, props);
    const { name, stateful } = this;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
      sendingEnabled: true,
      reputationMetrics: true,
      // Addresses that bounced or complained are not tried again by SES either.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Notices name staff and cases: never sent to a mail server in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.topic = encryptedTopic(this, 'SesEventTopic', name, TOPICS.sesEvents, stateful.dataKey);
    this.configurationSet.addEventDestination('SesEventDestination', {
      configurationSetEventDestinationName: 'bounces-and-complaints',
      destination: EventDestination.snsTopic(this.topic),
      events: [...SES_REPORTED_EVENTS],
    });

    // Lambda's failure records (the SNS message, which holds staff addresses) after its retries.
    this.deadLetterQueue = deadLetterQueue(
      this,
      'SesEventsDeadLetterQueue',
      nameIn(name, DEAD_LETTER_QUEUES.sesEvents),
      'of the ses-events function’s asynchronous invocations',
    );
    this.eventsFunction = lineOfSightFunction(this, 'SesEventsFunction', {
      functionName: nameIn(name, FUNCTIONS.sesEvents),
      entry: 'ses-events.ts',
      description: 'Marks addresses that bounced for good or complained undeliverable in the directory',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: functionEnvironment(stateful.table, 'line-of-sight-ses-events'),
      stateful,
      tableStatements: sesEventsTableStatements(stateful.table),
      onFailure: this.deadLetterQueue,
    });
    this.topic.addSubscription(new LambdaSubscription(this.eventsFunction));
    keepLogicalId(
      this.eventsFunction,
      'AWS::Lambda::Permission',
      'SesEventsFunctionAllowInvokeStatelessSesEventTopic70D717DDDAB2A78C',
    );

    new CfnOutput(this, 'SesEventsDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Bounces and complaints that could not be recorded',
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: this.configurationSet.configurationSetName,
      description: 'The SES configuration set every notice is sent through',
    });
  }
}
