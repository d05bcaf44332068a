/**
 * Action texts in the table, with their case (`CASE#<caseId>`, `ACTIONTEXT#<actionId>`): sealed by
 * the {@link ActionTextCipher} before they are written and opened only when a case is read for the
 * board. Only the board writes them; no other reader of a case's partition reads this kind (each
 * queries its own sort-key prefix).
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { actionIdSchema } from '../../../events/identifiers.ts';
import type { ActionTextStore } from '../../core/ports.ts';
import { itemKey, TABLE_KEY } from '../../storage/table-layout.ts';
import type { ActionTextCipher } from '../action-text/cipher.ts';
import { caseItems, noReads, type ReadStats } from './shared.ts';

/** The action texts of a DynamoDB table, sealed under one key. */
export class DynamoActionTextStore implements ActionTextStore {
  /** What this store has read (see {@link ReadStats}). */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: ActionTextCipher,
  ) {}

  /** @throws RangeError when `actionId` is not an action id (it is part of the item's key). */
  async put(caseId: string, actionId: string, text: string): Promise<void> {
    if (!actionIdSchema.safeParse(actionId).success) {
      throw new RangeError('An action id is 8–64 letters, digits, _ and - only');
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...itemKey.actionText(caseId, actionId),
          caseId,
          actionId,
          sealed: this.cipher.seal(caseId, actionId, text),
        },
        // Only ever over an action text: the key is one, and this says so again.
        ConditionExpression: 'attribute_not_exists(#pk) OR attribute_exists(#sealed)',
        ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#sealed': 'sealed' },
      }),
    );
  }

  /** @throws ActionTextUnreadable when a stored text does not open under this store's key. */
  async textsOf(caseId: string): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    for await (const item of caseItems(this.client, this.tableName, caseId, 'actionText', this.reads, {
      consistent: true,
    })) {
      const actionId = item.actionId as string;
      texts.set(actionId, this.cipher.open(caseId, actionId, item.sealed as string));
    }
    return texts;
  }
}
