/**
 * The board's actions on a case, folded from its events: each action's owner, due date and where it
 * stands, with every change kept (recorded, each move with its reason, done, withdrawn) and who made
 * it. Pure: the events and the moment are passed in. The text of an action is not in its events; the
 * board reads it from the `ActionTextStore` by `actionId`.
 */
import type { ActionMoveReason, CaseEvent } from '../../../events/index.ts';
import { type Moment, momentOf, orderEvents } from '../engine/index.ts';

/** One change to an action, as the board shows its history. */
export interface ActionChange {
  kind: 'recorded' | 'moved' | 'done' | 'withdrawn';
  /** When it was made (the event's `occurredAt`). */
  at: string;
  /** Who made it (the event's `recordedBy`), or null when the event did not say. */
  by: string | null;
  /** Recorded and moved: the due date from then on. */
  dueOn?: string;
  /** Moved: the due date before the move. */
  from?: string;
  /** Moved: why. */
  reason?: ActionMoveReason;
}

/** An action recorded on the board, as it stands. */
export interface BoardAction {
  caseId: string;
  actionId: string;
  /** The id of the event that recorded it: what a withdrawal retracts. */
  recordedEventId: string;
  /** Who must do it, by directory id. */
  ownerId: string;
  /** When it is due now (`YYYY-MM-DD`), after any moves. */
  dueOn: string;
  status: 'open' | 'done' | 'withdrawn';
  /** Open, and its due date is before the day of the moment asked about. */
  overdue: boolean;
  recordedBy: string | null;
  /** When it was recorded (the recording event's `occurredAt`). */
  recordedAt: string;
  /** Every change, oldest first. */
  history: ActionChange[];
}

/** Whether an action is open and its due date is before the day of `asOf`. */
export const isOverdue = (action: Pick<BoardAction, 'status' | 'dueOn'>, asOf: Moment) =>
  action.status === 'open' && asOf.day > momentOf(action.dueOn).day;

const by = (event: CaseEvent) => event.recordedBy ?? null;

/**
 * A case's actions as of `asOf` (a `YYYY-MM-DD` date or an ISO instant), in the order they were
 * recorded. Events after `asOf` are left out, and retracted ones ignored, as the engine does; an
 * action whose recording was retracted is `withdrawn`, kept with its history. A move or a second
 * "done" of an action no longer open changes nothing, as it meets or moves no deadline.
 */
export function caseActions(events: readonly CaseEvent[], asOf: string): BoardAction[] {
  const moment = momentOf(asOf);
  const recordings = new Set(
    events.filter((event) => event.type === 'action.recorded').map((event) => event.id),
  );
  const withdrawals = new Map<string, CaseEvent>();
  for (const event of events) {
    if (event.type === 'event.retracted' && recordings.has(event.data.eventId)) {
      if (!withdrawals.has(event.data.eventId)) withdrawals.set(event.data.eventId, event);
    }
  }
  // The withdrawn actions' recordings are kept in the timeline, to be shown as withdrawn.
  const kept = events.filter(
    (event) => !(event.type === 'event.retracted' && withdrawals.has(event.data.eventId)),
  );
  const actions = new Map<string, BoardAction>();
  for (const { event } of orderEvents(kept, moment)) {
    switch (event.type) {
      case 'action.recorded': {
        const { actionId, ownerId, dueOn } = event.data;
        if (actions.has(actionId)) break;
        actions.set(actionId, {
          caseId: event.caseId,
          actionId,
          recordedEventId: event.id,
          ownerId,
          dueOn,
          status: 'open',
          overdue: false,
          recordedBy: by(event),
          recordedAt: event.occurredAt,
          history: [{ kind: 'recorded', at: event.occurredAt, by: by(event), dueOn }],
        });
        break;
      }
      case 'action.moved': {
        const action = actions.get(event.data.actionId);
        if (action?.status !== 'open') break;
        const { dueOn, reason } = event.data;
        action.history.push({
          kind: 'moved',
          at: event.occurredAt,
          by: by(event),
          from: action.dueOn,
          dueOn,
          reason,
        });
        action.dueOn = dueOn;
        break;
      }
      case 'action.done': {
        const action = actions.get(event.data.actionId);
        if (action?.status !== 'open') break;
        action.status = 'done';
        action.history.push({ kind: 'done', at: event.occurredAt, by: by(event) });
        break;
      }
      default:
        break;
    }
  }
  for (const action of actions.values()) {
    const withdrawal = withdrawals.get(action.recordedEventId);
    if (withdrawal) {
      action.status = 'withdrawn';
      action.history.push({ kind: 'withdrawn', at: withdrawal.occurredAt, by: by(withdrawal) });
    }
    action.overdue = isOverdue(action, moment);
  }
  return [...actions.values()];
}
