/**
 * The SSDA903 children-looked-after return (its CSV files, known by their columns) as events of the
 * contract. `CHILD` is the case reference. The mapping table and what the return cannot tell are in
 * docs/imports.md; every DfE code is read through `dfe-codes.ts`. The return has no row ids: a row is
 * the child's and its start (`episodes:<CHILD>:<DECOM>#care`), so a row corrected in its other columns
 * keeps its key and a deleted one is withdrawn. The return is yearly, holding what was open in its
 * collection year, so only what it no longer lists from within that year is withdrawn (reconcile.ts);
 * its files do not say which year it is, so the year is read from its dates ({@link yearOf}). Pure.
 */
import {
  type DfeCodeList,
  type DfeCodeReading,
  type DfeMeaning,
  dfeCodeList,
  type EpisodeChange,
} from '../../../../events/dfe-codes.ts';
import type { CareEndReason, LegalStatus, PlacementType } from '../../../../events/index.ts';
import { BAD, type Bad, Cells } from '../cells.ts';
import { type CsvTable, readCsvTable, type TableRow } from '../csv-tables.ts';
import {
  type EventDraft,
  type ImportPeriod,
  type ImportProblem,
  isRefusal,
  type MappedEvent,
  type MappedExtract,
  type SourceFile,
} from '../format.ts';
import { placementReading } from '../placement-reading.ts';
import { collectionYearOf } from '../return-period.ts';
import { stricterReadingNote } from '../stricter-reading.ts';
import { isMapped, type MappedTable, SSDA903_MAPPED, type Ssda903Table, ssda903TableOf } from './tables.ts';

/**
 * What a return holds only when it happened in the return's year: every review, and every end (of a
 * period of care, a placement, a missing episode), since what ended before the year is not in it. A
 * start may be years earlier, of an episode still open in the year.
 */
const WITHIN_ITS_YEAR: ReadonlySet<EventDraft['type']> = new Set([
  'cic_review.held',
  'care_period.ended',
  'placement.ended',
  'missing_episode.ended',
]);

/**
 * The collection year of a return, read from its dates, since its files carry no year. Every date in
 * a return is in its year or before it, so the year is at least the one holding the latest date; it
 * is that one when a review or an end is in it too. Otherwise (a return of a few children with nothing
 * ended or reviewed, or a nightly extract in the first days of a year, before anything happened in
 * it) the year could be a later one, and taking the earlier would withdraw that year's reviews and
 * ends: null, the year not told.
 */
function yearOf(events: readonly MappedEvent[]): ImportPeriod | null {
  let latest: string | null = null;
  for (const { event } of events) if (latest === null || event.occurredAt > latest) latest = event.occurredAt;
  if (latest === null) return null;
  const year = collectionYearOf(latest);
  const told = events.some(({ event }) => WITHIN_ITS_YEAR.has(event.type) && event.occurredAt >= year.from);
  return told ? year : null;
}

/** What `not a SSDA903 table` files are told. */
export const NOT_A_TABLE = 'not a SSDA903 table: columns not recognised; nothing in this file was imported';

/** One row being read: its cells, its problems, and the events it makes under its key. */
class RowReading {
  readonly problems: ImportProblem[] = [];
  readonly cells: Cells;

  constructor(
    private readonly mapping: Ssda903Mapping,
    readonly table: CsvTable,
    readonly row: TableRow,
  ) {
    this.cells = new Cells(table.file, row.row, row.cell, mapping.today, this.problems);
  }

  /** The child, from `CHILD` (part of every row's id, so never empty); null when not a usable case reference. */
  child(): string | null {
    const caseId = this.cells.caseId('CHILD');
    return typeof caseId === 'string' ? caseId : null;
  }

