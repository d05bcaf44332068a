/**
 * What a run records in the outbox while sending is paused (the quiet start): each line of each message
 * it would have handed on, by the ledger key it would have been claimed under, with ids only. A weekly
 * summary, which is about many cases, is one line.
 */
import type { Notice } from '../core/notices/message.ts';
import type { HeldLine } from '../core/ports.ts';

/** The lines of `notices`, as the outbox holds them. */
export function heldLines(notices: readonly Notice[]): HeldLine[] {
  return notices.flatMap((notice): HeldLine[] => {
    if (notice.kind === 'weekly') {
      return [
        {
          key: notice.key,
          message: notice.key,
          kind: notice.kind,
          channel: 'email',
          recipient: notice.recipient.staffId,
          caseId: null,
          rule: null,
          stageKey: null,
          as: null,
          due: null,
        },
      ];
    }
    const recipient = notice.channel === 'email' ? notice.recipient.staffId : `team:${notice.teamId}`;
    return notice.lines.map((line) => ({
      key: line.key,
      message: notice.key,
      kind: notice.kind,
      channel: notice.channel,
      recipient,
      caseId: line.caseId,
      rule: line.rule,
      stageKey: line.stageKey,
      as: line.as,
      due: line.due,
    }));
  });
}
