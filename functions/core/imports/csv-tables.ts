/**
 * Reading one CSV table of an extract (the SSD's tables, the SSDA903's): the header against the
 * columns the mapping reads, then each row by its id (a column, or the columns that together tell rows
 * apart in a table without ids). Problems name the file, the row as a spreadsheet numbers it (the
 * header is row 1) and the column, never what a cell holds.
 *
 * A file that cannot be read as CSV, or lacks a column the mapping needs, is refused whole (and its
 * table counts as not supplied, so nothing imported from it before is withdrawn). Otherwise each row
 * stands alone: a row without an id, or with the wrong number of fields, is refused and the rest are
 * read; a row whose id an earlier row already has is refused (the first stands).
 */
import { parse } from 'csv-parse/sync';
import type { ImportProblem, SourceFile } from './format.ts';

/** The columns of one table that a mapping reads. */
export interface TableSpec {
  /** The table's name, which is its file's name without `.csv` (`ssd_cp_visits`). */
  name: string;
  /**
   * The column holding each row's own id: what its source keys are made of. A table without row ids
   * (the SSDA903's) names the columns that together tell its rows apart (`['CHILD', 'DECOM']`): the id
   * is their cells joined by `:`.
   */
  id: string | readonly string[];
  /** Columns the mapping cannot do without: a file lacking one is refused. */
  required: readonly string[];
  /** Columns read when present (exports made before they were added lack them). */
  optional?: readonly string[];
}

/** One row of a table: its number, its id, and its cells by column (trimmed; `''` when empty or absent). */
export interface TableRow {
  row: number;
  id: string;
  cell(column: string): string;
}

/** A table read: the file it came from and its rows (each id once). */
export interface CsvTable {
  spec: TableSpec;
  file: string;
  rows: TableRow[];
}

/** What reading a table gave: the table (null when the file was refused), problems, rows refused by id. */
export interface CsvTableResult {
  table: CsvTable | null;
  problems: ImportProblem[];
  /** `<table>:<row id>` of each row refused whose id could be read. */
  held: string[];
}

/** How every CSV text is read: a byte-order mark tolerated, rows of any length, any line ending. */
const CSV_OPTIONS = { bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] };

/**
 * The column names of a CSV text's header, trimmed, without reading the rest: what a format that
 * knows its tables by their columns (the SSDA903's) recognises a file by. Null when the first
 * record cannot be read.
 */
export function csvHeader(text: string): string[] | null {
  try {
    const [header] = parse(text, { ...CSV_OPTIONS, to: 1 }) as string[][];
    return (header ?? []).map((name) => name.trim());
  } catch {
    return null;
  }
}

/** Records of a CSV text (a BOM tolerated), or the problem that stops it being read: every field as written. */
export function records(file: string, text: string): string[][] | ImportProblem {
  try {
    return parse(text, CSV_OPTIONS);
  } catch (error) {
    const at = (error as { records?: number }).records ?? 0;
    const code = (error as { code?: string }).code;
    const message =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed: a closing " is missing'
        : code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quoted field has text after its closing ": write a " inside a quoted field as ""'
          : 'cannot be read as CSV';
    return { file, row: at + 1, message: `${message}; nothing in this file was imported` };
  }
}

/**
 * Reads one table's file against its spec: column names are matched case-insensitively and may come
 * in any order; columns the spec does not name are ignored.
 */
export function readCsvTable(file: SourceFile, spec: TableSpec): CsvTableResult {
  const read = records(file.name, file.text);
  if (!Array.isArray(read)) return { table: null, problems: [read], held: [] };
  const [header = [], ...data] = read;
  const positions = new Map<string, number>();
  const problems: ImportProblem[] = [];
  header.forEach((text, position) => {
    const name = text.trim().toLowerCase();
    if (name === '') return;
    if (positions.has(name))
      problems.push({ file: file.name, row: 1, column: name, message: 'this column appears twice' });
    else positions.set(name, position);
  });
  const idColumns = typeof spec.id === 'string' ? [spec.id] : spec.id;
  for (const column of [...idColumns, ...spec.required]) {
    if (!positions.has(column.toLowerCase())) {
      problems.push({
        file: file.name,
        row: 1,
        column,
        message: 'the header has no such column, which the import needs; nothing in this file was imported',
      });
    }
  }
  if (problems.length > 0) return { table: null, problems, held: [] };

  const idAts = idColumns.map((column) => positions.get(column.toLowerCase()) as number);
  const idColumn = idColumns.join(', ');
  const rows: TableRow[] = [];
  const held: string[] = [];
  const firstRow = new Map<string, { row: number; record: string[] }>();
  data.forEach((record, index) => {
    const row = index + 2;
    if (record.every((field) => field.trim() === '')) return;
    const idParts = idAts.map((at) => (record[at] ?? '').trim());
    const id = idParts.includes('') ? '' : idParts.join(':');
    if (record.length !== header.length) {
      problems.push({
        file: file.name,
        row,
        message: `has ${record.length} fields but the header has ${header.length}; the row was not imported`,
      });
      if (id !== '' && idAts.every((at) => record.length > at)) held.push(`${spec.name}:${id}`);
      return;
    }
    if (id === '') {
      const column = idColumns[idParts.indexOf('')] as string;
      problems.push({
        file: file.name,
        row,
        column,
        message: 'is empty: a row needs its id; the row was not imported',
      });
      return;
    }
    const first = firstRow.get(id);
    if (first) {
      const same =
        first.record.length === record.length &&
        first.record.every((field, at) => field.trim() === (record[at] ?? '').trim());
      problems.push(
        same
          ? {
              file: file.name,
              row,
              column: idColumn,
              message: `repeats row ${first.row}; it was imported once`,
              imported: true,
            }
          : {
              file: file.name,
              row,
              column: idColumn,
              message: `is the id of row ${first.row} too, with other values; row ${first.row} was imported, this one was not`,
            },
      );
      return;
    }
    firstRow.set(id, { row, record });
    rows.push({
      row,
      id,
      cell: (column) => {
        const at = positions.get(column.toLowerCase());
        return at === undefined ? '' : (record[at] ?? '').trim();
      },
    });
  });
  return { table: { spec, file: file.name, rows }, problems, held };
}
