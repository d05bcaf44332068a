/**
 * An import into a store, whole cases at a time (event bundles, deadlines in batches), against the same
 * import event by event through ingest: the same events and the same deadlines; an id its case holds
 * with another body refused; the same extract again writing nothing; a stop between storing and
 * recomputing repaired from the recompute marks; a rebuild from the bundles giving the projection the
 * import stored; in a case's partition, only bundles, new cases' occurrences and projections written;
 * the same through a running `npm start`; and a source whose ids ingest met first left to ingest.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { noReads, scanItems } from '../../functions/adapters/dynamodb/shared.ts';
import { contentHash, eventIdOf } from '../../functions/core/imports/reconcile.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { CaseEventStore, DeadlineStore, StoredDeadline } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { type ImportReport, runImport } from '../../functions/imports/run-import.ts';
import { type ImportStores, storeTarget } from '../../functions/imports/store-target.ts';
import { type IngestContext, ingestBatch, repairMarkedCases } from '../../functions/ingest/ingest.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { EVENT_BUNDLE_SORT_KEY_PREFIX } from '../../functions/storage/table-layout.ts';
import { startLocalIngestServer } from '../../local/http-ingest.ts';
import { newToken, remoteStore, storeRoute } from '../../local/remote-store.ts';
import { LOCAL_TABLE, type OpenedLocalStore, openLocalStore } from '../../local/store.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';
import { councilFormat } from '../support/council-import.ts';
import type { TableRequest } from '../support/dynamodb-iam.ts';

const profile = builtInProfile('default');
const NOW = Date.parse('2021-07-01T09:00:00Z');
// Half a year of history (the synthetic council starts in 2021): a dozen cases, a few hundred events,
// so that the import event by event into dynalite takes seconds.
const council = generateCouncil({ seed: 11, asOf: '2021-06-30', cases: 12 });
const format = councilFormat(council.events);
const context = { profile, timing: defaultNoticeTiming(profile), now: () => NOW };
const ingestContext = (store: OpenedLocalStore): IngestContext => ({ ...store, ...context });

const opened: OpenedLocalStore[] = [];
async function freshStore(): Promise<OpenedLocalStore> {
  const store = await openLocalStore(null);
  opened.push(store);
  return store;
}

/** The event store without its whole-case writes: what ingest alone can do. */
const oneAtATime = (events: CaseEventStore): CaseEventStore => ({
  append: (event, receivedAt) => events.append(event, receivedAt),
  eventsOf: (caseId) => events.eventsOf(caseId),
  caseIds: () => events.caseIds(),
});

function importInto(stores: ImportStores): Promise<ImportReport> {
  return runImport(
    { format, files: [], source: 'council', today: '2021-07-01', profile, progress: () => {} },
    storeTarget('the store', stores, context, 'import:council'),
  );
}

