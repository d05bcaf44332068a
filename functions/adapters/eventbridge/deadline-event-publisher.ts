/**
 * The deadline events on AWS: each {@link DeadlineEvent} is one entry on the deadlines bus
 * (`line-of-sight-<env>-deadlines`), with source `line-of-sight`, its kind as the detail-type, its time
 * as the entry's time and its detail as JSON. Entries go 10 at a time; those EventBridge fails with a
 * retryable code are sent again a few times ({@link putBatch}). Best effort: what still fails, and a
 * call that fails whole, is counted and never thrown (see {@link DeadlineEventPublisher}).
 */
import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DEADLINE_EVENT_SOURCE, type DeadlineEvent } from '../../../events/index.ts';
import type { DeadlineEventPublisher } from '../../core/ports.ts';
import {
  batchesOf,
  entrySize,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  type PutRetry,
  putBatch,
  wait,
} from './put-events.ts';

/**
 * Calls per batch: a few, so a run or a delivery is held up by seconds at most (the waits add up to
 * 600 ms) when EventBridge is throttling.
 */
const PUBLISH_RETRY: PutRetry = { attempts: 3, sleep: wait };

/** Publishes deadline events on one bus. */
export class EventBridgeDeadlineEventPublisher implements DeadlineEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly retry: PutRetry = PUBLISH_RETRY,
  ) {}

  async publish(events: readonly DeadlineEvent[]): Promise<number> {
    const entries = events.map(
      (event): PutEventsRequestEntry => ({
        EventBusName: this.busName,
        Source: DEADLINE_EVENT_SOURCE,
        DetailType: event.detailType,
        Time: new Date(event.detail.time),
        Detail: JSON.stringify(event.detail),
      }),
    );
    let failed = 0;
    for (const batch of batchesOf(
      entries,
      { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_BYTES },
      entrySize,
    )) {
      try {
        const outcomes = await putBatch(this.client, batch, this.retry);
        failed += outcomes.filter((outcome) => 'errorCode' in outcome).length;
      } catch {
        // Throttled past the SDK's retries, or not allowed: these are lost, and counted for the alarm.
        failed += batch.length;
      }
    }
    return failed;
  }
}
