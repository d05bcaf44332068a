/**
 * The directory stores, DynamoDB (over dynalite) and in memory, held to one contract: an import
 * replaces the whole directory, removing what it no longer holds; undeliverable marks outlive a
 * re-import while the address is the same; DynamoDB's writes come before its deletes.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import type { DirectoryData, StaffMember } from '../../functions/core/directory/model.ts';
import type { DirectoryStore } from '../../functions/core/ports.ts';
import { itemKey } from '../../functions/storage/table-layout.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

let local: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local?.close();
});

/** A new, empty table, so that no test sees another's items. */
async function newTable(): Promise<string> {
  tables += 1;
  const name = `line-of-sight-directory-${tables}`;
  await ensureTable(local.client, name);
  return name;
}

const member = (id: string, level: StaffMember['level'], reportsTo: string | null): StaffMember => ({
  id,
  name: `Synthetic ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  level,
  teamId: 'team-north-1',
  reportsTo,
});

/** Staff and teams in id order, as a load returns them. */
const small = (): DirectoryData => ({
  staff: [
    member('ATM-01', 'ATM', 'TM-01'),
    { ...member('SW-001', 'worker', 'ATM-01'), leftOn: '2026-05-29' },
    member('SW-002', 'worker', 'ATM-01'),
    member('TM-01', 'TM', null),
  ],
  teams: [
    { id: 'service-north', name: 'North', parentId: null, teamsChannel: null },
    { id: 'team-north-1', name: 'North 1', parentId: 'service-north', teamsChannel: 'teams-north-1' },
  ],
});

const undeliverable = async (store: DirectoryStore) =>
  (await store.load()).staff.filter((m) => m.undeliverable).map((m) => m.id);

describe.each<[string, () => Promise<DirectoryStore>]>([
  ['DynamoDB', async () => new DynamoDirectoryStore(local.client, await newTable())],
  ['memory', async () => new MemoryDirectoryStore()],
])('the %s directory store', (_name, open) => {
  it('loads what an import wrote, staff and teams in id order', async () => {
    const store = await open();
    expect(await store.load()).toEqual({ staff: [], teams: [] });
    expect(await store.replace(small())).toEqual({ staff: 4, teams: 2 });
    expect(await store.load()).toEqual(small());
  });

  it('removes the staff and teams a new import no longer holds', async () => {
    const store = await open();
    await store.replace(small());
    const smaller = small();
    smaller.staff = smaller.staff.filter((m) => m.id !== 'SW-002');
    smaller.teams = smaller.teams.filter((t) => t.id === 'team-north-1');
    (smaller.teams[0] as DirectoryData['teams'][number]).parentId = null;
    expect(await store.replace(smaller)).toEqual({ staff: 3, teams: 1 });
    expect(await store.load()).toEqual(smaller);
  });

  it('marks every member with a bounced address, in any case, and keeps the mark across re-imports', async () => {
    const store = await open();
    const shared = small();
    // Two posts held by one person share an address.
    (shared.staff[3] as StaffMember).email = 'ATM-01@Council.Example';
    await store.replace(shared);
    expect(await store.markUndeliverable('atm-01@council.example', 'bounce: mailbox does not exist')).toBe(2);
    expect(await store.markUndeliverable('nobody@council.example', 'bounce')).toBe(0);
    expect(await undeliverable(store)).toEqual(['ATM-01', 'TM-01']);

    // The same addresses (other details changed) keep the mark; a changed address is tried afresh.
    const reimport = structuredClone(shared);
    (reimport.staff[0] as StaffMember).name = 'Synthetic ATM-01 (renamed)';
    (reimport.staff[3] as StaffMember).email = 'tm-01.new@council.example';
    await store.replace(reimport);
    const loaded = await store.load();
    expect(loaded.staff.filter((m) => m.undeliverable).map((m) => m.id)).toEqual(['ATM-01']);
    expect(loaded.staff[0]?.name).toBe('Synthetic ATM-01 (renamed)');

    // Removed and imported again, a member starts afresh.
    await store.replace({ ...reimport, staff: reimport.staff.filter((m) => m.id !== 'ATM-01') });
    await store.replace(reimport);
    expect(await undeliverable(store)).toEqual([]);
  });

  it('keeps a mark the import itself carries', async () => {
    const store = await open();
    const marked = small();
    (marked.staff[2] as StaffMember).undeliverable = true;
    await store.replace(marked);
    expect(await undeliverable(store)).toEqual(['SW-002']);
  });

  it('replaces a whole council’s directory: a hundred and more writes, then as many deletes', async () => {
    const store = await open();
    const council = generateCouncil({ seed: 5, cases: 1_200, asOf: '2026-06-01' });
    const directory = syntheticDirectory(council, 5);
    expect(directory.staff.length + directory.teams.length).toBeGreaterThan(100);
    await store.replace(directory);
    const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await store.load()).toEqual({ staff: byId(directory.staff), teams: byId(directory.teams) });
    await store.replace(small());
    expect(await store.load()).toEqual(small());
  });
});

describe('the DynamoDB directory store', () => {
  it('keeps the reason for an undeliverable mark on the item, and across a re-import', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    await store.markUndeliverable('sw-002@council.example', 'complaint');
    await store.replace(small());
    const { Item } = await local.client.send(
      new GetCommand({ TableName: tableName, Key: itemKey.staff('SW-002') }),
    );
    expect(Item).toMatchObject({ undeliverable: true, undeliverableReason: 'complaint' });
  });

  it('writes every entry before deleting any, so a directory is never seen half emptied', async () => {
    const tableName = await newTable();
    await new DynamoDirectoryStore(local.client, tableName).replace(small());
    // An import that stops at its first delete has written the new entries and kept the old.
    const failingDeletes = {
      send: async (command: unknown) => {
        if (command instanceof DeleteCommand) throw new Error('connection lost');
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const renamed = small();
    renamed.staff = renamed.staff.map((m) => (m.id === 'SW-002' ? { ...m, id: 'SW-003' } : m));
    await expect(new DynamoDirectoryStore(failingDeletes, tableName).replace(renamed)).rejects.toThrow(
      'connection lost',
    );
    const staffIds = (await new DynamoDirectoryStore(local.client, tableName).load()).staff.map((m) => m.id);
    expect(staffIds).toEqual(['ATM-01', 'SW-001', 'SW-002', 'SW-003', 'TM-01']);
  });
});
