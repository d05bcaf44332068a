/**
 * Every rule in the default catalogue: a history where it fires (a deadline falls due and is missed)
 * and one where it does not (the deadline is met, or never arises).
 */
import { describe, expect, it } from 'vitest';
import { builtInProfile } from '../../rules/load.ts';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const allocated = event('case.allocated', '2026-01-05', { workerId: 'SW-001', reason: 'new' });

describe('assessment.completion', () => {
  const referral = event('referral.received', '2026-03-02', {});
  it('fires when no assessment is completed within 45 working days of the referral', () => {
    expect(summary(deadlinesFor('assessment.completion', [referral], '2026-05-08'))).toEqual([
      { due: '2026-05-07', status: 'overdue' },
    ]);
  });
  it('does not fire when the assessment is completed in time', () => {
    const done = event('assessment.completed', '2026-04-20', {});
    expect(summary(deadlinesFor('assessment.completion', [referral, done], '2026-05-08'))).toEqual([
      { due: '2026-05-07', status: 'met' },
    ]);
  });
});

describe('cp.initial-conference', () => {
  const strategy = event('strategy_discussion.held', '2026-03-16', { s47Initiated: true });
  it('fires when no initial conference is held within 15 working days of the strategy discussion', () => {
    expect(summary(deadlinesFor('cp.initial-conference', [strategy], '2026-04-09'))).toEqual([
      { due: '2026-04-08', status: 'overdue' },
    ]);
  });
  it('does not fire for a strategy discussion that did not start a section 47 enquiry', () => {
    const noS47 = event('strategy_discussion.held', '2026-03-16', { s47Initiated: false });
    expect(deadlinesFor('cp.initial-conference', [noS47], '2026-04-09')).toEqual([]);
  });
  it('is no longer needed when the enquiry ends with no further action', () => {
    const nfa = event('s47.completed', '2026-03-25', { outcome: 'no-further-action' });
    expect(summary(deadlinesFor('cp.initial-conference', [strategy, nfa], '2026-04-09'))).toEqual([
      { due: '2026-04-08', status: 'cancelled' },
    ]);
  });
});

describe('cp.first-core-group', () => {
  const icpc = event('conference.held', '2026-04-01', { conferenceType: 'initial', outcome: 'plan' });
  it('fires when no core group meets within 10 working days of the initial conference', () => {
    expect(summary(deadlinesFor('cp.first-core-group', [icpc], '2026-04-20'))).toEqual([
      { due: '2026-04-17', status: 'overdue' },
    ]);
  });
  it('does not fire when the conference made no plan', () => {
    const noPlan = event('conference.held', '2026-04-01', { conferenceType: 'initial', outcome: 'no-plan' });
    expect(deadlinesFor('cp.first-core-group', [noPlan], '2026-04-20')).toEqual([]);
  });
});

describe('cp.core-group', () => {
  const first = event('core_group.held', '2026-04-15', {});
  it('fires when the next core group is more than 6 weeks after the last', () => {
    expect(summary(deadlinesFor('cp.core-group', [first], '2026-06-01'))).toEqual([
      { due: '2026-05-27', status: 'overdue' },
    ]);
  });
  it('does not fire while core groups meet within 6 weeks', () => {
    const second = event('core_group.held', '2026-05-20', {});
    expect(summary(deadlinesFor('cp.core-group', [first, second], '2026-06-01'))).toEqual([
      { due: '2026-05-27', status: 'met' },
      { due: '2026-07-01', status: 'upcoming' },
    ]);
  });
});

