/**
 * Events stored before identifiers were limited to letters, digits and `. _ : / # @ + -` stand: they
 * are read back, recomputed and shown as they are; only new input meets the rule.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { openLocalStore } from '../../local/store.ts';
import { los } from '../support/los.ts';

const profile = builtInProfile('default');
const NOW = Date.parse('2026-11-23T10:00:00Z');
// Accepted under the old rule (any text without control characters), as an earlier version stored them.
const legacy = [
  {
    id: 'plan 1 (Mosaic)',
    type: 'cp_plan.started',
    caseId: 'CASE-L1',
    occurredAt: '2026-11-02',
    source: 'Mosaic live',
    data: {},
  },
  {
    id: 'visit é 2',
    type: 'visit.completed',
    caseId: 'CASE-L1',
    occurredAt: '2026-11-09T10:00:00Z',
    data: { visitType: 'cp', childSeen: true },
  },
] as CaseEvent[];

describe('events stored under the looser identifier rule', () => {
  it('are read back, recomputed and listed as stored, while a resend of one is refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-legacy-ids-'));
    const store = await openLocalStore(dataDir);
    try {
      // Stored directly, as the event store does after checking: it does not check again.
      for (const event of legacy)
        expect(await store.events.append(event, '2026-11-10T00:00:00.000Z')).toBe('stored');
      const context = { ...store, profile, timing: defaultNoticeTiming(profile), now: () => NOW };
      const rebuilt = await rebuildAll(context);
      expect(rebuilt).toMatchObject({ cases: 1, caseProblems: [] });
      expect(rebuilt.deadlines).toBeGreaterThan(0);
      expect(await store.events.eventsOf('CASE-L1')).toEqual(legacy);

      const resent = await ingestBatch([legacy[0]], 'test', context);
      expect(resent.items[0]).toMatchObject({ outcome: 'rejected', id: null });
      expect(resent.items[0]?.problems.map(({ path }) => path)).toEqual(['id', 'source']);
      expect(await store.events.eventsOf('CASE-L1')).toEqual(legacy);
    } finally {
      await store.close();
    }
    const listed = await los('deadlines', '--data-dir', dataDir, '--as-of', '2026-11-23', '--json');
    expect(listed.code).toBe(0);
    const { cases } = JSON.parse(listed.out) as { cases: { caseId: string; deadlines: unknown[] }[] };
    expect(cases.map(({ caseId }) => caseId)).toEqual(['CASE-L1']);
    expect(cases[0]?.deadlines).not.toEqual([]);
    expect((await los('rebuild', '--data-dir', dataDir)).code).toBe(0);
  }, 60_000);
});
