/**
 * What each import source made, in DynamoDB: one item per source and case (`IMPORT#<source>`,
 * `CASE#<caseId>`), its entries as gzipped JSON, so a case of a few thousand source rows stays far
 * under the item size limit and a snapshot rewrites only the cases it changed.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ManifestEntry } from '../../core/imports/reconcile.ts';
import type { ImportManifestStore } from '../../core/ports.ts';
import { itemKey } from '../../storage/table-layout.ts';
import { batchWrite, noReads, partitionItems, type ReadStats } from './shared.ts';

/** {@link ImportManifestStore} on the single table. */
export class DynamoImportManifestStore implements ImportManifestStore {
  /** What this store has read so far. */
  readonly reads: ReadStats = noReads();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async entriesOf(source: string): Promise<ManifestEntry[]> {
    const entries: ManifestEntry[] = [];
    const partition = itemKey.importManifest(source, '').pk;
    for await (const item of partitionItems(this.client, this.tableName, partition, this.reads, {
      consistent: true,
    })) {
      const parsed = JSON.parse(gunzipSync(item.entries as Uint8Array).toString('utf8')) as ManifestEntry[];
      for (const entry of parsed) entries.push(entry);
    }
    return entries;
  }

  async saveCases(
    source: string,
    cases: readonly { caseId: string; entries: readonly ManifestEntry[] }[],
  ): Promise<void> {
    await batchWrite(
      this.client,
      this.tableName,
      cases.map(({ caseId, entries }) => {
        const key = itemKey.importManifest(source, caseId);
        return entries.length === 0
          ? { DeleteRequest: { Key: key } }
          : { PutRequest: { Item: { ...key, caseId, entries: gzipSync(JSON.stringify(entries)) } } };
      }),
    );
  }
}
