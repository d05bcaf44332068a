/**
 * The soak in its quick form (the full one is `npm run soak`): a synthetic council's events fed day by
 * day with resends, faults injected into the stores and senders, every run and delivery retried as the
 * queues and scheduler would. Checked against the same days run cleanly.
 *
 * What a soak meets depends on the days it covers (which reminders fall due, which runs are skipped for
 * a bank holiday or a weekend), so it runs from several: a double send that one calendar hides, another
 * shows.
 */
import { describe, expect, it } from 'vitest';
import { soakFailures } from '../../cli/commands/soak.ts';
import { soak } from '../../local/soak.ts';

/** The last day of each quick soak, and what its three weeks cover. */
const LAST_DAYS = [
  ['2026-12-07', 'the day a full soak once sent a notice twice'],
  ['2027-01-08', 'Christmas and New Year'],
  ['2026-11-06', 'the October clock change and a month end'],
  ['2027-04-09', 'Easter, the March clock change and a month end'],
] as const;

describe('the soak, quick', () => {
  it.each(LAST_DAYS)(
    'to %s (%s): stores every event once and sends every notice exactly once despite duplicates and faults',
    async (asOf) => {
      const report = await soak({
        events: 1_500,
        days: 21,
        faultRate: 0.05,
        duplicateRate: 0.1,
        seed: 3,
        asOf,
      });
      expect(soakFailures(report)).toEqual([]);
      expect(report.stored).toBe(report.events);
      expect(report.offered).toBeGreaterThan(report.events);
      expect(report.faults.injected).toBeGreaterThan(50);
      expect(report.faults.ingestRetries).toBeGreaterThan(0);
      expect(report.notices.expected).toBeGreaterThan(50);
      expect(report.notices).toMatchObject({ duplicated: 0, missing: 0, unexpected: 0 });
      expect(report.deadLetters.left).toBe(0);
    },
    120_000,
  );
});
