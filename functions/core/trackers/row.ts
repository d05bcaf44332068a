/**
 * A case's rows in the board's index, one per list of the Line of Sight meeting it is on: the legal
 * and permanency trackers, and the actions recorded at the meeting ("live access to the line of sight
 * trackers with actions"). A row holds what the case's latest evaluation found that only an event can
 * change: for a tracker, the facts folded from its events and its open deadlines on the trackers' rules
 * (due moments and explanations); for the actions, those still open. The board works out what a row
 * shows as of the moment a page is read ({@link entryOfRow}, {@link actionsOfRow}), so what the passing
 * of time alone changes (each date's status, an SDQ coming within its window, a stall, an action
 * falling overdue) is always current, and a page never re-evaluates a case.
 */
import type { CaseEvent } from '../../../events/index.ts';
import { type BoardAction, caseActions, isOverdue } from '../actions/index.ts';
import { type CaseEvaluation, type Moment, momentText } from '../engine/index.ts';
import {
  entriesAt,
  type OpenDeadline,
  openDeadlines,
  TRACKER_RULES,
  TRACKERS,
  type Tracker,
  type TrackerEntry,
  type TrackerFacts,
  type TrackerProfile,
  trackerFacts,
  trackersWithin,
} from './membership.ts';

/** The meeting's lists a case can have a row on: the two trackers, and the actions. */
export const BOARD_LISTS = [...TRACKERS, 'actions'] as const;
/** See {@link BOARD_LISTS}. */
export type BoardList = (typeof BOARD_LISTS)[number];

/** What every row holds: the case, and who held it when it was evaluated (what files it under a team or worker). */
interface RowBase {
  caseId: string;
  allocation: CaseEvaluation['allocation'];
}

/** One case's row on one tracker. */
export interface TrackerRow extends RowBase {
  list: Tracker;
  facts: TrackerFacts;
  /** Its open deadlines on the trackers' rules ({@link TRACKER_RULES}). */
  open: OpenDeadline[];
}

/** One case's open actions. */
export interface ActionsRow extends RowBase {
  list: 'actions';
  actions: BoardAction[];
}

/** A row of the board's index. */
export type BoardRow = TrackerRow | ActionsRow;

/** The rows of one list. */
export type RowOf<L extends BoardList> = L extends 'actions' ? ActionsRow : TrackerRow;

/**
 * A case's rows, from its events and the engine's evaluation of them at `asOf` (its latest
 * evaluation): one for each tracker it is on or can come onto with time alone, and one for its
 * actions while any is open.
 */
export function boardRows(
  events: readonly CaseEvent[],
  evaluation: CaseEvaluation,
  asOf: Moment,
): BoardRow[] {
  const { caseId, allocation } = evaluation;
  const facts = trackerFacts(events, asOf);
  const open = openDeadlines(evaluation).filter((deadline) => TRACKER_RULES.has(deadline.rule));
  const trackers: BoardRow[] = trackersWithin(facts, open).map((list) => ({
    caseId,
    list,
    allocation,
    facts,
    open,
  }));
  const actions = caseActions(events, momentText(asOf)).filter((action) => action.status === 'open');
  return actions.length === 0 ? trackers : [...trackers, { caseId, list: 'actions', allocation, actions }];
}

/** A stored tracker row's entry as of `asOf` (a moment since its evaluation), or null when the child is not on the tracker then. */
export function entryOfRow(row: TrackerRow, asOf: Moment, profile: TrackerProfile): TrackerEntry | null {
  return (
    entriesAt(row.caseId, row.facts, row.open, asOf, profile).find((entry) => entry.tracker === row.list) ??
    null
  );
}

/** A stored actions row's actions as of `asOf` (a moment since its evaluation): which have fallen overdue since. */
export function actionsOfRow(row: ActionsRow, asOf: Moment): BoardAction[] {
  return row.actions.map((action) => ({ ...action, overdue: isOverdue(action, asOf) }));
}
