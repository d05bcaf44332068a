/**
 * Whole cases stored at once (an import's write path), held to one contract in memory and on dynalite:
 * each id once per case (a resend a duplicate, another body a conflict, the first standing), every
 * event read back whichever path stored it, and a source's ids written by one path only, whichever met
 * them first. Then what is DynamoDB's own: bundles kept under the item size limit and read across
 * pages, and an id two racing imports both stored read once.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { DynamoCaseEventStore, MAX_BUNDLE_BYTES } from '../../functions/adapters/dynamodb/event-store.ts';
import { noReads, queryItems } from '../../functions/adapters/dynamodb/shared.ts';
import { MemoryCaseEventStore } from '../../functions/adapters/memory/stores.ts';
import { contentHash, eventIdOf, retractionIdOf } from '../../functions/core/imports/reconcile.ts';
import type { CaseEventStore } from '../../functions/core/ports.ts';
import { EVENT_BUNDLE_SORT_KEY_PREFIX, itemKey } from '../../functions/storage/table-layout.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('line-of-sight-bundles');
const RECEIVED = '2026-03-01T09:00:00.000Z';

/** A visit of `caseId` on `day`, with the id an import of `source` makes for it under key `key`. */
function visit(caseId: string, key: string, day: string, source = 'ssd'): CaseEvent {
  const draft = {
    type: 'visit.completed',
    caseId,
    occurredAt: day,
    source,
    data: { visitType: 'cp', childSeen: true, seenAlone: true, bedroomSeen: false },
  } as const;
  return { ...draft, id: eventIdOf(source, key, contentHash(draft), 0) } as CaseEvent;
}

const byId = (events: readonly CaseEvent[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));

type BulkStore = CaseEventStore & Required<Pick<CaseEventStore, 'appendCases' | 'claimSource'>>;

describe.each<[string, () => Promise<BulkStore>]>([
  ['in memory', async () => new MemoryCaseEventStore()],
  ['in DynamoDB', async () => new DynamoCaseEventStore(dynamo.client, await dynamo.freshTable())],
])('whole cases in the case event store %s', (_name, open) => {
  it('stores each event once: a resend is a duplicate, another body under a held id a conflict, and the first stands', async () => {
    const store = await open();
    const a1 = visit('CASE-A', 't:1', '2026-01-05');
    const a2 = visit('CASE-A', 't:2', '2026-01-12');
    const b1 = visit('CASE-B', 't:3', '2026-01-06');
    expect(await store.claimSource('ssd')).toBe(true);
    const first = await store.appendCases(
      'ssd',
      [
        { caseId: 'CASE-A', events: [a1, a2] },
        { caseId: 'CASE-B', events: [b1] },
      ],
      RECEIVED,
    );
    expect(first.map(({ caseId, outcomes }) => [caseId, outcomes])).toEqual([
      ['CASE-A', ['stored', 'stored']],
      ['CASE-B', ['stored']],
    ]);
    expect(byId(first[0]?.events ?? [])).toEqual(byId([a1, a2]));

    const reordered = Object.fromEntries(Object.entries(a1).reverse()) as CaseEvent;
    const changed = { ...a2, occurredAt: '2026-01-13' } as CaseEvent;
    const a3 = visit('CASE-A', 't:4', '2026-01-19');
    const again = await store.appendCases(
      'ssd',
      [{ caseId: 'CASE-A', events: [reordered, changed, a3, a3] }],
      RECEIVED,
    );
    expect(again[0]?.outcomes).toEqual(['duplicate', 'conflict', 'stored', 'duplicate']);
    expect(byId(again[0]?.events ?? [])).toEqual(byId([a1, a2, a3]));
    expect(byId(await store.eventsOf('CASE-A'))).toEqual(byId([a1, a2, a3]));
    expect(await store.eventsOf('CASE-B')).toEqual([b1]);
  });

  it('reads every event of a case, whichever path stored it, and lists a case whose events came whole', async () => {
    const store = await open();
    const sent = { ...visit('CASE-A', 't:9', '2026-01-02'), id: 'CMS-77' } as CaseEvent;
    expect(await store.append(sent, RECEIVED)).toBe('stored');
    const imported = visit('CASE-A', 't:1', '2026-01-05');
    const retraction = {
      id: retractionIdOf(imported.id),
      type: 'event.retracted',
      caseId: 'CASE-A',
      occurredAt: '2026-01-05',
      source: 'ssd',
      data: { eventId: imported.id },
    } as CaseEvent;
    const onlyImported = visit('CASE-C', 't:2', '2026-01-06');
    await store.appendCases(
      'ssd',
      [
        { caseId: 'CASE-A', events: [imported, retraction] },
        { caseId: 'CASE-C', events: [onlyImported] },
      ],
      RECEIVED,
    );
    expect(byId(await store.eventsOf('CASE-A'))).toEqual(byId([sent, imported, retraction]));
    const caseIds: string[] = [];
    for await (const caseId of store.caseIds()) caseIds.push(caseId);
    expect(caseIds.sort()).toEqual(['CASE-A', 'CASE-C']);
  });

  it('keeps a source’s ids to whole-case writes once claimed: one at a time, only a resend of a held one is taken', async () => {
    const store = await open();
    const held = visit('CASE-A', 't:1', '2026-01-05');
    await store.appendCases('ssd', [{ caseId: 'CASE-A', events: [held] }], RECEIVED);
    expect(await store.append(structuredClone(held), RECEIVED)).toBe('duplicate');
    expect(await store.append({ ...held, occurredAt: '2026-01-06' } as CaseEvent, RECEIVED)).toBe('conflict');
    // An id of the source's shape the import never made is not the sender's to take.
    expect(await store.append(visit('CASE-A', 't:2', '2026-01-07'), RECEIVED)).toBe('reserved');
    // Ids of another shape, or another source's, go as ever.
    expect(await store.append({ ...held, id: 'ssd:CMS-1' } as CaseEvent, RECEIVED)).toBe('stored');
    expect(await store.append(visit('CASE-A', 't:3', '2026-01-08', 'cin'), RECEIVED)).toBe('stored');
    expect(await store.eventsOf('CASE-A')).toHaveLength(3);
  });

  it('leaves a source to events one at a time when ingest met one of its ids first', async () => {
    const store = await open();
    const first = visit('CASE-A', 't:1', '2026-01-05');
    expect(await store.append(first, RECEIVED)).toBe('stored');
    expect(await store.claimSource('ssd')).toBe(false);
    await expect(
      store.appendCases(
        'ssd',
        [{ caseId: 'CASE-A', events: [visit('CASE-A', 't:2', '2026-01-06')] }],
        RECEIVED,
      ),
    ).rejects.toThrow(/one event at a time/);
    expect(await store.append(visit('CASE-A', 't:2', '2026-01-06'), RECEIVED)).toBe('stored');
    expect(await store.claimSource('cin')).toBe(true);
  });

  it('refuses a case given twice, an event under another case, and an id its source does not make', async () => {
    const store = await open();
    const a1 = visit('CASE-A', 't:1', '2026-01-05');
    const twice = [
      { caseId: 'CASE-A', events: [a1] },
      { caseId: 'CASE-A', events: [] },
    ];
    await expect(store.appendCases('ssd', twice, RECEIVED)).rejects.toThrow(RangeError);
    await expect(store.appendCases('ssd', [{ caseId: 'CASE-B', events: [a1] }], RECEIVED)).rejects.toThrow(
      RangeError,
    );
    await expect(
      store.appendCases(
        'ssd',
        [{ caseId: 'CASE-A', events: [{ ...a1, id: 'CMS-1' } as CaseEvent] }],
        RECEIVED,
      ),
    ).rejects.toThrow(RangeError);
    await expect(store.appendCases('cin', [{ caseId: 'CASE-A', events: [a1] }], RECEIVED)).rejects.toThrow(
      RangeError,
    );
    expect(await store.eventsOf('CASE-A')).toEqual([]);
  });
});

