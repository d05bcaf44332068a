/**
 * A case's dates moved (extensions, actions moved) with why and who, and its deadlines that slipped:
 * what the case page keeps that no spreadsheet tracker does.
 */
import { describe, expect, it } from 'vitest';
import { moveAction, recordAction } from '../../functions/core/actions/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { dateChanges, slips } from '../../functions/core/trackers/index.ts';
import { board, event } from '../support/case-history.ts';

const profile = builtInProfile('default');

describe('a case’s dates moved', () => {
  const issued = event('proceedings.issued', '2026-01-05', {});
  const extended = event(
    'proceedings.extended',
    '2026-06-29',
    { weeks: 8, reason: 'expert-evidence' },
    { id: 'EXT-1' },
  );

  it('lists each extension and each action moved, oldest first, with its reason and who recorded it', () => {
    const history = [
      issued,
      { ...extended, recordedBy: 'TM-1' },
      recordAction(board(1, '2026-07-01T10:00:00Z'), {
        actionId: 'act-00001',
        ownerId: 'SW-1',
        dueOn: '2026-07-10',
      }),
      moveAction(board(2, '2026-07-08T10:00:00Z'), {
        actionId: 'act-00001',
        dueOn: '2026-07-24',
        reason: 'awaiting-court',
      }),
    ];
    expect(dateChanges(history, profile, momentOf('2026-08-01'))).toEqual([
      {
        on: '2026-06-29',
        what: 'The court extended the care proceedings by 8 weeks',
        reason: 'expert-evidence',
        by: 'TM-1',
      },
      {
        on: '2026-07-08',
        what: "An action's due date moved to 2026-07-24",
        reason: 'awaiting-court',
        by: 'SM-1',
      },
    ]);
  });

  it('leaves out a retracted extension, one recorded after the moment asked, and every event that moves no date', () => {
    const retraction = event('event.retracted', '2026-07-02', { eventId: 'EXT-1' });
    expect(dateChanges([issued, extended, retraction], profile, momentOf('2026-08-01'))).toEqual([]);
    expect(dateChanges([issued, extended], profile, momentOf('2026-06-01'))).toEqual([]);
    expect(
      dateChanges(
        [issued, event('proceedings.concluded', '2026-07-20', {})],
        profile,
        momentOf('2026-08-01'),
      ),
    ).toEqual([]);
  });
});

describe('a case’s deadlines that slipped', () => {
  it('lists those met late and those missed, not those met in time or still open', () => {
    // The 26-week limit: issued Mon 5 Jan 2026, due Sun 5 Jul; concluded Fri 10 Jul, late.
    const history = [
      event('proceedings.issued', '2026-01-05', {}),
      event('proceedings.concluded', '2026-07-10', {}),
    ];
    const found = slips(evaluateCase('CASE-T', history, profile, momentOf('2026-08-01')));
    expect(found).toContainEqual({
      rule: 'court.proceedings-concluded',
      title: 'Care proceedings concluded within 26 weeks',
      due: '2026-07-05',
      status: 'met-late',
      metOn: '2026-07-10',
    });
    const inTime = [
      event('proceedings.issued', '2026-01-05', {}),
      event('proceedings.concluded', '2026-06-10', {}),
    ];
    expect(
      slips(evaluateCase('CASE-T', inTime, profile, momentOf('2026-08-01'))).map((slip) => slip.rule),
    ).not.toContain('court.proceedings-concluded');
  });
});
