/**
 * The backtest: breaches Line of Sight would have flagged in a window, and how many working days ahead
 * it would have reminded whoever had to act and how soon after it a manager would have been told.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { backtestByRule, caseBreaches } from '../../functions/core/timeliness/index.ts';
import { event } from '../support/case-history.ts';

const profile = builtInProfile('default');
const timing = defaultNoticeTiming(profile);
const april = { from: parseIsoDate('2026-04-01'), to: parseIsoDate('2026-04-30') };

const sd = (caseId: string, on: string) =>
  event('strategy_discussion.held', on, { s47Initiated: true }, { caseId });
const icpc = (caseId: string, on: string) =>
  event('conference.held', on, { conferenceType: 'initial', outcome: 'plan' }, { caseId });
const icpcBreaches = (caseId: string, events: CaseEvent[], window = april) =>
  caseBreaches(caseId, events, profile, window, timing).filter((b) => b.rule === 'cp.initial-conference');

describe('the backtest', () => {
  it('flags a deadline met late on the first working day after its due, with its reminder and escalation', () => {
    // Strategy discussion Wed 25 Mar: the ICPC is due Fri 17 Apr and held Tue 21 Apr. The first
    // reminder, 5 working days ahead, is Fri 10 Apr; the breach goes on Mon 20 Apr, 6 working days
    // later, and the Service Manager is told the same morning (the rule's ladder starts at the breach).
    expect(icpcBreaches('B', [sd('B', '2026-03-25'), icpc('B', '2026-04-21')])).toEqual([
      {
        caseId: 'B',
        rule: 'cp.initial-conference',
        dueOn: '2026-04-17',
        flaggedOn: '2026-04-20',
        outcome: 'late',
        remindedOn: '2026-04-10',
        reminderLead: 6,
        escalatedOn: '2026-04-20',
        escalationAfter: 0,
      },
    ]);
  });

  it('does not flag a deadline met after its due but before the next working morning', () => {
    // Due Fri 17 Apr, held Sat 18 Apr: late, but met before the Monday morning run would have flagged it.
    expect(icpcBreaches('S', [sd('S', '2026-03-25'), icpc('S', '2026-04-18')])).toEqual([]);
  });

  it('flags nothing for a record made late: Line of Sight learns of it only when it is made', () => {
    // A core group on Wed 1 Apr recorded on Fri 17 Apr, 10 working days later (5 allowed).
    const late = event(
      'core_group.held',
      '2026-04-01',
      {},
      { caseId: 'R', recordedAt: '2026-04-17T10:00:00+01:00' },
    );
    const all = caseBreaches('R', [late], profile, april, timing);
    expect(all.filter((b) => b.rule === 'cp.core-group-recorded')).toEqual([]);
  });

  it('replays as of the window’s last day, and keeps only breaches flagged inside it', () => {
    // Strategy discussion Mon 16 Mar: due Wed 8 Apr, flagged Thu 9 Apr; held 5 May, after the window,
    // so open then.
    const events = [sd('D', '2026-03-16'), icpc('D', '2026-05-05')];
    expect(icpcBreaches('D', events)).toMatchObject([
      { flaggedOn: '2026-04-09', outcome: 'open-overdue', remindedOn: '2026-03-30', reminderLead: 6 },
    ]);
    const may = { from: parseIsoDate('2026-05-01'), to: parseIsoDate('2026-05-31') };
    expect(icpcBreaches('D', events, may)).toEqual([]);
  });

  it('sums the breaches per rule, with the reminder lead and escalation as nearest-rank figures', () => {
    const breaches = [
      ...caseBreaches('B', [sd('B', '2026-03-25'), icpc('B', '2026-04-21')], profile, april, timing),
      ...caseBreaches('D', [sd('D', '2026-03-16')], profile, april, timing),
    ].filter((b) => b.rule === 'cp.initial-conference');
    expect(backtestByRule(breaches, (rule) => `title of ${rule}`)).toEqual([
      {
        rule: 'cp.initial-conference',
        title: 'title of cp.initial-conference',
        breaches: 2,
        metLate: 1,
        missed: 0,
        stillOpen: 1,
        reminded: 2,
        reminderLead: { min: 6, median: 6 },
        escalated: 2,
        escalationAfter: { median: 0, max: 0 },
      },
    ]);
  });
});