describe('event bundles in DynamoDB', () => {
  it('splits a case too large for one item into bundles under the limit, read back whole across pages', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoCaseEventStore(dynamo.client, table, { pageSize: 2 });
    // Notes that do not compress, so that a few thousand events outgrow one item.
    const events = Array.from({ length: 2_000 }, (_, n) => ({
      ...visit('CASE-BIG', `t:${n}`, '2026-01-05'),
      data: { visitType: 'cp', childSeen: true, seenAlone: true, note: randomBytes(300).toString('base64') },
    })) as CaseEvent[];
    const [appended] = await store.appendCases('ssd', [{ caseId: 'CASE-BIG', events }], RECEIVED);
    expect(appended?.outcomes.every((outcome) => outcome === 'stored')).toBe(true);

    const bundles = [];
    for await (const item of queryItems(
      dynamo.client,
      {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'CASE#CASE-BIG', ':prefix': EVENT_BUNDLE_SORT_KEY_PREFIX },
      },
      noReads(),
    )) {
      bundles.push(item);
    }
    expect(bundles.length).toBeGreaterThan(1);
    for (const bundle of bundles)
      expect((bundle.events as Uint8Array).length).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(bundles.reduce((sum, bundle) => sum + (bundle.count as number), 0)).toBe(events.length);
    expect(byId(await store.eventsOf('CASE-BIG'))).toEqual(byId(events));
  });

  it('reads an id that two racing imports both stored once, as it was first received', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoCaseEventStore(dynamo.client, table);
    const first = visit('CASE-A', 't:1', '2026-01-05');
    await store.appendCases('ssd', [{ caseId: 'CASE-A', events: [first] }], RECEIVED);
    // What an import that had read the case before the first one wrote would have added beside it.
    const later = '2026-03-01T09:00:05.000Z';
    const raced = { ...first, occurredAt: '2026-01-06' };
    await dynamo.client.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...itemKey.eventBundle('CASE-A', 'ssd', later, 'abcdef012345'),
          caseId: 'CASE-A',
          receivedAt: later,
          count: 2,
          events: gzipSync(JSON.stringify([raced, visit('CASE-A', 't:2', '2026-01-07')])),
        },
      }),
    );
    const events = await store.eventsOf('CASE-A');
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.id === first.id)).toEqual(first);
  });
});
