/**
 * Scripted case histories for tests: build events without repeating envelopes, evaluate them, and pick
 * out one rule's deadlines.
 */
import type { CaseEvent, EventOf, EventType } from '../../events/index.ts';
import type { BoardEventContext } from '../../functions/core/actions/index.ts';
import {
  type Deadline,
  evaluateCase,
  momentOf,
  momentText,
  type Profile,
} from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';

let counter = 0;

/** One event on case CASE-T (or `caseId`), with a fresh id unless one is given. */
export function event<T extends EventType>(
  type: T,
  occurredAt: string,
  data: EventOf<T>['data'],
  extra: { id?: string; caseId?: string; recordedAt?: string } = {},
): CaseEvent {
  counter += 1;
  return {
    id: extra.id ?? `T-${counter}`,
    type,
    caseId: extra.caseId ?? 'CASE-T',
    occurredAt,
    ...(extra.recordedAt && { recordedAt: extra.recordedAt }),
    data,
  } as CaseEvent;
}

/** The context of the `n`th board event on case CASE-T (or `caseId`), made by SM-1 at `at`. */
export const board = (n: number, at: string, caseId = 'CASE-T'): BoardEventContext => ({
  eventId: `board-${n}`,
  caseId,
  at,
  by: 'SM-1',
});

/** Evaluates a history and returns the deadlines of one rule, oldest first. */
export function deadlinesFor(
  ruleId: string,
  events: readonly CaseEvent[],
  asOf: string,
  profile: Profile = builtInProfile('default'),
): Deadline[] {
  return evaluateCase('CASE-T', events, profile, momentOf(asOf)).deadlines.filter(
    (d) => d.rule.id === ruleId,
  );
}

/** A compact view of deadlines for assertions: due date or instant, and status. */
export const summary = (deadlines: readonly Deadline[]) =>
  deadlines.map((d) => ({ due: momentText(d.due), status: d.status }));
