/**
 * Deadline events kept in memory, in the order published: for tests, and for the local pipeline run
 * without a data directory (`los demo`).
 */
import type { DeadlineEvent } from '../../../events/index.ts';
import type { DeadlineEventPublisher } from '../../core/ports.ts';

export class MemoryDeadlineEventPublisher implements DeadlineEventPublisher {
  /** Every event published so far. */
  readonly events: DeadlineEvent[] = [];

  async publish(events: readonly DeadlineEvent[]): Promise<number> {
    this.events.push(...structuredClone(events));
    return 0;
  }
}
