/**
 * Rules for children in need, child protection, case closure and step-down, the recording timescales
 * table and care proceedings: each fires when its timescale is missed and not when it is kept.
 */
import { describe, expect, it } from 'vitest';
import { builtInProfile } from '../../rules/load.ts';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const allocated = event('case.allocated', '2026-01-05', { workerId: 'SW-001', reason: 'new' });
const cinPlan = event('cin_plan.started', '2026-01-15', {});
const cpPlan = event('cp_plan.started', '2026-04-01', {});

const escalationOf = (id: string) => builtInProfile('default').rules.find((r) => r.id === id)?.escalation;

describe('cin.visit-recorded', () => {
  const at = '2026-06-01T10:00:00+01:00';
  it('fires when a child in need visit is recorded more than 48 hours after it', () => {
    const visit = event(
      'visit.completed',
      at,
      { visitType: 'cin', childSeen: true },
      { recordedAt: '2026-06-03T11:00:00+01:00' },
    );
    const [deadline] = deadlinesFor('cin.visit-recorded', [visit], '2026-06-10');
    expect(deadline && summary([deadline])).toEqual([
      { due: '2026-06-03T10:00:00+01:00', status: 'met-late' },
    ]);
    expect(deadline?.explain).toContain('Recorded late');
  });
  it('does not fire when the visit is recorded within 48 hours', () => {
    const visit = event(
      'visit.completed',
      at,
      { visitType: 'cin', childSeen: false },
      { recordedAt: '2026-06-02T16:00:00+01:00' },
    );
    expect(summary(deadlinesFor('cin.visit-recorded', [visit], '2026-06-10'))).toEqual([
      { due: '2026-06-03T10:00:00+01:00', status: 'met' },
    ]);
  });
  it('does not fire for a child protection visit, and counts a visit with no time from the end of its day', () => {
    const cpVisit = event(
      'visit.completed',
      '2026-06-01',
      { visitType: 'cp', childSeen: true },
      { recordedAt: '2026-06-05' },
    );
    expect(deadlinesFor('cin.visit-recorded', [cpVisit], '2026-06-10')).toEqual([]);
    const dateOnly = event(
      'visit.completed',
      '2026-06-01',
      { visitType: 'cin', childSeen: true },
      { recordedAt: '2026-06-03' },
    );
    const [deadline] = deadlinesFor('cin.visit-recorded', [dateOnly], '2026-06-10');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-06-04T00:00:00+01:00', status: 'met' }]);
    expect(deadline?.explain).toContain('no time recorded, so counted from the end of that day');
  });
});

describe('cin.review-recorded', () => {
  it('fires when the review is recorded more than two weeks after the meeting', () => {
    const review = event('cin_review.held', '2026-06-10', {}, { recordedAt: '2026-06-26' });
    expect(summary(deadlinesFor('cin.review-recorded', [review], '2026-07-01'))).toEqual([
      { due: '2026-06-24', status: 'met-late' },
    ]);
  });
  it('does not fire when the review is recorded within two weeks', () => {
    const review = event('cin_review.held', '2026-06-10', {}, { recordedAt: '2026-06-24' });
    expect(summary(deadlinesFor('cin.review-recorded', [review], '2026-07-01'))).toEqual([
      { due: '2026-06-24', status: 'met' },
    ]);
  });
});

describe('cin.assessment', () => {
  it('fires when no child and family assessment is completed within 6 months of the plan starting', () => {
    expect(summary(deadlinesFor('cin.assessment', [cinPlan], '2026-07-16'))).toEqual([
      { due: '2026-07-15', status: 'overdue' },
    ]);
  });
  it('does not fire when an assessment is completed in time, and runs on 6 months from it', () => {
    const assessment = event('assessment.completed', '2026-06-30', {});
    expect(summary(deadlinesFor('cin.assessment', [cinPlan, assessment], '2026-07-16'))).toEqual([
      { due: '2026-07-15', status: 'met' },
      { due: '2026-12-30', status: 'upcoming' },
    ]);
  });
  it('does not count an Early Help assessment', () => {
    const earlyHelp = event('assessment.completed', '2026-06-30', { assessmentType: 'early-help' });
    expect(summary(deadlinesFor('cin.assessment', [cinPlan, earlyHelp], '2026-07-16'))).toEqual([
      { due: '2026-07-15', status: 'overdue' },
    ]);
  });
});

