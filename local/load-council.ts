/**
 * Loads a synthetic council into a local pipeline, with progress for people waiting on it: for
 * `npm start`'s first start and `los demo`.
 */
import { type CaseEvent, eventsByCase, parseCaseEvent } from '../events/index.ts';
import { seedCaseEvents } from '../functions/adapters/dynamodb/event-store.ts';
import { allInParallel } from '../functions/concurrency.ts';
import {
  type DayNumber,
  englandAndWalesCalendar,
  formatIsoDate,
  startOfLondonDay,
} from '../functions/core/calendar/index.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import { type IngestContext, recomputeCase } from '../functions/ingest/ingest.ts';
import { LOCAL_TABLE, type OpenedLocalStore } from './store.ts';
import { syntheticDirectory } from './synthetic/directory.ts';
import { generateCouncil } from './synthetic-council.ts';

export interface LoadSummary {
  cases: number;
  events: number;
  accepted: number;
  /** Events the contract refused (none, for a generated council: counted to be sure). */
  rejected: number;
  staff: number;
  teams: number;
}

/** Cases computed at once: dynalite answers in this process, so a little overlap is all that helps. */
const CONCURRENCY = 4;
/** Events written per progress report. */
const SEED_CHUNK = 5_000;

/**
 * Loads a synthetic council into an empty local store: the directory, then every event (checked
 * against the contract, then written in bulk: the same items ingest writes, without ingest's
 * per-event round trips), then each case's deadlines computed once by the ingest code.
 */
export async function loadCouncil(
  council: { events: readonly CaseEvent[]; directory: DirectoryData },
  target: { store: OpenedLocalStore; ingest: IngestContext },
  progress: (step: string, done: number, total: number) => void = () => {},
): Promise<LoadSummary> {
  const { store, ingest } = target;
  const { staff, teams } = await store.directory.replace(council.directory);
  const valid: CaseEvent[] = [];
  for (const event of council.events) {
    const parsed = parseCaseEvent(event);
    if (parsed.ok) valid.push(parsed.event);
  }
  const receivedAt = new Date(ingest.now()).toISOString();
  for (let start = 0; start < valid.length; start += SEED_CHUNK) {
    await seedCaseEvents(
      store.dynamo.client,
      LOCAL_TABLE,
      valid.slice(start, start + SEED_CHUNK),
      receivedAt,
    );
    progress('events', Math.min(start + SEED_CHUNK, valid.length), valid.length);
  }
  const caseIds = [...eventsByCase(valid).keys()];
  let done = 0;
  await allInParallel(
    caseIds.map((caseId) => async () => {
      await recomputeCase(caseId, ingest);
      done++;
      if (done % 50 === 0 || done === caseIds.length) progress('cases', done, caseIds.length);
    }),
    CONCURRENCY,
  );
  return {
    cases: caseIds.length,
    events: council.events.length,
    accepted: valid.length,
    rejected: council.events.length - valid.length,
    staff,
    teams,
  };
}

/**
 * The synthetic council of a demonstration as of a morning: its histories up to the working day before
 * (what the case system had sent by that evening), with its directory. Loaded at 18:00 that evening,
 * so the morning run finds what a real morning would.
 */
export function demoCouncil(options: { seed: number; cases: number; morning: DayNumber }) {
  const calendar = englandAndWalesCalendar;
  const evening = calendar.addWorkingDays(options.morning, -1);
  const council = generateCouncil({
    seed: options.seed,
    cases: options.cases,
    asOf: formatIsoDate(evening),
  });
  return {
    events: council.events,
    directory: syntheticDirectory(council, options.seed),
    caseIds: council.caseIds,
    /** When the histories were loaded: 18:00 London on the evening before. */
    loadedAt: startOfLondonDay(evening) + 18 * 3_600_000,
  };
}
