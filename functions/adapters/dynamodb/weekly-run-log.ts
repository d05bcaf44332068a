/** Where each week's summaries stand, one small item a week. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WeeklyRunLog, WeeklyRunState } from '../../core/ports.ts';
import { itemKey } from '../../storage/table-layout.ts';

/** {@link WeeklyRunLog} on the single table. */
export class DynamoWeeklyRunLog implements WeeklyRunLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async stateOf(weekStart: string): Promise<WeeklyRunState | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey.weeklyRun(weekStart), ConsistentRead: true }),
    );
    return (item?.state as WeeklyRunState | undefined) ?? null;
  }

  async record(weekStart: string, state: WeeklyRunState, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...itemKey.weeklyRun(weekStart), weekStart, state, at },
      }),
    );
  }
}