  /** An event of the row's child, under the row's key and `part`. */
  emit(caseId: string, part: string, type: EventDraft['type'], occurredAt: string, data: object = {}) {
    this.mapping.events.push({
      key: `${this.table.spec.name}:${this.row.id}#${part}`,
      event: { type, caseId, occurredAt, data } as unknown as EventDraft,
      from: { file: this.table.file, row: this.row.row },
    });
  }
}

class Ssda903Mapping {
  readonly events: MappedEvent[] = [];
  readonly tables = new Map<MappedTable, CsvTable>();
  /** Problems of whole files, and the rows each table refused as it was read. */
  private readonly fileProblems: ImportProblem[] = [];
  private readonly refusedRows: string[] = [];
  private readonly readings: RowReading[] = [];
  private readonly fileOrder = new Map<string, number>();

  constructor(readonly today: string) {}

  /** Knows each file by its header; reads the tables the mapping uses, one file each. */
  read(files: readonly SourceFile[]) {
    const firstFile = new Map<Ssda903Table, string>();
    for (const file of files) {
      if (!this.fileOrder.has(file.name)) this.fileOrder.set(file.name, this.fileOrder.size);
      const table = ssda903TableOf(file.text);
      if (table === null) {
        this.fileProblems.push({ file: file.name, message: NOT_A_TABLE });
        continue;
      }
      const first = firstFile.get(table);
      if (first !== undefined) {
        this.fileProblems.push({
          file: file.name,
          message: `is a second ${table} table (the first is ${first}); nothing in this file was imported`,
        });
        continue;
      }
      firstFile.set(table, file.name);
      if (!isMapped(table)) continue;
      const result = readCsvTable(file, SSDA903_MAPPED[table]);
      this.fileProblems.push(...result.problems);
      this.refusedRows.push(...result.held);
      if (result.table) this.tables.set(table, result.table);
    }
  }

  /** The rows of a table, each with its reading, when the table was supplied. */
  rows(table: MappedTable): RowReading[] {
    const read = this.tables.get(table);
    if (!read) return [];
    const readings = read.rows.map((row) => new RowReading(this, read, row));
    this.readings.push(...readings);
    return readings;
  }

  /**
   * What the mapping made: problems in file and row order, the rows refused, and the year the return
   * covers. A return whose year cannot be told withdraws nothing, and says so.
   */
  extract(): MappedExtract {
    const problems = [...this.fileProblems, ...this.readings.flatMap((reading) => reading.problems)];
    const tables = [...this.tables.values()];
    const period = yearOf(this.events);
    if (period === null && tables[0] !== undefined) {
      problems.push({
        file: tables[0].file,
        message:
          'the return’s year cannot be told (it has no review, and no end of care, of a placement or of a missing episode, in the year of its latest date), so nothing imported before from it is withdrawn',
        imported: true,
      });
    }
    const fileAt = (problem: ImportProblem) => this.fileOrder.get(problem.file) ?? 0;
    problems.sort((a, b) => fileAt(a) - fileAt(b) || (a.row ?? 0) - (b.row ?? 0));
    const refused = this.readings.filter((reading) => reading.problems.some(isRefusal));
    return {
      events: this.events,
      problems,
      sections: period === null ? [] : tables.map((table) => table.spec.name),
      ...(period && { period }),
      held: [
        ...this.refusedRows,
        ...refused.map((reading) => `${reading.table.spec.name}:${reading.row.id}`),
      ],
    };
  }
}

/** Rows in the order of their start day. */
const byStart = (a: { start: string }, b: { start: string }) =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : 0;

/** A code of a `dfe-codes.ts` list: what `read` makes of its reading; refused when not on the list, or empty and `required`. */
function codeOf<List extends DfeCodeList, T>(
  cells: Cells,
  column: string,
  list: List,
  read: (reading: DfeCodeReading<DfeMeaning<List>>) => T,
  required = true,
): T | null | Bad {
  const reading = cells.dfeCode(column, list);
  if (reading === null && required)
    return cells.problem(column, `is empty: an episode needs one of ${dfeCodeList(list).title}`);
  return reading === null || reading === BAD ? reading : read(reading);
}

