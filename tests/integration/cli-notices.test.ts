/**
 * `los notices --case`: the audit trail read back from the ledger of a local store: who was told,
 * in what capacity, at which ladder step, under which standard.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { startLocalPipeline } from '../../local/pipeline.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { los } from '../support/los.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'los-notices-'));

beforeAll(async () => {
  let now = Date.parse('2026-12-04T12:00:00Z');
  const pipeline = await startLocalPipeline({ dataDir, profile: builtInProfile('default'), now: () => now });
  try {
    await pipeline.store.directory.replace(SMALL_DIRECTORY);
    await ingestBatch(
      [
        {
          id: 'N-1',
          type: 'case.allocated',
          caseId: 'CASE-N',
          occurredAt: '2026-12-01',
          data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
        },
        { id: 'N-2', type: 'cp_plan.started', caseId: 'CASE-N', occurredAt: '2026-12-04', data: {} },
      ],
      'test',
      pipeline.ingestContext,
    );
    now = Date.parse('2026-12-21T07:00:00Z');
    await pipeline.run(now, 'morning');
  } finally {
    await pipeline.close();
  }
});

describe('los notices', () => {
  it('lists who was told about a case, as what, and under which standard', async () => {
    const { code, out } = await los('notices', '--case', 'CASE-N', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(out).toMatch(/escalation-0, escalation step 1 to TM-1 \(TM\) by email: sent/);
    expect(out).toMatch(/to SW-1 \(allocated worker\) by email: sent/);
    expect(out).toMatch(/the team-north-1 Teams channel by teams: sent/);
    expect(out).toContain('Child protection');
  });

  it('prints the trail as JSON, and says plainly when nothing was sent', async () => {
    const json = await los('notices', '--case', 'CASE-N', '--data-dir', dataDir, '--json');
    const parsed = JSON.parse(json.out) as {
      notices: { recipient: string; state: string; source: string[] }[];
    };
    expect(parsed.notices.filter((n) => n.state === 'sent').length).toBeGreaterThanOrEqual(4);
    expect(parsed.notices[0]?.source.length).toBeGreaterThan(0);
    expect((await los('notices', '--case', 'CASE-NONE', '--data-dir', dataDir)).out).toBe(
      'No notices have been sent about CASE-NONE.',
    );
    expect((await los('notices', '--case', 'bad ref!', '--data-dir', dataDir)).code).toBe(2);
  });
});
