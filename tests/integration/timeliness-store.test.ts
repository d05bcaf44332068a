/**
 * The timeliness figures' store over dynalite (and in memory): a case's months replaced only by a newer
 * evaluation, a month whose content is unchanged not rewritten, a month the case no longer has removed,
 * each change to a month counted, and a month's figures kept in parts; and the figures read from the
 * stored months of a synthetic council, ingested as ingest stores them, equal to those worked out again
 * from every case's events, at the computation and later.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoTimelinessStore } from '../../functions/adapters/dynamodb/timeliness-store.ts';
import { MemoryCaseEventStore } from '../../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../../functions/adapters/memory/timeliness-store.ts';
import { londonDayOf } from '../../functions/core/calendar/index.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import type { TimelinessStore } from '../../functions/core/ports.ts';
import {
  type CaseMonth,
  caseOccurrences,
  figuresOf,
  type StoredOccurrence,
  storedOccurrences,
} from '../../functions/core/timeliness/index.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { itemKey } from '../../functions/storage/table-layout.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

const dynamo = dynaliteTables('timeliness');

const settled = (rule: string, dueOn: string, outcome: 'on-time' | 'missed'): StoredOccurrence => ({
  rule,
  dueOn,
  allocation: { workerId: 'SW-1', teamId: null },
  outcome,
  lateness: null,
  dueMs: null,
  windowed: false,
});

const month = (name: string, ...occurrences: StoredOccurrence[]): CaseMonth => ({ month: name, occurrences });

const MARCH = month('2026-03', settled('cin.visit', '2026-03-10', 'on-time'));
const APRIL = month('2026-04', settled('cin.visit', '2026-04-07', 'missed'));
const MAY = month('2026-05', settled('cin.visit', '2026-05-05', 'on-time'));

describe.each([
  ['DynamoDB', async () => new DynamoTimelinessStore(dynamo.client, await dynamo.freshTable())],
  ['memory', async () => new MemoryTimelinessStore()],
] as [string, () => Promise<TimelinessStore>][])('the timeliness store (%s)', (_, make) => {
  it('files a case’s months under each month and reads a month’s cases in reference order', async () => {
    const store = await make();
    await store.replaceCase('CASE-2', 1, [MARCH, APRIL]);
    await store.replaceCase('CASE-1', 1, [MARCH]);
    expect(await store.monthOf('2026-03')).toEqual([
      { caseId: 'CASE-1', month: MARCH },
      { caseId: 'CASE-2', month: MARCH },
    ]);
    expect(await store.monthOf('2026-04')).toEqual([{ caseId: 'CASE-2', month: APRIL }]);
    expect(await store.monthOf('2026-06')).toEqual([]);
  });

  it('replaces a case’s months only with a newer evaluation’s, removing the months it no longer has', async () => {
    const store = await make();
    expect(await store.replaceCase('CASE-1', 5, [MARCH, APRIL])).toBe('replaced');
    expect(await store.replaceCase('CASE-1', 4, [MAY])).toBe('stale');
    expect(await store.replaceCase('CASE-1', 5, [MAY])).toBe('stale');
    expect(await store.monthOf('2026-05')).toEqual([]);
    expect(await store.replaceCase('CASE-1', 6, [MARCH, MAY])).toBe('replaced');
    expect(await store.monthOf('2026-04')).toEqual([]);
    expect(await store.monthOf('2026-05')).toEqual([{ caseId: 'CASE-1', month: MAY }]);
    expect(await store.replaceCase('CASE-1', 7, [])).toBe('replaced');
    expect((await store.monthOf('2026-03')).length + (await store.monthOf('2026-05')).length).toBe(0);
  });

  it('counts each change to a month’s entries, and not a recompute that changes nothing there', async () => {
    const store = await make();
    await store.replaceCase('CASE-1', 1, [MARCH, APRIL]);
    await store.replaceCase('CASE-2', 1, [MARCH]);
    expect([await store.changesOf('2026-03'), await store.changesOf('2026-04')]).toEqual([2, 1]);
    await store.replaceCase('CASE-1', 2, [MARCH]);
    expect([await store.changesOf('2026-03'), await store.changesOf('2026-04')]).toEqual([2, 2]);
    expect(await store.changesOf('2026-05')).toBe(0);
  });

  it('keeps a month’s figures of each grouping, however many parts they take, in place of earlier ones', async () => {
    const store = await make();
    expect(await store.keptFigures('2026-03', 'team')).toBeNull();
    const cells = (count: number, rule: string) =>
      Array.from({ length: count }, (_, n) => ({
        month: '2026-03',
        by: 'team' as const,
        key: `team-${String(n).padStart(5, '0')}`,
        rule,
        fellDue: 3,
        onTime: 1,
        late: 1,
        missed: 1,
        openOverdue: 0,
        notYetDue: 0,
        lateness: [[2, 1]] as [number, number][],
      }));
    // About 150 bytes a cell: 5,000 cells take three parts of the table's, 10 take one.
    const large = { basis: '7:abc', figures: { cells: cells(5_000, 'cin.visit') } };
    await store.keepFigures('2026-03', 'team', large);
    expect(await store.keptFigures('2026-03', 'team')).toEqual(large);
    expect(await store.keptFigures('2026-03', 'worker')).toBeNull();
    const small = { basis: '8:abc', figures: { cells: cells(10, 'cin.review') } };
    await store.keepFigures('2026-03', 'team', small);
    expect(await store.keptFigures('2026-03', 'team')).toEqual(small);
  });
});

describe('the timeliness store in the table', () => {
  const versionOf = async (table: string, monthName: string) =>
    (
      await dynamo.client.send(
        new GetCommand({ TableName: table, Key: itemKey.timelinessMonth(monthName, 'CASE-1') }),
      )
    ).Item?.version;

  it('leaves a month whose content is unchanged as the earlier evaluation wrote it', async () => {
    const table = await dynamo.freshTable();
    const store = new DynamoTimelinessStore(dynamo.client, table);
    await store.replaceCase('CASE-1', 1, [MARCH, APRIL]);
    const changedApril = month('2026-04', settled('cin.visit', '2026-04-07', 'on-time'));
    const before = store.reads.requests;
    await store.replaceCase('CASE-1', 2, [MARCH, changedApril]);
    // Its record, then its two months' entries: nothing of any other case or month.
    expect(store.reads.requests - before).toBe(3);
    // March's deadlines did not change: its entry is the first evaluation's, never rewritten.
    expect(await versionOf(table, '2026-03')).toBe(1);
    expect(await versionOf(table, '2026-04')).toBe(2);
    expect(await store.monthOf('2026-04')).toEqual([{ caseId: 'CASE-1', month: changedApril }]);
  });

  it('puts right a month an older evaluation overwrote after a newer one found it unchanged', async () => {
    const table = await dynamo.freshTable();
    const newer = new DynamoTimelinessStore(dynamo.client, table);
    await newer.replaceCase('CASE-1', 1, [MARCH]);
    // An older evaluation (version 2) writes March late, over the entry version 3 will find unchanged.
    const olderMarch = month('2026-03', settled('cin.visit', '2026-03-10', 'missed'));
    await newer.replaceCase('CASE-1', 3, [MARCH]);
    await dynamo.client.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...itemKey.timelinessMonth('2026-03', 'CASE-1'),
          caseId: 'CASE-1',
          version: 2,
          content: 'older',
          entry: JSON.stringify(olderMarch),
        },
      }),
    );
    // The next recompute reads the entry itself, not only the record, and writes it again.
    await newer.replaceCase('CASE-1', 4, [MARCH]);
    expect(await newer.monthOf('2026-03')).toEqual([{ caseId: 'CASE-1', month: MARCH }]);
  });
});

describe('figures from the stored months of a synthetic council', () => {
  const council = generateCouncil({ seed: 19, asOf: '2026-11-30', cases: 40 });
  const directory = syntheticDirectory(council, 19);
  const computedAt = '2026-12-01T08:00:00Z';

  it('equal the figures worked out from every case’s events, at the computation and a fortnight on', async () => {
    const events = new MemoryCaseEventStore();
    for (const event of council.events) await events.append(event);
    const context = memoryIngestContext(computedAt, events);
    await rebuildAll(context);
    const months = ['2025-12', '2026-01', '2026-06', '2026-11', '2026-12', '2027-01'];
    const stored = (await Promise.all(months.map((m) => context.timeliness.monthOf(m)))).flat();
    expect(stored.length).toBeGreaterThan(0);
    const overdue: number[] = [];
    for (const readAt of [computedAt, '2026-12-15T17:00:00Z']) {
      const ms = Date.parse(readAt);
      const asOf = { day: londonDayOf(ms), ms };
      const resolved = new Directory(directory, readAt.slice(0, 10));
      const teamOf = (allocation: Parameters<Directory['teamOf']>[0]) =>
        resolved.teamOf(allocation)?.id ?? null;
      const recomputed = council.caseIds.flatMap(
        (caseId) =>
          caseOccurrences(
            caseId,
            council.events.filter((event) => event.caseId === caseId),
            context.profile,
            asOf,
            { calendar: context.profile.calendar, teamOf },
          ).occurrences,
      );
      const wanted = figuresOf(recomputed.filter((occurrence) => months.includes(occurrence.month)));
      expect(figuresOf(storedOccurrences(stored, asOf, teamOf))).toEqual(wanted);
      overdue.push(wanted.cells.reduce((sum, cell) => sum + cell.openOverdue, 0));
    }
    // Time alone moved some open deadlines past their due dates: the reading classified them.
    expect(overdue[1]).toBeGreaterThan(overdue[0] as number);
  });
});