function header(m: Ssda903Mapping) {
  for (const row of m.rows('Header')) {
    const caseId = row.child();
    const born = row.cells.date('DOB');
    if (born === null)
      row.cells.problem('DOB', 'is empty: the child’s date of birth is all the import reads from Header');
    if (caseId !== null && typeof born === 'string')
      row.emit(caseId, 'born', 'child.updated', born, { dateOfBirth: born });
  }
}

/** One episode as read: what its columns say, each value or BAD (its problem recorded). */
interface Episode {
  reading: RowReading;
  caseId: string;
  start: string;
  change: EpisodeChange | null | Bad;
  legalStatus: LegalStatus | null | Bad;
  placement: (DfeCodeReading<PlacementType> & { meaning: PlacementType }) | null | Bad;
  end: string | null | Bad;
  /** Why it ceased; null for `X1` (the next episode carries on), undefined while it has not. */
  reason: CareEndReason | null | undefined | Bad;
}

function readEpisode(reading: RowReading): Episode | null {
  const { cells } = reading;
  const caseId = reading.child();
  const start = cells.date('DECOM');
  const change = codeOf(cells, 'RNE', 'reason-new-episode', (reading) => reading.meaning);
  const legalStatus = codeOf(cells, 'LS', 'legal-status', (reading) => {
    const note = stricterReadingNote(reading);
    if (note !== null) cells.note('LS', note);
    return reading.meaning;
  });
  const placement = codeOf(cells, 'PLACE', 'placement-type', (reading) =>
    reading.meaning === null ? null : { ...reading, meaning: reading.meaning },
  );
  const end = cells.dateFrom('DEC', start, 'DECOM');
  const hasReason = cells.text('REC') !== '';
  let reason: Episode['reason'] = hasReason
    ? codeOf(cells, 'REC', 'reason-episode-ceased', (reading) => reading.meaning)
    : undefined;
  if (typeof end === 'string' && !hasReason)
    reason = cells.problem('REC', 'is empty: an episode that ceased needs its reason');
  if (end === null && hasReason)
    reason = cells.problem('REC', 'is given but DEC is empty: say when the episode ceased');
  if (caseId === null || typeof start !== 'string') return null;
  return { reading, caseId, start, change, legalStatus, placement, end, reason };
}

/**
 * A placement as the contract needs it: where its code says less, the episode's own start and legal
 * status may settle it (placement-reading.ts); otherwise the stricter reading, noted.
 */
function placementOf(
  episode: Episode,
  code: DfeCodeReading<PlacementType> & { meaning: PlacementType },
  today: string,
): PlacementType {
  const legalStatus = typeof episode.legalStatus === 'string' ? episode.legalStatus : null;
  const reading = placementReading(code, { started: episode.start, today, legalStatus });
  if (reading.note !== null) episode.reading.cells.note('PLACE', reading.note);
  return reading.placementType;
}

/**
 * A child's episodes in order: `RNE` says what each changed; an episode that ceases other than into the
 * next (`REC` not `X1`) ends the period of care. An episode that is not a start (`RNE` not `S`) where
 * no period of care is open (the child's first episode supplied, or after the end of care) is read as
 * a start, with its legal status and placement, and listed: the period began before what was supplied.
 */
