/**
 * The local pipeline's storage: the same DynamoDB adapters the Lambdas use, over dynalite on disk under
 * a data directory (or in memory), so `los ingest`, `los deadlines --data-dir` and `npm start` share one
 * store.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore } from '../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../functions/adapters/dynamodb/directory-store.ts';
import { DynamoCaseEventStore } from '../functions/adapters/dynamodb/event-store.ts';
import { DynamoNoticeLedger } from '../functions/adapters/dynamodb/notice-ledger.ts';
import { DynamoQuarantineStore } from '../functions/adapters/dynamodb/quarantine-store.ts';
import type {
  CaseEventStore,
  DeadlineStore,
  DirectoryStore,
  NoticeLedger,
  QuarantineStore,
} from '../functions/core/ports.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';

/** The table's name on this machine. */
export const LOCAL_TABLE = 'line-of-sight-local';

/** The file naming the process that has a data directory open. */
const LOCK_FILE = 'los.lock';

export interface LocalStore {
  events: CaseEventStore;
  deadlines: DeadlineStore;
  quarantine: QuarantineStore;
  ledger: NoticeLedger;
  directory: DirectoryStore;
  close(): Promise<void>;
}

/** A store this process opened itself, with the dynalite behind it. */
export interface OpenedLocalStore extends LocalStore {
  dynamo: LocalDynamo;
}

/** Another process holds the data directory (LevelDB allows one at a time). */
export class StoreLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `the local store in ${dataDir} is in use by another process (is \`npm start\` or another \`los\` running on it?)`,
    );
    this.name = 'StoreLockedError';
  }
}

/**
 * Opens (creating if needed) the store under `dataDir`, or an empty one in memory when `dataDir` is
 * null. One process at a time may open a data directory: a second opener gets
 * {@link StoreLockedError}.
 */
export async function openLocalStore(dataDir: string | null): Promise<OpenedLocalStore> {
  let dynamo: LocalDynamo;
  let release = () => {};
  if (dataDir === null) {
    dynamo = await startDynalite();
  } else {
    const path = join(dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
    release = takeLock(dataDir);
    try {
      dynamo = await startDynalite({ path });
    } catch (error) {
      release();
      throw new Error(`cannot open the local store in ${dataDir}: ${(error as Error).message}`);
    }
  }
  await ensureTable(dynamo.client, LOCAL_TABLE);
  return {
    events: new DynamoCaseEventStore(dynamo.client, LOCAL_TABLE),
    deadlines: new DynamoDeadlineStore(dynamo.client, LOCAL_TABLE),
    quarantine: new DynamoQuarantineStore(dynamo.client, LOCAL_TABLE),
    ledger: new DynamoNoticeLedger(dynamo.client, LOCAL_TABLE),
    directory: new DynamoDirectoryStore(dynamo.client, LOCAL_TABLE),
    dynamo,
    close: async () => {
      await dynamo.close();
      release();
    },
  };
}

/** Whether a process is alive. */
export const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `<dataDir>/los.lock` for this process, or throws {@link StoreLockedError} while another live
 * process holds it (a lock left by a process that died is taken over). LevelDB has a lock of its own,
 * but dynalite opens the database lazily and a second opener would only fail later, out of reach.
 */
function takeLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) throw new StoreLockedError(dataDir);
      rmSync(file, { force: true });
    }
  }
  throw new StoreLockedError(dataDir);
}
