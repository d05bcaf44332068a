/**
 * The notifier: one message (a digest, an alert or a Teams card) claimed line by line in the ledger,
 * rendered with the lines this message won, sent, and marked; a weekly summary, which is about many
 * cases, claimed whole. The same code runs on Lambda (fed by the notices queue) and on a laptop (fed by
 * the local run).
 *
 * Exactly once, and what happens on each fault:
 * - a run repeated, or two runs overlapping: the second message finds its lines taken and sends only
 *   what the first did not hold (often nothing);
 * - the send fails: every claimed line is marked failed and the error is thrown, so the queue retries
 *   the message (and, after a few attempts, moves it to the dead-letter queue for replay);
 * - a crash between claim and send: the message is redelivered, claims its own lines again and sends;
 * - a crash between send and mark, or a mark that fails every attempt: the redelivered message sends
 *   again. This window (the time of one ledger write) is the only way a notice can go twice; none can
 *   be lost. Other messages (the next day's digest offering the same reminder from the catch-up window)
 *   find such a line taken until its lease ({@link DEFAULT_LEASE_SECONDS}) outlasts that window.
 */
import type { DeadlineEvent } from '../../events/index.ts';
import type { EpochMs } from '../core/calendar/index.ts';
import { noticeSentEvents } from '../core/notices/deadline-events.ts';
import type { LineNotice, Notice, NoticeLine, WeeklyNotice } from '../core/notices/message.ts';
import { CATCH_UP_MS } from '../core/notices/plan.ts';
import {
  type DeadlineEventPublisher,
  type EmailSender,
  type LedgerNotice,
  type NoticeLedger,
  publishBestEffort,
  type SummaryLedgerNotice,
  type TeamsPoster,
} from '../core/ports.ts';
import { renderEmail } from './render-email.ts';
import type { RenderSettings } from './render-settings.ts';
import { renderTeamsCard } from './render-teams.ts';
import { renderWeekly } from './render-weekly.ts';

export interface DeliveryContext {
  ledger: NoticeLedger;
  email: EmailSender;
  teams: TeamsPoster;
  render: RenderSettings;
  now: () => EpochMs;
  /** How long a claim holds off other messages; longer than one delivery can take. */
  leaseSeconds: number;
  /**
   * Where a `notice.sent` event is published for each line sent, once the ledger has marked it; none
   * are published when left out.
   */
  deadlineEvents?: DeadlineEventPublisher;
}

export interface DeliveryOutcome {
  /** The message's key. */
  key: string;
  /** Whether anything was sent. */
  sent: boolean;
  /** The ledger keys of the lines sent now. */
  keys: string[];
  /**
   * Lines sent now, and lines another message had already sent or holds (a weekly summary counts as
   * one line).
   */
  lines: number;
  taken: number;
  /** Lines sent whose ledger entry could not be marked sent (left claimed; see {@link deliverNotice}). */
  unmarked: number;
  /** `notice.sent` events that could not be published (best effort: counted for the alarm). */
  deadlineEventsNotPublished: number;
}

/**
 * How long a claim holds off other messages: two hours past the catch-up window. A claim left without
 * a mark is either a message that stopped before sending (its redelivery may claim again at once) or a
 * notice that went whose mark failed; the next day's messages offer what the catch-up window holds
 * again, and must not send that one a second time.
 */
export const DEFAULT_LEASE_SECONDS = (CATCH_UP_MS + 2 * 3_600_000) / 1000;

const ledgerNotice = (notice: LineNotice, line: NoticeLine): LedgerNotice => ({
  key: line.key,
  caseId: line.caseId,
  rule: line.rule,
  occurrence: line.occurrence,
  stageKey: line.stageKey,
  ladderStep: line.ladderStep,
  recipient: notice.channel === 'email' ? notice.recipient.staffId : `team:${notice.teamId}`,
  as: line.as,
  channel: notice.channel,
  message: notice.key,
});

