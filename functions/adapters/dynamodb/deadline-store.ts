/**
 * Deadlines in DynamoDB: a projection item per case that orders its computations by version, an item
 * per deadline occurrence, and the sparse `due` index that a run reads instead of every case.
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
import { allInParallel, inParallel, merged } from '../../concurrency.ts';
import { type DeadlineJson, substanceOf } from '../../core/engine/index.ts';
import { type HandledState, keptNextAction } from '../../core/notices/plan.ts';
import type {
  CaseAllocation,
  CaseComputation,
  CountedDeadline,
  DeadlineStore,
  DueDeadline,
  StoredDeadline,
} from '../../core/ports.ts';
import {
  CASE_SORT_KEY_PREFIX,
  DEADLINE_SCAN_ATTRIBUTES,
  DUE_INDEX,
  dueBefore,
  dueIndexKey,
  duePartitions,
  itemKey,
  TABLE_KEY,
} from '../../storage/table-layout.ts';
import {
  batchGet,
  batchWrite,
  caseItems,
  type Item,
  isConditionFailed,
  noReads,
  plainJson,
  queryItems,
  type ReadStats,
  scanItems,
} from './shared.ts';

/** Options of {@link DynamoDeadlineStore}. */
export interface DynamoDeadlineStoreOptions {
  /** Items per query page (`Limit`); DynamoDB's 1 MB page when left out. Tests set it to cross pages. */
  pageSize?: number;
  /** `due` shards queried at once by {@link DynamoDeadlineStore.dueBy}; 4 by default. */
  shardConcurrency?: number;
  /** Occurrence writes of one case in flight at once; 8 by default. */
  writeConcurrency?: number;
  /** Segments of the parallel Scan of {@link DynamoDeadlineStore.all}, read at once; 4 by default. */
  scanSegments?: number;
  /**
   * Write every occurrence of a computation, changed or not, as the store did before it compared
   * contents: the benchmark's baseline for what comparing saves. False by default.
   */
  writeUnchanged?: boolean;
}

const NAMES = {
  '#pk': TABLE_KEY.partitionKey,
  '#sk': TABLE_KEY.sortKey,
  '#version': 'version',
  '#content': 'content',
  '#plan': 'plan',
  '#next': 'nextActionAt',
  '#handled': 'handledUntil',
} as const;

/**
 * The projection's record of a computation: its version, the occurrences (sort keys) it holds, and the
 * content hash of each (see {@link contentHash}; absent in projections written before hashes were kept).
 */
interface ProjectionRecord {
  version: number;
  occurrences: string[];
  contents?: Record<string, string>;
}

/** What a computation finds stored of one occurrence: its content hash, and what a run has done. */
interface StoredContent extends HandledState {
  /** Undefined on items written before hashes were kept. */
  content: string | undefined;
}

/** What a computation found stored, by sort key. */
type StoredContents = Map<string, StoredContent>;

/**
 * An older computation of the case overwrote an occurrence that a newer one had found unchanged and
 * so did not write: the occurrence now holds the older content. Retrying the recompute (a later minute
 * makes a newer version) rewrites it; the ingest handlers' retries do so.
 */
export class ConcurrentRecomputeError extends Error {
  constructor(caseId: string, occurrences: number) {
    super(
      `Case ${caseId} was recomputed twice at once and ${occurrences} of its deadlines may be out of date: recompute it again`,
    );
    this.name = 'ConcurrentRecomputeError';
  }
}

/**
 * {@link DeadlineStore} on the single table, with single-item conditional writes only (dynalite has no
 * transactions). Every occurrence item carries the `version` of the computation that wrote it, and no
 * write replaces or deletes an item of a newer version, so computations of a case that overlap, or one
 * that stops half-way and is retried, leave the newest complete set behind.
 */
