/** When each notice about a deadline goes out, and what the due index is keyed on. */
import { describe, expect, it } from 'vitest';
import { englandAndWalesCalendar, parseInstant, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { type NoticeTiming, nextActionAt, planNotices } from '../../functions/core/notices/plan.ts';
import type { EscalationStep, Offset } from '../../rules/schema.ts';

const timing: NoticeTiming = {
  calendar: englandAndWalesCalendar,
  inclusiveWorkingDays: false,
  morningRunMinutes: 7 * 60,
  repeatEvery: { amount: 5, unit: 'working-days' },
  repeats: 2,
};
const wd = (amount: number): Offset => ({ amount, unit: 'working-days' });
const ladder: EscalationStep[] = [
  { after: wd(0), levels: ['ATM', 'TM'] },
  { after: wd(5), levels: ['SM'] },
];
const dayDeadline = {
  due: { day: parseIsoDate('2026-12-18'), ms: null },
  status: 'upcoming' as const,
  closedAt: null,
  rule: { kind: 'once' as const, reminders: [wd(5), wd(1)], escalation: ladder, owner: 'worker' as const },
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('planned notices', () => {
  it('remind, say due today, breach on the next working day and escalate, skipping Christmas bank holidays', () => {
    expect(planNotices(dayDeadline, timing).map((n) => [n.key, iso(n.at), n.levels.join(' ')])).toEqual([
      ['reminder-5-working-days', '2026-12-11T07:00:00.000Z', ''],
      ['reminder-1-working-day', '2026-12-17T07:00:00.000Z', ''],
      ['due-today', '2026-12-18T07:00:00.000Z', ''],
      ['escalation-0', '2026-12-21T07:00:00.000Z', 'ATM TM'],
      ['escalation-1', '2026-12-30T07:00:00.000Z', 'SM'],
      ['repeat-1', '2027-01-07T07:00:00.000Z', 'SM'],
      ['repeat-2', '2027-01-14T07:00:00.000Z', 'SM'],
    ]);
  });

  it("escalate a manager's task from its owner upwards: the ladder's levels at or below the owner are left out", () => {
    const owned = (owner: 'ATM' | 'TM' | 'SM') =>
      planNotices({ ...dayDeadline, rule: { ...dayDeadline.rule, owner } }, timing)
        .filter((n) => n.stage.kind === 'escalation' || n.stage.kind === 'repeat')
        .map((n) => `${n.key}: ${n.levels.join(' ')}`);
    expect(owned('ATM')).toEqual(['escalation-0: TM', 'escalation-1: SM', 'repeat-1: SM', 'repeat-2: SM']);
    // A Service Manager's overdue sign-off is not escalated down: the owner alone hears of the breach.
    expect(owned('SM')).toEqual(['escalation-0: ', 'escalation-1: ', 'repeat-1: ', 'repeat-2: ']);
  });

  it('go out at 07:00 London time, which is 06:00 UTC in summer', () => {
    const summer = { ...dayDeadline, due: { day: parseIsoDate('2026-07-15'), ms: null } };
    expect(iso(planNotices(summer, timing).find((n) => n.key === 'due-today')?.at ?? 0)).toBe(
      '2026-07-15T06:00:00.000Z',
    );
  });

  it('breach an hour-scale deadline at its instant, not at the next morning run', () => {
    const due = parseInstant('2026-03-29T13:00:00+01:00');
    const hourly = {
      due: { day: parseIsoDate('2026-03-29'), ms: due },
      status: 'upcoming' as const,
      closedAt: null,
      rule: {
        kind: 'once' as const,
        reminders: [],
        escalation: [{ after: wd(0), levels: ['TM' as const] }],
        owner: 'worker' as const,
      },
    };
    expect(planNotices(hourly, { ...timing, repeats: 0 }).map((n) => [n.key, iso(n.at), n.urgent])).toEqual([
      ['escalation-0', '2026-03-29T12:00:00.000Z', true],
    ]);
  });

  it('send what an hour-scale deadline needs counted in days to the morning digest of that day', () => {
    // Due 20:00 on Thu 10 Dec: the reminder a working day before on Wed 9 Dec; the breach at once; the
    // repeats 5 working days on (Thu 17 and Thu 24 Dec) in those mornings' digests.
    const evening = {
      due: { day: parseIsoDate('2026-12-10'), ms: Date.parse('2026-12-10T20:00:00Z') },
      status: 'upcoming' as const,
      closedAt: null,
      rule: {
        kind: 'once' as const,
        reminders: [wd(1)],
        escalation: [{ after: wd(0), levels: ['TM' as const] }],
        owner: 'worker' as const,
      },
    };
    expect(planNotices(evening, timing).map((n) => [n.key, iso(n.at), n.urgent])).toEqual([
      ['reminder-1-working-day', '2026-12-09T07:00:00.000Z', false],
      ['escalation-0', '2026-12-10T20:00:00.000Z', true],
      ['repeat-1', '2026-12-17T07:00:00.000Z', false],
      ['repeat-2', '2026-12-24T07:00:00.000Z', false],
    ]);
  });

  it('are none for a deadline met, or cancelled, before anyone was told of it', () => {
    const beforeReminder = { day: parseIsoDate('2026-12-10'), ms: null };
    for (const status of ['met', 'met-late', 'cancelled'] as const) {
      expect(planNotices({ ...dayDeadline, status, closedAt: beforeReminder }, timing)).toEqual([]);
    }
  });

  it('tell a missed window’s breach once, and neither climb the ladder nor repeat, whenever it was computed', () => {
    const breachOnly = [
      ['reminder-5-working-days', '2026-12-11T07:00:00.000Z', ''],
      ['reminder-1-working-day', '2026-12-17T07:00:00.000Z', ''],
      ['due-today', '2026-12-18T07:00:00.000Z', ''],
      ['escalation-0', '2026-12-21T07:00:00.000Z', 'ATM TM'],
    ];
    const keys = (deadline: Parameters<typeof planNotices>[0]) =>
      planNotices(deadline, timing).map((n) => [n.key, iso(n.at), n.levels.join(' ')]);
    // Closed by the visit that ended a count window: missed from then on.
    expect(keys({ ...dayDeadline, status: 'missed' })).toEqual(breachOnly);
    // A term's deadline computed before the term ended: past its due, its window has closed too.
    const term = { ...dayDeadline, rule: { ...dayDeadline.rule, kind: 'per-period' as const } };
    expect(keys(term)).toEqual(breachOnly);
    expect(keys({ ...term, status: 'missed' })).toEqual(breachOnly);
  });

  it('say "resolved" on the next working morning once a deadline someone was told of is met', () => {
    // The 5-day reminder went on Fri 11 Dec; the visit on Fri 18 Dec; the next working morning is Mon 21.
    const met = {
      ...dayDeadline,
      status: 'met' as const,
      closedAt: { day: parseIsoDate('2026-12-18'), ms: null },
    };
    expect(planNotices(met, timing).map((n) => [n.key, iso(n.at)])).toEqual([
      ['resolved', '2026-12-21T07:00:00.000Z'],
    ]);
    // Met on the morning the reminder went, at 09:00: that reminder was before it, so it is resolved.
    const sameDay = {
      ...met,
      closedAt: { day: parseIsoDate('2026-12-11'), ms: Date.parse('2026-12-11T09:00:00Z') },
    };
    expect(planNotices(sameDay, timing).map((n) => n.key)).toEqual(['resolved']);
    // Met at 06:00, before the morning run: nobody had been told.
    const early = {
      ...met,
      closedAt: { day: parseIsoDate('2026-12-11'), ms: Date.parse('2026-12-11T06:00:00Z') },
    };
    expect(planNotices(early, timing)).toEqual([]);
  });
});

describe('across the October clock change', () => {
  it('sends day-scale notices at 07:00 London time on either side, and an hour-scale breach at its instant', () => {
    const friday = { ...dayDeadline, due: { day: parseIsoDate('2026-10-30'), ms: null } };
    expect(planNotices(friday, { ...timing, repeats: 0 }).map((n) => [n.key, iso(n.at)])).toEqual([
      // Fri 23 Oct is in BST (07:00 is 06:00 UTC); the clocks go back on Sun 25 Oct.
      ['reminder-5-working-days', '2026-10-23T06:00:00.000Z'],
      ['reminder-1-working-day', '2026-10-29T07:00:00.000Z'],
      ['due-today', '2026-10-30T07:00:00.000Z'],
      ['escalation-0', '2026-11-02T07:00:00.000Z'],
      ['escalation-1', '2026-11-09T07:00:00.000Z'],
    ]);
    // 24 hours after 20:00 BST on Sat 24 Oct is 19:00 GMT on Sun 25 Oct: the instant, not the wall clock.
    const overnight = {
      due: { day: parseIsoDate('2026-10-25'), ms: Date.parse('2026-10-24T19:00:00Z') + 24 * 3_600_000 },
      status: 'upcoming' as const,
      closedAt: null,
      rule: {
        kind: 'once' as const,
        reminders: [],
        escalation: [{ after: wd(0), levels: ['TM' as const] }],
        owner: 'worker' as const,
      },
    };
    expect(
      planNotices(overnight, { ...timing, repeats: 0 }).map((n) => [n.key, iso(n.at), n.urgent]),
    ).toEqual([['escalation-0', '2026-10-25T19:00:00.000Z', true]]);
  });
});

describe('the next action', () => {
  const notices = planNotices(dayDeadline, timing);
  it('is the first notice after the given moment', () => {
    expect(iso(nextActionAt(notices, Date.parse('2026-12-17T07:00:00Z')) ?? 0)).toBe(
      '2026-12-18T07:00:00.000Z',
    );
  });
  it('is none once every notice has gone', () => {
    expect(nextActionAt(notices, Date.parse('2027-02-01T00:00:00Z'))).toBeNull();
  });
});

describe('a deadline beyond the calendar’s known years', () => {
  it('plans the notices it can and never throws (ingest must not fail on a far-off birthday)', () => {
    const far = { ...dayDeadline, due: { day: parseIsoDate('2036-05-19'), ms: null } };
    expect(() => planNotices(far, timing)).not.toThrow();
    const edge = { ...dayDeadline, due: { day: parseIsoDate('2028-12-28'), ms: null } };
    const keys = planNotices(edge, timing).map((n) => n.key);
    expect(keys).toEqual(expect.arrayContaining(['reminder-5-working-days', 'due-today']));
  });
});
