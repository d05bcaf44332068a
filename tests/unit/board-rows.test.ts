/**
 * The board index's rows of a case: one per tracker it is on or can come onto with time alone, one for
 * its open actions, and what each shows when read later with no event between.
 */
import { describe, expect, it } from 'vitest';
import { markActionDone, recordAction } from '../../functions/core/actions/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { actionsOfRow, type BoardRow, boardRows } from '../../functions/core/trackers/row.ts';
import { board, event } from '../support/case-history.ts';

const profile = builtInProfile('default');

const rowsAt = (events: Parameters<typeof boardRows>[0], asOf: string): BoardRow[] => {
  const moment = momentOf(asOf);
  return boardRows(events, evaluateCase('CASE-T', events, profile, moment), moment);
};

const referral = event('referral.received', '2026-03-02', {});

describe('a case’s rows in the board’s index', () => {
  it('has none while it is on no tracker and has no open action', () => {
    expect(rowsAt([referral], '2026-03-10')).toEqual([]);
  });

  it('has an actions row holding its open actions only, by whoever holds the case', () => {
    const events = [
      referral,
      event('case.allocated', '2026-03-03', { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' }),
      recordAction(board(1, '2026-03-04T10:00:00Z'), {
        actionId: 'act-00001',
        ownerId: 'TM-1',
        dueOn: '2026-03-20',
      }),
      recordAction(board(2, '2026-03-04T10:05:00Z'), {
        actionId: 'act-00002',
        ownerId: 'SW-1',
        dueOn: '2026-03-13',
      }),
      markActionDone(board(3, '2026-03-06T09:00:00Z'), 'act-00002'),
    ];
    const rows = rowsAt(events, '2026-03-10');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    if (row?.list !== 'actions') throw new Error('expected an actions row');
    expect(row.allocation).toEqual({ workerId: 'SW-1', teamId: 'team-north-1' });
    expect(row.actions.map((action) => [action.actionId, action.status])).toEqual([['act-00001', 'open']]);
  });

  it('shows an open action overdue when read after its due date, with no event between', () => {
    const events = [
      referral,
      recordAction(board(1, '2026-03-04T10:00:00Z'), {
        actionId: 'act-00001',
        ownerId: 'TM-1',
        dueOn: '2026-03-20',
      }),
    ];
    const [row] = rowsAt(events, '2026-03-10');
    if (row?.list !== 'actions') throw new Error('expected an actions row');
    expect(actionsOfRow(row, momentOf('2026-03-20'))[0]?.overdue).toBe(false);
    expect(actionsOfRow(row, momentOf('2026-03-21'))[0]?.overdue).toBe(true);
  });

  it('keeps a row for a tracker the child is on', () => {
    const decided = event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' });
    expect(rowsAt([decided], '2026-03-10').map((row) => row.list)).toEqual(['legal']);
  });
});
