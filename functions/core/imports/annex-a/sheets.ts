/**
 * One Annex A sheet (a sheet of the workbook, or a CSV file of a folder) as rows of a list: the list it
 * is, known by its header; where each column the import reads is; each row's cells by column. The
 * header is the first row, among the first ten, that holds a list's telling columns (rows above it, a
 * title say, are passed over). Rows are numbered as the spreadsheet numbers them.
 *
 * A sheet that is no list, or lacks the child's id, or names a column twice, is refused whole; a
 * missing column the mapping reads is listed and the rest is read. Each row then stands alone: a row
 * without a child, or (CSV) with the wrong number of fields, is refused; a row with the child and the
 * episode of an earlier row is a duplicate and refused (the first stands). Problems never repeat a cell.
 */
import { formatIsoDate } from '../../calendar/index.ts';
import { dayOf } from '../cells.ts';
import { records } from '../csv-tables.ts';
import type { ImportProblem, SourceFile } from '../format.ts';
import {
  ANNEX_A_LISTS,
  COLUMNS,
  type ColumnKey,
  headerForm,
  holdsDate,
  type ListSpec,
  sectionOf,
} from './lists.ts';

/** How far down a sheet its header may be. */
const HEADER_WITHIN = 10;

/** The day Excel counts its dates from (serial 1 is 1 January 1900, counting 1900 as a leap year). */
const EXCEL_DAY_ZERO = -25_569;
/** An Excel date written as its serial number, as a sheet saved to CSV without a date format gives it. */
const EXCEL_SERIAL = /^(\d{5})(?:\.\d+)?$/;

/** A date cell's text as `YYYY-MM-DD` when it is an Excel serial number; otherwise as it is. */
function excelDate(text: string): string {
  const serial = EXCEL_SERIAL.exec(text);
  return serial ? formatIsoDate(EXCEL_DAY_ZERO + Number(serial[1])) : text;
}

/** One row of a list: its number as the spreadsheet has it, its child's id as written, and its cells. */
export interface ListRow {
  row: number;
  child: string;
  /** The cell of a column the import reads, trimmed; `''` when empty or the column is absent. */
  cell(column: ColumnKey): string;
}

/** A sheet read as a list. */
export interface ListSheet {
  list: ListSpec;
  file: string;
  rows: ListRow[];
}

/** What reading a sheet gave: the list (null when refused or no list), its problems, rows refused. */
export interface SheetResult {
  sheet: ListSheet | null;
  problems: ImportProblem[];
  /** `list-<n>:<child>` of each row refused whose child could be read. */
  held: string[];
}

/** A sheet's cells, row by row from row 1, or the problem that stops it being read. */
function rowsOf(file: SourceFile): readonly (readonly string[])[] | ImportProblem {
  return file.rows ?? records(file.name, file.text);
}

/** The list whose telling columns a header row holds, with the column each header cell is. */
function listOfHeader(header: readonly string[]): { list: ListSpec; at: Map<number, ColumnKey> } | null {
  const forms = header.map((text) => headerForm(text ?? ''));
  let best: { list: ListSpec; at: Map<number, ColumnKey> } | null = null;
  for (const list of ANNEX_A_LISTS) {
    const keys: ColumnKey[] = ['child', ...list.signature, ...list.expected, ...list.optional];
    const at = new Map<number, ColumnKey>();
    forms.forEach((form, position) => {
      const key = keys.find((candidate) => COLUMNS[candidate].header.test(form));
      if (key !== undefined) at.set(position, key);
    });
    const found = new Set(at.values());
    if (!list.signature.every((key) => found.has(key))) continue;
    if (best === null || list.signature.length > best.list.signature.length) best = { list, at };
  }
  return best;
}

/** Whether a row holds nothing. */
const blank = (row: readonly string[]) => row.every((cell) => (cell ?? '').trim() === '');

/**
 * Reads one sheet or CSV file as an Annex A list. A sheet with nothing in it is no list and no
 * problem (a workbook's empty sheets); any other that is no list is a problem.
 */
