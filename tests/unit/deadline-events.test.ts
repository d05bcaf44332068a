/**
 * The pipeline's own deadline events: what a scheduled run publishes (a breach, a later escalation
 * step, a deadline met after its breach), what the notifier publishes (each notice sent, once the
 * ledger holds it), their shape (references and ids only, under the ledger's keys), and that a
 * publisher failing never fails a run or a delivery nor makes either send again.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DeadlineEvent, deadlineEventSchema } from '../../events/index.ts';
import { MemoryDeadlineEventPublisher } from '../../functions/adapters/memory/deadline-events.ts';
import { MemoryNoticeLedger } from '../../functions/adapters/memory/stores.ts';
import {
  type EpochMs,
  englandAndWalesCalendar,
  formatIsoDate,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';
import type { DueNotice } from '../../functions/core/notices/compose.ts';
import { noticeSentEvents, runDeadlineEvents } from '../../functions/core/notices/deadline-events.ts';
import type { LineNotice } from '../../functions/core/notices/message.ts';
import {
  type DeadlineEventPublisher,
  publishBestEffort,
  type StoredDeadline,
} from '../../functions/core/ports.ts';
import { type DeliveryContext, deliverNotice } from '../../functions/delivery/deliver.ts';
import { runSchedule } from '../../functions/runs/due-run.ts';
import { FileDeadlineEventPublisher } from '../../local/deadline-event-file.ts';
import { childProtectionCase as childProtectionStores } from '../support/child-protection-case.ts';
import { breach, emailNotice, noticeLine, renderSettings } from '../support/notice-lines.ts';

/** A publisher that always fails, as EventBridge throttling past every retry would. */
const failing: DeadlineEventPublisher = {
  publish: async () => {
    throw new Error('ThrottlingException');
  },
};

/** A due notice on a child protection visit due on `due`, at `stage`, planned for `at`. */
function dueNotice(
  stage: DueNotice['notice']['stage'],
  key: string,
  levels: DueNotice['notice']['levels'],
  status = 'overdue',
): DueNotice {
  const stored = {
    caseId: 'CASE-1002',
    deadline: { rule: 'cp.visit', occurrence: 3, due: '2026-12-10', status },
    nextActionAt: null,
    allocation: null,
  } as unknown as StoredDeadline;
  return {
    stored,
    rule: {
      id: 'cp.visit',
      title: 'Child protection visit',
      action: 'Visit and see the child',
      source: [],
      owner: 'worker',
    },
    notice: { at: Date.parse('2026-12-11T07:00:00Z'), urgent: false, stage, key, levels },
    hourScale: false,
    toldBefore: [],
  };
}

describe('the deadline events of a run', () => {
  it('announce a breach, a later escalation step and a deadline met after its due date, each under its ledger key', () => {
    const events = runDeadlineEvents([
      dueNotice({ kind: 'escalation', step: 0 }, 'escalation-0', ['ATM', 'TM']),
      dueNotice({ kind: 'escalation', step: 1 }, 'escalation-1', ['SM']),
      dueNotice({ kind: 'resolved' }, 'resolved', [], 'met-late'),
    ]);
    expect(events).toEqual([
      {
        detailType: 'deadline.breached',
        detail: {
          id: 'CASE-1002|cp.visit|3|escalation-0',
          caseId: 'CASE-1002',
          rule: 'cp.visit',
          occurrence: 3,
          due: '2026-12-10',
          stage: 'escalation-0',
          level: 'TM',
          time: '2026-12-11T07:00:00.000Z',
        },
      },
      expect.objectContaining({
        detailType: 'deadline.escalated',
        detail: expect.objectContaining({ id: 'CASE-1002|cp.visit|3|escalation-1', level: 'SM' }),
      }),
      expect.objectContaining({
        detailType: 'deadline.met-after-breach',
        detail: expect.objectContaining({
          id: 'CASE-1002|cp.visit|3|resolved',
          stage: 'resolved',
          level: null,
        }),
      }),
    ]);
  });

  it('announce nothing of reminders, due today, repeats, or a deadline met in time or cancelled', () => {
    expect(
      runDeadlineEvents([
        dueNotice(
          { kind: 'reminder', lead: { amount: 5, unit: 'working-days' } },
          'reminder-5-working-days',
          [],
        ),
        dueNotice({ kind: 'due-today' }, 'due-today', []),
        dueNotice({ kind: 'repeat', number: 1 }, 'repeat-1', ['SM']),
        dueNotice({ kind: 'resolved' }, 'resolved', [], 'met'),
        dueNotice({ kind: 'resolved' }, 'resolved', [], 'cancelled'),
      ]),
    ).toEqual([]);
  });
});

