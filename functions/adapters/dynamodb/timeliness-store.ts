/**
 * The timeliness figures' store in the pipeline's table: a case's deadlines by month as one entry per
 * month and case in the month's partition (`TIMELINESS#<month>` / `CASE#<caseId>`), so a month's figures
 * are one query; and, in the case's partition, a record of the months it has, each with its content hash,
 * under the version that wrote them (see `storage/table-layout.ts`).
 *
 * A recompute writes only the months whose content changed and removes the months the case no longer
 * has, each on the version condition, and counts each such change in the month's change count, which
 * tells a report whether the figures it kept for the month (`FIGURES#…` parts) are still the month's. Whether a month changed is read from the entries themselves, not
 * from the record alone: an older computation finishing late may have overwritten an entry a newer one
 * found unchanged, and reading the entries lets the next recompute put it right.
 */
import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../../events/index.ts';
import { allInParallel } from '../../concurrency.ts';
import type { KeptFigures, TimelinessStore } from '../../core/ports.ts';
import type { Cell, Grouping } from '../../core/timeliness/figures.ts';
import type { CaseMonth, StoredCaseMonth } from '../../core/timeliness/stored.ts';
import {
  type ItemKey,
  itemKey,
  TIMELINESS_SORT_KEY_PREFIX,
  timelinessPartition,
} from '../../storage/table-layout.ts';
import { ConcurrentRecomputeError } from './deadline-store.ts';
import { isConditionFailed, noReads, queryItems, type ReadStats } from './shared.ts';

/** Month entries written or removed at once for one case. */
const WRITE_CONCURRENCY = 8;

/**
 * The most JSON a part of a month's kept figures holds: well under DynamoDB's 400 KB item limit, which
 * counts the attribute names and the key too.
 */
const PART_CHARS = 300_000;

/** The case's record: the version that wrote it and each month's content hash. */
interface MonthsRecord {
  version: number;
  months: Record<string, string>;
}

/** The content hash of a case's month: equal hashes, equal entries. */
export const monthContent = (month: CaseMonth) =>
  createHash('sha256').update(canonicalJson(month)).digest('base64url').slice(0, 22);

const NAMES = { '#pk': 'pk', '#version': 'version' } as const;

