/** A scheduled run over in-memory stores: what it reads, what it asks to be sent, and that a repeat sends nothing new. */
import { describe, expect, it } from 'vitest';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryQuarantineStore,
} from '../../functions/adapters/memory/stores.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/schedule.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { type NoticeIntent, runSchedule } from '../../functions/schedule/run.ts';
import { builtInProfile } from '../../rules/load.ts';

async function setup() {
  const profile = builtInProfile('default');
  const deadlines = new MemoryDeadlineStore();
  const sent: NoticeIntent[] = [];
  const timing = defaultNoticeTiming(profile);
  const ingestAt = (now: string) => ({
    events: new MemoryCaseEventStore(),
    deadlines,
    quarantine: new MemoryQuarantineStore(),
    profile,
    timing,
    now: () => Date.parse(now),
  });
  await ingestBatch(
    [{ id: 'S-1', type: 'cp_plan.started', caseId: 'CASE-S', occurredAt: '2026-12-04', data: {} }],
    'test',
    ingestAt('2026-12-04T12:00:00Z'),
  );
  const run = (asOf: string) =>
    runSchedule(Date.parse(asOf), {
      deadlines,
      profile,
      timing,
      intents: { send: async (i) => void sent.push(...i) },
    });
  return { run, sent };
}

describe('a scheduled run', () => {
  it('sends the 5-working-day reminder for a child protection visit on its morning', async () => {
    const { run, sent } = await setup();
    await run('2026-12-11T07:00:00Z');
    expect(sent.filter((i) => i.rule === 'cp.visit').map((i) => i.stageKey)).toEqual([
      'reminder-5-working-days',
    ]);
  });

  it('sends nothing new when run again at the same moment', async () => {
    const { run, sent } = await setup();
    await run('2026-12-11T07:00:00Z');
    const before = sent.length;
    const again = await run('2026-12-11T07:00:00Z');
    expect(again.intents).toBe(0);
    expect(sent.length).toBe(before);
  });

  it('after a gap, catches up with the latest escalation step only, to the managers the rule names', async () => {
    const { run, sent } = await setup();
    await run('2026-12-31T07:00:00Z');
    const visit = sent.filter((i) => i.rule === 'cp.visit');
    // Breach on Mon 21 Dec to the ATM and TM; the first repeat on Wed 30 Dec is the latest step by the 31st.
    expect(visit.map((i) => [i.stageKey, i.levels.join(' ')])).toEqual([['repeat-1', 'ATM TM']]);
  });

  it('reads only what is due', async () => {
    const { run } = await setup();
    const summary = await run('2026-12-05T07:00:00Z');
    expect(summary.read).toBeLessThan(5);
  });
});