export class DynamoDeadlineStore implements DeadlineStore {
  /** What this store has read so far: the `due` benchmark compares it with what `dueBy` returned. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDeadlineStoreOptions = {},
  ) {}

  /**
   * Replaces a case's deadlines with the computation numbered `version` (a safe integer that grows
   * with each computation of the case; a lower version is `stale`). In order:
   *
   * 1. Read the projection (`CASE#<id>`, `PROJECTION`); `stale` at once if its version is higher.
   * 2. Read the version and content hash of the case's occurrence items.
   * 3. Write each new occurrence whose content differs from what is stored (UpdateItem, unless an item
   *    of a newer version is there), with `duePk`/`dueSk` while it has a next action and without them
   *    when `nextActionAt` is null, which takes it out of the `due` index. The content compared is the
   *    deadline's substance (`substanceOf`: not the wording that counts from the moment of computing),
   *    its next action and its allocation, so an occurrence that did not change is not written: a new
   *    event usually changes a few of a case's occurrences, not all of them.
   * 4. Delete the occurrences read in 2 that are not in the new set, unless rewritten by a newer
   *    version.
   * 5. Put the projection, with each occurrence's content hash, if its version is still lower: this
   *    is what makes the computation count. Written last, so a crash anywhere before it leaves the case
   *    to be redone by a retry; written first, it would make that retry `stale` with half the
   *    occurrences written.
   * 6. If the put fails, a newer computation finished first: delete what this one wrote that the
   *    newer one does not hold. What this one wrote that the newer one holds may have been left
   *    unwritten by it (unchanged when it read them) and now hold this older content: if the stored
   *    content differs from the newer projection's, throw {@link ConcurrentRecomputeError}, whose retry
   *    rewrites them; else `stale`. If the put finds the projection changed since 1, an older
   *    computation finished in between and may have written after 2: delete what is not in the new set
   *    and rewrite what differs from it.
   *
   * A computation with the projection's own version (the same events, the same minute: a retry) only
   * repairs occurrences whose stored content differs from what the projection records and whose new
   * content is what it records, and reports `stale`.
   */
  async replaceCase(
    caseId: string,
    version: number,
    deadlines: readonly StoredDeadline[],
  ): Promise<'replaced' | 'stale'> {
    const computation = { caseId, version, deadlines };
    checkComputation(computation);
    const read = await this.readForReplacing(computation, await this.projection(caseId));
    return read === 'stale' ? 'stale' : this.replaceRead(read, null);
  }

  /**
   * {@link replaceCase} for many cases (an import's; each once), reading each as it does, a few cases at
   * a time, their projections 100 to a BatchGetItem. A case read to have no projection and no
   * occurrence (new to the store; for a computation that says it had no earlier events, no projection
   * is enough, see {@link CaseComputation.noEarlierEvents}) has its occurrences
   * written with every other such case's, 25 to a BatchWriteItem, instead of an UpdateItem each; its
   * projection is then put as ever, last and on its condition. Those writes are unconditional, so a
   * computation of the case that wrote in between may be overwritten: the projection put tells (it
   * fails, or replaces a projection there was none of), and what follows is step 6 of
   * {@link replaceCase}: what the newer one does not hold is deleted, and if what it holds was
   * overwritten, {@link ConcurrentRecomputeError} asks for a retry, which rewrites it. Every case is
   * tried; the first failure is thrown at the end.
   */
  async replaceCases(computations: readonly CaseComputation[]): Promise<('replaced' | 'stale')[]> {
    for (const computation of computations) checkComputation(computation);
    const caseIds = new Set(computations.map(({ caseId }) => caseId));
    if (caseIds.size < computations.length) throw new RangeError('A case is given twice');
    const projections = await this.projections(computations.map(({ caseId }) => caseId));
    const reads = await allInParallel(
      computations.map(
        (computation) => () => this.readForReplacing(computation, projections.get(computation.caseId)),
      ),
      this.writeConcurrency,
    );
    const isNew = (read: CaseRead | 'stale'): read is CaseRead =>
      read !== 'stale' && read.seen === undefined && read.before.size === 0;
    await batchWrite(
      this.client,
      this.tableName,
      reads.filter(isNew).flatMap(({ version, wanted }) =>
        [...wanted.values()].map(({ stored, content }) => ({
          PutRequest: { Item: occurrenceItem(stored, version, content) },
        })),
      ),
    );
    let failure: unknown = null;
    const outcomes = await allInParallel(
      reads.map((read) => async () => {
        if (read === 'stale') return 'stale' as const;
        try {
          return await this.replaceRead(read, isNew(read) ? [...read.wanted.keys()] : null);
        } catch (error) {
          failure ??= error;
          return 'stale' as const;
        }
      }),
      this.writeConcurrency,
    );
    if (failure !== null) throw failure;
    return outcomes;
  }

