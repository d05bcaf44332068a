/**
 * Management oversight triggers (`rules/catalogue/oversight-triggers.json`): each event that needs a
 * manager's oversight opens a deadline that only oversight at the required level or higher meets.
 */
import { describe, expect, it } from 'vitest';
import type { Decision, OversightLevel } from '../../events/index.ts';
import { builtInProfile } from '../../rules/load.ts';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const oversight = (date: string, level: OversightLevel) => event('oversight.recorded', date, { level });
const decision = (date: string, value: Decision) => event('decision.recorded', date, { decision: value });
const ruleOf = (id: string) => builtInProfile('default').rules.find((rule) => rule.id === id);

describe('oversight.transfer-in', () => {
  const transferIn = event('case.allocated', '2026-03-02', { workerId: 'SW-001', reason: 'transfer' });
  it('fires when no manager records oversight within 2 days of the transfer in', () => {
    expect(summary(deadlinesFor('oversight.transfer-in', [transferIn], '2026-03-05'))).toEqual([
      { due: '2026-03-04', status: 'overdue' },
    ]);
  });
  it('does not fire when an Assistant Team Manager records oversight the next day', () => {
    const done = oversight('2026-03-03', 'ATM');
    expect(summary(deadlinesFor('oversight.transfer-in', [transferIn, done], '2026-03-05'))).toEqual([
      { due: '2026-03-04', status: 'met' },
    ]);
  });
  it('does not fire for a new allocation or a reallocation', () => {
    const allocated = event('case.allocated', '2026-03-02', { workerId: 'SW-001', reason: 'new' });
    const moved = event('case.allocated', '2026-03-02', { workerId: 'SW-002', reason: 'reallocation' });
    expect(deadlinesFor('oversight.transfer-in', [allocated, moved], '2026-03-05')).toEqual([]);
  });
});

describe('oversight.reallocation', () => {
  const moved = event('case.allocated', '2026-03-02', { workerId: 'SW-002', reason: 'reallocation' });
  it('fires when oversight is not recorded on the day of the reallocation', () => {
    const nextDay = oversight('2026-03-03', 'TM');
    expect(summary(deadlinesFor('oversight.reallocation', [moved, nextDay], '2026-03-04'))).toEqual([
      { due: '2026-03-02', status: 'met-late' },
    ]);
    expect(summary(deadlinesFor('oversight.reallocation', [moved], '2026-03-03'))).toEqual([
      { due: '2026-03-02', status: 'overdue' },
    ]);
  });
  it('does not fire when oversight is recorded the same day', () => {
    const sameDay = oversight('2026-03-02', 'ATM');
    expect(summary(deadlinesFor('oversight.reallocation', [moved, sameDay], '2026-03-03'))).toEqual([
      { due: '2026-03-02', status: 'met' },
    ]);
  });
});

describe('oversight.case-audit', () => {
  const audit = event('case_audit.completed', '2026-04-02', {});
  it('fires when no oversight follows the audit within 5 working days, skipping Easter', () => {
    const [deadline] = deadlinesFor('oversight.case-audit', [audit], '2026-04-14');
    expect(summary(deadline ? [deadline] : [])).toEqual([{ due: '2026-04-13', status: 'overdue' }]);
    expect(deadline?.explain).toBe(
      'Due Mon 13 Apr 2026: 5 working days after the case file audit on Thu 2 Apr 2026; 3 and 6 Apr are bank holidays. Overdue by 1 working day.',
    );
  });
  it('does not fire when a manager records oversight within 5 working days', () => {
    const done = oversight('2026-04-09', 'TM');
    expect(summary(deadlinesFor('oversight.case-audit', [audit, done], '2026-04-14'))).toEqual([
      { due: '2026-04-13', status: 'met' },
    ]);
  });
});

