/**
 * Rules for children in care, care leavers, short breaks and adoption: for each, a history where it
 * fires (a deadline falls due and is missed) and one where it does not.
 */
import { describe, expect, it } from 'vitest';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const s20 = event('care_period.started', '2026-03-02', { legalStatus: 'section-20' });
const foster = event('placement.started', '2026-03-02', { placementType: 'foster-care' });
const careLeft = event('care_period.ended', '2026-02-02', { reason: 'other' });

describe('cic.care-plan', () => {
  it('fires when no care plan is recorded within 10 working days of the first placement', () => {
    expect(summary(deadlinesFor('cic.care-plan', [s20, foster], '2026-03-17'))).toEqual([
      { due: '2026-03-16', status: 'overdue' },
    ]);
  });
  it('does not fire when the care plan is recorded in time', () => {
    const plan = event('record.updated', '2026-03-10', { record: 'care-plan' });
    expect(summary(deadlinesFor('cic.care-plan', [s20, foster, plan], '2026-03-17'))).toEqual([
      { due: '2026-03-16', status: 'met' },
    ]);
  });
  it('does not fire again for a later placement or a change of legal status', () => {
    const plan = event('record.updated', '2026-03-10', { record: 'care-plan' });
    const move = event('placement.started', '2026-04-01', { placementType: 'residential' });
    const order = event('care_period.started', '2026-05-01', { legalStatus: 'care-order' });
    expect(summary(deadlinesFor('cic.care-plan', [s20, foster, plan, move, order], '2026-06-01'))).toEqual([
      { due: '2026-03-16', status: 'met' },
    ]);
  });
  it('counts from coming into care when the first placement starts later', () => {
    const later = event('placement.started', '2026-03-04', { placementType: 'foster-care' });
    const [deadline] = deadlinesFor('cic.care-plan', [s20, later], '2026-03-05');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-03-16', status: 'upcoming' }]);
    expect(deadline?.explain).toContain('10 working days after the child becoming looked after');
  });
});

describe('cic.notification', () => {
  it('fires when the notification is not sent on the day the child comes into care', () => {
    expect(summary(deadlinesFor('cic.notification', [s20], '2026-03-03'))).toEqual([
      { due: '2026-03-02', status: 'overdue' },
    ]);
    const nextDay = event('cic_notification.sent', '2026-03-03', {});
    expect(summary(deadlinesFor('cic.notification', [s20, nextDay], '2026-03-04'))).toEqual([
      { due: '2026-03-02', status: 'met-late' },
    ]);
  });
  it('does not fire when the notification is sent on the same day', () => {
    const sameDay = event('cic_notification.sent', '2026-03-02', {});
    expect(summary(deadlinesFor('cic.notification', [s20, sameDay], '2026-03-03'))).toEqual([
      { due: '2026-03-02', status: 'met' },
    ]);
  });
  it('does not fire again when the legal status changes', () => {
    const order = event('care_period.started', '2026-05-01', { legalStatus: 'care-order' });
    const sent = event('cic_notification.sent', '2026-03-03', {});
    expect(summary(deadlinesFor('cic.notification', [s20, sent, order], '2026-05-04'))).toEqual([
      { due: '2026-03-02', status: 'met-late' },
    ]);
  });
});

