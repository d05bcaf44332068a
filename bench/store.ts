/**
 * The embedded store (dynalite in memory, in this process): a scheduled run over the `due` index of N
 * cases' deadlines, and ingest of events through the real DynamoDB adapters.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../events/index.ts';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore, occurrenceItem } from '../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore } from '../functions/adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../functions/adapters/dynamodb/quarantine-store.ts';
import { batchWrite, type Item } from '../functions/adapters/dynamodb/shared.ts';
import { MemoryDirectoryStore } from '../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryQuarantineStore,
} from '../functions/adapters/memory/stores.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import { defaultNoticeTiming } from '../functions/core/notices/schedule.ts';
import {
  computationVersion,
  type IngestContext,
  ingestBatch,
  storedDeadlinesOf,
} from '../functions/ingest/ingest.ts';
import { type NoticeSink, runSchedule } from '../functions/schedule/run.ts';
import { benchDirectory, COMPUTED_AT, RUN_AT, SLICE_CASES, slices } from './council.ts';
import { collectGarbage, MemoryPeak, mb, round } from './measure.ts';

let tables = 0;
async function freshTable(client: DynamoDBDocumentClient): Promise<string> {
  const name = `bench-${process.pid}-${++tables}`;
  await ensureTable(client, name);
  return name;
}

/** Every case's deadlines computed as ingest computes them (see `storedDeadlinesOf`), as items. */
function occurrenceItems(total: number, profile: Profile, indexOnly: boolean) {
  const context = { profile, timing: defaultNoticeTiming(profile) };
  const items: Item[] = [];
  let computed = 0;
  for (const [caseId, events] of casesOf(total)) {
    const version = computationVersion(events.length, COMPUTED_AT);
    for (const stored of storedDeadlinesOf(caseId, events, context, COMPUTED_AT)) {
      computed++;
      if (!indexOnly || stored.nextActionAt !== null) items.push(occurrenceItem(stored, version));
    }
  }
  return { items, computed };
}

function* casesOf(total: number): Generator<[string, CaseEvent[]]> {
  for (const slice of slices(total)) yield* slice.cases;
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
  /** Deadlines the run took from the due index (RunSummary.read). */
  read: number;
  /** Items the store examined (its `reads.items`) and the requests it made. */
  itemsRead: number;
  requests: number;
  /** Messages (digests and cards) the run composed, and the notices in them. */
  messages: number;
  notices: number;
  readsPerDueItem: number;
  /** What a run without the index would read (every stored deadline), over what this one read. */
  storedOverRead: number;
  wallMs: number;
  /** Peak heap during the run over the heap just before it: what the run itself holds. */
  heapGrowthMb: number;
  /** Whole process, dynalite's server and data included. */
  heapUsedPeakMb: number;
  rssPeakMb: number;
}

export async function benchRun(
  client: DynamoDBDocumentClient,
  profile: Profile,
  cases: number,
  indexOnly: boolean,
) {
  const table = await freshTable(client);
  const { items, computed } = occurrenceItems(cases, profile, indexOnly);
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

  const store = new DynamoDeadlineStore(client, table);
  const directory = new MemoryDirectoryStore();
  await directory.replace(benchDirectory());
  let messages = 0;
  let notices = 0;
  const sink: NoticeSink = {
    send: async (batch) => {
      messages += batch.length;
      for (const notice of batch) notices += notice.lines.length;
    },
  };
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const memory = new MemoryPeak().start(10);
  const started = performance.now();
  const summary = await runSchedule(RUN_AT, 'morning', {
    deadlines: store,
    directory,
    notices: sink,
    profile,
    timing: defaultNoticeTiming(profile),
  });
  const wallMs = performance.now() - started;
  memory.stop();
  return {
    cases,
    deadlinesStored: computed,
    loaded,
    indexOnly,
    inDueIndex,
    dueAtRun,
    loadMs: round(loadMs),
    read: summary.read,
    itemsRead: store.reads.items,
    requests: store.reads.requests,
    messages,
    notices,
    readsPerDueItem: round(store.reads.items / Math.max(1, summary.read), 2),
    storedOverRead: round(computed / Math.max(1, store.reads.items), 1),
    wallMs: round(wallMs),
    heapGrowthMb: mb(memory.heapUsed - heapBefore),
    heapUsedPeakMb: mb(memory.heapUsed),
    rssPeakMb: mb(memory.rss),
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
  const started = performance.now();
  for (let from = 0; from < events.length; from += batchSize) {
    const summary = await ingestBatch(events.slice(from, from + batchSize), 'bench', context);
    accepted += summary.accepted;
    rejected += summary.rejected;
  }
  return { accepted, rejected, ms: performance.now() - started };
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
  const dynamo = await ingestAll(
    {
      events: new DynamoCaseEventStore(client, table),
      deadlines: new DynamoDeadlineStore(client, table),
      quarantine: new DynamoQuarantineStore(client, table),
      profile,
      timing,
      now,
    },
    events,
    batchSize,
  );
  const memory = await ingestAll(
    {
      events: new MemoryCaseEventStore(),
      deadlines: new MemoryDeadlineStore(),
      quarantine: new MemoryQuarantineStore(),
      profile,
      timing,
      now,
    },
    events,
    batchSize,
  );

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
  };
}
