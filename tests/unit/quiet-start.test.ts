/**
 * The quiet start (`los:sending` paused): the runs work out what they would send and hold it in the
 * outbox, send nothing and move no deadline on; the first live morning then sends only what is current,
 * today's reminders and the latest escalation step of each open breach, and what was held blocks
 * nothing. Without Teams, no card is made and no channel is a gap.
 */

import { describe, expect, it } from 'vitest';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryNoticeLedger,
  MemoryNoticeOutbox,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
  MemoryWeeklyRunLog,
} from '../../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import type { LineNotice, Notice } from '../../functions/core/notices/message.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { type RunKind, runSchedule } from '../../functions/runs/due-run.ts';
import { runWeekly } from '../../functions/runs/weekly-run.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const profile = builtInProfile('default');
const timing = defaultNoticeTiming(profile);

const allocated = (caseId: string) => ({
  id: `${caseId}-0`,
  type: 'case.allocated',
  caseId,
  occurredAt: '2026-10-01',
  data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
});
const planStarted = (caseId: string, occurredAt: string) => ({
  id: `${caseId}-1`,
  type: 'cp_plan.started',
  caseId,
  occurredAt,
  data: {},
});

/**
 * A council whose backlog is loaded on Fri 4 Dec 2026: CASE-D's plan started in October (long in
 * breach), CASE-B's on 20 Nov (in breach from the week after), CASE-A's on 4 Dec (a reminder on Fri 11
 * Dec). CASE-C's plan starts on Mon 7 Dec, while sending is paused (a reminder on Mon 14 Dec).
 */
async function council(directoryData: DirectoryData = SMALL_DIRECTORY) {
  const deadlines = new MemoryDeadlineStore();
  const directory = new MemoryDirectoryStore();
  await directory.replace(directoryData);
  const events = new MemoryCaseEventStore();
  const marks = new MemoryRecomputeMarks();
  const ledger = new MemoryNoticeLedger();
  const outbox = new MemoryNoticeOutbox();
  const weeklyRuns = new MemoryWeeklyRunLog();
  const ingestAt = (now: string, items: unknown[]) =>
    ingestBatch(items, 'test', {
      events,
      deadlines,
      trackers: new MemoryTrackerIndex(),
      timeliness: new MemoryTimelinessStore(),
      quarantine: new MemoryQuarantineStore(),
      marks,
      profile,
      timing,
      now: () => Date.parse(now),
    });
  await ingestAt('2026-12-04T18:00:00Z', [
    allocated('CASE-A'),
    planStarted('CASE-A', '2026-12-04'),
    allocated('CASE-B'),
    planStarted('CASE-B', '2026-11-20'),
    allocated('CASE-D'),
    planStarted('CASE-D', '2026-10-05'),
  ]);
  const sent: Notice[] = [];
  const context = (paused: boolean) => ({
    deadlines,
    directory,
    ledger,
    marks,
    weeklyRuns,
    profile,
    timing,
    notices: { send: async (notices: readonly Notice[]) => void sent.push(...notices) },
    ...(paused && { holdIn: outbox }),
  });
  const run = (asOf: string, kind: RunKind, paused: boolean) =>
    runSchedule(Date.parse(asOf), kind, context(paused));
  return { run, ingestAt, sent, ledger, outbox, context };
}

/** Each line of the messages, as `<channel> <case>|<rule>|<occurrence>|<stage>|<recipient>`. */
const linesOf = (notices: readonly Notice[]) =>
  notices
    .filter((notice): notice is LineNotice => notice.kind !== 'weekly')
    .flatMap((notice) => notice.lines.map((line) => `${notice.channel} ${line.key}`))
    .sort();

