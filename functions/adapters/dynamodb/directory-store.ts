/**
 * The staff directory in DynamoDB: one item per member of staff and per team under the `DIRECTORY`
 * partition, read whole (a large council has under two thousand staff: a few pages).
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allInParallel } from '../../concurrency.ts';
import type { DirectoryData, StaffMember, Team } from '../../core/directory/model.ts';
import { sameAddress, staysUndeliverable } from '../../core/directory/undeliverable.ts';
import type { DirectoryStore } from '../../core/ports.ts';
import {
  DIRECTORY_PARTITION,
  DIRECTORY_SORT_KEY_PREFIX,
  itemKey,
  TABLE_KEY,
} from '../../storage/table-layout.ts';
import { type Item, isConditionFailed, noReads, plainJson, queryItems, type ReadStats } from './shared.ts';

/**
 * Writes in flight at once. One PutItem or DeleteItem per entry, as the access patterns say (and the
 * IAM actions allow); the SDK retries a throttled request itself.
 */
const PARALLEL_WRITES = 8;

const isStaffItem = (item: Item) =>
  String(item[TABLE_KEY.sortKey]).startsWith(DIRECTORY_SORT_KEY_PREFIX.staff);

function staffOf(item: Item): StaffMember {
  return {
    id: item.id as string,
    name: item.name as string,
    email: item.email as string,
    level: item.level as StaffMember['level'],
    teamId: item.teamId as string,
    reportsTo: (item.reportsTo as string | null | undefined) ?? null,
    ...(typeof item.leftOn === 'string' && { leftOn: item.leftOn }),
    ...(item.undeliverable === true && { undeliverable: true }),
  };
}

function teamOf(item: Item): Team {
  return {
    id: item.id as string,
    name: item.name as string,
    parentId: (item.parentId as string | null | undefined) ?? null,
    teamsChannel: (item.teamsChannel as string | null | undefined) ?? null,
    ...(item.duty === true && { duty: true }),
  };
}

/** A member of staff as an item; an undeliverable mark they keep brings its reason with it. */
function staffItem(member: StaffMember, previous: Item | undefined): Item {
  const { undeliverable: _, ...fields } = member;
  const mark = staysUndeliverable(member, previous && staffOf(previous))
    ? { undeliverable: true, undeliverableReason: previous?.undeliverableReason }
    : {};
  return plainJson({ ...itemKey.staff(member.id), ...fields, ...mark });
}

/**
 * {@link DirectoryStore} on the single table. An import writes every entry, then deletes the entries
 * it no longer holds, so that a run loading the directory meanwhile finds everyone it found before or
 * after, never a half-emptied directory.
 *
 * A bounce arriving while an import is being written may lose its mark (the import read the entry
 * before the mark was set): the next notice to that address bounces and marks it again.
 */
export class DynamoDirectoryStore implements DirectoryStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Replaces the directory with `directory` (valid, as `parseDirectoryCsv` returns it). */
  async replace(directory: DirectoryData): Promise<{ staff: number; teams: number }> {
    const previous = new Map<string, Item>();
    for (const item of await this.items()) previous.set(item[TABLE_KEY.sortKey] as string, item);
    const items = [
      ...directory.teams.map((team) => plainJson({ ...itemKey.team(team.id), ...team })),
      ...directory.staff.map((member) => staffItem(member, previous.get(itemKey.staff(member.id).sk))),
    ];
    await allInParallel(
      items.map((Item) => () => this.client.send(new PutCommand({ TableName: this.tableName, Item }))),
      PARALLEL_WRITES,
    );
    const current = new Set(items.map((item) => item[TABLE_KEY.sortKey]));
    const gone = [...previous.keys()].filter((sk) => !current.has(sk));
    await allInParallel(
      gone.map(
        (sk) => () =>
          this.client.send(
            new DeleteCommand({ TableName: this.tableName, Key: { pk: DIRECTORY_PARTITION, sk } }),
          ),
      ),
      PARALLEL_WRITES,
    );
    return { staff: directory.staff.length, teams: directory.teams.length };
  }

  /** The whole directory: staff and teams, each in id order. */
  async load(): Promise<DirectoryData> {
    const directory: DirectoryData = { staff: [], teams: [] };
    for (const item of await this.items()) {
      if (isStaffItem(item)) directory.staff.push(staffOf(item));
      else directory.teams.push(teamOf(item));
    }
    return directory;
  }

  /**
   * Marks every member of staff with this address (in any case) undeliverable, with the reason (kept
   * on the item for whoever puts it right). Returns how many were marked.
   */
  async markUndeliverable(email: string, reason: string): Promise<number> {
    let marked = 0;
    for (const item of await this.items()) {
      if (!isStaffItem(item) || !sameAddress(item.email as string, email)) continue;
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: itemKey.staff(item.id as string),
            UpdateExpression: 'SET #undeliverable = :true, #reason = :reason',
            // An import may have changed the address (or removed the entry) since it was read.
            ConditionExpression: '#email = :email',
            ExpressionAttributeNames: {
              '#undeliverable': 'undeliverable',
              '#reason': 'undeliverableReason',
              '#email': 'email',
            },
            ExpressionAttributeValues: { ':true': true, ':reason': reason, ':email': item.email },
          }),
        );
        marked += 1;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    return marked;
  }

  /** Every item of the directory partition, staff (`STAFF#…`) before teams (`TEAM#…`). */
  private async items(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of queryItems(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
        ExpressionAttributeValues: { ':pk': DIRECTORY_PARTITION },
      },
      this.reads,
    )) {
      items.push(item);
    }
    return items;
  }
}
