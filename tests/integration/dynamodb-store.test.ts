/**
 * The DynamoDB adapter against dynalite: the table built from the layout, the event log's claims and
 * retries, quarantine that always fits in an item, and deadline projections whose `due` index a run
 * reads in proportion to what is due, not to the number of cases. What each port promises of every
 * adapter is held in its contract suite (event-store, deadline-store, recompute-marks, weekly-run-log);
 * here is what is DynamoDB's own: crashes and races between single-item writes, pages, reads and writes
 * counted, and the items themselves.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type ServiceInputTypes,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseEvent, EVENT_FIXTURES } from '../../events/index.ts';
import { ensureTable, tableDefinition } from '../../functions/adapters/dynamodb/create-table.ts';
import {
  ConcurrentRecomputeError,
  DynamoDeadlineStore,
  occurrenceItem,
} from '../../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore, eventBodyHash } from '../../functions/adapters/dynamodb/event-store.ts';
import {
  DynamoQuarantineStore,
  MAX_ITEM_BYTES,
  QUARANTINE_RETENTION_DAYS,
} from '../../functions/adapters/dynamodb/quarantine-store.ts';
import type { StoredDeadline } from '../../functions/core/ports.ts';
import {
  DEADLINE_SCAN_ATTRIBUTES,
  DUE_INDEX,
  DUE_SHARD_COUNT,
  dueShardOf,
  EVENT_CLAIM_HASH_ATTRIBUTE,
  itemKey,
  SECONDARY_INDEXES,
} from '../../functions/storage/table-layout.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';
import { dueBy, keyOf, moveOn, sortedByKey, stored } from '../support/stored-deadlines.ts';

const dynamo = dynaliteTables('line-of-sight-test');

const fixtures = (): CaseEvent[] => Object.values(EVENT_FIXTURES).map((event) => structuredClone(event));

/** The same client, with `before` run ahead of every request it sends: to stage crashes and races. */
function intercepted(
  client: DynamoDBDocumentClient,
  before: (input: ServiceInputTypes, command: unknown) => Promise<void> | void,
): DynamoDBDocumentClient {
  const send = async (command: { input: ServiceInputTypes }) => {
    await before(command.input, command);
    return client.send(command as never);
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

describe('the table', () => {
  it('is created from the layout: primary key, the sparse due and trackers indexes with every attribute, on demand', async () => {
    const name = await dynamo.freshTable();
    // A second call finds the table and leaves it be.
    await ensureTable(dynamo.client, name);
    const { Table: table } = await dynamo.client.send(new DescribeTableCommand({ TableName: name }));
    const definition = tableDefinition(name);
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.KeySchema).toEqual(definition.KeySchema);
    expect(table?.GlobalSecondaryIndexes).toHaveLength(SECONDARY_INDEXES.length);
    for (const index of SECONDARY_INDEXES) {
      expect(table?.GlobalSecondaryIndexes?.find((found) => found.IndexName === index.name)).toMatchObject({
        IndexStatus: 'ACTIVE',
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
    }
    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
  });
});

describe('the case event store', () => {
  it('stores the event on a retry after a crash between the claim and the event', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoCaseEventStore(dynamo.client, table);
    const event = structuredClone(EVENT_FIXTURES['cp_plan.started']);
    // The first attempt claimed the id and stopped before writing the event.
    await dynamo.client.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...itemKey.eventIdClaim(event.id),
          [EVENT_CLAIM_HASH_ATTRIBUTE]: eventBodyHash(event),
          caseId: event.caseId,
        },
      }),
    );
    expect(await store.eventsOf(event.caseId)).toEqual([]);
    expect(await store.append(event, '2026-03-01T09:05:00.000Z')).toBe('stored');
    expect(await store.eventsOf(event.caseId)).toEqual([event]);
    expect(await store.append(event, '2026-03-01T09:10:00.000Z')).toBe('duplicate');
  });

  it('reads a history and lists each case once across many pages', async () => {
    const store = new DynamoCaseEventStore(dynamo.client, await dynamo.freshTable(), { pageSize: 7 });
    const template = EVENT_FIXTURES['visit.completed'];
    const events = Array.from({ length: 60 }, (_, i) => ({
      ...structuredClone(template),
      id: `visit-${i}`,
      caseId: i % 4 === 0 ? 'CASE-B' : 'CASE-A',
      occurredAt: `2026-${String((i % 12) + 1).padStart(2, '0')}-10`,
    })) as CaseEvent[];
    for (const event of events) await store.append(event, '2026-12-01T09:00:00.000Z');

    const before = store.reads.requests;
    const history = await store.eventsOf('CASE-A');
    expect(history).toHaveLength(45);
    expect(new Set(history.map((event) => event.id))).toEqual(
      new Set(events.filter((event) => event.caseId === 'CASE-A').map((event) => event.id)),
    );
    expect(store.reads.requests - before).toBeGreaterThanOrEqual(Math.ceil(45 / 7));

    const caseIds: string[] = [];
    for await (const caseId of store.caseIds()) caseIds.push(caseId);
    expect(caseIds.sort()).toEqual(['CASE-A', 'CASE-B']);
  });
});

