/**
 * The import loader: an extract dropped into the import bucket under `imports/<format>/` (a council's
 * nightly SSD, SSDA903, CIN census or Annex A file) is imported into the table, as
 * `los import <format> … --table` does: the same formats, the same snapshot against the source's
 * manifest, written through ingest, and the same record of itself for `los doctor`. S3 reports each
 * object created to EventBridge, whose rule invokes this function asynchronously.
 *
 * The key says what the file is: `imports/<format>/<file>`, or `imports/<format>/<source>/<file>`
 * when a council has two sources of one format (the source is the manifest's name and the first part
 * of every event id; the format's name when not given). A zip is opened and its files are the
 * extract (a folder format travels as one zip: one drop, one import); any other file is the extract.
 *
 * - A file that cannot be imported at all (a key in no format's place, a format not known, a zip that
 *   cannot be opened, no file of the format in it, over the size limit) is refused: one line with its
 *   problems' places, counted for an alarm, and the source's record says so when there is a source.
 *   No retry could mend the file, so the invocation succeeds.
 * - Otherwise everything valid is imported; rows refused are problems by file, row and column.
 * - Near the function's time limit it stops between batches and says so: what it wrote is in the
 *   manifest, and the next drop of the source writes the rest.
 * - A failure to read the file or write the table throws, so Lambda retries the invocation, then
 *   records it in the function's dead-letter queue, whose alarm tells the administrators.
 *
 * Importing the same file twice changes nothing (the snapshot finds every row unchanged), so a
 * repeated event is harmless. Logs hold the event id, the key (when it is made of safe characters),
 * counts, and problems' places: never what a cell holds.
 */
import { formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import type { ImportProblem } from '../core/imports/format.ts';
import { IMPORT_FORMATS, importFormat } from '../core/imports/formats.ts';
import { type ImportRecord, placeOf, RECORDED_PROBLEM_PLACES } from '../core/imports/import-record.ts';
import { SOURCE_NAME } from '../core/imports/reconcile.ts';
import type { ImportFiles, ImportLog } from '../core/ports.ts';
import { readDroppedFile } from '../imports/dropped-files.ts';
import { importAndRecord, type RecordedRun, recordRefusal } from '../imports/recorded-import.ts';
import type { ImportReport } from '../imports/run-import.ts';
import { type ImportStores, storeTarget } from '../imports/store-target.ts';
import type { IngestContext } from '../ingest/ingest.ts';
import { createdFileUnder } from './import-bucket-event.ts';
import type { WarningLogger } from './logger.ts';

/** Where extracts go in the import bucket; `directory/` is the staff directory's. */
export const IMPORT_FILE_PREFIX = 'imports/';

/** The largest file imported: a zip of the largest council's SSD extract is some 50 MB. */
export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Time left in hand when a batch is done: less than this, and the import stops there rather than
 * start a batch the function might not finish (a batch is a few hundred events, seconds to write).
 */
export const STOP_MARGIN_MS = 2 * 60_000;

/**
 * The loader's lines, as the stack's metric filter and the runbook read them: an import that ended,
 * one stopped near the time limit, a file refused whole, and the field counting problems (an alarm
 * fires when a refused file's is above 0).
 */
export const IMPORT_LOADER_LOG = {
  imported: 'import finished',
  stopped: 'import stopped before the end',
  refused: 'import file refused',
  problemsField: 'problems',
} as const;

/** The ingest channel the quarantine names for events an import of `source` from the bucket refused. */
export const importLoaderChannel = (source: string) => `import-bucket:${source}`;

/** What one invocation did (also logged). */
export type ImportLoadOutcome =
  | { outcome: 'imported'; record: ImportRecord }
  | { outcome: 'stopped'; record: ImportRecord }
  /** Refused whole; `record` is the source's, when the key named a source. */
  | { outcome: 'refused'; problems: number; record: ImportRecord | null }
  /** Not an S3 object-created event for a file under `imports/`, or its file is gone: nothing to do. */
  | { outcome: 'ignored' };

/** What the loader needs: the import files, the table's stores, the rules, and where it logs. */
export interface ImportLoaderDeps {
  readonly files: ImportFiles;
  readonly stores: ImportStores;
  readonly imports: ImportLog;
  readonly context: Pick<IngestContext, 'profile' | 'timing' | 'now'>;
  readonly logger: WarningLogger;
}

/** What the loader reads of Lambda's context: how long the invocation has left. */
export interface InvocationClock {
  getRemainingTimeInMillis(): number;
}

/** Where a key puts its file: the format, the source and the file's name, or why it cannot be imported. */
type Placed =
  | { ok: true; format: NonNullable<ReturnType<typeof importFormat>>; source: string; name: string }
  | { ok: false; message: string };

const FORMAT_NAMES = IMPORT_FORMATS.map(({ name }) => name).join(', ');

/** Reads `imports/<format>/[<source>/]<file>` (see the module's description). */
function placeOfKey(key: string): Placed {
  const parts = key.slice(IMPORT_FILE_PREFIX.length).split('/');
  if (parts.length !== 2 && parts.length !== 3) {
    return {
      ok: false,
      message: `is not imports/<format>/<file> or imports/<format>/<source>/<file>: nothing was read`,
    };
  }
  const [formatName = '', ...rest] = parts;
  const format = importFormat(formatName);
  if (!format) {
    return { ok: false, message: `is under a folder that names no format (the formats: ${FORMAT_NAMES})` };
  }
  const source = rest.length === 2 ? (rest[0] as string) : format.name;
  if (!SOURCE_NAME.test(source)) {
    return {
      ok: false,
      message: 'names a source that is not 1 to 20 lowercase letters, digits and hyphens',
    };
  }
  return { ok: true, format, source, name: rest.at(-1) as string };
}

/** The counts of a finished import's report, for its line (problems are the record's places). */
const reportFields = (report: ImportReport) => ({
  rulesWithoutSource: report.coverage.noSource.length,
  rulesNeverMet: report.coverage.neverMet.length,
  staffNotInDirectory: report.allocatedNotInDirectory?.length ?? 0,
  directory: report.directory?.outcome ?? null,
});

/** A record's fields for a log line: its counts and problems' places, nothing from a cell. */
const recordFields = ({
  source,
  format,
  outcome,
  counts,
  written,
  problems,
  refused,
  problemPlaces,
  caseProblems,
}: ImportRecord) => ({
  format,
  source,
  outcome,
  ...counts,
  ...(written && { casesWritten: written.cases, casesToWrite: written.of }),
  [IMPORT_LOADER_LOG.problemsField]: problems,
  refused,
  problemPlaces,
  caseProblems,
});

/** Builds the handler over the import files and the table (the entry point wires S3 and DynamoDB). */
export function createImportLoaderHandler({ files, stores, imports, context, logger }: ImportLoaderDeps) {
  return async (event: unknown, clock?: InvocationClock): Promise<ImportLoadOutcome> => {
    const created = createdFileUnder(IMPORT_FILE_PREFIX, event);
    if (!created.ok) {
      logger.warn('not a file created in the import bucket under imports/: ignored', {
        eventId: created.eventId,
      });
      return { outcome: 'ignored' };
    }
    const { key, size, logged } = created.file;
    if (key.endsWith('/')) {
      // A folder made in the console: an object of no content whose key ends with a slash.
      logger.info('a folder, not a file: nothing to import', logged);
      return { outcome: 'ignored' };
    }
    const placed = placeOfKey(key);
    const problemsOf = (message: string): ImportProblem[] => [
      { file: placed.ok ? placed.name : key, message },
    ];
    const refuse = (problems: ImportProblem[], record: ImportRecord | null): ImportLoadOutcome => {
      logger.warn(IMPORT_LOADER_LOG.refused, {
        ...logged,
        ...(record ? recordFields(record) : {}),
        [IMPORT_LOADER_LOG.problemsField]: problems.length,
        problemPlaces: problems.slice(0, RECORDED_PROBLEM_PLACES).map(placeOf),
      });
      return { outcome: 'refused', problems: problems.length, record };
    };
    if (!placed.ok) return refuse(problemsOf(placed.message), null);

    const { format, source, name } = placed;
    const how: RecordedRun = {
      log: imports,
      via: 'import bucket',
      file: key,
      now: context.now,
      ...(clock && { stopAfterBatch: () => clock.getRemainingTimeInMillis() < STOP_MARGIN_MS }),
    };
    const refuseSource = async (problems: ImportProblem[]) =>
      refuse(problems, await recordRefusal({ source, format: format.name, problems }, how));

    const tooLarge = `is over ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB: nothing was read`;
    if ((size ?? 0) > MAX_IMPORT_FILE_BYTES) return refuseSource(problemsOf(tooLarge));
    const bytes = await files.read(key, MAX_IMPORT_FILE_BYTES);
    if (bytes === null) {
      logger.info('import file gone before it was read: nothing to import', logged);
      return { outcome: 'ignored' };
    }
    if (bytes.length > MAX_IMPORT_FILE_BYTES) return refuseSource(problemsOf(tooLarge));
    const dropped = await readDroppedFile({ name, bytes });
    if (dropped.files.length === 0) return refuseSource(dropped.problems);
    if (!dropped.files.some((file) => format.accepts(file))) {
      return refuseSource([
        ...dropped.problems,
        ...problemsOf(`holds no file of ${format.title} (${format.name}): nothing was imported`),
      ]);
    }

    const target = storeTarget('the table', stores, context, importLoaderChannel(source));
    const run = {
      format,
      files: dropped.files,
      source,
      today: formatIsoDate(londonDayOf(context.now())),
      profile: context.profile,
      progress: () => undefined,
    };
    const result = await importAndRecord(run, target, { ...how, readProblems: dropped.problems });
    if (result.outcome === 'stopped') {
      logger.warn(IMPORT_LOADER_LOG.stopped, { ...logged, ...recordFields(result.record) });
      return result;
    }
    logger.info(IMPORT_LOADER_LOG.imported, {
      ...logged,
      ...recordFields(result.record),
      ...reportFields(result.report),
    });
    return { outcome: 'imported', record: result.record };
  };
}