function childEpisodes(episodes: Episode[], today: string) {
  episodes.sort(byStart);
  let open = false;
  episodes.forEach((episode, index) => {
    const { reading, caseId, start, change } = episode;
    const starts = change === 'started' || !open;
    if (!open && change !== 'started' && change !== BAD && change !== null) {
      reading.cells.note(
        'RNE',
        index === 0
          ? 'is not S (started to be looked after) on the child’s first episode supplied: the period of care is counted from DECOM; supply its earlier episodes'
          : 'is not S (started to be looked after), but the child’s previous episode ended the period of care: read as a new period of care',
      );
    }
    const legalStatusChanged = starts || change === 'legal-status' || change === 'legal-status-and-placement';
    const placementChanged = starts || change === 'placement' || change === 'legal-status-and-placement';
    if (change !== BAD && change !== null) {
      if (legalStatusChanged && typeof episode.legalStatus === 'string') {
        reading.emit(caseId, 'care', 'care_period.started', start, { legalStatus: episode.legalStatus });
      }
      if (placementChanged && episode.placement !== null && episode.placement !== BAD) {
        reading.emit(caseId, 'placement', 'placement.started', start, {
          placementType: placementOf(episode, episode.placement, today),
        });
      }
    }
    open = true;
    const { end, reason } = episode;
    if (typeof end !== 'string' || reason === BAD || reason === undefined) return;
    if (reason === null) {
      if (index === episodes.length - 1) {
        reading.cells.note(
          'REC',
          'says the next episode carries on the period of care (X1), but the child has no later episode: the end of care is not imported',
        );
      }
      return;
    }
    reading.emit(caseId, 'placement-ended', 'placement.ended', end);
    reading.emit(caseId, 'ceased', 'care_period.ended', end, { reason });
    open = false;
  });
}

function episodes(m: Ssda903Mapping) {
  const byChild = new Map<string, Episode[]>();
  for (const reading of m.rows('Episodes')) {
    const episode = readEpisode(reading);
    if (episode === null) continue;
    const list = byChild.get(episode.caseId);
    if (list) list.push(episode);
    else byChild.set(episode.caseId, [episode]);
  }
  for (const list of byChild.values()) childEpisodes(list, m.today);
}

function reviews(m: Ssda903Mapping) {
  for (const row of m.rows('Reviews')) {
    const caseId = row.child();
    const held = row.cells.date('REVIEW');
    if (caseId !== null && typeof held === 'string') row.emit(caseId, 'held', 'cic_review.held', held);
  }
}

function missing(m: Ssda903Mapping) {
  for (const row of m.rows('Missing')) {
    const caseId = row.child();
    const started = row.cells.date('MIS_START');
    const ended = row.cells.dateFrom('MIS_END', started, 'MIS_START');
    if (caseId === null || typeof started !== 'string') continue;
    row.emit(caseId, 'start', 'missing_episode.started', started);
    if (typeof ended === 'string') row.emit(caseId, 'end', 'missing_episode.ended', ended);
  }
}

/**
 * Social worker episodes as allocations: the child's first in the file is `new`, each later one a
 * `reallocation` (the return does not say whether the team changed, which would make it a transfer).
 */
function socialWorkers(m: Ssda903Mapping) {
  const byChild = new Map<string, { row: RowReading; start: string; workerId: string }[]>();
  for (const row of m.rows('SWEpisodes')) {
    const caseId = row.child();
    const start = row.cells.date('SW_DECOM');
    const workerId = row.cells.staffId('SW_ID');
    if (workerId === null) row.cells.problem('SW_ID', 'is empty: a social worker episode needs its worker');
    if (caseId === null || typeof start !== 'string' || typeof workerId !== 'string') continue;
    const list = byChild.get(caseId);
    if (list) list.push({ row, start, workerId });
    else byChild.set(caseId, [{ row, start, workerId }]);
  }
  for (const [caseId, list] of byChild) {
    list.sort(byStart);
    list.forEach(({ row, start, workerId }, index) => {
      row.emit(caseId, 'allocated', 'case.allocated', start, {
        workerId,
        reason: index === 0 ? 'new' : 'reallocation',
      });
    });
  }
}

/** Reads an SSDA903 return (its CSV files, in any order, under any names) as events, as of the London day `today`. */
export function readSsda903(files: readonly SourceFile[], today: string): MappedExtract {
  const m = new Ssda903Mapping(today);
  m.read(files);
  header(m);
  episodes(m);
  reviews(m);
  missing(m);
  socialWorkers(m);
  return m.extract();
}
