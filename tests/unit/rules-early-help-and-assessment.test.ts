/**
 * Early Help, children with disabilities, duty and MASH, child and family assessment, strategy
 * discussions and section 47 enquiries: for every rule, a history where it fires and one where it does not.
 */
import { describe, expect, it } from 'vitest';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const received = event('early_help.started', '2026-03-02', {});
const ehAllocated = event('case.allocated', '2026-03-04', { workerId: 'EH-001', reason: 'new' });

describe('early-help.allocation', () => {
  it('fires when no worker is allocated within 5 working days of receipt into Early Help', () => {
    expect(summary(deadlinesFor('early-help.allocation', [received], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when the case is allocated in time', () => {
    expect(summary(deadlinesFor('early-help.allocation', [received, ehAllocated], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('does not fire once Early Help work has ended', () => {
    const ended = event('early_help.ended', '2026-03-05', {});
    expect(summary(deadlinesFor('early-help.allocation', [received, ended], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'cancelled' },
    ]);
  });
});

describe('early-help.first-contact', () => {
  it('fires when the family is not contacted within 5 working days of allocation', () => {
    expect(summary(deadlinesFor('early-help.first-contact', [received, ehAllocated], '2026-03-12'))).toEqual([
      { due: '2026-03-11', status: 'overdue' },
    ]);
  });
  it('does not fire when the family is contacted in time, and a reallocation opens no second deadline', () => {
    const contacted = event('family.contacted', '2026-03-10', {});
    const reallocated = event('case.allocated', '2026-03-16', { workerId: 'EH-002', reason: 'reallocation' });
    expect(
      summary(
        deadlinesFor(
          'early-help.first-contact',
          [received, ehAllocated, contacted, reallocated],
          '2026-03-30',
        ),
      ),
    ).toEqual([{ due: '2026-03-11', status: 'met' }]);
  });
  it('does not fire for an allocation when the family is not open to Early Help', () => {
    expect(deadlinesFor('early-help.first-contact', [ehAllocated], '2026-03-30')).toEqual([]);
  });
});

describe('early-help.first-visit', () => {
  const contacted = event('family.contacted', '2026-03-10', {});
  it('fires when no Early Help visit follows within 5 working days of first contact', () => {
    const cinVisit = event('visit.completed', '2026-03-12', { visitType: 'cin', childSeen: true });
    expect(
      summary(deadlinesFor('early-help.first-visit', [received, contacted, cinVisit], '2026-03-18')),
    ).toEqual([{ due: '2026-03-17', status: 'overdue' }]);
  });
  it('does not fire when the initial home visit takes place in time, even if the child was not seen', () => {
    const visit = event('visit.completed', '2026-03-13', { visitType: 'early-help', childSeen: false });
    expect(
      summary(deadlinesFor('early-help.first-visit', [received, contacted, visit], '2026-03-18')),
    ).toEqual([{ due: '2026-03-17', status: 'met' }]);
  });
});

describe('early-help.assessment', () => {
  const visit = event('visit.completed', '2026-03-09', { visitType: 'early-help', childSeen: true });
  it('fires when the Early Help assessment is not completed within 30 working days of the initial visit', () => {
    const deadlines = deadlinesFor('early-help.assessment', [received, visit], '2026-04-23');
    expect(summary(deadlines)).toEqual([{ due: '2026-04-22', status: 'overdue' }]);
    expect(deadlines[0]?.explain).toContain('3 and 6 Apr are bank holidays');
  });
  it('does not count a child and family assessment', () => {
    const cfa = event('assessment.completed', '2026-04-20', { assessmentType: 'child-and-family' });
    expect(summary(deadlinesFor('early-help.assessment', [received, visit, cfa], '2026-04-23'))).toEqual([
      { due: '2026-04-22', status: 'overdue' },
    ]);
  });
  it('does not fire when the Early Help assessment is completed in time', () => {
    const done = event('assessment.completed', '2026-04-20', { assessmentType: 'early-help' });
    expect(summary(deadlinesFor('early-help.assessment', [received, visit, done], '2026-04-23'))).toEqual([
      { due: '2026-04-22', status: 'met' },
    ]);
  });
});

describe('early-help.review', () => {
  const start = event('early_help.started', '2026-01-05', {});
  const assessed = event('assessment.completed', '2026-02-02', { assessmentType: 'early-help' });
  it('fires when no review is held within 12 weeks of the assessment', () => {
    expect(summary(deadlinesFor('early-help.review', [start, assessed], '2026-04-28'))).toEqual([
      { due: '2026-04-27', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews are held every 12 weeks', () => {
    const review = event('meeting.held', '2026-04-20', { meetingType: 'early-help-review' });
    expect(summary(deadlinesFor('early-help.review', [start, assessed, review], '2026-04-28'))).toEqual([
      { due: '2026-04-27', status: 'met' },
      { due: '2026-07-13', status: 'upcoming' },
    ]);
  });
});

describe('early-help.chronology', () => {
  const start = event('early_help.started', '2026-01-05', {});
  it('fires when the chronology is not updated within 12 weeks of the start of Early Help', () => {
    expect(summary(deadlinesFor('early-help.chronology', [start], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'overdue' },
    ]);
  });
  it('does not fire when the chronology is updated every 12 weeks', () => {
    const updated = event('record.updated', '2026-03-20', { record: 'chronology' });
    expect(summary(deadlinesFor('early-help.chronology', [start, updated], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'met' },
      { due: '2026-06-12', status: 'upcoming' },
    ]);
  });
  it('does not fire after Early Help work ends', () => {
    const ended = event('early_help.ended', '2026-02-10', {});
    expect(summary(deadlinesFor('early-help.chronology', [start, ended], '2026-06-01'))).toEqual([
      { due: '2026-03-30', status: 'cancelled' },
    ]);
  });
});

describe('early-help.supervision', () => {
  const start = event('early_help.started', '2026-01-05', {});
  const allocated = event('case.allocated', '2026-01-07', { workerId: 'EH-001', reason: 'new' });
  it('fires when the case is not discussed in supervision within a month of allocation', () => {
    expect(summary(deadlinesFor('early-help.supervision', [start, allocated], '2026-02-09'))).toEqual([
      { due: '2026-02-07', status: 'overdue' },
    ]);
  });
  it('does not fire when supervision is monthly', () => {
    const supervision = event('supervision.held', '2026-02-05', {});
    expect(
      summary(deadlinesFor('early-help.supervision', [start, allocated, supervision], '2026-02-09')),
    ).toEqual([
      { due: '2026-02-07', status: 'met' },
      { due: '2026-03-05', status: 'upcoming' },
    ]);
  });
  it('does not fire for a case that is not open to Early Help', () => {
    expect(deadlinesFor('early-help.supervision', [allocated], '2026-03-09')).toEqual([]);
  });
});

describe('cwd.annual-assessment', () => {
  const disabled = event('child.updated', '2025-01-06', { dateOfBirth: '2015-05-01', disabled: true });
  const plan = event('cin_plan.started', '2025-02-02', {});
  it('fires when a disabled child in need has no new assessment within a year of the plan starting', () => {
    expect(summary(deadlinesFor('cwd.annual-assessment', [disabled, plan], '2026-02-03'))).toEqual([
      { due: '2026-02-02', status: 'overdue' },
    ]);
  });
  it('does not fire when the assessment is reviewed within the year, and runs on from it', () => {
    const assessed = event('assessment.completed', '2026-01-20', {});
    expect(summary(deadlinesFor('cwd.annual-assessment', [disabled, plan, assessed], '2026-02-03'))).toEqual([
      { due: '2026-02-02', status: 'met' },
      { due: '2027-01-20', status: 'upcoming' },
    ]);
  });
  it('does not fire for a child who is not recorded as disabled', () => {
    expect(deadlinesFor('cwd.annual-assessment', [plan], '2026-03-01')).toEqual([]);
  });
});

describe('cwd.transitions-notified', () => {
  it('fires when the Transitions Team is not told by the 14th birthday', () => {
    const child = event('child.updated', '2026-01-05', { dateOfBirth: '2012-06-15', disabled: true });
    const deadlines = deadlinesFor('cwd.transitions-notified', [child], '2026-06-16');
    expect(summary(deadlines)).toEqual([{ due: '2026-06-15', status: 'overdue' }]);
    expect(deadlines[0]?.explain).toContain("the child's 14th birthday");
  });
  it('does not fire when the Transitions Team is told before the birthday', () => {
    const child = event('child.updated', '2026-01-05', { dateOfBirth: '2012-06-15', disabled: true });
    const notified = event('transitions.notified', '2026-06-10', {});
    expect(summary(deadlinesFor('cwd.transitions-notified', [child, notified], '2026-06-16'))).toEqual([
      { due: '2026-06-15', status: 'met' },
    ]);
  });
  it('does not fire for a child who first presents after turning 14', () => {
    const older = event('child.updated', '2026-01-05', { dateOfBirth: '2011-06-15', disabled: true });
    expect(deadlinesFor('cwd.transitions-notified', [older], '2026-06-16')).toEqual([]);
  });
});

describe('cwd.transition-assessment', () => {
  const child = event('child.updated', '2025-01-06', { dateOfBirth: '2009-09-10', disabled: true });
  const visitAt16 = event('visit.completed', '2025-10-01', { visitType: 'cin', childSeen: true });
  it('fires when no assessment starts by the 17th birthday of a child not in care', () => {
    expect(summary(deadlinesFor('cwd.transition-assessment', [child, visitAt16], '2026-09-11'))).toEqual([
      { due: '2026-09-10', status: 'overdue' },
    ]);
  });
  it('fires at the 16th birthday for a child in care', () => {
    const inCareChild = event('child.updated', '2025-01-06', { dateOfBirth: '2010-09-10', disabled: true });
    const care = event('care_period.started', '2025-10-01', { legalStatus: 'section-20' });
    const deadlines = deadlinesFor('cwd.transition-assessment', [inCareChild, care], '2026-09-11');
    expect(summary(deadlines)).toEqual([{ due: '2026-09-10', status: 'overdue' }]);
    expect(deadlines[0]?.explain).toContain('a child in care: by the 16th birthday');
  });
  it('does not count an assessment started before the year leading up to the birthday', () => {
    const early = event('assessment.started', '2025-03-01', {});
    expect(
      summary(deadlinesFor('cwd.transition-assessment', [child, early, visitAt16], '2026-09-11')),
    ).toEqual([{ due: '2026-09-10', status: 'overdue' }]);
  });
  it('does not fire when the transition assessment starts in time', () => {
    const started = event('assessment.started', '2026-08-01', { assessmentType: 'short-breaks' });
    expect(
      summary(deadlinesFor('cwd.transition-assessment', [child, visitAt16, started], '2026-09-11')),
    ).toEqual([{ due: '2026-09-10', status: 'met' }]);
  });
});

describe('cwd.transitions-referral', () => {
  const child = event('child.updated', '2025-01-06', { dateOfBirth: '2009-09-10', disabled: true });
  const oversightAt16 = event('oversight.recorded', '2025-10-01', { level: 'ATM' });
  it('fires when no referral to the Transitions Team is made by the 17th birthday', () => {
    expect(summary(deadlinesFor('cwd.transitions-referral', [child, oversightAt16], '2026-09-11'))).toEqual([
      { due: '2026-09-10', status: 'overdue' },
    ]);
  });
  it('does not fire when the referral is made in time', () => {
    const referred = event('transitions.referred', '2026-09-01', {});
    expect(
      summary(deadlinesFor('cwd.transitions-referral', [child, oversightAt16, referred], '2026-09-11')),
    ).toEqual([{ due: '2026-09-10', status: 'met' }]);
  });
  it('does not fire for a child who is not recorded as disabled', () => {
    const notDisabled = event('child.updated', '2025-01-06', { dateOfBirth: '2009-09-10' });
    expect(deadlinesFor('cwd.transitions-referral', [notDisabled, oversightAt16], '2026-09-11')).toEqual([]);
  });
});

describe('duty.contact-recorded', () => {
  it('fires when a contact is recorded more than 1 hour after it was received', () => {
    const late = event(
      'referral.received',
      '2026-03-02T09:00:00+00:00',
      {},
      {
        recordedAt: '2026-03-02T10:30:00+00:00',
      },
    );
    expect(summary(deadlinesFor('duty.contact-recorded', [late], '2026-03-03'))).toEqual([
      { due: '2026-03-02T10:00:00+00:00', status: 'met-late' },
    ]);
  });
  it('does not fire when the contact is recorded within the hour', () => {
    const prompt = event(
      'referral.received',
      '2026-03-02T09:00:00+00:00',
      {},
      {
        recordedAt: '2026-03-02T09:40:00+00:00',
      },
    );
    expect(summary(deadlinesFor('duty.contact-recorded', [prompt], '2026-03-03'))).toEqual([
      { due: '2026-03-02T10:00:00+00:00', status: 'met' },
    ]);
  });
});

describe('duty.threshold-decision', () => {
  const referral = event('referral.received', '2026-03-02T09:00:00+00:00', {});
  it('fires when no threshold decision is made within 24 hours of the contact', () => {
    expect(summary(deadlinesFor('duty.threshold-decision', [referral], '2026-03-03T10:00:00+00:00'))).toEqual(
      [{ due: '2026-03-03T09:00:00+00:00', status: 'overdue' }],
    );
  });
  it('does not fire when the Duty Manager decides in time', () => {
    const decided = event('threshold.decided', '2026-03-03T08:30:00+00:00', {
      decision: 'child-and-family-assessment',
    });
    expect(
      summary(deadlinesFor('duty.threshold-decision', [referral, decided], '2026-03-03T10:00:00+00:00')),
    ).toEqual([{ due: '2026-03-03T09:00:00+00:00', status: 'met' }]);
  });
  it('does not fire before 24 hours after the end of the day for a contact with no time', () => {
    const friday = event('referral.received', '2026-03-06', {});
    expect(summary(deadlinesFor('duty.threshold-decision', [friday], '2026-03-07T23:00:00+00:00'))).toEqual([
      { due: '2026-03-08T00:00:00+00:00', status: 'upcoming' },
    ]);
  });
});

describe('mash.red-checks', () => {
  const red = event('mash_enquiry.started', '2026-03-02T09:00:00+00:00', { grading: 'red' });
  it('fires when red-graded checks are not received within 4 hours', () => {
    expect(summary(deadlinesFor('mash.red-checks', [red], '2026-03-02T14:00:00+00:00'))).toEqual([
      { due: '2026-03-02T13:00:00+00:00', status: 'overdue' },
    ]);
  });
  it('does not fire when the checks are received in time', () => {
    const back = event('mash_enquiry.completed', '2026-03-02T12:30:00+00:00', {});
    expect(summary(deadlinesFor('mash.red-checks', [red, back], '2026-03-02T14:00:00+00:00'))).toEqual([
      { due: '2026-03-02T13:00:00+00:00', status: 'met' },
    ]);
  });
  it('does not fire for an amber enquiry', () => {
    const amber = event('mash_enquiry.started', '2026-03-02T09:00:00+00:00', { grading: 'amber' });
    expect(deadlinesFor('mash.red-checks', [amber], '2026-03-02T14:00:00+00:00')).toEqual([]);
  });
  it('is no longer awaited once the threshold is decided', () => {
    const decided = event('threshold.decided', '2026-03-02T11:00:00+00:00', {
      decision: 'no-further-action',
    });
    expect(summary(deadlinesFor('mash.red-checks', [red, decided], '2026-03-02T14:00:00+00:00'))).toEqual([
      { due: '2026-03-02T13:00:00+00:00', status: 'cancelled' },
    ]);
  });
});

describe('mash.amber-checks', () => {
  const amber = event('mash_enquiry.started', '2026-03-02T09:00:00+00:00', { grading: 'amber' });
  it('fires when amber-graded checks are not received within 24 hours', () => {
    expect(summary(deadlinesFor('mash.amber-checks', [amber], '2026-03-03T10:00:00+00:00'))).toEqual([
      { due: '2026-03-03T09:00:00+00:00', status: 'overdue' },
    ]);
  });
  it('does not fire when the checks are received in time', () => {
    const back = event('mash_enquiry.completed', '2026-03-03T08:00:00+00:00', {});
    expect(summary(deadlinesFor('mash.amber-checks', [amber, back], '2026-03-03T10:00:00+00:00'))).toEqual([
      { due: '2026-03-03T09:00:00+00:00', status: 'met' },
    ]);
  });
});

describe('strategy.meeting', () => {
  const decided = event('threshold.decided', '2026-03-02T11:00:00+00:00', {
    decision: 'strategy-discussion',
  });
  it('fires when the strategy meeting is not held within 24 hours of the decision', () => {
    expect(summary(deadlinesFor('strategy.meeting', [decided], '2026-03-03T12:00:00+00:00'))).toEqual([
      { due: '2026-03-03T11:00:00+00:00', status: 'overdue' },
    ]);
  });
  it('does not fire when the meeting is held in time', () => {
    const held = event('strategy_discussion.held', '2026-03-02T15:00:00+00:00', { s47Initiated: false });
    expect(summary(deadlinesFor('strategy.meeting', [decided, held], '2026-03-03T12:00:00+00:00'))).toEqual([
      { due: '2026-03-03T11:00:00+00:00', status: 'met' },
    ]);
  });
  it('does not fire for a decision to assess', () => {
    const assess = event('threshold.decided', '2026-03-02T11:00:00+00:00', {
      decision: 'child-and-family-assessment',
    });
    expect(deadlinesFor('strategy.meeting', [assess], '2026-03-04')).toEqual([]);
  });
});

describe('strategy.recorded', () => {
  it('fires when the minutes are recorded more than 24 hours after the meeting', () => {
    const late = event(
      'strategy_discussion.held',
      '2026-03-02T15:00:00+00:00',
      { s47Initiated: true },
      {
        recordedAt: '2026-03-04T09:00:00+00:00',
      },
    );
    expect(summary(deadlinesFor('strategy.recorded', [late], '2026-03-05'))).toEqual([
      { due: '2026-03-03T15:00:00+00:00', status: 'met-late' },
    ]);
  });
  it('does not fire when the minutes are recorded within 24 hours', () => {
    const prompt = event(
      'strategy_discussion.held',
      '2026-03-02T15:00:00+00:00',
      { s47Initiated: false },
      {
        recordedAt: '2026-03-03T10:00:00+00:00',
      },
    );
    expect(summary(deadlinesFor('strategy.recorded', [prompt], '2026-03-05'))).toEqual([
      { due: '2026-03-03T15:00:00+00:00', status: 'met' },
    ]);
  });
});

const s47Strategy = event('strategy_discussion.held', '2026-03-16T10:00:00+00:00', { s47Initiated: true });

describe('s47.workflow-started', () => {
  it('fires when the section 47 enquiry is not started within 24 hours', () => {
    expect(summary(deadlinesFor('s47.workflow-started', [s47Strategy], '2026-03-17T11:00:00+00:00'))).toEqual(
      [{ due: '2026-03-17T10:00:00+00:00', status: 'overdue' }],
    );
  });
  it('does not fire when the enquiry is started in time', () => {
    const started = event('s47.started', '2026-03-16T14:00:00+00:00', {});
    expect(
      summary(deadlinesFor('s47.workflow-started', [s47Strategy, started], '2026-03-17T11:00:00+00:00')),
    ).toEqual([{ due: '2026-03-17T10:00:00+00:00', status: 'met' }]);
  });
});

describe('s47.child-seen', () => {
  it('fires when the child is not seen within 24 hours, and goes to the Team Manager', () => {
    const unseen = event('visit.completed', '2026-03-16T16:00:00+00:00', {
      visitType: 'cp',
      childSeen: false,
    });
    const deadlines = deadlinesFor('s47.child-seen', [s47Strategy, unseen], '2026-03-17T11:00:00+00:00');
    expect(summary(deadlines)).toEqual([{ due: '2026-03-17T10:00:00+00:00', status: 'overdue' }]);
    expect(deadlines[0]?.rule.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM'] },
    ]);
  });
  it('does not fire when the child is seen in time on a visit of any type', () => {
    const seen = event('visit.completed', '2026-03-17T09:00:00+00:00', { visitType: 'cin', childSeen: true });
    expect(summary(deadlinesFor('s47.child-seen', [s47Strategy, seen], '2026-03-17T11:00:00+00:00'))).toEqual(
      [{ due: '2026-03-17T10:00:00+00:00', status: 'met' }],
    );
  });
  it('does not fire for a strategy discussion that did not start an enquiry', () => {
    const noS47 = event('strategy_discussion.held', '2026-03-16T10:00:00+00:00', { s47Initiated: false });
    expect(deadlinesFor('s47.child-seen', [noS47], '2026-03-18')).toEqual([]);
  });
});

describe('s47.safety-plan', () => {
  it('fires when no safety plan is recorded within 24 hours', () => {
    expect(summary(deadlinesFor('s47.safety-plan', [s47Strategy], '2026-03-17T11:00:00+00:00'))).toEqual([
      { due: '2026-03-17T10:00:00+00:00', status: 'overdue' },
    ]);
  });
  it('does not fire when the safety plan is agreed in time', () => {
    const plan = event('record.updated', '2026-03-17T09:30:00+00:00', { record: 'safety-plan' });
    expect(
      summary(deadlinesFor('s47.safety-plan', [s47Strategy, plan], '2026-03-17T11:00:00+00:00')),
    ).toEqual([{ due: '2026-03-17T10:00:00+00:00', status: 'met' }]);
  });
});

describe('s47.completion', () => {
  const strategy = event('strategy_discussion.held', '2026-03-16', { s47Initiated: true });
  it('fires when the enquiry is not completed within 5 working days, and goes to the Team Manager', () => {
    const deadlines = deadlinesFor('s47.completion', [strategy], '2026-03-24');
    expect(summary(deadlines)).toEqual([{ due: '2026-03-23', status: 'overdue' }]);
    expect(deadlines[0]?.rule.escalation[0]?.levels).toEqual(['TM']);
  });
  it('does not fire when the enquiry is completed in time', () => {
    const done = event('s47.completed', '2026-03-20', { outcome: 'conference' });
    expect(summary(deadlinesFor('s47.completion', [strategy, done], '2026-03-24'))).toEqual([
      { due: '2026-03-23', status: 'met' },
    ]);
  });
});

describe('s47.oversight', () => {
  const strategy = event('strategy_discussion.held', '2026-03-16', { s47Initiated: true });
  it('fires when no management oversight follows the strategy meeting within 5 working days', () => {
    const before = event('oversight.recorded', '2026-03-13', { level: 'TM' });
    expect(summary(deadlinesFor('s47.oversight', [before, strategy], '2026-03-24'))).toEqual([
      { due: '2026-03-23', status: 'overdue' },
    ]);
  });
  it('does not fire when an Assistant Team Manager records oversight in time', () => {
    const oversight = event('oversight.recorded', '2026-03-18', { level: 'ATM' });
    expect(summary(deadlinesFor('s47.oversight', [strategy, oversight], '2026-03-24'))).toEqual([
      { due: '2026-03-23', status: 'met' },
    ]);
  });
});

const toAssess = event('threshold.decided', '2026-03-02', { decision: 'child-and-family-assessment' });

describe('assessment.child-seen', () => {
  it('fires when the child is not seen within 3 days, and goes to the Assistant Team Manager', () => {
    const deadlines = deadlinesFor('assessment.child-seen', [toAssess], '2026-03-06');
    expect(summary(deadlines)).toEqual([{ due: '2026-03-05', status: 'overdue' }]);
    expect(deadlines[0]?.rule.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['ATM'] },
    ]);
  });
  it('does not fire when the child is seen in time', () => {
    const seen = event('visit.completed', '2026-03-04', { visitType: 'cin', childSeen: true });
    expect(summary(deadlinesFor('assessment.child-seen', [toAssess, seen], '2026-03-06'))).toEqual([
      { due: '2026-03-05', status: 'met' },
    ]);
  });
  it('does not fire for a decision that is not for an assessment', () => {
    const earlyHelp = event('threshold.decided', '2026-03-02', { decision: 'early-help' });
    expect(deadlinesFor('assessment.child-seen', [earlyHelp], '2026-03-06')).toEqual([]);
  });
  it('does not fire once the parents refuse the assessment', () => {
    const refused = event('assessment.refused', '2026-03-03', {});
    expect(summary(deadlinesFor('assessment.child-seen', [toAssess, refused], '2026-03-06'))).toEqual([
      { due: '2026-03-05', status: 'cancelled' },
    ]);
  });
});

describe('assessment.progress-review', () => {
  it('fires when progress is not reviewed within 10 days', () => {
    expect(summary(deadlinesFor('assessment.progress-review', [toAssess], '2026-03-13'))).toEqual([
      { due: '2026-03-12', status: 'overdue' },
    ]);
  });
  it('does not fire when the Assistant Team Manager reviews progress in supervision in time', () => {
    const supervision = event('supervision.held', '2026-03-10', {});
    expect(
      summary(deadlinesFor('assessment.progress-review', [toAssess, supervision], '2026-03-13')),
    ).toEqual([{ due: '2026-03-12', status: 'met' }]);
  });
  it('does not fire once the assessment is completed', () => {
    const done = event('assessment.completed', '2026-03-09', {});
    expect(summary(deadlinesFor('assessment.progress-review', [toAssess, done], '2026-03-13'))).toEqual([
      { due: '2026-03-12', status: 'cancelled' },
    ]);
  });
});

describe('assessment.target-25-days', () => {
  it('fires when the assessment is not completed within 25 days', () => {
    expect(summary(deadlinesFor('assessment.target-25-days', [toAssess], '2026-03-30'))).toEqual([
      { due: '2026-03-27', status: 'overdue' },
    ]);
  });
  it('does not count an Early Help assessment', () => {
    const earlyHelp = event('assessment.completed', '2026-03-20', { assessmentType: 'early-help' });
    expect(summary(deadlinesFor('assessment.target-25-days', [toAssess, earlyHelp], '2026-03-30'))).toEqual([
      { due: '2026-03-27', status: 'overdue' },
    ]);
  });
  it('does not fire when the assessment is completed within 25 days', () => {
    const done = event('assessment.completed', '2026-03-20', {});
    expect(summary(deadlinesFor('assessment.target-25-days', [toAssess, done], '2026-03-30'))).toEqual([
      { due: '2026-03-27', status: 'met' },
    ]);
  });
});

describe('assessment.sign-off', () => {
  const completed = event('assessment.completed', '2026-03-30', { assessmentType: 'child-and-family' });
  it('fires when the assessment is not authorised within 5 working days of completion', () => {
    const deadlines = deadlinesFor('assessment.sign-off', [completed], '2026-04-09');
    expect(summary(deadlines)).toEqual([{ due: '2026-04-08', status: 'overdue' }]);
    expect(deadlines[0]?.explain).toContain('3 and 6 Apr are bank holidays');
  });
  it('does not fire when a manager authorises it in time', () => {
    const authorised = event('assessment.authorised', '2026-04-07', {});
    expect(summary(deadlinesFor('assessment.sign-off', [completed, authorised], '2026-04-09'))).toEqual([
      { due: '2026-04-08', status: 'met' },
    ]);
  });
  it('does not fire for an Early Help assessment', () => {
    const earlyHelp = event('assessment.completed', '2026-03-30', { assessmentType: 'early-help' });
    expect(deadlinesFor('assessment.sign-off', [earlyHelp], '2026-04-09')).toEqual([]);
  });
});
