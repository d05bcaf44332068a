/**
 * The embedded store (dynalite in memory, in this process): a scheduled run over the `due` index of N
 * cases' deadlines (in a process of its own, see `run-process.ts`), and ingest of events through the
 * real DynamoDB adapters, with the requests and capacity units each makes (what the cost model prices).
 */

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseEvent, eventsByCase } from '../events/index.ts';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import {
  DynamoDeadlineStore,
  type DynamoDeadlineStoreOptions,
  occurrenceItem,
} from '../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore, seedCaseEvents } from '../functions/adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../functions/adapters/dynamodb/quarantine-store.ts';
import { DynamoRecomputeMarks } from '../functions/adapters/dynamodb/recompute-marks.ts';
import { batchWrite, type Item } from '../functions/adapters/dynamodb/shared.ts';
import { DynamoTimelinessStore } from '../functions/adapters/dynamodb/timeliness-store.ts';
import { DynamoTrackerIndex } from '../functions/adapters/dynamodb/tracker-index.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
} from '../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../functions/adapters/memory/tracker-index.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import { defaultNoticeTiming } from '../functions/core/notices/plan.ts';
import { builtInProfile } from '../functions/core/rules/load.ts';
import {
  caseComputation,
  computationVersion,
  type IngestContext,
  ingestBatch,
} from '../functions/ingest/ingest.ts';
import type { LocalDynamo } from '../local/dynalite.ts';
import { COMPUTED_AT, mergedDirectory, RUN_AT, SLICE_CASES, slices } from './council.ts';
import { round } from './measure.ts';
import { RequestCounter } from './requests.ts';
import type { MorningFigures, RunOutcome, RunRequest } from './run-process.ts';

let tables = 0;
async function freshTable(client: DynamoDBDocumentClient): Promise<string> {
  const name = `bench-${process.pid}-${++tables}`;
  await ensureTable(client, name);
  return name;
}

/**
 * Every case's deadlines computed as ingest computes them (see `caseComputation`), as items, and
 * the staff who hold the cases.
 */
function occurrenceItems(total: number, profile: Profile, indexOnly: boolean) {
  const context = { profile, timing: defaultNoticeTiming(profile) };
  const items: Item[] = [];
  const directories: DirectoryData[] = [];
  let computed = 0;
  let bytes = 0;
  for (const [caseId, events] of casesOf(total, directories)) {
    const version = computationVersion(events.length, COMPUTED_AT);
    for (const stored of caseComputation(caseId, events, context, COMPUTED_AT).deadlines) {
      computed++;
      if (!indexOnly || stored.nextActionAt !== null) {
        const item = occurrenceItem(stored, version);
        bytes += JSON.stringify(item).length;
        items.push(item);
      }
    }
  }
  return {
    items,
    computed,
    meanItemBytes: bytes / Math.max(1, items.length),
    directory: mergedDirectory(directories),
  };
}

/** The cases of `total`'s slices, one after another; each slice's directory is added to `directories`. */
function* casesOf(total: number, directories: DirectoryData[] = []): Generator<[string, CaseEvent[]]> {
  for (const slice of slices(total)) {
    directories.push(slice.directory);
    yield* slice.cases;
  }
}

