/**
 * An import that leaves a record of itself in the store (core/imports/import-record.ts), for
 * `los doctor`: the one way both the import bucket's loader and `los import` into a store
 * (`--data-dir`, `--table`) run an import, so the record is written the same whichever ran it.
 *
 * An import may be asked to stop between batches (the loader, near its function's time limit):
 * {@link runImport} saves each batch's manifest before it reports the batch done, so an import
 * stopped there has a manifest true to what it wrote, and the next import of the source writes the
 * rest (what was written is unchanged by then).
 */

import { type ImportProblem, isRefusal } from '../core/imports/format.ts';
import {
  type ImportRecord,
  type ImportVia,
  placeOf,
  RECORDED_PROBLEM_PLACES,
  shownName,
} from '../core/imports/import-record.ts';
import type { ImportLog } from '../core/ports.ts';
import { type ImportReport, type ImportRun, type ImportTarget, runImport } from './run-import.ts';

/** How an import is run and recorded. */
export interface RecordedRun {
  /** Where the record goes: the store the import writes to. */
  readonly log: ImportLog;
  readonly via: ImportVia;
  /** The file or folder imported (the bucket's key, the path given), shown only when plain. */
  readonly file: string;
  readonly now: () => number;
  /** Asked after each batch but the last whether to stop there; never, when left out. */
  readonly stopAfterBatch?: () => boolean;
  /** Problems met reading the files before the import (a file of a zip that is not UTF-8), counted in. */
  readonly readProblems?: readonly ImportProblem[];
}

/** What a recorded import came to: its report when it finished, and its record either way. */
export type RecordedImport =
  | { readonly outcome: 'imported'; readonly report: ImportReport; readonly record: ImportRecord }
  | { readonly outcome: 'stopped'; readonly record: ImportRecord };

/** Thrown from the progress callback to stop between batches; never leaves this module. */
class StopBetweenBatches extends Error {
  override name = 'StopBetweenBatches';
}

/** How an import ended, as its record says it. */
type Ending = Pick<ImportRecord, 'outcome' | 'counts' | 'written' | 'caseProblems'> & {
  problems: readonly ImportProblem[];
};

/** The record of an import of `source` that ended so. */
function recordOf(
  source: string,
  format: string,
  how: Omit<RecordedRun, 'log'>,
  ending: Ending,
): ImportRecord {
  const { problems, ...rest } = ending;
  return {
    source,
    format,
    file: shownName(how.file),
    via: how.via,
    at: new Date(how.now()).toISOString(),
    ...rest,
    problems: problems.length,
    refused: problems.filter(isRefusal).length,
    problemPlaces: problems.slice(0, RECORDED_PROBLEM_PLACES).map(placeOf),
  };
}

/**
 * Runs the import of `run.files` into `target` (see {@link runImport}) and records it in `how.log`,
 * whether it finished or was stopped between batches. An import that fails (the store unreachable)
 * throws and records nothing: the source's last record is still the last import that ended.
 */
export async function importAndRecord(
  run: ImportRun,
  target: ImportTarget,
  how: RecordedRun,
): Promise<RecordedImport> {
  let written = { cases: 0, of: 0 };
  const progress = (done: number, total: number) => {
    run.progress(done, total);
    written = { cases: done, of: total };
    if (done < total && how.stopAfterBatch?.()) throw new StopBetweenBatches();
  };
  try {
    const report = await runImport({ ...run, progress }, target);
    const { children, made, corrected, withdrawn, unchanged } = report;
    const record = recordOf(report.source, report.format, how, {
      outcome: 'imported',
      counts: { children, made, corrected, withdrawn, unchanged },
      written: null,
      problems: [...(how.readProblems ?? []), ...report.problems],
      caseProblems: report.caseProblems.length,
    });
    await how.log.record(record);
    return { outcome: 'imported', report, record };
  } catch (error) {
    if (!(error instanceof StopBetweenBatches)) throw error;
  }
  // Its problems are counted by the import that finishes it.
  const record = recordOf(run.source, run.format.name, how, {
    outcome: 'stopped',
    counts: null,
    written,
    problems: [],
    caseProblems: 0,
  });
  await how.log.record(record);
  return { outcome: 'stopped', record };
}

/** Records an import of `source` refused whole: its file could not be read, so nothing was imported. */
export async function recordRefusal(
  refused: { source: string; format: string; problems: readonly ImportProblem[] },
  how: Omit<RecordedRun, 'stopAfterBatch'>,
): Promise<ImportRecord> {
  const record = recordOf(refused.source, refused.format, how, {
    outcome: 'refused',
    counts: null,
    written: null,
    problems: refused.problems,
    caseProblems: 0,
  });
  await how.log.record(record);
  return record;
}
