/**
 * The directory loader: a staff directory CSV dropped into the import bucket under `directory/` (HR's
 * nightly export, say) is read, checked and, only if it has no problems at all, loaded as the new
 * directory, exactly as `los directory import` does: the same parse, the same checks, written as a new
 * version and switched to last. S3 reports each object created to EventBridge, whose rule invokes this
 * function asynchronously.
 *
 * - A file with problems (or too large, or not UTF-8) is not loaded, nothing of it: its problems are
 *   logged by row and column, never a value, with a count an alarm reads. No retry could mend the file,
 *   so the invocation succeeds.
 * - A file gone before it was read needs nothing.
 * - A failure to read the file or write the directory (or another import switching first) throws, so
 *   Lambda retries the invocation (which reads the file as it is then), then records it in the
 *   function's dead-letter queue, whose alarm tells the administrators.
 *
 * Loading the same file twice gives the same directory, so a repeated event is harmless. Logs hold the
 * event id, the file's key (when it is made of safe characters), counts, and problems' rows and columns:
 * never a name or an address.
 */
import { decodeUtf8 } from '../../events/index.ts';
import { parseDirectoryCsv } from '../core/directory/csv.ts';
import type { DirectoryStore, ImportFiles } from '../core/ports.ts';
import { createdFileUnder } from './import-bucket-event.ts';
import type { WarningLogger } from './logger.ts';

/** Where staff directory files go in the import bucket; other imports use other prefixes. */
export const DIRECTORY_FILE_PREFIX = 'directory/';

/** The largest directory file loaded: a council of two thousand staff writes about 300 KB. */
export const MAX_DIRECTORY_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The loader's lines, as the stack's metric filter reads them: the refused file's line and its field
 * counting the problems (an alarm fires when it is above 0).
 */
export const DIRECTORY_LOADER_LOG = {
  loaded: 'directory loaded',
  refused: 'directory file refused',
  problemsField: 'problems',
} as const;

/** How many problems' rows and columns a refused file's line lists. */
const LOGGED_PROBLEMS = 100;

/** What one invocation did (also logged). */
export type DirectoryLoadOutcome =
  | { outcome: 'loaded'; staff: number; teams: number }
  | { outcome: 'refused'; problems: number }
  /** Not an S3 object-created event under `directory/`, or its file is gone: nothing to do. */
  | { outcome: 'ignored' };

/** What the loader needs: the import files, the directory, and where it logs. */
export interface DirectoryLoaderDeps {
  readonly files: ImportFiles;
  readonly directory: Pick<DirectoryStore, 'replace'>;
  readonly logger: WarningLogger;
}

/** Builds the handler over the import files and the directory (the entry point wires S3 and DynamoDB). */
export function createDirectoryLoaderHandler({ files, directory, logger }: DirectoryLoaderDeps) {
  return async (event: unknown): Promise<DirectoryLoadOutcome> => {
    const created = createdFileUnder(DIRECTORY_FILE_PREFIX, event);
    if (!created.ok) {
      logger.warn('not a directory file created in the import bucket: ignored', { eventId: created.eventId });
      return { outcome: 'ignored' };
    }
    const { key, size, logged: file } = created.file;
    const refuse = (problems: number, details: Record<string, unknown>): DirectoryLoadOutcome => {
      logger.warn(DIRECTORY_LOADER_LOG.refused, {
        ...file,
        [DIRECTORY_LOADER_LOG.problemsField]: problems,
        ...details,
      });
      return { outcome: 'refused', problems };
    };

    const tooLarge = { reason: `the file is over ${MAX_DIRECTORY_FILE_BYTES / 1024 / 1024} MB` };
    if ((size ?? 0) > MAX_DIRECTORY_FILE_BYTES) return refuse(1, tooLarge);
    const bytes = await files.read(key, MAX_DIRECTORY_FILE_BYTES);
    if (bytes === null) {
      logger.info('directory file gone before it was read: nothing to load', file);
      return { outcome: 'ignored' };
    }
    if (bytes.length > MAX_DIRECTORY_FILE_BYTES) return refuse(1, tooLarge);
    const text = decodeUtf8(bytes);
    if (!text.ok) return refuse(1, { reason: `the file ${text.message}` });

    const result = parseDirectoryCsv(text.text);
    if (!result.ok) {
      // Rows and columns only: a message may quote an id from the file, and the alarm asks no more.
      return refuse(result.problems.length, {
        problemList: result.problems
          .slice(0, LOGGED_PROBLEMS)
          .map(({ row, column }) => ({ row, column: column || null })),
      });
    }
    const counts = await directory.replace(result.directory);
    logger.info(DIRECTORY_LOADER_LOG.loaded, { ...file, ...counts });
    return { outcome: 'loaded', ...counts };
  };
}