export interface RunFigures {
  cases: number;
  /** Every deadline computed for the cases: what a run without the index would read. */
  deadlinesStored: number;
  /** Occurrence items loaded into dynalite: all of them, or (indexOnly) only those in the due index. */
  loaded: number;
  indexOnly: boolean;
  inDueIndex: number;
  dueAtRun: number;
  loadMs: number;
  /**
   * Deadlines the first morning's run took from the due index (RunSummary.read); the figures down to
   * `writeUnits` are that morning's too (it carries the backlog), {@link following} the mornings after.
   */
  read: number;
  /** Items the store examined (its `reads.items`) and the requests it made. */
  itemsRead: number;
  requests: number;
  /** Messages (digests and cards) the run composed, the emails and cards among them, and their notices. */
  messages: number;
  emails: number;
  cards: number;
  notices: number;
  /** DynamoDB capacity the run used: read units (the due index), write units (next actions moved). */
  readUnits: number;
  writeUnits: number;
  /** Mean size of a stored occurrence item (its JSON), to size the table. */
  occurrenceItemBytes: number;
  readsPerDueItem: number;
  /** What a run without the index would read (every stored deadline), over what this one read. */
  storedOverRead: number;
  wallMs: number;
  /** The working mornings after the first, on the same store and ledger: each figure their mean. */
  following: FollowingMornings;
  /**
   * The runs' own process (dynalite is in the benchmark's): its heap once set up, how much the heap
   * grew during the run, and its peak heap and resident set.
   */
  heapBeforeMb: number;
  heapGrowthMb: number;
  heapUsedPeakMb: number;
  rssPeakMb: number;
}

/** The mean of the mornings after the first: what a council's mornings cost once the backlog is out. */
export type FollowingMornings = { mornings: number } & Pick<
  RunFigures,
  'read' | 'messages' | 'emails' | 'cards' | 'notices' | 'readUnits' | 'writeUnits' | 'wallMs'
>;

/** Working mornings the run benchmark runs: the first (the backlog's) and four after it. */
export const MORNINGS = 5;

function meanOf(mornings: readonly MorningFigures[]): FollowingMornings {
  const mean = (pick: (morning: MorningFigures) => number) =>
    round(mornings.reduce((sum, morning) => sum + pick(morning), 0) / Math.max(1, mornings.length), 1);
  return {
    mornings: mornings.length,
    read: mean((m) => m.read),
    messages: mean((m) => m.messages),
    emails: mean((m) => m.emails),
    cards: mean((m) => m.messages - m.emails),
    notices: mean((m) => m.notices),
    readUnits: mean((m) => m.readUnits),
    writeUnits: mean((m) => m.writeUnits),
    wallMs: mean((m) => m.wallMs),
  };
}

/** Runs the morning runs in their own process (see `run-process.ts`) and waits for what it measured. */
async function runInOwnProcess(request: RunRequest): Promise<RunOutcome> {
  const child = fork(fileURLToPath(new URL('./run-process.ts', import.meta.url)));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the run's process exited (${code}) before reporting`);
  });
  child.send(request);
  const [outcome] = (await Promise.race([once(child, 'message'), exited])) as [RunOutcome];
  return outcome;
}