/** {@link TimelinessStore} over DynamoDB (or dynalite). */
export class DynamoTimelinessStore implements TimelinessStore {
  /** What this store has read: the tests check a recompute reads only its record and its months' entries. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async replaceCase(
    caseId: string,
    version: number,
    months: readonly CaseMonth[],
  ): Promise<'replaced' | 'stale'> {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new RangeError(`A version must be a non-negative safe integer, not ${version}`);
    }
    const seen = await this.record(caseId);
    if (seen && seen.version >= version) return 'stale';
    const wanted = new Map(months.map((month) => [month.month, { month, content: monthContent(month) }]));
    if (wanted.size < months.length) throw new RangeError(`Case ${caseId} has a month twice`);
    // A case with no record has no entries but those of a computation racing this one, which the
    // record's put below finds and sweeps.
    const held = seen
      ? await this.heldContents(caseId, [...Object.keys(seen.months), ...wanted.keys()])
      : new Map();
    const written = await this.writeChanged(caseId, version, wanted, held);
    await this.removeMonths(
      caseId,
      [...held.keys()].filter((month) => !wanted.has(month)),
      version,
    );
    const contents = Object.fromEntries([...wanted].map(([month, { content }]) => [month, content]));
    let previous: MonthsRecord | undefined;
    try {
      previous = (
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...itemKey.timelinessCase(caseId), caseId, version, months: contents },
            ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':version': version },
            ReturnValues: 'ALL_OLD',
          }),
        )
      ).Attributes as MonthsRecord | undefined;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      await this.yieldTo(caseId, version, written, contents);
      return 'stale';
    }
    if (previous?.version !== seen?.version) {
      // Another computation wrote between the read and the record: its entries are swept and put right.
      const now = await this.heldContents(caseId, [...Object.keys(previous?.months ?? {}), ...wanted.keys()]);
      await this.writeChanged(caseId, version, wanted, now, true);
      await this.removeMonths(
        caseId,
        [...now.keys()].filter((month) => !wanted.has(month)),
        version,
        true,
      );
    }
    return 'replaced';
  }

  async monthOf(month: string): Promise<StoredCaseMonth[]> {
    const entries: StoredCaseMonth[] = [];
    for await (const item of this.monthItems(month, TIMELINESS_SORT_KEY_PREFIX.entry))
      entries.push({ caseId: String(item.caseId), month: JSON.parse(String(item.entry)) as CaseMonth });
    return entries.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  }

  async changesOf(month: string): Promise<number> {
    const item = await this.getItem(itemKey.timelinessChanges(month));
    return Number(item?.changes ?? 0);
  }

  async keptFigures(month: string, by: Grouping): Promise<KeptFigures | null> {
    const parts: { basis: string; parts: number; cells: Cell[] }[] = [];
    for await (const item of this.monthItems(month, `${TIMELINESS_SORT_KEY_PREFIX.figures}${by}#`))
      parts.push({
        basis: String(item.basis),
        parts: Number(item.parts),
        cells: JSON.parse(String(item.cells)),
      });
    const first = parts[0];
    // Parts of another keeping (one under way at once, or one that had more parts) make none.
    const whole =
      first !== undefined &&
      parts.length >= first.parts &&
      parts.slice(0, first.parts).every((part) => part.basis === first.basis && part.parts === first.parts);
    if (!whole) return null;
    return {
      basis: first.basis,
      figures: { cells: parts.slice(0, first.parts).flatMap((part) => part.cells) },
    };
  }

  async keepFigures(month: string, by: Grouping, kept: KeptFigures): Promise<void> {
    const chunks: Cell[][] = [[]];
    let size = 0;
    for (const cell of kept.figures.cells) {
      const length = JSON.stringify(cell).length + 1;
      if (size + length > PART_CHARS && (chunks.at(-1) as Cell[]).length > 0) {
        chunks.push([]);
        size = 0;
      }
      (chunks.at(-1) as Cell[]).push(cell);
      size += length;
    }
    const held: string[] = [];
    for await (const item of this.monthItems(month, `${TIMELINESS_SORT_KEY_PREFIX.figures}${by}#`, true))
      held.push(String(item.sk));
    const writes = chunks.map((cells, part) => async () => {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey.timelinessFigures(month, by, part),
            basis: kept.basis,
            parts: chunks.length,
            cells: JSON.stringify(cells),
          },
        }),
      );
    });
    const extra = held.slice(chunks.length).map((sk) => async () => {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: timelinessPartition(month), sk } }),
      );
    });
    await allInParallel([...writes, ...extra], WRITE_CONCURRENCY);
  }

  /** The items of a month's partition whose sort key starts with `prefix`, in sort-key order. */
  private monthItems(month: string, prefix: string, keysOnly = false) {
    return queryItems(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': timelinessPartition(month), ':prefix': prefix },
        ...(keysOnly && { ProjectionExpression: '#pk, #sk' }),
      },
      this.reads,
    );
  }

  /** Counts one change to a month's entries. */
  private async countChange(month: string) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKey.timelinessChanges(month),
        UpdateExpression: 'ADD #changes :one',
        ExpressionAttributeNames: { '#changes': 'changes' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  /** The case's record of its months, read consistently. */
  private async record(caseId: string): Promise<MonthsRecord | undefined> {
    return (await this.getItem(itemKey.timelinessCase(caseId))) as MonthsRecord | undefined;
  }

  /** One item by its key, read consistently (only `content` for `contentOnly`); counted in {@link reads}. */
  private async getItem(key: ItemKey, contentOnly = false) {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ConsistentRead: true,
        ...(contentOnly && {
          ProjectionExpression: '#content',
          ExpressionAttributeNames: { '#content': 'content' },
        }),
      }),
    );
    this.reads.requests += 1;
    this.reads.items += Item ? 1 : 0;
    return Item;
  }

  /**
   * The content hash each of these months' entries of the case holds now, for those that exist: a
   * GetItem each, a few at once (ingest batches nothing; its role allows no batch request).
   */
  private async heldContents(caseId: string, months: readonly string[]): Promise<Map<string, string>> {
    const found = await allInParallel(
      [...new Set(months)].map((month) => async () => {
        const item = await this.getItem(itemKey.timelinessMonth(month, caseId), true);
        return item ? ([month, String(item.content)] as const) : null;
      }),
      WRITE_CONCURRENCY,
    );
    return new Map(found.filter((entry) => entry !== null));
  }

  /**
   * Puts each wanted month whose entry does not hold its content, on the version condition (`orEqual`:
   * also over an entry of the same version, a computation of it that lost the record to this one); the
   * months written.
   */
  private async writeChanged(
    caseId: string,
    version: number,
    wanted: ReadonlyMap<string, { month: CaseMonth; content: string }>,
    held: ReadonlyMap<string, string>,
    orEqual = false,
  ): Promise<string[]> {
    const changed = [...wanted].filter(([month, { content }]) => held.get(month) !== content);
    const outcomes = await allInParallel(
      changed.map(([month, { month: entry, content }]) => async () => {
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...itemKey.timelinessMonth(month, caseId),
                caseId,
                version,
                content,
                entry: JSON.stringify(entry),
              },
              ConditionExpression: `attribute_not_exists(#pk) OR #version ${orEqual ? '<=' : '<'} :version`,
              ExpressionAttributeNames: NAMES,
              ExpressionAttributeValues: { ':version': version },
            }),
          );
          await this.countChange(month);
          return month;
        } catch (error) {
          if (isConditionFailed(error)) return null;
          throw error;
        }
      }),
      WRITE_CONCURRENCY,
    );
    return outcomes.filter((month): month is string => month !== null);
  }

  /** Removes the case's entries in these months, each only if an older version (or this one) wrote it. */
  private async removeMonths(caseId: string, months: readonly string[], version: number, orEqual = false) {
    await allInParallel(
      months.map((month) => async () => {
        try {
          await this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: itemKey.timelinessMonth(month, caseId),
              ConditionExpression: `#version ${orEqual ? '<=' : '<'} :version`,
              ExpressionAttributeNames: { '#version': NAMES['#version'] },
              ExpressionAttributeValues: { ':version': version },
            }),
          );
          await this.countChange(month);
        } catch (error) {
          if (!isConditionFailed(error)) throw error;
        }
      }),
      WRITE_CONCURRENCY,
    );
  }

  /**
   * A newer computation recorded its months while this one was writing: the entries this one wrote
   * that the newer does not have are removed; one it has that now holds this one's content, not the
   * newer's (the newer found it unchanged and did not write it), asks for the recompute again.
   */
  private async yieldTo(
    caseId: string,
    version: number,
    written: readonly string[],
    contents: Readonly<Record<string, string>>,
  ) {
    const newer = await this.record(caseId);
    const theirs = newer?.months ?? {};
    await this.removeMonths(
      caseId,
      written.filter((month) => theirs[month] === undefined),
      version,
      true,
    );
    const kept = written.filter((month) => theirs[month] !== undefined && theirs[month] !== contents[month]);
    if (kept.length === 0) return;
    const now = await this.heldContents(caseId, kept);
    const wrong = kept.filter((month) => now.get(month) === contents[month]);
    if (wrong.length > 0) throw new ConcurrentRecomputeError(caseId, wrong.length);
  }
}
