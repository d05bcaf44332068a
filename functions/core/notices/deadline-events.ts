/**
 * The deadline events (`events/deadline-event.ts`) the pipeline publishes, worked out from what it does:
 * a run that hands on a breach, a later step of the escalation ladder, or the news that a deadline met
 * after its due date is done; and a delivery that sent notices. Each event's id is the notice ledger's
 * key for what it announces, so a run or a delivery repeated announces it under the same id. Pure.
 */
import type { DeadlineEvent, DeadlineEventType } from '../../../events/index.ts';
import type { DueNotice } from './compose.ts';
import type { NoticeLine } from './message.ts';

/**
 * The event a notice due now raises: the breach (the ladder's first step), a later step, or the
 * resolution of a deadline met late; none for reminders, due today, repeats, or a deadline met in time
 * or cancelled.
 */
function kindOf({ notice, stored }: DueNotice): DeadlineEventType | null {
  switch (notice.stage.kind) {
    case 'escalation':
      return notice.stage.step === 0 ? 'deadline.breached' : 'deadline.escalated';
    case 'resolved':
      return stored.deadline.status === 'met-late' ? 'deadline.met-after-breach' : null;
    default:
      return null;
  }
}

/**
 * The deadline events of the notices a run found due and handed on. A breach or escalation names the
 * most senior level its step goes to (the ladder lists its levels upwards); its time is the moment the
 * step fell due, so a retried or overlapping run publishes the same event.
 */
export function runDeadlineEvents(due: readonly DueNotice[]): DeadlineEvent[] {
  return due.flatMap((item): DeadlineEvent[] => {
    const detailType = kindOf(item);
    if (detailType === null) return [];
    const { caseId, deadline } = item.stored;
    return [
      {
        detailType,
        detail: {
          id: `${caseId}|${item.rule.id}|${deadline.occurrence}|${item.notice.key}`,
          caseId,
          rule: item.rule.id,
          occurrence: deadline.occurrence,
          due: deadline.due,
          stage: item.notice.key,
          level: detailType === 'deadline.met-after-breach' ? null : (item.notice.levels.at(-1) ?? null),
          time: new Date(item.notice.at).toISOString(),
        },
      },
    ];
  });
}

/** A `notice.sent` event for each line a message sent at `sentAt` (ISO instant), under its ledger key. */
export function noticeSentEvents(lines: readonly NoticeLine[], sentAt: string): DeadlineEvent[] {
  return lines.map((line) => ({
    detailType: 'notice.sent',
    detail: {
      id: line.key,
      caseId: line.caseId,
      rule: line.rule,
      occurrence: line.occurrence,
      due: line.due,
      stage: line.stageKey,
      level: line.as === 'worker' ? null : line.as,
      time: sentAt,
    },
  }));
}
