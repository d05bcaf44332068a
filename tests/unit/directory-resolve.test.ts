/**
 * Addressing notices from the directory: the allocated worker, or who stands in for them; the manager at
 * each level up the reporting line, past vacant posts, leavers and bounced addresses, each a gap
 * reported in ids and levels; never nobody while anyone above can be told; Teams channels inherited.
 */
import { describe, expect, it } from 'vitest';
import type { OversightLevel } from '../../events/index.ts';
import type { DirectoryData, StaffLevel, StaffMember } from '../../functions/core/directory/model.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import type { CaseAllocation } from '../../functions/core/ports.ts';

const AS_OF = '2026-06-01';
const CASE = 'CASE-10001';

const person = (id: string, level: StaffLevel, teamId: string, reportsTo: string | null): StaffMember => ({
  id,
  name: `Synthetic ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  level,
  teamId,
  reportsTo,
});

/**
 * A council: DIR-01 ← AD-01 ← HOS-01 (all in `council`) ← SM-01 (`service-north`) ← TM-01 ← ATM-01 ←
 * SW-001 (`team-north-1`); TM-02 in `team-north-2` has no ATM, so SW-004 reports to TM-02 directly;
 * `team-north-3` has no staff at all.
 */
function council(changes: Record<string, Partial<StaffMember>> = {}): DirectoryData {
  const staff = [
    person('DIR-01', 'DIRECTOR', 'council', null),
    person('AD-01', 'AD', 'council', 'DIR-01'),
    person('HOS-01', 'HOS', 'council', 'AD-01'),
    person('SM-01', 'SM', 'service-north', 'HOS-01'),
    person('TM-01', 'TM', 'team-north-1', 'SM-01'),
    person('ATM-01', 'ATM', 'team-north-1', 'TM-01'),
    person('SW-001', 'worker', 'team-north-1', 'ATM-01'),
    person('TM-02', 'TM', 'team-north-2', 'SM-01'),
    person('SW-004', 'worker', 'team-north-2', 'TM-02'),
  ].map((member) => ({ ...member, ...changes[member.id] }));
  return {
    staff,
    teams: [
      { id: 'council', name: 'Council', parentId: null, teamsChannel: 'teams-council' },
      { id: 'service-north', name: 'North', parentId: 'council', teamsChannel: null },
      { id: 'team-north-1', name: 'North 1', parentId: 'service-north', teamsChannel: 'teams-north-1' },
      { id: 'team-north-2', name: 'North 2', parentId: 'service-north', teamsChannel: null },
      { id: 'team-north-3', name: 'North 3', parentId: 'service-north', teamsChannel: null },
      { id: 'orphan', name: 'Orphan', parentId: null, teamsChannel: null },
    ],
  };
}

const allocated = (workerId: string, teamId: string | null = 'team-north-1'): CaseAllocation => ({
  workerId,
  teamId,
});

/** The recipient's id and the gaps' messages: what a reader of the result sees. */
const seen = (result: { recipient: StaffMember | null; gaps: { message: string }[] }) => ({
  to: result.recipient?.id ?? null,
  gaps: result.gaps.map((gap) => gap.message),
});

describe('the holder of a case', () => {
  it('is the allocated worker while they are in post, up to and including their last day', () => {
    expect(seen(new Directory(council(), AS_OF).holderOf(allocated('SW-001'), CASE))).toEqual({
      to: 'SW-001',
      gaps: [],
    });
    const lastDay = new Directory(council({ 'SW-001': { leftOn: AS_OF } }), AS_OF);
    expect(seen(lastDay.holderOf(allocated('SW-001'), CASE)).to).toBe('SW-001');
  });

  it('after a worker leaves, is the next person up their line, with the gap', () => {
    const directory = new Directory(council({ 'SW-001': { leftOn: '2026-05-29' } }), AS_OF);
    const result = directory.holderOf(allocated('SW-001'), CASE);
    expect(seen(result)).toEqual({
      to: 'ATM-01',
      gaps: ['Case CASE-10001: SW-001 (worker) left on 2026-05-29; notice sent to ATM-01 instead'],
    });
    expect(result.gaps[0]).toMatchObject({
      kind: 'leaver',
      caseId: CASE,
      staffId: 'SW-001',
      level: 'worker',
    });
  });

  it('passes over an undeliverable address, and a leaver above, to whoever can be told', () => {
    const directory = new Directory(
      council({ 'SW-001': { undeliverable: true }, 'ATM-01': { leftOn: '2026-01-30' } }),
      AS_OF,
    );
    expect(seen(directory.holderOf(allocated('SW-001'), CASE))).toEqual({
      to: 'TM-01',
      gaps: [
        'Case CASE-10001: SW-001 (worker) has an email address marked undeliverable; notice sent to TM-01 instead',
        'Case CASE-10001: ATM-01 (ATM) left on 2026-01-30; notice sent to TM-01 instead',
      ],
    });
  });

  it('for a worker the directory does not know, is the team manager of the case’s team', () => {
    const result = new Directory(council(), AS_OF).holderOf(allocated('SW-999'), CASE);
    expect(seen(result)).toEqual({
      to: 'TM-01',
      gaps: [
        'Case CASE-10001: allocated worker SW-999 is not in the directory; notice sent to TM-01 instead',
      ],
    });
    expect(result.gaps[0]).toMatchObject({
      kind: 'unknown-worker',
      staffId: 'SW-999',
      teamId: 'team-north-1',
    });
  });

  it('for an unknown worker in a team with no manager, is the manager of the unit above, with the vacancy', () => {
    expect(seen(new Directory(council(), AS_OF).holderOf(allocated('SW-999', 'team-north-3'), CASE))).toEqual(
      {
        to: 'SM-01',
        gaps: [
          'Case CASE-10001: allocated worker SW-999 is not in the directory; notice sent to SM-01 instead',
          'Case CASE-10001: TM post in team-north-3 is vacant; notice sent to SM-01 instead',
        ],
      },
    );
  });

  it('is nobody for an unallocated case, or an unknown worker with no known team, and the gap says so', () => {
    const directory = new Directory(council(), AS_OF);
    const unallocated = directory.holderOf(null, CASE);
    expect(seen(unallocated)).toEqual({
      to: null,
      gaps: [
        'Case CASE-10001: not allocated to a worker and the directory has no duty team; nobody could be sent the notice',
      ],
    });
    expect(unallocated.gaps[0]).toMatchObject({ kind: 'unallocated', caseId: CASE });
    expect(seen(directory.holderOf(allocated('SW-999', 'team-gone'), CASE)).gaps).toEqual([
      'Case CASE-10001: allocated worker SW-999 is not in the directory, nor is its team team-gone; nobody could be sent the notice',
    ]);
  });
});

describe('the manager at a level', () => {
  it.each<[OversightLevel, string]>([
    ['ATM', 'ATM-01'],
    ['TM', 'TM-01'],
    ['SM', 'SM-01'],
    ['HOS', 'HOS-01'],
    ['AD', 'AD-01'],
    ['DIRECTOR', 'DIR-01'],
  ])('at %s is %s, up the worker’s line', (level, id) => {
    expect(seen(new Directory(council(), AS_OF).managerAt(allocated('SW-001'), level, CASE))).toEqual({
      to: id,
      gaps: [],
    });
  });

  it('when the ATM post is vacant, is the TM above, with the gap', () => {
    const result = new Directory(council(), AS_OF).managerAt(
      allocated('SW-004', 'team-north-2'),
      'ATM',
      CASE,
    );
    expect(seen(result)).toEqual({
      to: 'TM-02',
      gaps: ['Case CASE-10001: ATM post above SW-004 is vacant; notice sent to TM-02 instead'],
    });
    expect(result.gaps[0]).toMatchObject({ kind: 'vacant-level', level: 'ATM', staffId: 'SW-004' });
  });

  it('when the TM has left, is the SM above (a leaver’s line still counts), with the gap', () => {
    const directory = new Directory(council({ 'TM-01': { leftOn: '2026-04-30' } }), AS_OF);
    expect(seen(directory.managerAt(allocated('SW-001'), 'TM', CASE))).toEqual({
      to: 'SM-01',
      gaps: ['Case CASE-10001: TM-01 (TM) left on 2026-04-30; notice sent to SM-01 instead'],
    });
    // The ATM is still there for ATM oversight.
    expect(seen(directory.managerAt(allocated('SW-001'), 'ATM', CASE))).toEqual({ to: 'ATM-01', gaps: [] });
  });

  it('passes over a manager whose address is undeliverable', () => {
    const directory = new Directory(council({ 'SM-01': { undeliverable: true } }), AS_OF);
    const result = directory.managerAt(allocated('SW-001'), 'SM', CASE);
    expect(seen(result)).toEqual({
      to: 'HOS-01',
      gaps: [
        'Case CASE-10001: SM-01 (SM) has an email address marked undeliverable; notice sent to HOS-01 instead',
      ],
    });
    expect(result.gaps[0]).toMatchObject({ kind: 'undeliverable', staffId: 'SM-01', level: 'SM' });
  });

  it('is above the holder’s own level when a manager holds the case', () => {
    expect(seen(new Directory(council(), AS_OF).managerAt(allocated('ATM-01'), 'ATM', CASE))).toEqual({
      to: 'TM-01',
      gaps: [],
    });
  });

  it('for a worker the directory does not know, is found from the case’s team upwards', () => {
    const directory = new Directory(council(), AS_OF);
    expect(seen(directory.managerAt(allocated('SW-999'), 'ATM', CASE))).toEqual({
      to: 'TM-01',
      gaps: [
        'Case CASE-10001: allocated worker SW-999 is not in the directory; notice sent to TM-01 instead',
      ],
    });
    expect(seen(directory.managerAt(allocated('SW-999'), 'HOS', CASE)).to).toBe('HOS-01');
  });

  it('is never nobody while anyone above can be told: with the top gone, the most senior left is told', () => {
    const directory = new Directory(council({ 'DIR-01': { leftOn: '2026-05-01' } }), AS_OF);
    expect(seen(directory.managerAt(allocated('SW-001'), 'DIRECTOR', CASE))).toEqual({
      to: 'AD-01',
      gaps: ['Case CASE-10001: DIR-01 (DIRECTOR) left on 2026-05-01; notice sent to AD-01 instead'],
    });
    const noDirector = council();
    noDirector.staff = noDirector.staff.filter((member) => member.id !== 'DIR-01');
    (noDirector.staff[0] as StaffMember).reportsTo = null;
    expect(seen(new Directory(noDirector, AS_OF).managerAt(allocated('SW-001'), 'DIRECTOR', CASE))).toEqual({
      to: 'AD-01',
      gaps: ['Case CASE-10001: DIRECTOR post above SW-001 is vacant; notice sent to AD-01 instead'],
    });
  });

  it('is nobody only when nobody above can be told, or nobody is above', () => {
    const everyoneGone = Object.fromEntries(
      ['ATM-01', 'TM-01', 'SM-01', 'HOS-01', 'AD-01', 'DIR-01'].map((id) => [id, { leftOn: '2026-05-01' }]),
    );
    const result = new Directory(council(everyoneGone), AS_OF).managerAt(allocated('SW-001'), 'TM', CASE);
    expect(result.recipient).toBeNull();
    expect(result.gaps.map((gap) => gap.staffId)).toEqual(['TM-01', 'SM-01', 'HOS-01', 'AD-01', 'DIR-01']);
    expect(result.gaps[0]?.message).toBe(
      'Case CASE-10001: TM-01 (TM) left on 2026-05-01; nobody could be sent the notice',
    );
    expect(new Directory(council(), AS_OF).managerAt(allocated('DIR-01', 'council'), 'AD', CASE)).toEqual({
      recipient: null,
      gaps: [],
    });
  });

  it('is nobody for an unallocated case, with the gap', () => {
    expect(seen(new Directory(council(), AS_OF).managerAt(null, 'TM', CASE))).toEqual({
      to: null,
      gaps: [
        'Case CASE-10001: not allocated to a worker and the directory has no duty team; nobody could be sent the notice',
      ],
    });
  });

  it('stops at a circle in reporting lines rather than looping (the store takes any directory)', () => {
    const circular = new Directory(council({ 'DIR-01': { reportsTo: 'HOS-01' } }), AS_OF);
    expect(seen(circular.managerAt(allocated('SW-001'), 'DIRECTOR', CASE)).to).toBe('DIR-01');
  });
});

describe('an unallocated case, with a duty team in the directory', () => {
  /** The council, with `team-north-2` (TM-02 and SW-004) marked as the duty team. */
  const withDuty = (changes: Record<string, Partial<StaffMember>> = {}): DirectoryData => {
    const data = council(changes);
    return {
      ...data,
      teams: data.teams.map((team) => (team.id === 'team-north-2' ? { ...team, duty: true } : team)),
    };
  };

  it("is the duty team's manager's to hold, with no gap: waiting for allocation is routine", () => {
    expect(seen(new Directory(withDuty(), AS_OF).holderOf(null, CASE))).toEqual({ to: 'TM-02', gaps: [] });
  });

  it("climbs the duty team's chain for an escalation, reporting a vacant post on the way", () => {
    const directory = new Directory(withDuty(), AS_OF);
    expect(seen(directory.managerAt(null, 'SM', CASE))).toEqual({ to: 'SM-01', gaps: [] });
    expect(seen(directory.managerAt(null, 'ATM', CASE))).toEqual({ to: 'TM-02', gaps: [] });
    expect(
      seen(new Directory(withDuty({ 'TM-02': { leftOn: '2026-05-01' } }), AS_OF).holderOf(null, CASE)),
    ).toEqual({
      to: 'SM-01',
      gaps: ['Case CASE-10001: TM-02 (TM) left on 2026-05-01; notice sent to SM-01 instead'],
    });
  });

  it("puts the case in the duty team, so its cards go to the duty team's channel", () => {
    const directory = new Directory(withDuty(), AS_OF);
    expect(directory.teamOf(null)?.id).toBe('team-north-2');
    expect(directory.channelOf('team-north-2')).toEqual({ recipient: 'teams-council', gaps: [] });
  });

  it('is a gap again when nobody in the duty team or above it can be told', () => {
    const everyoneLeft = Object.fromEntries(
      ['TM-02', 'SM-01', 'HOS-01', 'AD-01', 'DIR-01'].map((id) => [id, { leftOn: '2026-05-01' }]),
    );
    const result = new Directory(withDuty(everyoneLeft), AS_OF).holderOf(null, CASE);
    expect(result.recipient).toBeNull();
    expect(result.gaps[0]).toMatchObject({
      kind: 'unallocated',
      message:
        'Case CASE-10001: not allocated to a worker, and nobody in the duty team team-north-2 or above it can be told; nobody could be sent the notice',
    });
  });
});

describe('teams and their channels', () => {
  const directory = new Directory(council(), AS_OF);

  it('finds a case’s team from its allocation, or from the worker when the allocation names none', () => {
    expect(directory.teamOf(allocated('SW-004', 'team-north-2'))?.id).toBe('team-north-2');
    expect(directory.teamOf(allocated('SW-004', null))?.id).toBe('team-north-2');
    expect(directory.teamOf(allocated('SW-999', null))).toBeNull();
    expect(directory.teamOf(null)).toBeNull();
  });

  it('uses a team’s own channel, or its nearest parent’s', () => {
    expect(directory.channelOf('team-north-1')).toEqual({ recipient: 'teams-north-1', gaps: [] });
    // team-north-2 has none, nor has service-north: the council's is the nearest.
    expect(directory.channelOf('team-north-2')).toEqual({ recipient: 'teams-council', gaps: [] });
  });

  it('reports a team with no channel anywhere above it, and a team it does not know', () => {
    expect(directory.channelOf('orphan')).toEqual({
      recipient: null,
      gaps: [
        {
          kind: 'no-channel',
          teamId: 'orphan',
          message: 'Team orphan and the units above it have no Teams channel, so no card was sent',
        },
      ],
    });
    expect(directory.channelOf('team-gone').gaps[0]?.message).toBe(
      'Team team-gone is not in the directory, so no card was sent',
    );
  });
});

it('refuses an as-of day that is not a date', () => {
  expect(() => new Directory(council(), '1 June 2026')).toThrow(RangeError);
});
