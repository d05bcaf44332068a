/**
 * SES's reports on sent mail, from the configuration set's event destination (an SNS topic), acted on:
 * a permanent bounce or a complaint marks the address undeliverable in the directory, so the next runs
 * send that person's notices up the reporting line instead and report the gap. A transient bounce
 * (a full mailbox, an auto-reply), a delivery delay or a rejection changes nothing and is only counted.
 *
 * SNS invokes the function asynchronously. A notification that cannot be read (not SES's JSON, or
 * not a kind this handler knows) is logged by its SNS message id and dropped: no retry could make it
 * readable. A directory that could not be updated throws, so Lambda retries the invocation and then
 * records it in the function's dead-letter queue, whose alarm tells the administrators.
 *
 * Logs hold ids and counts only: SNS and SES message ids, the event type, how many recipients and how
 * many members of staff were marked. Never an address.
 */
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import type { DirectoryStore } from '../core/ports.ts';
import type { WarningLogger } from './logger.ts';

/** An SES enum value (`Permanent`, `General`, `abuse`…), or nothing when it is anything else. */
const sesWord = z
  .string()
  .regex(/^[A-Za-z-]{1,40}$/)
  .optional()
  .catch(undefined);

const recipients = z.array(z.object({ emailAddress: z.string().trim().min(3).max(320) })).min(1);

/**
 * The fields read of an SES notification: event publishing (a configuration set's destination) says
 * `eventType`, identity feedback notifications say `notificationType`; both carry the same objects.
 */
const SES_NOTIFICATION = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({ messageId: z.string().max(200) }).optional(),
  bounce: z.object({ bounceType: sesWord, bounceSubType: sesWord, bouncedRecipients: recipients }).optional(),
  complaint: z.object({ complaintFeedbackType: sesWord, complainedRecipients: recipients }).optional(),
});

/** What one notification asks of the directory. */
export type SesEventAction =
  /** Mark each address undeliverable, with the reason. */
  | { action: 'mark'; type: string; sesMessageId: string | null; addresses: string[]; reason: string }
  /** Nothing to do (a transient bounce, a delay, a rejection…). */
  | { action: 'ignore'; type: string; sesMessageId: string | null }
  /** Not an SES notification this handler can read. */
  | { action: 'unreadable' };

/** Types SES reports that need nothing of the directory. */
const IGNORED_TYPES = new Set([
  'Send',
  'Delivery',
  'DeliveryDelay',
  'Reject',
  'Open',
  'Click',
  'Rendering Failure',
]);

/** What an SES notification (the SNS message text) asks of the directory. */
export function sesEventActionOf(message: string): SesEventAction {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { action: 'unreadable' };
  }
  const parsed = SES_NOTIFICATION.safeParse(json);
  if (!parsed.success) return { action: 'unreadable' };
  const { eventType, notificationType, mail, bounce, complaint } = parsed.data;
  const type = eventType ?? notificationType;
  // SES's id of the mail: the ledger records it as the notice's message id.
  const sesMessageId = mail?.messageId ?? null;
  if (type === 'Bounce' && bounce) {
    if (bounce.bounceType !== 'Permanent') {
      return { action: 'ignore', type: `Bounce (${bounce.bounceType ?? 'unknown'})`, sesMessageId };
    }
    return {
      action: 'mark',
      type,
      sesMessageId,
      addresses: bounce.bouncedRecipients.map((recipient) => recipient.emailAddress),
      reason: `SES permanent bounce (${bounce.bounceSubType ?? 'unknown'})`,
    };
  }
  if (type === 'Complaint' && complaint) {
    return {
      action: 'mark',
      type,
      sesMessageId,
      addresses: complaint.complainedRecipients.map((recipient) => recipient.emailAddress),
      reason: `SES complaint (${complaint.complaintFeedbackType ?? 'no feedback type'})`,
    };
  }
  if (type !== undefined && IGNORED_TYPES.has(type)) return { action: 'ignore', type, sesMessageId };
  return { action: 'unreadable' };
}

/** What one invocation did, as counts (also logged). */
export interface SesEventsSummary {
  notifications: number;
  /** Addresses marked undeliverable, and members of staff that held them. */
  addresses: number;
  staffMarked: number;
  ignored: number;
  unreadable: number;
}

/** Builds the handler over the directory store (the entry point wires the DynamoDB one). */
export function createSesEventsHandler(
  directory: Pick<DirectoryStore, 'markUndeliverable'>,
  logger: WarningLogger,
) {
  return async (event: SNSEvent): Promise<SesEventsSummary> => {
    const summary: SesEventsSummary = {
      notifications: 0,
      addresses: 0,
      staffMarked: 0,
      ignored: 0,
      unreadable: 0,
    };
    for (const record of event.Records ?? []) {
      summary.notifications += 1;
      const snsMessageId = record.Sns?.MessageId ?? null;
      const found = sesEventActionOf(record.Sns?.Message ?? '');
      if (found.action === 'unreadable') {
        summary.unreadable += 1;
        logger.warn('SES notification not understood: dropped', { snsMessageId });
        continue;
      }
      if (found.action === 'ignore') {
        summary.ignored += 1;
        logger.info('SES event needs nothing', {
          snsMessageId,
          sesMessageId: found.sesMessageId,
          type: found.type,
        });
        continue;
      }
      let staffMarked = 0;
      for (const address of found.addresses)
        staffMarked += await directory.markUndeliverable(address, found.reason);
      summary.addresses += found.addresses.length;
      summary.staffMarked += staffMarked;
      logger.info('SES event: addresses marked undeliverable', {
        snsMessageId,
        sesMessageId: found.sesMessageId,
        type: found.type,
        reason: found.reason,
        addresses: found.addresses.length,
        staffMarked,
      });
    }
    logger.info('SES events handled', { ...summary });
    return summary;
  };
}
