/**
 * The notices queue on AWS: each {@link Notice} (a digest, an alert, a card) is one SQS message, its
 * JSON as the body, sent in batches of 10 (SQS's limit for SendMessageBatch). The queue is a standard
 * one: a message may arrive twice, and the notifier's ledger (one entry per line) sends each notice
 * once anyway. A message too big for SQS (a manager's digest in a very large council) is split into
 * parts by its lines; each part is a message of its own, and the ledger still sends each line once.
 *
 * SendMessageBatch can succeed as a call and still fail some entries. Those are sent again with
 * exponential backoff, a few times; if any is still refused, {@link send} throws, so the scheduled run
 * fails loudly and is retried, instead of a message being lost. (A message already sent before the
 * failure is sent again by the retry: harmless, for the same reason.) A call that fails as a whole is
 * retried by the AWS SDK's own retry strategy and then thrown.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import type { LineNotice, Notice } from '../../core/notices/message.ts';
import type { NoticeSink } from '../../core/ports.ts';

/** SQS's largest batch for SendMessageBatch. */
export const SQS_BATCH_SIZE = 10;

/** SQS's largest message, and largest batch in total, in bytes (256 KiB). */
export const SQS_MAX_BYTES = 256 * 1024;

/** The largest body sent: SQS's limit less room for the message's attributes. */
export const MAX_BODY_BYTES = SQS_MAX_BYTES - 6 * 1024;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * A notice as queue bodies: one, or (when too big) parts keyed `<key>#part<n>`, each with as many lines
 * as fit. A single line always fits: a line is a few hundred bytes. A weekly summary is always one
 * body: it has a row per rule and five cases at most, a few kilobytes.
 */
export function queueBodies(notice: Notice, maxBytes = MAX_BODY_BYTES): string[] {
  const whole = JSON.stringify(notice);
  if (notice.kind === 'weekly' || bytes(whole) <= maxBytes) return [whole];
  const parts: string[] = [];
  const body = (part: LineNotice['lines'], n: number) =>
    JSON.stringify({ ...notice, key: `${notice.key}#part${n}`, lines: part });
  // A part's size is its envelope plus each line and a comma: counted, not re-serialised per line.
  const envelope = bytes(body([], 99_999));
  let lines: LineNotice['lines'] = [];
  let size = envelope;
  for (const line of notice.lines) {
    const length = bytes(JSON.stringify(line)) + 1;
    if (lines.length > 0 && size + length > maxBytes) {
      parts.push(body(lines, parts.length + 1));
      lines = [];
      size = envelope;
    }
    lines.push(line);
    size += length;
  }
  parts.push(body(lines, parts.length + 1));
  return parts;
}

/** What the sink needs of an SQS client (an `SQSClient` has it; tests pass a fake). */
export interface SqsBatchClient {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
}

export interface SqsNoticeSinkOptions {
  /** Sends of a batch's failed entries, the first included, before giving up; 4 by default. */
  readonly maxAttempts?: number;
  /** The wait before the first resend, doubled each time; 200 ms by default. */
  readonly baseDelayMs?: number;
  /** How to wait; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Entries SQS still refused after every attempt: the run must fail and be retried. */
export class NoticeQueueError extends Error {
  constructor(
    /** The refused entries' SQS error codes (never the message bodies, which name cases). */
    readonly codes: readonly string[],
    readonly attempts: number,
  ) {
    super(
      `SQS refused ${codes.length} notice message(s) after ${attempts} attempt(s) (${[...new Set(codes)].join(', ')})`,
    );
    this.name = 'NoticeQueueError';
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SqsNoticeSink implements NoticeSink<Notice> {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: SqsBatchClient,
    private readonly queueUrl: string,
    options: SqsNoticeSinkOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.sleep = options.sleep ?? wait;
  }

  async send(notices: readonly Notice[]): Promise<void> {
    // Batches of at most ten bodies and at most SQS's limit in total.
    let batch: string[] = [];
    let size = 0;
    for (const body of notices.flatMap((notice) => queueBodies(notice))) {
      const length = bytes(body);
      if (batch.length === SQS_BATCH_SIZE || (batch.length > 0 && size + length > MAX_BODY_BYTES)) {
        await this.sendBatch(batch);
        batch = [];
        size = 0;
      }
      batch.push(body);
      size += length;
    }
    if (batch.length > 0) await this.sendBatch(batch);
  }

  private async sendBatch(bodies: readonly string[]): Promise<void> {
    // Ids need only be unique within a batch: the position will do.
    let pending: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({
      Id: String(index),
      MessageBody: body,
    }));
    for (let attempt = 1; ; attempt += 1) {
      const { Failed: failed = [] } = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      if (failed.length === 0) return;
      const failedIds = new Set(failed.map((entry) => entry.Id));
      pending = pending.filter((entry) => failedIds.has(entry.Id));
      // A sender fault (a message SQS will never take) is not worth waiting for.
      if (attempt >= this.maxAttempts || failed.some((entry) => entry.SenderFault)) {
        throw new NoticeQueueError(
          failed.map((entry) => entry.Code ?? 'Unknown'),
          attempt,
        );
      }
      await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
