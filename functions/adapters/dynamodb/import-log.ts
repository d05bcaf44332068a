/** The imports' records of themselves, one small item per source in one partition (`IMPORTS`). */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportRecord } from '../../core/imports/import-record.ts';
import type { ImportLog } from '../../core/ports.ts';
import { IMPORT_RUNS_PARTITION, itemKey } from '../../storage/table-layout.ts';
import { noReads, partitionItems, plainJson, type ReadStats } from './shared.ts';

/** {@link ImportLog} on the single table. */
export class DynamoImportLog implements ImportLog {
  /** What this log has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: ImportRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...itemKey.importRun(entry.source), record: plainJson(entry) },
      }),
    );
  }

  async latest(): Promise<ImportRecord[]> {
    const records: ImportRecord[] = [];
    for await (const item of partitionItems(this.client, this.tableName, IMPORT_RUNS_PARTITION, this.reads)) {
      records.push(item.record as ImportRecord);
    }
    return records;
  }
}
