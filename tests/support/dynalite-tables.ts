/**
 * dynalite for one test file: started before its tests and stopped after them, with a new, empty
 * table built from the layout whenever a test asks, so that no test sees another's items.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';

/** Registers the file's dynalite; its client and tables are there once the file's tests run. */
export function dynaliteTables(prefix: string) {
  let local: LocalDynamo | undefined;
  let tables = 0;
  beforeAll(async () => {
    local = await startDynalite();
  });
  afterAll(async () => {
    await local?.close();
  });
  const running = () => {
    if (!local) throw new Error('dynalite is started before the tests run');
    return local;
  };
  return {
    get client(): DynamoDBDocumentClient {
      return running().client;
    },
    /** A new, empty table's name. */
    async freshTable(): Promise<string> {
      tables += 1;
      const name = `${prefix}-${tables}`;
      await ensureTable(running().client, name);
      return name;
    },
  };
}
