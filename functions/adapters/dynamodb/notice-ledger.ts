/**
 * The notice ledger in DynamoDB: one item per notice to one recipient, in the case's partition (so a
 * case's audit trail is one Query), claimed with a single conditional write before sending. A summary
 * about many cases (the weekly summary) is one item under its own key, claimed the same way.
 */
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ClaimOutcome,
  LedgerNotice,
  LedgerRecord,
  NoticeLedger,
  SummaryLedgerNotice,
} from '../../core/ports.ts';
import { itemKey, LEDGER_READ_ATTRIBUTES, TABLE_KEY } from '../../storage/table-layout.ts';
import { caseItems, isConditionFailed, noReads } from './shared.ts';

const keyOf = (notice: LedgerNotice | SummaryLedgerNotice) =>
  notice.caseId === null
    ? itemKey.summaryNotice(notice.key)
    : itemKey.notice(notice.caseId, notice.rule, notice.occurrence, notice.stageKey, notice.recipient);

/** A ledger read asks for these attributes by name (the run may read nothing else of a case). */
const RECORD_PROJECTION = {
  expression: LEDGER_READ_ATTRIBUTES.map((field) => `#${field}`).join(', '),
  names: Object.fromEntries(LEDGER_READ_ATTRIBUTES.map((field) => [`#${field}`, field])),
};

export class DynamoNoticeLedger implements NoticeLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(
    notice: LedgerNotice | SummaryLedgerNotice,
    now: string,
    leaseSeconds: number,
  ): Promise<ClaimOutcome> {
    const leaseUntil = new Date(Date.parse(now) + leaseSeconds * 1000).toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keyOf(notice), ...notice, state: 'claimed', claimedAt: now, leaseUntil },
          // New; or held by this same message (redelivered after a crash); or a claim whose sender
          // stopped (lease over); or a failed send being retried.
          ConditionExpression:
            'attribute_not_exists(#pk) OR (#state <> :sent AND #message = :message) OR (#state = :claimed AND #leaseUntil < :now) OR #state = :failed',
          ExpressionAttributeNames: {
            '#pk': TABLE_KEY.partitionKey,
            '#state': 'state',
            '#message': 'message',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':claimed': 'claimed',
            ':failed': 'failed',
            ':message': notice.message,
            ':now': now,
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionFailed(error)) return 'taken';
      throw error;
    }
  }

  async markSent(notice: LedgerNotice | SummaryLedgerNotice, at: string, messageId: string | null) {
    await this.mark(notice, { state: 'sent', sentAt: at, messageId });
  }

  async markFailed(notice: LedgerNotice | SummaryLedgerNotice, at: string, reason: string) {
    await this.mark(notice, { state: 'failed', failedAt: at, reason });
  }

  async noticesOf(caseId: string): Promise<LedgerRecord[]> {
    const records: LedgerRecord[] = [];
    for await (const item of caseItems(this.client, this.tableName, caseId, 'notice', noReads(), {
      projection: RECORD_PROJECTION,
    })) {
      records.push(
        Object.fromEntries(
          LEDGER_READ_ATTRIBUTES.filter((field) => item[field] !== undefined).map((field) => [
            field,
            item[field],
          ]),
        ) as unknown as LedgerRecord,
      );
    }
    return records.sort((a, b) => a.claimedAt.localeCompare(b.claimedAt) || a.key.localeCompare(b.key));
  }

  private async mark(notice: LedgerNotice | SummaryLedgerNotice, values: Record<string, unknown>) {
    const names = Object.keys(values);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(notice),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, values[name]])),
      }),
    );
  }
}
