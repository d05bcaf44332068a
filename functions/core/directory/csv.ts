/**
 * The staff directory as a CSV file: read with every problem listed, and written back out.
 *
 * One file holds both the teams and the staff, so an import is one file and is checked as a whole
 * (a reporting line or a team can only be checked against the rest of the directory). The first row
 * names the columns, in any order, case-insensitively; every column must be there but `duty` (files
 * written before it existed have none), and a row leaves empty the columns that are not for its kind:
 *
 * | column | staff rows | team rows |
 * |---|---|---|
 * | `record` | `staff` | `team` |
 * | `id` | their id in the case system (`SW-014`) | the team's id (`team-north-1`), as `case.allocated` names it |
 * | `name` | their name | the team's name |
 * | `email` | their work address | |
 * | `level` | `worker`, `ATM`, `TM`, `SM`, `HOS`, `AD` or `DIRECTOR` (any case) | |
 * | `team` | the id of their team (above team level: their service or directorate) | |
 * | `reports_to` | their line manager's id; empty only for the one person at the top | |
 * | `left_on` | a leaver's last working day, `YYYY-MM-DD`; empty while in post | |
 * | `parent` | | the id of the unit it sits in; empty at the top |
 * | `teams_channel` | | the Teams channel its cards go to; empty to use its parent's |
 * | `duty` | | `yes` on the one team that answers for unallocated cases; empty on the others |
 *
 * Ids are letters, digits, dots, underscores and hyphens. A line manager must be at a higher level
 * than each person reporting to them, so that escalation always climbs. Blank rows are skipped; a UTF-8
 * byte order mark and any line endings (as spreadsheets save, even mixed) are fine.
 *
 * Problems name the row as a spreadsheet shows it (the header is row 1) and the column, and quote
 * nothing from the file but ids (a value in the wrong column may be a name or an address), so that
 * they can be printed and logged.
 */
import { parse } from 'csv-parse/sync';
import { staffIdSchema } from '../../../events/identifiers.ts';
import { isIsoDate } from '../calendar/index.ts';
import { type DirectoryData, STAFF_LEVELS, type StaffLevel, type StaffMember, type Team } from './model.ts';

/** The columns of a directory CSV, in the order {@link directoryCsv} writes them. */
export const DIRECTORY_CSV_COLUMNS = [
  'record',
  'id',
  'name',
  'email',
  'level',
  'team',
  'reports_to',
  'left_on',
  'parent',
  'teams_channel',
  'duty',
] as const;
/** See {@link DIRECTORY_CSV_COLUMNS}. */
export type DirectoryCsvColumn = (typeof DIRECTORY_CSV_COLUMNS)[number];

/** The columns a header may leave out: added after files were already being made. */
const OPTIONAL_COLUMNS: ReadonlySet<DirectoryCsvColumn> = new Set(['duty']);

/** One thing wrong with a directory CSV. */
export interface DirectoryCsvProblem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** The column it is in; empty when it concerns the whole row or the whole file. */
  column: DirectoryCsvColumn | '';
  /** Plain English, naming ids but never a name or an email address. */
  message: string;
}

/** What reading a directory CSV gives: the directory, or every problem found (never some of each). */
export type DirectoryCsvResult =
  | { ok: true; directory: DirectoryData }
  | { ok: false; problems: DirectoryCsvProblem[] };

type RecordKind = 'staff' | 'team';

/** The columns each kind of row fills in (besides `record`). */
const COLUMNS_OF: Record<RecordKind, ReadonlySet<DirectoryCsvColumn>> = {
  staff: new Set(['id', 'name', 'email', 'level', 'team', 'reports_to', 'left_on']),
  team: new Set(['id', 'name', 'parent', 'teams_channel', 'duty']),
};
const REQUIRED_OF: Record<RecordKind, readonly DirectoryCsvColumn[]> = {
  staff: ['id', 'name', 'email', 'level', 'team'],
  team: ['id', 'name'],
};

const LEVEL_BY_LOWER_CASE = new Map<string, StaffLevel>(
  STAFF_LEVELS.map((level) => [level.toLowerCase(), level]),
);
const RANK = new Map<StaffLevel, number>(STAFF_LEVELS.map((level, rank) => [level, rank]));
const LEVEL_LIST = STAFF_LEVELS.join(', ');
// Deliberately loose: one @, something either side, a dot in the domain, no spaces. Whether the address
// exists is found out by sending to it (a bounce marks it undeliverable).
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;

/** A data row with its fields by column, trimmed. */
interface Row {
  row: number;
  kind: RecordKind;
  fields: Record<DirectoryCsvColumn, string>;
}