describe('cic.iro-appointed', () => {
  const friday = event('care_period.started', '2026-03-06', { legalStatus: 'police-protection' });
  it('fires when no IRO is appointed by the next working day', () => {
    expect(summary(deadlinesFor('cic.iro-appointed', [friday], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when the IRO is appointed on the next working day', () => {
    const iro = event('iro.appointed', '2026-03-09', {});
    expect(summary(deadlinesFor('cic.iro-appointed', [friday, iro], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('cic.placement-planning-meeting', () => {
  it('fires when no placement planning meeting is held within 5 days of the placement', () => {
    expect(summary(deadlinesFor('cic.placement-planning-meeting', [s20, foster], '2026-03-09'))).toEqual([
      { due: '2026-03-07', status: 'overdue' },
    ]);
  });
  it('does not fire when the meeting is held in time', () => {
    const meeting = event('meeting.held', '2026-03-06', { meetingType: 'placement-planning' });
    expect(
      summary(deadlinesFor('cic.placement-planning-meeting', [s20, foster, meeting], '2026-03-09')),
    ).toEqual([{ due: '2026-03-07', status: 'met' }]);
  });
  it('does not fire for a short-breaks placement', () => {
    const shortBreaks = event('care_period.started', '2026-03-02', { legalStatus: 'short-breaks' });
    const stay = event('placement.started', '2026-03-02', { placementType: 'short-break' });
    expect(deadlinesFor('cic.placement-planning-meeting', [shortBreaks, stay], '2026-03-09')).toEqual([]);
  });
  it('replaces the open deadline when the child moves again', () => {
    const move = event('placement.started', '2026-03-05', { placementType: 'residential' });
    expect(
      summary(deadlinesFor('cic.placement-planning-meeting', [s20, foster, move], '2026-03-09')),
    ).toEqual([
      { due: '2026-03-07', status: 'cancelled' },
      { due: '2026-03-10', status: 'upcoming' },
    ]);
  });
});

describe('cic.placement-plan', () => {
  const meeting = event('meeting.held', '2026-03-05', { meetingType: 'placement-planning' });
  it('fires when no plan is recorded within 5 working days of the placement or of the meeting', () => {
    expect(summary(deadlinesFor('cic.placement-plan', [s20, foster, meeting], '2026-03-13'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
      { due: '2026-03-12', status: 'overdue' },
    ]);
  });
  it('does not fire when the plan is recorded after the meeting and within 5 working days of the placement', () => {
    const plan = event('record.updated', '2026-03-06', { record: 'placement-plan' });
    expect(summary(deadlinesFor('cic.placement-plan', [s20, foster, meeting, plan], '2026-03-13'))).toEqual([
      { due: '2026-03-09', status: 'met' },
      { due: '2026-03-12', status: 'met' },
    ]);
  });
});

describe('cic.pep-meeting', () => {
  it('fires when no PEP meeting is held within 20 days of coming into care', () => {
    expect(summary(deadlinesFor('cic.pep-meeting', [s20], '2026-03-23'))).toEqual([
      { due: '2026-03-22', status: 'overdue' },
    ]);
  });
  it('does not fire when the PEP meeting is held in time', () => {
    const pep = event('meeting.held', '2026-03-20', { meetingType: 'pep' });
    expect(summary(deadlinesFor('cic.pep-meeting', [s20, pep], '2026-03-23'))).toEqual([
      { due: '2026-03-22', status: 'met' },
    ]);
  });
});

describe('cic.pep-termly', () => {
  const autumn = event('care_period.started', '2026-10-15', { legalStatus: 'care-order' });
  it('fires when a term passes with no PEP meeting', () => {
    const deadlines = deadlinesFor('cic.pep-termly', [autumn], '2027-04-02');
    expect(summary(deadlines)).toEqual([
      { due: '2027-03-31', status: 'missed' },
      { due: '2027-08-31', status: 'upcoming' },
    ]);
    expect(deadlines[0]?.explain).toContain('once in the spring term');
  });
  it('does not fire when a PEP meeting is held in the term', () => {
    const pep = event('meeting.held', '2027-02-10', { meetingType: 'pep' });
    expect(summary(deadlinesFor('cic.pep-termly', [autumn, pep], '2027-04-02'))).toEqual([
      { due: '2027-03-31', status: 'met' },
      { due: '2027-08-31', status: 'upcoming' },
    ]);
  });
  it('stops when the child leaves care', () => {
    const home = event('care_period.ended', '2027-02-01', { reason: 'returned-home' });
    expect(summary(deadlinesFor('cic.pep-termly', [autumn, home], '2027-09-30'))).toEqual([
      { due: '2027-03-31', status: 'cancelled' },
    ]);
  });
});

describe('cic.initial-health-assessment', () => {
  it('fires when no initial health assessment is completed within 20 working days', () => {
    expect(summary(deadlinesFor('cic.initial-health-assessment', [s20], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'overdue' },
    ]);
  });
  it('does not fire when the initial assessment is completed in time', () => {
    const iha = event('health_assessment.completed', '2026-03-25', { kind: 'initial' });
    expect(summary(deadlinesFor('cic.initial-health-assessment', [s20, iha], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'met' },
    ]);
  });
  it('fires at 28 days when bank holidays would push 20 working days later, and escalates to the Team Manager', () => {
    const beforeEaster = event('care_period.started', '2026-03-20', { legalStatus: 'section-20' });
    const [deadline] = deadlinesFor('cic.initial-health-assessment', [beforeEaster], '2026-04-20');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-04-17', status: 'overdue' }]);
    expect(deadline?.explain).toContain('20 working days or 28 days, whichever is sooner');
    expect(deadline?.rule.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM'] },
    ]);
  });
  it('fires at 20 working days when that is sooner, for a child who comes into care at a weekend', () => {
    const saturday = event('care_period.started', '2026-01-10', { legalStatus: 'section-20' });
    expect(summary(deadlinesFor('cic.initial-health-assessment', [saturday], '2026-02-07'))).toEqual([
      { due: '2026-02-06', status: 'overdue' },
    ]);
  });
});

describe('cic.review-health-assessment', () => {
  const iha = event('health_assessment.completed', '2026-03-25', { kind: 'initial' });
  it('fires when a child under 5 has no review assessment within 6 months', () => {
    const toddler = event('child.updated', '2026-03-02', { dateOfBirth: '2023-01-10' });
    expect(summary(deadlinesFor('cic.review-health-assessment', [toddler, s20, iha], '2026-09-28'))).toEqual([
      { due: '2026-09-25', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews follow in time, yearly from the age of 5', () => {
    const older = event('child.updated', '2026-03-02', { dateOfBirth: '2015-01-10' });
    const review = event('health_assessment.completed', '2027-03-01', { kind: 'review' });
    expect(
      summary(deadlinesFor('cic.review-health-assessment', [older, s20, iha, review], '2027-03-02')),
    ).toEqual([
      { due: '2027-03-25', status: 'met' },
      { due: '2028-03-01', status: 'upcoming' },
    ]);
  });
});

describe('cic.sdq', () => {
  const inCare = event('care_period.started', '2025-01-06', { legalStatus: 'care-order' });
  const review = event('health_assessment.completed', '2026-02-02', { kind: 'review' });
  it('fires when no SDQ follows the review health assessment of an eligible child within 12 months', () => {
    const nine = event('child.updated', '2025-01-06', { dateOfBirth: '2016-05-01' });
    expect(summary(deadlinesFor('cic.sdq', [nine, inCare, review], '2027-02-03'))).toEqual([
      { due: '2027-02-02', status: 'overdue' },
    ]);
  });
  it('does not fire for a young person aged 17 at the assessment', () => {
    const seventeen = event('child.updated', '2025-01-06', { dateOfBirth: '2008-06-01' });
    expect(deadlinesFor('cic.sdq', [seventeen, inCare, review], '2027-02-03')).toEqual([]);
  });
  it('does not fire for a child looked after for less than 12 months', () => {
    const nine = event('child.updated', '2025-01-06', { dateOfBirth: '2016-05-01' });
    const recent = event('care_period.started', '2025-06-02', { legalStatus: 'care-order' });
    expect(deadlinesFor('cic.sdq', [nine, recent, review], '2027-02-03')).toEqual([]);
  });
});

describe('cic.review-setup-form', () => {
  const booked = event('cic_review.scheduled', '2026-05-01', { date: '2026-06-01' });
  it('fires when the set-up form is not sent 15 days before the review', () => {
    expect(summary(deadlinesFor('cic.review-setup-form', [s20, booked], '2026-05-18'))).toEqual([
      { due: '2026-05-17', status: 'overdue' },
    ]);
  });
  it('does not fire when the set-up form is sent in time', () => {
    const form = event('report.submitted', '2026-05-15', { for: 'cic-review', stage: 'setup-form' });
    expect(summary(deadlinesFor('cic.review-setup-form', [s20, booked, form], '2026-05-18'))).toEqual([
      { due: '2026-05-17', status: 'met' },
    ]);
  });
});

describe('cic.review-report-signed-off', () => {
  const booked = event('cic_review.scheduled', '2026-05-01', { date: '2026-06-01' });
  it('fires when the report is not signed off 5 working days before the review', () => {
    const [deadline] = deadlinesFor('cic.review-report-signed-off', [s20, booked], '2026-05-26');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-05-22', status: 'overdue' }]);
    expect(deadline?.explain).toContain('25 May is a bank holiday');
  });
  it('does not fire when the report is signed off in time', () => {
    const signed = event('report.submitted', '2026-05-21', { for: 'cic-review', stage: 'signed-off' });
    expect(
      summary(deadlinesFor('cic.review-report-signed-off', [s20, booked, signed], '2026-05-26')),
    ).toEqual([{ due: '2026-05-22', status: 'met' }]);
  });
  it('moves with the review when it is booked again', () => {
    const rebooked = event('cic_review.scheduled', '2026-05-10', { date: '2026-06-15' });
    expect(
      summary(deadlinesFor('cic.review-report-signed-off', [s20, booked, rebooked], '2026-05-26')),
    ).toEqual([
      { due: '2026-05-22', status: 'cancelled' },
      { due: '2026-06-08', status: 'upcoming' },
    ]);
  });
});

describe('cic.review-report-to-iro', () => {
  const booked = event('cic_review.scheduled', '2026-05-01', { date: '2026-06-01' });
  it('fires when the report has not reached the IRO 5 working days before the review', () => {
    expect(summary(deadlinesFor('cic.review-report-to-iro', [s20, booked], '2026-05-26'))).toEqual([
      { due: '2026-05-22', status: 'overdue' },
    ]);
  });
  it('does not fire when the report is sent to the IRO in time', () => {
    const sent = event('report.submitted', '2026-05-22', { for: 'cic-review', stage: 'sent-to-iro' });
    expect(summary(deadlinesFor('cic.review-report-to-iro', [s20, booked, sent], '2026-05-26'))).toEqual([
      { due: '2026-05-22', status: 'met' },
    ]);
  });
  it('does not count a report for a child protection conference', () => {
    const cp = event('report.submitted', '2026-05-20', { for: 'review-conference', stage: 'sent-to-iro' });
    expect(summary(deadlinesFor('cic.review-report-to-iro', [s20, booked, cp], '2026-05-26'))).toEqual([
      { due: '2026-05-22', status: 'overdue' },
    ]);
  });
});

describe('cic.review-report-shared', () => {
  const booked = event('cic_review.scheduled', '2026-05-01', { date: '2026-06-01' });
  it('fires when the report is not shared with the child the day before the review', () => {
    expect(summary(deadlinesFor('cic.review-report-shared', [s20, booked], '2026-06-01'))).toEqual([
      { due: '2026-05-31', status: 'overdue' },
    ]);
  });
  it('does not fire when the report is shared in time', () => {
    const shared = event('report.submitted', '2026-05-29', {
      for: 'cic-review',
      stage: 'shared-with-family',
    });
    expect(summary(deadlinesFor('cic.review-report-shared', [s20, booked, shared], '2026-06-01'))).toEqual([
      { due: '2026-05-31', status: 'met' },
    ]);
  });
});

describe('cic.review-decisions-recorded', () => {
  it('fires when the review is recorded more than 5 working days after it was held', () => {
    const late = event('cic_review.held', '2026-06-01', {}, { recordedAt: '2026-06-10' });
    expect(summary(deadlinesFor('cic.review-decisions-recorded', [s20, late], '2026-06-11'))).toEqual([
      { due: '2026-06-08', status: 'met-late' },
    ]);
  });
  it('does not fire when the review is recorded within 5 working days', () => {
    const onTime = event('cic_review.held', '2026-06-01', {}, { recordedAt: '2026-06-05' });
    expect(summary(deadlinesFor('cic.review-decisions-recorded', [s20, onTime], '2026-06-11'))).toEqual([
      { due: '2026-06-08', status: 'met' },
    ]);
  });
});

describe('cic.care-plan-review', () => {
  const plan = event('record.updated', '2026-03-10', { record: 'care-plan' });
  it('fires when the care plan is not updated within 6 months', () => {
    expect(summary(deadlinesFor('cic.care-plan-review', [s20, plan], '2026-09-11'))).toEqual([
      { due: '2026-09-10', status: 'overdue' },
    ]);
  });
  it('does not fire when the care plan is updated in time, and runs on from the update', () => {
    const update = event('record.updated', '2026-09-01', { record: 'care-plan' });
    expect(summary(deadlinesFor('cic.care-plan-review', [s20, plan, update], '2026-09-11'))).toEqual([
      { due: '2026-09-10', status: 'met' },
      { due: '2027-03-01', status: 'upcoming' },
    ]);
  });
});

describe('cic.visit-recorded', () => {
  it('fires when a visit is recorded more than 2 days after it', () => {
    const late = event(
      'visit.completed',
      '2026-03-10',
      { visitType: 'cic', childSeen: true },
      { recordedAt: '2026-03-13' },
    );
    expect(summary(deadlinesFor('cic.visit-recorded', [s20, foster, late], '2026-03-14'))).toEqual([
      { due: '2026-03-12', status: 'met-late' },
    ]);
  });
  it('does not fire when the visit is recorded within 2 days', () => {
    const prompt = event(
      'visit.completed',
      '2026-03-10',
      { visitType: 'cic', childSeen: true },
      { recordedAt: '2026-03-12' },
    );
    expect(summary(deadlinesFor('cic.visit-recorded', [s20, foster, prompt], '2026-03-14'))).toEqual([
      { due: '2026-03-12', status: 'met' },
    ]);
  });
});

describe('cic.supervision', () => {
  it('fires when there is no case supervision within 2 months', () => {
    expect(summary(deadlinesFor('cic.supervision', [s20], '2026-05-04'))).toEqual([
      { due: '2026-05-02', status: 'overdue' },
    ]);
  });
  it('does not fire when supervision is held every 2 months', () => {
    const held = event('supervision.held', '2026-04-28', {});
    expect(summary(deadlinesFor('cic.supervision', [s20, held], '2026-05-04'))).toEqual([
      { due: '2026-05-02', status: 'met' },
      { due: '2026-06-28', status: 'upcoming' },
    ]);
  });
});

describe('cic.return-interview', () => {
  const missing = event('missing_episode.started', '2026-04-10T20:00:00Z', {});
  const back = event('missing_episode.ended', '2026-04-11T08:00:00Z', {});
  it('fires when no return home interview is held within 24 hours of the child coming back', () => {
    const late = event('return_interview.held', '2026-04-13T10:00:00Z', {});
    expect(
      summary(deadlinesFor('cic.return-interview', [s20, missing, back, late], '2026-04-14T09:00:00Z')),
    ).toEqual([{ due: '2026-04-12T09:00:00+01:00', status: 'met-late' }]);
  });
  it('does not fire when the interview is held within 24 hours', () => {
    const prompt = event('return_interview.held', '2026-04-11T15:00:00Z', {});
    expect(
      summary(deadlinesFor('cic.return-interview', [s20, missing, back, prompt], '2026-04-14T09:00:00Z')),
    ).toEqual([{ due: '2026-04-12T09:00:00+01:00', status: 'met' }]);
  });
  it('does not apply to a child who is not looked after', () => {
    expect(deadlinesFor('cic.return-interview', [missing, back], '2026-04-14T09:00:00Z')).toEqual([]);
  });
});

describe('cic.ppm-emergency', () => {
  const epo = event('care_period.started', '2026-03-02', { legalStatus: 'emergency-protection-order' });
  it('fires when no permanency planning meeting is held within 2 weeks of an emergency admission', () => {
    expect(summary(deadlinesFor('cic.ppm-emergency', [epo], '2026-03-17'))).toEqual([
      { due: '2026-03-16', status: 'overdue' },
    ]);
  });
  it('does not fire when the meeting is held in time', () => {
    const ppm = event('meeting.held', '2026-03-12', { meetingType: 'permanency-planning' });
    expect(summary(deadlinesFor('cic.ppm-emergency', [epo, ppm], '2026-03-17'))).toEqual([
      { due: '2026-03-16', status: 'met' },
    ]);
  });
  it('does not fire for a planned admission or a later change to an emergency order', () => {
    const laterEpo = event('care_period.started', '2026-04-01', {
      legalStatus: 'emergency-protection-order',
    });
    expect(deadlinesFor('cic.ppm-emergency', [s20, laterEpo], '2026-05-01')).toEqual([]);
  });
});

describe('cic.ppm-cadence', () => {
  const ppm = event('meeting.held', '2026-03-12', { meetingType: 'permanency-planning' });
  it('fires when the next permanency planning meeting is more than 3 months after the last', () => {
    expect(summary(deadlinesFor('cic.ppm-cadence', [s20, ppm], '2026-06-15'))).toEqual([
      { due: '2026-06-12', status: 'overdue' },
    ]);
  });
  it('does not fire once a long-term matched placement achieves permanence', () => {
    const matched = event('placement.started', '2026-05-01', {
      placementType: 'foster-care',
      longTermMatched: true,
    });
    expect(summary(deadlinesFor('cic.ppm-cadence', [s20, ppm, matched], '2026-06-15'))).toEqual([
      { due: '2026-06-12', status: 'cancelled' },
    ]);
  });
});

describe('care-leaver.personal-adviser', () => {
  const fifteen = event('child.updated', '2026-03-02', { dateOfBirth: '2010-05-20' });
  it('fires when no personal adviser is allocated before the 17th birthday', () => {
    const [deadline] = deadlinesFor('care-leaver.personal-adviser', [fifteen, s20], '2027-05-20');
    expect(deadline && summary([deadline])).toEqual([{ due: '2027-05-19', status: 'overdue' }]);
    expect(deadline?.explain).toContain("before the child's 17th birthday");
  });
  it('does not fire when a personal adviser is allocated in time', () => {
    const pa = event('personal_adviser.allocated', '2026-11-01', { staffId: 'PA-001' });
    expect(summary(deadlinesFor('care-leaver.personal-adviser', [fifteen, s20, pa], '2027-05-20'))).toEqual([
      { due: '2027-05-19', status: 'met' },
    ]);
  });
  it('does not fire for a child who comes into care aged 17', () => {
    const seventeen = event('child.updated', '2026-03-02', { dateOfBirth: '2009-01-15' });
    expect(deadlinesFor('care-leaver.personal-adviser', [seventeen, s20], '2027-05-20')).toEqual([]);
  });
  it('is no longer needed when a young child leaves care', () => {
    const young = event('child.updated', '2026-03-02', { dateOfBirth: '2016-05-20' });
    const home = event('care_period.ended', '2026-06-01', { reason: 'returned-home' });
    expect(summary(deadlinesFor('care-leaver.personal-adviser', [young, s20, home], '2026-07-01'))).toEqual([
      { due: '2033-05-19', status: 'cancelled' },
    ]);
  });
});

describe('care-leaver.contact', () => {
  const dob = event('child.updated', '2024-06-03', { dateOfBirth: '2009-01-15' });
  const inCare = event('care_period.started', '2024-06-03', { legalStatus: 'section-20' });
  it('fires when a care leaver is not seen within 8 weeks of leaving care', () => {
    expect(summary(deadlinesFor('care-leaver.contact', [dob, inCare, careLeft], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'overdue' },
    ]);
  });
  it('does not fire when the care leaver is seen every 8 weeks', () => {
    const seen = event('visit.completed', '2026-03-20', { visitType: 'care-leaver', childSeen: true });
    expect(summary(deadlinesFor('care-leaver.contact', [dob, inCare, careLeft, seen], '2026-03-31'))).toEqual(
      [
        { due: '2026-03-30', status: 'met' },
        { due: '2026-05-15', status: 'upcoming' },
      ],
    );
  });
  it('does not fire for a child who left care under 16', () => {
    const young = event('child.updated', '2024-06-03', { dateOfBirth: '2012-01-15' });
    expect(deadlinesFor('care-leaver.contact', [young, inCare, careLeft], '2026-03-31')).toEqual([]);
  });
});

describe('care-leaver.contact-recorded', () => {
  it('fires when a care leaver visit is recorded more than 2 days after it', () => {
    const late = event(
      'visit.completed',
      '2026-03-20',
      { visitType: 'care-leaver', childSeen: true },
      { recordedAt: '2026-03-23' },
    );
    expect(summary(deadlinesFor('care-leaver.contact-recorded', [late], '2026-03-24'))).toEqual([
      { due: '2026-03-22', status: 'met-late' },
    ]);
  });
  it('does not fire when the visit is recorded within 2 days', () => {
    const prompt = event(
      'visit.completed',
      '2026-03-20',
      { visitType: 'care-leaver', childSeen: true },
      { recordedAt: '2026-03-21' },
    );
    expect(summary(deadlinesFor('care-leaver.contact-recorded', [prompt], '2026-03-24'))).toEqual([
      { due: '2026-03-22', status: 'met' },
    ]);
  });
});

describe('care-leaver.pathway-plan', () => {
  const plan = event('record.updated', '2026-01-10', { record: 'pathway-plan' });
  it('fires when the pathway plan is not updated within 6 months', () => {
    expect(summary(deadlinesFor('care-leaver.pathway-plan', [plan], '2026-07-13'))).toEqual([
      { due: '2026-07-10', status: 'overdue' },
    ]);
  });
  it('does not fire when the pathway plan is updated in time', () => {
    const update = event('record.updated', '2026-07-01', { record: 'pathway-plan' });
    expect(summary(deadlinesFor('care-leaver.pathway-plan', [plan, update], '2026-07-13'))).toEqual([
      { due: '2026-07-10', status: 'met' },
      { due: '2027-01-01', status: 'upcoming' },
    ]);
  });
});

describe('care-leaver.benefits', () => {
  const dob = event('child.updated', '2025-01-06', { dateOfBirth: '2008-09-15' });
  const inCare = event('care_period.started', '2025-01-06', { legalStatus: 'care-order' });
  it('fires when the young person is not helped with benefits 1 month before turning 18', () => {
    const [deadline] = deadlinesFor('care-leaver.benefits', [dob, inCare], '2026-08-17');
    expect(deadline && summary([deadline])).toEqual([{ due: '2026-08-15', status: 'overdue' }]);
    expect(deadline?.explain).toContain("1 month before the child's 18th birthday");
  });
  it('does not fire when the young person is helped in time', () => {
    const helped = event('benefits_application.supported', '2026-08-01', {});
    expect(summary(deadlinesFor('care-leaver.benefits', [dob, inCare, helped], '2026-08-17'))).toEqual([
      { due: '2026-08-15', status: 'met' },
    ]);
  });
  it('carries on, unchanged, after the young person leaves care at 17', () => {
    const left = event('care_period.ended', '2026-02-02', { reason: 'other' });
    expect(summary(deadlinesFor('care-leaver.benefits', [dob, inCare, left], '2026-08-17'))).toEqual([
      { due: '2026-08-15', status: 'overdue' },
    ]);
  });
  it('does not fire again after leaving care when the help was given while looked after', () => {
    const helped = event('benefits_application.supported', '2026-01-20', {});
    const left = event('care_period.ended', '2026-02-02', { reason: 'other' });
    expect(summary(deadlinesFor('care-leaver.benefits', [dob, inCare, helped, left], '2026-08-17'))).toEqual([
      { due: '2026-08-15', status: 'met' },
    ]);
  });
});

describe('care-leaver.supervision', () => {
  const dob = event('child.updated', '2024-06-03', { dateOfBirth: '2009-01-15' });
  const inCare = event('care_period.started', '2024-06-03', { legalStatus: 'section-20' });
  it('fires when a care leaver case has no supervision within 2 months', () => {
    expect(summary(deadlinesFor('care-leaver.supervision', [dob, inCare, careLeft], '2026-04-03'))).toEqual([
      { due: '2026-04-02', status: 'overdue' },
    ]);
  });
  it('does not fire when supervision is held every 2 months', () => {
    const held = event('supervision.held', '2026-03-30', {});
    expect(
      summary(deadlinesFor('care-leaver.supervision', [dob, inCare, careLeft, held], '2026-04-03')),
    ).toEqual([
      { due: '2026-04-02', status: 'met' },
      { due: '2026-05-30', status: 'upcoming' },
    ]);
  });
});

describe('short-breaks.review', () => {
  const shortBreaks = event('care_period.started', '2026-03-02', { legalStatus: 'short-breaks' });
  it('fires when the first review is not held within 3 months of the first short break', () => {
    expect(summary(deadlinesFor('short-breaks.review', [shortBreaks], '2026-06-03'))).toEqual([
      { due: '2026-06-02', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews follow at 3 months, then 6 months', () => {
    const review = event('cic_review.held', '2026-05-20', {});
    expect(summary(deadlinesFor('short-breaks.review', [shortBreaks, review], '2026-06-03'))).toEqual([
      { due: '2026-06-02', status: 'met' },
      { due: '2026-11-20', status: 'upcoming' },
    ]);
  });
  it('does not fire for a child looked after full-time', () => {
    expect(deadlinesFor('short-breaks.review', [s20], '2026-06-03')).toEqual([]);
  });
});

describe('adoption.review', () => {
  const order = event('care_period.started', '2025-06-02', { legalStatus: 'placement-order' });
  const placed = event('placement.started', '2026-03-02', { placementType: 'placed-for-adoption' });
  it('fires when the first review is not held within 4 weeks of the placement for adoption', () => {
    expect(summary(deadlinesFor('adoption.review', [order, placed], '2026-03-31'))).toEqual([
      { due: '2026-03-30', status: 'overdue' },
    ]);
  });
  it('does not fire when reviews follow at 4 weeks, 3 months, then 6 months', () => {
    const first = event('cic_review.held', '2026-03-25', {});
    const second = event('cic_review.held', '2026-06-20', {});
    expect(summary(deadlinesFor('adoption.review', [order, placed, first, second], '2026-07-01'))).toEqual([
      { due: '2026-03-30', status: 'met' },
      { due: '2026-06-25', status: 'met' },
      { due: '2026-12-20', status: 'upcoming' },
    ]);
  });
  it('stops when the adoption order is made', () => {
    const first = event('cic_review.held', '2026-03-25', {});
    const adopted = event('care_period.ended', '2026-05-01', { reason: 'adopted' });
    expect(summary(deadlinesFor('adoption.review', [order, placed, first, adopted], '2026-07-01'))).toEqual([
      { due: '2026-03-30', status: 'met' },
      { due: '2026-06-25', status: 'cancelled' },
    ]);
  });
});

describe('private-fostering.visit', () => {
  const notified = event('private_fostering.notified', '2025-01-06', {});
  const visit = (day: string) =>
    event('visit.completed', day, { visitType: 'private-fostering', childSeen: true });
  it('fires when the child is not seen within 6 weeks of the authority learning of the arrangement', () => {
    expect(summary(deadlinesFor('private-fostering.visit', [notified], '2025-02-18'))).toEqual([
      { due: '2025-02-17', status: 'overdue' },
    ]);
  });
  it('does not fire while visits are 6-weekly in the first year, then allows 12 weeks', () => {
    const visits = [visit('2025-02-10'), visit('2026-01-12')];
    const deadlines = deadlinesFor('private-fostering.visit', [notified, ...visits], '2026-01-13');
    expect(summary(deadlines.slice(0, 1))).toEqual([{ due: '2025-02-17', status: 'met' }]);
    expect(summary(deadlines.slice(-1))).toEqual([{ due: '2026-04-06', status: 'upcoming' }]);
  });
  it('does not fire after the arrangement ends', () => {
    const ended = event('private_fostering.ended', '2025-01-20', {});
    expect(summary(deadlinesFor('private-fostering.visit', [notified, ended], '2025-03-01'))).toEqual([
      { due: '2025-02-17', status: 'cancelled' },
    ]);
  });
});
