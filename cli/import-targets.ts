/**
 * The targets of `los import` that are not a store: `--bus` (each batch checked here, then put on the
 * case-event bus) and `--out` (NDJSON to inspect), each with its manifest in a file, read before and
 * written after; and the table on AWS (`--table`), which keeps its manifest in the table.
 */

import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CaseEvent, Problem } from '../events/index.ts';
import { DynamoDirectoryStore } from '../functions/adapters/dynamodb/directory-store.ts';
import { DynamoImportLog } from '../functions/adapters/dynamodb/import-log.ts';
import { DynamoImportManifestStore } from '../functions/adapters/dynamodb/import-manifest-store.ts';
import { dynamoIngestStores } from '../functions/adapters/dynamodb/ingest-stores.ts';
import type { ManifestEntry } from '../functions/core/imports/reconcile.ts';
import type { ImportLog, ImportManifestStore } from '../functions/core/ports.ts';
import type { ImportTarget } from '../functions/imports/run-import.ts';
import type { ImportStores } from '../functions/imports/store-target.ts';
import { awsTableClient } from './aws-table.ts';
import { UsageError } from './errors.ts';
import { SendStopped, type SendTarget, sendEvents } from './send-events.ts';

const MANIFEST_FILE = z.object({
  source: z.string(),
  entries: z.array(
    z.object({
      key: z.string(),
      id: z.string(),
      caseId: z.string(),
      occurredAt: z.string(),
      hash: z.string(),
      rev: z.int().min(0),
      withdrawn: z.literal(true).optional(),
      latest: z.literal(true).optional(),
    }),
  ),
});

/**
 * A manifest kept in a file: read whole when an import starts, changed in memory, and written (to a
 * file beside it, then renamed over it) by {@link FileManifestStore.flush} once the import is done or
 * stopped, so a manifest is never half written. It is read once: asked again, it gives its entries as
 * they now stand in memory.
 */
export class FileManifestStore implements ImportManifestStore {
  private readonly byCase = new Map<string, readonly ManifestEntry[]>();
  /** The source read, once its manifest is known to be its own: until then, {@link flush} writes nothing. */
  private source: string | null = null;

  constructor(readonly path: string) {}

  async entriesOf(source: string): Promise<ManifestEntry[]> {
    if (this.source === source) return [...this.byCase.values()].flat();
    if (!existsSync(this.path)) {
      this.source = source;
      return [];
    }
    let parsed: z.infer<typeof MANIFEST_FILE>;
    try {
      parsed = MANIFEST_FILE.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      throw new UsageError(`${this.path} is not a manifest los import wrote: give another --manifest`);
    }
    if (parsed.source !== source) {
      throw new UsageError(`${this.path} is the manifest of the source ${parsed.source}, not ${source}`);
    }
    const entries = parsed.entries as ManifestEntry[];
    const byCase = new Map<string, ManifestEntry[]>();
    for (const entry of entries) {
      const ofCase = byCase.get(entry.caseId);
      if (ofCase) ofCase.push(entry);
      else byCase.set(entry.caseId, [entry]);
    }
    for (const [caseId, ofCase] of byCase) this.byCase.set(caseId, ofCase);
    this.source = source;
    return entries;
  }

  async saveCases(_source: string, cases: readonly { caseId: string; entries: readonly ManifestEntry[] }[]) {
    for (const { caseId, entries } of cases) {
      if (entries.length === 0) this.byCase.delete(caseId);
      else this.byCase.set(caseId, entries);
    }
  }

  /** Writes the manifest as it now stands. */
  flush(): void {
    if (this.source === null) return;
    const entries = [...this.byCase.values()].flat();
    writeFileSync(`${this.path}.part`, JSON.stringify({ source: this.source, entries }));
    renameSync(`${this.path}.part`, this.path);
  }
}

/**
 * `--out`: the events to write, NDJSON, in a file made anew; nothing is refused. Made once the
 * manifest is known to be the source's ({@link FileManifestStore.entriesOf}), so that an import
 * refused for its manifest leaves the file as it was.
 */
export function outTarget(path: string, manifests: FileManifestStore): ImportTarget {
  writeFileSync(path, '');
  return {
    name: path,
    manifests,
    async write(events) {
      appendFileSync(path, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
      return { refused: new Map(), caseProblems: [] };
    },
  };
}

/**
 * `--bus`: each batch put on the bus (ingest stores it later); an event EventBridge did not take is
 * refused, to be sent again by the next import. A send that cannot go on stops the import.
 */
export function busImportTarget(send: SendTarget, manifests: FileManifestStore): ImportTarget {
  return {
    name: send.name,
    manifests,
    async write(events: readonly CaseEvent[]) {
      const lined = events.map((event, index) => ({ line: index + 1, event }));
      const refused = new Map<string, Problem[]>();
      for (const { event } of lined) {
        const problem = send.refuse(event);
        if (problem) refused.set(event.id, [problem]);
      }
      const summary = await sendEvents(
        lined.filter(({ event }) => !refused.has(event.id)),
        send,
        () => undefined,
      );
      if (summary.stopped) throw new SendStopped(summary.stopped.reason);
      for (const { id, problems } of summary.refused) refused.set(id as string, problems);
      return { refused, caseProblems: [] };
    },
  };
}

/** The stores of a deployment's table, and how to let them go. */
export function tableImportStores(
  tableName: string,
): ImportStores & { imports: ImportLog; close(): Promise<void> } {
  const { client, close } = awsTableClient();
  return {
    ...dynamoIngestStores(client, tableName),
    manifests: new DynamoImportManifestStore(client, tableName),
    directory: new DynamoDirectoryStore(client, tableName),
    imports: new DynamoImportLog(client, tableName),
    close,
  };
}
