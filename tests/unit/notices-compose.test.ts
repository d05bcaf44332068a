/**
 * Composing a run's notices into messages: one digest per person per day, alerts at once for
 * hour-scale deadlines, managers told at the ladder's levels, team cards for breaches only, and the
 * directory's gaps reported.
 */
import { describe, expect, it } from 'vitest';
import type { OversightLevel } from '../../events/index.ts';
import type { StaffMember, Team } from '../../functions/core/directory/model.ts';
import { type AddressBook, composeNotices, type DueNotice } from '../../functions/core/notices/compose.ts';
import type { EmailNotice, TeamsNotice } from '../../functions/core/notices/message.ts';
import type { PlannedNotice } from '../../functions/core/notices/plan.ts';
import type { CaseAllocation } from '../../functions/core/ports.ts';
import type { RuleOwner } from '../../rules/schema.ts';

const member = (id: string, level: StaffMember['level']): StaffMember => ({
  id,
  name: `Synthetic ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  level,
  teamId: 'team-north-1',
  reportsTo: null,
});
const team: Team = { id: 'team-north-1', name: 'North 1', parentId: null, teamsChannel: 'teams-north-1' };

/** Workers SW-1 and SW-2 under ATM-1 and TM-1; no SM in post, so SM resolves to HOS-1 with a gap. */
const book: AddressBook = {
  member: (staffId) =>
    staffId === 'SW-LEFT' ? null : member(staffId, staffId.startsWith('TM') ? 'TM' : 'worker'),
  nameOf: (staffId) => (staffId === 'SW-GONE' ? null : `Synthetic ${staffId}`),
  holderOf: (allocation) =>
    allocation
      ? { recipient: member(allocation.workerId, 'worker'), gaps: [] }
      : {
          recipient: member('TM-1', 'TM'),
          gaps: [{ kind: 'unallocated', message: 'unallocated: told TM-1' }],
        },
  managerAt: (_allocation, level: OversightLevel) =>
    level === 'SM'
      ? {
          recipient: member('HOS-1', 'HOS'),
          gaps: [{ kind: 'vacant-level', message: 'SM post vacant: told HOS-1', level: 'SM' }],
        }
      : { recipient: member(`${level}-1`, level), gaps: [] },
  teamOf: (allocation) => (allocation ? team : null),
  channelOf: () => ({ recipient: team.teamsChannel, gaps: [] }),
};

const allocated = (workerId: string): CaseAllocation => ({ workerId, teamId: 'team-north-1' });

function due(
  caseId: string,
  stage: PlannedNotice['stage'],
  levels: OversightLevel[] = [],
  options: {
    allocation?: CaseAllocation | null;
    due?: string;
    hourScale?: boolean;
    toldBefore?: DueNotice['toldBefore'];
    owner?: RuleOwner;
  } = {},
): DueNotice {
  const key =
    stage.kind === 'reminder'
      ? 'reminder-5-working-days'
      : stage.kind === 'escalation'
        ? `escalation-${stage.step}`
        : stage.kind === 'repeat'
          ? `repeat-${stage.number}`
          : stage.kind === 'resolved'
            ? 'resolved'
            : 'due-today';
  return {
    stored: {
      caseId,
      deadline: {
        rule: 'cp.visit',
        title: 'Child protection visit',
        action: 'Visit and see the child',
        category: 'child-protection',
        occurrence: 1,
        due: options.due ?? '2026-12-18',
        status: 'overdue',
        anchor: { eventId: 'e1', type: 'cp_plan.started', occurredAt: '2026-12-04' },
        explain:
          'Due Fri 18 Dec 2026: 10 working days after the visit on Fri 4 Dec 2026. Overdue by 1 working day.',
        source: [],
        escalation: [{ after: { amount: 0, unit: 'working-days' }, levels: ['ATM', 'TM'] }],
        owner: options.owner ?? 'worker',
      },
      nextActionAt: null,
      allocation: options.allocation === undefined ? allocated('SW-1') : options.allocation,
    },
    rule: {
      id: 'cp.visit',
      title: 'Child protection visit',
      action: 'Visit and see the child',
      source: [],
      owner: options.owner ?? 'worker',
    },
    notice: { at: 0, urgent: options.hourScale ?? false, stage, key, levels },
    hourScale: options.hourScale ?? false,
    toldBefore: options.toldBefore ?? [],
  };
}

const run = { day: '2026-12-21', asOf: '2026-12-21T07:00:00.000Z', digest: true };
const hourly = { ...run, asOf: '2026-12-21T10:30:00.000Z', digest: false };
const emails = (notices: ReturnType<typeof composeNotices>['notices']) =>
  notices.filter((n): n is EmailNotice => n.channel === 'email');
const cards = (notices: ReturnType<typeof composeNotices>['notices']) =>
  notices.filter((n): n is TeamsNotice => n.channel === 'teams');

describe('composing a run’s notices', () => {
  it('gathers a worker’s day-scale notices into one digest for the day', () => {
    const { notices } = composeNotices(
      [
        due('CASE-1', { kind: 'reminder', lead: { amount: 5, unit: 'working-days' } }),
        due('CASE-2', { kind: 'due-today' }),
      ],
      book,
      run,
    );
    expect(emails(notices).map((e) => [e.key, e.kind, e.lines.map((l) => l.caseId)])).toEqual([
      ['digest|SW-1|2026-12-21', 'digest', ['CASE-1', 'CASE-2']],
    ]);
    expect(cards(notices)).toEqual([]);
  });

  it('tells the worker and each manager level of a breach, each in their own digest, with a line keyed per recipient', () => {
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'escalation', step: 0 }, ['ATM', 'TM'])],
      book,
      run,
    );
    expect(emails(notices).map((e) => [e.recipient.staffId, e.lines[0]?.as, e.lines[0]?.key])).toEqual([
      ['SW-1', 'worker', 'CASE-1|cp.visit|1|escalation-0|SW-1'],
      ['ATM-1', 'ATM', 'CASE-1|cp.visit|1|escalation-0|ATM-1'],
      ['TM-1', 'TM', 'CASE-1|cp.visit|1|escalation-0|TM-1'],
    ]);
    expect(emails(notices)[0]?.lines[0]?.ladderStep).toBe(1);
  });

  it('sends a team card of the day’s breaches, not of reminders', () => {
    const { notices } = composeNotices(
      [
        due('CASE-1', { kind: 'escalation', step: 0 }, ['ATM']),
        due('CASE-2', { kind: 'repeat', number: 1 }, ['TM'], { allocation: allocated('SW-2') }),
        due('CASE-3', { kind: 'reminder', lead: { amount: 1, unit: 'working-days' } }),
      ],
      book,
      run,
    );
    expect(cards(notices).map((c) => [c.key, c.kind, c.teamsChannel, c.lines.map((l) => l.key)])).toEqual([
      [
        'team|team-north-1|2026-12-21',
        'team-summary',
        'teams-north-1',
        ['CASE-1|cp.visit|1|escalation-0|team:team-north-1', 'CASE-2|cp.visit|1|repeat-1|team:team-north-1'],
      ],
    ]);
  });

  it('in the morning run, puts hour-scale notices in the digest, so each person gets one email', () => {
    const { notices } = composeNotices(
      [
        due('CASE-1', { kind: 'escalation', step: 0 }, ['TM'], {
          hourScale: true,
          due: '2026-12-21T06:00:00+00:00',
        }),
        due('CASE-2', { kind: 'due-today' }),
      ],
      book,
      run,
    );
    expect(notices.map((n) => [n.kind, n.key, n.lines.length])).toEqual([
      ['digest', 'digest|SW-1|2026-12-21', 2],
      ['digest', 'digest|TM-1|2026-12-21', 1],
      ['team-summary', 'team|team-north-1|2026-12-21', 1],
    ]);
  });

  it('in other runs, sends hour-scale notices as alerts keyed on the run’s instant', () => {
    const { notices } = composeNotices(
      [
        due('CASE-1', { kind: 'escalation', step: 0 }, ['TM'], {
          hourScale: true,
          due: '2026-12-21T06:00:00+00:00',
        }),
      ],
      book,
      hourly,
    );
    expect(notices.map((n) => [n.channel, n.kind, n.key])).toEqual([
      ['email', 'alert', 'alert|SW-1|2026-12-21T10:30:00.000Z'],
      ['email', 'alert', 'alert|TM-1|2026-12-21T10:30:00.000Z'],
      ['teams', 'alert', 'team-alert|team-north-1|2026-12-21T10:30:00.000Z'],
    ]);
  });

  it('reports each gap in the directory once, and still tells someone', () => {
    const { notices, gaps } = composeNotices(
      [
        due('CASE-1', { kind: 'escalation', step: 1 }, ['SM']),
        due('CASE-2', { kind: 'escalation', step: 1 }, ['SM']),
        due('CASE-3', { kind: 'due-today' }, [], { allocation: null }),
      ],
      book,
      run,
    );
    expect(gaps.map((g) => g.kind)).toEqual(['vacant-level', 'unallocated']);
    expect(
      emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => `${l.caseId} as ${l.as}`)]),
    ).toEqual([
      ['SW-1', ['CASE-1 as worker', 'CASE-2 as worker']],
      ['HOS-1', ['CASE-1 as SM', 'CASE-2 as SM']],
      ['TM-1', ['CASE-3 as worker']],
    ]);
  });

  it('tells a person standing in for two posts once, in the higher capacity', () => {
    const oneManager: AddressBook = {
      ...book,
      managerAt: () => ({ recipient: member('TM-1', 'TM'), gaps: [] }),
    };
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'escalation', step: 0 }, ['ATM', 'TM'])],
      oneManager,
      run,
    );
    expect(emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => l.as)])).toEqual([
      ['SW-1', ['worker']],
      ['TM-1', ['TM']],
    ]);
  });

  it('tells whoever was told of a deadline that it was resolved, in their digest, and no team channel', () => {
    const resolved = due('CASE-1', { kind: 'resolved' }, [], {
      toldBefore: [
        { staffId: 'SW-1', as: 'worker' },
        { staffId: 'TM-1', as: 'TM' },
        { staffId: 'SW-LEFT', as: 'worker' },
      ],
    });
    resolved.stored.deadline = { ...resolved.stored.deadline, status: 'met-late', metAt: '2026-12-19' };
    const { notices } = composeNotices([resolved], book, run);
    expect(notices.map((n) => [n.key, n.lines.map((l) => [l.stageKey, l.as, l.resolution])])).toEqual([
      ['digest|SW-1|2026-12-21', [['resolved', 'worker', { status: 'met-late', at: '2026-12-19' }]]],
      ['digest|TM-1|2026-12-21', [['resolved', 'TM', { status: 'met-late', at: '2026-12-19' }]]],
    ]);
  });

  it('names the allocated worker and who must act, and says why it is due without the stale standing', () => {
    const { notices } = composeNotices([due('CASE-1', { kind: 'escalation', step: 0 }, ['TM'])], book, run);
    const line = emails(notices).find((e) => e.recipient.staffId === 'TM-1')?.lines[0];
    expect(line).toMatchObject({
      workerId: 'SW-1',
      workerName: 'Synthetic SW-1',
      owner: 'worker',
      actorName: 'Synthetic SW-1',
      action: 'Visit and see the child',
      escalatedTo: ['TM'],
      why: '10 working days after the visit on Fri 4 Dec 2026',
    });
  });

  it("sends a manager's task to the manager at its owner's level from the first reminder, not to the worker", () => {
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'reminder', lead: { amount: 5, unit: 'working-days' } }, [], { owner: 'ATM' })],
      book,
      run,
    );
    expect(
      emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => [l.as, l.actorName])]),
    ).toEqual([['ATM-1', [['ATM', 'Synthetic ATM-1']]]]);
  });

  it("tells the worker from the day a manager's task is due that it waits on their manager, keyed apart from the manager's line", () => {
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'due-today' }, [], { owner: 'ATM' })],
      book,
      run,
    );
    expect(emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => `${l.as} ${l.key}`)])).toEqual(
      [
        ['SW-1', ['worker CASE-1|cp.visit|1|due-today|SW-1']],
        ['ATM-1', ['ATM CASE-1|cp.visit|1|due-today|ATM-1']],
      ],
    );
  });

  it("escalates a manager's overdue task to the ladder's levels above the owner, the owner told as the one to act", () => {
    // The plan leaves out the ladder's levels at or below the owner: ATM owns it, so the step names TM.
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'escalation', step: 0 }, ['TM'], { owner: 'ATM' })],
      book,
      run,
    );
    expect(emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => l.as)])).toEqual([
      ['SW-1', ['worker']],
      ['TM-1', ['TM']],
      ['ATM-1', ['ATM']],
    ]);
    expect(cards(notices).map((c) => c.lines.map((l) => [l.owner, l.as]))).toEqual([[['ATM', 'TM']]]);
  });

  it('tells someone standing in for both the owner and a ladder level once, as the one who must act', () => {
    const oneManager: AddressBook = {
      ...book,
      managerAt: () => ({ recipient: member('TM-1', 'TM'), gaps: [] }),
    };
    const { notices } = composeNotices(
      [due('CASE-1', { kind: 'escalation', step: 0 }, ['TM'], { owner: 'ATM' })],
      oneManager,
      run,
    );
    expect(emails(notices).map((e) => [e.recipient.staffId, e.lines.map((l) => l.as)])).toEqual([
      ['SW-1', ['worker']],
      ['TM-1', ['ATM']],
    ]);
  });

  it('names a worker missing from the directory by nobody, and an unallocated case by no worker', () => {
    const { notices } = composeNotices(
      [
        due('CASE-1', { kind: 'due-today' }, [], { allocation: allocated('SW-GONE') }),
        due('CASE-2', { kind: 'due-today' }, [], { allocation: null }),
      ],
      book,
      run,
    );
    expect(emails(notices).flatMap((e) => e.lines.map((l) => [l.caseId, l.workerId, l.workerName]))).toEqual([
      ['CASE-1', 'SW-GONE', null],
      ['CASE-2', null, null],
    ]);
  });

  it('composes the same messages with the same keys when a run is retried', () => {
    const input = [due('CASE-1', { kind: 'escalation', step: 0 }, ['ATM'])];
    expect(composeNotices(input, book, run)).toEqual(composeNotices(input, book, run));
  });
});