describe('the notice.sent events of a delivery', () => {
  it('announce each line sent under its ledger key, with the level it was told as, and never a name', () => {
    const lines = [noticeLine(), breach('2026-11-19', 1, { caseId: 'CASE-1002', as: 'TM' }, 'TM-1')];
    const events = noticeSentEvents(lines, '2026-11-23T07:00:05.000Z');
    expect(
      events.map(({ detailType, detail }) => [detailType, detail.id, detail.stage, detail.level]),
    ).toEqual([
      ['notice.sent', 'CASE-1001|cp.visit|1|due-today|W-101', 'due-today', null],
      ['notice.sent', 'CASE-1002|cp.visit|1|escalation-0|TM-1', 'escalation-0', 'TM'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Sam Example|@|Visit and see/);
  });

  it('are what the published schema describes, once in the envelope a rule’s target receives', () => {
    const [event] = noticeSentEvents([noticeLine()], '2026-11-23T07:00:05.123Z');
    const file = join(mkdtempSync(join(tmpdir(), 'los-deadline-events-')), 'events.ndjson');
    return new FileDeadlineEventPublisher(file).publish([event as DeadlineEvent]).then((failed) => {
      expect(failed).toBe(0);
      const [line] = readFileSync(file, 'utf8').trimEnd().split('\n');
      const parsed = deadlineEventSchema.parse(JSON.parse(line as string));
      expect(parsed).toMatchObject({
        source: 'line-of-sight',
        'detail-type': 'notice.sent',
        time: '2026-11-23T07:00:05Z',
        detail: event?.detail,
      });
    });
  });
});

describe('publishing best effort', () => {
  it('counts every event a failing publisher could not take, without throwing, and publishes nothing without a publisher', async () => {
    const events = noticeSentEvents(
      [noticeLine(), noticeLine({ caseId: 'CASE-1003' })],
      '2026-11-23T07:00:05.000Z',
    );
    await expect(publishBestEffort(failing, events)).resolves.toBe(2);
    await expect(publishBestEffort(undefined, events)).resolves.toBe(0);
  });
});

/** A case under a child protection plan from 4 Dec 2026, allocated to SW-1, over memory stores. */
async function childProtectionCase() {
  const { ingestAt, deadlines, runContext } = await childProtectionStores();
  const handedOn: LineNotice[] = [];
  const run = (asOf: EpochMs, deadlineEvents: DeadlineEventPublisher) =>
    runSchedule(asOf, 'morning', {
      ...runContext(),
      notices: { send: async (notices) => void handedOn.push(...notices) },
      deadlineEvents,
    });
  return { run, ingestAt, handedOn, deadlines };
}

/** 07:00 London time on each working day from `from` to `to`. */
function mornings(from: string, to: string): EpochMs[] {
  const days: EpochMs[] = [];
  for (let day = parseIsoDate(from); day <= parseIsoDate(to); day++) {
    if (englandAndWalesCalendar.isWorkingDay(day)) days.push(Date.parse(`${formatIsoDate(day)}T07:00:00Z`));
  }
  return days;
}

describe('a scheduled run', () => {
  it('publishes the breaches and escalation steps it hands on, and a deadline met after its breach once it is resolved', async () => {
    const { run, ingestAt } = await childProtectionCase();
    const published = new MemoryDeadlineEventPublisher();
    for (const morning of mornings('2026-12-11', '2026-12-31')) await run(morning, published);
    const breached = published.events.find(
      (e) => e.detailType === 'deadline.breached' && e.detail.rule === 'cp.visit',
    );
    expect(breached?.detail).toMatchObject({
      caseId: 'CASE-S',
      occurrence: 1,
      stage: 'escalation-0',
      level: 'TM',
    });
    // The visit out of timescale calls for a team manager's oversight: its breach is theirs (no level
    // above), and its next step climbs to a service manager.
    expect(
      published.events
        .filter((e) => e.detail.rule === 'oversight.visit-out-of-timescale')
        .map((e) => [e.detailType, e.detail.stage, e.detail.level]),
    ).toEqual([
      ['deadline.breached', 'escalation-0', null],
      ['deadline.escalated', 'escalation-1', 'SM'],
    ]);

    // The visit is made late; the next working morning says it is done.
    await ingestAt('2027-01-04T12:00:00Z', [
      {
        id: 'S-2',
        type: 'visit.completed',
        caseId: 'CASE-S',
        occurredAt: '2027-01-04',
        data: { visitType: 'cp', childSeen: true, seenAlone: true, bedroomSeen: true },
      },
    ]);
    for (const morning of mornings('2027-01-05', '2027-01-05')) await run(morning, published);
    expect(
      published.events.filter((e) => e.detailType === 'deadline.met-after-breach').map((e) => e.detail.id),
    ).toEqual([`CASE-S|cp.visit|1|resolved`]);
    for (const event of published.events) {
      expect(deadlineEventSchema.shape.detail.parse(event.detail)).toEqual(event.detail);
    }
  });

  it('publishes the same events again, under the same ids, when a run that stopped short is done again', async () => {
    const { run, deadlines } = await childProtectionCase();
    for (const morning of mornings('2026-12-11', '2026-12-18'))
      await run(morning, new MemoryDeadlineEventPublisher());
    const [breachMorning] = mornings('2026-12-21', '2026-12-21') as [EpochMs];
    // The first attempt hands its notices on and publishes, but cannot move the deadlines on.
    const setNextAction = deadlines.setNextAction.bind(deadlines);
    deadlines.setNextAction = async () => {
      throw new Error('table unavailable');
    };
    const first = new MemoryDeadlineEventPublisher();
    expect((await run(breachMorning, first)).unmoved).toBeGreaterThan(0);
    deadlines.setNextAction = setNextAction;
    const second = new MemoryDeadlineEventPublisher();
    await run(breachMorning, second);
    expect(first.events.map((e) => e.detailType)).toContain('deadline.breached');
    expect(second.events).toEqual(first.events);
  });

  it('still hands its notices on and moves on when the events cannot be published, and counts them', async () => {
    const { run, handedOn } = await childProtectionCase();
    for (const morning of mornings('2026-12-11', '2026-12-18'))
      await run(morning, new MemoryDeadlineEventPublisher());
    const [breachMorning] = mornings('2026-12-21', '2026-12-21') as [EpochMs];
    const before = handedOn.length;
    const summary = await run(breachMorning, failing);
    expect(summary.deadlineEventsNotPublished).toBeGreaterThan(0);
    expect(handedOn.length).toBeGreaterThan(before);
    // Moved on: the same morning run again finds nothing more to hand on, nor to publish.
    const published = new MemoryDeadlineEventPublisher();
    const rerun = await run(breachMorning, published);
    expect([rerun.due, published.events]).toEqual([0, []]);
  });
});

describe('a delivery', () => {
  const delivery = (deadlineEvents: DeadlineEventPublisher | undefined, failSend = false) => {
    const ledger = new MemoryNoticeLedger();
    let clock = Date.parse('2026-11-23T07:00:00Z');
    const context: DeliveryContext = {
      ledger,
      email: {
        send: async () => {
          if (failSend) throw new Error('SES unavailable');
          return 'ses-1';
        },
      },
      teams: { post: async () => undefined },
      render: renderSettings,
      now: () => (clock += 1_000),
      leaseSeconds: 300,
      ...(deadlineEvents && { deadlineEvents }),
    };
    return { context, ledger };
  };

  it('publishes a notice.sent for each line it sent, after the ledger marked it, and none for lines already sent', async () => {
    const published = new MemoryDeadlineEventPublisher();
    const { context, ledger } = delivery(published);
    const marked: string[] = [];
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = async (notice, at, id) => {
      marked.push(notice.key);
      expect(published.events.map((e) => e.detail.id)).not.toContain(notice.key);
      return markSent(notice, at, id);
    };
    const message = emailNotice([noticeLine(), breach('2026-11-19', 1, { caseId: 'CASE-1002' })]);
    const outcome = await deliverNotice(message, context);
    expect(published.events.map((e) => e.detail.id)).toEqual(message.lines.map((line) => line.key));
    expect(marked).toEqual(message.lines.map((line) => line.key));
    expect(outcome.deadlineEventsNotPublished).toBe(0);
    expect(published.events[0]?.detail.time).toBe((await ledger.noticesOf('CASE-1001'))[0]?.sentAt);

    await deliverNotice(message, context);
    expect(published.events).toHaveLength(2);
  });

  it('publishes nothing for a send that failed', async () => {
    const published = new MemoryDeadlineEventPublisher();
    const { context } = delivery(published, true);
    await expect(deliverNotice(emailNotice([noticeLine()]), context)).rejects.toThrow('SES unavailable');
    expect(published.events).toEqual([]);
  });

  it('counts what it could not publish, and still reports the message sent, so it is not sent again', async () => {
    const { context, ledger } = delivery(failing);
    const outcome = await deliverNotice(emailNotice([noticeLine()]), context);
    expect(outcome).toMatchObject({ sent: true, lines: 1, deadlineEventsNotPublished: 1 });
    expect((await ledger.noticesOf('CASE-1001')).map((record) => record.state)).toEqual(['sent']);
  });
});
