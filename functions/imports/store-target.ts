/**
 * The store as an import's target: each batch of whole cases checked, stored once and each case's
 * deadlines computed once, the manifest and the directory in the same store. The local store under
 * `--data-dir` and a deployment's table (`--table`) alike.
 *
 * A store that can take whole cases at once (`appendCases`) gets them so, in a few bundles per case
 * with their deadlines written in batches (functions/ingest/ingest-cases.ts); one that cannot, or
 * where ingest met the source's ids first, gets them through ingest, event by event.
 */
import type { CaseEvent } from '../../events/index.ts';
import { importIdSource } from '../core/imports/reconcile.ts';
import type { DirectoryStore, ImportManifestStore } from '../core/ports.ts';
import type { IngestContext } from '../ingest/ingest.ts';
import { ingestBatch } from '../ingest/ingest.ts';
import { type BulkEventStore, ingestCases } from '../ingest/ingest-cases.ts';
import type { ImportTarget, WriteOutcome } from './run-import.ts';

/** The stores an import into a store needs. */
export interface ImportStores extends Omit<IngestContext, 'profile' | 'timing' | 'now'> {
  manifests: ImportManifestStore;
  directory: DirectoryStore;
}

/** The one source whose import made every id of `events`, or null when they have none or several. */
function sourceOf(events: readonly CaseEvent[]): string | null {
  const sources = new Set(events.map((event) => importIdSource(event.id)));
  const [source] = sources;
  return sources.size === 1 && source !== undefined ? source : null;
}

/** An import target writing into `stores`; `channel` names the import in the quarantine. */
export function storeTarget(
  name: string,
  stores: ImportStores,
  context: Pick<IngestContext, 'profile' | 'timing' | 'now'>,
  channel: string,
): ImportTarget {
  const ingest = { ...stores, ...context };
  const claims = new Map<string, Promise<boolean>>();
  /** The store, if it takes whole cases of `source` at once: the source claimed for it (asked once). */
  const bulkStore = async (source: string | null): Promise<BulkEventStore | null> => {
    const { events: store } = stores;
    if (source === null || !store.appendCases || !store.claimSource) return null;
    let claim = claims.get(source);
    if (!claim) {
      // A claim that failed (the store unavailable a moment) is asked again by the next write.
      claim = store.claimSource(source).catch((error: unknown) => {
        claims.delete(source);
        throw error;
      });
      claims.set(source, claim);
    }
    return (await claim) ? (store as BulkEventStore) : null;
  };
  return {
    name,
    manifests: stores.manifests,
    directory: stores.directory,
    async write(events): Promise<WriteOutcome> {
      const source = sourceOf(events);
      const bulk = await bulkStore(source);
      if (bulk && source !== null) return ingestCases(source, events, channel, { ...ingest, events: bulk });
      const summary = await ingestBatch(events, channel, ingest);
      const refused = new Map(
        summary.items
          .filter((item) => item.outcome === 'rejected')
          .map((item) => [(events[item.position] as CaseEvent).id, item.problems]),
      );
      return { refused, caseProblems: summary.caseProblems };
    },
  };
}
