/**
 * The board's index in the pipeline's table: a case's rows as `TRACKER#<list>` items in its partition,
 * found by the sparse `trackers` index under whoever holds the case (see `storage/table-layout.ts`). A
 * case that leaves a list keeps a small item with its version and no index attributes, so an older
 * evaluation finishing late cannot put it back on.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { allInParallel } from '../../concurrency.ts';
import type { TrackerHolders, TrackerIndex } from '../../core/ports.ts';
import { BOARD_LISTS, type BoardList, type BoardRow, type RowOf } from '../../core/trackers/row.ts';
import { itemKey, TRACKER_INDEX, trackerHolder, trackerPartition } from '../../storage/table-layout.ts';
import { caseItems, isConditionFailed, noReads, queryItems, type ReadStats } from './shared.ts';

/** Index queries a page runs at once: one per team or worker of the reader's line. */
const QUERY_CONCURRENCY = 16;

/** The trackers index over DynamoDB (or dynalite). */
export class DynamoTrackerIndex implements TrackerIndex {
  /** What this store has read: the bench and the tests check a page reads only its line's rows. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async replaceCase(
    caseId: string,
    version: number,
    rows: readonly BoardRow[],
    fresh = false,
  ): Promise<'replaced' | 'stale'> {
    const held = new Set<string>();
    if (!fresh) {
      for await (const item of caseItems(this.client, this.tableName, caseId, 'tracker', this.reads))
        held.add(String(item.sk));
    }
    const writes = BOARD_LISTS.flatMap((list) => {
      const row = rows.find((candidate) => candidate.list === list) ?? null;
      const key = itemKey.trackerRow(caseId, list);
      // Nothing to write for a list the case was never on.
      if (row === null && !held.has(key.sk)) return [];
      return [() => this.put(key, caseId, version, list, row)];
    });
    const outcomes = await allInParallel(writes, BOARD_LISTS.length);
    return outcomes.includes('stale') ? 'stale' : 'replaced';
  }

  private async put(
    key: { pk: string; sk: string },
    caseId: string,
    version: number,
    list: BoardList,
    row: BoardRow | null,
  ): Promise<'replaced' | 'stale'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            caseId,
            version,
            ...(row && {
              row: JSON.stringify(row),
              [TRACKER_INDEX.partitionKey]: trackerHolder(row.allocation),
              [TRACKER_INDEX.sortKey]: `${list}#${caseId}`,
            }),
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
          ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
      return 'replaced';
    } catch (error) {
      if (isConditionFailed(error)) return 'stale';
      throw error;
    }
  }

  async rowsHeldBy<L extends BoardList>(holders: TrackerHolders, list: L): Promise<RowOf<L>[]> {
    const partitions = [
      ...holders.teams.map(trackerPartition.team),
      ...holders.workers.map(trackerPartition.worker),
      ...(holders.unallocated ? [trackerPartition.unallocated()] : []),
    ];
    const pages = await allInParallel(
      partitions.map((partition) => async () => {
        const rows: RowOf<L>[] = [];
        for await (const item of queryItems(
          this.client,
          {
            TableName: this.tableName,
            IndexName: TRACKER_INDEX.name,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :list)',
            ExpressionAttributeNames: { '#pk': TRACKER_INDEX.partitionKey, '#sk': TRACKER_INDEX.sortKey },
            ExpressionAttributeValues: { ':pk': partition, ':list': `${list}#` },
          },
          this.reads,
        ))
          rows.push(JSON.parse(String(item.row)) as RowOf<L>);
        return rows;
      }),
      QUERY_CONCURRENCY,
    );
    return pages.flat().sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  }
}