  /**
   * Step 2 of {@link replaceCase}, step 1's projection (`seen`) in hand: the occurrences' contents read
   * (unless the case has no projection and the computation says it had no earlier events, when none
   * can be stored), and each occurrence as it would be written (a run's next action kept where the
   * plan is the same); `stale` when the projection is newer.
   */
  private async readForReplacing(
    { caseId, version, deadlines, noEarlierEvents }: CaseComputation,
    seen: ProjectionRecord | undefined,
  ): Promise<CaseRead | 'stale'> {
    if (seen && seen.version > version) return 'stale';
    const before: StoredContents =
      seen === undefined && noEarlierEvents ? new Map() : await this.storedContents(caseId);
    const wanted = new Map<string, Wanted>();
    for (const { handledUntil: _, ...computed } of deadlines) {
      const { sk } = itemKey.deadline(caseId, computed.deadline.rule, computed.deadline.occurrence);
      const stored = { ...computed, ...keptNextAction(computed, before.get(sk)) };
      wanted.set(sk, { stored, content: contentHash(stored) });
    }
    return { caseId, version, seen, before, wanted };
  }

  /**
   * Steps 3 to 6 of {@link replaceCase} for a case read by {@link readForReplacing}; `written`, the
   * occurrences already written for it (in bulk), or null to write those that changed.
   */
  private async replaceRead(read: CaseRead, written: string[] | null): Promise<'replaced' | 'stale'> {
    const { caseId, version, seen, before, wanted } = read;
    if (seen && seen.version === version) {
      const recorded = seen.contents ?? {};
      await this.writeWhere(wanted, version, (sk, content) => {
        const stored = before.get(sk)?.content;
        return recorded[sk] === content && stored !== undefined && stored !== content;
      });
      return 'stale';
    }
    written ??= await this.writeWhere(
      wanted,
      version,
      (sk, content) =>
        this.options.writeUnchanged === true || !holds(before.get(sk), content, wanted.get(sk)),
    );
    await this.deleteOccurrences(
      caseId,
      [...before.keys()].filter((sk) => !wanted.has(sk)),
      '#version < :version',
      version,
    );

    let previous: Item | undefined;
    try {
      previous = (
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...itemKey.caseProjection(caseId),
              caseId,
              version,
              occurrences: [...wanted.keys()],
              contents: Object.fromEntries([...wanted].map(([sk, { content }]) => [sk, content])),
            } satisfies Item & ProjectionRecord,
            ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
            ExpressionAttributeNames: { '#pk': NAMES['#pk'], '#version': NAMES['#version'] },
            ExpressionAttributeValues: { ':version': version },
            ReturnValues: 'ALL_OLD',
          }),
        )
      ).Attributes;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const newer = await this.projection(caseId);
      const held = new Set(newer?.occurrences);
      await this.deleteOccurrences(
        caseId,
        written.filter((sk) => !held.has(sk)),
        '#version <= :version',
        version,
      );
      const mine = written.filter((sk) => held.has(sk));
      if (mine.length > 0 && newer?.contents) {
        const recorded = newer.contents;
        const now = await this.storedContents(caseId);
        const wrong = mine.filter((sk) => now.get(sk)?.content !== recorded[sk]);
        if (wrong.length > 0) throw new ConcurrentRecomputeError(caseId, wrong.length);
      }
      return 'stale';
    }

    if (previous?.version !== seen?.version) {
      const after = await this.storedContents(caseId);
      await this.deleteOccurrences(
        caseId,
        [...after.keys()].filter((sk) => !wanted.has(sk)),
        // A computation of the same version that lost the projection to this one is swept too.
        '#version <= :version',
        version,
      );
      await this.writeWhere(wanted, version, (sk, content) => !holds(after.get(sk), content, wanted.get(sk)));
    }
    return 'replaced';
  }

  /** A case's deadline occurrences as last stored, in rule and occurrence order. */
  async deadlinesOf(caseId: string): Promise<StoredDeadline[]> {
    const deadlines: StoredDeadline[] = [];
    for await (const item of this.occurrenceItems(caseId)) deadlines.push(storedDeadline(item));
    return deadlines;
  }

  /**
   * Moves an occurrence's next action on, as {@link DeadlineStore.setNextAction} says: an UpdateItem on
   * the condition `version = :version AND nextActionAt = :read`, which also sets the content hash of
   * the moved item, so a recomputation that keeps the move (the same plan) finds nothing to write.
   */
  async setNextAction(
    read: DueDeadline,
    nextActionAt: string | null,
    handledUntil: string,
  ): Promise<'moved' | 'changed'> {
    const { caseId, deadline, version } = read;
    if (read.nextActionAt === null) {
      throw new RangeError('Only a deadline read with a next action can have it moved on');
    }
    const next = nextActionAt === null ? null : instantIso(nextActionAt);
    const values = {
      ':version': version,
      ':read': instantIso(read.nextActionAt),
      ':content': contentHash({ ...read, nextActionAt: next }),
      ':handled': instantIso(handledUntil),
    };
    const update =
      next === null
        ? { expression: 'SET #content = :content, #handled = :handled REMOVE #next, #duePk, #dueSk', values }
        : {
            expression:
              'SET #content = :content, #handled = :handled, #next = :next, #duePk = :duePk, #dueSk = :dueSk',
            values: {
              ...values,
              ':next': next,
              ...dueIndexKeyValues(caseId, deadline.rule, deadline.occurrence, next),
            },
          };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey.deadline(caseId, deadline.rule, deadline.occurrence),
          UpdateExpression: update.expression,
          ConditionExpression: '#version = :version AND #next = :read',
          ExpressionAttributeNames: {
            '#version': NAMES['#version'],
            '#next': NAMES['#next'],
            '#content': NAMES['#content'],
            '#handled': NAMES['#handled'],
            '#duePk': DUE_INDEX.partitionKey,
            '#dueSk': DUE_INDEX.sortKey,
          },
          ExpressionAttributeValues: update.values,
        }),
      );
      return 'moved';
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return 'changed';
    }
  }

  /**
   * Every occurrence whose next action is at or before `asOf` (an ISO instant): one query of the `due`
   * index per shard, `dueSk < dueBefore(asOf)`, a few shards at a time. The index holds only open
   * occurrences and the key condition stops at `asOf`, so the items read (see {@link reads}) are the
   * items returned, whatever the number of cases. Index reads are eventually consistent: an occurrence
   * changed a moment ago may show its previous state.
   */
  async *dueBy(asOf: string): AsyncIterable<DueDeadline> {
    const asOfMs = Date.parse(asOf);
    if (Number.isNaN(asOfMs)) throw new RangeError(`asOf must be an ISO instant, not ${asOf}`);
    const before = dueBefore(asOfMs);
    const shards = duePartitions().map((duePk) => () => this.dueInShard(duePk, before));
    for await (const due of inParallel(shards, this.options.shardConcurrency ?? 4)) yield* due;
  }

  /**
   * Every deadline occurrence of every case: a Scan of the whole table, filtered to deadline items and
   * projected to {@link DEADLINE_SCAN_ATTRIBUTES}, its segments read at once (`scanSegments`) so that
   * a large table is read within a run's time. DynamoDB bills a Scan for every item it examines,
   * events and ledger entries included, so one call reads the whole table (see {@link reads}): meant
   * for the weekly summary, never for a daily or per-event path. Each segment is read page by page, so
   * memory holds a page of each at a time. Eventually consistent, as the due index is.
   */
  all(): AsyncIterable<CountedDeadline> {
    const segments = this.options.scanSegments ?? 4;
    return merged(Array.from({ length: segments }, (_, segment) => this.scanSegment(segment, segments)));
  }

  /** One segment of {@link all}'s Scan, page by page. */
  private async *scanSegment(segment: number, segments: number): AsyncGenerator<CountedDeadline> {
    const names = Object.fromEntries(DEADLINE_SCAN_ATTRIBUTES.map((name) => [`#${name}`, name]));
    for await (const item of scanItems(
      this.client,
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(#sk, :prefix)',
        // Named explicitly, as the run's IAM policy allows a Scan of these attributes only.
        Select: 'SPECIFIC_ATTRIBUTES',
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':prefix': CASE_SORT_KEY_PREFIX.deadline },
        Segment: segment,
        TotalSegments: segments,
        Limit: this.options.pageSize,
      },
      this.reads,
    )) {
      yield storedDeadline(item);
    }
  }

  private get writeConcurrency() {
    return this.options.writeConcurrency ?? 8;
  }

  private async dueInShard(duePk: string, before: string): Promise<DueDeadline[]> {
    const due: DueDeadline[] = [];
    for await (const item of queryItems(
      this.client,
      {
        TableName: this.tableName,
        IndexName: DUE_INDEX.name,
        KeyConditionExpression: '#duePk = :duePk AND #dueSk < :before',
        ExpressionAttributeNames: { '#duePk': DUE_INDEX.partitionKey, '#dueSk': DUE_INDEX.sortKey },
        ExpressionAttributeValues: { ':duePk': duePk, ':before': before },
        Limit: this.options.pageSize,
      },
      this.reads,
    )) {
      due.push({ ...storedDeadline(item), version: item.version as number });
    }
    return due;
  }

  /** The projection's version and occurrence list; strongly consistent, as it decides what is stale. */
  private async projection(caseId: string): Promise<ProjectionRecord | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKey.caseProjection(caseId),
        ProjectionExpression: '#version, #occurrences, #contents',
        ExpressionAttributeNames: {
          '#version': NAMES['#version'],
          '#occurrences': 'occurrences',
          '#contents': 'contents',
        },
        ConsistentRead: true,
      }),
    );
    this.reads.requests += 1;
    if (item === undefined) return undefined;
    this.reads.items += 1;
    return item as unknown as ProjectionRecord;
  }

  /** The projections of many cases, by case: BatchGetItem, 100 a request, strongly consistent. */
  private async projections(caseIds: readonly string[]): Promise<Map<string, ProjectionRecord>> {
    const items = await batchGet(
      this.client,
      this.tableName,
      caseIds.map((caseId) => itemKey.caseProjection(caseId)),
      this.reads,
      {
        expression: '#caseId, #version, #occurrences, #contents',
        names: {
          '#caseId': 'caseId',
          '#version': NAMES['#version'],
          '#occurrences': 'occurrences',
          '#contents': 'contents',
        },
      },
    );
    return new Map(
      items.map(({ caseId, ...record }) => [caseId as string, record as unknown as ProjectionRecord]),
    );
  }

  private occurrenceItems(caseId: string, projection?: string): AsyncGenerator<Item> {
    // Read just before writing, and after another computation's writes: must see them all.
    return caseItems(this.client, this.tableName, caseId, 'deadline', this.reads, {
      consistent: true,
      pageSize: this.options.pageSize,
      ...(projection && {
        projection: {
          expression: projection,
          names: {
            '#content': NAMES['#content'],
            '#plan': NAMES['#plan'],
            '#next': NAMES['#next'],
            '#handled': NAMES['#handled'],
          },
        },
      }),
    });
  }

  /** The content hash, plan and next action of each of a case's occurrence items, by sort key. */
  private async storedContents(caseId: string): Promise<StoredContents> {
    const contents: StoredContents = new Map();
    for await (const item of this.occurrenceItems(caseId, '#sk, #content, #plan, #next, #handled')) {
      contents.set(item.sk as string, {
        content: item.content as string | undefined,
        plan: item.plan as string | undefined,
        nextActionAt: (item.nextActionAt as string | undefined) ?? null,
        handledUntil: item.handledUntil as string | undefined,
      });
    }
    return contents;
  }

  /** Writes the wanted occurrences `where` says to, a few at a time; the sort keys written. */
  private async writeWhere(
    wanted: ReadonlyMap<string, Wanted>,
    version: number,
    where: (sk: string, content: string) => boolean,
  ): Promise<string[]> {
    const written = await allInParallel(
      [...wanted]
        .filter(([sk, { content }]) => where(sk, content))
        .map(
          ([sk, { stored, content }]) =>
            async () =>
              (await this.writeOccurrence(stored, version, content)) ? sk : null,
        ),
      this.writeConcurrency,
    );
    return written.filter((sk): sk is string => sk !== null);
  }

  /** Writes one occurrence unless a newer computation has; false when it had. */
  private async writeOccurrence(stored: StoredDeadline, version: number, content: string): Promise<boolean> {
    const { pk, sk, ...attributes } = occurrenceItem(stored, version, content);
    const names = Object.keys(attributes);
    const removed = OPTIONAL_ATTRIBUTES.filter((name) => !(name in attributes));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression: [
            `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
            ...(removed.length > 0 ? [`REMOVE ${removed.map((name) => `#${name}`).join(', ')}`] : []),
          ].join(' '),
          ConditionExpression: 'attribute_not_exists(#pk) OR #version <= :version',
          ExpressionAttributeNames: Object.fromEntries(
            [TABLE_KEY.partitionKey, ...names, ...removed].map((name) => [`#${name}`, name]),
          ),
          ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, attributes[name]])),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Deletes the given occurrences of a case where `condition` (on `#version` and `:version`) holds. */
  private async deleteOccurrences(
    caseId: string,
    sortKeys: readonly string[],
    condition: string,
    version: number,
  ): Promise<void> {
    const { pk } = itemKey.caseProjection(caseId);
    await allInParallel(
      sortKeys.map((sk) => async () => {
        try {
          await this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: { pk, sk },
              ConditionExpression: condition,
              ExpressionAttributeNames: { '#version': NAMES['#version'] },
              ExpressionAttributeValues: { ':version': version },
            }),
          );
        } catch (error) {
          // Rewritten by a newer computation, or already gone: either way not ours to delete.
          if (!isConditionFailed(error)) throw error;
        }
      }),
      this.writeConcurrency,
    );
  }
}

