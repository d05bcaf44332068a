/**
 * `los import <format> PATH`: an extract a council already produces (the SSD's folder of CSV files…)
 * as events, into the local store (`--data-dir`, also while `npm start` holds it), a deployment's
 * table (`--table`), onto its case-event bus (`--bus`), or into a file to inspect (`--out`). A snapshot
 * against what the source's last import made: new rows become events, changed rows corrections, deleted
 * rows withdrawals, and the same extract again changes nothing (docs/imports.md). The formats are those
 * of `functions/core/imports/formats.ts`; this command names none of them.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { Profile } from '../../functions/core/engine/index.ts';
import {
  type ImportFormat,
  type ImportProblem,
  isRefusal,
  type SourceFile,
} from '../../functions/core/imports/format.ts';
import { IMPORT_FORMATS, importFormat } from '../../functions/core/imports/formats.ts';
import { SOURCE_NAME } from '../../functions/core/imports/reconcile.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { ImportLog } from '../../functions/core/ports.ts';
import { isZip, readDroppedFile } from '../../functions/imports/dropped-files.ts';
import { importAndRecord } from '../../functions/imports/recorded-import.ts';
import { importReportText } from '../../functions/imports/report-text.ts';
import {
  type ImportReport,
  type ImportRun,
  type ImportTarget,
  runImport,
} from '../../functions/imports/run-import.ts';
import { storeTarget } from '../../functions/imports/store-target.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { tableOption } from '../aws-table.ts';
import { EXIT, UsageError } from '../errors.ts';
import { busImportTarget, FileManifestStore, outTarget, tableImportStores } from '../import-targets.ts';
import { readFileBytes, resolveProfile, todayInLondon } from '../options.ts';
import { SendStopped } from '../send-events.ts';
import { busTarget } from '../send-targets.ts';

interface ImportOptions {
  dataDir: string;
  table?: string;
  bus?: string;
  out?: string;
  manifest?: string;
  source?: string;
  profile: string;
  json?: boolean;
}

type ImportIo = {
  print: (text: string) => void;
  warn: (text: string) => void;
  setExitCode: (code: number) => void;
};

/** A progress line each time another tenth of the cases is written, for imports this large or larger. */
const PROGRESS_FROM_CASES = 1000;
/** An extract this large (in millions of characters) takes a while to read: say so first. */
const PROGRESS_FROM_MEGABYTES = 20;

/**
 * The files of an extract: PATH's own (a folder's files, not its subfolders; a zip's files and a
 * workbook's sheets, as the import bucket takes them) that the format reads, those it does not, and
 * the files that could not be read (not UTF-8), by name.
 */
async function sourceFiles(
  format: ImportFormat,
  path: string,
): Promise<{ files: SourceFile[]; ignored: string[]; problems: ImportProblem[] }> {
  const input = format.input ?? 'folder';
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (isFolder && input === 'file')
    throw new UsageError(`los import ${format.name} takes a file, and ${path} is a folder`);
  if (!isFolder && input === 'folder' && !isZip(path)) {
    throw new UsageError(
      `los import ${format.name} takes the folder of the extract’s files (or a zip of them), and ${path} is a file`,
    );
  }
  const paths = isFolder
    ? readdirSync(path, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(path, entry.name))
        .sort()
    : [path];
  const files: SourceFile[] = [];
  const ignored: string[] = [];
  const problems: ImportProblem[] = [];
  for (const filePath of paths) {
    const read = await readDroppedFile({ name: basename(filePath), bytes: readFileBytes(filePath) });
    problems.push(...read.problems);
    for (const file of read.files) {
      if (format.accepts(file)) files.push(file);
      else ignored.push(file.name);
    }
  }
  if (files.length === 0) {
    throw new UsageError(
      `${path} holds no file of ${format.title} that could be read; nothing was imported (docs/imports.md lists the files it reads)`,
    );
  }
  return { files, ignored, problems };
}

/**
 * The manifest file of `--out` or `--bus`: `--manifest`, or beside the output (`events.ndjson` →
 * `events.manifest.json`); for the bus, beside the extract, named after it and the bus.
 */
function manifestPath(options: ImportOptions, path: string): string {
  if (options.manifest !== undefined) return options.manifest;
  if (options.out !== undefined) {
    return join(dirname(options.out), `${basename(options.out, extname(options.out))}.manifest.json`);
  }
  return `${resolve(path)}.${options.bus}.manifest.json`;
}

/** The target the options name, and what to do once the import is over (write a manifest file, let a client go). */
async function targetOf(
  options: ImportOptions,
  path: string,
  source: string,
  profile: Profile,
): Promise<{ target: ImportTarget; log?: ImportLog; close: () => Promise<void> }> {
  if (options.out !== undefined || options.bus !== undefined) {
    const manifest = manifestPath(options, path);
    if (options.out !== undefined && resolve(manifest) === resolve(options.out)) {
      throw new UsageError('--manifest must be another file than --out');
    }
    const manifests = new FileManifestStore(manifest);
    // A manifest that is not the source's refuses the import here, before the output is made anew.
    await manifests.entriesOf(source);
    if (options.out !== undefined) {
      return { target: outTarget(options.out, manifests), close: async () => manifests.flush() };
    }
    const send = busTarget(options.bus as string);
    return {
      target: busImportTarget(send, manifests),
      close: async () => {
        manifests.flush();
        send.close();
      },
    };
  }
  if (options.manifest !== undefined) {
    throw new UsageError('--manifest is for --out and --bus: a store keeps its own manifests');
  }
  const context = { profile, timing: defaultNoticeTiming(profile), now: Date.now };
  const channel = `import:${source}`;
  if (options.table !== undefined) {
    const stores = tableImportStores(options.table);
    return {
      target: storeTarget(`the table ${options.table}`, stores, context, channel),
      log: stores.imports,
      close: stores.close,
    };
  }
  const store = await openSharedStore(options.dataDir);
  return {
    target: storeTarget(`the store under ${options.dataDir}`, store, context, channel),
    log: store.imports,
    close: () => store.close(),
  };
}