/** A row after its own checks: the checks across rows use only the fields that passed them. */
interface CheckedRow extends Row {
  /** The columns with a problem of their own. */
  bad: ReadonlySet<DirectoryCsvColumn>;
}

/** A field that is filled in and passed its own checks. */
const usable = (row: CheckedRow, column: DirectoryCsvColumn) =>
  row.fields[column] !== '' && !row.bad.has(column);

/** The raw records, or why the text is not CSV. */
function readRecords(text: string): string[][] | DirectoryCsvProblem {
  try {
    return parse(text, {
      bom: true,
      // Field counts are checked row by row below, so a short row is a listed problem, not an abort.
      relax_column_count: true,
      // Any line ending, even mixed in one file (a row added on another machine): otherwise the first
      // line's ending is the only one, and a different one later ends up inside a field.
      record_delimiter: ['\r\n', '\n', '\r'],
    });
  } catch (error) {
    const records = (error as { records?: number }).records ?? 0;
    const code = (error as { code?: string }).code;
    const message =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed: a closing " is missing'
        : code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quoted field has text after its closing ": write a " inside a quoted field as ""'
          : `cannot be read as CSV (${code ?? (error as Error).message})`;
    return { row: records + 1, column: '', message };
  }
}

/**
 * Where each column is, or the problems with the header. A column with no heading is allowed (some
 * spreadsheets save trailing empty columns), as long as no row puts anything in it.
 */
function readHeader(header: readonly string[]): Map<DirectoryCsvColumn, number> | DirectoryCsvProblem[] {
  const known = new Set<string>(DIRECTORY_CSV_COLUMNS);
  const positions = new Map<DirectoryCsvColumn, number>();
  const problems: DirectoryCsvProblem[] = [];
  header.forEach((text, position) => {
    const name = text.trim().toLowerCase();
    if (name === '') return;
    if (!known.has(name)) {
      problems.push({
        row: 1,
        column: '',
        message: `column ${position + 1} has a heading that is not a directory column (${DIRECTORY_CSV_COLUMNS.join(', ')})`,
      });
    } else if (positions.has(name as DirectoryCsvColumn)) {
      problems.push({ row: 1, column: name as DirectoryCsvColumn, message: 'this column appears twice' });
    } else {
      positions.set(name as DirectoryCsvColumn, position);
    }
  });
  for (const column of DIRECTORY_CSV_COLUMNS) {
    if (!positions.has(column) && !OPTIONAL_COLUMNS.has(column)) {
      problems.push({
        row: 1,
        column,
        message: 'the header has no such column: every directory column is needed',
      });
    }
  }
  return problems.length > 0 ? problems : positions;
}

/** The data rows that have content, or a problem for each that cannot be read as a row. */
function readRows(
  records: readonly string[][],
  positions: ReadonlyMap<DirectoryCsvColumn, number>,
  problems: DirectoryCsvProblem[],
): Row[] {
  const [header = [], ...data] = records;
  const headed = new Set(positions.values());
  const rows: Row[] = [];
  data.forEach((record, index) => {
    const row = index + 2;
    if (record.every((field) => field.trim() === '')) return;
    if (record.length !== header.length) {
      problems.push({
        row,
        column: '',
        message: `has ${record.length} fields but the header has ${header.length}`,
      });
      return;
    }
    const unheaded = record.findIndex((field, position) => !headed.has(position) && field.trim() !== '');
    if (unheaded >= 0) {
      problems.push({
        row,
        column: '',
        message: `has a value in column ${unheaded + 1}, which has no heading`,
      });
      return;
    }
    const fields = Object.fromEntries(
      DIRECTORY_CSV_COLUMNS.map((column) => [column, (record[positions.get(column) as number] ?? '').trim()]),
    ) as Record<DirectoryCsvColumn, string>;
    const kind = fields.record.toLowerCase();
    if (kind !== 'staff' && kind !== 'team') {
      problems.push({ row, column: 'record', message: 'must be staff or team' });
      return;
    }
    rows.push({ row, kind, fields });
  });
  return rows;
}

