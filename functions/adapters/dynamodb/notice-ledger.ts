/**
 * The notice ledger in DynamoDB: one item per notice, claimed with a single conditional write before
 * sending, so retried and overlapping runs send a notice once.
 */
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOutcome, NoticeLedger } from '../../core/ports.ts';
import { itemKey, TABLE_KEY } from '../../storage/table-layout.ts';
import { isConditionFailed } from './shared.ts';

export class DynamoNoticeLedger implements NoticeLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(key: string, now: string, leaseSeconds: number): Promise<ClaimOutcome> {
    const leaseUntil = new Date(Date.parse(now) + leaseSeconds * 1000).toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...itemKey.notice(key), state: 'claimed', claimedAt: now, leaseUntil },
          // New, or a claim whose sender stopped (lease over), or a failed send being retried.
          ConditionExpression:
            'attribute_not_exists(#pk) OR (#state = :claimed AND #leaseUntil < :now) OR #state = :failed',
          ExpressionAttributeNames: {
            '#pk': TABLE_KEY.partitionKey,
            '#state': 'state',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':failed': 'failed', ':now': now },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionFailed(error)) return 'taken';
      throw error;
    }
  }

  async markSent(key: string, at: string, messageId: string | null): Promise<void> {
    await this.mark(key, { state: 'sent', sentAt: at, messageId });
  }

  async markFailed(key: string, at: string, reason: string): Promise<void> {
    await this.mark(key, { state: 'failed', failedAt: at, reason });
  }

  private async mark(key: string, values: Record<string, unknown>) {
    const names = Object.keys(values);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKey.notice(key),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, values[name]])),
      }),
    );
  }
}
