/** An ingest context over in-memory stores, for the tests of ingest and its handlers. */

import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
} from '../../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { CaseEventStore } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import type { IngestContext } from '../../functions/ingest/ingest.ts';

/** Fresh memory stores, the default profile, and the clock stopped at `now`. */
export function memoryIngestContext(
  now = '2026-12-07T10:00:00Z',
  events: CaseEventStore = new MemoryCaseEventStore(),
): IngestContext & { quarantine: MemoryQuarantineStore } {
  const profile = builtInProfile('default');
  return {
    events,
    deadlines: new MemoryDeadlineStore(),
    trackers: new MemoryTrackerIndex(),
    timeliness: new MemoryTimelinessStore(),
    quarantine: new MemoryQuarantineStore(),
    marks: new MemoryRecomputeMarks(),
    profile,
    timing: defaultNoticeTiming(profile),
    now: () => Date.parse(now),
  };
}
