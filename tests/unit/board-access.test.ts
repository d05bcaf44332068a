/**
 * Who may read what on the board, from the directory's reporting lines: a worker their own cases, an
 * ATM or TM their team and the units below it, an SM their area, HOS and above everything below their
 * unit; deny by default (staff the directory does not hold, leavers, cases whose team it lacks).
 */
import { describe, expect, it } from 'vitest';
import { lineIncludes, narrowTo, readerLine, staffInCaseLine } from '../../functions/board/access.ts';
import { unitsBelow } from '../../functions/core/directory/lines.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { member } from '../support/directory.ts';

/** A council of two areas (east, west) under one division, each with two teams. */
const DIRECTORY: DirectoryData = {
  teams: [
    { id: 'council', name: 'Children’s Services', parentId: null, teamsChannel: null },
    { id: 'division-1', name: 'Division 1', parentId: 'council', teamsChannel: null },
    { id: 'east', name: 'East', parentId: 'division-1', teamsChannel: null },
    { id: 'west', name: 'West', parentId: 'division-1', teamsChannel: null },
    { id: 'east-1', name: 'East 1', parentId: 'east', teamsChannel: null },
    { id: 'east-2', name: 'East 2', parentId: 'east', teamsChannel: null },
    { id: 'west-1', name: 'West 1', parentId: 'west', teamsChannel: null, duty: true },
  ],
  staff: [
    member('DIR-1', 'DIRECTOR', null, 'council'),
    member('AD-1', 'AD', 'DIR-1', 'council'),
    member('HOS-1', 'HOS', 'AD-1', 'division-1'),
    member('SM-E', 'SM', 'HOS-1', 'east'),
    member('SM-W', 'SM', 'HOS-1', 'west'),
    member('TM-E1', 'TM', 'SM-E', 'east-1'),
    member('ATM-E1', 'ATM', 'TM-E1', 'east-1'),
    member('TM-E2', 'TM', 'SM-E', 'east-2'),
    member('TM-W1', 'TM', 'SM-W', 'west-1'),
    member('SW-E1', 'worker', 'ATM-E1', 'east-1'),
    member('SW-E1B', 'worker', 'ATM-E1', 'east-1'),
    member('SW-W1', 'worker', 'TM-W1', 'west-1'),
    member('SW-GONE', 'worker', 'TM-W1', 'west-1', '2026-11-30'),
  ],
};
const DAY = '2026-12-07';
const directory = new Directory(DIRECTORY, DAY);

const line = (staffId: string) => {
  const found = readerLine(DIRECTORY, staffId, DAY);
  if (typeof found === 'string') throw new Error(`${staffId} has no line: ${found}`);
  return found;
};
const sees = (staffId: string, allocation: { workerId: string; teamId: string | null } | null) =>
  lineIncludes(line(staffId), allocation, directory);

const EAST_1_CASE = { workerId: 'SW-E1', teamId: 'east-1' };
const EAST_2_CASE = { workerId: 'SW-E2', teamId: 'east-2' };
const WEST_CASE = { workerId: 'SW-W1', teamId: 'west-1' };

describe('the reader’s line', () => {
  it('gives a worker only the cases allocated to them', () => {
    expect(line('SW-E1').units).toEqual([]);
    expect(sees('SW-E1', EAST_1_CASE)).toBe(true);
    expect(sees('SW-E1B', EAST_1_CASE)).toBe(false);
    expect(sees('SW-E1', { workerId: 'SW-E1B', teamId: 'east-1' })).toBe(false);
    expect(sees('SW-E1', null)).toBe(false);
  });

  it('gives an ATM and a TM their team, and no other', () => {
    for (const manager of ['ATM-E1', 'TM-E1']) {
      expect(line(manager).units).toEqual(['east-1']);
      expect(sees(manager, EAST_1_CASE)).toBe(true);
      expect(sees(manager, EAST_2_CASE)).toBe(false);
      expect(sees(manager, WEST_CASE)).toBe(false);
    }
  });

  it('gives an SM their area: their unit and the teams below it', () => {
    expect(line('SM-E').units).toEqual(['east', 'east-1', 'east-2']);
    expect(sees('SM-E', EAST_1_CASE)).toBe(true);
    expect(sees('SM-E', EAST_2_CASE)).toBe(true);
    expect(sees('SM-E', WEST_CASE)).toBe(false);
  });

  it('gives HOS, AD and Director everything below their unit', () => {
    expect(line('HOS-1').units).toEqual(['division-1', 'east', 'west', 'east-1', 'east-2', 'west-1']);
    for (const senior of ['HOS-1', 'AD-1', 'DIR-1']) {
      for (const allocation of [EAST_1_CASE, EAST_2_CASE, WEST_CASE])
        expect(sees(senior, allocation)).toBe(true);
    }
  });

  it('finds a case by the team its allocation names, else its worker’s, and an unallocated one in the duty team', () => {
    expect(sees('TM-E1', { workerId: 'SW-E1', teamId: null })).toBe(true);
    expect(sees('TM-W1', null)).toBe(true);
    expect(sees('TM-E1', null)).toBe(false);
  });

  it('denies by default: staff the directory lacks, leavers, and cases whose team it lacks', () => {
    expect(readerLine(DIRECTORY, 'NOBODY', DAY)).toBe('unknown-staff');
    expect(readerLine(DIRECTORY, 'SW-GONE', DAY)).toBe('leaver');
    // In post up to and including the last working day.
    expect(typeof readerLine(DIRECTORY, 'SW-GONE', '2026-11-30')).toBe('object');
    expect(sees('DIR-1', { workerId: 'SW-X', teamId: 'nowhere' })).toBe(false);
  });

  it('lets a manager see a case allocated to them personally, wherever it sits', () => {
    expect(sees('TM-E2', { workerId: 'TM-E2', teamId: 'west-1' })).toBe(true);
  });
});

describe('narrowing a page to a unit', () => {
  it('takes a unit of the line with those below it, and refuses one outside it or unknown', () => {
    expect(narrowTo(line('SM-E'), DIRECTORY.teams, 'east-2')).toEqual(['east-2']);
    expect(narrowTo(line('HOS-1'), DIRECTORY.teams, 'east')).toEqual(['east', 'east-1', 'east-2']);
    expect(narrowTo(line('SM-E'), DIRECTORY.teams, 'west-1')).toBeNull();
    expect(narrowTo(line('SM-E'), DIRECTORY.teams, 'nowhere')).toBeNull();
    expect(narrowTo(line('SW-E1'), DIRECTORY.teams, 'east-1')).toBeNull();
  });

  it('walks the units below once, even if the directory has a circle', () => {
    const circle = [
      { id: 'a', name: 'A', parentId: 'b', teamsChannel: null },
      { id: 'b', name: 'B', parentId: 'a', teamsChannel: null },
    ];
    expect(unitsBelow(circle, 'a')).toEqual(['a', 'b']);
  });
});

describe('who an action on a case may be given to', () => {
  it('is its worker and the managers of its team and the units above, in post, lowest level first', () => {
    expect(staffInCaseLine(DIRECTORY, EAST_1_CASE, directory, DAY).map((m) => m.id)).toEqual([
      'SW-E1',
      'ATM-E1',
      'TM-E1',
      'SM-E',
      'HOS-1',
      'AD-1',
      'DIR-1',
    ]);
    expect(
      staffInCaseLine(DIRECTORY, { workerId: 'SW-GONE', teamId: 'west-1' }, directory, DAY).map((m) => m.id),
    ).not.toContain('SW-GONE');
  });
});
