/**
 * The weekly summaries on the local pipeline (dynalite, the local SES) over a synthetic council: on
 * the first working day of the week, one email to each team manager and service manager with anything
 * to count, cases named by reference only; a second run sends nothing new; another day, nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';

const council = demoCouncil({ seed: 4, cases: 40, morning: parseIsoDate('2026-11-23') });
let pipeline: LocalPipeline;
let now = council.loadedAt;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ profile: builtInProfile('default'), now: () => now });
  await loadCouncil(council, { store: pipeline.store, ingest: pipeline.ingestContext });
}, 120_000);
afterAll(async () => {
  await pipeline?.close();
});

describe('the weekly summaries on the local pipeline', () => {
  it('on Monday, send one email to each team and service manager with something to count', async () => {
    now = Date.parse('2026-11-23T07:15:00Z');
    const run = await pipeline.runWeekly(now);
    expect(run.week).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(run.read).toBeGreaterThan(run.counted);
    expect(run.emails).toBeGreaterThan(0);
    expect(run.delivered).toEqual({ messages: run.emails, lines: run.emails, alreadySent: 0, failed: 0 });

    const mail = await pipeline.ses.sent();
    const recipients = mail.map((email) => email.to.join());
    expect(new Set(recipients).size).toBe(run.emails);
    const levelOf = new Map(council.directory.staff.map((member) => [member.email, member.level]));
    const levels = new Set(recipients.map((to) => levelOf.get(to)));
    expect(levels).toEqual(new Set(['TM', 'SM']));
    for (const email of mail) {
      expect(email.subject).toMatch(/^Line of Sight weekly summary: \d+ deadlines? /);
      expect(email.subject).not.toMatch(/CASE-/);
      expect(email.text).toContain('Deadlines by rule');
    }
  });

  it('sends nothing new when run again, and nothing on the Tuesday', async () => {
    const before = (await pipeline.ses.sent()).length;
    const again = await pipeline.runWeekly(now);
    expect(again.delivered).toMatchObject({ messages: 0, alreadySent: again.emails });
    const tuesday = await pipeline.runWeekly(Date.parse('2026-11-24T07:15:00Z'));
    expect(tuesday).toMatchObject({ week: null, read: 0, emails: 0 });
    expect(await pipeline.ses.sent()).toHaveLength(before);
  });
});
