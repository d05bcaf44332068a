/**
 * Importing a council's history: a synthetic council's SSD extract (`local/extracts/ssd.ts`) imported
 * into a local store with `los import ssd DIR --data-dir`, the first time and again with nothing
 * changed, against the event-at-a-time path on a sample of the same extract: its events (as
 * `los import --out` writes them) through `los ingest --file`, and, like for like, the same sample
 * imported. Each command runs in a process of its own (`command-process.ts`), as a council runs it.
 * Rows are the extract's data rows, headers not counted; events are what the import made of them.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIsoDate, londonDayOf } from '../functions/core/calendar/index.ts';
import { type SsdExtractCounts, writeSsdExtract } from '../local/extracts/ssd.ts';
import type { CommandOutcome } from './command-process.ts';
import { round } from './measure.ts';

/** The first import's and the re-import's targets, for the largest council (20,000 cases). */
export const IMPORT_TARGETS = { cases: 20_000, firstSeconds: 600, againSeconds: 120 } as const;

/** One command's time and memory, and its rate over the rows (and events) it took. */
export interface CommandFigures {
  wallMs: number;
  rowsPerSecond: number;
  eventsPerSecond: number;
  rssPeakMb: number;
}

export interface ImportFigures {
  cases: number;
  rows: number;
  extractMb: number;
  generateMs: number;
  /** Events the first import made of the rows. */
  events: number;
  /** The first import into an empty store, with what it refused and could not work out. */
  first: CommandFigures & { problems: number; caseProblems: number };
  /** The same extract again: nothing made, everything unchanged. */
  again: CommandFigures & { made: number; unchanged: number };
  /** The sample of the same extract the baseline runs on: its first cases. */
  sample: { cases: number; rows: number; events: number };
  /** The baseline: `los ingest` of the sample's events, one at a time, each case recomputed once. */
  ingest: CommandFigures & { accepted: number };
  /** The sample imported: the same rows as the baseline, the bulk path. */
  sampleImport: CommandFigures;
  /** Rows a second of the first import over the baseline's. */
  ratio: number;
  /** The same for the sample imported, like for like. */
  sampleRatio: number;
}

/** Runs `los` with `args` in a process of its own; throws unless it exits 0 or 3 (done, something refused). */
async function los(args: readonly string[]): Promise<CommandOutcome> {
  const child = fork(fileURLToPath(new URL('./command-process.ts', import.meta.url)), args, { silent: true });
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`los ${args[0]} exited (${code}) before reporting`);
  });
  const [outcome] = (await Promise.race([once(child, 'message'), exited])) as [CommandOutcome];
  if (outcome.exitCode !== 0 && outcome.exitCode !== 3) {
    throw new Error(`los ${args.join(' ')} exited ${outcome.exitCode}`);
  }
  return outcome;
}

/** A command's `--json` report. */
const reportOf = <T>(outcome: CommandOutcome) => JSON.parse(outcome.printed.join('\n')) as T;

/** A command's figures over `rows` rows and `events` events. */
function figuresOf(outcome: CommandOutcome, rows: number, events: number): CommandFigures {
  const seconds = outcome.wallMs / 1000;
  return {
    wallMs: round(outcome.wallMs),
    rowsPerSecond: round(rows / seconds),
    eventsPerSecond: round(events / seconds),
    rssPeakMb: outcome.rssPeakMb,
  };
}

/** The data rows an extract was written with. */
const rowsOf = (counts: SsdExtractCounts) => Object.values(counts).reduce((sum, count) => sum + count, 0);

const megabytes = (dir: string) =>
  round(readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1024 / 1024, 1);

interface ImportReportJson {
  made: number;
  unchanged: number;
  problems: unknown[];
  caseProblems: unknown[];
}

/**
 * Generates the extract of `cases` cases (as of yesterday: an import refuses dates after its day),
 * imports it twice, and runs the baseline on its first `sampleCases`; `progress` told each step.
 */
export async function benchImport(
  cases: number,
  sampleCases: number,
  progress: (step: string) => void,
): Promise<ImportFigures> {
  const work = mkdtempSync(join(tmpdir(), 'los-bench-import-'));
  try {
    const options = { seed: 7, asOf: formatIsoDate(londonDayOf(Date.now()) - 1), cases };
    const extract = join(work, 'extract');
    const generated = performance.now();
    const counts = writeSsdExtract(extract, options);
    const generateMs = performance.now() - generated;
    const rows = rowsOf(counts);

    const store = join(work, 'store');
    progress(
      `los import: ${cases.toLocaleString('en-GB')} cases, ${rows.toLocaleString('en-GB')} rows, first`,
    );
    const first = await los(['import', 'ssd', extract, '--data-dir', store, '--json']);
    const firstReport = reportOf<ImportReportJson>(first);
    progress('los import: the same extract again');
    const again = await los(['import', 'ssd', extract, '--data-dir', store, '--json']);
    const againReport = reportOf<ImportReportJson>(again);

    const sampleDir = join(work, 'sample');
    // The council's first cases: the same rows as in its whole extract.
    const sampleRows = rowsOf(writeSsdExtract(sampleDir, { ...options, firstCases: sampleCases }));
    const sampleEvents = join(work, 'sample.ndjson');
    const out = reportOf<ImportReportJson>(
      await los(['import', 'ssd', sampleDir, '--out', sampleEvents, '--json']),
    );
    progress(`los ingest: the events of the first ${sampleCases.toLocaleString('en-GB')} cases (baseline)`);
    const ingest = await los([
      'ingest',
      '--file',
      sampleEvents,
      '--data-dir',
      join(work, 'ingest'),
      '--json',
    ]);
    const accepted = reportOf<{ accepted: number }>(ingest).accepted;
    progress('los import: the same cases');
    const sampleImport = await los([
      'import',
      'ssd',
      sampleDir,
      '--data-dir',
      join(work, 'sample-store'),
      '--json',
    ]);

    const firstFigures = figuresOf(first, rows, firstReport.made);
    const ingestFigures = figuresOf(ingest, sampleRows, accepted);
    const sampleImportFigures = figuresOf(sampleImport, sampleRows, out.made);
    return {
      cases,
      rows,
      extractMb: megabytes(extract),
      generateMs: round(generateMs),
      events: firstReport.made,
      first: {
        ...firstFigures,
        problems: firstReport.problems.length,
        caseProblems: firstReport.caseProblems.length,
      },
      again: {
        ...figuresOf(again, rows, againReport.unchanged),
        made: againReport.made,
        unchanged: againReport.unchanged,
      },
      sample: { cases: sampleCases, rows: sampleRows, events: out.made },
      ingest: { ...ingestFigures, accepted },
      sampleImport: sampleImportFigures,
      ratio: round(firstFigures.rowsPerSecond / ingestFigures.rowsPerSecond, 1),
      sampleRatio: round(sampleImportFigures.rowsPerSecond / ingestFigures.rowsPerSecond, 1),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
