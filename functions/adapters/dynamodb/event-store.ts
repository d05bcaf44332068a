/**
 * The case event log in DynamoDB: an id claim per event, then the event under its case's partition.
 */
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseEvent, canonicalJson } from '../../../events/index.ts';
import type { AppendOutcome, CaseEventStore } from '../../core/ports.ts';
import {
  CASE_SORT_KEY_PREFIX,
  EVENT_CLAIM_HASH_ATTRIBUTE,
  itemKey,
  TABLE_KEY,
} from '../../storage/table-layout.ts';
import {
  batchWrite,
  caseItems,
  isConditionFailed,
  noReads,
  plainJson,
  type ReadStats,
  scanItems,
} from './shared.ts';

/** Options of {@link DynamoCaseEventStore}. */
export interface DynamoCaseEventStoreOptions {
  /** Items per query or scan page (`Limit`); DynamoDB's 1 MB page when left out. Tests set it to cross pages. */
  pageSize?: number;
}

/** SHA-256 (hex) of an event's canonical JSON: the same body gives the same hash whatever its key order. */
export function eventBodyHash(event: CaseEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

/** The claim of an event's id: its body's hash and its case. */
const claimItem = (event: CaseEvent, bodyHash: string) => ({
  ...itemKey.eventIdClaim(event.id),
  [EVENT_CLAIM_HASH_ATTRIBUTE]: bodyHash,
  caseId: event.caseId,
});

/** An accepted event as stored. */
const eventItem = (event: CaseEvent, receivedAt: string) => ({
  ...itemKey.caseEvent(event.caseId, event.occurredAt, event.id),
  caseId: event.caseId,
  eventId: event.id,
  type: event.type,
  receivedAt,
  event: plainJson(event),
});

/**
 * Writes events with distinct ids into an EMPTY store in bulk (BatchWriteItem, no conditions): the
 * same items {@link DynamoCaseEventStore.append} writes, for seeding a local store with a synthetic
 * council. Not for live input: without the conditions, a repeated or conflicting id would overwrite.
 *
 * @throws RangeError when two events share an id.
 */
export async function seedCaseEvents(
  client: DynamoDBDocumentClient,
  tableName: string,
  events: readonly CaseEvent[],
  receivedAt: string,
): Promise<void> {
  const ids = new Set<string>();
  const requests = events.flatMap((event) => {
    if (ids.has(event.id)) throw new RangeError(`event id ${event.id} appears twice in the seed`);
    ids.add(event.id);
    return [claimItem(event, eventBodyHash(event)), eventItem(event, receivedAt)].map((Item) => ({
      PutRequest: { Item },
    }));
  });
  await batchWrite(client, tableName, requests);
}

/**
 * {@link CaseEventStore} on the single table. Every write is one conditional PutItem, so it runs on
 * dynalite (no transactions) and any step can be repeated after a crash.
 */
export class DynamoCaseEventStore implements CaseEventStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoCaseEventStoreOptions = {},
  ) {}

  /**
   * Claims the event's id, then writes the event if it is not already there. Two writes, each safe to
   * repeat: the claim (`EVENTID#<id>`, holding the body's hash) succeeds for a new id and for the same
   * body again, and fails only for a different body, which is a `conflict` and writes nothing more. The
   * event item is then put only if absent: the call that creates it reports `stored`, any other
   * `duplicate`. So a retry after a crash between the two writes still stores the event, and reports
   * `stored`, since that call is the one that stored it.
   */
  async append(event: CaseEvent, receivedAt: string): Promise<AppendOutcome> {
    const bodyHash = eventBodyHash(event);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: claimItem(event, bodyHash),
          ConditionExpression: 'attribute_not_exists(#pk) OR #hash = :hash',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#hash': EVENT_CLAIM_HASH_ATTRIBUTE },
          ExpressionAttributeValues: { ':hash': bodyHash },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return 'conflict';
      throw error;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: eventItem(event, receivedAt),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
        }),
      );
      return 'stored';
    } catch (error) {
      // Same id, same body (the claim said so), already stored: a resend.
      if (isConditionFailed(error)) return 'duplicate';
      throw error;
    }
  }

  /**
   * A case's events: one query of its partition, every page. Strongly consistent, because ingest reads
   * a case right after appending to it, and an eventually consistent read could leave out the event
   * just written.
   */
  async eventsOf(caseId: string): Promise<CaseEvent[]> {
    const events: CaseEvent[] = [];
    for await (const item of caseItems(this.client, this.tableName, caseId, 'event', this.reads, {
      consistent: true,
      pageSize: this.options.pageSize,
    })) {
      // Checked against the contract when it arrived; not checked again, so that a later, stricter
      // contract cannot make stored history unreadable.
      events.push(item.event as CaseEvent);
    }
    return events;
  }

  /**
   * Every case with at least one stored event, each once. No index lists cases, so this is a Scan of
   * the whole table filtered to event items: it reads (and is billed for) every item of every kind,
   * growing with the table rather than with the number of cases. Meant for rebuilds and rare full
   * re-evaluations, never for a per-event or per-run path; if full evaluations become routine, the
   * layout needs a case registry (an item per case, or a sparse index) instead.
   */
  async *caseIds(): AsyncIterable<string> {
    const seen = new Set<string>();
    for await (const item of scanItems(
      this.client,
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(#sk, :prefix)',
        ProjectionExpression: '#caseId',
        ExpressionAttributeNames: { '#sk': TABLE_KEY.sortKey, '#caseId': 'caseId' },
        ExpressionAttributeValues: { ':prefix': CASE_SORT_KEY_PREFIX.event },
        Limit: this.options.pageSize,
      },
      this.reads,
    )) {
      const caseId = item.caseId as string;
      if (!seen.has(caseId)) {
        seen.add(caseId);
        yield caseId;
      }
    }
  }
}
