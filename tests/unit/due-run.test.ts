/**
 * A scheduled run over in-memory stores: what it reads, who it tells, what waits for a working
 * morning, and that a repeat or a retry sends nothing twice and loses nothing.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import type { EmailNotice, LineNotice } from '../../functions/core/notices/message.ts';
import { type RunKind, runSchedule } from '../../functions/runs/due-run.ts';
import { childProtectionCase } from '../support/child-protection-case.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

async function setup(options: { failSends?: number; allocated?: boolean; directory?: DirectoryData } = {}) {
  const { ingestAt, runContext } = await childProtectionCase(options);
  const sent: LineNotice[] = [];
  let failures = options.failSends ?? 0;
  const run = (asOf: string, kind: RunKind = 'morning') =>
    runSchedule(Date.parse(asOf), kind, {
      ...runContext(),
      notices: {
        send: async (notices) => {
          if (failures > 0) {
            failures--;
            throw new Error('queue unavailable');
          }
          sent.push(...notices);
        },
      },
    });
  const lines = (rule: string) =>
    sent.flatMap((n) =>
      n.lines
        .filter((l) => l.rule === rule)
        .map((l) => `${n.channel}:${l.key.split('|').slice(3).join('|')}`),
    );
  return { run, sent, lines, ingestAt };
}

describe('a scheduled run', () => {
  it('sends the 5-working-day reminder for a child protection visit to the allocated worker on its morning', async () => {
    const { run, sent, lines } = await setup();
    const summary = await run('2026-12-11T07:00:00Z');
    expect(lines('cp.visit')).toEqual(['email:reminder-5-working-days|SW-1']);
    const digest = sent.find((n): n is EmailNotice => n.channel === 'email');
    expect(digest?.key).toBe('digest|SW-1|2026-12-11');
    expect(summary).toMatchObject({ run: 'morning', dayScale: true, emails: 1, cards: 0 });
  });

  it("sends an unallocated case's reminder to the duty team's manager, as no gap", async () => {
    const directory: DirectoryData = {
      ...SMALL_DIRECTORY,
      teams: SMALL_DIRECTORY.teams.map((team) =>
        team.id === 'team-north-1' ? { ...team, duty: true } : team,
      ),
    };
    const { run, lines } = await setup({ allocated: false, directory });
    const summary = await run('2026-12-11T07:00:00Z');
    expect(lines('cp.visit')).toEqual(['email:reminder-5-working-days|TM-1']);
    expect(summary.gaps).toEqual([]);
  });

  it('tells nobody of an unallocated case when the directory has no duty team, and reports the gap', async () => {
    const { run, lines } = await setup({ allocated: false });
    const summary = await run('2026-12-11T07:00:00Z');
    expect(lines('cp.visit')).toEqual([]);
    expect(summary.gaps.map((gap) => gap.kind)).toContain('unallocated');
  });

  it('withdraws the notices not yet sent when the event that started the deadline is retracted', async () => {
    const { run, lines, ingestAt } = await setup();
    await ingestAt('2026-12-08T16:00:00Z', [
      {
        id: 'S-2',
        type: 'event.retracted',
        caseId: 'CASE-S',
        occurredAt: '2026-12-08',
        data: { eventId: 'S-1' },
      },
    ]);
    await run('2026-12-11T07:00:00Z');
    await run('2026-12-21T07:00:00Z');
    expect(lines('cp.visit')).toEqual([]);
  });

  it('sends nothing new when run again at the same moment', async () => {
    const { run, sent } = await setup();
    await run('2026-12-11T07:00:00Z');
    const before = sent.length;
    const again = await run('2026-12-11T07:00:00Z');
    expect(again.due).toBe(0);
    expect(sent.length).toBe(before);
  });

  it('after a gap, catches up with the latest escalation step only, to the worker, the managers the rule names and the team channel', async () => {
    const { run, lines } = await setup();
    await run('2026-12-31T07:00:00Z');
    // Breach on Mon 21 Dec to the ATM and TM; the first repeat on Wed 30 Dec is the latest step by the 31st.
    expect(lines('cp.visit')).toEqual([
      'email:repeat-1|SW-1',
      'email:repeat-1|ATM-1',
      'email:repeat-1|TM-1',
      'teams:repeat-1|team:team-north-1',
    ]);
  });

  it("sends a manager's task to the manager the rule names, tells the worker from its due day that it waits on them, and escalates from there up", async () => {
    const { run, sent, lines } = await setup();
    // Management oversight (an Assistant Team Manager's) is due Tue 29 Dec: 4 weeks after the allocation.
    await run('2026-12-18T07:00:00Z');
    expect(lines('oversight.cadence')).toEqual(['email:reminder-5-working-days|ATM-1']);
    await run('2026-12-29T07:00:00Z');
    await run('2026-12-30T07:00:00Z');
    // The morning after, "due today" is offered again from the catch-up window: the ledger sends it once.
    expect(new Set(lines('oversight.cadence'))).toEqual(
      new Set([
        'email:reminder-5-working-days|ATM-1',
        'email:due-today|SW-1',
        'email:due-today|ATM-1',
        // The breach: the ladder's first step names the ATM and TM; the ATM owns it, so it goes up to the TM.
        'email:escalation-0|SW-1',
        'email:escalation-0|TM-1',
        'email:escalation-0|ATM-1',
        'teams:escalation-0|team:team-north-1',
      ]),
    );
    const told = sent.flatMap((n) =>
      n.channel === 'email'
        ? n.lines
            .filter((l) => l.rule === 'oversight.cadence')
            .map((l) => `${n.recipient.staffId} as ${l.as}`)
        : [],
    );
    expect(new Set(told)).toEqual(new Set(['ATM-1 as ATM', 'SW-1 as worker', 'TM-1 as TM']));
    const line = sent.flatMap((n) => n.lines).find((l) => l.rule === 'oversight.cadence');
    expect(line).toMatchObject({
      owner: 'ATM',
      actorName: 'Synthetic ATM-1',
      workerName: 'Synthetic SW-1',
      action: 'Record management oversight',
      why: '4 weeks after the allocation on Tue 1 Dec 2026',
    });
  });

  it('reads only what is due', async () => {
    const { run } = await setup();
    const summary = await run('2026-12-05T07:00:00Z');
    expect(summary.read).toBeLessThan(5);
  });

  it('leaves day-scale notices to the next working morning when the hourly run finds them', async () => {
    const { run, lines } = await setup();
    const hourly = await run('2026-12-11T07:30:00Z', 'hourly');
    expect(hourly).toMatchObject({ dayScale: false, due: 0 });
    expect(lines('cp.visit')).toEqual([]);
    await run('2026-12-11T08:00:00Z', 'morning');
    expect(lines('cp.visit')).toEqual(['email:reminder-5-working-days|SW-1']);
  });

  it('sends no digest on a bank holiday morning', async () => {
    const { run, sent } = await setup();
    // Christmas Day 2026 is a Friday: the MON–FRI schedule fires, the run sends nothing day-scale.
    const christmas = await run('2026-12-25T07:00:00Z');
    expect(christmas.dayScale).toBe(false);
    expect(sent).toEqual([]);
  });

  it('moves nothing on when handing on fails, so the retried run sends the same', async () => {
    const { run, lines } = await setup({ failSends: 1 });
    await expect(run('2026-12-11T07:00:00Z')).rejects.toThrow('queue unavailable');
    await run('2026-12-11T07:00:00Z');
    expect(lines('cp.visit')).toEqual(['email:reminder-5-working-days|SW-1']);
  });
});
