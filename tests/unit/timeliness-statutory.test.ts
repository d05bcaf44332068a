/**
 * The measures the statutory returns publish, counted by the timeliness figures on small synthetic
 * histories and checked against counts made by hand (docs/reporting.md gives each definition and where
 * it differs from the published one). Dates are worked out in the comments, over the 2026 England and
 * Wales bank holidays: Good Friday 3 April, Easter Monday 6 April, 4 and 25 May.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import {
  type Cell,
  caseOccurrences,
  figuresOf,
  type Occurrence,
} from '../../functions/core/timeliness/index.ts';
import { event } from '../support/case-history.ts';

const profile = builtInProfile('default');

/** Every case allocated to SW-1 in team T on its first day; the figures of one rule, per team and month. */
function teamFigures(cases: Record<string, CaseEvent[]>, rule: string, asOf: string) {
  const occurrences: Occurrence[] = Object.entries(cases).flatMap(([caseId, events]) => {
    const allocated = event(
      'case.allocated',
      events[0]?.occurredAt ?? '',
      { workerId: 'SW-1', teamId: 'T', reason: 'new' },
      { caseId },
    );
    return caseOccurrences(caseId, [allocated, ...events], profile, momentOf(asOf), {
      calendar: profile.calendar,
      teamOf: (allocation) => allocation?.teamId ?? null,
    }).occurrences.filter((o) => o.rule === rule);
  });
  const counts = ({ month, fellDue, onTime, late, missed, openOverdue, lateness }: Cell) => ({
    month,
    fellDue,
    onTime,
    late,
    missed,
    openOverdue,
    lateness,
  });
  return figuresOf(occurrences)
    .cells.filter((cell) => cell.by === 'team')
    .map(counts);
}

describe('ICPCs within 15 working days of the strategy discussion (cp.initial-conference)', () => {
  const sd = (caseId: string, on: string) =>
    event('strategy_discussion.held', on, { s47Initiated: true }, { caseId });
  const icpc = (caseId: string, on: string) =>
    event('conference.held', on, { conferenceType: 'initial', outcome: 'plan' }, { caseId });
  const cases = {
    // Mon 2 Mar: day 15 is Mon 23 Mar. Held Fri 20 Mar: in timescale.
    A: [sd('A', '2026-03-02'), icpc('A', '2026-03-20')],
    // Wed 25 Mar: day 15 is Fri 17 Apr (3 and 6 April skipped). Held Tue 21 Apr: 2 working days late,
    // 17 working days after the strategy discussion.
    B: [sd('B', '2026-03-25'), icpc('B', '2026-04-21')],
    // Mon 9 Mar (due Mon 30 Mar), but the enquiry ended in no further action on 13 Mar: no conference
    // was needed, so it never fell due (the census has no ICPC to count either).
    C: [
      sd('C', '2026-03-09'),
      event('s47.completed', '2026-03-13', { outcome: 'no-further-action' }, { caseId: 'C' }),
    ],
    // Mon 16 Mar: day 15 is Wed 8 Apr. No conference by 1 May: open and overdue (the census counts it
    // only once it is held).
    D: [sd('D', '2026-03-16')],
    // A strategy discussion that started no enquiry starts no clock.
    E: [event('strategy_discussion.held', '2026-03-02', { s47Initiated: false }, { caseId: 'E' })],
  };

  it('matches the hand count', () => {
    expect(teamFigures(cases, 'cp.initial-conference', '2026-05-01')).toEqual([
      { month: '2026-03', fellDue: 1, onTime: 1, late: 0, missed: 0, openOverdue: 0, lateness: [] },
      { month: '2026-04', fellDue: 2, onTime: 0, late: 1, missed: 0, openOverdue: 1, lateness: [[2, 1]] },
    ]);
  });
});

describe('assessments within 45 working days of the referral (assessment.completion)', () => {
  const referral = (caseId: string, on: string) => event('referral.received', on, {}, { caseId });
  const completed = (caseId: string, on: string) => event('assessment.completed', on, {}, { caseId });
  const closed = (caseId: string, on: string) => event('case.closed', on, {}, { caseId });
  const cases = {
    // Thu 8 Jan: day 45 is Thu 12 Mar. Completed Thu 5 Mar: in timescale.
    F: [referral('F', '2026-01-08'), completed('F', '2026-03-05')],
    // Mon 2 Feb: day 45 is Wed 8 Apr. Completed Fri 10 Apr: 2 working days late.
    G: [referral('G', '2026-02-02'), completed('G', '2026-04-10')],
    // Mon 9 Feb: day 45 is Wed 15 Apr. The case closed on 20 Apr without an assessment: missed (the
    // census counts only completed assessments, so it has none here).
    H: [referral('H', '2026-02-09'), closed('H', '2026-04-20')],
    // Mon 16 Feb, closed on 1 Mar before its day 45: it never fell due.
    I: [referral('I', '2026-02-16'), closed('I', '2026-03-01')],
  };

  it('matches the hand count', () => {
    expect(teamFigures(cases, 'assessment.completion', '2026-05-01')).toEqual([
      { month: '2026-03', fellDue: 1, onTime: 1, late: 0, missed: 0, openOverdue: 0, lateness: [] },
      { month: '2026-04', fellDue: 2, onTime: 0, late: 1, missed: 1, openOverdue: 0, lateness: [[2, 1]] },
    ]);
  });
});

describe('looked-after reviews on time (cic.review)', () => {
  const cases = {
    // Looked after from Mon 5 Jan: the first review is due on day 20, Mon 2 Feb; held 29 Jan, on time.
    // The second is due 91 days after it, Thu 30 Apr; held Wed 6 May, 3 working days late (1 May, 5 May
    // and 6 May: 4 May is a bank holiday). The third is due 183 days after that, Thu 5 Nov, and has not
    // been held by 1 December: open and overdue.
    J: [
      event('care_period.started', '2026-01-05', { legalStatus: 'section-20' }, { caseId: 'J' }),
      event('cic_review.held', '2026-01-29', {}, { caseId: 'J' }),
      event('cic_review.held', '2026-05-06', {}, { caseId: 'J' }),
    ],
    // Looked after from Mon 2 Mar (first review due Mon 30 Mar), home on 20 Mar: never fell due.
    K: [
      event('care_period.started', '2026-03-02', { legalStatus: 'section-20' }, { caseId: 'K' }),
      event('care_period.ended', '2026-03-20', {}, { caseId: 'K' }),
    ],
  };

  it('matches the hand count', () => {
    expect(teamFigures(cases, 'cic.review', '2026-12-01')).toEqual([
      { month: '2026-02', fellDue: 1, onTime: 1, late: 0, missed: 0, openOverdue: 0, lateness: [] },
      { month: '2026-04', fellDue: 1, onTime: 0, late: 1, missed: 0, openOverdue: 0, lateness: [[3, 1]] },
      { month: '2026-11', fellDue: 1, onTime: 0, late: 0, missed: 0, openOverdue: 1, lateness: [] },
    ]);
  });
});