export async function benchRun(
  dynamo: LocalDynamo,
  profile: 'default' | 'statutory',
  cases: number,
  indexOnly: boolean,
) {
  const { client } = dynamo;
  const table = await freshTable(client);
  const { items, computed, meanItemBytes, directory } = occurrenceItems(
    cases,
    builtInProfile(profile),
    indexOnly,
  );
  const loadStarted = performance.now();
  await batchWrite(
    client,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
  const loadMs = performance.now() - loadStarted;
  const runAt = new Date(RUN_AT).toISOString();
  const inDueIndex = items.filter((item) => typeof item.nextActionAt === 'string').length;
  const dueAtRun = items.filter(
    (item) => typeof item.nextActionAt === 'string' && item.nextActionAt <= runAt,
  ).length;
  const loaded = items.length;
  items.length = 0;

  const outcome = await runInOwnProcess({
    endpoint: dynamo.endpoint,
    table,
    profile,
    mornings: MORNINGS,
    directory,
  });
  const [first, ...following] = outcome.mornings as [MorningFigures, ...MorningFigures[]];
  return {
    cases,
    deadlinesStored: computed,
    loaded,
    indexOnly,
    inDueIndex,
    dueAtRun,
    loadMs: round(loadMs),
    read: first.read,
    itemsRead: first.itemsRead,
    requests: first.requests,
    messages: first.messages,
    emails: first.emails,
    cards: first.messages - first.emails,
    notices: first.notices,
    readUnits: first.readUnits,
    writeUnits: first.writeUnits,
    occurrenceItemBytes: round(meanItemBytes),
    readsPerDueItem: round(
      Math.max(...outcome.mornings.map((morning) => morning.itemsRead / Math.max(1, morning.read))),
      2,
    ),
    storedOverRead: round(computed / Math.max(1, first.itemsRead), 1),
    following: meanOf(following),
    wallMs: first.wallMs,
    heapBeforeMb: outcome.heapBeforeMb,
    heapGrowthMb: round(outcome.heapPeakMb - outcome.heapBeforeMb, 1),
    heapUsedPeakMb: outcome.heapPeakMb,
    rssPeakMb: outcome.rssPeakMb,
  } satisfies RunFigures;
}

export interface IngestFigures {
  events: number;
  cases: number;
  batchSize: number;
  accepted: number;
  rejected: number;
  eventsPerSecond: number;
  /** The same batches through ingest with the in-memory stores: the cost of the checks and recomputes. */
  memoryEventsPerSecond: number;
  /** The same events as one plain PutItem each, no checks or recomputes: the floor of the store. */
  rawPutEventsPerSecond: number;
  ofRawPut: number;
  wallMs: number;
  /** Case recomputes ingest made (each batch recomputes every case it touched once). */
  recomputes: number;
  /** Storing one event (its id claim and the event item), on average. */
  appendWriteUnitsPerEvent: number;
  appendReadUnitsPerEvent: number;
  /** Mean bytes put per event stored (event item and id claim), to size the table. */
  bytesPerEvent: number;
  /**
   * One recompute in the batches above: reading the case's events and writing its changed occurrences,
   * the `due` index's included. The batches carry a case's history 25 events at a time, all at once.
   */
  recomputeWriteUnits: number;
  recomputeIndexWriteUnits: number;
  recomputeReadUnits: number;
  /**
   * One recompute as production makes them: a case's last event arriving after the rest, which were
   * computed when the one before it arrived (`laterMeanGapDays` earlier on average), the morning runs
   * having moved the next actions that fell due in between. What the cost model uses.
   */
  laterRecomputes: number;
  laterMeanGapDays: number;
  laterRecomputeWriteUnits: number;
  laterRecomputeIndexWriteUnits: number;
  laterRecomputeReadUnits: number;
  /** The same recomputes by a store that writes every occurrence, changed or not (as it did before). */
  laterRecomputeWriteUnitsWritingAll: number;
  /** Wall time of one batch on dynalite: an upper bound on an ingest Lambda's duration per batch. */
  msPerBatch: number;
}

/**
 * `store` with every call of the listed methods counted under the phase named for it. Ingest appends
 * a batch's events before it recomputes any case, so the phases of one batch never interleave.
 */
function inPhase<T extends object>(
  store: T,
  counter: RequestCounter,
  phases: Partial<Record<keyof T, string>>,
): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      const phase = phases[key as keyof T];
      if (typeof value !== 'function' || phase === undefined) return value;
      return (...args: unknown[]) => {
        counter.phase = phase;
        return value.apply(target, args);
      };
    },
  });
}

/**
 * Whole cases, as a case system's export sends them (case after case, each in date order), until
 * `wanted` events.
 */
function ingestFeed(wanted: number) {
  const events: CaseEvent[] = [];
  let cases = 0;
  for (const [, caseEvents] of casesOf(SLICE_CASES)) {
    if (events.length >= wanted) break;
    for (const event of caseEvents) events.push(event);
    cases++;
  }
  return { events, cases };
}

async function ingestAll(context: IngestContext, events: readonly CaseEvent[], batchSize: number) {
  let accepted = 0;
  let rejected = 0;
  let recomputes = 0;
  let batches = 0;
  const started = performance.now();
  for (let from = 0; from < events.length; from += batchSize) {
    const summary = await ingestBatch(events.slice(from, from + batchSize), 'bench', context);
    accepted += summary.accepted;
    rejected += summary.rejected;
    recomputes += summary.cases;
    batches += 1;
  }
  return { accepted, rejected, recomputes, batches, ms: performance.now() - started };
}

