/**
 * The deadline engine's behaviour beyond single rules: explanations, corrections, agreed frequencies,
 * as-of cut-offs, counting conventions and what it does with dates it cannot compute.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_FIXTURES } from '../../events/index.ts';
import {
  type DeadlineJson,
  deadlineJson,
  evaluateCase,
  momentOf,
  OPEN_STATUSES,
  substanceOf,
  whyDue,
} from '../../functions/core/engine/index.ts';
import { buildProfile, builtInProfile } from '../../functions/core/rules/load.ts';
import { deadlinesFor, event, summary } from '../support/case-history.ts';

const cpPlan = event('cp_plan.started', '2026-12-04', {});
const seenVisit = (day: string) => event('visit.completed', day, { visitType: 'cp', childSeen: true });

describe('explanations', () => {
  it('say the due date once when it is today', () => {
    const [, open] = deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-18')], '2027-01-06');
    expect(open?.explain).toBe(
      'Due Wed 6 Jan 2027: 10 working days after the visit on Fri 18 Dec 2026; 25 and 28 Dec and 1 Jan are bank holidays. That is today.',
    );
  });
  it('give the day of what they count from, not its time, when the deadline falls on a day', () => {
    const timed = event('visit.completed', '2026-12-18T15:45:00Z', { visitType: 'cp', childSeen: true });
    const [met, open] = deadlinesFor('cp.visit', [cpPlan, timed], '2026-12-21');
    expect(met?.explain).toBe(
      'Due Fri 18 Dec 2026: 10 working days after the start of the child protection plan on Fri 4 Dec 2026. Met by the visit on Fri 18 Dec 2026.',
    );
    expect(open?.explain).toMatch(/^Due Wed 6 Jan 2027: 10 working days after the visit on Fri 18 Dec 2026;/);
  });
  it('give why it is due apart from where it stands, for a notice line, at a day or an instant', () => {
    const [dated] = deadlinesFor('cp.visit', [cpPlan], '2026-12-21');
    expect(whyDue(dated?.explain ?? '')).toBe(
      '10 working days after the start of the child protection plan on Fri 4 Dec 2026',
    );
    const strategy = event('strategy_discussion.held', '2026-09-19T16:24:00Z', { s47Initiated: true });
    const [timed] = deadlinesFor('s47.child-seen', [strategy], '2026-09-21');
    expect(timed?.explain).toBe(
      'Due Sun 20 Sep 2026, 17:24 BST: 24 hours after the strategy discussion at Sat 19 Sep 2026, 17:24 BST. Overdue by 1 working day.',
    );
    expect(whyDue(timed?.explain ?? '')).toBe(
      '24 hours after the strategy discussion at Sat 19 Sep 2026, 17:24 BST',
    );
    expect(whyDue('Not an explanation')).toBe('Not an explanation');
  });
  it('never give a birthday: an age-related deadline says so, and no title names one', () => {
    const events = [
      event('child.updated', '2025-06-02', { dateOfBirth: '2009-03-12', disabled: true }),
      event('care_period.started', '2025-06-02', { legalStatus: 'section-20' }),
    ];
    const deadlines = evaluateCase(
      'CASE-T',
      events,
      builtInProfile('default'),
      momentOf('2026-03-02'),
    ).deadlines;
    const aged = deadlines.filter((d) => d.rule.target && 'birthday' in d.rule.target);
    expect(aged.length).toBeGreaterThan(0);
    for (const deadline of aged) {
      expect(whyDue(deadline.explain)).toBe(
        'an age-related deadline, worked out from the date of birth on record',
      );
    }
    for (const deadline of deadlines)
      expect(`${deadline.rule.title} ${deadline.explain}`).not.toMatch(/birthday/i);
  });
  it('name the anchor and the bank holidays skipped over Christmas', () => {
    const [, open] = deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-18')], '2027-01-08');
    expect(open?.explain).toBe(
      'Due Wed 6 Jan 2027: 10 working days after the visit on Fri 18 Dec 2026; 25 and 28 Dec and 1 Jan are bank holidays. Overdue by 2 working days.',
    );
  });
  it('say how far away an upcoming deadline is, and that a met one was met', () => {
    const [met, open] = deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-18')], '2026-12-30');
    expect(met?.explain).toBe(
      'Due Fri 18 Dec 2026: 10 working days after the start of the child protection plan on Fri 4 Dec 2026. Met by the visit on Fri 18 Dec 2026.',
    );
    expect(open?.explain.endsWith('Due in 4 working days.')).toBe(true);
  });
  it('name the council closure days a profile adds', () => {
    const council = buildProfile({
      name: 'closes-at-christmas',
      closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'].map((date) => ({
        date,
        name: 'Council closure',
      })),
    });
    const [, open] = deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-18')], '2026-12-21', council);
    expect(summary(open ? [open] : [])).toEqual([{ due: '2027-01-11', status: 'upcoming' }]);
    expect(open?.explain).toContain('29, 30 and 31 Dec are council closure days');
  });
});

describe('counting conventions', () => {
  it('counts the strategy discussion day as day 1 when a profile asks for inclusive counting', () => {
    const strategy = event('strategy_discussion.held', '2022-09-12', { s47Initiated: true });
    const inclusive = buildProfile({ name: 'inclusive-council', workingDayCounting: 'inclusive' });
    expect(summary(deadlinesFor('cp.initial-conference', [strategy], '2022-09-20'))).toEqual([
      { due: '2022-10-04', status: 'upcoming' },
    ]);
    expect(summary(deadlinesFor('cp.initial-conference', [strategy], '2022-09-20', inclusive))).toEqual([
      { due: '2022-10-03', status: 'upcoming' },
    ]);
  });
  it.each([
    ['2022-05-27', '2022-06-21'],
    ['2023-04-28', '2023-05-23'],
    ['2020-12-18', '2021-01-13'],
  ])(
    'gives the worked example: an initial conference after a strategy discussion on %s is due %s',
    (anchor, due) => {
      const strategy = event('strategy_discussion.held', anchor, { s47Initiated: true });
      expect(summary(deadlinesFor('cp.initial-conference', [strategy], anchor))[0]?.due).toBe(due);
    },
  );
  it('gives the worked example: an assessment from a referral on 2023-04-03 is due 2023-06-12', () => {
    const referral = event('referral.received', '2023-04-03', {});
    expect(summary(deadlinesFor('assessment.completion', [referral], '2023-04-03'))[0]?.due).toBe(
      '2023-06-12',
    );
  });
  it('gives the worked example: a first core group after a conference on 2024-03-28 is due 2024-04-15', () => {
    const icpc = event('conference.held', '2024-03-28', { conferenceType: 'initial', outcome: 'plan' });
    expect(summary(deadlinesFor('cp.first-core-group', [icpc], '2024-03-28'))[0]?.due).toBe('2024-04-15');
  });
  it('reads 3 months as 91 days, not a calendar month (a conference on 2024-01-31 reviews by 2024-05-01)', () => {
    const icpc = event('conference.held', '2024-01-31', { conferenceType: 'initial', outcome: 'plan' });
    expect(summary(deadlinesFor('cp.review-conference', [icpc], '2024-02-01'))[0]?.due).toBe('2024-05-01');
  });
});

describe('statuses', () => {
  it('is due on the day itself and overdue the day after', () => {
    expect(summary(deadlinesFor('cp.visit', [cpPlan], '2026-12-18'))).toEqual([
      { due: '2026-12-18', status: 'due' },
    ]);
    expect(summary(deadlinesFor('cp.visit', [cpPlan], '2026-12-19'))).toEqual([
      { due: '2026-12-18', status: 'overdue' },
    ]);
  });
  it('marks a visit after the due date as met late and restarts the clock from it', () => {
    expect(summary(deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-21')], '2026-12-21'))).toEqual([
      { due: '2026-12-18', status: 'met-late' },
      { due: '2027-01-07', status: 'upcoming' },
    ]);
  });
  it('leaves out events after the as-of date', () => {
    expect(summary(deadlinesFor('cp.visit', [cpPlan, seenVisit('2026-12-21')], '2026-12-19'))).toEqual([
      { due: '2026-12-18', status: 'overdue' },
    ]);
  });
  it('says how overdue a cancelled deadline already was', () => {
    const ended = event('cp_plan.ended', '2026-12-22', {});
    const [cancelled] = deadlinesFor('cp.visit', [cpPlan, ended], '2027-01-05');
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.explain).toContain('It was 2 working days overdue then.');
  });
});

describe('corrections', () => {
  it('ignores a retracted visit', () => {
    const visit = seenVisit('2026-12-10');
    const retraction = event('event.retracted', '2026-12-11', { eventId: visit.id });
    expect(summary(deadlinesFor('cp.visit', [cpPlan, visit, retraction], '2026-12-21'))).toEqual([
      { due: '2026-12-18', status: 'overdue' },
    ]);
  });
  it('counts an event sent twice once', () => {
    const visit = seenVisit('2026-12-10');
    expect(deadlinesFor('cp.visit', [cpPlan, visit, visit], '2026-12-21')).toHaveLength(2);
  });
});

describe('agreed visiting frequencies', () => {
  const plan = event('cin_plan.started', '2026-06-01', {});
  const agree = (amount: number, unit: 'weeks' | 'working-days') =>
    event('visit_frequency.agreed', '2026-06-01', {
      rule: 'cin.visit',
      every: { amount, unit },
      agreedBy: 'TM-01',
    });

  it('uses a frequency agreed for the case, with who agreed it', () => {
    const [open] = deadlinesFor('cin.visit', [plan, agree(4, 'weeks')], '2026-06-02');
    expect(summary(open ? [open] : [])).toEqual([{ due: '2026-06-29', status: 'upcoming' }]);
    expect(open?.explain).toContain('every 4 weeks as agreed on Mon 1 Jun 2026 by TM-01');
  });
  it('never lets an agreed frequency go beyond the 6 weeks the standards allow', () => {
    const [open] = deadlinesFor('cin.visit', [plan, agree(8, 'weeks')], '2026-06-02');
    expect(summary(open ? [open] : [])).toEqual([{ due: '2026-07-13', status: 'upcoming' }]);
    expect(open?.explain).toContain('longer than the 6 weeks allowed');
  });
  it('only lets a case agree more frequent child protection visits, as the standard sets a minimum', () => {
    const cpAgree = event('visit_frequency.agreed', '2026-12-04', {
      rule: 'cp.visit',
      every: { amount: 20, unit: 'working-days' },
      agreedBy: 'TM-01',
    });
    expect(summary(deadlinesFor('cp.visit', [cpPlan, cpAgree], '2026-12-05'))[0]?.due).toBe('2026-12-18');
  });
  it('reports an agreement for a rule the profile does not have', () => {
    const unknown = event('visit_frequency.agreed', '2026-06-01', {
      rule: 'no.such-rule',
      every: { amount: 2, unit: 'weeks' },
      agreedBy: 'TM-01',
    });
    const result = evaluateCase('CASE-T', [plan, unknown], builtInProfile('default'), momentOf('2026-06-02'));
    expect(result.problems.map((p) => p.message)).toEqual([
      'a visiting frequency was agreed for rule no.such-rule, which the default profile does not have; it was ignored',
    ]);
  });
});

describe('dates outside the known bank holiday years', () => {
  it('are reported as a problem, never guessed', () => {
    const referral = event('referral.received', '2009-11-02', {});
    const result = evaluateCase('CASE-T', [referral], builtInProfile('default'), momentOf('2010-02-01'));
    expect(result.deadlines.filter((d) => d.rule.id === 'assessment.completion')).toEqual([]);
    expect(result.problems.find((p) => p.rule === 'assessment.completion')?.message).toMatch(
      /outside the bank holiday years this calendar knows \(2010–2028\)/,
    );
  });
});

describe('cases the first council data showed', () => {
  it('evaluates an unborn baby: events before the date of birth give no age, not an error', () => {
    const birth = event('child.updated', '2026-03-01', { dateOfBirth: '2026-05-20' });
    const referral = event('referral.received', '2026-03-01', {});
    const plan = event('cp_plan.started', '2026-04-01', {});
    const result = evaluateCase(
      'CASE-T',
      [birth, referral, plan],
      builtInProfile('default'),
      momentOf('2026-06-01'),
    );
    expect(result.problems).toEqual([]);
    expect(result.deadlines.some((d) => d.rule.id === 'cp.visit')).toBe(true);
  });
  it('counts an allocation on the day a transfer was agreed as the transfer', () => {
    const request = event('case.transfer_requested', '2026-03-02', {});
    const allocated = event('case.allocated', '2026-03-02', { workerId: 'SW-2', reason: 'transfer' });
    expect(summary(deadlinesFor('case.transfer', [allocated, request], '2026-03-03'))).toEqual([
      { due: '2026-03-17', status: 'met' },
    ]);
  });
  it('counts MASH checks back on the day of the threshold decision', () => {
    const enquiry = event('mash_enquiry.started', '2026-03-02T09:00:00Z', { grading: 'amber' });
    const back = event('mash_enquiry.completed', '2026-03-02T11:00:00Z', {});
    const decided = event('threshold.decided', '2026-03-02T15:00:00Z', { decision: 'no-further-action' });
    expect(
      deadlinesFor('mash.amber-checks', [decided, back, enquiry], '2026-03-03').map((d) => d.status),
    ).toEqual(['met']);
  });
});

describe('one day’s events, some with a time and some without', () => {
  it('are put in one order whatever order they arrive in (an untimed event counts from the end of its day)', () => {
    const plan = event('cp_plan.started', '2026-12-04', {});
    // Ids chosen so that ordering by time where both have one, else by id, would go round in a circle:
    // 10:00 (V-1) before untimed (V-2) before 09:00 (V-3) before 10:00.
    const visits = [
      event('visit.completed', '2026-12-07', { visitType: 'cp', childSeen: true }, { id: 'V-2' }),
      event('visit.completed', '2026-12-07T10:00:00Z', { visitType: 'cp', childSeen: true }, { id: 'V-1' }),
      event('visit.completed', '2026-12-07T09:00:00Z', { visitType: 'cp', childSeen: false }, { id: 'V-3' }),
    ];
    const permutations = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ].map((order) => [plan, ...order.map((index) => visits[index] as (typeof visits)[number])]);
    const results = permutations.map((events) =>
      JSON.stringify(
        deadlinesFor('cp.visit', events, '2027-01-15').map((d) => [d.occurrence, d.status, d.met?.event.id]),
      ),
    );
    expect(new Set(results).size).toBe(1);
  });
});

describe('substanceOf', () => {
  const events = Object.values(EVENT_FIXTURES).filter((fixture) => fixture.caseId === 'CASE-1001');
  const publishedOn = (day: string) =>
    evaluateCase('CASE-1001', events, builtInProfile('default'), momentOf(day)).deadlines.map(deadlineJson);

  it('is the same for a deadline still open on two days, though its status and last sentence moved on', () => {
    const late = publishedOn('2026-03-02');
    const laterOf = (deadline: DeadlineJson) =>
      late.find((d) => d.rule === deadline.rule && d.occurrence === deadline.occurrence);
    const open = publishedOn('2026-02-02').filter(
      (deadline) => OPEN_STATUSES.has(deadline.status) && OPEN_STATUSES.has(laterOf(deadline)?.status ?? ''),
    );
    expect(open.length).toBeGreaterThan(0);
    for (const deadline of open) {
      const later = laterOf(deadline);
      expect(later?.explain).not.toBe(deadline.explain);
      expect(substanceOf(later as DeadlineJson)).toEqual(substanceOf(deadline));
      expect(substanceOf(deadline)).toMatchObject({ status: 'open' });
      expect(substanceOf(deadline).explain).toBe(whyDue(deadline.explain));
      expect(substanceOf(deadline).explain).not.toMatch(/Due|Overdue|today/);
    }
  });

  it('leaves a closed deadline as it is: met, cancelled or missed are its substance', () => {
    const closed = publishedOn('2026-12-31').filter((deadline) => !OPEN_STATUSES.has(deadline.status));
    expect(closed.length).toBeGreaterThan(0);
    for (const deadline of closed) expect(substanceOf(deadline)).toBe(deadline);
  });
});

describe('who must act', () => {
  it('is published with each deadline: the allocated worker, or the manager level the rule names', () => {
    const events = [cpPlan, event('lado.referred', '2026-12-04', {})];
    const published = evaluateCase(
      'CASE-T',
      events,
      builtInProfile('default'),
      momentOf('2026-12-07'),
    ).deadlines.map(deadlineJson);
    expect(published.find((d) => d.rule === 'cp.visit')?.owner).toBe('worker');
    expect(published.find((d) => d.rule === 'oversight.lado-referral')?.owner).toBe('ATM');
  });
});

describe('rules started by another rule’s breach', () => {
  const lapses = (events: Parameters<typeof deadlinesFor>[1]) =>
    summary(deadlinesFor('oversight.visit-out-of-timescale', events, '2027-01-29'));

  it('start when a deadline ends past its due, and not when it ends before', () => {
    // The first visit is due Fri 18 Dec 2026; the plan ends before it, or after it with no visit.
    expect(lapses([cpPlan, event('cp_plan.ended', '2026-12-17', {})])).toEqual([]);
    expect(lapses([cpPlan, event('cp_plan.ended', '2026-12-21', {})])).toEqual([
      { due: '2026-12-21', status: 'overdue' },
    ]);
  });

  it('start once for each lapse, and one oversight after them answers them all', () => {
    const visits = ['2026-12-21', '2027-01-15'].map(seenVisit);
    const oversight = event('oversight.recorded', '2027-01-18', { level: 'TM' });
    // Late on Mon 21 Dec (due Fri 18 Dec), then due Thu 7 Jan 2027 and late again on Fri 15 Jan.
    // The visit still open (due Fri 29 Jan) already has its follow-up, due if it is left unmet.
    expect(lapses([cpPlan, ...visits, oversight])).toEqual([
      { due: '2026-12-21', status: 'met-late' },
      { due: '2027-01-11', status: 'met-late' },
      { due: '2027-02-01', status: 'upcoming' },
    ]);
  });

  it('are known as soon as the deadline they follow is open, so no later event is needed to raise them', () => {
    // No event after the plan starts: computed before the first visit's due (Fri 18 Dec) or after its
    // lapse, the case has the same follow-up, due the working day after the lapse (Mon 21 Dec).
    const before = deadlinesFor('oversight.visit-out-of-timescale', [cpPlan], '2026-12-10');
    const after = deadlinesFor('oversight.visit-out-of-timescale', [cpPlan], '2026-12-22');
    expect(summary(before)).toEqual([{ due: '2026-12-21', status: 'upcoming' }]);
    expect(summary(after)).toEqual([{ due: '2026-12-21', status: 'overdue' }]);
    expect(before[0]?.explain).toContain(
      'after "Child protection visit", due on Fri 18 Dec 2026, is left unmet',
    );
    // Met in time, the visit has no follow-up: the one there is follows the next visit (due Wed 6 Jan),
    // left unmet by 29 Jan.
    expect(lapses([cpPlan, seenVisit('2026-12-18')])).toEqual([{ due: '2027-01-08', status: 'overdue' }]);
  });
});
