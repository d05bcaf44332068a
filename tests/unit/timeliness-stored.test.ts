/**
 * A case's share of the monthly figures as ingest stores it: its deadlines by the month they fall due
 * in, settled ones as they ended and open ones with their due moment; read back as of any later moment,
 * open ones classified by time alone, and folding to the figures worked out from the events.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import {
  type CaseMonth,
  caseMonths,
  caseOccurrences,
  figuresOf,
  type StoredOccurrence,
  storedOccurrences,
  storedOutcome,
} from '../../functions/core/timeliness/index.ts';
import { event } from '../support/case-history.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const profile = builtInProfile('default');
const ICPC = 'cp.initial-conference';

/** A strategy discussion that started a section 47 enquiry, and the ICPC if one was held. */
function icpcCase(caseId: string, discussion: string, held: string | null): CaseEvent[] {
  return [
    event('case.allocated', discussion, { workerId: 'SW-1', reason: 'new' }, { caseId }),
    event('strategy_discussion.held', discussion, { s47Initiated: true }, { caseId }),
    ...(held
      ? [event('conference.held', held, { conferenceType: 'initial', outcome: 'plan' }, { caseId })]
      : []),
  ];
}

const monthsAt = (caseId: string, events: CaseEvent[], at: string): CaseMonth[] => {
  const asOf = momentOf(at);
  return caseMonths(events, evaluateCase(caseId, events, profile, asOf), asOf, profile.calendar);
};

const icpcOf = (months: CaseMonth[]) =>
  months.flatMap(({ month, occurrences }) =>
    occurrences.filter((o) => o.rule === ICPC).map((o) => ({ month, ...o })),
  );

const open = (dueOn: string, extra: Partial<StoredOccurrence> = {}): StoredOccurrence => ({
  rule: ICPC,
  dueOn,
  allocation: { workerId: 'SW-1', teamId: null },
  outcome: 'open',
  lateness: null,
  dueMs: null,
  windowed: false,
  ...extra,
});

describe('a case’s months as stored', () => {
  it('keeps each deadline under the month of its due date, with its allocation on that date, not a team', () => {
    // Strategy discussion Mon 25 Mar 2026: the ICPC is due Fri 17 Apr, held Tue 21 Apr (2 working days late).
    const months = monthsAt('CASE-B', icpcCase('CASE-B', '2026-03-25', '2026-04-21'), '2026-12-01');
    expect(icpcOf(months)).toEqual([
      {
        month: '2026-04',
        rule: ICPC,
        dueOn: '2026-04-17',
        allocation: { workerId: 'SW-1', teamId: null },
        outcome: 'late',
        lateness: 2,
        dueMs: null,
        windowed: false,
      },
    ]);
    expect(months.map((m) => m.month)).toEqual([...months.map((m) => m.month)].sort());
  });

  it('keeps a deadline still open as open, with its due date, whatever the time of the computation', () => {
    const events = icpcCase('CASE-D', '2026-03-16', null);
    const before = icpcOf(monthsAt('CASE-D', events, '2026-04-01'));
    const after = icpcOf(monthsAt('CASE-D', events, '2026-05-01'));
    // Due Wed 8 Apr: not yet due on 1 April and overdue on 1 May, stored the same both times.
    expect(before).toEqual(after);
    expect(after).toMatchObject([{ month: '2026-04', dueOn: '2026-04-08', outcome: 'open' }]);
  });
});

describe('a stored deadline read as of a moment', () => {
  it('classifies an open deadline by its due date alone: not yet due to its day, overdue after', () => {
    expect(storedOutcome(open('2026-04-08'), momentOf('2026-04-08'))).toBe('not-yet-due');
    expect(storedOutcome(open('2026-04-08'), momentOf('2026-04-09'))).toBe('open-overdue');
  });

  it('classifies an hour-scale deadline by its due instant', () => {
    const due = open('2026-04-08', { dueMs: Date.parse('2026-04-08T10:00:00Z') });
    expect(storedOutcome(due, momentOf('2026-04-08T09:59:00Z'))).toBe('not-yet-due');
    expect(storedOutcome(due, momentOf('2026-04-08T10:01:00Z'))).toBe('open-overdue');
  });

  it('counts an open deadline of a per-period rule as missed once its period is over', () => {
    const term = open('2026-12-31', { rule: 'cic.pep-termly', windowed: true });
    expect(storedOutcome(term, momentOf('2026-12-31'))).toBe('not-yet-due');
    expect(storedOutcome(term, momentOf('2027-01-01'))).toBe('missed');
  });

  it('keeps a settled deadline as it ended', () => {
    expect(storedOutcome({ ...open('2026-04-08'), outcome: 'on-time' }, momentOf('2027-01-01'))).toBe(
      'on-time',
    );
  });
});

describe('figures from stored months', () => {
  const directory = new Directory(SMALL_DIRECTORY, '2026-05-01');
  const teamOf = (allocation: Parameters<Directory['teamOf']>[0]) => directory.teamOf(allocation)?.id ?? null;
  const cases: [string, CaseEvent[]][] = [
    ['CASE-A', icpcCase('CASE-A', '2026-03-02', '2026-03-20')],
    ['CASE-B', icpcCase('CASE-B', '2026-03-25', '2026-04-21')],
    ['CASE-D', icpcCase('CASE-D', '2026-03-16', null)],
  ];

  it('equal those worked out from the events at any later reading, teams placed by the directory then', () => {
    // Stored as ingest stored them on 22 April; read on 1 May, the teams placed by the directory then.
    const stored = cases.flatMap(([caseId, events]) =>
      monthsAt(caseId, events, '2026-04-22').map((month) => ({ caseId, month })),
    );
    const asOf = momentOf('2026-05-01');
    const recomputed = cases.flatMap(
      ([caseId, events]) =>
        caseOccurrences(caseId, events, profile, asOf, { calendar: profile.calendar, teamOf }).occurrences,
    );
    const figures = figuresOf(storedOccurrences(stored, asOf, teamOf));
    expect(figures).toEqual(figuresOf(recomputed));
    expect(figures.cells.filter((c) => c.rule === ICPC && c.by === 'team')).toMatchObject([
      { month: '2026-03', key: 'team-north-1', onTime: 1 },
      { month: '2026-04', key: 'team-north-1', late: 1, openOverdue: 1, lateness: [[2, 1]] },
    ]);
  });
});
