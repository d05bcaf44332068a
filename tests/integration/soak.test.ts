/**
 * The soak in its quick form (the full one is `npm run soak`): a synthetic council's events fed day by
 * day with resends, faults injected into the stores and senders, every run and delivery retried as the
 * queues and scheduler would. Checked against the same days run cleanly.
 */
import { describe, expect, it } from 'vitest';
import { soakFailures } from '../../cli/commands/soak.ts';
import { soak } from '../../local/soak.ts';

describe('the soak, quick', () => {
  it('stores every event once and sends every notice exactly once despite duplicates and faults', async () => {
    const report = await soak({
      events: 2_000,
      days: 20,
      faultRate: 0.05,
      duplicateRate: 0.1,
      seed: 3,
      asOf: '2026-11-23',
    });
    expect(soakFailures(report)).toEqual([]);
    expect(report.stored).toBe(report.events);
    expect(report.offered).toBeGreaterThan(report.events);
    expect(report.faults.injected).toBeGreaterThan(50);
    expect(report.faults.ingestRetries).toBeGreaterThan(0);
    expect(report.notices.expected).toBeGreaterThan(50);
    expect(report.notices).toMatchObject({ duplicated: 0, missing: 0, unexpected: 0 });
    expect(report.deadLetters.left).toBe(0);
  }, 120_000);
});
