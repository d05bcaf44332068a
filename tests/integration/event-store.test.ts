/**
 * The case event stores, in memory and on dynalite, held to one contract: an event is stored once, a
 * resend of the same body is a duplicate, the same id with another body is refused and the first one
 * stands; a case's events read back as received, and every case with events is listed once.
 */
import { describe, expect, it } from 'vitest';
import { type CaseEvent, EVENT_FIXTURES } from '../../events/index.ts';
import { DynamoCaseEventStore } from '../../functions/adapters/dynamodb/event-store.ts';
import { MemoryCaseEventStore } from '../../functions/adapters/memory/stores.ts';
import type { CaseEventStore } from '../../functions/core/ports.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('line-of-sight-events');

const fixtures = (): CaseEvent[] => Object.values(EVENT_FIXTURES).map((event) => structuredClone(event));
const byId = (events: readonly CaseEvent[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));

async function caseIdsOf(store: CaseEventStore): Promise<string[]> {
  const caseIds: string[] = [];
  for await (const caseId of store.caseIds()) caseIds.push(caseId);
  return caseIds;
}

describe.each<[string, () => Promise<CaseEventStore>]>([
  ['in memory', async () => new MemoryCaseEventStore()],
  ['in DynamoDB', async () => new DynamoCaseEventStore(dynamo.client, await dynamo.freshTable())],
])('the case event store %s', (_name, open) => {
  it('keeps every event exactly as received, under its case, and nothing under a case without events', async () => {
    const store = await open();
    const events = fixtures();
    for (const event of events) expect(await store.append(event, '2026-03-01T09:00:00.000Z')).toBe('stored');
    for (const caseId of new Set(events.map((event) => event.caseId))) {
      expect(byId(await store.eventsOf(caseId))).toEqual(byId(events.filter((e) => e.caseId === caseId)));
    }
    expect(await store.eventsOf('CASE-NONE')).toEqual([]);
  });

  it('calls a resend of the same body a duplicate, whatever its key order, and stores nothing more', async () => {
    const store = await open();
    const event = structuredClone(EVENT_FIXTURES['referral.received']);
    expect(await store.append(event, '2026-03-01T09:00:00.000Z')).toBe('stored');
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as CaseEvent;
    expect(await store.append(reordered, '2026-03-02T09:00:00.000Z')).toBe('duplicate');
    expect(await store.eventsOf(event.caseId)).toEqual([event]);
  });

  it('refuses the same id with a different body as a conflict, and the first one stands', async () => {
    const store = await open();
    const first = structuredClone(EVENT_FIXTURES['visit.completed']);
    const second = { ...structuredClone(first), occurredAt: '2026-04-30' } as CaseEvent;
    expect(await store.append(first, '2026-03-01T09:00:00.000Z')).toBe('stored');
    expect(await store.append(second, '2026-03-01T09:00:01.000Z')).toBe('conflict');
    expect(await store.eventsOf(first.caseId)).toEqual([first]);
  });

  it('lists each case with events once, and not a case that only a refused event named', async () => {
    const store = await open();
    const events = fixtures();
    for (const event of events) await store.append(event, '2026-03-01T09:00:00.000Z');
    for (const event of events) await store.append(event, '2026-03-02T09:00:00.000Z');
    const [first] = events as [CaseEvent];
    const elsewhere = { ...structuredClone(first), caseId: 'CASE-ELSEWHERE' };
    expect(await store.append(elsewhere, '2026-03-02T09:00:00.000Z')).toBe('conflict');

    const caseIds = await caseIdsOf(store);
    expect(caseIds.sort()).toEqual([...new Set(events.map((event) => event.caseId))].sort());
    expect(await store.eventsOf('CASE-ELSEWHERE')).toEqual([]);
  });
});
