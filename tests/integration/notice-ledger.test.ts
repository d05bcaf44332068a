/**
 * The notice ledger, in memory and on dynalite, held to one contract: a notice is claimed once, a sent
 * one is never claimed again, a stalled claim lapses after its lease, a failed send may be retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoNoticeLedger } from '../../functions/adapters/dynamodb/notice-ledger.ts';
import { MemoryNoticeLedger } from '../../functions/adapters/memory/stores.ts';
import type { NoticeLedger } from '../../functions/core/ports.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
  await ensureTable(local.client, 'ledger-test');
});
afterAll(async () => {
  await local?.close();
});

const ledgers: [string, () => NoticeLedger][] = [
  ['in memory', () => new MemoryNoticeLedger()],
  ['in DynamoDB', () => new DynamoNoticeLedger(local.client, 'ledger-test')],
];
let counter = 0;
const key = () => {
  counter += 1;
  return `CASE-L|cp.visit|1|escalation-0|${counter}`;
};

describe.each(ledgers)('the notice ledger %s', (_name, make) => {
  it('lets one sender claim a notice and refuses the next while the claim is live', async () => {
    const ledger = make();
    const k = key();
    expect(await ledger.claim(k, '2026-12-21T07:00:00.000Z', 300)).toBe('claimed');
    expect(await ledger.claim(k, '2026-12-21T07:01:00.000Z', 300)).toBe('taken');
  });

  it('never lets a sent notice be claimed again', async () => {
    const ledger = make();
    const k = key();
    await ledger.claim(k, '2026-12-21T07:00:00.000Z', 300);
    await ledger.markSent(k, '2026-12-21T07:00:01.000Z', 'message-1');
    expect(await ledger.claim(k, '2026-12-22T07:00:00.000Z', 300)).toBe('taken');
  });

  it('lets a notice be claimed again once a stalled claim has lapsed, or after a failed send', async () => {
    const ledger = make();
    const stalled = key();
    await ledger.claim(stalled, '2026-12-21T07:00:00.000Z', 300);
    expect(await ledger.claim(stalled, '2026-12-21T07:06:00.000Z', 300)).toBe('claimed');
    const failed = key();
    await ledger.claim(failed, '2026-12-21T07:00:00.000Z', 300);
    await ledger.markFailed(failed, '2026-12-21T07:00:02.000Z', 'Throttling');
    expect(await ledger.claim(failed, '2026-12-21T07:00:03.000Z', 300)).toBe('claimed');
  });
});
