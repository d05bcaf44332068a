/**
 * The gaps the runs would meet, found before they send (`allocationGaps`, for `los doctor`): every open
 * deadline's worker, the manager its rule names and its ladder's levels, asked of the directory as a run
 * asks, each gap told by its cause with how many cases meet it, ids only.
 */
import { describe, expect, it } from 'vitest';
import { allocationGaps, type OpenDeadline } from '../../functions/core/directory/allocation-gaps.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const RULES = builtInProfile('default').rules;
const DAY = '2026-12-07';
const open = (caseId: string, workerId: string | null, rule = 'cp.visit'): OpenDeadline => ({
  caseId,
  rule,
  allocation: workerId === null ? null : { workerId, teamId: 'team-north-1' },
});

/** The small directory with its ATM post vacant: the workers report to the TM. */
const NO_ATM: DirectoryData = {
  ...SMALL_DIRECTORY,
  staff: SMALL_DIRECTORY.staff
    .filter((member) => member.id !== 'ATM-1')
    .map((member) => (member.reportsTo === 'ATM-1' ? { ...member, reportsTo: 'TM-1' } : member)),
};

describe('the gaps of the open deadlines', () => {
  it('are none when every worker, manager and ladder level is in post', () => {
    const gaps = allocationGaps(
      [open('CASE-1', 'SW-1'), open('CASE-2', 'SW-2')],
      RULES,
      SMALL_DIRECTORY,
      DAY,
      true,
    );
    expect(gaps).toEqual({ deadlines: 2, cases: 2, unreachable: [], standIns: [] });
  });

  it('count the cases a missing worker or a vacant post touches, by cause and without the case', () => {
    const gaps = allocationGaps(
      [open('CASE-1', 'SW-9'), open('CASE-2', 'SW-9'), open('CASE-3', 'SW-1')],
      RULES,
      NO_ATM,
      DAY,
      false,
    );
    expect(gaps.unreachable).toEqual([]);
    expect(gaps.standIns).toEqual(
      expect.arrayContaining([
        { gap: 'allocated worker SW-9 is not in the directory', cases: 2 },
        { gap: 'ATM post above SW-1 is vacant', cases: 1 },
      ]),
    );
    expect(JSON.stringify(gaps)).not.toMatch(/CASE-|Synthetic|@/);
  });

  it('tell apart notices that would reach nobody: an unallocated case without a duty team', () => {
    const gaps = allocationGaps(
      [open('CASE-1', null), open('CASE-2', 'SW-1')],
      RULES,
      SMALL_DIRECTORY,
      DAY,
      false,
    );
    expect(gaps.unreachable).toEqual([
      { gap: 'not allocated to a worker and the directory has no duty team', cases: 1 },
    ]);
  });

  it('count a team without a Teams channel only when Teams is configured, and pass over rules the profile lacks', () => {
    const noChannel: DirectoryData = {
      ...SMALL_DIRECTORY,
      teams: SMALL_DIRECTORY.teams.map((team) => ({ ...team, teamsChannel: null })),
    };
    const deadlines = [open('CASE-1', 'SW-1'), open('CASE-2', 'SW-1', 'no.such-rule')];
    expect(allocationGaps(deadlines, RULES, noChannel, DAY, false).standIns).toEqual([]);
    const withTeams = allocationGaps(deadlines, RULES, noChannel, DAY, true);
    expect(withTeams).toMatchObject({ deadlines: 1, cases: 1 });
    expect(withTeams.standIns).toEqual([
      {
        gap: 'Team team-north-1 and the units above it have no Teams channel, so no card was sent',
        cases: 1,
      },
    ]);
  });
});
