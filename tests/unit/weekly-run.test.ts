/**
 * The weekly run over in-memory stores, and its summaries through the queue's schema and the
 * notifier: sent on the first working day of a week only (the Tuesday after a bank holiday Monday),
 * reading every stored deadline, and each summary sent once however often it is handed on.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import {
  MemoryDeadlineStore,
  MemoryNoticeLedger,
  MemoryRecomputeMarks,
  MemoryWeeklyRunLog,
} from '../../functions/adapters/memory/stores.ts';
import { queueBodies } from '../../functions/adapters/sqs/notice-sink.ts';
import type { DeadlineJson } from '../../functions/core/engine/index.ts';
import type { WeeklyNotice } from '../../functions/core/notices/message.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { type OutgoingEmail, SendError, type StoredDeadline } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { type DeliveryContext, deliverNotice } from '../../functions/delivery/deliver.ts';
import { noticeIn } from '../../functions/handlers/notify-queue.ts';
import { runWeekly, weeklyRetryDue } from '../../functions/runs/weekly-run.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { renderSettings } from '../support/notice-lines.ts';

const profile = builtInProfile('default');

let occurrences = 0;
const deadline = (
  caseId: string,
  rule: string,
  fields: Pick<DeadlineJson, 'due' | 'status'> & Partial<DeadlineJson>,
): StoredDeadline => {
  occurrences += 1;
  return {
    caseId,
    deadline: {
      rule,
      title: `Title of ${rule}`,
      action: 'Do what the rule asks',
      category: 'test',
      occurrence: occurrences,
      anchor: { eventId: `E-${occurrences}`, type: 'visit.completed', occurredAt: '2026-01-01' },
      explain: 'Synthetic.',
      source: [{ document: 'practice-standards-2020', section: 'Synthetic', ref: '1' }],
      escalation: [],
      owner: 'worker',
      ...fields,
    },
    nextActionAt: null,
    allocation: { workerId: 'SW-1', teamId: 'team-north-1' },
  };
};

async function setup(deadlines: StoredDeadline[]) {
  const store = new MemoryDeadlineStore();
  for (const caseId of new Set(deadlines.map((d) => d.caseId))) {
    await store.replaceCase(
      caseId,
      1,
      deadlines.filter((d) => d.caseId === caseId),
    );
  }
  const all = vi.spyOn(store, 'all');
  const directory = new MemoryDirectoryStore();
  await directory.replace(SMALL_DIRECTORY);
  const sent: WeeklyNotice[] = [];
  const marks = new MemoryRecomputeMarks();
  const weeklyRuns = new MemoryWeeklyRunLog();
  const run = (asOf: string) =>
    runWeekly(Date.parse(asOf), {
      deadlines: store,
      directory,
      marks,
      weeklyRuns,
      profile,
      timing: defaultNoticeTiming(profile),
      notices: { send: async (notices) => void sent.push(...notices) },
    });
  return { run, sent, marks, weeklyRuns, scans: () => all.mock.calls.length };
}

describe('the weekly run', () => {
  it('on the first working day of the week, reads every deadline and sends the team and service managers their summaries', async () => {
    const { run, sent } = await setup([
      deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met', metAt: '2026-11-17' }),
      deadline('CASE-1', 'cp.visit', { due: '2026-11-30', status: 'upcoming' }),
      deadline('CASE-2', 'cin.review', { due: '2026-11-10', status: 'overdue' }),
      // A rule the profile no longer holds is not counted.
      deadline('CASE-2', 'retired.rule', { due: '2026-11-10', status: 'overdue' }),
    ]);
    const summary = await run('2026-11-23T07:15:00Z');
    expect(summary).toEqual({
      run: 'weekly',
      sending: 'live',
      week: { start: '2026-11-16', end: '2026-11-22' },
      read: 4,
      counted: 2,
      emails: 2,
      gaps: [],
      alreadyDone: false,
      awaitingRecompute: 0,
      late: 0,
    });
    expect(sent.map((notice) => notice.key)).toEqual(['weekly|SM-1|2026-11-16', 'weekly|TM-1|2026-11-16']);
    expect(sent[1]?.rows.map((row) => [row.rule, row.met, row.overdue])).toEqual([
      ['cin.review', 0, 1],
      ['cp.visit', 1, 0],
    ]);
  });

  it('does nothing, and reads nothing, on any other day', async () => {
    const { run, sent, scans } = await setup([
      deadline('CASE-1', 'cin.review', { due: '2026-11-10', status: 'overdue' }),
    ]);
    for (const asOf of ['2026-11-24T07:15:00Z', '2026-11-28T07:15:00Z']) {
      expect(await run(asOf)).toEqual({
        run: 'weekly',
        sending: 'live',
        week: null,
        read: 0,
        counted: 0,
        emails: 0,
        gaps: [],
        alreadyDone: false,
        awaitingRecompute: 0,
        late: 0,
      });
    }
    expect(scans()).toBe(0);
    expect(sent).toEqual([]);
  });

  it('sends the week once: a run after the week is done reads nothing', async () => {
    const { run, sent, scans } = await setup([
      deadline('CASE-1', 'cin.review', { due: '2026-11-10', status: 'overdue' }),
    ]);
    await run('2026-11-23T07:15:00Z');
    expect(await run('2026-11-23T08:30:00Z')).toMatchObject({ alreadyDone: true, read: 0, emails: 0 });
    expect(scans()).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it('waits while a case awaits its recompute, is tried again by the hourly runs, and is late after three hours', async () => {
    const { run, sent, marks, weeklyRuns, scans } = await setup([
      deadline('CASE-1', 'cin.review', { due: '2026-11-10', status: 'overdue' }),
    ]);
    const timing = defaultNoticeTiming(profile);
    const token = await marks.mark('CASE-1', '2026-11-23T07:14:00.000Z');
    expect(await run('2026-11-23T07:15:00Z')).toMatchObject({ awaitingRecompute: 1, late: 0, emails: 0 });
    expect(await weeklyRetryDue(Date.parse('2026-11-23T07:30:00Z'), { timing, weeklyRuns })).toBe(true);
    expect(await run('2026-11-23T10:30:00Z')).toMatchObject({ awaitingRecompute: 1, late: 1, emails: 0 });
    expect(scans()).toBe(0);
    expect(sent).toEqual([]);

    await marks.clear('CASE-1', token);
    expect(await run('2026-11-23T11:30:00Z')).toMatchObject({ awaitingRecompute: 0, emails: 2 });
    expect(await weeklyRetryDue(Date.parse('2026-11-23T12:30:00Z'), { timing, weeklyRuns })).toBe(false);
  });

  it('is tried again only when that day’s weekly run waited, and not on another day', async () => {
    const { weeklyRuns } = await setup([]);
    const timing = defaultNoticeTiming(profile);
    const due = (asOf: string) => weeklyRetryDue(Date.parse(asOf), { timing, weeklyRuns });
    expect(await due('2026-11-23T07:30:00Z')).toBe(false);
    await weeklyRuns.record('2026-11-16', 'waiting', '2026-11-23T07:15:00.000Z');
    expect(await due('2026-11-23T07:30:00Z')).toBe(true);
    expect(await due('2026-11-24T07:30:00Z')).toBe(false);
  });

  it('waits for the Tuesday after a bank holiday Monday', async () => {
    const { run, sent } = await setup([
      deadline('CASE-1', 'cin.review', { due: '2026-05-20', status: 'missed' }),
    ]);
    // Spring bank holiday, Monday 25 May 2026 (British Summer Time: 07:15 is 06:15 UTC).
    expect((await run('2026-05-25T06:15:00Z')).week).toBeNull();
    const tuesday = await run('2026-05-26T06:15:00Z');
    expect(tuesday.week).toEqual({ start: '2026-05-18', end: '2026-05-24' });
    expect(sent.map((notice) => [notice.key, notice.day])).toEqual([
      ['weekly|SM-1|2026-05-18', '2026-05-26'],
      ['weekly|TM-1|2026-05-18', '2026-05-26'],
    ]);
  });
});

describe('a weekly summary on its way to the inbox', async () => {
  const { run, sent } = await setup([
    deadline('CASE-1', 'cp.visit', { due: '2026-11-18', status: 'met-late', metAt: '2026-11-19' }),
    deadline('CASE-2', 'cin.review', { due: '2026-11-10', status: 'overdue' }),
  ]);
  await run('2026-11-23T07:15:00Z');
  const summary = sent.find((notice) => notice.recipient.staffId === 'TM-1') as WeeklyNotice;

  const delivery = (failures: SendError[] = []) => {
    const emails: OutgoingEmail[] = [];
    const context: DeliveryContext = {
      ledger: new MemoryNoticeLedger(),
      email: {
        send: async (email) => {
          const failure = failures.shift();
          if (failure) throw failure;
          emails.push(email);
          return `ses-${emails.length}`;
        },
      },
      teams: { post: async () => undefined },
      render: renderSettings,
      now: () => Date.parse('2026-11-23T07:16:00Z'),
      leaseSeconds: 300,
    };
    return { context, emails };
  };

  it('goes on the queue as one body, which the notifier reads back as the same notice', () => {
    const bodies = queueBodies(summary, 200);
    expect(bodies).toHaveLength(1);
    expect(noticeIn(bodies[0] as string)).toEqual(summary);
    expect(() => noticeIn(JSON.stringify({ ...summary, rows: [] }))).toThrow(/rows/);
  });

  it('is claimed whole and sent once, however often it arrives', async () => {
    const { context, emails } = delivery();
    expect(await deliverNotice(summary, context)).toMatchObject({
      key: 'weekly|TM-1|2026-11-16',
      sent: true,
      keys: ['weekly|TM-1|2026-11-16'],
      lines: 1,
      taken: 0,
    });
    expect(await deliverNotice(summary, context)).toMatchObject({ sent: false, taken: 1 });
    expect(emails.map((email) => [email.to, email.subject])).toEqual([
      ['tm-1@council.example', 'Line of Sight weekly summary: 1 deadline met late and 1 overdue now'],
    ]);
  });

  it('is marked failed when the send fails, and the retry sends it', async () => {
    const { context, emails } = delivery([new SendError('SES throttled', true)]);
    await expect(deliverNotice(summary, context)).rejects.toThrow('SES throttled');
    expect(await deliverNotice(summary, context)).toMatchObject({ sent: true });
    expect(emails).toHaveLength(1);
  });
});
