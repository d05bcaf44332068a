/** The synthetic councils the benchmarks share. */
import { type CaseEvent, eventsByCase } from '../events/index.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import { syntheticDirectory } from '../local/synthetic/directory.ts';
import { generateCouncil } from '../local/synthetic-council.ts';

/** The as-of date of every benchmark council and the moments the benchmarks use on it. */
export const AS_OF = '2026-11-23';
/** Deadlines are computed the evening before the morning run (London is on GMT in November). */
export const COMPUTED_AT = Date.parse('2026-11-22T18:00:00.000Z');
/** The morning run: 07:00 London. */
export const RUN_AT = Date.parse('2026-11-23T07:00:00.000Z');

/**
 * Councils are generated a slice of at most this many cases at a time: a synthetic case has about a
 * hundred events, so 20,000 cases at once would hold two million events in memory.
 */
export const SLICE_CASES = 2_000;

export interface Slice {
  cases: Map<string, CaseEvent[]>;
  events: number;
  generateMs: number;
}

let first: Slice | undefined;
let directory: DirectoryData | undefined;

/**
 * The staff directory of the benchmark councils. Every slice is a council of the same size, staffed
 * with the same ids, so one directory serves them all.
 */
export function benchDirectory(): DirectoryData {
  directory ??= syntheticDirectory(generateCouncil({ seed: 7, asOf: AS_OF, cases: SLICE_CASES }), 7);
  return directory;
}

function generate(index: number, cases: number): Slice {
  const started = performance.now();
  const { events } = generateCouncil({ seed: 7 + index, asOf: AS_OF, cases });
  // Later slices are other councils: their case ids are prefixed so that they stay distinct.
  const renamed =
    index === 0 ? events : events.map((event) => ({ ...event, caseId: `S${index}-${event.caseId}` }));
  return { cases: eventsByCase(renamed), events: events.length, generateMs: performance.now() - started };
}

/** `total` cases, a slice at a time (the first slice is kept and reused). */
export function* slices(total: number): Generator<Slice> {
  for (let index = 0, done = 0; done < total; index++) {
    const size = Math.min(SLICE_CASES, total - done);
    if (index === 0 && size === SLICE_CASES) {
      first ??= generate(0, SLICE_CASES);
      yield first;
    } else {
      yield generate(index, size);
    }
    done += size;
  }
}
