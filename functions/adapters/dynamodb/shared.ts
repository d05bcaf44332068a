/**
 * The plumbing every DynamoDB store shares: reading every page of a query or scan while counting what
 * was read, telling a failed condition from a real error, running a few requests (or a few scans) at a
 * time, writing in bulk, and turning values into plain JSON before they are written.
 */

import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { allInParallel } from '../../concurrency.ts';
import { CASE_SORT_KEY_PREFIX, itemKey, TABLE_KEY } from '../../storage/table-layout.ts';

/** An item as the document client returns it. */
export type Item = Record<string, unknown>;

/**
 * What a store has read since it was made: DynamoDB bills reads by the items it examines, so this is
 * what shows whether an access pattern reads what it needs or the whole table.
 */
export interface ReadStats {
  /** Items examined (a query's or scan's `ScannedCount`, 1 per item found by a GetItem). */
  items: number;
  /** Requests made: pages of queries and scans, and GetItems. */
  requests: number;
}

/** A fresh, zeroed {@link ReadStats}. */
export const noReads = (): ReadStats => ({ items: 0, requests: 0 });

interface Page {
  Items?: Item[];
  LastEvaluatedKey?: Item;
  ScannedCount?: number;
}

async function* pagesOf(readPage: (start: Item | undefined) => Promise<Page>, stats: ReadStats) {
  let start: Item | undefined;
  do {
    const page = await readPage(start);
    stats.requests += 1;
    stats.items += page.ScannedCount ?? page.Items?.length ?? 0;
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** Every item a query matches, page after page (a page stops at 1 MB, or at `Limit` items). */
export function queryItems(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  stats: ReadStats,
): AsyncGenerator<Item> {
  return pagesOf((start) => client.send(new QueryCommand({ ...input, ExclusiveStartKey: start })), stats);
}

/** What {@link caseItems} reads besides the case and the kind. */
export interface CaseItemsOptions {
  /** Strongly consistent: for reads that must see a write just made. */
  consistent?: boolean;
  /** Items per page (`Limit`); DynamoDB's 1 MB page when left out. */
  pageSize?: number;
  /** Only these attributes, with their `#name` placeholders (`#version` and so on). */
  projection?: { expression: string; names: Record<string, string> };
}

/**
 * Every item of one kind in a case's partition (events, deadlines or notices: their sort keys start
 * `EVENT#`, `DEADLINE#`, `NOTICE#`), page after page.
 */
export function caseItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  caseId: string,
  kind: keyof typeof CASE_SORT_KEY_PREFIX,
  stats: ReadStats,
  options: CaseItemsOptions = {},
): AsyncGenerator<Item> {
  return queryItems(
    client,
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: {
        '#pk': TABLE_KEY.partitionKey,
        '#sk': TABLE_KEY.sortKey,
        ...options.projection?.names,
      },
      ExpressionAttributeValues: {
        // Every item of a case shares its partition; the projection's key names it.
        ':pk': itemKey.caseProjection(caseId).pk,
        ':prefix': CASE_SORT_KEY_PREFIX[kind],
      },
      ProjectionExpression: options.projection?.expression,
      // Named, not implied, so that an IAM condition on `dynamodb:Select` (the run's ledger read) holds.
      ...(options.projection && { Select: 'SPECIFIC_ATTRIBUTES' }),
      ConsistentRead: options.consistent,
      Limit: options.pageSize,
    },
    stats,
  );
}

/** Every item a scan keeps after its filter; `stats` counts every item it examined. */
export function scanItems(
  client: DynamoDBDocumentClient,
  input: Omit<ScanCommandInput, 'ExclusiveStartKey'>,
  stats: ReadStats,
): AsyncGenerator<Item> {
  return pagesOf((start) => client.send(new ScanCommand({ ...input, ExclusiveStartKey: start })), stats);
}

/**
 * Whether a write was refused by its condition. Matched by name rather than `instanceof` so that it
 * holds whichever copy of the SDK threw it.
 */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * A value as plain JSON data: undefined members dropped, dates as strings. The document client refuses
 * `undefined` unless the caller built it with `removeUndefinedValues`, and the stores take whatever
 * client they are given.
 */
export function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One put or delete of a BatchWriteItem. */
export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;
/** Batches in flight at once: quick without a burst that on-demand capacity would throttle. */
const PARALLEL_BATCHES = 4;
/** Attempts at a batch whose items DynamoDB left unprocessed (throttling) before giving up. */
const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 50;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** BatchGetItem's limit. */
const BATCH_GET_SIZE = 100;

/**
 * The items of `keys` that exist (strongly consistent), 100 keys a request, a few requests at once,
 * asking again, with a growing wait, for what DynamoDB left unprocessed; `projection` as a query's.
 *
 * @throws Error when keys are still unprocessed after {@link MAX_ATTEMPTS} attempts.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { readonly pk: string; readonly sk: string }[],
  stats: ReadStats,
  projection?: { expression: string; names: Record<string, string> },
): Promise<Item[]> {
  const chunks: Item[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_SIZE) {
    chunks.push(keys.slice(start, start + BATCH_GET_SIZE).map((key) => ({ ...key })));
  }
  const found = await allInParallel(
    chunks.map((chunk) => async () => {
      const items: Item[] = [];
      let pending = chunk;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new Error(`DynamoDB left ${pending.length} reads unprocessed after ${MAX_ATTEMPTS} attempts`);
        }
        if (attempt > 1) await delay(FIRST_RETRY_MS * 2 ** (attempt - 2));
        const result = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: pending,
                ConsistentRead: true,
                ProjectionExpression: projection?.expression,
                ExpressionAttributeNames: projection?.names,
              },
            },
          }),
        );
        const got = result.Responses?.[tableName] ?? [];
        stats.requests += 1;
        stats.items += got.length;
        items.push(...got);
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
      return items;
    }),
    PARALLEL_BATCHES,
  );
  return found.flat();
}

/**
 * Writes puts and deletes 25 at a time (unconditional: BatchWriteItem takes no conditions), sending
 * again, with a growing wait, whatever DynamoDB left unprocessed.
 *
 * @throws Error when items are still unprocessed after {@link MAX_ATTEMPTS} attempts.
 */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_SIZE) {
    batches.push(requests.slice(start, start + BATCH_SIZE));
  }
  await allInParallel(
    batches.map((batch) => async () => {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new Error(
            `DynamoDB left ${pending.length} writes unprocessed after ${MAX_ATTEMPTS} attempts`,
          );
        }
        if (attempt > 1) await delay(FIRST_RETRY_MS * 2 ** (attempt - 2));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = result.UnprocessedItems?.[tableName] ?? [];
      }
    }),
    PARALLEL_BATCHES,
  );
}