/** Prints the report and sets the exit code: 3 when anything was refused or a deadline could not be worked out. */
function printReport(
  report: ImportReport,
  format: ImportFormat,
  from: string,
  ignored: string[],
  json: boolean,
  io: ImportIo,
) {
  if (json) io.print(JSON.stringify({ ...report, ignored }, null, 2));
  else {
    const text = importReportText(report, { title: format.title, from });
    for (const line of text.summary) io.print(line);
    if (ignored.length > 0) {
      io.print(
        `Not read: ${ignored.length} ${ignored.length === 1 ? 'file' : 'files'} of ${from} that ${format.title} does not name (${ignored.join(', ')}).`,
      );
    }
    for (const line of text.problems) io.warn(line);
  }
  if (report.problems.some(isRefusal) || report.caseProblems.length > 0) {
    io.setExitCode(EXIT.partial);
  }
}

/** Adds the `import` command. */
export function registerImport(program: Command, io: ImportIo) {
  const names = IMPORT_FORMATS.map((format) => format.name);
  program
    .command('import')
    .description(
      'import an extract the council already produces (a snapshot: new, corrected and deleted rows), into the local store, a deployment, or a file to inspect',
    )
    .argument('<format>', `the extract’s format: ${names.join(', ')}`)
    .argument('<path>', 'the extract: its folder, or its file (as the format takes)')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .addOption(
      new Option(
        '--bus <name>',
        'put the events on the case-event bus on AWS instead (line-of-sight-<env>-case-events), through the default AWS credentials and region',
      ).conflicts(['dataDir', 'table', 'out']),
    )
    .addOption(
      new Option('--out <file>', 'write the events to this NDJSON file instead, to inspect them').conflicts([
        'dataDir',
        'table',
        'bus',
      ]),
    )
    .option(
      '--manifest <file>',
      'with --out or --bus: the file recording what each import made (default: beside --out as <name>.manifest.json; with --bus, beside the extract as <path>.<bus>.manifest.json)',
    )
    .option(
      '--source <name>',
      'the source’s name, when a council imports two extracts of one format (lowercase letters, digits, hyphens): the first part of every event id, and whose manifest is read',
    )
    .option(
      '--profile <name>',
      'default, statutory, or a council profile .json: what the rules are',
      'default',
    )
    .option(
      '--json',
      'print JSON: { format, source, target, children, made, corrected, withdrawn, unchanged, problems, caseProblems, coverage, allocatedNotInDirectory, directory, ignored }',
    )
    .addHelpText(
      'after',
      `
Importing the same extract again changes nothing; a changed row becomes a correction (a retraction of
its event and a new one), a deleted row a retraction. What each import made is kept in a manifest per
source: in the store with --data-dir and --table, in a file with --out and --bus (--manifest).
Problems are listed by file, row and column, never quoting a cell. Exit codes: 0 imported, 3 imported
but something was refused (each problem on stderr), 2 nothing could be imported (the path, an option).
See docs/imports.md.`,
    )
    .action(async (formatName: string, path: string, options: ImportOptions) => {
      const format = importFormat(formatName);
      if (!format) throw new UsageError(`Unknown format "${formatName}": use one of ${names.join(', ')}`);
      const source = options.source ?? format.name;
      if (!SOURCE_NAME.test(source)) {
        throw new UsageError(
          `--source ${source} is not a source name: at most 20 lowercase letters, digits and hyphens`,
        );
      }
      const { files, ignored, problems: readProblems } = await sourceFiles(format, path);
      const megabytes = files.reduce((sum, file) => sum + file.text.length, 0) / 1e6;
      if (megabytes >= PROGRESS_FROM_MEGABYTES) {
        io.warn(
          `Reading ${files.length} files (${Math.round(megabytes)} MB) and comparing them with the last import…`,
        );
      }
      const profile = resolveProfile(options.profile);
      const { target, log, close } = await targetOf(options, path, source, profile);
      let written = 0;
      let cases = 0;
      let nextTenth = 1;
      const run: ImportRun = {
        format,
        files,
        source,
        today: todayInLondon(),
        profile,
        progress: (done, total) => {
          written = done;
          cases = total;
          if (total < PROGRESS_FROM_CASES || done < (nextTenth * total) / 10) return;
          while (done >= (nextTenth * total) / 10) nextTenth += 1;
          io.warn(`${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} cases written…`);
        },
      };
      try {
        let report: ImportReport;
        if (log) {
          // Into a store, the import records itself there, for los doctor, as the import bucket's loader does.
          const imported = await importAndRecord(run, target, {
            log,
            via: 'los import',
            file: path,
            now: Date.now,
            readProblems,
          });
          // Only an import asked to stop between batches stops, and this one is never asked.
          if (imported.outcome !== 'imported') throw new Error('the import stopped between batches unasked');
          report = imported.report;
        } else report = await runImport(run, target);
        printReport(
          { ...report, problems: [...readProblems, ...report.problems] },
          format,
          path,
          ignored,
          options.json === true,
          io,
        );
      } catch (error) {
        if (!(error instanceof SendStopped)) throw error;
        if (written === 0) throw new UsageError(`${error.message}; nothing was sent`);
        io.warn(
          `Sending stopped: ${error.message}. ${written} of ${cases} cases were sent and are in the manifest; ` +
            'importing the extract again sends the rest.',
        );
        io.setExitCode(EXIT.partial);
      } finally {
        await close();
      }
    });
}
