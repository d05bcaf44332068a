/**
 * The table as a CreateTable request, built from the layout, for dynalite on one machine and for tests.
 * On AWS the stateful stack creates the table from the same constants and adds what dynalite lacks:
 * time to live on `expiresAt`, encryption with the environment's key, point-in-time recovery.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SECONDARY_INDEXES, TABLE_KEY } from '../../storage/table-layout.ts';

const indexDefinition = (index: (typeof SECONDARY_INDEXES)[number]) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: index.projection },
});

/** The CreateTable request for the pipeline's table: its keys, its sparse indexes, on demand. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEY.sortKey, AttributeType: 'S' },
      ...SECONDARY_INDEXES.flatMap((index) => [
        { AttributeName: index.partitionKey, AttributeType: 'S' as const },
        { AttributeName: index.sortKey, AttributeType: 'S' as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: SECONDARY_INDEXES.map(indexDefinition),
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** How long {@link ensureTable} waits for a new table, and how often it looks. */
export interface EnsureTableOptions {
  timeoutMs?: number;
  pollMs?: number;
}

const isActive = (table: TableDescription | undefined) =>
  table?.TableStatus === 'ACTIVE' &&
  (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');

/** The table's description, or undefined when there is no such table. */
export async function describeTable(client: DynamoDBDocumentClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Creates the table if it does not exist and resolves once it and its index are ACTIVE (dynalite
 * started with `createTableMs: 0` is active at once). Time to live is not set: dynalite has no
 * UpdateTimeToLive, and on AWS the stack owns the table. An existing table is left as it is.
 */
export async function ensureTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  { timeoutMs = 60_000, pollMs = 250 }: EnsureTableOptions = {},
): Promise<void> {
  if ((await describeTable(client, tableName)) === undefined) {
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
    } catch (error) {
      // Another process created it between the look and the create: wait for it like our own.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
  }
  const giveUpAt = Date.now() + timeoutMs;
  while (!isActive(await describeTable(client, tableName))) {
    if (Date.now() > giveUpAt) throw new Error(`Table ${tableName} was not ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
