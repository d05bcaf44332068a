/**
 * The board's tracker page for a service manager, in server time: the whole request through the
 * board's app (sign-in check, the reader's line, the `trackers` index read, each entry worked out as of
 * now, the page rendered), on a council of `cases` whose rows are in dynalite's trackers index. The
 * baseline, measured in the same run, is what a board without the index would spend at the least on
 * the same page: evaluating every case of the council (as the store reader does) to find those in the
 * line, before reading any event from a store.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTrackerIndex } from '../functions/adapters/dynamodb/tracker-index.ts';
import { MemoryActionTextStore } from '../functions/adapters/memory/action-text-store.ts';
import { MemoryDirectoryStore } from '../functions/adapters/memory/directory-store.ts';
import { MemoryCaseEventStore } from '../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../functions/adapters/memory/timeliness-store.ts';
import { readerLine } from '../functions/board/access.ts';
import { createBoardApp } from '../functions/board/app.ts';
import type { BoardReader } from '../functions/board/deps.ts';
import { holdersOf, indexBoardReader } from '../functions/board/index-reader.ts';
import type { SignIn } from '../functions/board/sign-in.ts';
import { londonDayOf } from '../functions/core/calendar/index.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import { Directory } from '../functions/core/directory/resolve.ts';
import { evaluateCase, type Profile } from '../functions/core/engine/index.ts';
import { TRACKERS } from '../functions/core/trackers/membership.ts';
import { boardRows } from '../functions/core/trackers/row.ts';
import { AS_OF, COMPUTED_AT, mergedDirectory, RUN_AT, slices } from './council.ts';
import { median, round } from './measure.ts';

/** The service manager's page must render in under this, server time (issue 18). */
export const BOARD_TARGET_MS = 300;

/** What the board bench measured. */
export interface BoardFigures {
  cases: number;
  /** Cases with a row on either tracker, and rows written to the index. */
  casesOnTrackers: number;
  rows: number;
  /** The service manager whose page was timed: their line's units, and the children it shows. */
  managerUnits: number;
  legalChildren: number;
  permanencyChildren: number;
  /** Median server time of the page over the timed requests, each tracker. */
  legalMs: number;
  permanencyMs: number;
  /** Queries of the index a page makes (one per team and worker of the line), and the items they read: what the page shows and nothing else. */
  queriesPerPage: number;
  itemsReadPerPage: number;
  /** Evaluating every case of the council once, as a page without the index must (reads not counted). */
  baselineMs: number;
  speedup: number;
  targetMs: number;
  targetMet: boolean;
}

/** Requests timed per tracker, after one untimed request warms the code paths. */
const TIMED_REQUESTS = 15;

/** A sign-in that says every request is `staffId`'s: the bench times the page, not the sign-in. */
const signedInAs = (staffId: string): SignIn => ({
  mount: () => {},
  sessionOf: async () => ({ staffId, sessionId: 'bench' }),
});

/** The service manager whose line holds the most children on the trackers, and how many units it has. */
async function busiestManager(
  directory: DirectoryData,
  index: DynamoTrackerIndex,
): Promise<{ staffId: string; units: number; queries: number }> {
  const resolved = new Directory(directory, AS_OF);
  let best = { staffId: '', units: 0, queries: 0, rows: -1 };
  for (const member of directory.staff) {
    if (member.level !== 'SM') continue;
    const line = readerLine(directory, member.id, AS_OF);
    if (typeof line === 'string') continue;
    const holders = holdersOf({ units: line.units }, directory, resolved);
    let rows = 0;
    for (const tracker of TRACKERS) rows += (await index.rowsHeldBy(holders, tracker)).length;
    const queries = holders.teams.length + holders.workers.length + (holders.unallocated ? 1 : 0);
    if (rows > best.rows) best = { staffId: member.id, units: line.units.length, queries, rows };
  }
  return best;
}

