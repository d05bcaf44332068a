/**
 * Rebuild: every case's deadlines recomputed from its events, exactly as ingest computes them. The
 * event log is the record; the projection and the due index only follow from it, so after a change to
 * the engine or the rules, or to repair a projection, a rebuild puts every case right. It is safe while
 * ingest runs: each case's write carries its computation's version, so a rebuild never rolls back a
 * newer computation, and repeating a rebuild changes nothing.
 */
import { type CaseProblem, type IngestContext, recomputeCase } from './ingest.ts';

/** What a rebuild did. */
export interface RebuildSummary {
  /** Cases with at least one event, each recomputed. */
  cases: number;
  /** Deadlines stored for those cases once they were recomputed. */
  deadlines: number;
  /** What could not be worked out for them (a date of birth not recorded, say), case by case. */
  caseProblems: CaseProblem[];
  /** Wall-clock time taken, in milliseconds. */
  durationMs: number;
}

/** Told after each case: how many are done, of how many. */
export type RebuildProgress = (done: number, total: number) => void;

/** Cases recomputed at once: each is a few round trips to the table, which is what takes the time. */
const REBUILD_CONCURRENCY = 8;

/**
 * Recomputes every case in `context.events` and stores its deadlines and next actions. The first
 * failure stops it (after the cases in hand finish) and is thrown; running it again is harmless.
 */
export async function rebuildAll(
  context: IngestContext,
  progress?: RebuildProgress,
): Promise<RebuildSummary> {
  const startedAt = performance.now();
  const caseIds: string[] = [];
  for await (const caseId of context.events.caseIds()) caseIds.push(caseId);
  let deadlines = 0;
  const caseProblems: CaseProblem[] = [];
  let done = 0;
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let caseId = caseIds[next++]; caseId !== undefined && !failed; caseId = caseIds[next++]) {
      try {
        caseProblems.push(...(await recomputeCase(caseId, context)));
        // Read back rather than counted from the computation: the count is of what the store now holds.
        const stored = await context.deadlines.deadlinesOf(caseId);
        deadlines += stored.length;
      } catch (error) {
        failed = true;
        throw error;
      }
      done += 1;
      progress?.(done, caseIds.length);
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: REBUILD_CONCURRENCY }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  caseProblems.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return {
    cases: caseIds.length,
    deadlines,
    caseProblems,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
