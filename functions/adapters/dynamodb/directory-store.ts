/**
 * The staff directory in DynamoDB, in versions. Each version is a partition of its own
 * (`DIRECTORY#<version>`: one item per member of staff and per team, read whole; a large council has
 * under two thousand staff, a few pages), and the pointer (`DIRECTORY`, `CURRENT`) names the version in
 * use. An import writes a whole new version beside the one in use, then switches the pointer to it with
 * one conditional write, so a run reads one whole directory, the old or the new, never a mixture and
 * never a half-written or half-deleted one. The layout is in `functions/storage/table-layout.ts`.
 *
 * Versions kept: the one in use and the one before it, so that a run that read the pointer just before
 * a switch still reads a whole directory. The one before that is deleted after the next switch, and so
 * is any version an import registered but never switched to (it stopped, or another import switched
 * first). Every write is a single-item write: the local stand-in, dynalite, has no transactions.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { allInParallel } from '../../concurrency.ts';
import type { DirectoryData, StaffMember, Team } from '../../core/directory/model.ts';
import { sameAddress, staysUndeliverable } from '../../core/directory/undeliverable.ts';
import type { DirectoryStore } from '../../core/ports.ts';
import {
  DIRECTORY_PARTITION,
  DIRECTORY_SORT_KEY_PREFIX,
  directoryPartition,
  type ItemKey,
  itemKey,
  TABLE_KEY,
} from '../../storage/table-layout.ts';
import {
  type Item,
  isConditionFailed,
  noReads,
  partitionItems,
  plainJson,
  type ReadStats,
} from './shared.ts';

/**
 * Writes in flight at once. One PutItem or DeleteItem per entry, as the access patterns say (and the
 * IAM actions allow); the SDK retries a throttled request itself.
 */
const PARALLEL_WRITES = 8;

/**
 * Reads of the pointer and then its version before a load gives up. A version is deleted only two
 * switches after it was in use, so a second read finds the new one whole.
 */
const LOAD_ATTEMPTS = 3;

/** The pointer's attributes. */
const POINTER = {
  current: 'current',
  previous: 'previous',
  staff: 'staff',
  teams: 'teams',
  switchedAt: 'switchedAt',
  pending: 'pending',
  retired: 'retired',
} as const;

/** Another import switched the directory while this one was being written: this one was not used. */
export class DirectoryChangedError extends Error {
  override name = 'DirectoryChangedError';
  constructor() {
    super(
      'Another import replaced the staff directory while this one was being written, so this one was ' +
        'not used: import the file again',
    );
  }
}

/** The pointer as read: the partition of the version in use, and what the switch needs to know. */
interface Pointer {
  /** False before the first versioned import: the directory is then the items of `DIRECTORY` itself. */
  readonly versioned: boolean;
  readonly current: string;
  readonly previous: string | undefined;
  /** How many staff and teams the version in use holds (versioned only). */
  readonly counts: { staff: number; teams: number } | undefined;
  readonly pending: readonly string[];
  readonly retired: readonly string[];
}

const isEntry = (item: Item) => {
  const sk = String(item[TABLE_KEY.sortKey]);
  return sk.startsWith(DIRECTORY_SORT_KEY_PREFIX.staff) || sk.startsWith(DIRECTORY_SORT_KEY_PREFIX.team);
};

const isStaffItem = (item: Item) =>
  String(item[TABLE_KEY.sortKey]).startsWith(DIRECTORY_SORT_KEY_PREFIX.staff);

const keyOf = (item: Item): ItemKey => ({
  pk: item[TABLE_KEY.partitionKey] as string,
  sk: item[TABLE_KEY.sortKey] as string,
});

/** The members of a string set as the document client returns it (a `Set`), or none. */
const membersOf = (value: unknown): string[] => (value instanceof Set ? [...value].map(String) : []);

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

/** A member of staff as an item of `version`; an undeliverable mark they keep brings its reason with it. */
function staffItem(version: string, member: StaffMember, previous: Item | undefined): Item {
  const { undeliverable: _, ...fields } = member;
  const mark = staysUndeliverable(member, previous && staffOf(previous))
    ? { undeliverable: true, undeliverableReason: previous?.undeliverableReason }
    : {};
  return plainJson({ ...itemKey.staff(version, member.id), ...fields, ...mark });
}

/** A new version's name: when it was started (so versions read in order), and a random part. */
const newVersion = () => `${new Date().toISOString()}-${randomUUID().slice(0, 8)}`;