/**
 * The attributes an occurrence item may lack: those it has only while it has a next action, and a run's
 * mark. A write of an occurrence without them removes them.
 */
const OPTIONAL_ATTRIBUTES = [
  'nextActionAt',
  DUE_INDEX.partitionKey,
  DUE_INDEX.sortKey,
  'plan',
  'handledUntil',
] as const;

/**
 * The item a deadline occurrence is stored as by the computation numbered `version`: its key, case,
 * version, content hash (`content`, worked out when not given), deadline (published JSON shape) and
 * allocation, and, while it has a next action, `nextActionAt` (normalised ISO UTC) with the `due` index
 * attributes. Exported for bulk loads (synthetic councils, benchmarks) that write occurrences directly,
 * so they write exactly what the store writes.
 */
export function occurrenceItem(stored: StoredDeadline, version: number, content = contentHash(stored)): Item {
  const { caseId, deadline, nextActionAt, allocation, plan, handledUntil } = stored;
  const item = {
    ...itemKey.deadline(caseId, deadline.rule, deadline.occurrence),
    caseId,
    version,
    content,
    deadline: plainJson(deadline),
    allocation: allocation ? plainJson(allocation) : null,
    ...(plan !== undefined && { plan }),
    ...(handledUntil !== undefined && { handledUntil }),
  };
  if (nextActionAt === null) return item;
  const next = instantIso(nextActionAt);
  return {
    ...item,
    nextActionAt: next,
    ...dueIndexKeyValues(caseId, deadline.rule, deadline.occurrence, next, ''),
  };
}

