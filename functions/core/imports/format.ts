/**
 * What every import format is made of: a **parser** (the files a council already produces → rows,
 * each with where it came from) and a **mapping** (rows → events of the contract, each under a source
 * key). Everything after the mapping is shared by all formats: the events' ids, checking them
 * against the contract, the snapshot against what was imported before (reconcile.ts), the rules the
 * format cannot feed (coverage.ts), and the writing (functions/imports/). Pure: no files, no store,
 * the time passed in.
 */
import type { CaseEvent } from '../../../events/index.ts';
import type { FormatLimits } from './coverage.ts';

/**
 * One thing wrong with the input, by where it is, never by what it holds: the file, then a row and
 * column (CSV), or a child and element (XML). The message quotes no cell, only the format's own
 * words (column names, code lists), ids and dates the project wrote.
 */
export interface ImportProblem {
  /** The file's name, as supplied (`ssd_cp_visits.csv`). */
  file: string;
  /** The row as a spreadsheet numbers it: the header is row 1. Absent for the whole file. */
  row?: number;
  /** The column (CSV) or element (XML) it concerns; absent for the whole row or file. */
  column?: string;
  /** The child's id in the source (XML formats that nest by child). */
  child?: string;
  /** The line of the file where the element starts (XML), to find it in a large file. */
  line?: number;
  message: string;
  /**
   * The row was imported all the same (a repeat of another, imported once; a code read with its
   * stricter meaning): listed for the council to check, but not a refusal, so it alone does not make
   * the import exit 3.
   */
  imported?: true;
}

/** Whether a problem refused something (see {@link ImportProblem.imported}). */
export const isRefusal = (problem: ImportProblem) => problem.imported !== true;

/** `ssd_cp_visits.csv, row 4, cppv_cp_visit_date: is not a real date`. */
export function problemText(problem: ImportProblem): string {
  const place = [
    problem.file,
    ...(problem.child === undefined ? [] : [`child ${problem.child}`]),
    ...(problem.row === undefined ? [] : [`row ${problem.row}`]),
    ...(problem.column === undefined ? [] : [problem.column]),
    ...(problem.line === undefined ? [] : [`line ${problem.line}`]),
  ];
  return `${place.join(', ')}: ${problem.message}`;
}

/** An event as a mapping makes it: everything but its id, which the framework derives. */
export type EventDraft = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'id'> : never) : never;

/**
 * An event's draft without its case (the mapping fills it in from the row's child): the mapping's
 * own reading is what makes `data` right for `type`, so it is not checked here.
 */
export const eventDraft = (type: EventDraft['type'], occurredAt: string, data: object = {}) =>
  ({ type, occurredAt, data }) as unknown as EventDraft;

/** Where a source row is: its file and row, for problems about the events it makes. */
export interface RowPlace {
  file: string;
  row: number;
}

/** Where a source element is (XML): its file, child, element and line, for problems about its events. */
export interface ElementPlace {
  file: string;
  child: string;
  column: string;
  line: number;
}

/**
 * One event a mapping made, under its **source key**: `<table>:<row id>#<part>`, stable for as long
 * as the row exists in the source (`ssd_cp_plans:4411#start`, `ssd_cp_plans:4411#end`). The key says
 * which row it is; the event's content says what the row says now. A key seen again with other content
 * is a correction; a key no longer there (in a table supplied again) is a deletion.
 */
export interface MappedEvent {
  key: string;
  event: EventDraft;
  from: RowPlace | ElementPlace;
  /**
   * A "latest" value (the latest contact with a care leaver): the source keeps only the newest, so a
   * key no longer there is history, not a deletion, and is never withdrawn.
   */
  latest?: true;
}

/** What a mapping made of a whole extract. */
export interface MappedExtract {
  events: MappedEvent[];
  /** Every problem of the files, rows and cells, in file and row order. */
  problems: ImportProblem[];
  /**
   * The sections supplied whole (a table: its file was there and readable): only their keys can be
   * withdrawn by their absence. A table not supplied leaves what was imported from it as it was.
   */
  sections: string[];
  /**
   * The rows refused (`<table>:<row id>`) whose id could be read: what was imported from them before
   * stands, since a row that is wrong today is not a row deleted.
   */
  held: string[];
  /**
   * The period its sections cover, for a yearly return (the CIN census, the SSDA903): it holds only
   * what was open in its year, so a key dated outside the period that it no longer lists is outside
   * the return, not deleted, and stands. Absent: the sections hold their whole history.
   */
  period?: ImportPeriod;
  /** A staff directory the extract can seed (its teams, who its staff are), when it carries one. */
  directory?: DirectorySeed;
}

/** Days from `from` to `to`, both included (`YYYY-MM-DD`, London days). */
export interface ImportPeriod {
  from: string;
  to: string;
}

/**
 * What an extract says about staff: its teams (with their parents: the reporting lines between
 * units) and its staff, by the id the HR directory knows them by. Staff names are not read: HR's
 * directory has them.
 */
export interface DirectorySeed {
  teams: { id: string; name: string; parentId: string | null }[];
  staff: { id: string; teamId: string | null }[];
}

/** A file as supplied: its name and its bytes decoded as text. */
export interface SourceFile {
  name: string;
  text: string;
  /**
   * A sheet of a workbook (`.xlsx`), read at the edge (functions/imports/xlsx-rows.ts) into the text of
   * each cell, row by row from the sheet's row 1 (an empty row stays, as `[]`); `text` is then empty and
   * `name` is `<workbook>, sheet <sheet>`.
   */
  rows?: readonly (readonly string[])[];
}

/** What a format's PATH names: a folder of its files, one file, or either. */
export type ImportInput = 'folder' | 'file' | 'file-or-folder';

/**
 * An import format: how to read one, what its events can feed, and its name (the default source
 * name, so the first part of every event id it makes). What its dates lack ({@link FormatLimits}:
 * recording times, times of day) is lacking unless it says otherwise.
 */
export interface ImportFormat extends FormatLimits {
  /** `ssd`, `ssda903`, `cin-census`, `annex-a`. */
  readonly name: string;
  /** What the format is, for messages (`the Standard Safeguarding Dataset`). */
  readonly title: string;
  /** What `los import <format> PATH` takes as PATH; a folder when absent. */
  readonly input?: ImportInput;
  /** Whether a file of a folder is one of this format's (by its name or its header); others are ignored. */
  accepts(file: SourceFile): boolean;
  /**
   * Parser and mapping: the files → events under their source keys, problems, sections. `today` is the
   * London day of the import (`YYYY-MM-DD`): a date after it is a problem, never an event.
   */
  read(files: readonly SourceFile[], today: string): MappedExtract;
  /**
   * One event of each kind the format can make (type and data; caseId and date do not matter): what
   * coverage.ts tests the rules' matchers against.
   */
  readonly carries: readonly Pick<CaseEvent, 'type' | 'data'>[];
}
