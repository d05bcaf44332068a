/**
 * The weekly summary, pure: which week a run covers, how each stored deadline counts (its status
 * worked out again where it may be stale), who is told (the team manager and the service manager on
 * the case's line, once each), the longest overdue, and no summary for a manager with nothing to count.
 */
import { describe, expect, it } from 'vitest';
import { englandAndWalesCalendar, formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { DirectoryData, StaffMember } from '../../functions/core/directory/model.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import type { DeadlineJson } from '../../functions/core/engine/index.ts';
import {
  composeWeekly,
  summaryWeekOf,
  WEEKLY_LONGEST_OVERDUE,
  type WeeklyRun,
  weeklyCountOf,
} from '../../functions/core/notices/weekly.ts';
import type { StoredDeadline } from '../../functions/core/ports.ts';

const day = (iso: string) => parseIsoDate(iso);
const weekOf = (iso: string) => {
  const week = summaryWeekOf(day(iso), englandAndWalesCalendar);
  return week && { start: formatIsoDate(week.start), end: formatIsoDate(week.end) };
};

describe('the week a summary covers', () => {
  it('is the Monday to Sunday before, on the first working day of the week only', () => {
    expect(weekOf('2026-11-23')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    for (const other of ['2026-11-24', '2026-11-27', '2026-11-28', '2026-11-29']) {
      expect(weekOf(other), other).toBeNull();
    }
  });

  it('moves to the Tuesday after a bank holiday Monday', () => {
    // Spring bank holiday, Mon 25 May 2026; Easter Monday, 6 April 2026.
    expect(weekOf('2026-05-25')).toBeNull();
    expect(weekOf('2026-05-26')).toEqual({ start: '2026-05-18', end: '2026-05-24' });
    expect(weekOf('2026-04-07')).toEqual({ start: '2026-03-30', end: '2026-04-05' });
    // Boxing Day's substitute, Mon 28 Dec 2026, after Christmas Day on the Friday before.
    expect(weekOf('2026-12-28')).toBeNull();
    expect(weekOf('2026-12-29')).toEqual({ start: '2026-12-21', end: '2026-12-27' });
  });
});

const member = (id: string, level: StaffMember['level'], reportsTo: string | null, teamId: string) => ({
  id,
  name: `Synthetic ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  level,
  teamId,
  reportsTo,
});

/**
 * SM-1 manages two teams: TM-1's (north-1: SW-1) and TM-2's (north-2: SW-2). A third team, south-1,
 * has no team manager: its ATM reports to SM-1 directly.
 */
const DIRECTORY: DirectoryData = {
  teams: [
    { id: 'service', name: 'Service', parentId: null, teamsChannel: null },
    { id: 'north-1', name: 'North 1', parentId: 'service', teamsChannel: null },
    { id: 'north-2', name: 'North 2', parentId: 'service', teamsChannel: null },
    { id: 'south-1', name: 'South 1', parentId: 'service', teamsChannel: null },
  ],
  staff: [
    member('HOS-1', 'HOS', null, 'service'),
    member('SM-1', 'SM', 'HOS-1', 'service'),
    member('TM-1', 'TM', 'SM-1', 'north-1'),
    member('SW-1', 'worker', 'TM-1', 'north-1'),
    member('TM-2', 'TM', 'SM-1', 'north-2'),
    member('SW-2', 'worker', 'TM-2', 'north-2'),
    member('ATM-3', 'ATM', 'SM-1', 'south-1'),
    member('SW-3', 'worker', 'ATM-3', 'south-1'),
  ],
};

const book = new Directory(DIRECTORY, '2026-11-23');

/** The weekly run on Monday 23 November 2026 at 07:15 GMT, covering 16 to 22 November. */
const RUN: WeeklyRun = {
  start: day('2026-11-16'),
  end: day('2026-11-22'),
  day: day('2026-11-23'),
  asOf: Date.parse('2026-11-23T07:15:00Z'),
};

const RULES = {
  'cp.visit': 'Child protection visit',
  'cin.review': 'Child in need review held',
  'cp.visit-recorded': 'Child protection visit recorded within 24 hours',
  'oversight.board-action': 'Board action due',
} as const;

let occurrences = 0;

/** A stored deadline of `rule` on `caseId`, held by `workerId`. */
function deadline(
  caseId: string,
  rule: keyof typeof RULES,
  fields: Pick<DeadlineJson, 'due' | 'status'> & Partial<DeadlineJson>,
  workerId = 'SW-1',
): StoredDeadline {
  occurrences += 1;
  return {
    caseId,
    deadline: {
      rule,
      title: RULES[rule],
      action: 'Do what the rule asks',
      category: 'test',
      occurrence: occurrences,
      anchor: { eventId: `E-${occurrences}`, type: 'visit.completed', occurredAt: '2026-11-01' },
      explain: 'Synthetic.',
      source: [{ document: 'practice-standards-2020', section: 'Synthetic', ref: '1' }],
      escalation: [],
      owner: 'worker',
      ...fields,
    },
    nextActionAt: null,
    allocation: { workerId, teamId: null },
  };
}

describe('how a stored deadline counts', () => {
  it('counts what was met or missed last week, and what is open and past due now, whatever its stored status', () => {
    const counts = [
      deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-18' }),
      deadline('CASE-1', 'cp.visit', { due: '2026-11-16', status: 'met-late', metAt: '2026-11-22' }),
      deadline('CASE-1', 'cp.visit', { due: '2026-11-13', status: 'met', metAt: '2026-11-13' }),
      deadline('CASE-1', 'cp.visit', { due: '2026-11-23', status: 'met', metAt: '2026-11-23' }),
      deadline('CASE-1', 'cin.review', { due: '2026-11-17', status: 'missed' }),
      deadline('CASE-1', 'cin.review', { due: '2026-11-09', status: 'missed' }),
      deadline('CASE-1', 'cin.review', { due: '2026-11-10', status: 'cancelled', cancelledAt: '2026-11-18' }),
      // Stored on Friday as upcoming: overdue by Monday.
      deadline('CASE-1', 'cin.review', { due: '2026-11-20', status: 'upcoming' }),
      deadline('CASE-1', 'cin.review', { due: '2026-11-23', status: 'due' }),
      deadline('CASE-1', 'cin.review', { due: '2026-11-30', status: 'upcoming' }),
      deadline('CASE-1', 'cp.visit-recorded', { due: '2026-11-23T07:00:00+00:00', status: 'upcoming' }),
      deadline('CASE-1', 'cp.visit-recorded', { due: '2026-11-23T09:00:00+00:00', status: 'upcoming' }),
      deadline('CASE-1', 'cp.visit-recorded', {
        due: '2026-11-20T09:00:00+00:00',
        status: 'met-late',
        metAt: '2026-11-20T10:00:00+00:00',
      }),
    ].map((stored) => weeklyCountOf(stored, RUN));
    expect(counts).toEqual([
      'met',
      'late',
      null,
      null,
      'missed',
      null,
      null,
      'overdue',
      null,
      null,
      'overdue',
      null,
      'late',
    ]);
  });
});

const rowsOf = (notices: ReturnType<typeof composeWeekly>['notices'], staffId: string) =>
  notices
    .find((notice) => notice.recipient.staffId === staffId)
    ?.rows.map(({ rule, met, late, missed, overdue }) => ({ rule, met, late, missed, overdue }));

describe('the weekly summaries', () => {
  it('count by rule for the team manager and the service manager on the case’s line', () => {
    const { notices, gaps } = composeWeekly(
      [
        deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-17' }),
        deadline('CASE-1', 'cp.visit', { due: '2026-11-16', status: 'met-late', metAt: '2026-11-19' }),
        deadline('CASE-2', 'cp.visit', { due: '2026-11-20', status: 'overdue' }),
        deadline('CASE-2', 'cin.review', { due: '2026-11-17', status: 'missed' }),
      ],
      book,
      RUN,
    );
    expect(notices.map((notice) => notice.key)).toEqual(['weekly|SM-1|2026-11-16', 'weekly|TM-1|2026-11-16']);
    const expected = [
      { rule: 'cin.review', met: 0, late: 0, missed: 1, overdue: 0 },
      { rule: 'cp.visit', met: 1, late: 1, missed: 0, overdue: 1 },
    ];
    expect(rowsOf(notices, 'TM-1')).toEqual(expected);
    expect(rowsOf(notices, 'SM-1')).toEqual(expected);
    expect(notices[1]).toMatchObject({
      channel: 'email',
      kind: 'weekly',
      day: '2026-11-23',
      asOf: '2026-11-23T07:15:00.000Z',
      recipient: { staffId: 'TM-1', name: 'Synthetic TM-1', email: 'tm-1@council.example', level: 'TM' },
      week: { start: '2026-11-16', end: '2026-11-22' },
      longest: [{ caseId: 'CASE-2', rule: 'cp.visit', due: '2026-11-20', hourScale: false }],
    });
    expect(gaps).toEqual([]);
  });

  it('count a board action for its owner’s managers, not the case’s, and name the owner among the longest overdue', () => {
    const { notices } = composeWeekly(
      [
        deadline(
          'CASE-1',
          'oversight.board-action',
          { due: '2026-11-18', status: 'overdue', assignee: 'SW-2' },
          'SW-1',
        ),
      ],
      book,
      RUN,
    );
    expect(notices.map((notice) => notice.key)).toEqual(['weekly|SM-1|2026-11-16', 'weekly|TM-2|2026-11-16']);
    expect(notices[1]).toMatchObject({
      longest: [{ caseId: 'CASE-1', rule: 'oversight.board-action', workerName: 'Synthetic SW-2' }],
    });
  });

  it('give a service manager over several teams the sum of them, each team manager their own', () => {
    const { notices } = composeWeekly(
      [
        deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-18' }, 'SW-1'),
        deadline('CASE-2', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-18' }, 'SW-2'),
        deadline('CASE-3', 'cp.visit', { due: '2026-11-19', status: 'met', metAt: '2026-11-19' }, 'SW-2'),
      ],
      book,
      RUN,
    );
    const met = (staffId: string) => rowsOf(notices, staffId)?.map((row) => row.met);
    expect([met('TM-1'), met('TM-2'), met('SM-1')]).toEqual([[1], [2], [3]]);
  });

  it('with no team manager on the line, count the case once for the service manager, and report the vacant post', () => {
    const { notices, gaps } = composeWeekly(
      [deadline('CASE-S', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-18' }, 'SW-3')],
      book,
      RUN,
    );
    expect(notices.map((notice) => notice.key)).toEqual(['weekly|SM-1|2026-11-16']);
    expect(rowsOf(notices, 'SM-1')).toEqual([{ rule: 'cp.visit', met: 1, late: 0, missed: 0, overdue: 0 }]);
    expect(gaps).toEqual([
      expect.objectContaining({ kind: 'vacant-level', caseId: 'CASE-S', staffId: 'SW-3', level: 'TM' }),
    ]);
  });

  it(`list the ${WEEKLY_LONGEST_OVERDUE} longest overdue, the earliest due first, hours and days together, with the worker's name`, () => {
    const overdue = (caseId: string, due: string) =>
      deadline(caseId, due.includes('T') ? 'cp.visit-recorded' : 'cp.visit', { due, status: 'overdue' });
    const { notices } = composeWeekly(
      [
        overdue('CASE-A', '2026-11-20'),
        overdue('CASE-B', '2026-09-15'),
        overdue('CASE-C', '2026-11-23T06:00:00+00:00'),
        overdue('CASE-D', '2026-10-01'),
        overdue('CASE-E', '2026-11-19T14:30:00+00:00'),
        overdue('CASE-F', '2026-11-02'),
      ],
      book,
      RUN,
    );
    const longest = notices.find((notice) => notice.recipient.staffId === 'TM-1')?.longest;
    expect(longest?.map((item) => [item.caseId, item.hourScale, item.workerName])).toEqual([
      ['CASE-B', false, 'Synthetic SW-1'],
      ['CASE-D', false, 'Synthetic SW-1'],
      ['CASE-F', false, 'Synthetic SW-1'],
      ['CASE-E', true, 'Synthetic SW-1'],
      ['CASE-A', false, 'Synthetic SW-1'],
    ]);
    expect(longest?.map((item) => item.owner)).toEqual(['worker', 'worker', 'worker', 'worker', 'worker']);
    expect(rowsOf(notices, 'TM-1')?.reduce((n, row) => n + row.overdue, 0)).toBe(6);
  });

  it("say who must act on a longest-overdue deadline, a deadline stored before owners were kept being the worker's", () => {
    const oversight = deadline('CASE-A', 'cp.visit', { due: '2026-11-02', status: 'overdue', owner: 'ATM' });
    const stored = deadline('CASE-B', 'cp.visit', { due: '2026-11-03', status: 'overdue' });
    const { owner: _, ...before } = stored.deadline;
    const { notices } = composeWeekly(
      [oversight, { ...stored, deadline: before as DeadlineJson }],
      book,
      RUN,
    );
    const longest = notices.find((notice) => notice.recipient.staffId === 'TM-1')?.longest;
    expect(longest?.map((item) => [item.caseId, item.owner])).toEqual([
      ['CASE-A', 'ATM'],
      ['CASE-B', 'worker'],
    ]);
  });

  it('are not sent to a manager with nothing to count', () => {
    const { notices } = composeWeekly(
      [
        deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-18' }, 'SW-1'),
        deadline('CASE-2', 'cp.visit', { due: '2026-11-30', status: 'upcoming' }, 'SW-2'),
        deadline('CASE-2', 'cp.visit', { due: '2026-11-02', status: 'met', metAt: '2026-11-02' }, 'SW-2'),
      ],
      book,
      RUN,
    );
    expect(notices.map((notice) => notice.recipient.staffId)).toEqual(['SM-1', 'TM-1']);
    expect(composeWeekly([], book, RUN)).toEqual({ notices: [], gaps: [] });
  });
});
