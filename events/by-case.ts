/** Grouping a stream of events into cases, the unit the engine evaluates. */
import type { CaseEvent } from './case-event.ts';

/** Each case's events, in the order they came; cases in order of first appearance. */
export function eventsByCase(events: Iterable<CaseEvent>): Map<string, CaseEvent[]> {
  const cases = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const list = cases.get(event.caseId);
    if (list) list.push(event);
    else cases.set(event.caseId, [event]);
  }
  return cases;
}
