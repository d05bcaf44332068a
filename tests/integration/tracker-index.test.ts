/**
 * The trackers index over dynalite: a case's rows filed under whoever holds it, replaced only by a
 * newer evaluation, taken off the index when the case leaves a tracker, and a page's read bounded by
 * the teams and workers it asks for.
 */
import { describe, expect, it } from 'vitest';
import { DynamoTrackerIndex } from '../../functions/adapters/dynamodb/tracker-index.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import type { CaseAllocation, TrackerHolders, TrackerIndex } from '../../functions/core/ports.ts';
import { noFacts, type PreProceedingsStage, type Tracker } from '../../functions/core/trackers/membership.ts';
import type { ActionsRow, TrackerRow } from '../../functions/core/trackers/row.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('trackers');

/** A row of `caseId` on `tracker`, held as `allocation` says, with one fact to tell versions apart. */
function row(
  caseId: string,
  tracker: Tracker,
  allocation: CaseAllocation | null,
  stage: PreProceedingsStage = 'decided',
): TrackerRow {
  return {
    caseId,
    list: tracker,
    allocation,
    facts: { ...noFacts(), preProceedings: { since: '2026-03-02', stage } },
    open: [],
  };
}

const teamA = { workerId: 'SW-1', teamId: 'TEAM-A' };
const workerOnly = { workerId: 'SW-2', teamId: null };
const everyone: TrackerHolders = { teams: ['TEAM-A'], workers: ['SW-2'], unallocated: true };
const ids = (rows: readonly { caseId: string }[]) => rows.map((r) => r.caseId);

describe.each([
  ['DynamoDB', async () => new DynamoTrackerIndex(dynamo.client, await dynamo.freshTable())],
  ['memory', async () => new MemoryTrackerIndex()],
] as [string, () => Promise<TrackerIndex>][])('the trackers index (%s)', (_, make) => {
  it('files a case under its named team, its worker, or nobody, and reads one tracker at a time', async () => {
    const index = await make();
    await index.replaceCase('CASE-1', 1, [row('CASE-1', 'legal', teamA), row('CASE-1', 'permanency', teamA)]);
    await index.replaceCase('CASE-2', 1, [row('CASE-2', 'legal', workerOnly)]);
    await index.replaceCase('CASE-3', 1, [row('CASE-3', 'legal', null)]);
    expect(ids(await index.rowsHeldBy(everyone, 'legal'))).toEqual(['CASE-1', 'CASE-2', 'CASE-3']);
    expect(ids(await index.rowsHeldBy(everyone, 'permanency'))).toEqual(['CASE-1']);
    expect(
      ids(await index.rowsHeldBy({ teams: ['TEAM-A'], workers: [], unallocated: false }, 'legal')),
    ).toEqual(['CASE-1']);
    expect(
      ids(await index.rowsHeldBy({ teams: [], workers: ['SW-2'], unallocated: false }, 'legal')),
    ).toEqual(['CASE-2']);
    expect(
      await index.rowsHeldBy({ teams: ['TEAM-B'], workers: ['SW-1'], unallocated: false }, 'legal'),
    ).toEqual([]);
  });

  it('keeps a case’s open actions as a list of their own', async () => {
    const index = await make();
    const actions: ActionsRow = {
      caseId: 'CASE-1',
      list: 'actions',
      allocation: teamA,
      actions: [
        {
          caseId: 'CASE-1',
          actionId: 'act-00001',
          recordedEventId: 'board-1',
          ownerId: 'TM-1',
          dueOn: '2026-03-20',
          status: 'open',
          overdue: false,
          recordedBy: 'SM-1',
          recordedAt: '2026-03-04T10:00:00Z',
          history: [],
        },
      ],
    };
    await index.replaceCase('CASE-1', 1, [row('CASE-1', 'legal', teamA), actions]);
    expect(await index.rowsHeldBy(everyone, 'actions')).toEqual([actions]);
    expect(ids(await index.rowsHeldBy(everyone, 'legal'))).toEqual(['CASE-1']);
    await index.replaceCase('CASE-1', 2, [row('CASE-1', 'legal', teamA)]);
    expect(await index.rowsHeldBy(everyone, 'actions')).toEqual([]);
  });

  it('keeps a newer evaluation’s rows when an older one finishes late', async () => {
    const index = await make();
    expect(await index.replaceCase('CASE-1', 5, [row('CASE-1', 'legal', teamA, 'letter-sent')])).toBe(
      'replaced',
    );
    expect(await index.replaceCase('CASE-1', 4, [row('CASE-1', 'legal', teamA, 'decided')])).toBe('stale');
    const [kept] = await index.rowsHeldBy(everyone, 'legal');
    expect(kept?.facts.preProceedings?.stage).toBe('letter-sent');
  });

  it('takes a case off a tracker it has left, and an older evaluation does not put it back', async () => {
    const index = await make();
    await index.replaceCase('CASE-1', 1, [row('CASE-1', 'legal', teamA), row('CASE-1', 'permanency', teamA)]);
    expect(await index.replaceCase('CASE-1', 3, [row('CASE-1', 'permanency', teamA)])).toBe('replaced');
    expect(await index.rowsHeldBy(everyone, 'legal')).toEqual([]);
    expect(await index.replaceCase('CASE-1', 2, [row('CASE-1', 'legal', teamA)])).toBe('stale');
    expect(await index.rowsHeldBy(everyone, 'legal')).toEqual([]);
    expect(ids(await index.rowsHeldBy(everyone, 'permanency'))).toEqual(['CASE-1']);
  });

  it('moves a case when it is allocated to another team', async () => {
    const index = await make();
    await index.replaceCase('CASE-1', 1, [row('CASE-1', 'legal', teamA)]);
    await index.replaceCase('CASE-1', 2, [row('CASE-1', 'legal', { workerId: 'SW-9', teamId: 'TEAM-B' })]);
    expect(await index.rowsHeldBy({ teams: ['TEAM-A'], workers: [], unallocated: false }, 'legal')).toEqual(
      [],
    );
    expect(
      ids(await index.rowsHeldBy({ teams: ['TEAM-B'], workers: [], unallocated: false }, 'legal')),
    ).toEqual(['CASE-1']);
  });
});

describe('a page’s read of the DynamoDB trackers index', () => {
  it('examines only the rows of the teams and workers it asks for, on its tracker', async () => {
    const index = new DynamoTrackerIndex(dynamo.client, await dynamo.freshTable());
    for (let i = 0; i < 60; i += 1) {
      const caseId = `CASE-${String(i).padStart(3, '0')}`;
      const allocation = { workerId: `SW-${i % 6}`, teamId: `TEAM-${i % 3}` };
      await index.replaceCase(caseId, 1, [
        row(caseId, 'legal', allocation),
        row(caseId, 'permanency', allocation),
      ]);
    }
    const before = { ...index.reads };
    const rows = await index.rowsHeldBy({ teams: ['TEAM-1'], workers: [], unallocated: false }, 'legal');
    expect(rows).toHaveLength(20);
    expect(index.reads.items - before.items).toBe(20);
  });
});
