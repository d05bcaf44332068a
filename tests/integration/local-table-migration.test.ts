import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoRecomputeMarks } from '../../functions/adapters/dynamodb/recompute-marks.ts';
import { batchWrite } from '../../functions/adapters/dynamodb/shared.ts';
import { itemKey, TRACKER_INDEX } from '../../functions/storage/table-layout.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';
import { migrateLocalTable } from '../../local/table-migration.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

/** A table as the layout before the trackers index made it: the `due` index only. */
async function olderTable(name: string) {
  const definition = tableDefinition(name);
  await dynamo.client.send(
    new CreateTableCommand({
      ...definition,
      AttributeDefinitions: definition.AttributeDefinitions?.filter(
        (attribute) => !attribute.AttributeName?.startsWith('tracker'),
      ),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes?.filter(
        (index) => index.IndexName !== TRACKER_INDEX.name,
      ),
    }),
  );
}

describe('a data directory written before the trackers index', () => {
  it('is copied into the new table, its cases marked for their recompute, and the old table dropped', async () => {
    await olderTable('older');
    const items = Array.from({ length: 1_203 }, (_, i) => ({
      ...itemKey.caseEvent(`CASE-${i % 40}`, '2026-03-02', `ev-${i}`),
      caseId: `CASE-${i % 40}`,
    }));
    await batchWrite(
      dynamo.client,
      'older',
      items.map((Item) => ({ PutRequest: { Item } })),
    );

    const done = await migrateLocalTable(dynamo.client, 'newer', ['older'], () => '2026-12-07T09:00:00.000Z');

    expect(done).toEqual([{ from: 'older', items: 1_203, cases: 40 }]);
    const copied = await dynamo.client.send(
      new GetCommand({ TableName: 'newer', Key: itemKey.caseEvent('CASE-7', '2026-03-02', 'ev-7') }),
    );
    expect(copied.Item).toMatchObject({ caseId: 'CASE-7' });
    const pending = await new DynamoRecomputeMarks(dynamo.client, 'newer').pending();
    expect(new Set(pending.map((mark) => mark.caseId)).size).toBe(40);
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: 'newer' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toContain(TRACKER_INDEX.name);
    // Opened again, there is nothing left to copy.
    expect(await migrateLocalTable(dynamo.client, 'newer', ['older'])).toEqual([]);
  });

  it('leaves a store already on the new layout as it is', async () => {
    expect(await migrateLocalTable(dynamo.client, 'current', ['never-made'])).toEqual([]);
    expect(await new DynamoRecomputeMarks(dynamo.client, 'current').pending()).toEqual([]);
  });
});