/**
 * Ingest over the DynamoDB stores of `table`, the requests `counter` sees counted under `append` (storing
 * events) and `recompute` (reading a case's events back and replacing its deadlines).
 */
function countedIngest(
  client: DynamoDBDocumentClient,
  table: string,
  counter: RequestCounter,
  deadlines: DynamoDeadlineStore,
  profile: Profile,
  now: () => number,
): IngestContext {
  return {
    events: inPhase(new DynamoCaseEventStore(client, table), counter, {
      append: 'append',
      eventsOf: 'recompute',
    }),
    deadlines: inPhase(deadlines, counter, { replaceCase: 'recompute' }),
    trackers: inPhase(new DynamoTrackerIndex(client, table), counter, { replaceCase: 'recompute' }),
    timeliness: inPhase(new DynamoTimelinessStore(client, table), counter, { replaceCase: 'recompute' }),
    quarantine: new DynamoQuarantineStore(client, table),
    marks: inPhase(new DynamoRecomputeMarks(client, table), counter, { mark: 'append', clear: 'recompute' }),
    profile,
    timing: defaultNoticeTiming(profile),
    now,
  };
}

/** When an event was known: its recordedAt, else its occurredAt; a date alone counts at the day's end. */
function knownAt(event: CaseEvent): number {
  const text = event.recordedAt ?? event.occurredAt;
  return Date.parse(text) + (text.length === 10 ? 86_400_000 : 0);
}

/**
 * Each case's history but its last event, ingested when the one before the last became known (so
 * computed as of then); then every next action that fell due before the last event moved on, as the
 * morning runs would have (a day after it was due); then each case's last event, alone, when it became
 * known: the recomputes counted. This is how production recomputes a case: one event at a time, as
 * they happen.
 */
async function recomputeLater(
  client: DynamoDBDocumentClient,
  profile: Profile,
  events: readonly CaseEvent[],
  options: DynamoDeadlineStoreOptions = {},
) {
  const table = await freshTable(client);
  const byCase = eventsByCase(events);
  const deadlines = new DynamoDeadlineStore(client, table, options);
  const counter = new RequestCounter();
  let now = COMPUTED_AT;
  const context = countedIngest(client, table, counter, deadlines, profile, () => now);
  // A case's events as it knew them: the last one is the latest known (ties: the later in the list).
  const cases = [...byCase.values()].map((caseEvents) => {
    const known = [...caseEvents].sort((a, b) => knownAt(a) - knownAt(b));
    return { history: known.slice(0, -1), last: known[known.length - 1] as CaseEvent };
  });
  // The history as ingest would have left it (stored in bulk: replaying it batch by batch would take
  // most of a quick run).
  await seedCaseEvents(
    client,
    table,
    cases.flatMap(({ history }) => history),
    new Date(COMPUTED_AT).toISOString(),
  );
  let gapDays = 0;
  const versions = new Map<string, number>();
  for (const { history, last } of cases) {
    const computedAt = Math.max(...history.map(knownAt));
    gapDays += (knownAt(last) - computedAt) / 86_400_000;
    const version = computationVersion(history.length, computedAt);
    versions.set(last.caseId, version);
    await deadlines.replaceCase(
      last.caseId,
      version,
      caseComputation(last.caseId, history, context, computedAt).deadlines,
    );
  }
  const movedTo = (nextActionAt: string) => new Date(Date.parse(nextActionAt) + 86_400_000).toISOString();
  for (const { last } of cases) {
    const version = versions.get(last.caseId) as number;
    for (const stored of await deadlines.deadlinesOf(last.caseId)) {
      const { nextActionAt } = stored;
      if (nextActionAt !== null && Date.parse(nextActionAt) < knownAt(last)) {
        await deadlines.setNextAction({ ...stored, version }, movedTo(nextActionAt), nextActionAt);
      }
    }
  }
  counter.attach(client);
  let recomputes = 0;
  for (const { last } of cases) {
    now = knownAt(last);
    recomputes += (await ingestAll(context, [last], 1)).recomputes;
  }
  counter.detach(client);
  const used = counter.counts('recompute');
  return {
    recomputes,
    meanGapDays: round(gapDays / Math.max(1, byCase.size), 1),
    writeUnits: round(used.writeUnits / Math.max(1, recomputes), 1),
    indexWriteUnits: round(used.indexWriteUnits / Math.max(1, recomputes), 1),
    readUnits: round(used.readUnits / Math.max(1, recomputes), 1),
  };
}