describe('the quarantine store', () => {
  it("keeps a day's refused input in arrival order, with its problems, to expire after 90 days", async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoQuarantineStore(dynamo.client, table);
    const receivedAt = '2026-03-01T23:59:59.500Z';
    const entry = (raw: string, at = receivedAt) => ({
      receivedAt: at,
      channel: 'file:batch.ndjson',
      raw,
      problems: [{ path: 'id', message: 'is required' }],
    });
    const entries = ['first', 'second', 'third'].map((raw) => entry(raw));
    for (const one of entries) await store.put(one);
    await store.put(entry('next day', '2026-03-02T00:00:00.000Z'));

    expect(await store.onDay('2026-03-01')).toEqual(entries);
    expect((await store.onDay('2026-03-02')).map((entry) => entry.raw)).toEqual(['next day']);
    expect(await store.onDay('2026-02-28')).toEqual([]);

    const { Items: items } = await dynamo.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': itemKey.quarantine(receivedAt, 'x').pk },
      }),
    );
    const expected = Math.floor(Date.parse(receivedAt) / 1000) + QUARANTINE_RETENTION_DAYS * 86_400;
    expect(items?.map((item) => item.expiresAt)).toEqual([expected, expected, expected]);
    await expect(store.onDay('1 March')).rejects.toThrow(RangeError);
  });

  it('cuts input too big for an item, on a character boundary, and says so', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoQuarantineStore(dynamo.client, table);
    // 1.5 MB of two- and four-byte characters, and more problems than are worth keeping.
    const raw = 'é🙂'.repeat(256 * 1024);
    const problems = Array.from({ length: 5_000 }, (_, i) => ({
      path: `data.unknownField${i}`,
      message: 'is not a recognised field',
    }));
    await store.put({ receivedAt: '2026-03-01T10:00:00.000Z', channel: 'http', raw, problems });

    const [entry] = await store.onDay('2026-03-01');
    const kept = entry?.raw ?? '';
    const note =
      /\n\[truncated by Line of Sight to fit the store: the first (\d+) of (\d+) bytes are kept\]$/;
    const [, keptBytes, totalBytes] = note.exec(kept) ?? [];
    expect(Number(totalBytes)).toBe(Buffer.byteLength(raw));
    const prefix = kept.replace(note, '');
    expect(Buffer.byteLength(prefix)).toBe(Number(keptBytes));
    expect(raw.startsWith(prefix)).toBe(true);
    // No character was cut in half: the prefix ends on a whole 'é' or '🙂'.
    expect(/(é|🙂)$/u.test(prefix)).toBe(true);
    expect(Number(keptBytes)).toBeGreaterThan(200 * 1024);
    expect(Buffer.byteLength(JSON.stringify(entry))).toBeLessThan(MAX_ITEM_BYTES);

    const problemsKept = entry?.problems ?? [];
    expect(problemsKept.length).toBeLessThan(problems.length);
    expect(problemsKept.slice(0, -1)).toEqual(problems.slice(0, problemsKept.length - 1));
    expect(problemsKept.at(-1)?.message).toBe(
      `and ${problems.length - problemsKept.length + 1} more problems, not kept: the list is too long to store`,
    );

    const { Items: items } = await dynamo.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'QUARANTINE#2026-03-01' },
      }),
    );
    expect(items?.[0]).toMatchObject({ rawTruncated: true, rawBytes: Buffer.byteLength(raw) });
  });
});

