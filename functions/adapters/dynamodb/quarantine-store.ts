/**
 * Refused input in DynamoDB, one item per input under its UTC day, kept for people to correct and
 * resend until DynamoDB's time to live removes it.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Problem } from '../../../events/index.ts';
import type { QuarantineEntry, QuarantineStore } from '../../core/ports.ts';
import { itemKey, TTL_ATTRIBUTE } from '../../storage/table-layout.ts';
import { checkDay, noReads, partitionItems, plainJson, type ReadStats } from './shared.ts';

/** How long refused input is kept after it arrived. */
export const QUARANTINE_RETENTION_DAYS = 90;

/** DynamoDB's item size limit (400 KB), names and values included. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** Room left for the gap between our estimate of an item's size and DynamoDB's count. */
const HEADROOM_BYTES = 2 * 1024;

/**
 * The most of an item the problem list may take. A large input can produce a problem per unknown key;
 * the raw input matters more to whoever corrects it than the thousandth problem.
 */
const MAX_PROBLEM_BYTES = 64 * 1024;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The note appended to raw input that had to be cut, so nobody mistakes it for the whole input. */
export const truncationNote = (keptBytes: number, totalBytes: number) =>
  `\n[truncated by Line of Sight to fit the store: the first ${keptBytes} of ${totalBytes} bytes are kept]`;

/** Problems up to the budget; if some are left out, a last problem says how many. */
function problemsThatFit(problems: readonly Problem[]): Problem[] {
  const kept: Problem[] = [];
  let bytes = 0;
  for (const problem of problems) {
    bytes += utf8Bytes(JSON.stringify(problem));
    if (bytes > MAX_PROBLEM_BYTES) {
      const left = problems.length - kept.length;
      return [
        ...kept,
        { path: '', message: `and ${left} more problems, not kept: the list is too long to store` },
      ];
    }
    kept.push(problem);
  }
  return kept;
}

/** The longest start of `text` that takes at most `maxBytes` in UTF-8, never splitting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}

/** The raw input, or as much of it as fits in `room` bytes with the note that it was cut. */
function rawThatFits(raw: string, room: number) {
  const total = utf8Bytes(raw);
  if (total <= room) return { raw };
  // The note's length depends on the numbers in it; written with the largest it can hold, it bounds itself.
  const kept = utf8Prefix(raw, Math.max(0, room - utf8Bytes(truncationNote(total, total))));
  return { raw: kept + truncationNote(utf8Bytes(kept), total), rawTruncated: true, rawBytes: total };
}

// Entries of one batch share a `receivedAt`; the counter keeps them in the order they were refused,
// and the random part keeps entries from different processes apart.
let sequence = 0;
const entryId = () => `${String(sequence++ % 1e8).padStart(8, '0')}-${randomUUID()}`;

/** Options of {@link DynamoQuarantineStore}. */
export interface DynamoQuarantineStoreOptions {
  /** Items per query page (`Limit`); DynamoDB's 1 MB page when left out. */
  pageSize?: number;
}

/**
 * {@link QuarantineStore} on the single table: `QUARANTINE#<UTC day>` partitions, entries in arrival
 * order, `expiresAt` {@link QUARANTINE_RETENTION_DAYS} days after arrival (time to live is set on the
 * table by the stack on AWS; dynalite keeps everything).
 *
 * An entry always fits in an item: past the limit the problem list is cut (with a last problem saying
 * how many were left out) and then the raw input (with {@link truncationNote} appended, and the item
 * marked `rawTruncated` with the input's full size in `rawBytes`). A put that failed on size would be
 * retried forever and lose the input altogether.
 */
export class DynamoQuarantineStore implements QuarantineStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoQuarantineStoreOptions = {},
  ) {}

  /** Stores one refused input; `receivedAt` must be an ISO instant in UTC (it names the day). */
  async put(entry: QuarantineEntry): Promise<void> {
    const rest = {
      ...itemKey.quarantine(entry.receivedAt, entryId()),
      receivedAt: entry.receivedAt,
      channel: entry.channel,
      problems: plainJson(problemsThatFit(entry.problems)),
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(entry.receivedAt) / 1000) + QUARANTINE_RETENTION_DAYS * 86_400,
    };
    // Estimated as JSON, which counts more than DynamoDB does (quotes, braces, commas): the safe side.
    const room = MAX_ITEM_BYTES - HEADROOM_BYTES - utf8Bytes(JSON.stringify({ ...rest, raw: '' }));
    const item = { ...rest, ...rawThatFits(entry.raw, room) };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /** The entries received on a UTC day (`YYYY-MM-DD`), in the order they arrived. */
  async onDay(day: string): Promise<QuarantineEntry[]> {
    checkDay(day);
    const entries: QuarantineEntry[] = [];
    // Every entry received on the day is in the partition its first instant names.
    const partition = itemKey.quarantine(`${day}T00:00:00.000Z`, '').pk;
    for await (const item of partitionItems(this.client, this.tableName, partition, this.reads, {
      pageSize: this.options.pageSize,
    })) {
      entries.push({
        receivedAt: item.receivedAt as string,
        channel: item.channel as string,
        raw: item.raw as string,
        problems: item.problems as Problem[],
      });
    }
    return entries;
  }
}