describe('cin.supervision', () => {
  it('fires when there is no case supervision within 3 months of the plan starting', () => {
    expect(summary(deadlinesFor('cin.supervision', [cinPlan], '2026-04-16'))).toEqual([
      { due: '2026-04-15', status: 'overdue' },
    ]);
  });
  it('does not fire when supervision is held within 3 months', () => {
    const supervision = event('supervision.held', '2026-03-20', {});
    expect(summary(deadlinesFor('cin.supervision', [cinPlan, supervision], '2026-04-16'))).toEqual([
      { due: '2026-04-15', status: 'met' },
      { due: '2026-06-20', status: 'upcoming' },
    ]);
  });
});

describe('closure.decision-recorded', () => {
  it('fires when a decision to close is recorded more than 2 working days after it was made', () => {
    const decision = event(
      'decision.recorded',
      '2026-03-02',
      { decision: 'close-case' },
      { recordedAt: '2026-03-05' },
    );
    expect(summary(deadlinesFor('closure.decision-recorded', [decision], '2026-03-10'))).toEqual([
      { due: '2026-03-04', status: 'met-late' },
    ]);
  });
  it('does not fire when a step-down decision is recorded within 2 working days, nor for other decisions', () => {
    const stepDown = event(
      'decision.recorded',
      '2026-03-02',
      { decision: 'step-down-to-early-help' },
      { recordedAt: '2026-03-04' },
    );
    const other = event(
      'decision.recorded',
      '2026-03-02',
      { decision: 'accommodate' },
      { recordedAt: '2026-03-20' },
    );
    expect(summary(deadlinesFor('closure.decision-recorded', [stepDown, other], '2026-03-10'))).toEqual([
      { due: '2026-03-04', status: 'met' },
    ]);
  });
});

describe('closure.casework-recorded', () => {
  const decision = event('decision.recorded', '2026-04-01', { decision: 'close-case' });
  it('fires when the case closure record is not written within 5 working days of the decision', () => {
    const chronology = event('record.updated', '2026-04-08', { record: 'chronology' });
    const [deadline] = deadlinesFor('closure.casework-recorded', [decision, chronology], '2026-04-13');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-04-10', status: 'overdue' }]);
    expect(deadline?.explain).toBe(
      'Due Fri 10 Apr 2026: 5 working days after the decision (close case) on Wed 1 Apr 2026; 3 and 6 Apr are bank holidays. Overdue by 1 working day.',
    );
  });
  it('does not fire when the case closure record is written in time', () => {
    const closureRecord = event('record.updated', '2026-04-09', { record: 'case-closure' });
    expect(
      summary(deadlinesFor('closure.casework-recorded', [decision, closureRecord], '2026-04-13')),
    ).toEqual([{ due: '2026-04-10', status: 'met' }]);
  });
});

describe('closure.closed-recorded', () => {
  it('fires when the closure is recorded more than 1 working day after the case closed', () => {
    const closed = event('case.closed', '2026-03-02', {}, { recordedAt: '2026-03-04' });
    expect(summary(deadlinesFor('closure.closed-recorded', [closed], '2026-03-10'))).toEqual([
      { due: '2026-03-03', status: 'met-late' },
    ]);
  });
  it('does not fire when the closure is recorded the next working day', () => {
    const closed = event('case.closed', '2026-03-02', {}, { recordedAt: '2026-03-03' });
    expect(summary(deadlinesFor('closure.closed-recorded', [closed], '2026-03-10'))).toEqual([
      { due: '2026-03-03', status: 'met' },
    ]);
  });
});