/**
 * The `due` index attributes of an occurrence whose next action is `next` (an ISO instant), with their
 * names prefixed by `prefix` (`:` for expression values).
 */
function dueIndexKeyValues(caseId: string, rule: string, occurrence: number, next: string, prefix = ':') {
  const key = dueIndexKey(caseId, rule, occurrence, instantMs(next));
  return {
    [`${prefix}${DUE_INDEX.partitionKey}`]: key.duePk,
    [`${prefix}${DUE_INDEX.sortKey}`]: key.dueSk,
  };
}

/** A next action's instant in milliseconds; a RangeError naming it when it is not an ISO instant. */
function instantMs(nextActionAt: string): number {
  const ms = Date.parse(nextActionAt);
  if (Number.isNaN(ms)) throw new RangeError(`nextActionAt must be an ISO instant, not ${nextActionAt}`);
  return ms;
}

/** A next action as stored: normalised ISO UTC. */
const instantIso = (nextActionAt: string) => new Date(instantMs(nextActionAt)).toISOString();

/**
 * Whether a stored occurrence already holds what is wanted: the same content hash and, in case the item
 * was changed behind the store's back (a faulty write, a hand edit), the same next action.
 */
function holds(stored: StoredContent | undefined, content: string, wanted: Wanted | undefined): boolean {
  if (stored?.content !== content || wanted === undefined) return false;
  const next = wanted.stored.nextActionAt;
  return stored.nextActionAt === (next === null ? null : instantIso(next));
}

