/**
 * A synthetic SSDA903 return, written from a synthetic council's events as a council's case system
 * would write its children-looked-after return: one CSV file per table (Header, Episodes, Reviews,
 * Missing, SWEpisodes), dates dd/mm/yyyy, CRLF line endings, every child who has been looked after in
 * the history, from the start of each period of care. So tests can go round: council → return →
 * import → the same deadlines as the council's own events, for the rules the return can feed.
 *
 * The return says what the council's events say, in its own terms: a new episode whenever the legal
 * status or the placement changes, none when a temporarily approved carer is approved (the child stays
 * with the same carers), and the codes a council would choose for each kind of placement (`dfe-codes.ts`). Cells the
 * synthetic council knows nothing about (sex, ethnicity, postcodes, providers) are left empty.
 * Deterministic: the same council gives the same files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseEvent, EventOf } from '../../events/index.ts';
import { ageOn, parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { SourceFile } from '../../functions/core/imports/format.ts';
import { SSDA903_COLUMNS, type Ssda903Table } from '../../functions/core/imports/ssda903/tables.ts';
import type { SyntheticCouncil } from '../synthetic-council.ts';
import { csvText, dayOf, ukDate } from './cells.ts';
import { CARE_END_CODES, EPISODE_CONTINUES, LEGAL_STATUS_CODES, placementCode } from './dfe-codes.ts';

type Row = Partial<Record<string, string>>;

interface Episode {
  start: string;
  rne: string;
  ls: string;
  place: string;
  end?: string;
  rec?: string;
}

/**
 * A child's episodes from their care events, taken a day at a time: the end of care closes the
 * episode; otherwise a change of legal status, of placement, or both starts a new one (the old one
 * ceasing into it, `X1`), and the start of care begins one (`S`).
 */
function episodesOf(events: readonly CaseEvent[]): Episode[] {
  const episodes: Episode[] = [];
  let current: Episode | undefined;
  let placement: EventOf<'placement.started'>['data'] | undefined;
  const days = new Map<string, CaseEvent[]>();
  for (const event of events) {
    if (['care_period.started', 'care_period.ended', 'placement.started'].includes(event.type)) {
      days.set(dayOf(event), [...(days.get(dayOf(event)) ?? []), event]);
    }
  }
  for (const [day, happened] of days) {
    const ended = happened.findLast((event) => event.type === 'care_period.ended') as
      | EventOf<'care_period.ended'>
      | undefined;
    if (ended && current) {
      current.end = day;
      current.rec = CARE_END_CODES[ended.data.reason ?? 'other'];
      current = undefined;
      placement = undefined;
    }
    const started = happened.findLast((event) => event.type === 'care_period.started') as
      | EventOf<'care_period.started'>
      | undefined;
    const placed = happened.findLast((event) => event.type === 'placement.started') as
      | EventOf<'placement.started'>
      | undefined;
    // A temporarily approved carer who is approved keeps the child: the same placement goes on.
    const approval =
      placement?.placementType === 'temporary-connected-carer' &&
      placed?.data.placementType === 'connected-carer';
    if (placed) placement = placed.data;
    const place = placementCode(placement?.placementType ?? 'other', placement?.longTermMatched);
    if (current === undefined) {
      if (started) {
        current = { start: day, rne: 'S', ls: LEGAL_STATUS_CODES[started.data.legalStatus], place };
        episodes.push(current);
      }
      continue;
    }
    const ls = started ? LEGAL_STATUS_CODES[started.data.legalStatus] : current.ls;
    const legalStatusChanged = ls !== current.ls;
    const placementChanged = placed !== undefined && !approval;
    if (!legalStatusChanged && !placementChanged) continue;
    current.end = day;
    current.rec = EPISODE_CONTINUES;
    current = {
      start: day,
      rne: legalStatusChanged && placementChanged ? 'B' : legalStatusChanged ? 'L' : 'P',
      ls,
      place: placementChanged ? place : current.place,
    };
    episodes.push(current);
  }
  return episodes;
}

/** Missing episodes, each start with the end that follows it. */
function missingOf(events: readonly CaseEvent[]): { start: string; end?: string }[] {
  const episodes: { start: string; end?: string }[] = [];
  for (const event of events) {
    if (event.type === 'missing_episode.started') episodes.push({ start: dayOf(event) });
    const open = episodes[episodes.length - 1];
    if (event.type === 'missing_episode.ended' && open && open.end === undefined) open.end = dayOf(event);
  }
  return episodes;
}

