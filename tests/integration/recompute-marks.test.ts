/**
 * The recompute marks, in memory and on dynalite, held to one contract: a mark is listed until the
 * batch that made it clears it, and a later batch's mark of the same case outlives the earlier's clear.
 */
import { describe, expect, it } from 'vitest';
import { DynamoRecomputeMarks } from '../../functions/adapters/dynamodb/recompute-marks.ts';
import { MemoryRecomputeMarks } from '../../functions/adapters/memory/stores.ts';
import type { RecomputeMarks } from '../../functions/core/ports.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('line-of-sight-marks');

describe.each<[string, () => Promise<RecomputeMarks>]>([
  ['in memory', async () => new MemoryRecomputeMarks()],
  ['in DynamoDB', async () => new DynamoRecomputeMarks(dynamo.client, await dynamo.freshTable())],
])('the recompute marks %s', (_name, open) => {
  it('lists a mark until its own batch clears it, and keeps one a later batch made', async () => {
    const marks = await open();
    expect(await marks.pending()).toEqual([]);
    const first = await marks.mark('CASE-1', '2026-03-02T10:00:00.000Z');
    await marks.mark('CASE-2', '2026-03-02T10:00:00.000Z');
    expect((await marks.pending()).map((mark) => mark.caseId).sort()).toEqual(['CASE-1', 'CASE-2']);
    // A later batch marks CASE-1 again while the first recomputes: the first's clear leaves it.
    const later = await marks.mark('CASE-1', '2026-03-02T10:00:05.000Z');
    await marks.clear('CASE-1', first);
    expect((await marks.pending()).find((mark) => mark.caseId === 'CASE-1')).toEqual({
      caseId: 'CASE-1',
      markedAt: '2026-03-02T10:00:05.000Z',
      token: later,
    });
    await marks.clear('CASE-1', later);
    await marks.clear('CASE-1', later);
    expect((await marks.pending()).map((mark) => mark.caseId)).toEqual(['CASE-2']);
  });

  it('gives each mark its own token, even two of one case at the same moment', async () => {
    const marks = await open();
    const first = await marks.mark('CASE-1', '2026-03-02T10:00:00.000Z');
    const second = await marks.mark('CASE-1', '2026-03-02T10:00:00.000Z');
    expect(second).not.toBe(first);
    await marks.clear('CASE-1', first);
    expect(await marks.pending()).toEqual([
      { caseId: 'CASE-1', markedAt: '2026-03-02T10:00:00.000Z', token: second },
    ]);
  });
});
