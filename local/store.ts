/**
 * The local pipeline's storage: the same DynamoDB adapters the Lambdas use, over dynalite on disk under
 * a data directory (or in memory), so `los ingest`, `los deadlines --data-dir` and `npm start` share one
 * store.
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDirectoryStore } from '../functions/adapters/dynamodb/directory-store.ts';
import { DynamoImportLog } from '../functions/adapters/dynamodb/import-log.ts';
import { DynamoImportManifestStore } from '../functions/adapters/dynamodb/import-manifest-store.ts';
import { dynamoIngestStores } from '../functions/adapters/dynamodb/ingest-stores.ts';
import { DynamoNoticeLedger } from '../functions/adapters/dynamodb/notice-ledger.ts';
import { DynamoNoticeOutbox } from '../functions/adapters/dynamodb/notice-outbox.ts';
import { DynamoWeeklyRunLog } from '../functions/adapters/dynamodb/weekly-run-log.ts';
import type {
  CaseEventStore,
  DeadlineStore,
  DirectoryStore,
  ImportLog,
  ImportManifestStore,
  NoticeLedger,
  NoticeOutbox,
  QuarantineStore,
  RecomputeMarks,
  TimelinessStore,
  TrackerIndex,
  WeeklyRunLog,
} from '../functions/core/ports.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';
import { migrateLocalTable } from './table-migration.ts';

/**
 * The table's name on this machine. It changes when the layout gains an index, which dynalite cannot
 * add to an existing table: a store under an earlier name is copied over when opened
 * (`table-migration.ts`).
 */
export const LOCAL_TABLE = 'line-of-sight-local-2';

/** The names earlier layouts' tables had, oldest first: before the board's `trackers` index. */
const EARLIER_LOCAL_TABLES = ['line-of-sight-local'] as const;

/** The file naming the process that has a data directory open. */
const LOCK_FILE = 'los.lock';

export interface LocalStore {
  events: CaseEventStore;
  deadlines: DeadlineStore;
  /** The board's trackers index. */
  trackers: TrackerIndex;
  /** The timeliness figures' months (`los report timeliness`). */
  timeliness: TimelinessStore;
  quarantine: QuarantineStore;
  marks: RecomputeMarks;
  weeklyRuns: WeeklyRunLog;
  ledger: NoticeLedger;
  /** What the runs held while sending was paused (`los serve --sending paused`). */
  outbox: NoticeOutbox;
  directory: DirectoryStore;
  /** What each import source made (`los import`). */
  manifests: ImportManifestStore;
  /** Each import source's last import, as it recorded itself (for `los doctor`). */
  imports: ImportLog;
  close(): Promise<void>;
}

/** A store this process opened itself, with the dynalite behind it. */
export interface OpenedLocalStore extends LocalStore {
  dynamo: LocalDynamo;
}

/** The data directory cannot be used; the message says why and what to do. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * Another process holds the data directory (LevelDB allows one at a time): `holder`, its pid, unless it
 * took the directory at the very moment this one tried.
 */
export class StoreLockedError extends DataDirError {
  override name = 'StoreLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder?: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by ${holder ? `process ${holder}` : 'another process'} ` +
        '(`npm start` or another `los` command); stop it or wait for it to finish, or choose another ' +
        `directory with --data-dir (if it is not Line of Sight, delete ${join(dataDir, LOCK_FILE)})`,
    );
  }
}

/** Plain words for the file system's answers that make a directory unusable as a data directory. */
const UNUSABLE: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  // A file where a directory of the path should be: ENOTDIR above it, EEXIST at `dynamodb` itself.
  ENOTDIR: 'a file is in the way of the path',
  EEXIST: 'a file is in the way of the path',
};

/** A {@link DataDirError} for the file system's everyday refusals, else the error itself. */
function unusable(dataDir: string, error: unknown): unknown {
  const problem = UNUSABLE[(error as NodeJS.ErrnoException).code ?? ''];
  return problem
    ? new DataDirError(
        `cannot use ${dataDir} as the data directory: ${problem}; choose another with --data-dir`,
      )
    : error;
}

/**
 * Opens (creating if needed) the store under `dataDir`, or an empty one in memory when `dataDir` is
 * null. One process at a time may open a data directory: a second opener gets
 * {@link StoreLockedError}; a directory that cannot be created or written, {@link DataDirError}.
 */
export async function openLocalStore(dataDir: string | null): Promise<OpenedLocalStore> {
  let dynamo: LocalDynamo;
  let release = () => {};
  if (dataDir === null) {
    dynamo = await startDynalite();
  } else {
    const path = join(dataDir, 'dynamodb');
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      throw unusable(dataDir, error);
    }
    release = takeLock(dataDir);
    try {
      dynamo = await startDynalite({ path });
    } catch (error) {
      release();
      throw new Error(`cannot open the local store in ${dataDir}: ${(error as Error).message}`);
    }
  }
  await migrateLocalTable(dynamo.client, LOCAL_TABLE, EARLIER_LOCAL_TABLES);
  return {
    ...dynamoIngestStores(dynamo.client, LOCAL_TABLE),
    weeklyRuns: new DynamoWeeklyRunLog(dynamo.client, LOCAL_TABLE),
    ledger: new DynamoNoticeLedger(dynamo.client, LOCAL_TABLE),
    outbox: new DynamoNoticeOutbox(dynamo.client, LOCAL_TABLE),
    directory: new DynamoDirectoryStore(dynamo.client, LOCAL_TABLE),
    manifests: new DynamoImportManifestStore(dynamo.client, LOCAL_TABLE),
    imports: new DynamoImportLog(dynamo.client, LOCAL_TABLE),
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
 * process holds it (a lock left by a process that died is taken over), or {@link DataDirError} when the
 * directory cannot be written. LevelDB has a lock of its own, but dynalite opens the database lazily
 * and a second opener would only fail later, out of reach.
 */
function takeLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(dataDir, error);
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new StoreLockedError(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new StoreLockedError(dataDir);
}
