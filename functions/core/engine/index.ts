/**
 * The deadline engine's public surface: evaluate a case's events under a profile as of a moment.
 *
 * @packageDocumentation
 */
export { type CaseState, FACTS, type FactName } from './case-state.ts';
export {
  actingAllocation,
  type CaseDeadlinesJson,
  caseDeadlinesJson,
  type DeadlineJson,
  deadlineJson,
  dueSentence,
  momentText,
  substanceOf,
  whyDue,
} from './deadline-json.ts';
export {
  type CaseAllocation,
  type CaseEvaluation,
  type Deadline,
  type DeadlineStatus,
  type EvaluationProblem,
  type EventRef,
  evaluateCase,
  OPEN_STATUSES,
  openStatusAt,
} from './evaluate.ts';
export { eventLabel } from './event-labels.ts';
export { openStanding } from './explain.ts';
export { type Moment, momentOf } from './moments.ts';
export { describeOffset } from './offsets.ts';
export type { Profile, Rule } from './rule.ts';
export { orderEvents, type TimedEvent } from './timeline.ts';
