/**
 * Many cases' deadlines stored at once (an import's): in memory and on dynalite, each case ends as
 * `replaceCase` would leave it. On dynalite, a case new to the store has its occurrences written in
 * batches, and a computation of it that raced in between is put right as `replaceCase` puts one right.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  ConcurrentRecomputeError,
  DynamoDeadlineStore,
} from '../../functions/adapters/dynamodb/deadline-store.ts';
import { MemoryDeadlineStore } from '../../functions/adapters/memory/stores.ts';
import type { DeadlineStore } from '../../functions/core/ports.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';
import { dueBy, sortedByKey, stored } from '../support/stored-deadlines.ts';

const dynamo = dynaliteTables('line-of-sight-bulk-deadlines');
const NEXT = '2026-03-01T07:00:00.000Z';
const LATER = '2026-04-01T07:00:00.000Z';

type BulkDeadlines = DeadlineStore & Required<Pick<DeadlineStore, 'replaceCases'>>;

/** The client, with `before` awaited ahead of the first BatchWriteItem it sends: to stage races. */
function beforeFirstBatch(
  client: DynamoDBDocumentClient,
  before: () => Promise<void>,
): DynamoDBDocumentClient {
  let done = false;
  const send = async (command: unknown) => {
    if (!done && command instanceof BatchWriteCommand) {
      done = true;
      await before();
    }
    return client.send(command as never);
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

/** Every command a store sends through the returned client, by name. */
function counted(client: DynamoDBDocumentClient) {
  const sent: string[] = [];
  const send = (command: { constructor: { name: string } }) => {
    sent.push(command.constructor.name);
    return client.send(command as never);
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, sent };
}

describe.each<[string, () => Promise<BulkDeadlines>]>([
  ['in memory', async () => new MemoryDeadlineStore()],
  ['in DynamoDB', async () => new DynamoDeadlineStore(dynamo.client, await dynamo.freshTable())],
])('many cases at once in the deadline store %s', (_name, open) => {
  it('leaves each case as replaceCase would: a new one written, a known one replaced, an older computation ignored', async () => {
    const store = await open();
    const known = [stored('CASE-K', 'rule-a', 1, NEXT), stored('CASE-K', 'rule-b', 1, NEXT)];
    const newer = [stored('CASE-S', 'rule-a', 1, LATER)];
    await store.replaceCase('CASE-K', 1, known);
    await store.replaceCase('CASE-S', 5, newer);

    const fresh = [stored('CASE-N', 'rule-a', 1, NEXT), stored('CASE-N', 'rule-a', 2, null)];
    const hinted = [stored('CASE-H', 'rule-c', 1, LATER)];
    const changed = [stored('CASE-K', 'rule-a', 1, LATER)];
    const outcomes = await store.replaceCases([
      { caseId: 'CASE-N', version: 3, deadlines: fresh },
      { caseId: 'CASE-H', version: 2, deadlines: hinted, noEarlierEvents: true },
      { caseId: 'CASE-K', version: 2, deadlines: changed },
      { caseId: 'CASE-S', version: 4, deadlines: [stored('CASE-S', 'rule-z', 1, NEXT)] },
    ]);
    expect(outcomes).toEqual(['replaced', 'replaced', 'replaced', 'stale']);
    expect(sortedByKey(await store.deadlinesOf('CASE-N'))).toEqual(sortedByKey(fresh));
    expect(await store.deadlinesOf('CASE-H')).toEqual(hinted);
    expect(await store.deadlinesOf('CASE-K')).toEqual(changed);
    expect(await store.deadlinesOf('CASE-S')).toEqual(newer);
    expect(sortedByKey(await dueBy(store, LATER))).toEqual(
      sortedByKey([...fresh.slice(0, 1), ...hinted, ...changed, ...newer]),
    );
  });
});

describe('many cases at once on DynamoDB', () => {
  it('refuses a deadline given to another case, as replaceCase does, before writing anything', async () => {
    const store = new DynamoDeadlineStore(dynamo.client, await dynamo.freshTable());
    await expect(
      store.replaceCases([
        { caseId: 'CASE-N', version: 1, deadlines: [stored('CASE-N', 'rule-a', 1, NEXT)] },
        { caseId: 'CASE-M', version: 1, deadlines: [stored('CASE-X', 'rule-a', 1, NEXT)] },
      ]),
    ).rejects.toThrow(RangeError);
    expect(await store.deadlinesOf('CASE-N')).toEqual([]);
  });
  it('writes the occurrences of cases new to the store in batches, and a known case’s changes one at a time', async () => {
    const table = await dynamo.freshTable();
    await new DynamoDeadlineStore(dynamo.client, table).replaceCase('CASE-K', 1, [
      stored('CASE-K', 'rule-a', 1, NEXT),
    ]);
    const { client, sent } = counted(dynamo.client);
    const store = new DynamoDeadlineStore(client, table);
    const fresh = Array.from({ length: 30 }, (_, n) => stored(`CASE-${n}`, 'rule-a', 1, NEXT));
    await store.replaceCases([
      ...fresh.map((deadline) => ({ caseId: deadline.caseId, version: 1, deadlines: [deadline] })),
      { caseId: 'CASE-K', version: 2, deadlines: [stored('CASE-K', 'rule-a', 1, LATER)] },
    ]);
    const count = (name: string) => sent.filter((command) => command === name).length;
    expect(count('BatchWriteCommand')).toBe(2);
    expect(count('UpdateCommand')).toBe(1);
    // The projections read 100 at a time; each case's occurrences read once; a projection put each.
    expect(count('BatchGetCommand')).toBe(1);
    expect(count('GetCommand')).toBe(0);
    expect(count('PutCommand')).toBe(31);
  });

  it('reads no occurrence of a case that had no earlier events and no projection', async () => {
    const table = await dynamo.freshTable();
    const { client, sent } = counted(dynamo.client);
    const store = new DynamoDeadlineStore(client, table);
    await store.replaceCases([
      {
        caseId: 'CASE-N',
        version: 1,
        deadlines: [stored('CASE-N', 'rule-a', 1, NEXT)],
        noEarlierEvents: true,
      },
    ]);
    expect(sent.filter((command) => command === 'QueryCommand')).toEqual([]);
    expect(await store.deadlinesOf('CASE-N')).toEqual([stored('CASE-N', 'rule-a', 1, NEXT)]);
  });

  it('asks for a retry when a newer computation wrote a case it took for new, and the retry puts the case right', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const newer = [stored('CASE-R', 'rule-a', 1, LATER), stored('CASE-R', 'rule-b', 1, LATER)];
    // The import has read the case (nothing there); before its batch, a newer computation runs to the end.
    const racing = new DynamoDeadlineStore(
      beforeFirstBatch(dynamo.client, async () => {
        expect(await store.replaceCase('CASE-R', 20, newer)).toBe('replaced');
      }),
      table,
    );
    const older = [stored('CASE-R', 'rule-a', 1, NEXT), stored('CASE-R', 'rule-z', 1, NEXT)];
    await expect(racing.replaceCases([{ caseId: 'CASE-R', version: 10, deadlines: older }])).rejects.toThrow(
      ConcurrentRecomputeError,
    );
    // What it wrote that the newer one does not hold is gone already; the retry rewrites the rest.
    expect(await store.replaceCase('CASE-R', 21, newer)).toBe('replaced');
    expect(sortedByKey(await store.deadlinesOf('CASE-R'))).toEqual(sortedByKey(newer));
    expect(sortedByKey(await dueBy(store, '2099-01-01T00:00:00.000Z'))).toEqual(sortedByKey(newer));
  });

  it('sweeps what an older computation wrote into a case it took for new, once its own projection is put', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const older = [stored('CASE-O', 'rule-a', 1, NEXT), stored('CASE-O', 'rule-z', 1, NEXT)];
    const racing = new DynamoDeadlineStore(
      beforeFirstBatch(dynamo.client, async () => {
        expect(await store.replaceCase('CASE-O', 1, older)).toBe('replaced');
      }),
      table,
    );
    const mine = [stored('CASE-O', 'rule-a', 1, LATER)];
    expect(
      await racing.replaceCases([{ caseId: 'CASE-O', version: 10, deadlines: mine, noEarlierEvents: true }]),
    ).toEqual(['replaced']);
    expect(await store.deadlinesOf('CASE-O')).toEqual(mine);
    expect(await dueBy(store, '2099-01-01T00:00:00.000Z')).toEqual(mine);
  });
});
