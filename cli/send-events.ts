/**
 * Sending a file of case events to a deployment (`los ingest --bus`, `los ingest --http`): the events
 * a file check accepted, sent in the batches the way in takes, with progress for long files, and every
 * event the deployment did not take listed by its line. Event ids make sending a file again harmless:
 * ingest stores each event once.
 */
import type { CaseEvent, Problem } from '../events/index.ts';
import type { CaseProblem } from '../functions/ingest/ingest.ts';
import type { LinedEvent, RejectedEvent } from './read-events.ts';

/** What a deployment made of one event it was sent. */
export type SendOutcome =
  /** Stored (HTTPS), or taken by EventBridge for the ingest queue (the bus). */
  | { outcome: 'accepted' }
  /** Stored before: nothing changed (HTTPS). */
  | { outcome: 'duplicate' }
  /** Refused by ingest, and quarantined (HTTPS). */
  | { outcome: 'rejected'; problems: Problem[] }
  /** Not taken after every attempt (the bus), or given no outcome (HTTPS): sending it again may work. */
  | { outcome: 'not-accepted'; reason: string };

/** What one batch came to. */
export interface BatchResult {
  /** Each event's outcome, in the batch's order. */
  outcomes: SendOutcome[];
  /** Cases whose deadlines were recomputed (HTTPS; 0 for the bus, which ingests later). */
  cases: number;
  /** Deadlines of those cases their records do not let the rules work out (HTTPS). */
  caseProblems: CaseProblem[];
}

/** A deployment's way in: the case-event bus, or the HTTPS endpoint. */
export interface SendTarget {
  /** Where events go, for messages: the bus's name or the endpoint's address. */
  readonly name: string;
  /** Why an event cannot go this way (it is too large), or null. */
  refuse(event: CaseEvent): Problem | null;
  /** The events in the batches this way in takes, in order. */
  batches(events: readonly LinedEvent[]): LinedEvent[][];
  /**
   * Sends one batch. Throws {@link SendStopped} when nothing more can be sent (no credentials, not
   * allowed, the bus or endpoint not there, or it failed every attempt).
   */
  send(batch: readonly LinedEvent[]): Promise<BatchResult>;
  /** Lets go of its connections. */
  close(): void;
}

/** Why a send cannot go on, in a sentence that quotes no event. */
export class SendStopped extends Error {
  override name = 'SendStopped';
}

/** What sending a file came to. */
export interface SendSummary {
  /** The bus's name or the endpoint's address. */
  target: string;
  /** Events to send: each distinct event of the file once. */
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  notAccepted: number;
  /** Cases whose deadlines were recomputed (HTTPS). */
  cases: number;
  caseProblems: CaseProblem[];
  /** Every event sent and not taken (rejected, or not accepted), by line, with why. */
  refused: RejectedEvent[];
  /** Why sending stopped before the end of the file, from which line, and how many events were not sent. */
  stopped: { reason: string; fromLine: number; unsent: number } | null;
}

/**
 * Sends `events` through `target`, batch after batch, telling `progress` how many have been sent of
 * how many after each. Stops at the first {@link SendStopped}, leaving the rest unsent.
 */
export async function sendEvents(
  events: readonly LinedEvent[],
  target: SendTarget,
  progress: (sent: number, total: number) => void,
): Promise<SendSummary> {
  const summary: SendSummary = {
    target: target.name,
    events: events.length,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    notAccepted: 0,
    cases: 0,
    caseProblems: [],
    refused: [],
    stopped: null,
  };
  let sent = 0;
  for (const batch of target.batches(events)) {
    let result: BatchResult;
    try {
      result = await target.send(batch);
    } catch (error) {
      if (!(error instanceof SendStopped)) throw error;
      summary.stopped = {
        reason: error.message,
        fromLine: batch[0]?.line ?? 0,
        unsent: events.length - sent,
      };
      break;
    }
    result.outcomes.forEach((outcome, index) => {
      const { line, event } = batch[index] as LinedEvent;
      switch (outcome.outcome) {
        case 'accepted':
          summary.accepted += 1;
          break;
        case 'duplicate':
          summary.duplicates += 1;
          break;
        case 'rejected':
          summary.rejected += 1;
          summary.refused.push({ line, id: event.id, problems: outcome.problems });
          break;
        case 'not-accepted':
          summary.notAccepted += 1;
          summary.refused.push({ line, id: event.id, problems: [{ path: '', message: outcome.reason }] });
          break;
      }
    });
    summary.cases += result.cases;
    summary.caseProblems.push(...result.caseProblems);
    sent += batch.length;
    progress(sent, events.length);
  }
  return summary;
}

/**
 * A progress reporter for long files: a line each time another `every` events have been sent, with
 * the share of the file done.
 */
export function progressEvery(every: number, warn: (text: string) => void) {
  let next = every;
  return (sent: number, total: number) => {
    if (sent < next) return;
    while (next <= sent) next += every;
    warn(`${sent} of ${total} events sent (${Math.floor((100 * sent) / total)}%)…`);
  };
}
