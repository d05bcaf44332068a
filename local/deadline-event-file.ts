/**
 * The deadline events on one machine: each is appended to a file as one line of JSON, in the shape an
 * EventBridge rule's target receives it from the deadlines bus on AWS (`source`, `detail-type`, `time`,
 * `detail`), so what a council builds on them can be tried against `npm start` first. The file is
 * `<dataDir>/outbox/deadline-events.ndjson`; `los serve` prints where.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DeadlineEvent, deadlineEventEnvelope } from '../events/index.ts';
import type { DeadlineEventPublisher } from '../functions/core/ports.ts';

/** Where a data directory's deadline events go. */
export const deadlineEventFileOf = (dataDir: string) => join(dataDir, 'outbox', 'deadline-events.ndjson');

/** Appends each event to a file as a line of JSON. */
export class FileDeadlineEventPublisher implements DeadlineEventPublisher {
  constructor(readonly path: string) {}

  async publish(events: readonly DeadlineEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(
        this.path,
        events.map((event) => `${JSON.stringify(deadlineEventEnvelope(event))}\n`).join(''),
      );
      return 0;
    } catch {
      // A full disk or a folder made read-only: counted as not published, as on AWS.
      return events.length;
    }
  }
}
