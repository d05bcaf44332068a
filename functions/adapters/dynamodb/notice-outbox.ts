/**
 * The outbox on the single table: what the runs would have sent while sending was paused, one item per
 * line under the London day of the run that held it (`OUTBOX#<day>`), keyed by the line's ledger key so
 * that the same line held again that day (by the next hourly run, or a retried run) replaces itself.
 * Deleted by DynamoDB's time to live {@link OUTBOX_RETENTION_DAYS} days after it was held.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { allInParallel } from '../../concurrency.ts';
import type { HeldLine, HeldRecord, NoticeOutbox } from '../../core/ports.ts';
import { itemKey, TTL_ATTRIBUTE } from '../../storage/table-layout.ts';
import { checkDay, noReads, partitionItems, plainJson, type ReadStats } from './shared.ts';

/** How long a held line is kept: long enough to read back a quiet start of a few weeks. */
export const OUTBOX_RETENTION_DAYS = 35;

/** Puts in flight at once: a morning's lines, quickly, without a burst on-demand capacity would throttle. */
const PARALLEL_PUTS = 8;

/** The fields of a held record, in the order they are written and read back. */
const FIELDS = [
  'key',
  'message',
  'kind',
  'channel',
  'recipient',
  'caseId',
  'rule',
  'stageKey',
  'as',
  'due',
  'day',
  'heldAt',
] as const satisfies readonly (keyof HeldRecord)[];

/** {@link NoticeOutbox} on the single table. */
export class DynamoNoticeOutbox implements NoticeOutbox {
  /** What this outbox has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hold(day: string, heldAt: string, lines: readonly HeldLine[]): Promise<void> {
    checkDay(day);
    const expiresAt = Math.floor(Date.parse(heldAt) / 1000) + OUTBOX_RETENTION_DAYS * 86_400;
    await allInParallel(
      lines.map((line) => async () => {
        const record: HeldRecord = { ...line, day, heldAt };
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...itemKey.outbox(day, line.key), ...plainJson(record), [TTL_ATTRIBUTE]: expiresAt },
          }),
        );
      }),
      PARALLEL_PUTS,
    );
  }

  async heldOn(day: string): Promise<HeldRecord[]> {
    checkDay(day);
    const records: HeldRecord[] = [];
    const partition = itemKey.outbox(day, '').pk;
    for await (const item of partitionItems(this.client, this.tableName, partition, this.reads)) {
      records.push(
        Object.fromEntries(FIELDS.map((field) => [field, item[field] ?? null])) as unknown as HeldRecord,
      );
    }
    return records;
  }
}