export function readSheet(file: SourceFile): SheetResult {
  const read = rowsOf(file);
  if (!Array.isArray(read)) return { sheet: null, problems: [read as ImportProblem], held: [] };
  const rows = read as readonly (readonly string[])[];
  let headerAt = -1;
  let found: ReturnType<typeof listOfHeader> = null;
  for (let index = 0; index < Math.min(rows.length, HEADER_WITHIN) && found === null; index++) {
    found = listOfHeader(rows[index] as readonly string[]);
    if (found) headerAt = index;
  }
  if (found === null) {
    if (rows.every(blank)) return { sheet: null, problems: [], held: [] };
    const message = `is not one of the Annex A lists: no row among its first ${HEADER_WITHIN} has the columns of any list; nothing in it was imported`;
    return { sheet: null, problems: [{ file: file.name, message }], held: [] };
  }
  const { list, at } = found;
  const headerRow = headerAt + 1;
  const header = rows[headerAt] as readonly string[];
  const problems: ImportProblem[] = [];
  const positions = new Map<ColumnKey, number>();
  for (const [position, key] of at) {
    if (positions.has(key)) {
      problems.push({
        file: file.name,
        row: headerRow,
        column: COLUMNS[key].name,
        message: 'this column appears twice; nothing in this sheet was imported',
      });
    } else positions.set(key, position);
  }
  if (!list.mapped) return { sheet: { list, file: file.name, rows: [] }, problems: [], held: [] };
  if (!positions.has('child')) {
    problems.push({
      file: file.name,
      row: headerRow,
      column: COLUMNS.child.name,
      message: `the header has no such column, which says whose each row is; nothing in this ${list.title} was imported`,
    });
  }
  if (problems.length > 0) return { sheet: null, problems, held: [] };
  for (const key of list.expected) {
    if (!positions.has(key)) {
      problems.push({
        file: file.name,
        row: headerRow,
        column: COLUMNS[key].name,
        message: `the header has no such column: what it would tell of ${list.title} was not imported`,
        imported: true,
      });
    }
  }

  const section = sectionOf(list);
  const childAt = positions.get('child') as number;
  const episodeAt = list.episode === null ? undefined : positions.get(list.episode);
  const listRows: ListRow[] = [];
  const held: string[] = [];
  const first = new Map<string, { row: number; cells: readonly string[] }>();
  rows.slice(headerAt + 1).forEach((cells, index) => {
    const row = headerRow + 1 + index;
    if (blank(cells)) return;
    const child = (cells[childAt] ?? '').trim();
    if (file.rows === undefined && cells.length !== header.length) {
      problems.push({
        file: file.name,
        row,
        message: `has ${cells.length} fields but the header has ${header.length}; the row was not imported`,
      });
      if (child !== '') held.push(`${section}:${child}`);
      return;
    }
    if (child === '') {
      problems.push({
        file: file.name,
        row,
        column: COLUMNS.child.name,
        message: 'is empty: the row names no child; the row was not imported',
      });
      return;
    }
    const episodeText = episodeAt === undefined ? '' : excelDate((cells[episodeAt] ?? '').trim());
    const identity = `${child}\u0000${dayOf(episodeText) ?? episodeText}`;
    const earlier = first.get(identity);
    if (earlier) {
      const same =
        earlier.cells.length === cells.length &&
        earlier.cells.every((text, i) => text.trim() === (cells[i] ?? '').trim());
      const episode = list.episode === null ? '' : ` and ${COLUMNS[list.episode].name}`;
      problems.push(
        same
          ? {
              file: file.name,
              row,
              column: COLUMNS.child.name,
              message: `repeats row ${earlier.row}; it was imported once`,
              imported: true,
            }
          : {
              file: file.name,
              row,
              column: COLUMNS.child.name,
              message: `is the child${episode} of row ${earlier.row} too, with other values; row ${earlier.row} was imported, this one was not`,
            },
      );
      if (!same) held.push(`${section}:${child}`);
      return;
    }
    first.set(identity, { row, cells });
    listRows.push({
      row,
      child,
      cell: (key) => {
        const position = positions.get(key);
        const text = position === undefined ? '' : (cells[position] ?? '').trim();
        return holdsDate(key) ? excelDate(text) : text;
      },
    });
  });
  return { sheet: { list, file: file.name, rows: listRows }, problems, held };
}
