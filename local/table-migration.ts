/**
 * Carrying a data directory's store over to a newer table layout. dynalite cannot add an index to a
 * table that has one already (its UpdateTable changes only throughput), so when the layout gains an
 * index the local table takes a new name, and a store written under an older name is copied into
 * the new table item by item the first time it is opened. Every case copied is marked for its
 * recompute, so the next start fills what the new index holds (the board's tracker rows) from the
 * case's events, as after a crash between storing events and recomputing them.
 *
 * A stop part-way leaves the older table in place, and the next open copies it again (each put
 * writes the same item) before deleting it.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describeTable, ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { DynamoRecomputeMarks } from '../functions/adapters/dynamodb/recompute-marks.ts';
import { batchWrite, noReads, scanItems } from '../functions/adapters/dynamodb/shared.ts';
import { itemKey } from '../functions/storage/table-layout.ts';

/** Where a case's items live: `CASE#<caseId>`. */
const CASE_PARTITION = itemKey.caseProjection('').pk;

/** Items read and written per page of the copy: bounded, so a large store never sits in memory whole. */
const PAGE_SIZE = 500;

/** Whether the table is there to copy: a table deleted a moment ago is not (DynamoDB, like dynalite, takes a while to drop one). */
async function exists(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  const table = await describeTable(client, tableName);
  return table !== undefined && table.TableStatus !== 'DELETING';
}

/** What a copy from an older table did: how many items it carried over and cases it marked. */
export interface TableMigration {
  from: string;
  items: number;
  cases: number;
}

/**
 * Makes `tableName` (the current layout's table) and copies into it any of `earlier` tables the store
 * still has, oldest first, marking every case copied for its recompute; then deletes them.
 */
export async function migrateLocalTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  earlier: readonly string[],
  now: () => string = () => new Date().toISOString(),
): Promise<TableMigration[]> {
  await ensureTable(client, tableName);
  const marks = new DynamoRecomputeMarks(client, tableName);
  const done: TableMigration[] = [];
  for (const from of earlier) {
    if (!(await exists(client, from))) continue;
    let page: Record<string, unknown>[] = [];
    const cases = new Set<string>();
    let items = 0;
    const flush = async () => {
      await batchWrite(
        client,
        tableName,
        page.map((Item) => ({ PutRequest: { Item } })),
      );
      items += page.length;
      page = [];
    };
    for await (const item of scanItems(client, { TableName: from, Limit: PAGE_SIZE }, noReads())) {
      page.push(item);
      const partition = String(item.pk);
      if (partition.startsWith(CASE_PARTITION)) cases.add(partition.slice(CASE_PARTITION.length));
      if (page.length >= PAGE_SIZE) await flush();
    }
    await flush();
    const caseIds = [...cases];
    for (let start = 0; start < caseIds.length; start += PAGE_SIZE)
      await marks.markCases(caseIds.slice(start, start + PAGE_SIZE), now());
    await client.send(new DeleteTableCommand({ TableName: from }));
    done.push({ from, items, cases: cases.size });
  }
  return done;
}
