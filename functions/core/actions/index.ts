/**
 * The board's actions: folded from a case's events (`caseActions`), the events the board sends for
 * them, and the check of an action's text before it is recorded. Pure.
 *
 * @packageDocumentation
 */
export {
  BOARD_SOURCE,
  type BoardEventContext,
  markActionDone,
  moveAction,
  recordAction,
  withdrawAction,
} from './events.ts';
export { type ActionChange, type BoardAction, caseActions, isOverdue } from './fold.ts';
export { ACTION_TEXT_MAX, checkActionText } from './text.ts';