/**
 * {@link DirectoryStore} on the single table, in versions (see the module's description).
 *
 * A bounce arriving while an import is being written marks the version in use; the import reads that
 * version's marks again after its switch and carries any it had not, so only a bounce whose mark lands
 * in the moment between that read and its own write is lost: the next notice to that address bounces
 * and marks it again.
 */
export class DynamoDirectoryStore implements DirectoryStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Replaces the directory with `directory` (valid, as `parseDirectoryCsv` returns it): writes it as a
   * new version, switches to it, then deletes the versions retired.
   *
   * @throws {DirectoryChangedError} when another import switched the directory since this one read the
   * pointer: nothing of this one is used.
   */
  async replace(directory: DirectoryData): Promise<{ staff: number; teams: number }> {
    const read = await this.pointer();
    const version = newVersion();
    const partition = directoryPartition(version);
    await this.updatePointer({
      UpdateExpression: 'ADD #pending :partition',
      ExpressionAttributeNames: { '#pending': POINTER.pending },
      ExpressionAttributeValues: { ':partition': new Set([partition]) },
    });

    const replaced = await this.entries(read.current);
    const previousStaff = new Map(replaced.filter(isStaffItem).map((item) => [item.id as string, item]));
    const staffItems = directory.staff.map((member) =>
      staffItem(version, member, previousStaff.get(member.id)),
    );
    const items = [
      ...directory.teams.map((team) => plainJson({ ...itemKey.team(version, team.id), ...team })),
      ...staffItems,
    ];
    await allInParallel(
      items.map((Item) => () => this.client.send(new PutCommand({ TableName: this.tableName, Item }))),
      PARALLEL_WRITES,
    );

    const counts = { staff: directory.staff.length, teams: directory.teams.length };
    try {
      await this.switchTo(partition, read, counts, replaced.length > 0);
    } catch (error) {
      // The import that switched first may have retired this version before these entries were
      // written: they are deleted here, as nothing else would find them.
      if (error instanceof DirectoryChangedError) await this.deleteAll(items);
      throw error;
    }
    await this.carryMarks(read.current, staffItems);
    await this.deleteRetired();
    return counts;
  }

  /**
   * The whole directory in use: staff and teams, each in id order.
   *
   * @throws Error when the directory was replaced twice over while it was being read, three times.
   */
  async load(): Promise<DirectoryData> {
    for (let attempt = 1; ; attempt++) {
      const read = await this.pointer();
      const directory: DirectoryData = { staff: [], teams: [] };
      for (const item of await this.entries(read.current)) {
        if (isStaffItem(item)) directory.staff.push(staffOf(item));
        else directory.teams.push(teamOf(item));
      }
      const whole =
        read.counts === undefined ||
        (directory.staff.length === read.counts.staff && directory.teams.length === read.counts.teams);
      if (whole) return directory;
      if (attempt === LOAD_ATTEMPTS) {
        throw new Error(
          `The staff directory changed while it was being read, ${LOAD_ATTEMPTS} times over: try again`,
        );
      }
    }
  }

  /**
   * Marks every member of staff with this address (in any case) undeliverable in the directory in use,
   * with the reason (kept on the item for whoever puts it right). Returns how many were marked.
   */
  async markUndeliverable(email: string, reason: string): Promise<number> {
    const { current } = await this.pointer();
    let marked = 0;
    for (const item of await this.entries(current)) {
      if (!isStaffItem(item) || !sameAddress(item.email as string, email)) continue;
      if (await this.mark(keyOf(item), item.email as string, reason)) marked += 1;
    }
    return marked;
  }

  /** Sets the mark on one member, if their address is still `email`; whether it was set. */
  private async mark(key: ItemKey, email: string, reason: string | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #undeliverable = :true, #reason = :reason',
          // An import may have changed the address (or removed the entry) since it was read.
          ConditionExpression: '#email = :email',
          ExpressionAttributeNames: {
            '#undeliverable': 'undeliverable',
            '#reason': 'undeliverableReason',
            '#email': 'email',
          },
          ExpressionAttributeValues: { ':true': true, ':reason': reason ?? null, ':email': email },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return false;
    }
  }

  /**
   * Puts `partition` in use, if the pointer still names the version `read` found: the version replaced
   * becomes the previous one (when it held anything), and the one before it and every version pending
   * when `read` was made (each started before this import read the pointer, so doomed to fail its own
   * switch now) are retired.
   */
  private async switchTo(
    partition: string,
    read: Pointer,
    counts: { staff: number; teams: number },
    replacedHeldEntries: boolean,
  ): Promise<void> {
    const keepPrevious = read.versioned || replacedHeldEntries;
    const retire = [...read.pending, ...(read.previous === undefined ? [] : [read.previous])];
    const set = [
      '#current = :partition',
      '#staff = :staff',
      '#teams = :teams',
      '#switchedAt = :now',
      ...(keepPrevious ? ['#previous = :previous'] : []),
    ];
    const input: Omit<UpdateCommandInput, 'TableName' | 'Key'> = {
      UpdateExpression:
        `SET ${set.join(', ')} DELETE #pending :switched` +
        `${retire.length > 0 ? ' ADD #retired :retire' : ''}`,
      ConditionExpression: read.versioned ? '#current = :read' : 'attribute_not_exists(#current)',
      ExpressionAttributeNames: {
        '#current': POINTER.current,
        '#staff': POINTER.staff,
        '#teams': POINTER.teams,
        '#switchedAt': POINTER.switchedAt,
        '#pending': POINTER.pending,
        ...(keepPrevious && { '#previous': POINTER.previous }),
        ...(retire.length > 0 && { '#retired': POINTER.retired }),
      },
      ExpressionAttributeValues: {
        ':partition': partition,
        ':staff': counts.staff,
        ':teams': counts.teams,
        ':now': new Date().toISOString(),
        ':switched': new Set([partition, ...read.pending]),
        ...(keepPrevious && { ':previous': read.current }),
        ...(retire.length > 0 && { ':retire': new Set(retire) }),
        ...(read.versioned && { ':read': read.current }),
      },
    };
    try {
      await this.updatePointer(input);
    } catch (error) {
      if (isConditionFailed(error)) throw new DirectoryChangedError();
      throw error;
    }
  }

  /**
   * Carries to the new version the marks set on the replaced one since the import read it (a bounce
   * while the import was being written), where the member's address is the same.
   */
  private async carryMarks(replaced: string, written: readonly Item[]): Promise<void> {
    const byId = new Map(written.map((item) => [item.id as string, item]));
    const late = (await this.entries(replaced)).filter((item) => {
      const now = byId.get(item.id as string);
      return (
        isStaffItem(item) &&
        item.undeliverable === true &&
        now !== undefined &&
        now.undeliverable !== true &&
        sameAddress(item.email as string, now.email as string)
      );
    });
    for (const item of late) {
      const now = byId.get(item.id as string) as Item;
      await this.mark(keyOf(now), now.email as string, item.undeliverableReason as string | undefined);
    }
  }

  /** Deletes every entry of each retired version, then takes the version off the retired list. */
  private async deleteRetired(): Promise<void> {
    const { retired, current, previous } = await this.pointer();
    for (const partition of retired) {
      if (partition === current || partition === previous) continue;
      await this.deleteAll(await this.entries(partition));
      await this.updatePointer({
        UpdateExpression: 'DELETE #retired :partition',
        ExpressionAttributeNames: { '#retired': POINTER.retired },
        ExpressionAttributeValues: { ':partition': new Set([partition]) },
      });
    }
  }

  private async deleteAll(items: readonly Item[]): Promise<void> {
    await allInParallel(
      items.map(
        (item) => () => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(item) })),
      ),
      PARALLEL_WRITES,
    );
  }

  /** The pointer, read consistently: what was switched last is what is read. */
  private async pointer(): Promise<Pointer> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey.directoryPointer(), ConsistentRead: true }),
    );
    this.reads.requests += 1;
    this.reads.items += item ? 1 : 0;
    const current = item?.[POINTER.current];
    const versioned = typeof current === 'string';
    return {
      versioned,
      current: versioned ? current : DIRECTORY_PARTITION,
      previous: typeof item?.[POINTER.previous] === 'string' ? (item[POINTER.previous] as string) : undefined,
      counts: versioned
        ? { staff: Number(item?.[POINTER.staff]), teams: Number(item?.[POINTER.teams]) }
        : undefined,
      pending: membersOf(item?.[POINTER.pending]),
      retired: membersOf(item?.[POINTER.retired]),
    };
  }

  private async updatePointer(input: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<void> {
    await this.client.send(
      new UpdateCommand({ ...input, TableName: this.tableName, Key: itemKey.directoryPointer() }),
    );
  }

  /**
   * Every staff and team item of a version's partition (`STAFF#…` before `TEAM#…`), read consistently;
   * in the `DIRECTORY` partition of a table written before versions, the pointer is not one of them.
   */
  private async entries(partition: string): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of partitionItems(this.client, this.tableName, partition, this.reads, {
      consistent: true,
    })) {
      if (isEntry(item)) items.push(item);
    }
    return items;
  }
}
