/**
 * A case under a child protection plan from 4 Dec 2026, allocated to SW-1 (unless `allocated` is
 * false) in team-north-1, ingested at noon that day over memory stores: for the tests of the
 * scheduled run and what it hands on; and the memory pipeline it runs over ({@link memoryPipeline}).
 */

import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryNoticeLedger,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
} from '../../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import type { RunContext } from '../../functions/runs/due-run.ts';
import { SMALL_DIRECTORY } from './directory.ts';

/**
 * Memory stores under the default profile, with `directory` (the small one unless given) loaded: what
 * ingest and the scheduled run share, for the tests of what a run hands on.
 */
export async function memoryPipeline(directoryData: DirectoryData = SMALL_DIRECTORY) {
  const profile = builtInProfile('default');
  const timing = defaultNoticeTiming(profile);
  const deadlines = new MemoryDeadlineStore();
  const trackers = new MemoryTrackerIndex();
  const timeliness = new MemoryTimelinessStore();
  const directory = new MemoryDirectoryStore();
  await directory.replace(directoryData);
  const events = new MemoryCaseEventStore();
  /** Ingests `items` with the clock at `now`. */
  const ingestAt = (now: string, items: unknown[]) =>
    ingestBatch(items, 'test', {
      events,
      deadlines,
      trackers,
      timeliness,
      quarantine: new MemoryQuarantineStore(),
      marks: new MemoryRecomputeMarks(),
      profile,
      timing,
      now: () => Date.parse(now),
    });
  /** What a run over these stores needs but where it hands its notices: a fresh ledger and marks each. */
  const runContext = (): Omit<RunContext, 'notices'> => ({
    deadlines,
    directory,
    ledger: new MemoryNoticeLedger(),
    marks: new MemoryRecomputeMarks(),
    profile,
    timing,
  });
  return { deadlines, ingestAt, runContext };
}

export async function childProtectionCase(options: { allocated?: boolean; directory?: DirectoryData } = {}) {
  const { deadlines, ingestAt, runContext } = await memoryPipeline(options.directory);
  const allocation = {
    id: 'S-0',
    type: 'case.allocated',
    caseId: 'CASE-S',
    occurredAt: '2026-12-01',
    data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
  };
  await ingestAt('2026-12-04T12:00:00Z', [
    ...(options.allocated === false ? [] : [allocation]),
    { id: 'S-1', type: 'cp_plan.started', caseId: 'CASE-S', occurredAt: '2026-12-04', data: {} },
  ]);
  return { deadlines, ingestAt, runContext };
}
