/**
 * The outbox (what the runs held while sending was paused), in memory and on dynalite, held to one
 * contract: lines by the London day of the run that held them, a line held again that day replacing
 * itself; and on DynamoDB, each deleted by its time to live 35 days on.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  DynamoNoticeOutbox,
  OUTBOX_RETENTION_DAYS,
} from '../../functions/adapters/dynamodb/notice-outbox.ts';
import { MemoryNoticeOutbox } from '../../functions/adapters/memory/stores.ts';
import type { HeldLine, NoticeOutbox } from '../../functions/core/ports.ts';
import { itemKey } from '../../functions/storage/table-layout.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('line-of-sight-outbox');

const line = (caseId: string, recipient: string): HeldLine => ({
  key: `${caseId}|cp.visit|1|escalation-0|${recipient}`,
  message: `digest|${recipient}|2026-12-07`,
  kind: 'digest',
  channel: 'email',
  recipient,
  caseId,
  rule: 'cp.visit',
  stageKey: 'escalation-0',
  as: recipient === 'SW-1' ? 'worker' : 'TM',
  due: '2026-12-04',
});

const weekly: HeldLine = {
  key: 'weekly|TM-1|2026-11-30',
  message: 'weekly|TM-1|2026-11-30',
  kind: 'weekly',
  channel: 'email',
  recipient: 'TM-1',
  caseId: null,
  rule: null,
  stageKey: null,
  as: null,
  due: null,
};

const byKey = <T extends { key: string }>(records: T[]) => records.sort((a, b) => a.key.localeCompare(b.key));

describe.each<[string, () => Promise<NoticeOutbox>]>([
  ['in memory', async () => new MemoryNoticeOutbox()],
  ['in DynamoDB', async () => new DynamoNoticeOutbox(dynamo.client, await dynamo.freshTable())],
])('the outbox %s', (_name, open) => {
  it('keeps each day’s lines by key, a line held again that day replacing itself', async () => {
    const outbox = await open();
    expect(await outbox.heldOn('2026-12-07')).toEqual([]);
    await outbox.hold('2026-12-07', '2026-12-07T07:00:00.000Z', [
      line('CASE-1', 'SW-1'),
      line('CASE-1', 'TM-1'),
    ]);
    await outbox.hold('2026-12-07', '2026-12-07T07:15:00.000Z', [weekly]);
    await outbox.hold('2026-12-07', '2026-12-07T08:30:00.000Z', [line('CASE-1', 'SW-1')]);
    await outbox.hold('2026-12-08', '2026-12-08T07:00:00.000Z', [line('CASE-1', 'SW-1')]);
    expect(byKey(await outbox.heldOn('2026-12-07'))).toEqual([
      { ...line('CASE-1', 'SW-1'), day: '2026-12-07', heldAt: '2026-12-07T08:30:00.000Z' },
      { ...line('CASE-1', 'TM-1'), day: '2026-12-07', heldAt: '2026-12-07T07:00:00.000Z' },
      { ...weekly, day: '2026-12-07', heldAt: '2026-12-07T07:15:00.000Z' },
    ]);
    expect(await outbox.heldOn('2026-12-08')).toHaveLength(1);
  });
});

describe('the outbox in DynamoDB', () => {
  it('has each line deleted by the table’s time to live, 35 days after it was held', async () => {
    const table = await dynamo.freshTable();
    await new DynamoNoticeOutbox(dynamo.client, table).hold('2026-12-07', '2026-12-07T07:00:00.000Z', [
      weekly,
    ]);
    const { Item } = await dynamo.client.send(
      new GetCommand({ TableName: table, Key: itemKey.outbox('2026-12-07', weekly.key) }),
    );
    expect(Item?.expiresAt).toBe(
      Date.parse('2026-12-07T07:00:00.000Z') / 1000 + OUTBOX_RETENTION_DAYS * 86_400,
    );
  });

  it('refuses a day that is not a date, rather than writing under a partition no listing reads', async () => {
    const outbox = new DynamoNoticeOutbox(dynamo.client, await dynamo.freshTable());
    await expect(outbox.hold('7 Dec', '2026-12-07T07:00:00.000Z', [weekly])).rejects.toThrow(RangeError);
  });
});