describe('step-down.transfer-meeting', () => {
  const stepDown = event('decision.recorded', '2026-03-02', { decision: 'step-down-to-early-help' });
  it('fires when no case transfer meeting is held within 5 working days of the step-down decision', () => {
    expect(summary(deadlinesFor('step-down.transfer-meeting', [stepDown], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when the case transfer meeting is held in time', () => {
    const meeting = event('meeting.held', '2026-03-06', { meetingType: 'case-transfer' });
    expect(summary(deadlinesFor('step-down.transfer-meeting', [stepDown, meeting], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('does not fire for a step-down from a child in need plan, which has no such timescale', () => {
    const plan = event('cin_plan.started', '2026-01-05', {});
    expect(deadlinesFor('step-down.transfer-meeting', [plan, stepDown], '2026-03-10')).toEqual([]);
  });
});

describe('step-down.joint-visit', () => {
  const transfer = event('meeting.held', '2026-03-02', { meetingType: 'case-transfer' });
  it('fires when there is no joint meeting or visit within 5 working days of the case transfer meeting', () => {
    expect(summary(deadlinesFor('step-down.joint-visit', [transfer], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a team around the family meeting or a home visit follows in time', () => {
    const taf = event('meeting.held', '2026-03-05', { meetingType: 'team-around-the-family' });
    expect(summary(deadlinesFor('step-down.joint-visit', [transfer, taf], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
    const visit = event('visit.completed', '2026-03-05', { visitType: 'early-help', childSeen: true });
    expect(summary(deadlinesFor('step-down.joint-visit', [transfer, visit], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('cp.visit-recorded', () => {
  const at = '2026-04-10T14:00:00+01:00';
  it('fires when a child protection visit is recorded more than 24 hours after it', () => {
    const visit = event(
      'visit.completed',
      at,
      { visitType: 'cp', childSeen: true },
      { recordedAt: '2026-04-11T15:00:00+01:00' },
    );
    expect(summary(deadlinesFor('cp.visit-recorded', [visit], '2026-04-20'))).toEqual([
      { due: '2026-04-11T14:00:00+01:00', status: 'met-late' },
    ]);
  });
  it('does not fire when the visit is recorded within 24 hours', () => {
    const visit = event(
      'visit.completed',
      at,
      { visitType: 'cp', childSeen: true },
      { recordedAt: '2026-04-11T13:00:00+01:00' },
    );
    expect(summary(deadlinesFor('cp.visit-recorded', [visit], '2026-04-20'))).toEqual([
      { due: '2026-04-11T14:00:00+01:00', status: 'met' },
    ]);
  });
  it('does not fire for a visit sent without the time it was recorded', () => {
    const visit = event('visit.completed', at, { visitType: 'cp', childSeen: true });
    expect(deadlinesFor('cp.visit-recorded', [visit], '2026-04-20')).toEqual([]);
  });
});

describe('cp.bedroom-seen', () => {
  const cpVisit = (day: string, bedroomSeen: boolean) =>
    event('visit.completed', day, { visitType: 'cp', childSeen: true, bedroomSeen });
  it('fires when three child protection visits go by without the bedroom being seen', () => {
    const visits = [cpVisit('2026-04-10', false), cpVisit('2026-04-20', false), cpVisit('2026-04-30', false)];
    const deadlines = deadlinesFor('cp.bedroom-seen', [cpPlan, ...visits], '2026-05-01');
    expect(summary(deadlines)).toEqual([
      { due: '2026-04-30', status: 'missed' },
      { due: '2026-06-15', status: 'upcoming' },
    ]);
    expect(deadlines[0]?.explain).toContain('by the 3rd visit after the start of the child protection plan');
  });
  it('does not fire when the bedroom is seen at one visit in three', () => {
    const visits = [cpVisit('2026-04-10', false), cpVisit('2026-04-20', true), cpVisit('2026-04-30', false)];
    expect(summary(deadlinesFor('cp.bedroom-seen', [cpPlan, ...visits], '2026-05-01'))).toEqual([
      { due: '2026-05-11', status: 'met' },
      { due: '2026-06-01', status: 'upcoming' },
    ]);
  });
});

describe('cp.core-group-recorded', () => {
  it('fires when a core group is recorded more than 5 working days after the meeting', () => {
    const coreGroup = event('core_group.held', '2026-04-01', {}, { recordedAt: '2026-04-13' });
    expect(summary(deadlinesFor('cp.core-group-recorded', [coreGroup], '2026-04-20'))).toEqual([
      { due: '2026-04-10', status: 'met-late' },
    ]);
  });
  it('does not fire when the core group is recorded within 5 working days', () => {
    const coreGroup = event('core_group.held', '2026-04-01', {}, { recordedAt: '2026-04-10' });
    expect(summary(deadlinesFor('cp.core-group-recorded', [coreGroup], '2026-04-20'))).toEqual([
      { due: '2026-04-10', status: 'met' },
    ]);
  });
});

describe('cp.conference-setup-form', () => {
  const booked = event('conference.scheduled', '2026-05-01', {
    conferenceType: 'initial',
    date: '2026-06-05',
  });
  it('fires when the set-up form is not sent 7 working days before the conference', () => {
    expect(summary(deadlinesFor('cp.conference-setup-form', [booked], '2026-05-28'))).toEqual([
      { due: '2026-05-27', status: 'overdue' },
    ]);
  });
  it('does not fire when the set-up form is sent in time', () => {
    const form = event('report.submitted', '2026-05-20', { for: 'initial-conference', stage: 'setup-form' });
    expect(summary(deadlinesFor('cp.conference-setup-form', [booked, form], '2026-05-28'))).toEqual([
      { due: '2026-05-27', status: 'met' },
    ]);
  });
  it('counts from the new date when the conference is rebooked', () => {
    const rebooked = event('conference.scheduled', '2026-05-22', {
      conferenceType: 'initial',
      date: '2026-06-12',
    });
    expect(summary(deadlinesFor('cp.conference-setup-form', [booked, rebooked], '2026-05-28'))).toEqual([
      { due: '2026-05-27', status: 'cancelled' },
      { due: '2026-06-03', status: 'upcoming' },
    ]);
  });
});

describe('cp.initial-conference-report-shared', () => {
  const booked = event('conference.scheduled', '2026-05-01', {
    conferenceType: 'initial',
    date: '2026-06-05',
  });
  it('fires when the report is not shared with the family 2 working days before the initial conference', () => {
    const [deadline] = deadlinesFor('cp.initial-conference-report-shared', [booked], '2026-06-04');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-06-03', status: 'overdue' }]);
    expect(deadline?.explain).toBe(
      'Due Wed 3 Jun 2026: 2 working days before the conference booked for Fri 5 Jun 2026. Overdue by 1 working day.',
    );
    expect(escalationOf('cp.initial-conference-report-shared')).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM'] },
    ]);
  });
  it('does not fire when the report is shared in time, nor for a review conference', () => {
    const shared = event('report.submitted', '2026-06-02', {
      for: 'initial-conference',
      stage: 'shared-with-family',
    });
    expect(
      summary(deadlinesFor('cp.initial-conference-report-shared', [booked, shared], '2026-06-04')),
    ).toEqual([{ due: '2026-06-03', status: 'met' }]);
    const review = event('conference.scheduled', '2026-05-01', {
      conferenceType: 'review',
      date: '2026-06-05',
    });
    expect(deadlinesFor('cp.initial-conference-report-shared', [review], '2026-06-04')).toEqual([]);
  });
});

describe('cp.review-conference-report-shared', () => {
  const booked = event('conference.scheduled', '2026-05-01', {
    conferenceType: 'review',
    date: '2026-06-05',
  });
  it('fires when the report is not shared with the family 7 working days before the review conference', () => {
    const signedOff = event('report.submitted', '2026-05-26', {
      for: 'review-conference',
      stage: 'signed-off',
    });
    expect(
      summary(deadlinesFor('cp.review-conference-report-shared', [booked, signedOff], '2026-05-28')),
    ).toEqual([{ due: '2026-05-27', status: 'overdue' }]);
  });
  it('does not fire when the report is shared in time', () => {
    const shared = event('report.submitted', '2026-05-26', {
      for: 'review-conference',
      stage: 'shared-with-family',
    });
    expect(
      summary(deadlinesFor('cp.review-conference-report-shared', [booked, shared], '2026-05-28')),
    ).toEqual([{ due: '2026-05-27', status: 'met' }]);
  });
});

describe('cp.review-conference-report-signed-off', () => {
  const booked = event('conference.scheduled', '2026-05-01', {
    conferenceType: 'review',
    date: '2026-06-05',
  });
  it('fires when the report is not signed off 5 working days before the review conference', () => {
    expect(summary(deadlinesFor('cp.review-conference-report-signed-off', [booked], '2026-06-01'))).toEqual([
      { due: '2026-05-29', status: 'overdue' },
    ]);
    expect(escalationOf('cp.review-conference-report-signed-off')).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM'] },
    ]);
  });
  it('does not fire when the report is signed off in time', () => {
    const signedOff = event('report.submitted', '2026-05-28', {
      for: 'review-conference',
      stage: 'signed-off',
    });
    expect(
      summary(deadlinesFor('cp.review-conference-report-signed-off', [booked, signedOff], '2026-06-01')),
    ).toEqual([{ due: '2026-05-29', status: 'met' }]);
  });
});

describe('cp.conference-outcome-recorded', () => {
  it('fires when the conference outcome is recorded more than 24 hours after the conference', () => {
    const held = event(
      'conference.held',
      '2026-04-01T10:00:00+01:00',
      { conferenceType: 'initial', outcome: 'plan' },
      { recordedAt: '2026-04-02T11:00:00+01:00' },
    );
    expect(summary(deadlinesFor('cp.conference-outcome-recorded', [held], '2026-04-10'))).toEqual([
      { due: '2026-04-02T10:00:00+01:00', status: 'met-late' },
    ]);
  });
  it('does not fire when a review conference outcome is recorded within 24 hours', () => {
    const held = event(
      'conference.held',
      '2026-04-01T10:00:00+01:00',
      { conferenceType: 'review', outcome: 'continue' },
      { recordedAt: '2026-04-02T09:00:00+01:00' },
    );
    expect(summary(deadlinesFor('cp.conference-outcome-recorded', [held], '2026-04-10'))).toEqual([
      { due: '2026-04-02T10:00:00+01:00', status: 'met' },
    ]);
  });
});

describe('cp.oversight-recorded', () => {
  const oversight = (recordedAt: string) =>
    event('oversight.recorded', '2026-04-10T09:00:00+01:00', { level: 'TM' }, { recordedAt });
  it('fires when oversight on a child protection plan is written up more than 24 hours later', () => {
    expect(
      summary(
        deadlinesFor('cp.oversight-recorded', [cpPlan, oversight('2026-04-11T10:00:00+01:00')], '2026-04-20'),
      ),
    ).toEqual([{ due: '2026-04-11T09:00:00+01:00', status: 'met-late' }]);
  });
  it('does not fire when it is written within 24 hours, nor when no child protection plan is open', () => {
    expect(
      summary(
        deadlinesFor('cp.oversight-recorded', [cpPlan, oversight('2026-04-10T17:00:00+01:00')], '2026-04-20'),
      ),
    ).toEqual([{ due: '2026-04-11T09:00:00+01:00', status: 'met' }]);
    expect(
      deadlinesFor('cp.oversight-recorded', [oversight('2026-04-13T10:00:00+01:00')], '2026-04-20'),
    ).toEqual([]);
  });
});

describe('cp.supervision', () => {
  it('fires when there is no case supervision within 2 months of the plan starting', () => {
    expect(summary(deadlinesFor('cp.supervision', [cpPlan], '2026-06-02'))).toEqual([
      { due: '2026-06-01', status: 'overdue' },
    ]);
  });
  it('does not fire when supervision is held every 2 months', () => {
    const supervision = event('supervision.held', '2026-05-20', {});
    expect(summary(deadlinesFor('cp.supervision', [cpPlan, supervision], '2026-06-02'))).toEqual([
      { due: '2026-06-01', status: 'met' },
      { due: '2026-07-20', status: 'upcoming' },
    ]);
  });
});

describe('record.chronology', () => {
  it('fires when the chronology is not updated within 3 months of allocation', () => {
    expect(summary(deadlinesFor('record.chronology', [allocated], '2026-04-07'))).toEqual([
      { due: '2026-04-05', status: 'overdue' },
    ]);
  });
  it('does not fire when the chronology is updated every 3 months', () => {
    const update = event('record.updated', '2026-03-30', { record: 'chronology' });
    expect(summary(deadlinesFor('record.chronology', [allocated, update], '2026-04-07'))).toEqual([
      { due: '2026-04-05', status: 'met' },
      { due: '2026-06-30', status: 'upcoming' },
    ]);
  });
  it('does not fire for a family open to Early Help, which has its own chronology rule', () => {
    const earlyHelp = event('early_help.started', '2026-01-05', {});
    expect(deadlinesFor('record.chronology', [earlyHelp, allocated], '2026-04-07')).toEqual([]);
  });
});

describe('record.case-summary', () => {
  it('fires when the case summary is not updated within 3 months of allocation', () => {
    const chronology = event('record.updated', '2026-03-30', { record: 'chronology' });
    expect(summary(deadlinesFor('record.case-summary', [allocated, chronology], '2026-04-07'))).toEqual([
      { due: '2026-04-05', status: 'overdue' },
    ]);
  });
  it('does not fire when the case summary is updated every 3 months', () => {
    const update = event('record.updated', '2026-03-30', { record: 'case-summary' });
    expect(summary(deadlinesFor('record.case-summary', [allocated, update], '2026-04-07'))).toEqual([
      { due: '2026-04-05', status: 'met' },
      { due: '2026-06-30', status: 'upcoming' },
    ]);
  });
});

describe('record.supervision', () => {
  it('fires when a supervision is recorded more than 5 working days after it', () => {
    const supervision = event('supervision.held', '2026-03-02', {}, { recordedAt: '2026-03-10' });
    expect(summary(deadlinesFor('record.supervision', [supervision], '2026-03-20'))).toEqual([
      { due: '2026-03-09', status: 'met-late' },
    ]);
  });
  it('does not fire when the supervision is recorded within 5 working days', () => {
    const supervision = event('supervision.held', '2026-03-02', {}, { recordedAt: '2026-03-09' });
    expect(summary(deadlinesFor('record.supervision', [supervision], '2026-03-20'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('allows 48 hours for a looked-after child', () => {
    const care = event('care_period.started', '2026-03-01', { legalStatus: 'section-20' });
    const supervision = event(
      'supervision.held',
      '2026-03-02T10:00:00Z',
      {},
      { recordedAt: '2026-03-05T09:00:00Z' },
    );
    const [deadline] = deadlinesFor('record.supervision', [care, supervision], '2026-03-20');
    expect(deadline && summary([deadline])).toEqual([
      { due: '2026-03-04T10:00:00+00:00', status: 'met-late' },
    ]);
    expect(deadline?.explain).toContain('48 hours (48 hours for a looked-after child)');
  });
});

describe('court.proceedings-concluded', () => {
  const issued = event('proceedings.issued', '2026-01-05', {});
  it('fires when care proceedings run beyond 26 weeks, in the default and statutory profiles', () => {
    expect(summary(deadlinesFor('court.proceedings-concluded', [issued], '2026-07-07'))).toEqual([
      { due: '2026-07-06', status: 'overdue' },
    ]);
    const statutory = builtInProfile('statutory');
    expect(summary(deadlinesFor('court.proceedings-concluded', [issued], '2026-07-07', statutory))).toEqual([
      { due: '2026-07-06', status: 'overdue' },
    ]);
  });
  it('does not fire when the proceedings conclude within 26 weeks', () => {
    const concluded = event('proceedings.concluded', '2026-06-30', {});
    expect(summary(deadlinesFor('court.proceedings-concluded', [issued, concluded], '2026-07-07'))).toEqual([
      { due: '2026-07-06', status: 'met' },
    ]);
  });
});
