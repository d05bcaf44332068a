/**
 * The deadline events on one machine: the local pipeline (as `npm start` runs it, on a data directory)
 * appends each breach it hands on and each notice it sends to `<dataDir>/outbox/deadline-events.ndjson`,
 * one line each, in the shape a rule's target receives them from the deadlines bus on AWS.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineEventSchema } from '../../events/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'los-local-deadline-events-'));
let pipeline: LocalPipeline;
let now = Date.parse('2026-12-04T12:00:00Z');

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    dataDir,
    profile: builtInProfile('default'),
    now: () => now,
    sleep: async () => undefined,
  });
  await pipeline.store.directory.replace(SMALL_DIRECTORY);
});
afterAll(async () => pipeline?.close());

describe('the local pipeline on a data directory', () => {
  it('writes the breach it hands on and the notices it sends to the deadline events file', async () => {
    await ingestBatch(
      [
        {
          id: 'L-1',
          type: 'case.allocated',
          caseId: 'CASE-L',
          occurredAt: '2026-12-01',
          data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
        },
        { id: 'L-2', type: 'cp_plan.started', caseId: 'CASE-L', occurredAt: '2026-12-04', data: {} },
      ],
      'test',
      pipeline.ingestContext,
    );
    // The first working morning after the visit's due date: its breach.
    now = Date.parse('2026-12-21T07:00:00Z');
    await pipeline.run(now, 'morning');

    const lines = readFileSync(join(dataDir, 'outbox', 'deadline-events.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    const events = lines.map((line) => deadlineEventSchema.parse(JSON.parse(line)));
    expect(events).toContainEqual(
      expect.objectContaining({
        source: 'line-of-sight',
        'detail-type': 'deadline.breached',
        detail: expect.objectContaining({ id: 'CASE-L|cp.visit|1|escalation-0', caseId: 'CASE-L' }),
      }),
    );
    expect(events.filter((event) => event['detail-type'] === 'notice.sent').map((e) => e.detail.id)).toEqual(
      expect.arrayContaining(['CASE-L|cp.visit|1|escalation-0|SW-1']),
    );
  });
});
