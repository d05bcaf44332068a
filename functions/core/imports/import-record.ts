/**
 * The record each import leaves of itself, one per source, replaced by the next: when it ran, how it
 * was run, what it came to in counts, and where its problems are (file, row and column, or child and
 * element, never what a cell holds). `los doctor` reads them to say, for each source, whether its last
 * import refused anything, stopped before the end, or is older than a nightly run would leave it.
 * Kept in the store (`--data-dir`, the table on AWS), written by whichever way the import ran: the
 * import bucket's loader or `los import` (functions/imports/recorded-import.ts).
 */
import type { ImportProblem } from './format.ts';

/** How an import was run: a file dropped into the import bucket, or `los import` on a machine. */
export type ImportVia = 'import bucket' | 'los import';

/**
 * How it ended: every case written (`imported`, problems or none); `stopped` between batches before
 * the end (near the function's time limit: what was written is in the manifest, and the next import
 * of the source finishes it); or `refused` whole (the file could not be read: nothing was imported).
 */
export type ImportOutcome = 'imported' | 'stopped' | 'refused';

/** What an import made, as its report counts it. */
export interface ImportCounts {
  children: number;
  made: number;
  corrected: number;
  withdrawn: number;
  unchanged: number;
}

/** Where a problem is: the problem without its message. */
export type ProblemPlace = Omit<ImportProblem, 'message'>;

/** An import's record of itself (see the module's description). */
export interface ImportRecord {
  /** The source (the format's name, or the name a council gave a second source of it). */
  source: string;
  format: string;
  /** The file or folder imported, when its name is plain enough to show ({@link SAFE_FILE_NAME}). */
  file: string | null;
  via: ImportVia;
  /** When it ended, ISO UTC. */
  at: string;
  outcome: ImportOutcome;
  /** What it made; null when it stopped before the end or was refused. */
  counts: ImportCounts | null;
  /** Cases written of those it had to write, when it stopped before the end. */
  written: { cases: number; of: number } | null;
  /** Problems: rows and cells refused, events not taken, why the file was refused, and notes. */
  problems: number;
  /**
   * Those of them that refused something; the rest are notes on rows imported all the same (a code
   * read with its stricter meaning), for the council to check.
   */
  refused: number;
  /** Where the first {@link RECORDED_PROBLEM_PLACES} of them are. */
  problemPlaces: ProblemPlace[];
  /** Deadlines of the cases written that their records do not let the rules work out. */
  caseProblems: number;
}

/** How many problems' places a record keeps: enough to find the pattern, and a small item. */
export const RECORDED_PROBLEM_PLACES = 20;

/**
 * A file name or key that may be shown and logged as it is: letters, digits and `. _ / -` only, so
 * nothing in it could be a person's name, an address or a control character.
 */
export const SAFE_FILE_NAME = /^[A-Za-z0-9._/-]{1,200}$/;

/** `name` when it is {@link SAFE_FILE_NAME}, else null. */
export const shownName = (name: string) => (SAFE_FILE_NAME.test(name) ? name : null);

/** Where a problem is, its file name kept only when it can be shown. */
export function placeOf({ file, row, column, child, line, imported }: ImportProblem): ProblemPlace {
  return {
    file: shownName(file) ?? '(a file whose name is not shown)',
    ...(row === undefined ? {} : { row }),
    ...(column === undefined ? {} : { column }),
    ...(child === undefined ? {} : { child }),
    ...(line === undefined ? {} : { line }),
    ...(imported === undefined ? {} : { imported }),
  };
}

/** `ssd_cp_visits.csv row 4 cppv_cp_visit_date`, `census.xml child C-1 CPPstartDate (line 40)`. */
export function placeText(place: ProblemPlace): string {
  return [
    place.file,
    ...(place.child === undefined ? [] : [`child ${place.child}`]),
    ...(place.row === undefined ? [] : [`row ${place.row}`]),
    ...(place.column === undefined ? [] : [place.column]),
    ...(place.line === undefined ? [] : [`(line ${place.line})`]),
  ].join(' ');
}
