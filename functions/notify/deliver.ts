/**
 * The notifier: one message (a digest, an alert or a Teams card) claimed line by line in the ledger,
 * rendered with the lines this message won, sent, and marked. The same code runs on Lambda (fed by
 * the notices queue) and on a laptop (fed by the local run).
 *
 * Exactly once, and what happens on each fault:
 * - a run repeated, or two runs overlapping: the second message finds its lines taken and sends only
 *   what the first did not hold (often nothing);
 * - the send fails: every claimed line is marked failed and the error is thrown, so the queue retries
 *   the message (and, after a few attempts, moves it to the dead-letter queue for replay);
 * - a crash between claim and send: the message is redelivered, claims its own lines again and sends;
 * - a crash between send and mark: the redelivered message sends again. This window (the time of one
 *   ledger write) is the only way a notice can go twice; none can be lost.
 */
import type { EpochMs } from '../core/calendar/index.ts';
import type { Notice, NoticeLine } from '../core/notices/message.ts';
import type { EmailSender, LedgerNotice, NoticeLedger, TeamsPoster } from '../core/ports.ts';
import { renderEmail } from './render-email.ts';
import type { RenderSettings } from './render-settings.ts';
import { renderTeamsCard } from './render-teams.ts';

export interface DeliveryContext {
  ledger: NoticeLedger;
  email: EmailSender;
  teams: TeamsPoster;
  render: RenderSettings;
  now: () => EpochMs;
  /** How long a claim holds off other messages; longer than one delivery can take. */
  leaseSeconds: number;
}

export interface DeliveryOutcome {
  /** The message's key. */
  key: string;
  /** Whether anything was sent. */
  sent: boolean;
  /** Lines sent now, and lines another message had already sent or holds. */
  lines: number;
  taken: number;
}

/** Five minutes: a delivery is one render and one send; the notifier's timeout is shorter. */
export const DEFAULT_LEASE_SECONDS = 300;

const ledgerNotice = (notice: Notice, line: NoticeLine): LedgerNotice => ({
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

/** Delivers one message; throws (after marking its lines failed) when the send failed. */
export async function deliverNotice(notice: Notice, context: DeliveryContext): Promise<DeliveryOutcome> {
  const iso = () => new Date(context.now()).toISOString();
  const claimedAt = iso();
  const entries = notice.lines.map((line) => ({ line, entry: ledgerNotice(notice, line) }));
  const outcomes = await Promise.all(
    entries.map(({ entry }) => context.ledger.claim(entry, claimedAt, context.leaseSeconds)),
  );
  const won = entries.filter((_, index) => outcomes[index] === 'claimed');
  const taken = entries.length - won.length;
  if (won.length === 0) return { key: notice.key, sent: false, lines: 0, taken };

  const lines = won.map(({ line }) => line);
  let messageId: string | null = null;
  try {
    if (notice.channel === 'email') {
      messageId = await context.email.send(await renderEmail({ ...notice, lines }, context.render));
    } else {
      await context.teams.post(notice.teamsChannel, renderTeamsCard({ ...notice, lines }, context.render));
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failedAt = iso();
    await Promise.all(won.map(({ entry }) => context.ledger.markFailed(entry, failedAt, reason)));
    throw error;
  }
  const sentAt = iso();
  await Promise.all(won.map(({ entry }) => context.ledger.markSent(entry, sentAt, messageId)));
  return { key: notice.key, sent: true, lines: won.length, taken };
}
