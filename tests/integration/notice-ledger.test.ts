/**
 * The notice ledger, in memory and on dynalite, held to one contract: a notice is claimed once, a sent
 * one is never claimed again, a stalled claim lapses after its lease, a failed send may be retried; a
 * summary about many cases (the weekly summary) likewise, kept out of every case's audit trail.
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoNoticeLedger } from '../../functions/adapters/dynamodb/notice-ledger.ts';
import { MemoryNoticeLedger } from '../../functions/adapters/memory/stores.ts';
import type { LedgerNotice, NoticeLedger, SummaryLedgerNotice } from '../../functions/core/ports.ts';
import { LEDGER_READ_ATTRIBUTES, TABLE_KEY } from '../../functions/storage/table-layout.ts';
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
/** A fresh notice, claimed by `message` (the digest or alert it goes in). */
const notice = (message = 'digest|TM-01|2026-12-21'): LedgerNotice => {
  counter += 1;
  const recipient = `TM-${counter}`;
  return {
    key: `CASE-L|cp.visit|1|escalation-0|${recipient}`,
    caseId: 'CASE-L',
    rule: 'cp.visit',
    occurrence: 1,
    stageKey: 'escalation-0',
    ladderStep: 1,
    recipient,
    as: 'TM',
    channel: 'email',
    message,
  };
};

/** A fresh weekly summary to a team manager, claimed as its own message. */
const summary = (): SummaryLedgerNotice => {
  counter += 1;
  const key = `weekly|TM-${counter}|2026-12-14`;
  return { key, caseId: null, recipient: `TM-${counter}`, channel: 'email', message: key };
};

describe.each(ledgers)('the notice ledger %s', (_name, make) => {
  it('lets one message claim a notice and refuses another while the claim is live', async () => {
    const ledger = make();
    const n = notice();
    expect(await ledger.claim(n, '2026-12-21T07:00:00.000Z', 300)).toBe('claimed');
    expect(await ledger.claim({ ...n, message: 'other' }, '2026-12-21T07:01:00.000Z', 300)).toBe('taken');
  });

  it('lets the message holding the claim claim again after a crash, until it is sent', async () => {
    const ledger = make();
    const n = notice();
    await ledger.claim(n, '2026-12-21T07:00:00.000Z', 300);
    expect(await ledger.claim(n, '2026-12-21T07:00:30.000Z', 300)).toBe('claimed');
    await ledger.markSent(n, '2026-12-21T07:00:31.000Z', 'message-1');
    expect(await ledger.claim(n, '2026-12-21T07:00:40.000Z', 300)).toBe('taken');
  });

  it('never lets a sent notice be claimed again', async () => {
    const ledger = make();
    const n = notice();
    await ledger.claim(n, '2026-12-21T07:00:00.000Z', 300);
    await ledger.markSent(n, '2026-12-21T07:00:01.000Z', 'message-1');
    expect(await ledger.claim({ ...n, message: 'later' }, '2026-12-22T07:00:00.000Z', 300)).toBe('taken');
  });

  it('lets a notice be claimed again once a stalled claim has lapsed, or after a failed send', async () => {
    const ledger = make();
    const stalled = notice();
    await ledger.claim(stalled, '2026-12-21T07:00:00.000Z', 300);
    expect(await ledger.claim({ ...stalled, message: 'b' }, '2026-12-21T07:06:00.000Z', 300)).toBe('claimed');
    const failed = notice();
    await ledger.claim(failed, '2026-12-21T07:00:00.000Z', 300);
    await ledger.markFailed(failed, '2026-12-21T07:00:02.000Z', 'Throttling');
    expect(await ledger.claim({ ...failed, message: 'b' }, '2026-12-21T07:00:03.000Z', 300)).toBe('claimed');
  });

  it('claims a weekly summary once, whole, and never again once sent; a failed send may be retried', async () => {
    const ledger = make();
    const sent = summary();
    expect(await ledger.claim(sent, '2026-12-21T07:15:00.000Z', 300)).toBe('claimed');
    expect(await ledger.claim({ ...sent, message: 'other' }, '2026-12-21T07:15:01.000Z', 300)).toBe('taken');
    await ledger.markSent(sent, '2026-12-21T07:15:02.000Z', 'ses-1');
    expect(await ledger.claim(sent, '2026-12-21T07:20:00.000Z', 300)).toBe('taken');
    const failed = summary();
    await ledger.claim(failed, '2026-12-21T07:15:00.000Z', 300);
    await ledger.markFailed(failed, '2026-12-21T07:15:02.000Z', 'Throttling');
    expect(await ledger.claim(failed, '2026-12-21T07:16:00.000Z', 300)).toBe('claimed');
  });

  it('keeps a summary out of every case’s audit trail', async () => {
    const ledger = make();
    const caseNotice = { ...notice(), caseId: 'CASE-WEEK', key: 'CASE-WEEK|a' };
    await ledger.claim(caseNotice, '2026-12-21T07:00:00.000Z', 300);
    await ledger.claim(summary(), '2026-12-21T07:15:00.000Z', 300);
    expect((await ledger.noticesOf('CASE-WEEK')).map((record) => record.key)).toEqual(['CASE-WEEK|a']);
  });

  it('reads back a case’s notices as its audit trail: who, as what, and whether it went', async () => {
    const ledger = make();
    const sent = { ...notice(), caseId: 'CASE-AUDIT', key: 'CASE-AUDIT|a' };
    const failed = { ...notice(), caseId: 'CASE-AUDIT', key: 'CASE-AUDIT|b', stageKey: 'escalation-1' };
    await ledger.claim(sent, '2026-12-21T07:00:00.000Z', 300);
    await ledger.markSent(sent, '2026-12-21T07:00:01.000Z', 'ses-1');
    await ledger.claim(failed, '2026-12-21T07:00:05.000Z', 300);
    await ledger.markFailed(failed, '2026-12-21T07:00:06.000Z', 'Throttling');
    const trail = await ledger.noticesOf('CASE-AUDIT');
    expect(trail.map((r) => [r.recipient, r.as, r.state, r.messageId ?? r.reason])).toEqual([
      [sent.recipient, 'TM', 'sent', 'ses-1'],
      [failed.recipient, 'TM', 'failed', 'Throttling'],
    ]);
    expect(await ledger.noticesOf('CASE-NONE')).toEqual([]);
  });
});

describe('reading a case’s ledger from DynamoDB', () => {
  it('asks for the ledger’s attributes by name only, as the run’s IAM policy requires', async () => {
    const queries: QueryCommandInput[] = [];
    const client = {
      send: (command: { input: unknown }) => {
        if (command instanceof QueryCommand) queries.push(command.input);
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const ledger = new DynamoNoticeLedger(client, 'ledger-test');
    const entry = { ...notice(), caseId: 'CASE-IAM', key: 'CASE-IAM|a' };
    await ledger.claim(entry, '2026-12-21T07:00:00.000Z', 300);
    expect((await ledger.noticesOf('CASE-IAM')).map((record) => record.key)).toEqual(['CASE-IAM|a']);
    const allowed = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ...LEDGER_READ_ATTRIBUTES]);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.Select).toBe('SPECIFIC_ATTRIBUTES');
    const named = Object.values(queries[0]?.ExpressionAttributeNames ?? {});
    expect(named.filter((name) => !allowed.has(name))).toEqual([]);
    expect(named).toEqual(expect.arrayContaining([...LEDGER_READ_ATTRIBUTES]));
  });
});