async function pageMs(
  reader: BoardReader,
  staffId: string,
  path: string,
  profile: Profile,
  runs: number,
): Promise<{ ms: number; html: string }> {
  const app = createBoardApp({
    signIn: signedInAs(staffId),
    board: reader,
    actionTexts: new MemoryActionTextStore(),
    send: async () => {
      throw new Error('the bench sends nothing');
    },
    audit: { record: async () => {} },
    now: () => new Date(RUN_AT),
    profile,
    origin: 'http://127.0.0.1',
    csrfSecret: randomBytes(32).toString('hex'),
  });
  const times: number[] = [];
  let html = '';
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const response = await app.request(`http://127.0.0.1${path}`);
    html = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (run > 0) times.push(performance.now() - started);
  }
  return { ms: median(times), html };
}

/** Children listed on a tracker page: one row of a table per child, each linking to its case. */
const childrenOn = (html: string) => new Set(html.match(/href="\/cases\/[^"]+"/g) ?? []).size;

/** Loads the trackers index of a `cases`-case council into `table` and times the busiest manager's pages. */
export async function benchBoard(
  client: DynamoDBDocumentClient,
  table: string,
  profile: Profile,
  cases: number,
): Promise<BoardFigures> {
  const index = new DynamoTrackerIndex(client, table);
  const directories: DirectoryData[] = [];
  const computedAt = { day: londonDayOf(COMPUTED_AT), ms: COMPUTED_AT };
  let casesOnTrackers = 0;
  let rows = 0;
  let evaluatingMs = 0;
  for (const slice of slices(cases)) {
    directories.push(slice.directory);
    for (const [caseId, caseEvents] of slice.cases) {
      const started = performance.now();
      const evaluation = evaluateCase(caseId, caseEvents, profile, computedAt);
      evaluatingMs += performance.now() - started;
      const caseRows = boardRows(caseEvents, evaluation, computedAt);
      if (caseRows.length === 0) continue;
      casesOnTrackers += 1;
      rows += caseRows.length;
      await index.replaceCase(caseId, 1, caseRows, true);
    }
  }
  const directoryData = mergedDirectory(directories);
  const directory = new MemoryDirectoryStore();
  await directory.replace(directoryData);
  const manager = await busiestManager(directoryData, index);

  // A tracker page reads no case's events: the store holds none.
  const indexed = indexBoardReader(
    {
      events: new MemoryCaseEventStore(),
      directory,
      trackers: index,
      timeliness: new MemoryTimelinessStore(),
    },
    profile,
  );
  const before = index.reads.items;
  const legal = await pageMs(indexed, manager.staffId, '/trackers/legal', profile, TIMED_REQUESTS);
  const itemsReadPerPage = Math.round((index.reads.items - before) / (TIMED_REQUESTS + 1));
  const permanency = await pageMs(indexed, manager.staffId, '/trackers/permanency', profile, TIMED_REQUESTS);
  const slowest = Math.max(legal.ms, permanency.ms);
  return {
    cases,
    casesOnTrackers,
    rows,
    managerUnits: manager.units,
    legalChildren: childrenOn(legal.html),
    permanencyChildren: childrenOn(permanency.html),
    legalMs: round(legal.ms, 1),
    permanencyMs: round(permanency.ms, 1),
    queriesPerPage: manager.queries,
    itemsReadPerPage,
    baselineMs: round(evaluatingMs),
    speedup: round(evaluatingMs / legal.ms, 1),
    targetMs: BOARD_TARGET_MS,
    targetMet: slowest < BOARD_TARGET_MS,
  };
}

const n = (value: number) => value.toLocaleString('en-GB');

/** The board's figures as the benchmark prints them. */
export function boardLines(board: BoardFigures): string[] {
  return [
    `Board, a service manager's tracker page (${n(board.cases)} cases; ${n(board.casesOnTrackers)} on a tracker, ${n(board.rows)} rows in the trackers index; ${TRACKERS.length} trackers)`,
    `  legal tracker             ${board.legalMs} ms server time (${n(board.legalChildren)} children, ${board.managerUnits} units in the line; ${board.queriesPerPage} index queries reading ${n(board.itemsReadPerPage)} items)`,
    `  permanency tracker        ${board.permanencyMs} ms (${n(board.permanencyChildren)} children)`,
    `  without the index         ≥ ${n(board.baselineMs)} ms (evaluating every case, reads not counted): the index is ${board.speedup}× faster; target < ${board.targetMs} ms: ${board.targetMet ? 'met' : 'NOT met'}`,
  ];
}
