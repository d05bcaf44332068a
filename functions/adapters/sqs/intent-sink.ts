/**
 * The intents queue on AWS: each {@link NoticeIntent} is one SQS message, its JSON as the body, sent in
 * batches of 10 (SQS's limit for SendMessageBatch). The queue is a standard one: a message may arrive
 * twice, and the notifier's ledger (keyed on `NoticeIntent.key`) sends each notice once anyway.
 *
 * SendMessageBatch can succeed as a call and still fail some entries. Those are sent again with
 * exponential backoff, a few times; if any is still refused, {@link send} throws, so the scheduled run
 * fails loudly and is retried, instead of an intent being lost. (An intent already sent before the
 * failure is sent again by the retry: harmless, for the same reason.) A call that fails as a whole is
 * retried by the AWS SDK's own retry strategy and then thrown.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import type { IntentSink, NoticeIntent } from '../../schedule/run.ts';

/** SQS's largest batch for SendMessageBatch. */
export const SQS_BATCH_SIZE = 10;

/** What the sink needs of an SQS client (an `SQSClient` has it; tests pass a fake). */
export interface SqsBatchClient {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
}

export interface SqsIntentSinkOptions {
  /** Sends of a batch's failed entries, the first included, before giving up; 4 by default. */
  readonly maxAttempts?: number;
  /** The wait before the first resend, doubled each time; 200 ms by default. */
  readonly baseDelayMs?: number;
  /** How to wait; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Entries SQS still refused after every attempt: the run must fail and be retried. */
export class IntentSendError extends Error {
  constructor(
    /** The refused entries' SQS error codes (never the message bodies, which name cases). */
    readonly codes: readonly string[],
    readonly attempts: number,
  ) {
    super(
      `SQS refused ${codes.length} notice intent(s) after ${attempts} attempt(s) (${[...new Set(codes)].join(', ')})`,
    );
    this.name = 'IntentSendError';
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SqsIntentSink implements IntentSink {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: SqsBatchClient,
    private readonly queueUrl: string,
    options: SqsIntentSinkOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.sleep = options.sleep ?? wait;
  }

  async send(intents: readonly NoticeIntent[]): Promise<void> {
    for (let start = 0; start < intents.length; start += SQS_BATCH_SIZE) {
      await this.sendBatch(intents.slice(start, start + SQS_BATCH_SIZE));
    }
  }

  private async sendBatch(intents: readonly NoticeIntent[]): Promise<void> {
    // Ids need only be unique within a batch: the position will do.
    let pending: SendMessageBatchRequestEntry[] = intents.map((intent, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(intent),
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
        throw new IntentSendError(
          failed.map((entry) => entry.Code ?? 'Unknown'),
          attempt,
        );
      }
      await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
