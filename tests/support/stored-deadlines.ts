/**
 * Stored deadlines for the deadline store's tests: a real deadline from the engine varied by case, rule
 * and occurrence, and what a run reads from the due index and does with it.
 */
import { EVENT_FIXTURES } from '../../events/index.ts';
import {
  type DeadlineJson,
  deadlineJson,
  evaluateCase,
  momentOf,
} from '../../functions/core/engine/index.ts';
import type { DeadlineStore, DueDeadline, StoredDeadline } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';

/** A real deadline from the engine, to vary: its shape is what the pipeline stores. */
const TEMPLATE: DeadlineJson = (() => {
  const events = Object.values(EVENT_FIXTURES).filter((event) => event.caseId === 'CASE-1001');
  const evaluation = evaluateCase('CASE-1001', events, builtInProfile('default'), momentOf('2026-03-01'));
  const first = evaluation.deadlines[0];
  if (!first) throw new Error('The fixtures of CASE-1001 should give at least one deadline');
  return deadlineJson(first);
})();

/** A deadline of `caseId` as a computation stores it, allocated to SW-001. */
export function stored(
  caseId: string,
  rule: string,
  occurrence: number,
  nextActionAt: string | null,
): StoredDeadline {
  return {
    caseId,
    deadline: { ...structuredClone(TEMPLATE), rule, occurrence },
    nextActionAt,
    allocation: { workerId: 'SW-001', teamId: null },
  };
}

/** `<case> <rule> <occurrence>`: a deadline occurrence's identity. */
export const keyOf = (deadline: Pick<StoredDeadline, 'caseId' | 'deadline'>) =>
  `${deadline.caseId} ${deadline.deadline.rule} ${deadline.deadline.occurrence}`;

/** Deadlines in {@link keyOf} order, for comparing what a store gives in no particular order. */
export const sortedByKey = <T extends Pick<StoredDeadline, 'caseId' | 'deadline'>>(deadlines: readonly T[]) =>
  [...deadlines].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

/** What a run reads from the due index, as read (with each occurrence's version). */
export async function dueReads(store: DeadlineStore, asOf: string): Promise<DueDeadline[]> {
  const due: DueDeadline[] = [];
  for await (const deadline of store.dueBy(asOf)) due.push(deadline);
  return due;
}

/** The deadlines due by `asOf`, as stored (without the version a run reads with them). */
export async function dueBy(store: DeadlineStore, asOf: string): Promise<StoredDeadline[]> {
  return (await dueReads(store, asOf)).map(({ version: _, ...deadline }) => deadline);
}

/** A run's move of one occurrence's next action, from what it reads of the due index now. */
export async function moveOn(
  store: DeadlineStore,
  [caseId, rule, occurrence]: [string, string, number],
  nextActionAt: string | null,
  handledUntil = '2026-03-02T07:00:00.000Z',
) {
  const read = (await dueReads(store, '2099-01-01T00:00:00.000Z')).find(
    (due) => keyOf(due) === `${caseId} ${rule} ${occurrence}`,
  );
  if (!read) throw new Error(`${caseId} ${rule} ${occurrence} is not in the due index`);
  return store.setNextAction(read, nextActionAt, handledUntil);
}