describe('cp.review-conference', () => {
  const icpc = event('conference.held', '2026-01-30', { conferenceType: 'initial', outcome: 'plan' });
  it('fires when the first review is not held within 91 days of the initial conference', () => {
    expect(summary(deadlinesFor('cp.review-conference', [icpc], '2026-05-04'))).toEqual([
      { due: '2026-05-01', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews follow at 91 then 183 days', () => {
    const review = event('conference.held', '2026-04-29', { conferenceType: 'review', outcome: 'continue' });
    expect(summary(deadlinesFor('cp.review-conference', [icpc, review], '2026-05-04'))).toEqual([
      { due: '2026-05-01', status: 'met' },
      { due: '2026-10-29', status: 'upcoming' },
    ]);
  });
  it('stops when a review conference ends the plan', () => {
    const end = event('conference.held', '2026-04-29', { conferenceType: 'review', outcome: 'end' });
    expect(summary(deadlinesFor('cp.review-conference', [icpc, end], '2026-12-01'))).toEqual([
      { due: '2026-05-01', status: 'met' },
    ]);
  });
});

describe('cp.visit', () => {
  const plan = event('cp_plan.started', '2026-04-01', {});
  it('fires when the child is not seen within 10 working days of the plan starting', () => {
    expect(summary(deadlinesFor('cp.visit', [plan], '2026-04-20'))).toEqual([
      { due: '2026-04-17', status: 'overdue' },
    ]);
  });
  it('does not count a visit where the child was not seen', () => {
    const unseen = event('visit.completed', '2026-04-10', { visitType: 'cp', childSeen: false });
    expect(summary(deadlinesFor('cp.visit', [plan, unseen], '2026-04-20'))).toEqual([
      { due: '2026-04-17', status: 'overdue' },
    ]);
  });
  it('does not fire when the child is seen in time, and runs on from that visit', () => {
    const seen = event('visit.completed', '2026-04-10', { visitType: 'cp', childSeen: true });
    expect(summary(deadlinesFor('cp.visit', [plan, seen], '2026-04-20'))).toEqual([
      { due: '2026-04-17', status: 'met' },
      { due: '2026-04-24', status: 'upcoming' },
    ]);
  });
  it('cancels the open visit when the plan ends', () => {
    const ended = event('cp_plan.ended', '2026-04-14', {});
    expect(summary(deadlinesFor('cp.visit', [plan, ended], '2026-05-20'))).toEqual([
      { due: '2026-04-17', status: 'cancelled' },
    ]);
  });
});

describe('cin.visit', () => {
  const plan = event('cin_plan.started', '2026-06-01', {});
  it('fires when the child is not seen within 15 working days', () => {
    expect(summary(deadlinesFor('cin.visit', [plan], '2026-06-23'))).toEqual([
      { due: '2026-06-22', status: 'overdue' },
    ]);
  });
  it('does not fire when a child in need visit sees the child in time', () => {
    const seen = event('visit.completed', '2026-06-18', { visitType: 'cin', childSeen: true });
    expect(summary(deadlinesFor('cin.visit', [plan, seen], '2026-06-23'))[0]).toEqual({
      due: '2026-06-22',
      status: 'met',
    });
  });
  it('does not count a child protection visit towards a child in need visit', () => {
    const cpVisit = event('visit.completed', '2026-06-18', { visitType: 'cp', childSeen: true });
    expect(summary(deadlinesFor('cin.visit', [plan, cpVisit], '2026-06-23'))).toEqual([
      { due: '2026-06-22', status: 'overdue' },
    ]);
  });
});

describe('cin.review', () => {
  const plan = event('cin_plan.started', '2026-06-01', {});
  it('fires when no review is held within 6 weeks of the plan starting', () => {
    expect(summary(deadlinesFor('cin.review', [plan], '2026-07-14'))).toEqual([
      { due: '2026-07-13', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews are held every 6 weeks', () => {
    const review = event('cin_review.held', '2026-07-10', {});
    expect(summary(deadlinesFor('cin.review', [plan, review], '2026-07-14'))).toEqual([
      { due: '2026-07-13', status: 'met' },
      { due: '2026-08-21', status: 'upcoming' },
    ]);
  });
});

describe('cic.review', () => {
  const care = event('care_period.started', '2026-09-01', { legalStatus: 'section-20' });
  it('fires when the first review is not held within 20 working days of becoming looked after', () => {
    expect(summary(deadlinesFor('cic.review', [care], '2026-09-30'))).toEqual([
      { due: '2026-09-29', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews follow at 20 working days, 91 days and 183 days', () => {
    const first = event('cic_review.held', '2026-09-28', {});
    const second = event('cic_review.held', '2026-12-20', {});
    expect(summary(deadlinesFor('cic.review', [care, first, second], '2027-01-04'))).toEqual([
      { due: '2026-09-29', status: 'met' },
      { due: '2026-12-28', status: 'met' },
      { due: '2027-06-21', status: 'upcoming' },
    ]);
  });
  it('does not apply to short breaks, which have their own review cycle', () => {
    const shortBreaks = event('care_period.started', '2026-09-01', { legalStatus: 'short-breaks' });
    expect(deadlinesFor('cic.review', [shortBreaks], '2026-12-01')).toEqual([]);
  });
});

describe('cic.visit', () => {
  const care = event('care_period.started', '2026-03-02', { legalStatus: 'care-order' });
  const placement = event('placement.started', '2026-03-02', { placementType: 'foster-care' });
  it('fires when the child is not seen within a week of a new placement', () => {
    expect(summary(deadlinesFor('cic.visit', [care, placement], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when visits are weekly for the first 4 weeks, then 6-weekly', () => {
    const visits = ['2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27', '2026-04-02'].map((day) =>
      event('visit.completed', day, { visitType: 'cic', childSeen: true }),
    );
    expect(summary(deadlinesFor('cic.visit', [care, placement, ...visits], '2026-04-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
      { due: '2026-03-13', status: 'met' },
      { due: '2026-03-20', status: 'met' },
      { due: '2026-03-27', status: 'met' },
      { due: '2026-04-03', status: 'met' },
      { due: '2026-05-14', status: 'upcoming' },
    ]);
  });
  it('visits a child with a temporarily approved carer weekly until the first review, then 4-weekly', () => {
    const reg24 = event('placement.started', '2026-03-02', { placementType: 'temporary-connected-carer' });
    const visit = event('visit.completed', '2026-04-20', { visitType: 'cic', childSeen: true });
    const review = event('cic_review.held', '2026-03-27', {});
    const lateVisit = event('visit.completed', '2026-03-20', { visitType: 'cic', childSeen: true });
    expect(summary(deadlinesFor('cic.visit', [care, reg24, lateVisit, review, visit], '2026-04-21'))).toEqual(
      [
        { due: '2026-03-09', status: 'met-late' },
        { due: '2026-03-27', status: 'met-late' },
        { due: '2026-05-18', status: 'upcoming' },
      ],
    );
  });
  it('treats a placement ending on the day the next starts as a move', () => {
    const ended = event('placement.ended', '2026-05-11', {});
    const reg24 = event('placement.started', '2026-05-11', { placementType: 'temporary-connected-carer' });
    const settled = event('visit.completed', '2026-05-01', { visitType: 'cic', childSeen: true });
    const visit = event('visit.completed', '2026-05-15', { visitType: 'cic', childSeen: true });
    const open = deadlinesFor('cic.visit', [care, placement, settled, reg24, ended, visit], '2026-05-16').at(
      -1,
    );
    expect(open && summary([open])).toEqual([{ due: '2026-05-22', status: 'upcoming' }]);
    expect(open?.explain).toContain('weekly until the first review for a temporary or interim placement');
  });
  it('brings the next visit forward when the child moves placement', () => {
    const settled = event('visit.completed', '2026-05-01', { visitType: 'cic', childSeen: true });
    const move = event('placement.started', '2026-05-11', { placementType: 'residential' });
    const [, next] = deadlinesFor('cic.visit', [care, placement, settled, move], '2026-05-12');
    expect(next && summary([next])).toEqual([{ due: '2026-05-18', status: 'upcoming' }]);
  });
});

describe('oversight.cadence', () => {
  it('fires when no oversight is recorded within 4 weeks of allocation', () => {
    expect(summary(deadlinesFor('oversight.cadence', [allocated], '2026-02-03'))).toEqual([
      { due: '2026-02-02', status: 'overdue' },
    ]);
  });
  it('does not fire when oversight is recorded every 4 weeks', () => {
    const oversight = event('oversight.recorded', '2026-01-30', { level: 'ATM' });
    expect(summary(deadlinesFor('oversight.cadence', [allocated, oversight], '2026-02-03'))).toEqual([
      { due: '2026-02-02', status: 'met' },
      { due: '2026-02-27', status: 'upcoming' },
    ]);
  });
  it('allows 6 weeks for a disabled child on a child in need plan', () => {
    const disabled = event('child.updated', '2026-01-05', { disabled: true });
    const plan = event('cin_plan.started', '2026-01-05', {});
    expect(summary(deadlinesFor('oversight.cadence', [disabled, plan, allocated], '2026-02-03'))).toEqual([
      { due: '2026-02-16', status: 'upcoming' },
    ]);
  });
});

describe('the statutory profile', () => {
  it('holds exactly the rules with a national timescale, with the national timescale', () => {
    const withFloor = builtInProfile('default').rules.filter((rule) => rule.definition.statutory);
    const statutory = builtInProfile('statutory').rules;
    expect(statutory.map((rule) => rule.id)).toEqual(withFloor.map((rule) => rule.id));
    for (const rule of statutory) {
      const local = withFloor.find((candidate) => candidate.id === rule.id);
      expect(rule.definition.intervals).toEqual(local?.definition.statutory?.intervals);
    }
  });
  it('visits a child in a placement meant to last until 18 every 3 months after its first year', () => {
    const care = event('care_period.started', '2025-01-06', { legalStatus: 'care-order' });
    const placement = event('placement.started', '2025-01-06', {
      placementType: 'foster-care',
      intendedToAge18: true,
    });
    const visit = event('visit.completed', '2026-02-02', { visitType: 'cic', childSeen: true });
    const statutory = builtInProfile('statutory');
    const deadlines = deadlinesFor('cic.visit', [care, placement, visit], '2026-02-03', statutory);
    expect(summary(deadlines.slice(-1))).toEqual([{ due: '2026-05-02', status: 'upcoming' }]);
  });
});
