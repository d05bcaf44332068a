/**
 * Rules changed, deployed and rebuilt (`los rebuild`): a deadline the new rules no longer compute is
 * taken out of the projection, so no run tells anyone it was resolved, though its worker was told of
 * it; a deadline still computed and met is told as resolved, as before.
 */

import { describe, expect, it } from 'vitest';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryNoticeLedger,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
} from '../../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../../functions/adapters/memory/tracker-index.ts';
import type { Profile } from '../../functions/core/engine/index.ts';
import type { LineNotice } from '../../functions/core/notices/message.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { buildProfile, builtInProfile } from '../../functions/core/rules/load.ts';
import { DEFAULT_LEASE_SECONDS, deliverNotice } from '../../functions/delivery/deliver.ts';
import { type IngestContext, ingestBatch } from '../../functions/ingest/ingest.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { runSchedule } from '../../functions/runs/due-run.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

/** One case, its events, the stores, and a run that delivers what it sends through the ledger. */
async function setup() {
  const stores = {
    events: new MemoryCaseEventStore(),
    deadlines: new MemoryDeadlineStore(),
    trackers: new MemoryTrackerIndex(),
    timeliness: new MemoryTimelinessStore(),
    quarantine: new MemoryQuarantineStore(),
    marks: new MemoryRecomputeMarks(),
    ledger: new MemoryNoticeLedger(),
    directory: new MemoryDirectoryStore(),
  };
  await stores.directory.replace(SMALL_DIRECTORY);
  const context = (profile: Profile, now: string): IngestContext => ({
    ...stores,
    profile,
    timing: defaultNoticeTiming(profile),
    now: () => Date.parse(now),
  });
  const defaults = builtInProfile('default');
  await ingestBatch(
    [
      {
        id: 'R-1',
        type: 'case.allocated',
        caseId: 'CASE-R',
        occurredAt: '2026-12-01',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      { id: 'R-2', type: 'cp_plan.started', caseId: 'CASE-R', occurredAt: '2026-12-04', data: {} },
    ],
    'test',
    context(defaults, '2026-12-04T12:00:00Z'),
  );
  const delivered: LineNotice[] = [];
  const run = async (profile: Profile, asOf: string) =>
    runSchedule(Date.parse(asOf), 'morning', {
      ...stores,
      profile,
      timing: defaultNoticeTiming(profile),
      notices: {
        send: async (notices) => {
          for (const notice of notices) {
            await deliverNotice(notice, {
              ledger: stores.ledger,
              email: { send: async () => 'message-id' },
              teams: { post: async () => {} },
              render: {
                caseLinkTemplate: 'https://cases.council.example/{caseId}',
                calendar: profile.calendar,
                showInitials: false,
              },
              now: () => Date.parse(asOf),
              leaseSeconds: DEFAULT_LEASE_SECONDS,
            });
            delivered.push(notice as LineNotice);
          }
        },
      },
    });
  /** The cp.visit lines delivered: stage and recipient. */
  const visitLines = () =>
    delivered.flatMap((notice) =>
      notice.lines
        .filter((line) => line.rule === 'cp.visit')
        .map(
          (line) =>
            `${line.stageKey}|${notice.channel === 'email' ? notice.recipient.staffId : notice.teamId}`,
        ),
    );
  return { stores, context, defaults, run, visitLines };
}

describe('a rule change, rebuilt', () => {
  it('closes quietly a deadline the new rules no longer compute: nobody is told it was resolved', async () => {
    const { stores, context, defaults, run, visitLines } = await setup();
    await run(defaults, '2026-12-11T07:00:00Z');
    expect(visitLines()).toEqual(['reminder-5-working-days|SW-1']);
    expect((await stores.ledger.noticesOf('CASE-R')).map((record) => record.state)).toEqual(['sent']);

    // The council's profile stops checking child protection visits (a local standard, so it may), with
    // the rules that follow their breaches.
    const followers = defaults.rules.filter((rule) =>
      rule.definition.start.some((start) => 'breachOf' in start && start.breachOf === 'cp.visit'),
    );
    const off = { enabled: false, reason: 'a test of a rule taken out' };
    const changed = buildProfile({
      name: 'no-cp-visit-rule',
      overrides: Object.fromEntries(['cp.visit', ...followers.map((rule) => rule.id)].map((id) => [id, off])),
    });
    const summary = await rebuildAll(context(changed, '2026-12-14T09:00:00Z'));
    expect(summary.cases).toBe(1);
    const rules = (await stores.deadlines.deadlinesOf('CASE-R')).map((stored) => stored.deadline.rule);
    expect(rules).not.toContain('cp.visit');

    // The mornings after, and the day the old deadline would have been breached: nothing about it.
    for (const asOf of ['2026-12-15T07:00:00Z', '2026-12-18T07:00:00Z', '2026-12-21T07:00:00Z']) {
      await run(changed, asOf);
    }
    expect(visitLines()).toEqual(['reminder-5-working-days|SW-1']);
  });

  it('still tells those told of a deadline that it was resolved when it is met', async () => {
    const { stores, context, defaults, run, visitLines } = await setup();
    await run(defaults, '2026-12-11T07:00:00Z');
    // The visit is recorded, and the same rules rebuilt: the deadline is still computed, now met.
    await ingestBatch(
      [
        {
          id: 'R-3',
          type: 'visit.completed',
          caseId: 'CASE-R',
          occurredAt: '2026-12-14',
          data: { visitType: 'cp', childSeen: true },
        },
      ],
      'test',
      context(defaults, '2026-12-14T16:00:00Z'),
    );
    await rebuildAll(context(defaults, '2026-12-14T17:00:00Z'));
    await run(defaults, '2026-12-15T07:00:00Z');
    expect(visitLines()).toEqual(['reminder-5-working-days|SW-1', 'resolved|SW-1']);
    const visit = (await stores.deadlines.deadlinesOf('CASE-R')).find(
      (stored) => stored.deadline.rule === 'cp.visit' && stored.deadline.occurrence === 1,
    );
    expect(visit?.deadline.status).toBe('met');
  });
});