/** Problems with one row's own fields, without looking at other rows. */
function fieldProblems({ row, kind, fields }: Row): DirectoryCsvProblem[] {
  const problems: DirectoryCsvProblem[] = [];
  const problem = (column: DirectoryCsvColumn, message: string) => problems.push({ row, column, message });
  for (const column of DIRECTORY_CSV_COLUMNS) {
    if (column !== 'record' && !COLUMNS_OF[kind].has(column) && fields[column] !== '') {
      problem(column, `is for ${kind === 'staff' ? 'team' : 'staff'} rows: leave it empty on a ${kind} row`);
    }
  }
  for (const column of REQUIRED_OF[kind]) {
    if (fields[column] === '') problem(column, 'is required');
  }
  const idColumns: DirectoryCsvColumn[] = kind === 'staff' ? ['id', 'team', 'reports_to'] : ['id', 'parent'];
  for (const column of idColumns) {
    if (fields[column] !== '' && !staffIdSchema.safeParse(fields[column]).success) {
      problem(column, 'must be an id of at most 64 letters, digits, dots, underscores and hyphens');
    }
  }
  if (kind === 'staff') {
    if (fields.email !== '' && !EMAIL.test(fields.email)) problem('email', 'is not an email address');
    if (fields.level !== '' && !LEVEL_BY_LOWER_CASE.has(fields.level.toLowerCase())) {
      problem('level', `is not a level: use one of ${LEVEL_LIST}`);
    }
    if (fields.left_on !== '' && !isIsoDate(fields.left_on)) {
      problem('left_on', 'is not a date: write it YYYY-MM-DD, such as 2026-03-31');
    }
  } else if (fields.duty !== '' && fields.duty.toLowerCase() !== 'yes') {
    problem('duty', 'is yes on the duty team, and empty on every other team');
  }
  return problems;
}

function toStaff(fields: Record<DirectoryCsvColumn, string>): StaffMember {
  return {
    id: fields.id,
    name: fields.name,
    email: fields.email,
    level: LEVEL_BY_LOWER_CASE.get(fields.level.toLowerCase()) as StaffLevel,
    teamId: fields.team,
    reportsTo: fields.reports_to || null,
    ...(fields.left_on && { leftOn: fields.left_on }),
  };
}

function toTeam(fields: Record<DirectoryCsvColumn, string>): Team {
  return {
    id: fields.id,
    name: fields.name,
    parentId: fields.parent || null,
    teamsChannel: fields.teams_channel || null,
    ...(fields.duty !== '' && { duty: true }),
  };
}

/**
 * Every circle in a graph where each row points to at most one other (a line manager, a parent team),
 * each as the ids round it, starting from its earliest row.
 */
function circles(
  rows: ReadonlyMap<string, CheckedRow>,
  next: (row: CheckedRow) => string | null,
): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  for (const start of rows.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    for (let id: string | null = start; id !== null && !done.has(id) && rows.has(id); ) {
      const seenAt = onPath.get(id);
      if (seenAt !== undefined) {
        const circle = path.slice(seenAt);
        const rowOf = (circleId: string) => (rows.get(circleId) as CheckedRow).row;
        const from = circle.indexOf(circle.reduce((a, b) => (rowOf(a) <= rowOf(b) ? a : b)));
        found.push([...circle.slice(from), ...circle.slice(0, from)]);
        break;
      }
      onPath.set(id, path.length);
      path.push(id);
      id = next(rows.get(id) as CheckedRow);
    }
    for (const visited of path) done.add(visited);
  }
  return found;
}

/** The rows of one kind by id, the first of each; a repeated id is a problem on the later row. */
function byId(rows: readonly CheckedRow[], problems: DirectoryCsvProblem[]): Map<string, CheckedRow> {
  const first = new Map<string, CheckedRow>();
  for (const row of rows) {
    if (!usable(row, 'id')) continue;
    const earlier = first.get(row.fields.id);
    if (earlier) {
      const message = `the ${row.kind} id ${row.fields.id} is already on row ${earlier.row}`;
      problems.push({ row: row.row, column: 'id', message });
    } else {
      first.set(row.fields.id, row);
    }
  }
  return first;
}

const levelOf = (row: CheckedRow) =>
  usable(row, 'level') ? LEVEL_BY_LOWER_CASE.get(row.fields.level.toLowerCase()) : undefined;

/**
 * Problems that need the whole directory: repeated ids, references, levels, the one top, circles.
 * Each row is checked as far as its own fields allow, so that one pass lists everything.
 */
