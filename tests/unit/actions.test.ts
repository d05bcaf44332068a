/**
 * The board's actions as a pure fold of a case's events, the events the board sends for them, and the
 * check of an action's text: every change kept with who made it, "ongoing" refused.
 */
import { describe, expect, it } from 'vitest';
import { parseCaseEvent } from '../../events/index.ts';
import {
  BOARD_SOURCE,
  type BoardEventContext,
  caseActions,
  checkActionText,
  markActionDone,
  moveAction,
  recordAction,
  withdrawAction,
} from '../../functions/core/actions/index.ts';

const CASE = 'CASE-1006';
const at = (eventId: string, when: string, by = 'SM-003'): BoardEventContext => ({
  eventId,
  caseId: CASE,
  at: when,
  by,
});

const first = recordAction(at('board-1', '2026-03-02T10:15:00Z'), {
  actionId: 'act-first001',
  ownerId: 'TM-003',
  dueOn: '2026-03-13',
});
const second = recordAction(at('board-2', '2026-03-02T10:20:00Z'), {
  actionId: 'act-second02',
  ownerId: 'SW-014',
  dueOn: '2026-03-06',
});
const moved = moveAction(at('board-3', '2026-03-09T10:00:00Z', 'TM-003'), {
  actionId: 'act-first001',
  dueOn: '2026-03-20',
  reason: 'awaiting-information',
});
const done = markActionDone(at('board-4', '2026-03-19T16:00:00Z', 'TM-003'), 'act-first001');

describe('the events the board sends', () => {
  it('are valid events of the contract, carrying who made them and no text', () => {
    const withdrawn = withdrawAction(at('board-5', '2026-03-02T10:25:00Z'), second.id);
    for (const event of [first, moved, done, withdrawn]) {
      const parsed = parseCaseEvent(event);
      expect(parsed.ok, event.type).toBe(true);
      expect(event).toMatchObject({ recordedBy: expect.any(String), source: BOARD_SOURCE });
    }
    expect(withdrawn).toMatchObject({ type: 'event.retracted', data: { eventId: 'board-2' } });
    expect(Object.keys(first.data).sort()).toEqual(['actionId', 'dueOn', 'ownerId']);
  });

  it('are refused without a real due date', () => {
    for (const dueOn of ['ongoing', '2026-02-30', '']) {
      const parsed = parseCaseEvent({ ...first, data: { ...first.data, dueOn } });
      expect(parsed.ok, dueOn).toBe(false);
    }
    const freeText = parseCaseEvent({ ...moved, data: { ...moved.data, reason: 'the family were away' } });
    expect(freeText.ok).toBe(false);
  });
});

describe('a case’s actions', () => {
  it('keep every date change with its reason and who made it, and where each stands', () => {
    const actions = caseActions([done, moved, second, first], '2026-03-16');
    expect(actions.map((action) => [action.actionId, action.status, action.dueOn, action.overdue])).toEqual([
      ['act-first001', 'open', '2026-03-20', false],
      ['act-second02', 'open', '2026-03-06', true],
    ]);
    expect(actions[0]).toMatchObject({
      caseId: CASE,
      ownerId: 'TM-003',
      recordedBy: 'SM-003',
      recordedAt: '2026-03-02T10:15:00Z',
      recordedEventId: 'board-1',
    });
    expect(actions[0]?.history).toEqual([
      { kind: 'recorded', at: '2026-03-02T10:15:00Z', by: 'SM-003', dueOn: '2026-03-13' },
      {
        kind: 'moved',
        at: '2026-03-09T10:00:00Z',
        by: 'TM-003',
        from: '2026-03-13',
        dueOn: '2026-03-20',
        reason: 'awaiting-information',
      },
    ]);
  });

  it('are done once marked done, and a later move changes nothing', () => {
    const late = moveAction(at('board-6', '2026-03-23T09:00:00Z'), {
      actionId: 'act-first001',
      dueOn: '2026-04-03',
      reason: 'reprioritised',
    });
    const [action] = caseActions([first, moved, done, late], '2026-03-30');
    expect(action).toMatchObject({ status: 'done', dueOn: '2026-03-20', overdue: false });
    expect(action?.history.map((change) => change.kind)).toEqual(['recorded', 'moved', 'done']);
    expect(action?.history.at(-1)).toEqual({ kind: 'done', at: '2026-03-19T16:00:00Z', by: 'TM-003' });
  });

  it('show one withdrawn as withdrawn, with who withdrew it, and never overdue', () => {
    const withdrawn = withdrawAction(at('board-5', '2026-03-02T10:25:00Z', 'SM-004'), second.id);
    const actions = caseActions([first, second, withdrawn], '2026-03-16');
    expect(actions[1]).toMatchObject({ actionId: 'act-second02', status: 'withdrawn', overdue: false });
    expect(actions[1]?.history.at(-1)).toEqual({
      kind: 'withdrawn',
      at: '2026-03-02T10:25:00Z',
      by: 'SM-004',
    });
  });

  it('leave out what happened after the moment asked about, and ignore a retracted move', () => {
    const retracted = withdrawAction(at('board-7', '2026-03-09T10:05:00Z'), moved.id);
    expect(caseActions([first, moved, retracted], '2026-03-16')[0]?.dueOn).toBe('2026-03-13');
    expect(caseActions([first, moved], '2026-03-05')[0]).toMatchObject({
      dueOn: '2026-03-13',
      history: [{}],
    });
    expect(caseActions([first], '2026-03-01')).toEqual([]);
  });

  it('say who made a change null when the event does not say', () => {
    const { recordedBy: _, ...unsigned } = first;
    expect(caseActions([unsigned], '2026-03-03')[0]).toMatchObject({
      recordedBy: null,
      history: [{ by: null }],
    });
  });
});

describe('the text of an action', () => {
  it('is accepted when it says what is to be done', () => {
    expect(checkActionText('Book the family group conference')).toBeNull();
    expect(checkActionText('Review ongoing contact arrangements with the IRO')).toBeNull();
  });

  it('is refused when "ongoing" or the like is all it says, or its timescale', () => {
    for (const text of [
      'ongoing',
      'On-going.',
      '  ONGOING ',
      'TBC',
      'as needed',
      'Monitor attendance – ongoing',
      'Visit weekly (ongoing)',
    ]) {
      expect(checkActionText(text), text).toContain('not a timescale');
    }
  });

  it('is refused when empty, too long or holding control characters, never quoting it', () => {
    const problems = [
      checkActionText('   '),
      checkActionText('Sentinel '.repeat(60)),
      checkActionText('Sentinel\u0007bell'),
    ];
    expect(problems.every((problem) => problem !== null)).toBe(true);
    expect(problems.join(' ')).not.toContain('Sentinel');
  });
});