describe('a quiet start', () => {
  it('holds a paused week, then sends only today’s reminders and the latest step of each open breach', async () => {
    const { run, ingestAt, sent, ledger, outbox } = await council();
    for (const day of ['07', '08', '09', '10', '11']) {
      const morning = await run(`2026-12-${day}T07:00:00Z`, 'morning', true);
      expect(morning).toMatchObject({ sending: 'paused', dayScale: true });
      expect(morning.lines).toBeGreaterThan(0);
      if (day === '07') {
        await ingestAt('2026-12-07T18:00:00Z', [allocated('CASE-C'), planStarted('CASE-C', '2026-12-07')]);
      }
      await run(`2026-12-${day}T12:30:00Z`, 'hourly', true);
    }
    // Nothing was sent, nothing claimed: the ledger holds nothing a live run would find taken.
    expect(sent).toEqual([]);
    expect(ledger.entries.size).toBe(0);
    // What each morning would have sent is in the outbox, by day, ids only.
    const friday = await outbox.heldOn('2026-12-11');
    expect(friday.map((line) => line.key)).toContain('CASE-A|cp.visit|1|reminder-5-working-days|SW-1');
    expect(friday.find((line) => line.key === 'CASE-A|cp.visit|1|reminder-5-working-days|SW-1')).toEqual({
      key: 'CASE-A|cp.visit|1|reminder-5-working-days|SW-1',
      message: 'digest|SW-1|2026-12-11',
      kind: 'digest',
      channel: 'email',
      recipient: 'SW-1',
      caseId: 'CASE-A',
      rule: 'cp.visit',
      stageKey: 'reminder-5-working-days',
      as: 'worker',
      due: '2026-12-18',
      day: '2026-12-11',
      heldAt: '2026-12-11T07:00:00.000Z',
    });
    const thursday = (await outbox.heldOn('2026-12-10')).map((line) => line.key);
    expect(thursday).toContain('CASE-B|oversight.visit-out-of-timescale|1|escalation-1|SM-1');

    // Sending goes live on Monday 14 December.
    const monday = await run('2026-12-14T07:00:00Z', 'morning', false);
    expect(monday.sending).toBe('live');
    expect(linesOf(sent)).toEqual(
      [
        // Today's reminder, of the plan started while paused.
        'email CASE-C|cp.visit|1|reminder-5-working-days|SW-1',
        // Breaches: the latest step each has reached, whether today (CASE-B's repeat, CASE-D's
        // supervision) or while paused (CASE-B's oversight on Thursday, CASE-D's bedroom on Tuesday).
        'email CASE-B|cp.visit|1|repeat-1|SW-1',
        'email CASE-B|cp.visit|1|repeat-1|ATM-1',
        'email CASE-B|cp.visit|1|repeat-1|TM-1',
        'teams CASE-B|cp.visit|1|repeat-1|team:team-north-1',
        'email CASE-B|oversight.visit-out-of-timescale|1|escalation-1|SW-1',
        'email CASE-B|oversight.visit-out-of-timescale|1|escalation-1|TM-1',
        'email CASE-B|oversight.visit-out-of-timescale|1|escalation-1|SM-1',
        'teams CASE-B|oversight.visit-out-of-timescale|1|escalation-1|team:team-north-1',
        'email CASE-D|cp.bedroom-seen|1|repeat-2|SW-1',
        'email CASE-D|cp.bedroom-seen|1|repeat-2|SM-1',
        'teams CASE-D|cp.bedroom-seen|1|repeat-2|team:team-north-1',
        'email CASE-D|cp.supervision|1|escalation-1|SW-1',
        'email CASE-D|cp.supervision|1|escalation-1|ATM-1',
        'email CASE-D|cp.supervision|1|escalation-1|SM-1',
        'teams CASE-D|cp.supervision|1|escalation-1|team:team-north-1',
      ].sort(),
    );
    // Not the paused days' reminders, due-todays and earlier steps, though each was held.
    const stale = [
      'CASE-A|cp.visit|1|reminder-5-working-days|SW-1',
      'CASE-B|cp.visit|1|escalation-0|TM-1',
      'CASE-B|oversight.visit-out-of-timescale|1|due-today|TM-1',
      'CASE-D|cp.supervision|1|due-today|ATM-1',
    ];
    for (const key of stale) expect(linesOf(sent).some((line) => line.endsWith(key))).toBe(false);

    // What Monday sent was dealt with as any live run's: the next morning repeats none of it.
    const before = sent.length;
    await run('2026-12-15T07:00:00Z', 'morning', false);
    const tuesday = linesOf(sent.slice(before));
    for (const line of linesOf(sent.slice(0, before))) expect(tuesday).not.toContain(line);
  });

  it('holds the weekly summaries while paused, and the week is done', async () => {
    const { outbox, sent, context } = await council();
    const summary = await runWeekly(Date.parse('2026-12-07T07:15:00Z'), context(true));
    expect(summary).toMatchObject({ sending: 'paused', week: { start: '2026-11-30' } });
    expect(summary.emails).toBeGreaterThan(0);
    expect(sent).toEqual([]);
    const held = await outbox.heldOn('2026-12-07');
    expect(held).toHaveLength(summary.emails);
    expect(held[0]).toMatchObject({ kind: 'weekly', channel: 'email', caseId: null, rule: null });
    // Live later that day, the week is done: its summaries are not sent.
    expect(await runWeekly(Date.parse('2026-12-07T09:00:00Z'), context(false))).toMatchObject({
      alreadyDone: true,
    });
    expect(sent).toEqual([]);
  });

  it('makes no Teams cards and reports no team without a channel as a gap, without Teams', async () => {
    const noChannels: DirectoryData = {
      ...SMALL_DIRECTORY,
      teams: SMALL_DIRECTORY.teams.map((team) => ({ ...team, teamsChannel: null })),
    };
    const withTeams = await council(noChannels);
    const configured = await withTeams.run('2026-12-07T07:00:00Z', 'morning', false);
    expect(configured.gaps.map((gap) => gap.kind)).toContain('no-channel');

    const { sent, context } = await council();
    const summary = await runSchedule(Date.parse('2026-12-07T07:00:00Z'), 'morning', {
      ...context(false),
      teamsCards: false,
    });
    expect(summary.emails).toBeGreaterThan(0);
    expect(summary.cards).toBe(0);
    expect(sent.filter((notice) => notice.channel === 'teams')).toEqual([]);

    const withoutTeams = await council(noChannels);
    const unconfigured = await runSchedule(Date.parse('2026-12-07T07:00:00Z'), 'morning', {
      ...withoutTeams.context(false),
      teamsCards: false,
    });
    expect(unconfigured.gaps.filter((gap) => gap.kind === 'no-channel')).toEqual([]);
  });
});
