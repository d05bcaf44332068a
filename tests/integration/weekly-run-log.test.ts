/**
 * The weekly run logs, in memory and on dynalite, held to one contract: a week's summaries stand where
 * they were last recorded, and a week never recorded has no state.
 */
import { describe, expect, it } from 'vitest';
import { DynamoWeeklyRunLog } from '../../functions/adapters/dynamodb/weekly-run-log.ts';
import { MemoryWeeklyRunLog } from '../../functions/adapters/memory/stores.ts';
import type { WeeklyRunLog } from '../../functions/core/ports.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('line-of-sight-weekly');

describe.each<[string, () => Promise<WeeklyRunLog>]>([
  ['in memory', async () => new MemoryWeeklyRunLog()],
  ['in DynamoDB', async () => new DynamoWeeklyRunLog(dynamo.client, await dynamo.freshTable())],
])('the weekly run log %s', (_name, open) => {
  it('says where a week’s summaries stand once recorded, and only that week’s', async () => {
    const log = await open();
    expect(await log.stateOf('2026-11-16')).toBeNull();
    await log.record('2026-11-16', 'waiting', '2026-11-23T07:15:00.000Z');
    expect(await log.stateOf('2026-11-16')).toBe('waiting');
    await log.record('2026-11-16', 'done', '2026-11-23T08:30:00.000Z');
    expect(await log.stateOf('2026-11-16')).toBe('done');
    expect(await log.stateOf('2026-11-23')).toBeNull();
  });
});