/** A wanted occurrence of a computation and its content hash. */
interface Wanted {
  stored: StoredDeadline;
  content: string;
}

/**
 * A computation as {@link DeadlineStore.replaceCase} takes it: a version that is a non-negative safe
 * integer, and deadlines of the case, each occurrence once.
 *
 * @throws RangeError otherwise.
 */
function checkComputation({ caseId, version, deadlines }: CaseComputation): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`A version must be a non-negative safe integer, not ${version}`);
  }
  const sortKeys = new Set<string>();
  for (const stored of deadlines) {
    if (stored.caseId !== caseId) {
      throw new RangeError(`A deadline of case ${stored.caseId} was given to case ${caseId}`);
    }
    const { sk } = itemKey.deadline(caseId, stored.deadline.rule, stored.deadline.occurrence);
    if (sortKeys.has(sk)) throw new RangeError(`Case ${caseId} has deadline ${sk} twice`);
    sortKeys.add(sk);
  }
}

/** A computation of a case with what it found stored, ready to write (see `readForReplacing`). */
interface CaseRead {
  caseId: string;
  version: number;
  /** The projection, if the case has one. */
  seen: ProjectionRecord | undefined;
  /** What each occurrence item holds, by sort key. */
  before: StoredContents;
  /** Each occurrence as it is to be stored, by sort key. */
  wanted: Map<string, Wanted>;
}

/**
 * What identifies an occurrence's stored content: a hash of its deadline's substance (`substanceOf`),
 * its next action (as an instant), its allocation and its plan. Two computations that agree on these would
 * write the same item but for its `version` and the wording counted from the moment of computing.
 */
export function contentHash(stored: StoredDeadline): string {
  const { deadline, nextActionAt, allocation, plan } = stored;
  const next = nextActionAt === null ? null : instantIso(nextActionAt);
  return createHash('sha256')
    .update(canonicalJson({ deadline: substanceOf(deadline), next, allocation, plan: plan ?? null }))
    .digest('base64url')
    .slice(0, 22);
}

function storedDeadline(item: Item): StoredDeadline {
  return {
    caseId: item.caseId as string,
    deadline: item.deadline as DeadlineJson,
    nextActionAt: (item.nextActionAt as string | undefined) ?? null,
    allocation: (item.allocation as CaseAllocation | undefined) ?? null,
    ...(typeof item.plan === 'string' && { plan: item.plan }),
    ...(typeof item.handledUntil === 'string' && { handledUntil: item.handledUntil }),
  };
}