describe('the deadline store', () => {
  it('writes nothing when a recomputation keeps the next action a run moved on (the same plan)', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const planned = { ...stored('CASE-K', 'rule-a', 1, '2026-03-01T07:00:00.000Z'), plan: 'plan-1' };
    await store.replaceCase('CASE-K', 1, [planned]);
    await moveOn(store, ['CASE-K', 'rule-a', 1], '2026-03-09T07:00:00.000Z', '2026-03-02T07:00:00.000Z');
    const writes: string[] = [];
    const counting = new DynamoDeadlineStore(
      intercepted(dynamo.client, (input, command) => {
        if (command instanceof UpdateCommand) writes.push(String((input as { Key: { sk: string } }).Key.sk));
      }),
      table,
    );
    expect(await counting.replaceCase('CASE-K', 2, [planned])).toBe('replaced');
    // Done with: a run took it out of the index, and the same plan leaves it out.
    await moveOn(store, ['CASE-K', 'rule-a', 1], null, '2026-03-09T07:00:00.000Z');
    expect(await counting.replaceCase('CASE-K', 3, [planned])).toBe('replaced');
    expect(writes).toEqual([]);
  });

  it('leaves no due index attributes on an occurrence that no longer has a next action', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    await store.replaceCase('CASE-N', 1, [stored('CASE-N', 'rule-a', 1, '2026-03-01T07:00:00.000Z')]);
    await store.replaceCase('CASE-N', 2, [stored('CASE-N', 'rule-a', 1, null)]);
    const { Item: item } = await dynamo.client.send(
      new GetCommand({ TableName: table, Key: itemKey.deadline('CASE-N', 'rule-a', 1) }),
    );
    expect(item).not.toHaveProperty(DUE_INDEX.partitionKey);
    expect(item).not.toHaveProperty(DUE_INDEX.sortKey);
    expect(item).not.toHaveProperty('nextActionAt');
  });

  it('finishes a computation that stopped before its projection when it is retried with the same version', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const next = '2026-03-01T07:00:00.000Z';
    await store.replaceCase('CASE-C', 1, [
      stored('CASE-C', 'rule-a', 1, next),
      stored('CASE-C', 'rule-b', 1, next),
    ]);
    const crashing = new DynamoDeadlineStore(
      intercepted(dynamo.client, (input) => {
        if ('Item' in input && input.Item?.sk === 'PROJECTION') throw new Error('Lambda timed out');
      }),
      table,
    );
    const computed = [stored('CASE-C', 'rule-a', 1, null), stored('CASE-C', 'rule-c', 1, next)];
    await expect(crashing.replaceCase('CASE-C', 2, computed)).rejects.toThrow('Lambda timed out');
    expect(await store.replaceCase('CASE-C', 2, computed)).toBe('replaced');
    expect(await store.deadlinesOf('CASE-C')).toEqual(computed);
    expect(await dueBy(store, next)).toEqual([computed[1]]);
  });

  it('leaves nothing of an older computation that finishes after a newer one', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const next = '2026-03-01T07:00:00.000Z';
    await store.replaceCase('CASE-R', 1, [stored('CASE-R', 'rule-a', 1, next)]);
    const newer = [stored('CASE-R', 'rule-a', 1, null)];
    let raced = false;
    // The older computation has read the case; before it writes, the newer one runs to the end.
    const slow = new DynamoDeadlineStore(
      intercepted(dynamo.client, async (_input, command) => {
        if (!raced && command instanceof UpdateCommand) {
          raced = true;
          expect(await store.replaceCase('CASE-R', 3, newer)).toBe('replaced');
        }
      }),
      table,
      { writeConcurrency: 1 },
    );
    const older = [stored('CASE-R', 'rule-a', 1, next), stored('CASE-R', 'rule-z', 1, next)];
    expect(await slow.replaceCase('CASE-R', 2, older)).toBe('stale');
    expect(raced).toBe(true);
    expect(await store.deadlinesOf('CASE-R')).toEqual(newer);
    expect(await dueBy(store, next)).toEqual([]);
  });

  it('sweeps what an older computation wrote while a newer one was between its read and its projection', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const next = '2026-03-01T07:00:00.000Z';
    await store.replaceCase('CASE-S', 1, [stored('CASE-S', 'rule-a', 1, next)]);
    const older = [stored('CASE-S', 'rule-a', 1, next), stored('CASE-S', 'rule-z', 1, next)];
    let raced = false;
    // The newer computation has read the case's occurrences; before it writes, the older one runs to
    // the end.
    const newerStore = new DynamoDeadlineStore(
      intercepted(dynamo.client, async (_input, command) => {
        if (!raced && command instanceof UpdateCommand) {
          raced = true;
          expect(await store.replaceCase('CASE-S', 2, older)).toBe('replaced');
        }
      }),
      table,
      { writeConcurrency: 1 },
    );
    const newer = [stored('CASE-S', 'rule-b', 1, next)];
    expect(await newerStore.replaceCase('CASE-S', 3, newer)).toBe('replaced');
    expect(raced).toBe(true);
    expect(await store.deadlinesOf('CASE-S')).toEqual(newer);
    expect(await dueBy(store, next)).toEqual(newer);
  });

  it('writes only the occurrences whose content changed, keeping the stored wording of the others', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const next = '2026-03-01T07:00:00.000Z';
    const a = stored('CASE-W', 'rule-a', 1, next);
    const template = stored('CASE-W', 'rule-b', 1, next);
    const reasons = template.deadline.explain.slice(0, template.deadline.explain.lastIndexOf('. ') + 1);
    const b: StoredDeadline = {
      ...template,
      deadline: { ...template.deadline, status: 'upcoming', explain: `${reasons} Due in 3 working days.` },
    };
    const c = stored('CASE-W', 'rule-c', 1, next);
    await store.replaceCase('CASE-W', 1, [a, b, c]);
    const writes: string[] = [];
    const counting = new DynamoDeadlineStore(
      intercepted(dynamo.client, (input, command) => {
        if (command instanceof UpdateCommand) writes.push(String((input as { Key: { sk: string } }).Key.sk));
      }),
      table,
    );
    // a: its next action moved; b: only the words that count from the moment of computing changed;
    // c: the same.
    const movedA = { ...a, nextActionAt: '2026-03-08T07:00:00.000Z' };
    const rewordedB: StoredDeadline = {
      ...b,
      deadline: { ...b.deadline, status: 'overdue', explain: `${reasons} Overdue by 4 working days.` },
    };
    expect(await counting.replaceCase('CASE-W', 2, [movedA, rewordedB, c])).toBe('replaced');
    expect(writes).toEqual([itemKey.deadline('CASE-W', 'rule-a', 1).sk]);
    expect(sortedByKey(await store.deadlinesOf('CASE-W'))).toEqual([movedA, b, c]);

    writes.length = 0;
    expect(await counting.replaceCase('CASE-W', 3, [movedA, rewordedB, c])).toBe('replaced');
    expect(writes).toEqual([]);
    const closedC: StoredDeadline = { ...c, deadline: { ...c.deadline, status: 'met' }, nextActionAt: null };
    expect(await counting.replaceCase('CASE-W', 4, [movedA, rewordedB, closedC])).toBe('replaced');
    expect(writes).toEqual([itemKey.deadline('CASE-W', 'rule-c', 1).sk]);
  });

  it('rewrites what an older computation overwrote while a newer one, which found it unchanged, was between its read and its projection', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const x = stored('CASE-X', 'rule-x', 1, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-X', 1, [x]);
    const olderX = { ...x, nextActionAt: '2026-02-01T07:00:00.000Z' };
    let raced = false;
    // The newer computation has read the case and writes only its new occurrence (x is unchanged); before
    // that write, the older one runs to the end, overwriting x.
    const newerStore = new DynamoDeadlineStore(
      intercepted(dynamo.client, async (_input, command) => {
        if (!raced && command instanceof UpdateCommand) {
          raced = true;
          expect(await store.replaceCase('CASE-X', 2, [olderX])).toBe('replaced');
        }
      }),
      table,
    );
    const newer = [x, stored('CASE-X', 'rule-y', 1, '2026-03-01T07:00:00.000Z')];
    expect(await newerStore.replaceCase('CASE-X', 3, newer)).toBe('replaced');
    expect(raced).toBe(true);
    expect(await store.deadlinesOf('CASE-X')).toEqual(newer);
  });

  it('fails an older computation that overwrote what a newer one had left unchanged, and a retry repairs it', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const x = stored('CASE-O', 'rule-x', 1, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-O', 1, [x]);
    const newer = [x, stored('CASE-O', 'rule-y', 1, '2026-03-01T07:00:00.000Z')];
    let raced = false;
    // The older computation has read the case; before it writes, the newer one runs to the end, leaving x
    // as it was. Then the older one overwrites x, and its projection fails.
    const olderStore = new DynamoDeadlineStore(
      intercepted(dynamo.client, async (_input, command) => {
        if (!raced && command instanceof UpdateCommand) {
          raced = true;
          expect(await store.replaceCase('CASE-O', 3, newer)).toBe('replaced');
        }
      }),
      table,
    );
    const olderX = { ...x, nextActionAt: '2026-02-01T07:00:00.000Z' };
    await expect(olderStore.replaceCase('CASE-O', 2, [olderX])).rejects.toThrow(ConcurrentRecomputeError);
    expect(raced).toBe(true);
    expect((await store.deadlinesOf('CASE-O'))[0]?.nextActionAt).toBe(olderX.nextActionAt);
    // The retry sees every event now: the newer computation again, at the same minute (the same version).
    expect(await store.replaceCase('CASE-O', 3, newer)).toBe('stale');
    expect(await store.deadlinesOf('CASE-O')).toEqual(newer);
    expect(await dueBy(store, '2026-02-15T00:00:00.000Z')).toEqual([]);
  });

  it('reads every deadline of every case for the weekly summary: a Scan of deadline attributes only, in segments and pages', async () => {
    const table = await dynamo.freshTable();
    const events = new DynamoCaseEventStore(dynamo.client, table);
    for (const event of fixtures()) await events.append(event, '2026-03-01T08:00:00.000Z');
    const store = new DynamoDeadlineStore(dynamo.client, table);
    const written = ['CASE-W1', 'CASE-W2', 'CASE-W3'].flatMap((caseId, i) => [
      stored(caseId, 'visit', 1, null),
      stored(caseId, 'visit', 2, `2026-03-0${i + 1}T07:00:00.000Z`),
      stored(caseId, 'review', 1, null),
    ]);
    for (const caseId of ['CASE-W1', 'CASE-W2', 'CASE-W3']) {
      await store.replaceCase(
        caseId,
        1,
        written.filter((d) => d.caseId === caseId),
      );
    }
    const scans: ServiceInputTypes[] = [];
    const scanning = new DynamoDeadlineStore(
      intercepted(dynamo.client, (input, command) => {
        if (command instanceof ScanCommand) scans.push(input);
      }),
      table,
      { pageSize: 2, scanSegments: 3 },
    );
    const found: StoredDeadline[] = [];
    for await (const deadline of scanning.all()) found.push(deadline);
    expect(found.map(keyOf).sort()).toEqual(written.map(keyOf).sort());
    expect(found.find((d) => keyOf(d) === 'CASE-W2 visit 2')).toEqual(written[4]);
    // Every item of the table is examined, events and projections included: the cost of a Scan.
    expect(scanning.reads.items).toBeGreaterThan(written.length + fixtures().length);
    // What the run's IAM policy allows: the deadline attributes, asked for by name, from every segment.
    expect(new Set(scans.map((input) => (input as { Segment?: number }).Segment))).toEqual(
      new Set([0, 1, 2]),
    );
    for (const input of scans) {
      expect(input).toMatchObject({ Select: 'SPECIFIC_ATTRIBUTES', TotalSegments: 3 });
      const named = Object.values(
        (input as { ExpressionAttributeNames: Record<string, string> }).ExpressionAttributeNames,
      );
      expect(named.sort()).toEqual([...DEADLINE_SCAN_ATTRIBUTES].sort());
    }
  });

  describe('among 2,000 cases of which 50 are due', () => {
    const asOf = '2026-03-02T07:00:00.000Z';
    const cases = Array.from({ length: 2_000 }, (_, i) => `CASE-${String(i).padStart(5, '0')}`);
    const isDue = (i: number) => i % 40 === 0;
    let table: string;
    let due: StoredDeadline[];

    beforeAll(async () => {
      table = await dynamo.freshTable();
      due = [];
      const deadlinesOf = (caseId: string, i: number): StoredDeadline[] => {
        if (!isDue(i)) {
          // Open work later on, and work with nothing more to do: neither is read by a run.
          return [stored(caseId, 'visit', 1, '2026-03-02T07:00:00.001Z'), stored(caseId, 'review', 1, null)];
        }
        // Due exactly at asOf, or well before; the second occurrence is not due yet.
        const now = stored(caseId, 'visit', 1, i % 80 === 0 ? asOf : '2026-02-20T07:00:00.000Z');
        due.push(now);
        return [now, stored(caseId, 'visit', 2, '2026-04-01T07:00:00.000Z')];
      };
      // Loaded in bulk as the store writes occurrences (replaceCase takes ~10 s for 2,000 cases on
      // dynalite); the projection items play no part in a run.
      const items = cases.flatMap((caseId, i) => deadlinesOf(caseId, i).map((d) => occurrenceItem(d, 1)));
      const started = performance.now();
      for (let from = 0; from < items.length; from += 25) {
        const batch = items.slice(from, from + 25).map((Item) => ({ PutRequest: { Item } }));
        const { UnprocessedItems } = await dynamo.client.send(
          new BatchWriteCommand({ RequestItems: { [table]: batch } }),
        );
        expect(UnprocessedItems ?? {}).toEqual({});
      }
      console.info(
        `loaded ${items.length} occurrences of 2,000 cases in ${Math.round(performance.now() - started)} ms`,
      );
    });

    it('returns exactly the deadlines due by asOf, from every shard, reading only those', async () => {
      const store = new DynamoDeadlineStore(dynamo.client, table);
      const started = performance.now();
      const found = await dueBy(store, asOf);
      console.info(
        `dueBy: ${found.length} due of 2,000 cases, ${store.reads.items} items in ${store.reads.requests} requests, ${Math.round(performance.now() - started)} ms`,
      );
      expect(found.map(keyOf).sort()).toEqual(due.map(keyOf).sort());
      expect(found).toHaveLength(50);
      expect(new Set(found.map((deadline) => dueShardOf(deadline.caseId))).size).toBeGreaterThan(8);
      expect(store.reads.items).toBe(found.length);
      expect(store.reads.requests).toBe(DUE_SHARD_COUNT);
    });

    it('reads no more than it returns when results span many pages', async () => {
      const pageSize = 2;
      const store = new DynamoDeadlineStore(dynamo.client, table, { pageSize });
      const found = await dueBy(store, asOf);
      expect(found.map(keyOf).sort()).toEqual(due.map(keyOf).sort());
      expect(store.reads.items).toBe(found.length);
      // Each shard's pages, plus at most one empty page where a shard's last page ended exactly full.
      expect(store.reads.requests).toBeLessThanOrEqual(Math.ceil(50 / pageSize) + 2 * DUE_SHARD_COUNT);
    });
  });
});
