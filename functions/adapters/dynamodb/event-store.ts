/**
 * The case event log in DynamoDB: an id claim per event, then the event under its case's partition;
 * or, for an import, a case's events together in gzipped bundles whose ids are claimed within the case
 * (see {@link DynamoCaseEventStore.appendCases} and docs/architecture.md, "Bulk write").
 */
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseEvent, canonicalJson } from '../../../events/index.ts';
import { allInParallel } from '../../concurrency.ts';
import { checkWholeCases, importIdSource } from '../../core/imports/reconcile.ts';
import type { AppendedCase, AppendOutcome, CaseEventStore, CaseEvents } from '../../core/ports.ts';
import {
  CASE_SORT_KEY_PREFIX,
  EVENT_CLAIM_HASH_ATTRIBUTE,
  itemKey,
  TABLE_KEY,
} from '../../storage/table-layout.ts';
import {
  batchWrite,
  caseItems,
  type Item,
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

/** The most a bundle's gzipped events may take: DynamoDB's item limit is 400 KB, key and attributes included. */
export const MAX_BUNDLE_BYTES = 350_000;

/** Cases whose events {@link DynamoCaseEventStore.appendCases} reads at once. */
const CASE_READ_CONCURRENCY = 8;

/** Which write path holds the ids of an import's source in a table (the `idNamespace` item's `owner`). */
type IdOwner = 'bulk' | 'ingest';

/**
 * A case's new events as bundles: one gzipped JSON list, halved until each part fits in
 * {@link MAX_BUNDLE_BYTES} (only a case of several thousand events needs more than one).
 */
function packed(events: readonly CaseEvent[]): { bytes: Buffer; count: number }[] {
  const bytes = gzipSync(JSON.stringify(events));
  if (bytes.length <= MAX_BUNDLE_BYTES || events.length === 1) return [{ bytes, count: events.length }];
  const half = Math.ceil(events.length / 2);
  return [...packed(events.slice(0, half)), ...packed(events.slice(half))];
}

/** The bundle items of one case's new events, each under a key of its own. */
function bundleItems(
  caseId: string,
  source: string,
  receivedAt: string,
  events: readonly CaseEvent[],
): Item[] {
  if (events.length === 0) return [];
  return packed(events).map(({ bytes, count }) => ({
    ...itemKey.eventBundle(caseId, source, receivedAt, randomBytes(6).toString('hex')),
    caseId,
    receivedAt,
    count,
    events: bytes,
  }));
}

/** The events of an item of a case's partition: an event item's one, or a bundle's. */
function eventsOfItem(item: Item): CaseEvent[] {
  if (item.events instanceof Uint8Array) {
    return JSON.parse(gunzipSync(item.events).toString('utf8')) as CaseEvent[];
  }
  return [item.event as CaseEvent];
}

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

/** Whether two events say the same, whatever their keys' order. */
const sameBody = (a: CaseEvent, b: CaseEvent) => canonicalJson(a) === canonicalJson(b);

/** An event as a case's log holds it, with when it was received. */
interface Held {
  event: CaseEvent;
  receivedAt: string;
}

/**
 * {@link CaseEventStore} on the single table. Every write is one conditional PutItem, so it runs on
 * dynalite (no transactions) and any step can be repeated after a crash; but for an import's bundles,
 * written in batches under keys of their own.
 */
export class DynamoCaseEventStore implements CaseEventStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();
  /** The owners of sources' ids this store has found: an owner never changes, so each is asked once. */
  private readonly owners = new Map<string, IdOwner>();

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
   *
   * An id of an import's shape (`importIdSource`) first claims its source's ids for ingest, unless an
   * import took them for its bundles ({@link claimSource}): then the id is looked for in its case
   * instead: a `duplicate` if there with the same body, a `conflict` with another, `reserved` if absent.
   */
  async append(event: CaseEvent, receivedAt: string): Promise<AppendOutcome> {
    const source = importIdSource(event.id);
    if (source !== null && (await this.ownerOf(source, 'ingest')) === 'bulk') {
      // Only the import writes these ids, in its case's bundles; this can only be a resend of one.
      const held = (await this.heldBy(event.caseId)).get(event.id);
      if (held === undefined) return 'reserved';
      return sameBody(held.event, event) ? 'duplicate' : 'conflict';
    }
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
   * A case's events: one query of its partition, every page, event items and bundles alike.
   * Strongly consistent, because ingest reads a case right after appending to it, and an eventually
   * consistent read could leave out the event just written.
   */
  async eventsOf(caseId: string): Promise<CaseEvent[]> {
    return [...(await this.heldBy(caseId)).values()].map((held) => held.event);
  }

  /**
   * Claims the ids an import of `source` makes for whole-case writes: the `idNamespace` item, put
   * if absent or already the bulk path's. False when ingest put it first.
   */
  async claimSource(source: string): Promise<boolean> {
    return (await this.ownerOf(source, 'bulk')) === 'bulk';
  }

  /**
   * Stores whole cases' events for an import of a claimed `source`. Each case's log is read (a
   * strongly consistent query, a few cases at a time); an event whose id it holds is a `duplicate` or
   * a `conflict`, and the rest go into new bundles, every case's together in batches of 25
   * (BatchWriteItem, unprocessed items sent again). Bundles are written under keys of their own, so a
   * write replaces nothing; two imports racing on a case could both store an id, which
   * {@link eventsOf} then reads once.
   *
   * The ids are claimed within their case only. That is enough because the source's ids are made by
   * its import alone (ingest keeps off them once the source is claimed: see {@link append}) and each
   * embeds the hash of its event's content, case included, so an id belongs to one case.
   *
   * @throws RangeError for a case given twice, an event of another case, or an id not of the source.
   * @throws Error when ingest holds the source's ids.
   */
  async appendCases(
    source: string,
    cases: readonly CaseEvents[],
    receivedAt: string,
  ): Promise<AppendedCase[]> {
    checkWholeCases(source, cases);
    if (!(await this.claimSource(source))) {
      throw new Error(`the ids of source ${source} are stored one event at a time in this table`);
    }
    const appended = await allInParallel(
      cases.map(({ caseId, events }) => async () => {
        const held = await this.heldBy(caseId);
        const fresh: CaseEvent[] = [];
        const outcomes = events.map((event): AppendOutcome => {
          const first = held.get(event.id);
          if (first) return sameBody(first.event, event) ? 'duplicate' : 'conflict';
          held.set(event.id, { event, receivedAt });
          fresh.push(event);
          return 'stored';
        });
        return { caseId, outcomes, events: [...held.values()].map((h) => h.event), fresh };
      }),
      CASE_READ_CONCURRENCY,
    );
    await batchWrite(
      this.client,
      this.tableName,
      appended
        .flatMap(({ caseId, fresh }) => bundleItems(caseId, source, receivedAt, fresh))
        .map((Item) => ({ PutRequest: { Item } })),
    );
    return appended.map(({ caseId, outcomes, events }) => ({ caseId, outcomes, events }));
  }

  /**
   * A case's events by id, each id once: as first received, should two imports racing on the case
   * both have stored it.
   */
  private async heldBy(caseId: string): Promise<Map<string, Held>> {
    const held = new Map<string, Held>();
    for await (const item of caseItems(this.client, this.tableName, caseId, 'event', this.reads, {
      consistent: true,
      pageSize: this.options.pageSize,
    })) {
      const receivedAt = String(item.receivedAt ?? '');
      // Checked against the contract when it arrived; not checked again, so that a later, stricter
      // contract cannot make stored history unreadable.
      for (const event of eventsOfItem(item)) {
        const first = held.get(event.id);
        if (first === undefined || receivedAt < first.receivedAt) held.set(event.id, { event, receivedAt });
      }
    }
    return held;
  }

  /**
   * The path that holds `source`'s ids, `wanted` if no other took them first: a conditional put of
   * the `idNamespace` item, once per source for the life of this store (an owner never changes).
   */
  private async ownerOf(source: string, wanted: IdOwner): Promise<IdOwner> {
    const known = this.owners.get(source);
    if (known) return known;
    let owner = wanted;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...itemKey.idNamespace(source), owner: wanted },
          ConditionExpression: 'attribute_not_exists(#pk) OR #owner = :owner',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': wanted },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      owner = wanted === 'bulk' ? 'ingest' : 'bulk';
    }
    this.owners.set(source, owner);
    return owner;
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
