/**
 * The deadline stores, in memory and on dynalite, held to one contract: a newer computation replaces a
 * case's deadlines and an older one never rolls them back; the due index lists exactly what is due by a
 * moment, with the version a run moves it on from; a run's move is refused over anything that changed
 * since it read; and a recomputation that finds the same plan keeps what a run dealt with.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_FIXTURES } from '../../events/index.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { MemoryDeadlineStore } from '../../functions/adapters/memory/stores.ts';
import { deadlineJson, evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import type {
  CountedDeadline,
  DeadlineStore,
  DueDeadline,
  StoredDeadline,
} from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';
import { dueBy, dueReads, moveOn, sortedByKey, stored } from '../support/stored-deadlines.ts';

const dynamo = dynaliteTables('line-of-sight-deadlines');

async function allOf(store: DeadlineStore): Promise<CountedDeadline[]> {
  const deadlines: CountedDeadline[] = [];
  for await (const deadline of store.all()) deadlines.push(deadline);
  return deadlines;
}

describe.each<[string, () => Promise<DeadlineStore>]>([
  ['in memory', async () => new MemoryDeadlineStore()],
  ['in DynamoDB', async () => new DynamoDeadlineStore(dynamo.client, await dynamo.freshTable())],
])('the deadline store %s', (_name, open) => {
  it("reads back a case's deadlines as last computed, and none for a case never computed", async () => {
    const store = await open();
    const events = Object.values(EVENT_FIXTURES).filter((event) => event.caseId === 'CASE-1001');
    const evaluation = evaluateCase('CASE-1001', events, builtInProfile('default'), momentOf('2026-03-01'));
    const deadlines: StoredDeadline[] = evaluation.deadlines.map((deadline, i) => ({
      caseId: 'CASE-1001',
      deadline: deadlineJson(deadline),
      nextActionAt: i % 2 === 0 ? `2026-03-0${(i % 9) + 1}T07:00:00.000Z` : null,
      allocation: i % 3 === 0 ? null : { workerId: 'SW-001', teamId: 'team-north-1' },
      ...(i % 2 === 0 && { plan: `plan-${i}` }),
    }));
    expect(await store.replaceCase('CASE-1001', events.length, deadlines)).toBe('replaced');
    expect(sortedByKey(await store.deadlinesOf('CASE-1001'))).toEqual(sortedByKey(deadlines));
    expect(await store.deadlinesOf('CASE-NONE')).toEqual([]);
  });

  it('ignores a computation whose version is not newer, so a case is never rolled back', async () => {
    const store = await open();
    const newer = [stored('CASE-V', 'rule-a', 1, '2026-03-01T07:00:00.000Z')];
    const older = [stored('CASE-V', 'rule-b', 1, '2026-02-01T07:00:00.000Z')];
    expect(await store.replaceCase('CASE-V', 5, newer)).toBe('replaced');
    expect(await store.replaceCase('CASE-V', 4, older)).toBe('stale');
    expect(await store.replaceCase('CASE-V', 5, older)).toBe('stale');
    expect(await store.deadlinesOf('CASE-V')).toEqual(newer);
    expect(await dueBy(store, '2026-12-31T00:00:00.000Z')).toEqual(newer);
    expect(await store.replaceCase('CASE-V', 6, older)).toBe('replaced');
    expect(await store.deadlinesOf('CASE-V')).toEqual(older);
  });

  it('drops the deadlines a newer computation no longer has, and leaves other cases be', async () => {
    const store = await open();
    const next = '2026-03-01T07:00:00.000Z';
    await store.replaceCase('CASE-D', 1, [
      stored('CASE-D', 'rule-a', 1, next),
      stored('CASE-D', 'rule-a', 2, next),
      stored('CASE-D', 'rule-b', 1, null),
    ]);
    const other = stored('CASE-E', 'rule-a', 2, next);
    await store.replaceCase('CASE-E', 1, [other]);
    const kept = [stored('CASE-D', 'rule-a', 1, next)];
    expect(await store.replaceCase('CASE-D', 2, kept)).toBe('replaced');
    expect(await store.deadlinesOf('CASE-D')).toEqual(kept);
    expect(sortedByKey(await dueBy(store, next))).toEqual([...kept, other]);
    expect(await store.replaceCase('CASE-D', 3, [])).toBe('replaced');
    expect(await store.deadlinesOf('CASE-D')).toEqual([]);
    expect(await dueBy(store, next)).toEqual([other]);
  });

  it('lists as due by a moment exactly the deadlines of every case whose next action is at or before it', async () => {
    const store = await open();
    const asOf = '2026-03-02T07:00:00.000Z';
    const earlier = stored('CASE-P', 'visit', 1, '2026-02-20T07:00:00.000Z');
    const closed = stored('CASE-P', 'review', 1, null);
    const exactly = stored('CASE-Q', 'visit', 1, asOf);
    const later = stored('CASE-Q', 'visit', 2, '2026-03-02T07:00:00.001Z');
    await store.replaceCase('CASE-P', 1, [earlier, closed]);
    await store.replaceCase('CASE-Q', 1, [exactly, later]);
    expect(sortedByKey(await dueBy(store, asOf))).toEqual([earlier, exactly]);
    expect(await dueBy(store, '2026-03-02T06:59:59.999Z')).toEqual([earlier]);
    // The same moments written with an offset.
    expect(sortedByKey(await dueBy(store, '2026-03-02T08:00:00.000+01:00'))).toEqual([earlier, exactly]);
    expect(await dueBy(store, '2026-03-02T07:59:59.999+01:00')).toEqual([earlier]);
    // A recomputation that finds nothing more to do takes a deadline out of the index.
    const met = { ...exactly, nextActionAt: null };
    await store.replaceCase('CASE-Q', 2, [met, later]);
    expect(sortedByKey(await dueBy(store, '2099-01-01T00:00:00.000Z'))).toEqual([earlier, later]);
  });

  it('reads a due deadline with the version of the computation that last wrote it', async () => {
    const store = await open();
    const next = '2026-03-01T07:00:00.000Z';
    const a = stored('CASE-N', 'rule-a', 1, next);
    const b = stored('CASE-N', 'rule-b', 1, next);
    await store.replaceCase('CASE-N', 3, [a, b]);
    expect((await dueReads(store, next)).map((due) => due.version)).toEqual([3, 3]);
    await store.replaceCase('CASE-N', 4, [{ ...a, nextActionAt: '2026-02-28T07:00:00.000Z' }, b]);
    const versions = new Map((await dueReads(store, next)).map((due) => [due.deadline.rule, due.version]));
    expect(versions.get('rule-a')).toBe(4);
    // b did not change: rewritten by the newer computation, or left as the older one wrote it.
    expect([3, 4]).toContain(versions.get('rule-b'));
  });

  it('lists every deadline of every case, without what runs have recorded of them', async () => {
    const store = await open();
    const planned = { ...stored('CASE-W1', 'visit', 1, '2026-03-01T07:00:00.000Z'), plan: 'plan-1' };
    const closed = stored('CASE-W1', 'review', 1, null);
    const other = stored('CASE-W2', 'visit', 1, '2026-03-05T07:00:00.000Z');
    await store.replaceCase('CASE-W1', 1, [planned, closed]);
    await store.replaceCase('CASE-W2', 1, [other]);
    await moveOn(store, ['CASE-W1', 'visit', 1], '2026-03-09T07:00:00.000Z');
    const { plan: _, ...movedOn } = { ...planned, nextActionAt: '2026-03-09T07:00:00.000Z' };
    expect(sortedByKey(await allOf(store))).toEqual(sortedByKey([movedOn, closed, other]));
  });

  it('moves a next action on after a run, records what the run dealt with, and takes a deadline out of the index when nothing is left', async () => {
    const store = await open();
    const computed = stored('CASE-N', 'rule-a', 1, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-N', 1, [computed]);
    expect(
      await moveOn(store, ['CASE-N', 'rule-a', 1], '2026-03-09T07:00:00.000Z', '2026-03-02T07:00:00.000Z'),
    ).toBe('moved');
    const moved = {
      ...computed,
      nextActionAt: '2026-03-09T07:00:00.000Z',
      handledUntil: '2026-03-02T07:00:00.000Z',
    };
    expect(await store.deadlinesOf('CASE-N')).toEqual([moved]);
    expect(await dueBy(store, '2026-03-02T00:00:00.000Z')).toEqual([]);
    expect(await dueBy(store, '2026-03-09T07:00:00.000Z')).toEqual([moved]);
    expect(await moveOn(store, ['CASE-N', 'rule-a', 1], null, '2026-03-09T07:00:00.000Z')).toBe('moved');
    expect(await dueBy(store, '2099-01-01T00:00:00.000Z')).toEqual([]);
    expect(await store.deadlinesOf('CASE-N')).toEqual([
      { ...computed, nextActionAt: null, handledUntil: '2026-03-09T07:00:00.000Z' },
    ]);
  });

  it('moves nothing on when the occurrence has gone since the run read it', async () => {
    const store = await open();
    await store.replaceCase('CASE-G', 1, [stored('CASE-G', 'rule-a', 1, '2026-03-01T07:00:00.000Z')]);
    const [read] = await dueReads(store, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-G', 2, []);
    expect(await store.setNextAction(read as DueDeadline, null, '2026-03-01T07:00:00.000Z')).toBe('changed');
    expect(await store.deadlinesOf('CASE-G')).toEqual([]);
  });

  it('keeps the next action of a recomputation made between a run’s read and its move (no lost update)', async () => {
    const store = await open();
    await store.replaceCase('CASE-L', 1, [stored('CASE-L', 'rule-a', 1, '2026-03-01T07:00:00.000Z')]);
    const [read] = await dueReads(store, '2026-03-01T07:00:00.000Z');
    // Ingest recomputes the case while the run sends: the deadline was met and reopened, due again sooner.
    const fresh = stored('CASE-L', 'rule-a', 1, '2026-03-01T12:00:00.000Z');
    await store.replaceCase('CASE-L', 2, [fresh]);
    expect(await store.setNextAction(read as DueDeadline, null, '2026-03-01T07:00:00.000Z')).toBe('changed');
    expect(await store.deadlinesOf('CASE-L')).toEqual([fresh]);
    expect(await dueBy(store, '2026-03-01T12:00:00.000Z')).toEqual([fresh]);
  });

  it('moves nothing on from a stale read of the due index (another run moved it first)', async () => {
    const store = await open();
    await store.replaceCase('CASE-S', 1, [stored('CASE-S', 'rule-a', 1, '2026-03-01T07:00:00.000Z')]);
    const [read] = await dueReads(store, '2026-03-01T07:00:00.000Z');
    expect(await moveOn(store, ['CASE-S', 'rule-a', 1], '2026-03-05T07:00:00.000Z')).toBe('moved');
    expect(
      await store.setNextAction(read as DueDeadline, '2026-03-02T07:00:00.000Z', '2026-03-01T07:00:00.000Z'),
    ).toBe('changed');
    expect((await store.deadlinesOf('CASE-S')).map((d) => d.nextActionAt)).toEqual([
      '2026-03-05T07:00:00.000Z',
    ]);
  });

  it('says whether it moved a deadline that a recomputation left as the run read it, and did just that', async () => {
    const store = await open();
    const computed = stored('CASE-U', 'rule-a', 1, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-U', 1, [computed]);
    const [read] = await dueReads(store, '2026-03-01T07:00:00.000Z');
    await store.replaceCase('CASE-U', 2, [computed]);
    const outcome = await store.setNextAction(
      read as DueDeadline,
      '2026-03-09T07:00:00.000Z',
      '2026-03-02T07:00:00.000Z',
    );
    const moved = {
      ...computed,
      nextActionAt: '2026-03-09T07:00:00.000Z',
      handledUntil: '2026-03-02T07:00:00.000Z',
    };
    expect(await store.deadlinesOf('CASE-U')).toEqual([outcome === 'moved' ? moved : computed]);
  });

  it('keeps the next action a run moved on, and its mark, while recomputations find the same plan', async () => {
    const store = await open();
    const planned = { ...stored('CASE-K', 'rule-a', 1, '2026-03-01T07:00:00.000Z'), plan: 'plan-1' };
    await store.replaceCase('CASE-K', 1, [planned]);
    await moveOn(store, ['CASE-K', 'rule-a', 1], '2026-03-09T07:00:00.000Z', '2026-03-02T07:00:00.000Z');
    expect(await store.replaceCase('CASE-K', 2, [planned])).toBe('replaced');
    expect(await store.deadlinesOf('CASE-K')).toEqual([
      { ...planned, nextActionAt: '2026-03-09T07:00:00.000Z', handledUntil: '2026-03-02T07:00:00.000Z' },
    ]);
    // Done with: a run took it out of the index, and the same plan leaves it out.
    await moveOn(store, ['CASE-K', 'rule-a', 1], null, '2026-03-09T07:00:00.000Z');
    expect(await store.replaceCase('CASE-K', 3, [planned])).toBe('replaced');
    expect(await dueBy(store, '2099-01-01T00:00:00.000Z')).toEqual([]);
    // A different plan (a changed rule, a new allocation) is looked at again from the catch-up window.
    const replanned = { ...planned, plan: 'plan-2' };
    await store.replaceCase('CASE-K', 4, [replanned]);
    expect(await store.deadlinesOf('CASE-K')).toEqual([replanned]);
  });

  it('sets the computed next action again over a run’s move when the deadline has no plan', async () => {
    const store = await open();
    const computed = [stored('CASE-M', 'rule-a', 1, '2026-03-01T07:00:00.000Z')];
    await store.replaceCase('CASE-M', 1, computed);
    await moveOn(store, ['CASE-M', 'rule-a', 1], '2026-03-09T07:00:00.000Z');
    expect(await store.replaceCase('CASE-M', 2, computed)).toBe('replaced');
    expect(await store.deadlinesOf('CASE-M')).toEqual(computed);
  });
});
