/**
 * The board's tracker reads on AWS, from the trackers index: a page asks only for the rows its scope's
 * teams, staff and (with the duty team) unallocated cases hold, places each row as the directory places
 * its case today, and keeps only those in scope.
 */
import { describe, expect, it } from 'vitest';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import { holdersOf, indexBoardReader } from '../../functions/board/index-reader.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import type { CaseAllocation, CaseEventStore, TrackerHolders } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { type BoardList, boardRows } from '../../functions/core/trackers/row.ts';
import { event } from '../support/case-history.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const profile = builtInProfile('default');
const asOf = momentOf('2026-04-01');

/** SMALL_DIRECTORY with a duty team, whose worker SW-3 is there too. */
const DIRECTORY: DirectoryData = {
  teams: [
    ...SMALL_DIRECTORY.teams,
    { id: 'front-door', name: 'Front door', parentId: 'childrens-services', teamsChannel: null, duty: true },
  ],
  staff: [
    ...SMALL_DIRECTORY.staff,
    {
      id: 'SW-3',
      name: 'Synthetic SW-3',
      email: 'sw-3@council.example',
      level: 'worker',
      teamId: 'front-door',
      reportsTo: 'SM-1',
    },
  ],
};

/** A child in pre-proceedings, on the legal tracker, held as `allocation` says. */
function legalRow(caseId: string, allocation: CaseAllocation | null) {
  const events = [
    event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' }, { caseId }),
  ];
  const [row] = boardRows(events, evaluateCase(caseId, events, profile, asOf), asOf);
  if (row?.list !== 'legal') throw new Error('expected a legal row');
  return { ...row, allocation };
}

/** The reader over an index holding one row per allocation, and the holders each page asked for. */
async function reader() {
  const index = new MemoryTrackerIndex();
  const rows = [
    legalRow('CASE-A', { workerId: 'SW-1', teamId: 'team-north-1' }),
    legalRow('CASE-B', { workerId: 'SW-2', teamId: null }),
    legalRow('CASE-C', null),
    legalRow('CASE-D', { workerId: 'SW-3', teamId: 'front-door' }),
  ];
  for (const [n, row] of rows.entries()) await index.replaceCase(row.caseId, n + 1, [row]);
  const asked: TrackerHolders[] = [];
  const trackers = {
    replaceCase: index.replaceCase.bind(index),
    rowsHeldBy: <L extends BoardList>(holders: TrackerHolders, list: L) => {
      asked.push(holders);
      return index.rowsHeldBy(holders, list);
    },
  };
  const board = indexBoardReader(
    {
      events: {} as CaseEventStore,
      directory: { load: async () => DIRECTORY } as never,
      trackers,
      timeliness: new MemoryTimelinessStore(),
    },
    profile,
  );
  return { board, asked };
}

const placed = (entries: { unitId: string | null; entry: { caseId: string } }[]) =>
  entries.map(({ unitId, entry }) => [entry.caseId, unitId]);

describe('the board’s reads of the trackers index', () => {
  it('asks for the units’ teams, their staff, and the unallocated only with the duty team', () => {
    const directory = new Directory(DIRECTORY, '2026-04-01');
    expect(holdersOf({ units: ['team-north-1'] }, DIRECTORY, directory)).toEqual({
      teams: ['team-north-1'],
      workers: ['TM-1', 'ATM-1', 'SW-1', 'SW-2'],
      unallocated: false,
    });
    expect(holdersOf({ units: ['front-door'] }, DIRECTORY, directory)).toEqual({
      teams: ['front-door'],
      workers: ['SW-3'],
      unallocated: true,
    });
    expect(holdersOf({ allocatedTo: 'SW-2' }, DIRECTORY, directory)).toEqual({
      teams: ['team-north-1'],
      workers: ['SW-2'],
      unallocated: false,
    });
  });

  it('gives a team its cases, those allocated without a team to its staff included, placed in it', async () => {
    const { board, asked } = await reader();
    const entries = await board.trackerEntries({ units: ['team-north-1'] }, 'legal', asOf, DIRECTORY);
    expect(placed(entries)).toEqual([
      ['CASE-A', 'team-north-1'],
      ['CASE-B', 'team-north-1'],
    ]);
    expect(entries[0]?.entry).toMatchObject({ tracker: 'legal', reasons: ['pre-proceedings'] });
    expect(asked).toHaveLength(1);
  });

  it('gives the duty team the unallocated cases, and a worker only their own', async () => {
    const { board } = await reader();
    expect(placed(await board.trackerEntries({ units: ['front-door'] }, 'legal', asOf, DIRECTORY))).toEqual([
      ['CASE-C', 'front-door'],
      ['CASE-D', 'front-door'],
    ]);
    expect(placed(await board.trackerEntries({ allocatedTo: 'SW-2' }, 'legal', asOf, DIRECTORY))).toEqual([
      ['CASE-B', 'team-north-1'],
    ]);
    expect(placed(await board.trackerEntries({ allocatedTo: 'SW-1' }, 'legal', asOf, DIRECTORY))).toEqual([
      ['CASE-A', 'team-north-1'],
    ]);
    expect(await board.trackerEntries({ units: ['team-north-1'] }, 'permanency', asOf, DIRECTORY)).toEqual(
      [],
    );
  });
});
