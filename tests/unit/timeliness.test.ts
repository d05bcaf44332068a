/**
 * Timeliness figures: what became of each deadline over a case's history, attributed to the month of
 * its due date and the team and worker of that date; figures that add up across cases; nearest-rank
 * percentiles; and the report's rows and CSV.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { markActionDone, recordAction } from '../../functions/core/actions/index.ts';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import {
  type Attribution,
  caseOccurrences,
  figuresOf,
  lastFullMonths,
  latenessOf,
  mergeFigures,
  type Occurrence,
  percentile,
  reportCsv,
  reportRows,
} from '../../functions/core/timeliness/index.ts';
import { board, event } from '../support/case-history.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const profile = builtInProfile('default');
const directory = new Directory(
  {
    teams: [
      ...SMALL_DIRECTORY.teams,
      { id: 'team-south-1', name: 'South 1', parentId: null, teamsChannel: null },
    ],
    staff: SMALL_DIRECTORY.staff,
  },
  '2026-12-01',
);
const attribution: Attribution = {
  calendar: profile.calendar,
  teamOf: (allocation) => directory.teamOf(allocation)?.id ?? null,
};

const occurrencesOf = (caseId: string, events: CaseEvent[], asOf: string, rule: string): Occurrence[] =>
  caseOccurrences(caseId, events, profile, momentOf(asOf), attribution).occurrences.filter(
    (o) => o.rule === rule,
  );

describe('what became of each deadline', () => {
  // Assessments: 45 working days from the referral.
  const referred = (caseId: string, on: string, extra: CaseEvent[] = []) => [
    event('case.allocated', on, { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' }, { caseId }),
    event('referral.received', on, {}, { caseId }),
    ...extra,
  ];

  it('counts a deadline met after its due as met late, by the working days from its due date', () => {
    // Referral Mon 2 Feb 2026: due Wed 8 Apr (Good Friday and Easter Monday skipped); met Fri 10 Apr.
    const events = referred('CASE-L', '2026-02-02', [
      event('assessment.completed', '2026-04-10', {}, { caseId: 'CASE-L' }),
    ]);
    expect(occurrencesOf('CASE-L', events, '2026-12-01', 'assessment.completion')).toMatchObject([
      { dueOn: '2026-04-08', month: '2026-04', outcome: 'late', lateness: 2, teamId: 'team-north-1' },
    ]);
  });

  it('leaves out a deadline no longer needed before its due, and counts one ended after it as missed', () => {
    const early = referred('CASE-E', '2026-02-16', [
      event('case.closed', '2026-03-01', {}, { caseId: 'CASE-E' }),
    ]);
    const after = referred('CASE-A', '2026-02-09', [
      event('case.closed', '2026-04-20', {}, { caseId: 'CASE-A' }),
    ]);
    expect(occurrencesOf('CASE-E', early, '2026-12-01', 'assessment.completion')).toEqual([]);
    expect(occurrencesOf('CASE-A', after, '2026-12-01', 'assessment.completion')).toMatchObject([
      { dueOn: '2026-04-15', outcome: 'missed', lateness: null },
    ]);
  });

  it('tells open deadlines past their due from those not yet due', () => {
    const events = referred('CASE-O', '2026-02-02');
    expect(occurrencesOf('CASE-O', events, '2026-04-09', 'assessment.completion')[0]?.outcome).toBe(
      'open-overdue',
    );
    expect(occurrencesOf('CASE-O', events, '2026-04-08', 'assessment.completion')[0]?.outcome).toBe(
      'not-yet-due',
    );
  });

  it('attributes each deadline to the worker and team the case had on its due date', () => {
    // First review due Mon 2 Feb 2026 (20 working days); the case moved to South 1 on 1 March; the second
    // review, 91 days after the first, falls due on 30 April with the new worker.
    const caseId = 'CASE-MOVE';
    const events = [
      event('case.allocated', '2026-01-05', { workerId: 'SW-1', reason: 'new' }, { caseId }),
      event('care_period.started', '2026-01-05', { legalStatus: 'section-20' }, { caseId }),
      event('cic_review.held', '2026-01-29', {}, { caseId }),
      event(
        'case.allocated',
        '2026-03-01',
        { workerId: 'SW-9', teamId: 'team-south-1', reason: 'transfer' },
        {
          caseId,
        },
      ),
      event('cic_review.held', '2026-04-29', {}, { caseId }),
    ];
    expect(
      occurrencesOf(caseId, events, '2026-05-01', 'cic.review').map((o) => [
        o.dueOn,
        o.outcome,
        o.workerId,
        o.teamId,
      ]),
    ).toEqual([
      ['2026-02-02', 'on-time', 'SW-1', 'team-north-1'],
      ['2026-04-30', 'on-time', 'SW-9', 'team-south-1'],
      ['2026-10-29', 'not-yet-due', 'SW-9', 'team-south-1'],
    ]);
  });

  it('attributes a deadline that fell due before any allocation to the duty team, or to no team', () => {
    const events = [event('referral.received', '2026-02-02', {}, { caseId: 'CASE-U' })];
    const [occurrence] = occurrencesOf('CASE-U', events, '2026-12-01', 'assessment.completion');
    expect(occurrence).toMatchObject({ workerId: null, teamId: null, outcome: 'open-overdue' });
  });

  it('measures lateness in working days, in calendar days beyond the calendar’s years', () => {
    const { calendar } = profile;
    // Thu 24 Dec 2026 to Tue 29 Dec: Christmas Day and the Boxing Day holiday (Mon 28) are skipped.
    expect(latenessOf(parseIsoDate('2026-12-24'), parseIsoDate('2026-12-29'), calendar)).toBe(1);
    // Due on a Saturday, met on the Sunday: late, by no working day.
    expect(latenessOf(parseIsoDate('2026-03-07'), parseIsoDate('2026-03-08'), calendar)).toBe(0);
    expect(latenessOf(calendar.lastDay, calendar.lastDay + 3, calendar)).toBe(3);
  });
});

const occurrence = (over: Partial<Occurrence>): Occurrence =>
  ({
    caseId: 'CASE-X',
    rule: 'r',
    dueOn: '2026-03-02',
    month: '2026-03',
    outcome: 'on-time',
    lateness: null,
    teamId: 'T1',
    workerId: 'SW-1',
    ...over,
  }) as Occurrence;

describe('actions from the board', () => {
  it('count for the action’s owner, in the case’s team, met or missed by their due date', () => {
    const events = [
      event(
        'case.allocated',
        '2026-03-02',
        { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
        { caseId: 'CASE-A' },
      ),
      recordAction(board(1, '2026-03-09T10:00:00Z', 'CASE-A'), {
        actionId: 'act-00001',
        ownerId: 'TM-1',
        dueOn: '2026-03-13',
      }),
      markActionDone(board(2, '2026-03-17T09:00:00Z', 'CASE-A'), 'act-00001'),
    ];
    expect(occurrencesOf('CASE-A', events, '2026-04-01', 'oversight.board-action')).toMatchObject([
      { outcome: 'late', lateness: 2, teamId: 'team-north-1', workerId: 'TM-1', month: '2026-03' },
    ]);
  });
});

describe('monthly figures', () => {
  const a = [
    occurrence({ outcome: 'on-time' }),
    occurrence({ outcome: 'late', lateness: 3 }),
    occurrence({ outcome: 'not-yet-due', month: '2026-04' }),
  ];
  const b = [
    occurrence({ outcome: 'late', lateness: 1, workerId: 'SW-2' }),
    occurrence({ outcome: 'late', lateness: 3, workerId: 'SW-2' }),
    occurrence({ outcome: 'missed', teamId: null, workerId: null }),
    occurrence({ outcome: 'open-overdue' }),
  ];

  it('counts each deadline under its team and its worker for the month it fell due', () => {
    const figures = figuresOf([...a, ...b]);
    const team = figures.cells.find((c) => c.by === 'team' && c.key === 'T1' && c.month === '2026-03');
    expect(team).toMatchObject({
      fellDue: 5,
      onTime: 1,
      late: 3,
      missed: 0,
      openOverdue: 1,
      notYetDue: 0,
      lateness: [
        [1, 1],
        [3, 2],
      ],
    });
    expect(figures.cells.filter((c) => c.by === 'worker').map((c) => [c.month, c.key, c.fellDue])).toEqual([
      ['2026-03', null, 1],
      ['2026-03', 'SW-1', 3],
      ['2026-03', 'SW-2', 2],
      ['2026-04', 'SW-1', 0],
    ]);
  });

  it('adds up: the figures of two sets of cases merged are the figures of both', () => {
    expect(mergeFigures(figuresOf(a), figuresOf(b))).toEqual(figuresOf([...b, ...a]));
    expect(mergeFigures(figuresOf(a), { cells: [] })).toEqual(figuresOf(a));
  });
});

describe('nearest-rank percentiles', () => {
  const histogram = (values: number[]) =>
    figuresOf(values.map((lateness) => occurrence({ outcome: 'late', lateness }))).cells[0]?.lateness ?? [];

  it('takes the value at rank ⌈p × n / 100⌉, never interpolating', () => {
    const oneToTen = histogram([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(percentile(oneToTen, 50)).toBe(5);
    expect(percentile(oneToTen, 90)).toBe(9);
    expect(percentile(oneToTen, 100)).toBe(10);
    expect(percentile(histogram([1, 2, 3]), 50)).toBe(2);
    expect(percentile(histogram([4]), 90)).toBe(4);
    // 19 values of 0 and one of 30: the 90th percentile is 0 (rank 18), the 100th is 30.
    expect(percentile(histogram([...new Array(19).fill(0), 30]), 90)).toBe(0);
  });

  it('has none for no values, and refuses a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([[1, 1]], 0)).toThrow(RangeError);
  });
});

describe('the report', () => {
  const figures = figuresOf([
    occurrence({ outcome: 'on-time', month: '2026-02' }),
    occurrence({ outcome: 'late', lateness: 2 }),
    occurrence({ outcome: 'on-time', rule: 'other' }),
    occurrence({ outcome: 'on-time', teamId: 'T2' }),
  ]);
  const labels = {
    nameOf: (_by: string, key: string) => (key === 'T1' ? 'Team, "one"' : null),
    titleOf: (rule: string) => `Rule ${rule}`,
  };

  it('gives the last 12 full months before the as-of date', () => {
    expect(lastFullMonths('2026-12-07')).toEqual({ from: '2025-12', to: '2026-11' });
    expect(lastFullMonths('2026-01-31', 1)).toEqual({ from: '2025-12', to: '2025-12' });
  });

  it('keeps the months, teams and rule asked for, with the share in timescale and the percentiles', () => {
    const rows = reportRows(
      figures,
      { from: '2026-03', to: '2026-03', by: 'team', keys: new Set(['T1']), rule: 'r' },
      labels,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        month: '2026-03',
        key: 'T1',
        name: 'Team, "one"',
        title: 'Rule r',
        fellDue: 1,
        late: 1,
        inTimescalePercent: 0,
        medianLateness: 2,
        p90Lateness: 2,
      }),
    ]);
    expect(
      reportRows(figures, { from: '2026-01', to: '2026-12', by: 'team', keys: null, rule: null }, labels),
    ).toHaveLength(4);
  });

  it('writes CSV for Excel: a byte-order mark, a header, fields quoted as RFC 4180 says, CRLF lines', () => {
    const rows = reportRows(
      figures,
      { from: '2026-03', to: '2026-03', by: 'team', keys: new Set(['T1']), rule: 'r' },
      labels,
    );
    const csv = reportCsv(rows);
    expect(csv.startsWith('\uFEFFmonth,grouping,id,name,rule,title,fell_due,')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      expect.stringContaining('p90_working_days_late'),
      '2026-03,team,T1,"Team, ""one""",r,Rule r,1,0,1,0,0,0,0,2,2',
      '',
    ]);
  });
});