/** Every write request sent by `store`'s client while `work` runs. */
async function writesDuring(store: OpenedLocalStore, work: () => Promise<unknown>): Promise<TableRequest[]> {
  const writes: TableRequest[] = [];
  const name = `writes-${Math.random()}`;
  store.dynamo.client.middlewareStack.add(
    (next, handlerContext) => async (args) => {
      const action = (handlerContext.commandName ?? '').replace(/Command$/, '');
      if (['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].includes(action)) {
        writes.push({ action, input: structuredClone(args.input as Record<string, unknown>) });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await work();
  } finally {
    store.dynamo.client.middlewareStack.remove(name);
  }
  return writes;
}

const byId = (events: readonly CaseEvent[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));
const byOccurrence = (deadlines: readonly StoredDeadline[]) =>
  [...deadlines].sort((a, b) =>
    `${a.deadline.rule}#${a.deadline.occurrence}`.localeCompare(
      `${b.deadline.rule}#${b.deadline.occurrence}`,
    ),
  );

/** Every case's events and deadlines, by case. */
async function contentOf(events: CaseEventStore, deadlines: DeadlineStore) {
  const content = new Map<string, { events: CaseEvent[]; deadlines: StoredDeadline[] }>();
  for (const caseId of council.caseIds) {
    content.set(caseId, {
      events: byId(await events.eventsOf(caseId)),
      deadlines: byOccurrence(await deadlines.deadlinesOf(caseId)),
    });
  }
  return content;
}

/** Items of the local table whose sort key starts with `prefix`. */
async function itemsStartingWith(store: OpenedLocalStore, prefix: string) {
  const items = [];
  for await (const item of scanItems(
    store.dynamo.client,
    {
      TableName: LOCAL_TABLE,
      FilterExpression: 'begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':prefix': prefix },
    },
    noReads(),
  )) {
    items.push(item);
  }
  return items;
}

let eventByEvent: OpenedLocalStore;
let expected: Awaited<ReturnType<typeof contentOf>>;
let expectedReport: ImportReport;

beforeAll(async () => {
  eventByEvent = await freshStore();
  expectedReport = await importInto({ ...eventByEvent, events: oneAtATime(eventByEvent.events) });
  expected = await contentOf(eventByEvent.events, eventByEvent.deadlines);
}, 120_000);

afterAll(async () => {
  for (const store of opened) await store.close();
});

describe('an import into a store, whole cases at a time', () => {
  it('stores the same events and the same deadlines as the import event by event through ingest', async () => {
    const store = await freshStore();
    const report = await importInto(store);
    expect(report).toEqual({ ...expectedReport });
    expect(report.made).toBe(council.events.length);
    expect(await contentOf(store.events, store.deadlines)).toEqual(expected);
    expect([...expected.values()].every((c) => c.deadlines.length > 0)).toBe(true);
    // The bulk path did the writing: bundles there, no event item or id claim; no mark left.
    expect((await itemsStartingWith(store, EVENT_BUNDLE_SORT_KEY_PREFIX)).length).toBeGreaterThan(0);
    expect(await itemsStartingWith(store, 'EVENTID')).toHaveLength(0);
    expect(await itemsStartingWith(eventByEvent, EVENT_BUNDLE_SORT_KEY_PREFIX)).toHaveLength(0);
    expect(await store.marks.pending()).toEqual([]);
  });

  it('writes nothing when the same extract is imported again', async () => {
    const store = await freshStore();
    await importInto(store);
    let again: ImportReport | undefined;
    const writes = await writesDuring(store, async () => {
      again = await importInto(store);
    });
    expect(writes).toEqual([]);
    expect(again).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: council.events.length });
    expect(await contentOf(store.events, store.deadlines)).toEqual(expected);
  });

  it('refuses an event whose id its case holds with another body, and quarantines it; the first stands', async () => {
    const store = await freshStore();
    await importInto(store);
    const [caseId] = council.caseIds as [string];
    const [held] = (await store.events.eventsOf(caseId)) as [CaseEvent];
    const changed = { ...held, occurredAt: '2021-06-29' } as CaseEvent;
    const target = storeTarget('the store', store, context, 'import:council');
    const outcome = await target.write([changed]);
    expect([...outcome.refused.keys()]).toEqual([held.id]);
    expect(outcome.refused.get(held.id)?.[0]?.message).toMatch(/different content; the first one stands/);
    expect(byId(await store.events.eventsOf(caseId))).toEqual(expected.get(caseId)?.events);
    const quarantined = await store.quarantine.onDay('2021-07-01');
    expect(quarantined.map((entry) => entry.channel)).toEqual(['import:council']);

    // Sent on its own through ingest, such an id is refused too: only the import writes the source's ids.
    const sent = await ingestBatch([changed], 'test', ingestContext(store));
    expect(sent.rejected).toBe(1);
    expect(byId(await store.events.eventsOf(caseId))).toEqual(expected.get(caseId)?.events);
    // An id of the import's form that no case holds is refused as the import's, not as a resend.
    const unheld = { ...held, id: `${held.id.slice(0, held.id.lastIndexOf(':'))}:0123456789ab` } as CaseEvent;
    const reserved = await ingestBatch([unheld], 'test', ingestContext(store));
    expect(reserved.items[0]?.problems[0]?.message).toMatch(
      /has the form of the ids an import of the source \S+ makes/,
    );
  });

  it('repairs, from its marks, the cases whose events were stored when their deadlines were not', async () => {
    const store = await freshStore();
    let failing = true;
    const stopping: DeadlineStore = {
      ...store.deadlines,
      replaceCase: (...args) =>
        failing ? Promise.reject(new Error('stopped')) : store.deadlines.replaceCase(...args),
      replaceCases: () => Promise.reject(new Error('stopped')),
    };
    await expect(importInto({ ...store, deadlines: stopping })).rejects.toThrow('stopped');
    const marked = (await store.marks.pending()).map((mark) => mark.caseId);
    expect(marked.length).toBeGreaterThan(0);
    for (const caseId of marked) {
      expect(byId(await store.events.eventsOf(caseId))).toEqual(expected.get(caseId)?.events);
      expect(await store.deadlines.deadlinesOf(caseId)).toEqual([]);
    }

    failing = false;
    // What `npm start` does when it starts (and any ingest batch, once the marks are 5 minutes old).
    const repair = await repairMarkedCases(ingestContext(store), true);
    expect(repair.repaired).toBe(marked.length);
    expect(await store.marks.pending()).toEqual([]);
    for (const caseId of marked) {
      expect(byOccurrence(await store.deadlines.deadlinesOf(caseId))).toEqual(
        expected.get(caseId)?.deadlines,
      );
    }
    // The import run again takes what was stored as it is, and writes the rest.
    await importInto(store);
    expect(await contentOf(store.events, store.deadlines)).toEqual(expected);
  });

  it('rebuilds, from the bundles alone, the projection the import stored', async () => {
    const store = await freshStore();
    await importInto(store);
    const table = 'line-of-sight-rebuilt';
    await ensureTable(store.dynamo.client, table);
    const rebuilt = new DynamoDeadlineStore(store.dynamo.client, table);
    const summary = await rebuildAll({ ...ingestContext(store), deadlines: rebuilt });
    expect(summary.cases).toBe(council.caseIds.length);
    expect(await contentOf(store.events, rebuilt)).toEqual(expected);
  });

  it('writes in a case’s partition only bundles, new cases’ occurrences, and projections, tracker rows and timeliness records on their condition', async () => {
    const store = await freshStore();
    const writes = await writesDuring(store, () => importInto(store));
    const inCase = (key: Record<string, unknown>) => String(key.pk).startsWith('CASE#');
    const batched = writes.flatMap((request) =>
      request.action === 'BatchWriteItem'
        ? Object.values(
            request.input.RequestItems as Record<
              string,
              { PutRequest?: { Item: Record<string, unknown> } }[]
            >,
          )
            .flat()
            .map((write) => write.PutRequest?.Item ?? {})
        : [],
    );
    const sortKeys = batched.filter(inCase).map((item) => String(item.sk));
    expect(sortKeys.length).toBeGreaterThan(0);
    expect(
      sortKeys.filter((sk) => !sk.startsWith(EVENT_BUNDLE_SORT_KEY_PREFIX) && !sk.startsWith('DEADLINE#')),
    ).toEqual([]);
    const single = writes.filter(
      (request) =>
        request.action !== 'BatchWriteItem' &&
        inCase((request.input.Item ?? request.input.Key) as Record<string, unknown>),
    );
    expect(single.length).toBeGreaterThan(0);
    for (const request of single) {
      expect(request.action).toBe('PutItem');
      expect(String((request.input.Item as Record<string, unknown>).sk)).toMatch(
        /^(PROJECTION|TRACKER#|TIMELINESS$)/,
      );
      expect(request.input.ConditionExpression).toBeDefined();
    }
  });

  it('goes whole cases at a time through a running `npm start` too', async () => {
    const store = await freshStore();
    const token = newToken();
    const server = await startLocalIngestServer({
      handle: async () => ({ statusCode: 404, body: '' }),
      routes: { 'POST /store': storeRoute(store, token) },
    });
    try {
      await importInto(remoteStore({ url: server.url, token, pid: process.pid }));
    } finally {
      await server.close();
    }
    expect((await itemsStartingWith(store, EVENT_BUNDLE_SORT_KEY_PREFIX)).length).toBeGreaterThan(0);
    expect(await contentOf(store.events, store.deadlines)).toEqual(expected);
  });

  it('leaves a source whose ids ingest met first to ingest, event by event', async () => {
    const store = await freshStore();
    const [first] = council.events as [CaseEvent];
    const { id, source: _, ...draft } = first;
    const sent = {
      ...first,
      id: eventIdOf('council', `events:${id}`, contentHash(draft), 0),
      source: 'council',
    };
    expect((await ingestBatch([sent], 'test', ingestContext(store))).accepted).toBe(1);
    const report = await importInto(store);
    expect(report.problems).toEqual([]);
    expect(await itemsStartingWith(store, EVENT_BUNDLE_SORT_KEY_PREFIX)).toHaveLength(0);
    expect(await contentOf(store.events, store.deadlines)).toEqual(expected);
  });
});