function crossProblems(rows: readonly CheckedRow[], problems: DirectoryCsvProblem[]): void {
  const staffRows = rows.filter((row) => row.kind === 'staff');
  const teamRows = rows.filter((row) => row.kind === 'team');
  const staff = byId(staffRows, problems);
  const teams = byId(teamRows, problems);
  const problem = (row: CheckedRow, column: DirectoryCsvColumn, message: string) =>
    problems.push({ row: row.row, column, message });

  let top: CheckedRow | undefined;
  for (const row of staffRows) {
    const { team, reports_to: reportsTo } = row.fields;
    if (usable(row, 'team') && !teams.has(team)) problem(row, 'team', `no team has the id ${team}`);
    if (reportsTo === '') {
      if (top) {
        problem(
          row,
          'reports_to',
          `is empty here and on row ${top.row}: only the one person at the top may report to nobody`,
        );
      } else {
        top = row;
      }
    } else if (usable(row, 'reports_to')) {
      const manager = staff.get(reportsTo);
      const [own, theirs] = [levelOf(row), manager && levelOf(manager)];
      if (!manager) problem(row, 'reports_to', `nobody has the id ${reportsTo}`);
      else if (
        manager !== row &&
        own &&
        theirs &&
        (RANK.get(theirs) as number) <= (RANK.get(own) as number)
      ) {
        problem(
          row,
          'reports_to',
          `${reportsTo} is ${theirs}, not above this ${own}: a line manager must be at a higher level`,
        );
      }
    }
  }
  let duty: CheckedRow | undefined;
  for (const row of teamRows) {
    const { parent } = row.fields;
    if (usable(row, 'parent') && !teams.has(parent)) problem(row, 'parent', `no team has the id ${parent}`);
    if (usable(row, 'duty')) {
      if (duty) {
        problem(row, 'duty', `is yes here and on row ${duty.row}: only one team can be the duty team`);
      } else {
        duty = row;
      }
    }
  }
  for (const circle of circles(staff, (row) => (usable(row, 'reports_to') ? row.fields.reports_to : null))) {
    const message = `reporting lines go round in a circle: ${[...circle, circle[0]].join(' → ')}`;
    problem(staff.get(circle[0] as string) as CheckedRow, 'reports_to', message);
  }
  for (const circle of circles(teams, (row) => (usable(row, 'parent') ? row.fields.parent : null))) {
    const message = `teams' parents go round in a circle: ${[...circle, circle[0]].join(' → ')}`;
    problem(teams.get(circle[0] as string) as CheckedRow, 'parent', message);
  }
}

/**
 * Reads a directory CSV (the format is in this module's description). Never throws on bad input: it
 * returns every problem found, in row order, or the directory when there are none. Teams and staff
 * keep the file's order.
 */
export function parseDirectoryCsv(text: string): DirectoryCsvResult {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, problems: [records] };
  const header = records[0];
  if (!header || header.every((field) => field.trim() === '')) {
    const message = `the file is empty: row 1 must name the columns (${DIRECTORY_CSV_COLUMNS.join(', ')})`;
    return { ok: false, problems: [{ row: 1, column: '', message }] };
  }
  const positions = readHeader(header);
  if (Array.isArray(positions)) return { ok: false, problems: positions };

  const problems: DirectoryCsvProblem[] = [];
  const rows = readRows(records, positions, problems).map((row): CheckedRow => {
    const found = fieldProblems(row);
    problems.push(...found);
    return {
      ...row,
      bad: new Set(
        found
          .map((problem) => problem.column)
          .filter((column): column is DirectoryCsvColumn => column !== ''),
      ),
    };
  });
  crossProblems(rows, problems);
  if (!rows.some((row) => row.kind === 'staff') && problems.length === 0) {
    problems.push({
      row: 1,
      column: '',
      message: 'there are no staff rows: an import replaces the whole directory, so an empty one is refused',
    });
  }
  if (problems.length > 0) {
    // Stable: within a row, problems stay in the order of the checks.
    return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  }
  return {
    ok: true,
    directory: {
      staff: rows.filter((row) => row.kind === 'staff').map((row) => toStaff(row.fields)),
      teams: rows.filter((row) => row.kind === 'team').map((row) => toTeam(row.fields)),
    },
  };
}

/** A field as RFC 4180 writes it: in quotes, with quotes doubled, when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes a directory as CSV (teams first, then staff; CRLF line endings), so that
 * {@link parseDirectoryCsv} reads back the same directory. Undeliverable marks are not written: they
 * come from bounces, not from the file, and the store keeps them across imports.
 */
export function directoryCsv(data: DirectoryData): string {
  const row = (fields: Partial<Record<DirectoryCsvColumn, string | null | undefined>>) =>
    DIRECTORY_CSV_COLUMNS.map((column) => csvField(fields[column] ?? '')).join(',');
  const lines = [
    DIRECTORY_CSV_COLUMNS.join(','),
    ...data.teams.map((team) =>
      row({
        record: 'team',
        id: team.id,
        name: team.name,
        parent: team.parentId,
        teams_channel: team.teamsChannel,
        duty: team.duty ? 'yes' : '',
      }),
    ),
    ...data.staff.map((member) =>
      row({
        record: 'staff',
        id: member.id,
        name: member.name,
        email: member.email,
        level: member.level,
        team: member.teamId,
        reports_to: member.reportsTo,
        left_on: member.leftOn,
      }),
    ),
  ];
  return lines.map((line) => `${line}\r\n`).join('');
}
