/**
 * The local pipeline's storage: the same DynamoDB adapter the Lambdas use, over dynalite on disk under
 * a data directory, so `los ingest`, `los deadlines --data-dir` and `npm start` share one store.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore } from '../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore } from '../functions/adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../functions/adapters/dynamodb/quarantine-store.ts';
import type { CaseEventStore, DeadlineStore, QuarantineStore } from '../functions/core/ports.ts';
import { startDynalite } from './dynalite.ts';

/** The table's name on this machine. */
export const LOCAL_TABLE = 'line-of-sight-local';

export interface LocalStore {
  events: CaseEventStore;
  deadlines: DeadlineStore;
  quarantine: QuarantineStore;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the store under `dataDir`. LevelDB lets one process open a folder at a
 * time, so a second opener is told plainly that another `los` or `npm start` has it.
 */
export async function openLocalStore(dataDir: string): Promise<LocalStore> {
  const path = join(dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  try {
    dynamo = await startDynalite({ path });
  } catch (error) {
    throw new Error(`cannot open the local store in ${dataDir}: ${(error as Error).message}`);
  }
  await ensureTable(dynamo.client, LOCAL_TABLE);
  return {
    events: new DynamoCaseEventStore(dynamo.client, LOCAL_TABLE),
    deadlines: new DynamoDeadlineStore(dynamo.client, LOCAL_TABLE),
    quarantine: new DynamoQuarantineStore(dynamo.client, LOCAL_TABLE),
    close: () => dynamo.close(),
  };
}