const summaryNotice = (notice: WeeklyNotice): SummaryLedgerNotice => ({
  key: notice.key,
  caseId: null,
  recipient: notice.recipient.staffId,
  channel: 'email',
  message: notice.key,
});

/** Attempts at marking a sent line sent before it is left claimed. */
const MARK_ATTEMPTS = 3;

/**
 * Marks a sent line sent, trying again on a failure; false when every attempt failed. It does not
 * throw: the message has gone, and a thrown error would have the queue deliver it again, to be sent
 * again by the claim this message still holds.
 */
async function markSent(
  entry: LedgerNotice | SummaryLedgerNotice,
  at: string,
  messageId: string | null,
  context: DeliveryContext,
): Promise<boolean> {
  for (let attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
    try {
      await context.ledger.markSent(entry, at, messageId);
      return true;
    } catch {
      // Throttled or unavailable for a moment: the next attempt may work.
    }
  }
  return false;
}

/**
 * Claims each part of a message in the ledger, sends what was won (`send` is given the parts won and
 * returns the provider's message id), and marks each part sent, or failed before rethrowing. Then
 * publishes what `announce` makes of the parts sent, best effort: a failure to publish is counted,
 * never thrown, since a thrown error would have the queue deliver the message again.
 */
async function claimAndSend<T>(
  key: string,
  parts: readonly { part: T; entry: LedgerNotice | SummaryLedgerNotice }[],
  send: (won: T[]) => Promise<string | null>,
  context: DeliveryContext,
  announce: (sent: T[], sentAt: string) => DeadlineEvent[] = () => [],
): Promise<DeliveryOutcome> {
  const iso = () => new Date(context.now()).toISOString();
  const claimedAt = iso();
  const outcomes = await Promise.all(
    parts.map(({ entry }) => context.ledger.claim(entry, claimedAt, context.leaseSeconds)),
  );
  const won = parts.filter((_, index) => outcomes[index] === 'claimed');
  const taken = parts.length - won.length;
  if (won.length === 0) {
    return { key, sent: false, keys: [], lines: 0, taken, unmarked: 0, deadlineEventsNotPublished: 0 };
  }

  let messageId: string | null;
  try {
    messageId = await send(won.map(({ part }) => part));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failedAt = iso();
    await Promise.all(won.map(({ entry }) => context.ledger.markFailed(entry, failedAt, reason)));
    throw error;
  }
  const sentAt = iso();
  const marked = await Promise.all(won.map(({ entry }) => markSent(entry, sentAt, messageId, context)));
  const events = announce(
    won.map(({ part }) => part),
    sentAt,
  );
  return {
    key,
    sent: true,
    keys: won.map(({ entry }) => entry.key),
    lines: won.length,
    taken,
    unmarked: marked.filter((ok) => !ok).length,
    deadlineEventsNotPublished: await publishBestEffort(context.deadlineEvents, events),
  };
}

/**
 * Delivers one message; throws (after marking its lines failed) when the send failed. A line sent but
 * not marked after {@link MARK_ATTEMPTS} tries is left claimed and counted as `unmarked`. A weekly
 * summary counts as one line.
 */
export async function deliverNotice(notice: Notice, context: DeliveryContext): Promise<DeliveryOutcome> {
  if (notice.kind === 'weekly') {
    return claimAndSend(
      notice.key,
      [{ part: notice, entry: summaryNotice(notice) }],
      async () => context.email.send(await renderWeekly(notice, context.render)),
      context,
    );
  }
  const parts = notice.lines.map((line) => ({ part: line, entry: ledgerNotice(notice, line) }));
  return claimAndSend(
    notice.key,
    parts,
    async (lines) => {
      if (notice.channel === 'email') {
        return context.email.send(await renderEmail({ ...notice, lines }, context.render));
      }
      await context.teams.post(notice.teamsChannel, renderTeamsCard({ ...notice, lines }, context.render));
      return null;
    },
    context,
    noticeSentEvents,
  );
}
