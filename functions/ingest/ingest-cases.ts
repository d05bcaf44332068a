/**
 * Ingest of whole cases at once, for an import into a store: every event checked as ingest checks it,
 * each case's events stored together (the event store's `appendCases`: a few bundles per case, their
 * ids claimed within the case) and each case's deadlines computed once from its whole log and stored
 * with the other cases' (the deadline store's `replaceCases`), then its board rows and timeliness
 * months, with the recompute marks around all as ingest has them. What one event at a time costs in round trips (two conditional writes an event,
 * an UpdateItem a deadline) is what an import of a council's history cannot afford.
 */
import { type CaseEvent, jsonText, type Problem } from '../../events/index.ts';
import { allInParallel } from '../concurrency.ts';
import type { CaseComputation, CaseEventStore, CaseEvents } from '../core/ports.ts';
import {
  type CaseProblem,
  caseComputation,
  computationVersion,
  type IngestContext,
  readItem,
  recomputeCase,
  repairMarkedCases,
  replaceProjections,
} from './ingest.ts';

/** An event store that can store whole cases at once. */
export type BulkEventStore = CaseEventStore & Required<Pick<CaseEventStore, 'appendCases'>>;

/** What {@link ingestCases} did not do. */
export interface CasesIngested {
  /** The events not stored, by id, with why: refused by the contract or their receipt, or conflicting. */
  refused: Map<string, Problem[]>;
  /** What could not be worked out for the cases, and for the cases of earlier batches repaired. */
  caseProblems: CaseProblem[];
}

/** Recompute marks made or cleared at once. */
const MARK_CONCURRENCY = 8;

/**
 * Cases' board rows and timeliness months written at once: a new case's rows are a put per list it is
 * on (most are on none, and cost nothing), an existing case's a query for its rows first.
 */
const PROJECTION_WRITE_CONCURRENCY = 8;

/** Each event checked against the contract and its receipt, as ingest checks what it is sent. */
function checked(events: readonly CaseEvent[], receivedMs: number) {
  const accepted: CaseEvent[] = [];
  const refused: { input: CaseEvent; problems: Problem[] }[] = [];
  for (const input of events) {
    const read = readItem(input, receivedMs);
    if ('problems' in read) refused.push({ input, problems: read.problems });
    else accepted.push(read.event);
  }
  return { accepted, refused };
}

/** The events by case, each case's in the order given, the cases in the order first met. */
function byCase(events: readonly CaseEvent[]): CaseEvents[] {
  const cases = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const list = cases.get(event.caseId);
    if (list) list.push(event);
    else cases.set(event.caseId, [event]);
  }
  return [...cases].map(([caseId, list]) => ({ caseId, events: list }));
}

/**
 * Ingests the events of whole cases of an import of `source` (every id one its import makes), the
 * source claimed for whole-case writes: checks every event and quarantines what is refused, with
 * every reason; marks each case, stores its events once, computes its deadlines from its whole log
 * and stores them, then clears its mark; then repairs what earlier batches left half done, as every
 * ingest batch does. A stop anywhere before a case's mark is cleared leaves the mark, for the next
 * batch or start to recompute the case. If storing the deadlines fails for some case (a computation
 * of it racing this one), every case of the call is recomputed as ingest recomputes one.
 */
export async function ingestCases(
  source: string,
  events: readonly CaseEvent[],
  channel: string,
  context: IngestContext & { events: BulkEventStore },
): Promise<CasesIngested> {
  const receivedMs = context.now();
  const receivedAt = new Date(receivedMs).toISOString();
  const refused = new Map<string, Problem[]>();
  const refuse = async (input: CaseEvent, problems: Problem[]) => {
    await context.quarantine.put({ receivedAt, channel, raw: jsonText(input), problems });
    refused.set(input.id, problems);
  };

  const { accepted, refused: unchecked } = checked(events, receivedMs);
  for (const { input, problems } of unchecked) await refuse(input, problems);
  const cases = byCase(accepted);
  const caseIds = cases.map(({ caseId }) => caseId);
  const tokens = context.marks.markCases
    ? await context.marks.markCases(caseIds, receivedAt)
    : await allInParallel(
        caseIds.map((caseId) => () => context.marks.mark(caseId, receivedAt)),
        MARK_CONCURRENCY,
      );
  const appended = await context.events.appendCases(source, cases, receivedAt);

  for (const [index, { outcomes }] of appended.entries()) {
    const caseEvents = (cases[index] as CaseEvents).events;
    for (const [position, outcome] of outcomes.entries()) {
      if (outcome !== 'conflict') continue;
      const event = caseEvents[position] as CaseEvent;
      await refuse(event, [
        {
          path: 'id',
          message: `an event with id ${event.id} was already stored with different content; the first one stands`,
        },
      ]);
    }
  }

  const now = context.now();
  const problems = new Map<string, CaseProblem[]>();
  const computed = appended.map(({ caseId, events: log, outcomes }) => {
    const computation = caseComputation(caseId, log, context, now);
    problems.set(caseId, computation.problems);
    // Its whole log is what this call stored: the case is new to the store.
    const isNew = log.length === outcomes.filter((outcome) => outcome === 'stored').length;
    return {
      caseId,
      version: computationVersion(log.length, now),
      deadlines: computation.deadlines,
      ...(isNew && { noEarlierEvents: true as const }),
      projections: { trackers: computation.trackers, timeliness: computation.timeliness },
    };
  });
  const computations: CaseComputation[] = computed.map(({ projections: _, ...computation }) => computation);
  try {
    if (context.deadlines.replaceCases) await context.deadlines.replaceCases(computations);
    else {
      for (const { caseId, version, deadlines } of computations) {
        await context.deadlines.replaceCase(caseId, version, deadlines);
      }
    }
    await allInParallel(
      computed.map(
        ({ caseId, version, projections, noEarlierEvents }) =>
          () =>
            replaceProjections(context, caseId, version, projections, noEarlierEvents),
      ),
      PROJECTION_WRITE_CONCURRENCY,
    );
  } catch {
    for (const { caseId } of computations) problems.set(caseId, await recomputeCase(caseId, context));
  }
  await allInParallel(
    cases.map(
      ({ caseId }, index) =>
        () =>
          context.marks.clear(caseId, tokens[index] as string),
    ),
    MARK_CONCURRENCY,
  );

  const caseProblems = [...problems.values()].flat();
  // As after an ingest batch: a repair that failed is left to the next batch.
  const repair = await repairMarkedCases(context).catch(() => null);
  if (repair) caseProblems.push(...repair.caseProblems);
  return { refused, caseProblems };
}
