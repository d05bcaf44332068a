/**
 * What a function that publishes deadline events (the scheduled run, the notifier) is given: the
 * deadlines bus's name in its environment, and `events:PutEvents` on that bus only, with the source
 * `line-of-sight` and the detail-types it publishes only, so neither can put any other event there nor
 * anything on the case-event bus.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DEADLINE_EVENT_SOURCE, type DeadlineEventType } from '../../events/index.ts';
import { ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import type { StatefulResources } from '../stateful-stack.ts';

/** The environment variable naming the deadlines bus. */
export const deadlineEventsEnvironment = (stateful: StatefulResources): Record<string, string> => ({
  [ENVIRONMENT.deadlineEventBus]: stateful.deadlineEventBus.eventBusName,
});

/** Lets `fn` put the deadline events of `detailTypes` on the deadlines bus. */
export function allowDeadlineEvents(
  fn: NodejsFunction,
  stateful: StatefulResources,
  detailTypes: readonly DeadlineEventType[],
): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'DeadlineEvents',
      actions: ['events:PutEvents'],
      resources: [stateful.deadlineEventBus.eventBusArn],
      conditions: {
        StringEquals: { 'events:source': DEADLINE_EVENT_SOURCE, 'events:detail-type': [...detailTypes] },
      },
    }),
  );
}