/** The child's allocations from the one in force when care first began. */
function socialWorkersOf(events: readonly CaseEvent[], careBegan: string) {
  const allocations = events.filter(
    (event): event is EventOf<'case.allocated'> => event.type === 'case.allocated',
  );
  const from = Math.max(
    0,
    allocations.findLastIndex((event) => dayOf(event) <= careBegan),
  );
  return allocations.slice(from).map((event, index, list) => ({
    start: dayOf(event),
    end: list[index + 1] === undefined ? undefined : dayOf(list[index + 1] as CaseEvent),
    workerId: event.data.workerId,
  }));
}

/** The table as CSV: its columns, then a line per row, CRLF as DfE exports write it. */
function csv(table: Ssda903Table, rows: readonly Row[]): string {
  const columns: readonly string[] = SSDA903_COLUMNS[table];
  return csvText([columns, ...rows.map((row) => columns.map((column) => row[column] ?? ''))]);
}

/** The file each table is written to. */
export const SSDA903_FILE_NAMES = {
  Header: 'header.csv',
  Episodes: 'episodes.csv',
  Reviews: 'reviews.csv',
  Missing: 'missing.csv',
  SWEpisodes: 'sw_episodes.csv',
} as const satisfies Partial<Record<Ssda903Table, string>>;

/** The return of every child of `council` who has been looked after, as its CSV files. */
export function ssda903Extract(council: SyntheticCouncil): SourceFile[] {
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of council.events) {
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  const tables: Record<keyof typeof SSDA903_FILE_NAMES, Row[]> = {
    Header: [],
    Episodes: [],
    Reviews: [],
    Missing: [],
    SWEpisodes: [],
  };
  for (const caseId of council.caseIds) {
    const events = byCase.get(caseId) ?? [];
    const episodes = episodesOf(events);
    const first = episodes[0];
    if (first === undefined) continue;
    const born = events.findLast(
      (event): event is EventOf<'child.updated'> =>
        event.type === 'child.updated' && event.data.dateOfBirth !== undefined,
    )?.data.dateOfBirth;
    const dob = born === undefined ? '' : ukDate(born);
    tables.Header.push({ CHILD: caseId, DOB: dob });
    for (const episode of episodes) {
      tables.Episodes.push({
        CHILD: caseId,
        DECOM: ukDate(episode.start),
        RNE: episode.rne,
        LS: episode.ls,
        PLACE: episode.place,
        ...(episode.end !== undefined && { DEC: ukDate(episode.end), REC: episode.rec }),
      });
    }
    for (const review of events.filter((event) => event.type === 'cic_review.held')) {
      const young = born !== undefined && ageOn(parseIsoDate(born), parseIsoDate(dayOf(review))) < 4;
      tables.Reviews.push({
        CHILD: caseId,
        DOB: dob,
        REVIEW: ukDate(dayOf(review)),
        REVIEW_CODE: young ? 'PN0' : 'PN1',
      });
    }
    for (const missing of missingOf(events)) {
      tables.Missing.push({
        CHILD: caseId,
        DOB: dob,
        MISSING: 'M',
        MIS_START: ukDate(missing.start),
        ...(missing.end !== undefined && { MIS_END: ukDate(missing.end) }),
      });
    }
    for (const worker of socialWorkersOf(events, first.start)) {
      tables.SWEpisodes.push({
        CHILD: caseId,
        DOB: dob,
        SW_ID: worker.workerId,
        SW_DECOM: ukDate(worker.start),
        ...(worker.end !== undefined && { SW_DEC: ukDate(worker.end) }),
      });
    }
  }
  return (Object.keys(SSDA903_FILE_NAMES) as (keyof typeof SSDA903_FILE_NAMES)[]).map((table) => ({
    name: SSDA903_FILE_NAMES[table],
    text: csv(table, tables[table]),
  }));
}

/** Writes the return of `council` into `dir` (made if need be); the files' paths. */
export async function writeSsda903Extract(council: SyntheticCouncil, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = ssda903Extract(council);
  for (const file of files) await writeFile(join(dir, file.name), file.text, 'utf8');
  return files.map((file) => join(dir, file.name));
}
