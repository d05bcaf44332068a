/**
 * The SSDA903 return's tables and how a file is known for one: by its columns, as the DfE's own tools
 * know them, whatever the file is called and in whatever order its columns come. Each table has
 * columns no other table has (Episodes' `DECOM`, Reviews' `REVIEW`, …): a file is the table whose own
 * columns its header holds, and only that table's. The columns every table shares (`CHILD`, `DOB`,
 * `SEX`) tell nothing, and columns of no table are ignored, so a header lacking some of its table's
 * columns is still known (and refused for what the mapping needs, by csv-tables.ts).
 */
import { csvHeader, type TableSpec } from '../csv-tables.ts';

/** Every table of the return, with its columns as the DfE's technical specification names them. */
export const SSDA903_COLUMNS = {
  Header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  Episodes: [
    'CHILD',
    'DECOM',
    'RNE',
    'LS',
    'CIN',
    'PLACE',
    'PLACE_PROVIDER',
    'DEC',
    'REC',
    'REASON_PLACE_CHANGE',
    'HOME_POST',
    'PL_POST',
    'URN',
  ],
  Reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  UASC: ['CHILD', 'SEX', 'DOB', 'DUC'],
  OC2: [
    'CHILD',
    'DOB',
    'SDQ_SCORE',
    'SDQ_REASON',
    'CONVICTED',
    'HEALTH_CHECK',
    'IMMUNISATIONS',
    'TEETH_CHECK',
    'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE',
    'INTERVENTION_RECEIVED',
    'INTERVENTION_OFFERED',
  ],
  OC3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  AD1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  PlacedAdoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  PrevPerm: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  Missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  SWEpisodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
  DoLo: ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'],
} as const satisfies Record<string, readonly string[]>;

/** A table of the return. */
export type Ssda903Table = keyof typeof SSDA903_COLUMNS;

const TABLES = Object.keys(SSDA903_COLUMNS) as Ssda903Table[];

/** Each column that belongs to one table only, with its table. */
const OWNER = (() => {
  const tablesOf = new Map<string, Ssda903Table[]>();
  for (const table of TABLES) {
    for (const column of SSDA903_COLUMNS[table])
      tablesOf.set(column, [...(tablesOf.get(column) ?? []), table]);
  }
  return new Map(
    [...tablesOf].flatMap(([column, tables]) =>
      tables.length === 1 ? [[column, tables[0] as Ssda903Table]] : [],
    ),
  );
})();

/** The table a file's header says it is, or null when it names no table's own columns, or two tables'. */
export function ssda903TableOf(text: string): Ssda903Table | null {
  const header = csvHeader(text);
  if (header === null) return null;
  const owners = new Set(header.flatMap((name) => OWNER.get(name.toUpperCase()) ?? []));
  return owners.size === 1 ? ([...owners][0] as Ssda903Table) : null;
}

/** A table's columns: those that together tell its rows apart, and the others the mapping cannot do without. */
const spec = (id: readonly string[], required: string[]) => ({ id, required, optional: [] });

const MAPPED_COLUMNS = {
  Header: spec(['CHILD'], ['DOB']),
  Episodes: spec(['CHILD', 'DECOM'], ['RNE', 'LS', 'PLACE', 'DEC', 'REC']),
  Reviews: spec(['CHILD', 'REVIEW'], []),
  Missing: spec(['CHILD', 'MIS_START'], ['MIS_END']),
  SWEpisodes: spec(['CHILD', 'SW_DECOM'], ['SW_ID']),
} satisfies Partial<Record<Ssda903Table, Omit<TableSpec, 'name'>>>;

/**
 * The tables the mapping reads, and of each the columns it reads: none of them has a row id, so a row
 * is the child's and its start (an episode is the child's episode that began on `DECOM`). The section
 * of each (the first part of its source keys) is the table's name in lower case.
 */
export const SSDA903_MAPPED = Object.fromEntries(
  Object.entries(MAPPED_COLUMNS).map(([table, columns]): [string, TableSpec] => [
    table,
    { name: table.toLowerCase(), ...columns },
  ]),
) as { readonly [Table in keyof typeof MAPPED_COLUMNS]: TableSpec };

/** A table the mapping reads. */
export type MappedTable = keyof typeof SSDA903_MAPPED;

/** Whether the mapping reads a table (the others carry nothing a deadline needs; docs/imports.md says why). */
export const isMapped = (table: Ssda903Table): table is MappedTable => Object.hasOwn(SSDA903_MAPPED, table);
