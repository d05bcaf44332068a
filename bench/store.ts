/**
 * The embedded store (dynalite in memory, in this process): a scheduled run over the `due` index of N
 * cases' deadlines, and ingest of events through the real DynamoDB adapters.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../events/index.ts';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore, occurrenceItem } from '../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore } from '../functions/adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../functions/adapters/dynamodb/quarantine-store.ts';
import { allInParallel, type Item } from '../functions/adapters/dynamodb/shared.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryQuarantineStore,
} from '../functions/adapters/memory/stores.ts';
import { CalendarRangeError, londonDayOf } from '../functions/core/calendar/index.ts';
import { deadlineJson, evaluateCase, type Profile } from '../functions/core/engine/index.ts';
import { defaultNoticeTiming, nextActionAt, planNotices } from '../functions/core/notices/schedule.ts';
import type { StoredDeadline } from '../functions/core/ports.ts';
import {
  CATCH_UP_MS,
  computationVersion,
  type IngestContext,
  ingestBatch,
} from '../functions/ingest/ingest.ts';
import { type IntentSink, type NoticeIntent, runSchedule } from '../functions/schedule/run.ts';
import { COMPUTED_AT, RUN_AT, SLICE_CASES, slices } from './council.ts';
import { collectGarbage, MemoryPeak, mb, round } from './measure.ts';

let tables = 0;
async function freshTable(client: DynamoDBDocumentClient): Promise<string> {
  const name = `bench-${process.pid}-${++tables}`;
  await ensureTable(client, name);
  return name;
}

/** Every case's deadlines computed as ingest computes them (see `recomputeCase`), as items. */
function occurrenceItems(total: number, profile: Profile, indexOnly: boolean) {
  const timing = defaultNoticeTiming(profile);
  const asOf = { day: londonDayOf(COMPUTED_AT), ms: COMPUTED_AT };
  const items: Item[] = [];
  let unplannable = 0;
  let computed = 0;
  for (const [caseId, events] of casesOf(total)) {
    const version = computationVersion(events.length, COMPUTED_AT);
    for (const deadline of evaluateCase(caseId, events, profile, asOf).deadlines) {
      let next: number | null;
      try {
        next = nextActionAt(planNotices(deadline, timing), COMPUTED_AT - CATCH_UP_MS);
      } catch (error) {
        // A due date past the calendar's last known year (an 18th birthday in 2038, say): recomputeCase
        // throws here today. Stored out of the index (its next action is years away) and counted.
        if (!(error instanceof CalendarRangeError)) throw error;
        unplannable++;
        next = null;
      }
      const stored: StoredDeadline = {
        caseId,
        deadline: deadlineJson(deadline),
        nextActionAt: next === null ? null : new Date(next).toISOString(),
      };
      computed++;
      if (!indexOnly || next !== null) items.push(occurrenceItem(stored, version));
    }
  }
  return { items, unplannable, computed };
}

function* casesOf(total: number): Generator<[string, CaseEvent[]]> {
  for (const slice of slices(total)) yield* slice.cases;
}

/** Whether every deadline of the case can have its notices planned (none is due after 2028). */
function plannable(caseId: string, events: readonly CaseEvent[], profile: Profile): boolean {
  const timing = defaultNoticeTiming(profile);
  try {
    for (const deadline of evaluateCase(caseId, events, profile, {
      day: londonDayOf(COMPUTED_AT),
      ms: COMPUTED_AT,
    }).deadlines) {
      planNotices(deadline, timing);
    }
    return true;
  } catch (error) {
    if (error instanceof CalendarRangeError) return false;
    throw error;
  }
}

/** BatchWrite, 25 items a request, a few requests in flight, unprocessed items retried. */
async function bulkLoad(client: DynamoDBDocumentClient, table: string, items: readonly Item[]) {
  const tasks: (() => Promise<void>)[] = [];
  for (let from = 0; from < items.length; from += 25) {
    const chunk = items.slice(from, from + 25);
    tasks.push(async () => {
      let requests: Record<string, unknown>[] | undefined = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (requests && requests.length > 0) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests as never } }),
        );
        requests = UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    });
  }
  await allInParallel(tasks, 4);
}

