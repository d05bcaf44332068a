/**
 * The directory stores, DynamoDB (over dynalite) and in memory, held to one contract: an import
 * replaces the whole directory, removing what it no longer holds; undeliverable marks outlive a
 * re-import while the address is the same. DynamoDB's writes each import as a new version and switches
 * to it last, so a load reads one whole directory, never part of one.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import {
  DirectoryChangedError,
  DynamoDirectoryStore,
} from '../../functions/adapters/dynamodb/directory-store.ts';
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
  /** Every item of the table, as `pk sk`, sorted. */
  const keysIn = async (tableName: string) =>
    ((await local.client.send(new ScanCommand({ TableName: tableName }))).Items ?? [])
      .map((item) => `${item.pk} ${item.sk}`)
      .sort();
  const partitionsIn = async (tableName: string) =>
    [...new Set((await keysIn(tableName)).map((key) => key.split(' ')[0]))].sort();
  const pointerOf = async (tableName: string) =>
    (await local.client.send(new GetCommand({ TableName: tableName, Key: itemKey.directoryPointer() }))).Item;

  /** A client over dynalite whose `fail` command throws once it has been sent `after` times. */
  const failing = (fail: new (...args: never[]) => unknown, after = 0) => {
    let sent = 0;
    return {
      send: async (command: unknown) => {
        if (command instanceof fail && sent++ >= after) throw new Error('connection lost');
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
  };

  it('keeps the reason for an undeliverable mark on the item, and across a re-import', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    await store.markUndeliverable('sw-002@council.example', 'complaint');
    await store.replace(small());
    const { Item: pointer } = await local.client.send(
      new GetCommand({ TableName: tableName, Key: itemKey.directoryPointer() }),
    );
    const { Item } = await local.client.send(
      new GetCommand({ TableName: tableName, Key: { pk: pointer?.current, sk: 'STAFF#SW-002' } }),
    );
    expect(Item).toMatchObject({ undeliverable: true, undeliverableReason: 'complaint' });
  });

  it('writes each import as a new version and switches to it last: one stopped before its switch changes nothing', async () => {
    const tableName = await newTable();
    await new DynamoDirectoryStore(local.client, tableName).replace(small());
    const renamed = small();
    renamed.staff = renamed.staff.map((m) => (m.id === 'SW-002' ? { ...m, id: 'SW-003' } : m));
    // Stopped after writing two of its entries, and again at its switch.
    for (const client of [failing(PutCommand, 2), failing(UpdateCommand, 1)]) {
      await expect(new DynamoDirectoryStore(client, tableName).replace(renamed)).rejects.toThrow(
        'connection lost',
      );
      expect(await new DynamoDirectoryStore(local.client, tableName).load()).toEqual(small());
    }
    // The next import deletes what they left, and the version two imports old.
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(renamed);
    expect(await partitionsIn(tableName)).toHaveLength(3);
    await store.replace(small());
    const pointer = await pointerOf(tableName);
    expect(await partitionsIn(tableName)).toEqual(['DIRECTORY', pointer?.current, pointer?.previous].sort());
    expect(pointer).not.toHaveProperty('pending');
    expect(pointer?.retired ?? new Set()).toEqual(new Set());
    expect(await store.load()).toEqual(small());
  });

  it('gives a load during an import the old directory whole, and the new one once it has switched', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    const bigger = small();
    bigger.staff.splice(3, 0, member('SW-004', 'worker', 'ATM-01'));
    const seen: DirectoryData[] = [];
    const watching = {
      send: async (command: unknown) => {
        // A run loads the directory before each write of the import and before its switch.
        if (command instanceof PutCommand || command instanceof UpdateCommand) seen.push(await store.load());
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    await new DynamoDirectoryStore(watching, tableName).replace(bigger);
    expect(seen.length).toBeGreaterThan(bigger.staff.length);
    for (const directory of seen) expect([small(), bigger]).toContainEqual(directory);
    expect(await store.load()).toEqual(bigger);
  });

  it('refuses an import that another import overtook, using nothing of it', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    const other = small();
    (other.staff[0] as StaffMember).name = 'Synthetic ATM-01 (other import)';
    let overtaken = false;
    const slow = {
      send: async (command: unknown) => {
        // Another import runs whole while this one writes its first entry.
        if (command instanceof PutCommand && !overtaken) {
          overtaken = true;
          await store.replace(other);
        }
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const mine = small();
    (mine.staff[0] as StaffMember).name = 'Synthetic ATM-01 (overtaken import)';
    await expect(new DynamoDirectoryStore(slow, tableName).replace(mine)).rejects.toThrow(
      DirectoryChangedError,
    );
    expect(await store.load()).toEqual(other);
    // What it wrote is deleted: only the pointer's partition and the two versions are left.
    await store.replace(small());
    expect(await partitionsIn(tableName)).toHaveLength(3);
  });

  it('carries a mark set while an import was being written', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    let bounced = false;
    const bouncing = {
      send: async (command: unknown) => {
        // The bounce arrives after the import read the directory it replaces.
        if (command instanceof PutCommand && !bounced) {
          bounced = true;
          await store.markUndeliverable('sw-002@council.example', 'bounce');
        }
        return local.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    await new DynamoDirectoryStore(bouncing, tableName).replace(small());
    expect(await undeliverable(store)).toEqual(['SW-002']);
  });

  it('reads again when a version holds fewer entries than the pointer says, and gives up plainly', async () => {
    const tableName = await newTable();
    const store = new DynamoDirectoryStore(local.client, tableName);
    await store.replace(small());
    await local.client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: itemKey.directoryPointer(),
        UpdateExpression: 'SET staff = :more',
        ExpressionAttributeValues: { ':more': 5 },
      }),
    );
    await expect(store.load()).rejects.toThrow(
      'The staff directory changed while it was being read, 3 times over: try again',
    );
  });

  it('reads a directory written before versions, and replaces it in two imports', async () => {
    const tableName = await newTable();
    // As the store wrote it before: every entry in the DIRECTORY partition, with no pointer.
    const old = small();
    for (const team of old.teams) {
      await local.client.send(
        new PutCommand({ TableName: tableName, Item: { pk: 'DIRECTORY', sk: `TEAM#${team.id}`, ...team } }),
      );
    }
    for (const m of old.staff) {
      await local.client.send(
        new PutCommand({
          TableName: tableName,
          Item: JSON.parse(JSON.stringify({ pk: 'DIRECTORY', sk: `STAFF#${m.id}`, ...m })),
        }),
      );
    }
    const store = new DynamoDirectoryStore(local.client, tableName);
    expect(await store.load()).toEqual(old);
    expect(await store.markUndeliverable('sw-002@council.example', 'bounce')).toBe(1);
    await store.replace(small());
    expect(await undeliverable(store)).toEqual(['SW-002']);
    // Kept as the previous version, then deleted by the next import.
    expect((await pointerOf(tableName))?.previous).toBe('DIRECTORY');
    await store.replace(small());
    const pointer = await pointerOf(tableName);
    expect(await keysIn(tableName)).toEqual(
      [
        'DIRECTORY CURRENT',
        ...[pointer?.current, pointer?.previous].flatMap((pk) => [
          ...small().staff.map((m) => `${pk} STAFF#${m.id}`),
          ...small().teams.map((t) => `${pk} TEAM#${t.id}`),
        ]),
      ].sort(),
    );
  });
});