describe('oversight.missing-episode', () => {
  const missing = event('missing_episode.started', '2026-03-02', {});
  it('fires when no oversight follows a missing episode within 5 working days', () => {
    const returned = event('missing_episode.ended', '2026-03-03', {});
    expect(summary(deadlinesFor('oversight.missing-episode', [missing, returned], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a manager records oversight of the risks in time', () => {
    const done = oversight('2026-03-04', 'ATM');
    expect(summary(deadlinesFor('oversight.missing-episode', [missing, done], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.strategy-discussion', () => {
  const strategy = event('strategy_discussion.held', '2026-03-02', { s47Initiated: false });
  it('fires when no oversight follows a strategy discussion within 5 working days', () => {
    expect(summary(deadlinesFor('oversight.strategy-discussion', [strategy], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when oversight is recorded in time', () => {
    const done = oversight('2026-03-06', 'ATM');
    expect(summary(deadlinesFor('oversight.strategy-discussion', [strategy, done], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('does not fire for a strategy discussion that starts a section 47 enquiry (s47.oversight covers it)', () => {
    const s47 = event('strategy_discussion.held', '2026-03-02', { s47Initiated: true });
    expect(deadlinesFor('oversight.strategy-discussion', [s47], '2026-03-10')).toEqual([]);
  });
});

describe('oversight.care-plan-sign-off', () => {
  const signOff = decision('2026-03-02', 'care-plan-sign-off');
  it('fires when only an Assistant Team Manager records oversight (a Team Manager is needed)', () => {
    const atm = oversight('2026-03-03', 'ATM');
    expect(summary(deadlinesFor('oversight.care-plan-sign-off', [signOff, atm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Team Manager signs it off in time', () => {
    const tm = oversight('2026-03-05', 'TM');
    expect(summary(deadlinesFor('oversight.care-plan-sign-off', [signOff, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('escalates to the Assistant Team Manager and Team Manager named by the list', () => {
    expect(ruleOf('oversight.care-plan-sign-off')?.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['ATM', 'TM'] },
    ]);
  });
});

describe('oversight.court-care-plan', () => {
  const court = decision('2026-03-02', 'court-care-plan-sign-off');
  it('fires when only a Team Manager records oversight (a Service Manager is needed)', () => {
    const tm = oversight('2026-03-03', 'TM');
    expect(summary(deadlinesFor('oversight.court-care-plan', [court, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Head of Service (above Service Manager) signs it off', () => {
    const hos = oversight('2026-03-09', 'HOS');
    expect(summary(deadlinesFor('oversight.court-care-plan', [court, hos], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.legal-planning', () => {
  const legal = decision('2026-03-02', 'legal-planning');
  it('fires when no Service Manager oversees the decision within 5 working days', () => {
    const tm = oversight('2026-03-03', 'TM');
    expect(summary(deadlinesFor('oversight.legal-planning', [legal, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Service Manager records oversight', () => {
    const sm = oversight('2026-03-04', 'SM');
    expect(summary(deadlinesFor('oversight.legal-planning', [legal, sm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.pre-proceedings', () => {
  const plo = decision('2026-03-02', 'initiate-pre-proceedings');
  it('fires when no Service Manager oversees the decision to start pre-proceedings', () => {
    const [deadline] = deadlinesFor('oversight.pre-proceedings', [plo], '2026-03-10');
    expect(summary(deadline ? [deadline] : [])).toEqual([{ due: '2026-03-09', status: 'overdue' }]);
    expect(deadline?.explain).toBe(
      "Due Mon 9 Mar 2026: 5 working days (Line of Sight's default: the document sets no timescale) after the decision (initiate pre proceedings) on Mon 2 Mar 2026. Overdue by 1 working day.",
    );
  });
  it('does not fire when a Service Manager records oversight in time', () => {
    const sm = oversight('2026-03-09', 'SM');
    expect(summary(deadlinesFor('oversight.pre-proceedings', [plo, sm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.closure-or-transfer', () => {
  it('fires when a decision to close has no oversight within 5 working days, even after the case closes', () => {
    const close = decision('2026-03-02', 'close-case');
    const closed = event('case.closed', '2026-03-03', {});
    expect(summary(deadlinesFor('oversight.closure-or-transfer', [close, closed], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('fires for an agreed transfer to another team with no oversight', () => {
    const transfer = event('case.transfer_requested', '2026-03-02', {});
    expect(summary(deadlinesFor('oversight.closure-or-transfer', [transfer], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a step-down decision is overseen in time', () => {
    const stepDown = decision('2026-03-02', 'step-down-to-early-help');
    const done = oversight('2026-03-05', 'ATM');
    expect(summary(deadlinesFor('oversight.closure-or-transfer', [stepDown, done], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.step-up', () => {
  const earlyHelp = event('early_help.started', '2026-01-12', {});
  const referral = event('referral.received', '2026-03-02', {});
  it('fires when a child open to Early Help is referred and no oversight follows in 5 working days', () => {
    expect(summary(deadlinesFor('oversight.step-up', [earlyHelp, referral], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire for a referral of a child not open to Early Help', () => {
    const ended = event('early_help.ended', '2026-02-16', {});
    expect(deadlinesFor('oversight.step-up', [referral], '2026-03-10')).toEqual([]);
    expect(deadlinesFor('oversight.step-up', [earlyHelp, ended, referral], '2026-03-10')).toEqual([]);
  });
  it('does not fire when the step up is overseen in time', () => {
    const done = oversight('2026-03-03', 'TM');
    expect(summary(deadlinesFor('oversight.step-up', [earlyHelp, referral, done], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.accommodation', () => {
  const accommodate = decision('2026-03-02', 'accommodate');
  it('fires when no Service Manager oversees a decision to accommodate within 5 working days', () => {
    const tm = oversight('2026-03-02', 'TM');
    expect(summary(deadlinesFor('oversight.accommodation', [accommodate, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Service Manager records oversight the same day', () => {
    const sm = oversight('2026-03-02', 'SM');
    expect(summary(deadlinesFor('oversight.accommodation', [accommodate, sm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.reg-24-placement', () => {
  const reg24 = event('placement.started', '2026-03-02', { placementType: 'temporary-connected-carer' });
  it('fires when no Assistant Director records oversight within 1 working day', () => {
    const sm = oversight('2026-03-03', 'SM');
    expect(summary(deadlinesFor('oversight.reg-24-placement', [reg24, sm], '2026-03-04'))).toEqual([
      { due: '2026-03-03', status: 'overdue' },
    ]);
  });
  it('does not fire when an Assistant Director records oversight the next working day', () => {
    const ad = oversight('2026-03-03', 'AD');
    expect(summary(deadlinesFor('oversight.reg-24-placement', [reg24, ad], '2026-03-04'))).toEqual([
      { due: '2026-03-03', status: 'met' },
    ]);
  });
  it('does not fire for an approved connected carer placement', () => {
    const approved = event('placement.started', '2026-03-02', { placementType: 'connected-carer' });
    expect(deadlinesFor('oversight.reg-24-placement', [approved], '2026-03-04')).toEqual([]);
  });
});

describe('oversight.signed-out-of-care', () => {
  const signedOut = event('care_period.ended', '2026-03-06', { reason: 'signed-themselves-out' });
  it('fires when the Director does not record oversight within 1 working day (a Friday runs to Monday)', () => {
    const ad = oversight('2026-03-09', 'AD');
    expect(summary(deadlinesFor('oversight.signed-out-of-care', [signedOut, ad], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when the Director records oversight the next working day', () => {
    const director = oversight('2026-03-09', 'DIRECTOR');
    expect(
      summary(deadlinesFor('oversight.signed-out-of-care', [signedOut, director], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'met' }]);
  });
  it('does not fire when a child leaves care for another reason', () => {
    const home = event('care_period.ended', '2026-03-06', { reason: 'returned-home' });
    expect(deadlinesFor('oversight.signed-out-of-care', [home], '2026-03-10')).toEqual([]);
  });
});

describe('oversight.emergency-placement-with-parents', () => {
  const placed = decision('2026-03-02', 'emergency-placement-with-parents');
  it('fires when no Team Manager oversees the placement within 1 working day', () => {
    const atm = oversight('2026-03-02', 'ATM');
    expect(
      summary(deadlinesFor('oversight.emergency-placement-with-parents', [placed, atm], '2026-03-04')),
    ).toEqual([{ due: '2026-03-03', status: 'overdue' }]);
  });
  it('does not fire when a Team Manager records oversight in time', () => {
    const tm = oversight('2026-03-03', 'TM');
    expect(
      summary(deadlinesFor('oversight.emergency-placement-with-parents', [placed, tm], '2026-03-04')),
    ).toEqual([{ due: '2026-03-03', status: 'met' }]);
  });
  it('escalates to the Team Manager, then the Service Manager and Assistant Director', () => {
    expect(ruleOf('oversight.emergency-placement-with-parents')?.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM'] },
      { after: { amount: 1, unit: 'working-days' }, levels: ['SM', 'AD'] },
    ]);
  });
});

describe('oversight.repeat-cp-plan', () => {
  const first = event('cp_plan.started', '2025-01-06', {});
  const firstEnded = event('cp_plan.ended', '2025-07-07', {});
  const second = event('cp_plan.started', '2026-03-02', {});
  it('fires when a second child protection plan has no Service Manager oversight in 5 working days', () => {
    const tm = oversight('2026-03-03', 'TM');
    expect(
      summary(deadlinesFor('oversight.repeat-cp-plan', [first, firstEnded, second, tm], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'overdue' }]);
  });
  it('does not fire for a first plan', () => {
    expect(deadlinesFor('oversight.repeat-cp-plan', [first], '2025-02-10')).toEqual([]);
  });
  it('does not fire when a Service Manager oversees the second plan in time', () => {
    const sm = oversight('2026-03-04', 'SM');
    expect(
      summary(deadlinesFor('oversight.repeat-cp-plan', [first, firstEnded, second, sm], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'met' }]);
  });
});

describe('oversight.repeat-cin-plan', () => {
  const first = event('cin_plan.started', '2025-01-06', {});
  const firstEnded = event('cin_plan.ended', '2025-07-07', {});
  const second = event('cin_plan.started', '2026-03-02', {});
  it('fires when a second child in need plan has no Service Manager oversight in 5 working days', () => {
    expect(
      summary(deadlinesFor('oversight.repeat-cin-plan', [first, firstEnded, second], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'overdue' }]);
  });
  it('does not fire for a first plan, nor for a child protection history', () => {
    const cpFirst = event('cp_plan.started', '2024-01-08', {});
    const cpEnded = event('cp_plan.ended', '2024-07-08', {});
    const cpSecond = event('cp_plan.started', '2024-09-02', {});
    const cpSecondEnded = event('cp_plan.ended', '2024-12-02', {});
    expect(
      deadlinesFor(
        'oversight.repeat-cin-plan',
        [cpFirst, cpEnded, cpSecond, cpSecondEnded, first],
        '2025-02-10',
      ),
    ).toEqual([]);
  });
  it('does not fire when a Service Manager oversees the second plan in time', () => {
    const sm = oversight('2026-03-06', 'SM');
    expect(
      summary(deadlinesFor('oversight.repeat-cin-plan', [first, firstEnded, second, sm], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'met' }]);
  });
});

describe('oversight.cp-plan-12-months', () => {
  const plan = event('cp_plan.started', '2025-03-03', {});
  it('fires when oversight before the 12 months is all there is', () => {
    const early = oversight('2026-02-20', 'SM');
    expect(summary(deadlinesFor('oversight.cp-plan-12-months', [plan, early], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Service Manager records oversight in the week after the plan reaches 12 months', () => {
    const sm = oversight('2026-03-05', 'SM');
    expect(summary(deadlinesFor('oversight.cp-plan-12-months', [plan, sm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
  it('does not fire when the plan ends before 12 months', () => {
    const ended = event('cp_plan.ended', '2025-11-03', {});
    expect(summary(deadlinesFor('oversight.cp-plan-12-months', [plan, ended], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'cancelled' },
    ]);
  });
});

describe('oversight.cin-plan-12-months', () => {
  const plan = event('cin_plan.started', '2025-03-03', {});
  it('fires when no Service Manager oversight follows the plan reaching 12 months', () => {
    const tm = oversight('2026-03-04', 'TM');
    expect(summary(deadlinesFor('oversight.cin-plan-12-months', [plan, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Service Manager records oversight on the 12-month day', () => {
    const sm = oversight('2026-03-03', 'SM');
    expect(summary(deadlinesFor('oversight.cin-plan-12-months', [plan, sm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.lado-referral', () => {
  const lado = event('lado.referred', '2026-03-02', {});
  it('fires when no manager oversees a LADO referral within 5 working days', () => {
    expect(summary(deadlinesFor('oversight.lado-referral', [lado], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when an Assistant Team Manager records oversight', () => {
    const atm = oversight('2026-03-03', 'ATM');
    expect(summary(deadlinesFor('oversight.lado-referral', [lado, atm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.conference-decision', () => {
  const decided = decision('2026-03-02', 'conference-or-not');
  it('fires when only an Assistant Team Manager oversees the decision', () => {
    const atm = oversight('2026-03-03', 'ATM');
    expect(summary(deadlinesFor('oversight.conference-decision', [decided, atm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Team Manager records oversight in time', () => {
    const tm = oversight('2026-03-03', 'TM');
    expect(summary(deadlinesFor('oversight.conference-decision', [decided, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.serious-incident', () => {
  it('fires when no Service Manager records oversight of a significant injury within 1 working day', () => {
    const injury = event('serious_incident.recorded', '2026-03-02', { kind: 'significant-injury' });
    const tm = oversight('2026-03-02', 'TM');
    expect(summary(deadlinesFor('oversight.serious-incident', [injury, tm], '2026-03-04'))).toEqual([
      { due: '2026-03-03', status: 'overdue' },
    ]);
  });
  it('does not fire when a Service Manager oversees an unexpected death the next day, even if the case closes', () => {
    const death = event('serious_incident.recorded', '2026-03-02', { kind: 'unexpected-death' });
    const closed = event('case.closed', '2026-03-02', {});
    const sm = oversight('2026-03-03', 'SM');
    expect(summary(deadlinesFor('oversight.serious-incident', [death, closed, sm], '2026-03-04'))).toEqual([
      { due: '2026-03-03', status: 'met' },
    ]);
  });
});

describe('oversight.recommend-continue-cp-plan', () => {
  const recommended = decision('2026-03-02', 'recommend-continue-cp-plan');
  it('fires when no manager oversees the recommendation within 5 working days', () => {
    expect(
      summary(deadlinesFor('oversight.recommend-continue-cp-plan', [recommended], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'overdue' }]);
  });
  it('does not fire when an Assistant Team Manager records oversight', () => {
    const atm = oversight('2026-03-06', 'ATM');
    expect(
      summary(deadlinesFor('oversight.recommend-continue-cp-plan', [recommended, atm], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'met' }]);
  });
});

describe('oversight.recommend-end-plan', () => {
  it('fires when a recommendation to end a child in need plan has only Assistant Team Manager oversight', () => {
    const endCin = decision('2026-03-02', 'recommend-end-cin-plan');
    const atm = oversight('2026-03-03', 'ATM');
    expect(summary(deadlinesFor('oversight.recommend-end-plan', [endCin, atm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Team Manager oversees a recommendation to end a child protection plan', () => {
    const endCp = decision('2026-03-02', 'recommend-end-cp-plan');
    const tm = oversight('2026-03-04', 'TM');
    expect(summary(deadlinesFor('oversight.recommend-end-plan', [endCp, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.assessment-refused', () => {
  const refused = event('assessment.refused', '2026-03-02', {});
  it('fires when no Team Manager records oversight of the refusal within 5 working days', () => {
    expect(summary(deadlinesFor('oversight.assessment-refused', [refused], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire when a Team Manager records oversight', () => {
    const tm = oversight('2026-03-05', 'TM');
    expect(summary(deadlinesFor('oversight.assessment-refused', [refused, tm], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'met' },
    ]);
  });
});

describe('oversight.child-not-seen-parents-refused', () => {
  const blocked = event('visit.completed', '2026-03-02', {
    visitType: 'cp',
    childSeen: false,
    notSeenReason: 'parents-refused',
  });
  it('fires when no Team Manager records oversight within 1 working day', () => {
    const [deadline] = deadlinesFor('oversight.child-not-seen-parents-refused', [blocked], '2026-03-04');
    expect(summary(deadline ? [deadline] : [])).toEqual([{ due: '2026-03-03', status: 'overdue' }]);
    expect(deadline?.explain).toBe(
      "Due Tue 3 Mar 2026: 1 working day (Line of Sight's default for the gravest events: the document sets no timescale) after the visit (child not seen) on Mon 2 Mar 2026. Overdue by 1 working day.",
    );
  });
  it('does not fire when the child was not seen for another reason', () => {
    const declined = event('visit.completed', '2026-03-02', {
      visitType: 'cic',
      childSeen: false,
      notSeenReason: 'child-declined',
    });
    expect(deadlinesFor('oversight.child-not-seen-parents-refused', [declined], '2026-03-04')).toEqual([]);
  });
  it('does not fire when a Team Manager records oversight the same day', () => {
    const tm = oversight('2026-03-02', 'TM');
    expect(
      summary(deadlinesFor('oversight.child-not-seen-parents-refused', [blocked, tm], '2026-03-04')),
    ).toEqual([{ due: '2026-03-03', status: 'met' }]);
  });
});

describe('case.transfer', () => {
  const agreed = event('case.transfer_requested', '2026-03-02', {});
  it('fires when the receiving team has not allocated the case within 15 days', () => {
    expect(summary(deadlinesFor('case.transfer', [agreed], '2026-03-18'))).toEqual([
      { due: '2026-03-17', status: 'overdue' },
    ]);
    expect(ruleOf('case.transfer')?.escalation).toEqual([
      { after: { amount: 0, unit: 'working-days' }, levels: ['TM', 'SM'] },
    ]);
  });
  it('does not fire when the case is allocated on transfer within 15 days', () => {
    const allocated = event('case.allocated', '2026-03-10', { workerId: 'SW-009', reason: 'transfer' });
    expect(summary(deadlinesFor('case.transfer', [agreed, allocated], '2026-03-18'))).toEqual([
      { due: '2026-03-17', status: 'met' },
    ]);
  });
  it('does not fire when the case is reallocated within the old team instead', () => {
    const moved = event('case.allocated', '2026-03-10', { workerId: 'SW-002', reason: 'reallocation' });
    expect(summary(deadlinesFor('case.transfer', [agreed, moved], '2026-03-16'))).toEqual([
      { due: '2026-03-17', status: 'upcoming' },
    ]);
  });
});

describe('oversight.employee-contact', () => {
  const contact = event('referral.received', '2026-03-02', { relatesToEmployee: true });
  it('fires when a Service Manager has not recorded oversight within 5 working days of a contact about an employee', () => {
    expect(summary(deadlinesFor('oversight.employee-contact', [contact], '2026-03-10'))).toEqual([
      { due: '2026-03-09', status: 'overdue' },
    ]);
  });
  it('does not fire for an ordinary referral, or once a Service Manager or above has recorded oversight', () => {
    expect(
      deadlinesFor(
        'oversight.employee-contact',
        [event('referral.received', '2026-03-02', {})],
        '2026-03-10',
      ),
    ).toEqual([]);
    const teamManager = event('oversight.recorded', '2026-03-04', { level: 'TM' });
    const director = event('oversight.recorded', '2026-03-05', { level: 'DIRECTOR' });
    expect(
      summary(deadlinesFor('oversight.employee-contact', [contact, teamManager, director], '2026-03-10')),
    ).toEqual([{ due: '2026-03-09', status: 'met' }]);
  });
});
