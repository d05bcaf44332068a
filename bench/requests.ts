/**
 * DynamoDB requests and capacity units as the benchmark's stores make them: what the cost model
 * prices. A middleware on the document client asks every item request for its consumed capacity, which
 * dynalite reports for item writes and gets; queries and scans it does not report, so their read units
 * are worked out from the items returned, as DynamoDB bills them (4 KB a unit over the page, half for
 * an eventually consistent read). Writes that put an item in the `due` index or take it out also write
 * the index (projection ALL), which dynalite does not count: the same units again are added.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DUE_INDEX } from '../functions/storage/table-layout.ts';

/** What one phase of a benchmark asked of DynamoDB. */
export interface RequestCounts {
  /** Requests by command (`PutItemCommand`, `QueryCommand`, …). */
  requests: Record<string, number>;
  /** Write request units, the `due` index's included. */
  writeUnits: number;
  /** Of which the `due` index's. */
  indexWriteUnits: number;
  readUnits: number;
  /** Bytes of the items written by PutItem, to size the table. */
  putBytes: number;
  puts: number;
}

const noRequests = (): RequestCounts => ({
  requests: {},
  writeUnits: 0,
  indexWriteUnits: 0,
  readUnits: 0,
  putBytes: 0,
  puts: 0,
});

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The size DynamoDB gives a value, as the document client holds it: text in UTF-8 bytes, a number
 * about a byte per two digits, lists and maps 3 bytes and a byte per element besides their content.
 */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce<number>((sum, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value))
    return 3 + value.reduce<number>((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value !== null && typeof value === 'object') {
    return 3 + Object.keys(value).length + itemBytes(value as Record<string, unknown>);
  }
  return 1;
}

/** An item's size as DynamoDB bills it: each attribute's name and value. */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) bytes += utf8Bytes(name) + valueBytes(value);
  }
  return bytes;
}

const ITEM_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'GetItemCommand',
  'BatchWriteItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
]);
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);

/** Whether a write puts the item in the `due` index, or takes it out. */
function touchesDueIndex(input: Record<string, unknown>): boolean {
  const item = input.Item as Record<string, unknown> | undefined;
  if (item) return DUE_INDEX.partitionKey in item;
  const names = Object.values((input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {});
  return names.includes(DUE_INDEX.partitionKey);
}

const MIDDLEWARE = 'benchRequestCounter';

/**
 * Counts what a client asks of DynamoDB while attached, by phase: the benchmark names the phase (the
 * events appended, the recomputes) before the work it is about to do.
 */
export class RequestCounter {
  phase = 'other';
  private readonly byPhase = new Map<string, RequestCounts>();

  attach(client: DynamoDBDocumentClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        if (!ITEM_COMMANDS.has(command)) return next(args);
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const counts = this.countsOf(this.phase);
        counts.requests[command] = (counts.requests[command] ?? 0) + 1;
        const result = await next(args);
        this.count(counts, command, input, result.output as Record<string, unknown>);
        return result;
      },
      // Before the document client's marshalling, so items are counted as plain values.
      { step: 'serialize', priority: 'high', name: MIDDLEWARE },
    );
    return this;
  }

  detach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.remove(MIDDLEWARE);
  }

  /** What each phase has asked for so far. */
  counts(phase: string): RequestCounts {
    return this.byPhase.get(phase) ?? noRequests();
  }

  private countsOf(phase: string): RequestCounts {
    let counts = this.byPhase.get(phase);
    if (!counts) {
      counts = noRequests();
      this.byPhase.set(phase, counts);
    }
    return counts;
  }

  private count(
    counts: RequestCounts,
    command: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ) {
    const reported = ([] as unknown[])
      .concat(output.ConsumedCapacity ?? [])
      .reduce<number>((sum, entry) => sum + ((entry as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
    if (READS.has(command)) {
      if (command === 'QueryCommand' || command === 'ScanCommand') {
        const items = (output.Items as Record<string, unknown>[] | undefined) ?? [];
        const bytes = items.reduce((sum, item) => sum + itemBytes(item), 0);
        const units = Math.max(1, Math.ceil(bytes / 4096));
        counts.readUnits += input.ConsistentRead === true ? units : units / 2;
      } else {
        counts.readUnits += reported;
      }
      return;
    }
    counts.writeUnits += reported;
    if (command !== 'BatchWriteItemCommand' && touchesDueIndex(input)) {
      counts.writeUnits += reported;
      counts.indexWriteUnits += reported;
    }
    if (command === 'PutItemCommand') {
      counts.puts += 1;
      counts.putBytes += itemBytes(input.Item as Record<string, unknown>);
    }
  }
}