export async function benchIngest(
  client: DynamoDBDocumentClient,
  profile: Profile,
  quick: boolean,
): Promise<IngestFigures> {
  const batchSize = 25;
  const { events, cases } = ingestFeed(quick ? 1_000 : 5_000);
  const timing = defaultNoticeTiming(profile);
  const now = () => COMPUTED_AT;

  const table = await freshTable(client);
  const counter = new RequestCounter().attach(client);
  const dynamo = await ingestAll(
    countedIngest(client, table, counter, new DynamoDeadlineStore(client, table), profile, now),
    events,
    batchSize,
  );
  counter.detach(client);
  const append = counter.counts('append');
  const recompute = counter.counts('recompute');
  const memory = await ingestAll(
    {
      events: new MemoryCaseEventStore(),
      deadlines: new MemoryDeadlineStore(),
      trackers: new MemoryTrackerIndex(),
      timeliness: new MemoryTimelinessStore(),
      quarantine: new MemoryQuarantineStore(),
      marks: new MemoryRecomputeMarks(),
      profile,
      timing,
      now,
    },
    events,
    batchSize,
  );

  const later = await recomputeLater(client, profile, events);
  const laterBaseline = await recomputeLater(client, profile, events, { writeUnchanged: true });

  const rawTable = await freshTable(client);
  const rawStarted = performance.now();
  for (const event of events) {
    await client.send(
      new PutCommand({
        TableName: rawTable,
        Item: {
          pk: `CASE#${event.caseId}`,
          sk: `EVENT#${event.id}`,
          event: JSON.parse(JSON.stringify(event)),
        },
      }),
    );
  }
  const rawMs = performance.now() - rawStarted;

  const perSecond = (ms: number) => events.length / (ms / 1000);
  return {
    events: events.length,
    cases,
    batchSize,
    accepted: dynamo.accepted,
    rejected: dynamo.rejected,
    eventsPerSecond: round(perSecond(dynamo.ms)),
    memoryEventsPerSecond: round(perSecond(memory.ms)),
    rawPutEventsPerSecond: round(perSecond(rawMs)),
    ofRawPut: round(rawMs / dynamo.ms, 2),
    wallMs: round(dynamo.ms),
    recomputes: dynamo.recomputes,
    appendWriteUnitsPerEvent: round(append.writeUnits / Math.max(1, dynamo.accepted), 2),
    appendReadUnitsPerEvent: round(append.readUnits / Math.max(1, dynamo.accepted), 2),
    bytesPerEvent: round(append.putBytes / Math.max(1, dynamo.accepted)),
    recomputeWriteUnits: round(recompute.writeUnits / Math.max(1, dynamo.recomputes), 1),
    recomputeIndexWriteUnits: round(recompute.indexWriteUnits / Math.max(1, dynamo.recomputes), 1),
    recomputeReadUnits: round(recompute.readUnits / Math.max(1, dynamo.recomputes), 1),
    laterRecomputes: later.recomputes,
    laterMeanGapDays: later.meanGapDays,
    laterRecomputeWriteUnits: later.writeUnits,
    laterRecomputeIndexWriteUnits: later.indexWriteUnits,
    laterRecomputeReadUnits: later.readUnits,
    laterRecomputeWriteUnitsWritingAll: laterBaseline.writeUnits,
    msPerBatch: round(dynamo.ms / Math.max(1, dynamo.batches)),
  };
}
