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

/** Every item of one partition, page after page; `consistent` for reads that must see a write just made. */
export function partitionItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  stats: ReadStats,
  options: { consistent?: boolean; pageSize?: number } = {},
): AsyncGenerator<Item> {
  return queryItems(
    client,
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
      ConsistentRead: options.consistent,
      Limit: options.pageSize,
    },
    stats,
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Refuses a day that is not `YYYY-MM-DD` (the day-partitioned kinds' keys).
 *
 * @throws RangeError otherwise.
 */
export function checkDay(day: string): void {
  if (!DAY.test(day)) throw new RangeError(`A day must be YYYY-MM-DD, not ${day}`);
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
 * Sends `items` in chunks of `size`, a few chunks at once, each chunk's `send` called again, with a
 * growing wait, for what DynamoDB left unprocessed (`left`); what each call gave back (`done`), flat.
 *
 * @throws Error when `what` is still unprocessed after {@link MAX_ATTEMPTS} attempts.
 */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  what: string,
  send: (pending: T[]) => Promise<{ done?: readonly R[]; left: T[] }>,
): Promise<R[]> {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  const done = await allInParallel(
    batches.map((batch) => async () => {
      const results: R[] = [];
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new Error(
            `DynamoDB left ${pending.length} ${what} unprocessed after ${MAX_ATTEMPTS} attempts`,
          );
        }
        if (attempt > 1) await delay(FIRST_RETRY_MS * 2 ** (attempt - 2));
        const result = await send(pending);
        results.push(...(result.done ?? []));
        pending = result.left;
      }
      return results;
    }),
    PARALLEL_BATCHES,
  );
  return done.flat();
}

/**
 * The items of `keys` that exist (strongly consistent), 100 keys a request, a few requests at once,
 * asking again, with a growing wait, for what DynamoDB left unprocessed; `projection` as a query's.
 *
 * @throws Error when keys are still unprocessed after {@link MAX_ATTEMPTS} attempts.
 */
export function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { readonly pk: string; readonly sk: string }[],
  stats: ReadStats,
  projection?: { expression: string; names: Record<string, string> },
): Promise<Item[]> {
  return inBatches(
    keys.map((key): Item => ({ ...key })),
    BATCH_GET_SIZE,
    'reads',
    async (pending) => {
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
      return { done: got, left: result.UnprocessedKeys?.[tableName]?.Keys ?? [] };
    },
  );
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
  await inBatches(requests, BATCH_SIZE, 'writes', async (pending) => {
    const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    return { left: result.UnprocessedItems?.[tableName] ?? [] };
  });
}
