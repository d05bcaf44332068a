/**
 * The notifier behind the notices queue: each SQS message is one {@link Notice} as JSON (a digest, an
 * alert, a weekly summary or a Teams card), delivered through the ledger so that each line goes once however often the
 * message arrives (`functions/delivery/deliver.ts`).
 *
 * A message that fails, for any reason, fails alone (partial batch responses): SQS shows it again after
 * the queue's visibility timeout and, after the queue's receive limit, moves it to the dead-letter
 * queue, whose alarm tells the administrators. That covers a failed send (a {@link SendError}, whether
 * or not the provider says a retry may work: the dead-letter queue is where a person looks), a ledger
 * that could not be written, and a body that is not a notice. A send refused because of how the
 * deployment is set up (a {@link ConfigurationError}: a Teams channel with no webhook, an SES identity
 * not verified) is logged with `misconfigured: 1` and its `fault`, which raises an alarm at the first
 * one; the message is retried as any other (a channel added meanwhile is found within 5 minutes) and
 * then kept in the dead-letter queue, to be sent once the fault is put right.
 *
 * The messages of a batch are delivered one after another, not in parallel: with the event source's
 * concurrency limit, that bounds how fast the notifier calls SES and the Teams webhooks.
 *
 * Logs hold ids and counts only: the message id, the notice's key (staff, team and case ids), channel,
 * kind and line counts, and for a failure the error's name or a {@link SendError}'s message (which the
 * adapters write without addresses, URLs or case content). Never the body.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Notice } from '../core/notices/message.ts';
import { ConfigurationError, SendError } from '../core/ports.ts';
import { type DeliveryContext, deliverNotice } from '../delivery/deliver.ts';
import { noticeSchema } from '../delivery/notice-schema.ts';
import { DEADLINE_EVENTS_LOG, NOTIFY_LOG } from './lambda/environment.ts';
import type { WarningLogger } from './logger.ts';

/**
 * A message body that is not a notice. Its message says where the body is wrong (field paths and
 * zod's issue codes), never what it holds: the body names people and cases.
 */
export class NoticeBodyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the message is not a notice: ${problems.join('; ')}`);
    this.name = 'NoticeBodyError';
  }
}

/** The notice in a message body, or a {@link NoticeBodyError}. */
export function noticeIn(body: string): Notice {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // JSON.parse's own message quotes the text around the fault, which may be personal data.
    throw new NoticeBodyError(['the body is not JSON']);
  }
  const result = noticeSchema.safeParse(json);
  if (!result.success) {
    throw new NoticeBodyError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(the body)'}: ${issue.code}`),
    );
  }
  return result.data;
}

/** What may be logged of an error: a send error's message (written to be safe), else its name only. */
function failureOf(error: unknown): Record<string, unknown> {
  // Counted by the stack's metric filter: the sending-misconfigured alarm fires at the first.
  if (error instanceof ConfigurationError) {
    return {
      error: error.name,
      reason: error.message,
      fault: error.fault,
      [NOTIFY_LOG.misconfiguredField]: 1,
    };
  }
  if (error instanceof SendError)
    return { error: error.name, reason: error.message, retryable: error.retryable };
  if (error instanceof NoticeBodyError) return { error: error.name, problems: error.problems };
  return { error: error instanceof Error ? error.name : typeof error };
}

/** Builds the handler over the ledger, the senders and the render settings (the entry point wires the real ones). */
export function createNotifyQueueHandler(context: DeliveryContext, logger: WarningLogger) {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => {
    const ids = {
      messageId: record.messageId,
      receiveCount: Number(record.attributes.ApproximateReceiveCount),
    };
    let notice: Notice | undefined;
    try {
      notice = noticeIn(record.body);
      const outcome = await deliverNotice(notice, context);
      logger.info('notice delivered', {
        ...ids,
        key: outcome.key,
        channel: notice.channel,
        kind: notice.kind,
        sent: outcome.sent,
        lines: outcome.lines,
        taken: outcome.taken,
        // Counted by the stack's metric filter into the deadline-events-not-published alarm.
        [DEADLINE_EVENTS_LOG.notPublishedField]: outcome.deadlineEventsNotPublished,
      });
    } catch (error) {
      logger.warn(NOTIFY_LOG.failedMessage, {
        ...ids,
        ...(notice && {
          key: notice.key,
          channel: notice.channel,
          kind: notice.kind,
          lines: notice.kind === 'weekly' ? 1 : notice.lines.length,
        }),
        ...failureOf(error),
      });
      throw error;
    }
  };
  return (event: SQSEvent, lambdaContext: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, {
      context: lambdaContext,
      processInParallel: false,
      // A batch whose every message failed is answered like any other, with each message listed:
      // thrown, the error would reach the runtime's log with every message's error text.
      throwOnFullBatchFailure: false,
    });
}
