/**
 * Recompute marks in DynamoDB: one small item per case in the `RECOMPUTE` partition, written before a
 * batch stores the case's events and deleted after the case's recompute if no later batch has marked it
 * since.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RecomputeMark, RecomputeMarks } from '../../core/ports.ts';
import { itemKey, RECOMPUTE_PARTITION } from '../../storage/table-layout.ts';
import { batchWrite, isConditionFailed, noReads, partitionItems, type ReadStats } from './shared.ts';

/** {@link RecomputeMarks} on the single table. */
export class DynamoRecomputeMarks implements RecomputeMarks {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async mark(caseId: string, at: string): Promise<string> {
    const token = randomUUID();
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...itemKey.recomputeMark(caseId), caseId, markedAt: at, token },
      }),
    );
    return token;
  }

  /** The marks of many cases, 25 to a BatchWriteItem: unconditional, as each {@link mark} is. */
  async markCases(caseIds: readonly string[], at: string): Promise<string[]> {
    const tokens = caseIds.map(() => randomUUID());
    await batchWrite(
      this.client,
      this.tableName,
      caseIds.map((caseId, index) => ({
        PutRequest: {
          Item: { ...itemKey.recomputeMark(caseId), caseId, markedAt: at, token: tokens[index] },
        },
      })),
    );
    return tokens;
  }

  async clear(caseId: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: itemKey.recomputeMark(caseId),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      // Marked again by a later batch (which clears it after its own recompute), or already cleared.
      if (!isConditionFailed(error)) throw error;
    }
  }

  async pending(): Promise<RecomputeMark[]> {
    const marks: RecomputeMark[] = [];
    // Strongly consistent: a mark just cleared must not hold up the weekly summary.
    for await (const item of partitionItems(this.client, this.tableName, RECOMPUTE_PARTITION, this.reads, {
      consistent: true,
    })) {
      marks.push({
        caseId: item.caseId as string,
        markedAt: item.markedAt as string,
        token: item.token as string,
      });
    }
    return marks;
  }
}
