/**
 * EventBridge `PutEvents` as both senders use it: `los ingest --bus` (case events onto the case-event
 * bus) and the deadline-event publisher (the pipeline's own events onto the deadlines bus).
 *
 * A call takes at most {@link PUT_EVENTS_MAX_ENTRIES} entries and less than {@link PUT_EVENTS_MAX_BYTES}
 * in all, counted as EventBridge counts them ({@link entrySize}). EventBridge answers a call with one
 * result per entry, in order: an `EventId`, or an `ErrorCode` (and `FailedEntryCount` says how many
 * failed), so a call can succeed and still fail some entries. Only those whose code says a retry may
 * work ({@link RETRYABLE_ERROR_CODES}) are sent again, after a growing wait; the others (a malformed
 * detail, access denied) would fail the same way. A call that fails as a whole is retried by the AWS
 * SDK's own strategy and then thrown, for the caller to decide.
 */
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';

/** The most entries one `PutEvents` call takes. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/** The size one `PutEvents` call's entries must stay under, in bytes (256 KB). */
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** The entry error codes the SDK documents as worth a retry; any other fails the same way again. */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'ThrottlingException']);

const utf8Bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/**
 * An entry's size as EventBridge counts it against the call's limit: 14 bytes for `Time` when given, and
 * the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  return (
    (entry.Time ? 14 : 0) +
    utf8Bytes(entry.Source) +
    utf8Bytes(entry.DetailType) +
    utf8Bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((total, resource) => total + utf8Bytes(resource), 0)
  );
}

/**
 * `items` in order, in batches of at most `maxCount` items whose sizes add up to less than `maxBytes`.
 * An item as large as `maxBytes` on its own makes a batch alone: callers refuse such items first.
 */
export function batchesOf<T>(
  items: readonly T[],
  limits: { maxCount: number; maxBytes: number },
  sizeOf: (item: T) => number,
): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (batch.length >= limits.maxCount || bytes + size >= limits.maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** What became of one entry: the id EventBridge gave it, or the error code of its last attempt. */
type EntryOutcome = { eventId: string } | { errorCode: string };

/** How often and how patiently entries are sent again. */
export interface PutRetry {
  /** Calls per batch at most: the first, and the retries of what failed. */
  attempts: number;
  /** Waits `ms`; tests pass one that does not wait. */
  sleep: (ms: number) => Promise<void>;
}

/** The wait before retry `n` (from 1): 200 ms, doubling, at most 5 s. */
export const retryDelayMs = (n: number) => Math.min(200 * 2 ** (n - 1), 5_000);

/** Waits `ms` milliseconds. */
export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts one batch (within the limits above), sending again only the entries that failed with a
 * retryable code, up to `retry.attempts` calls in all. Each entry's outcome, in the batch's order.
 * Throws what the SDK throws when a call fails as a whole.
 */
export async function putBatch(
  client: EventBridgeClient,
  entries: readonly PutEventsRequestEntry[],
  retry: PutRetry,
): Promise<EntryOutcome[]> {
  const outcomes: EntryOutcome[] = entries.map(() => ({ errorCode: 'NotSent' }));
  let pending = entries.map((_, index) => index);
  for (let attempt = 1; pending.length > 0 && attempt <= retry.attempts; attempt++) {
    if (attempt > 1) await retry.sleep(retryDelayMs(attempt - 1));
    const answer = await client.send(
      new PutEventsCommand({ Entries: pending.map((index) => entries[index] as PutEventsRequestEntry) }),
    );
    const again: number[] = [];
    pending.forEach((index, position) => {
      const result = answer.Entries?.[position];
      if (result?.EventId) {
        outcomes[index] = { eventId: result.EventId };
        return;
      }
      // An entry EventBridge gave no result for is treated as an internal failure: worth another try.
      const errorCode = result?.ErrorCode ?? 'InternalFailure';
      outcomes[index] = { errorCode };
      if (RETRYABLE_ERROR_CODES.has(errorCode)) again.push(index);
    });
    pending = again;
  }
  return outcomes;
}
