/**
 * `los notices --case`: the audit trail read back from the ledger of a local store: who was told,
 * in what capacity, at which ladder step, under which standard.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BoardEventContext, recordAction, withdrawAction } from '../../functions/core/actions/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { startLocalPipeline } from '../../local/pipeline.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { los } from '../support/los.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'los-notices-'));
const board = (eventId: string, at: string): BoardEventContext => ({
  eventId,
  caseId: 'CASE-B',
  at,
  by: 'SM-1',
});

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
        {
          id: 'B-1',
          type: 'case.allocated',
          caseId: 'CASE-B',
          occurredAt: '2026-12-01',
          data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
        },
        recordAction(board('board-1', '2026-12-04T10:00:00Z'), {
          actionId: 'act-first001',
          ownerId: 'TM-1',
          dueOn: '2026-12-11',
        }),
        recordAction(board('board-2', '2026-12-04T10:05:00Z'), {
          actionId: 'act-second02',
          ownerId: 'SW-2',
          dueOn: '2026-12-18',
        }),
        withdrawAction(board('board-3', '2026-12-04T10:06:00Z'), 'board-2'),
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

  it('lists the actions recorded on the board, who recorded them, and who was told as their owner', async () => {
    const { code, out } = await los('notices', '--case', 'CASE-B', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(out).toContain(
      '2026-12-04T10:00:00Z  action act-first001 recorded for TM-1, due 2026-12-11, by SM-1',
    );
    expect(out).toContain('action act-second02 withdrawn (recorded in error), by SM-1');
    expect(out).toMatch(/escalation-1, escalation step 2 to TM-1 \(action owner\) by email: sent/);
    expect(out).toMatch(/to SM-1 \(SM\) by email: sent/);
    expect(out).toContain('Board action due');
    // The withdrawn action's owner was told nothing.
    expect(out).not.toMatch(/to SW-2/);
    const json = JSON.parse(
      (await los('notices', '--case', 'CASE-B', '--data-dir', dataDir, '--json')).out,
    ) as {
      recorded: { eventId: string; recordedBy: string }[];
    };
    expect(json.recorded.map((event) => `${event.eventId} ${event.recordedBy}`)).toEqual([
      'board-1 SM-1',
      'board-2 SM-1',
      'board-3 SM-1',
    ]);
  });
});