export interface RunFigures {
  cases: number;
  /** Every deadline computed for the cases: what a run without the index would read. */
  deadlinesStored: number;
  /** Occurrence items loaded into dynalite: all of them, or (indexOnly) only those in the due index. */
  loaded: number;
  indexOnly: boolean;
  /** Deadlines whose notices cannot be planned: due after the calendar's last known year. */
  unplannable: number;
  inDueIndex: number;
  dueAtRun: number;
  loadMs: number;
  /** Deadlines the run took from the due index (RunSummary.read). */
  read: number;
  /** Items the store examined (its `reads.items`) and the requests it made. */
  itemsRead: number;
  requests: number;
  intents: number;
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
  const { items, unplannable, computed } = occurrenceItems(cases, profile, indexOnly);
  const loadStarted = performance.now();
  await bulkLoad(client, table, items);
  const loadMs = performance.now() - loadStarted;
  const runAt = new Date(RUN_AT).toISOString();
  const inDueIndex = items.filter((item) => typeof item.nextActionAt === 'string').length;
  const dueAtRun = items.filter(
    (item) => typeof item.nextActionAt === 'string' && item.nextActionAt <= runAt,
  ).length;
  const loaded = items.length;
  items.length = 0;

  const store = new DynamoDeadlineStore(client, table);
  const collected: NoticeIntent[] = [];
  const intents: IntentSink = {
    send: async (batch) => {
      for (const intent of batch) collected.push(intent);
    },
  };
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const memory = new MemoryPeak().start(10);
  const started = performance.now();
  const summary = await runSchedule(RUN_AT, {
    deadlines: store,
    intents,
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
    unplannable,
    inDueIndex,
    dueAtRun,
    loadMs: round(loadMs),
    read: summary.read,
    itemsRead: store.reads.items,
    requests: store.reads.requests,
    intents: summary.intents,
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
  /** Cases left out of the feed because a deadline falls after the calendar's last year. */
  skippedCases: number;
  batchSize: number;
  accepted: number;
  rejected: number;
  /** Batches whose recomputation threw CalendarRangeError (0 expected, with such cases left out). */
  failedBatches: number;
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
 * `wanted` events. Cases with a deadline after the calendar's last year are left out: recomputeCase
 * throws on them today (see the run figures' `unplannable`).
 */
function ingestFeed(wanted: number, profile: Profile) {
  const events: CaseEvent[] = [];
  let cases = 0;
  let skipped = 0;
  for (const [caseId, caseEvents] of casesOf(SLICE_CASES)) {
    if (events.length >= wanted) break;
    if (!plannable(caseId, caseEvents, profile)) {
      skipped++;
      continue;
    }
    for (const event of caseEvents) events.push(event);
    cases++;
  }
  return { events, cases, skipped };
}

async function ingestAll(context: IngestContext, events: readonly CaseEvent[], batchSize: number) {
  let accepted = 0;
  let rejected = 0;
  const started = performance.now();
  let failedBatches = 0;
  for (let from = 0; from < events.length; from += batchSize) {
    try {
      const summary = await ingestBatch(events.slice(from, from + batchSize), 'bench', context);
      accepted += summary.accepted;
      rejected += summary.rejected;
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      failedBatches++;
    }
  }
  return { accepted, rejected, failedBatches, ms: performance.now() - started };
}

export async function benchIngest(
  client: DynamoDBDocumentClient,
  profile: Profile,
  quick: boolean,
): Promise<IngestFigures> {
  const batchSize = 25;
  const { events, cases, skipped } = ingestFeed(quick ? 1_000 : 5_000, profile);
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
    skippedCases: skipped,
    batchSize,
    accepted: dynamo.accepted,
    rejected: dynamo.rejected,
    failedBatches: dynamo.failedBatches,
    eventsPerSecond: round(perSecond(dynamo.ms)),
    memoryEventsPerSecond: round(perSecond(memory.ms)),
    rawPutEventsPerSecond: round(perSecond(rawMs)),
    ofRawPut: round(rawMs / dynamo.ms, 2),
    wallMs: round(dynamo.ms),
  };
}
