/**
 * The events the board sends for its actions, made ready for ingest: recording an action, marking it
 * done, moving its due date, and withdrawing one recorded in error (a retraction of the event that
 * recorded it). Pure: ids and the moment are the caller's (a fresh random id each), so the same input
 * gives the same event. None carries the action's text, which the board stores apart, encrypted
 * (`ActionTextStore`).
 */
import type { ActionMoveReason, EventOf } from '../../../events/index.ts';

/** The `source` of every event the board sends. */
export const BOARD_SOURCE = 'line-of-sight-board';

/** Who sends a board event, about which case, when, and under which event id. */
export interface BoardEventContext {
  /** A fresh event id (e.g. `board-` and a random UUID): the ingest's idempotency key. */
  eventId: string;
  caseId: string;
  /** When it was done at the board: an ISO instant. */
  at: string;
  /** The member of staff signed in to the board, by directory id. */
  by: string;
}

const envelope = (context: BoardEventContext) => ({
  id: context.eventId,
  caseId: context.caseId,
  occurredAt: context.at,
  recordedAt: context.at,
  source: BOARD_SOURCE,
  recordedBy: context.by,
});

/** An action recorded on the case: `actionId` a fresh random id, its owner and due date. */
export function recordAction(
  context: BoardEventContext,
  action: { actionId: string; ownerId: string; dueOn: string },
): EventOf<'action.recorded'> {
  return {
    ...envelope(context),
    type: 'action.recorded',
    data: { actionId: action.actionId, ownerId: action.ownerId, dueOn: action.dueOn },
  };
}

/** The action was done. */
export function markActionDone(context: BoardEventContext, actionId: string): EventOf<'action.done'> {
  return { ...envelope(context), type: 'action.done', data: { actionId } };
}

/** The action's due date moved, for a reason from the contract's list. */
export function moveAction(
  context: BoardEventContext,
  move: { actionId: string; dueOn: string; reason: ActionMoveReason },
): EventOf<'action.moved'> {
  return {
    ...envelope(context),
    type: 'action.moved',
    data: { actionId: move.actionId, dueOn: move.dueOn, reason: move.reason },
  };
}

/**
 * The action was recorded in error: a retraction of the event that recorded it (`recordedEventId`,
 * the action's {@link BoardAction.recordedEventId}), so it has no deadline and nobody is told of it.
 */
export function withdrawAction(
  context: BoardEventContext,
  recordedEventId: string,
): EventOf<'event.retracted'> {
  return { ...envelope(context), type: 'event.retracted', data: { eventId: recordedEventId } };
}
