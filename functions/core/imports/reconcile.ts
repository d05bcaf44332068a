/**
 * A snapshot against what was imported before from the same source: what to write so that the store
 * holds what the extract says, and no more. Ingest keeps the first event for an id, so:
 *
 * - a **new** source key makes an event whose id is derived from the key and the event's content;
 * - a key seen again with the **same** content makes nothing (the same extract imported twice changes
 *   nothing);
 * - a key seen again with **other** content (a corrected row) is a retraction of the old event and a
 *   new event, whose id also counts the corrections, so it never repeats an id already retracted;
 * - a key **no longer there**, in a section supplied whole, is a retraction: a deleted row. A key of a
 *   section not supplied, of a row refused today, or of a "latest" value is left as it was; so is a
 *   key dated outside the period of a yearly return (`MappedExtract.period`), which holds only its
 *   year: last year's events that this year's return no longer lists are outside it, not deleted.
 *
 * What was imported is a **manifest**: one entry per source key, with the id and case of its event.
 * The plan groups what to write by case, each case with its whole manifest after the write, so the
 * writer can hand ingest whole cases and save each case's entries once its events are in. Pure.
 */
import { createHash } from 'node:crypto';
import { type CaseEvent, canonicalJson, parseCaseEvent } from '../../../events/index.ts';
import type { ImportProblem, MappedEvent, MappedExtract } from './format.ts';
import { isWithin } from './return-period.ts';

/** What was imported from one source key. */
export interface ManifestEntry {
  key: string;
  /** The id of the event it made (or, withdrawn, the last one, now retracted). */
  id: string;
  caseId: string;
  occurredAt: string;
  /** The content's hash: the same hash is the same event. */
  hash: string;
  /** Corrections and withdrawals so far: part of the next event's id, so an id is never reused. */
  rev: number;
  /** Its event was retracted (the row was deleted); the entry stays so its ids are not reused. */
  withdrawn?: true;
  /** A "latest" value: never withdrawn by its absence. */
  latest?: true;
}

/** The events to write for one case, and the case's manifest entries once they are written. */
export interface CaseWrite {
  caseId: string;
  /** Retractions first, then new events. */
  events: CaseEvent[];
  /** The whole manifest of the case after the write. */
  entries: ManifestEntry[];
  /** For each event written, the key it is for and the case's entry for that key before. */
  before: Map<string, { key: string; entry: ManifestEntry | undefined }>;
}

/** What an extract comes to against the manifest. */
export interface ImportPlan {
  writes: CaseWrite[];
  /** Children with at least one event in the extract. */
  children: number;
  /** New events (for new keys and corrected ones). */
  made: number;
  /** Keys whose content changed: each a retraction and a new event. */
  corrected: number;
  /** Keys withdrawn: each a retraction. */
  withdrawn: number;
  /** Keys whose event is already stored as it is. */
  unchanged: number;
  /** Events the contract refuses (a mapping's mistake, or a value the cell checks let through). */
  problems: ImportProblem[];
}

/** Names of sources: lowercase letters, digits and hyphens, at most 20, the first part of every event id. */
export const SOURCE_NAME = /^[a-z0-9-]{1,20}$/;

/** A key as it goes into an id: as it is when it is short and plain, else its hash. */
const SAFE_KEY = /^[A-Za-z0-9._:/#@+-]{1,80}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash of what an event says: its type, case, date and data (not its id or source). */
export const contentHash = (event: Pick<CaseEvent, 'type' | 'caseId' | 'occurredAt' | 'data'>) =>
  sha256(
    canonicalJson({ type: event.type, caseId: event.caseId, occurredAt: event.occurredAt, data: event.data }),
  ).slice(0, 12);

/** The id of a key's event: `<source>:<key>:<content hash>`, then `:<rev>` after a correction. */
export function eventIdOf(source: string, key: string, hash: string, rev: number): string {
  const keyPart = SAFE_KEY.test(key) ? key : `h${sha256(key).slice(0, 20)}`;
  return `${source}:${keyPart}:${hash}${rev > 0 ? `:${rev}` : ''}`;
}

/** The id of the retraction of an event. */
export const retractionIdOf = (eventId: string) => `${eventId}:x`;

/**
 * Every id {@link eventIdOf} and {@link retractionIdOf} make, and no other: the source, a key, the
 * 12-digit content hash, then a revision after a correction and `:x` for a retraction.
 */
const IMPORT_ID = /^([a-z0-9-]{1,20}):.+:[0-9a-f]{12}(?::[1-9][0-9]*)?(?::x)?$/;

/**
 * The source whose import makes ids of this shape (`ssd` for `ssd:ssd_cp_visits:4411#0:3f9a…`), or
 * null for an id no import makes. An id of that shape may still have been sent by a case system; the
 * store decides which write path a source's ids go by (docs/architecture.md, "Bulk write").
 */
export function importIdSource(id: string): string | null {
  return IMPORT_ID.exec(id)?.[1] ?? null;
}

/**
 * Checks what an import hands a store to write whole cases at a time (`CaseEventStore.appendCases`):
 * each case once, each event of its case, each id one an import of `source` makes.
 *
 * @throws RangeError naming the first that is not.
 */
export function checkWholeCases(
  source: string,
  cases: readonly { caseId: string; events: readonly CaseEvent[] }[],
): void {
  const caseIds = new Set<string>();
  for (const { caseId, events } of cases) {
    if (caseIds.has(caseId)) throw new RangeError(`case ${caseId} is given twice`);
    caseIds.add(caseId);
    for (const event of events) {
      if (event.caseId !== caseId)
        throw new RangeError(`event ${event.id} is of case ${event.caseId}, not ${caseId}`);
      if (importIdSource(event.id) !== source) {
        throw new RangeError(`event id ${event.id} is not one an import of ${source} makes`);
      }
    }
  }
}

/** The section (table) of a key: what comes before its first `:`. */
const sectionOf = (key: string) => key.slice(0, key.indexOf(':'));
/** The row of a key (`<table>:<row id>`): what comes before its last `#`. */
const rowOf = (key: string) => key.slice(0, key.lastIndexOf('#'));

/** A candidate event: mapped, given its content hash, and checked against the contract. */
interface Candidate {
  mapped: MappedEvent;
  hash: string;
}

/**
 * The mapped events checked against the contract (each made whole with a provisional id), and the
 * same fact from two sections kept once (the first). Refusals are problems at the row, whose key is
 * then held.
 */
function candidatesOf(extract: MappedExtract, source: string, problems: ImportProblem[], held: Set<string>) {
  const candidates = new Map<string, Candidate>();
  const facts = new Map<string, string>();
  for (const mapped of extract.events) {
    const hash = contentHash(mapped.event);
    const checked = parseCaseEvent({ ...mapped.event, id: eventIdOf(source, mapped.key, hash, 0), source });
    if (!checked.ok) {
      for (const problem of checked.problems) {
        problems.push({
          ...mapped.from,
          message: `makes an event the contract refuses (${problem.path ? `${problem.path}: ` : ''}${problem.message}); it was not imported`,
        });
      }
      held.add(rowOf(mapped.key));
      continue;
    }
    const fact = `${mapped.event.type}|${mapped.event.caseId}|${hash}`;
    const first = facts.get(fact);
    if (first !== undefined && sectionOf(first) !== sectionOf(mapped.key)) continue;
    facts.set(fact, mapped.key);
    if (!candidates.has(mapped.key)) candidates.set(mapped.key, { mapped, hash });
  }
  return candidates;
}

/** Builds the plan of an extract against the manifest of its source. */
export function planImport(
  extract: MappedExtract,
  manifest: readonly ManifestEntry[],
  source: string,
): ImportPlan {
  const problems: ImportProblem[] = [];
  const held = new Set(extract.held);
  const candidates = candidatesOf(extract, source, problems, held);
  const sections = new Set(extract.sections);
  const { period } = extract;
  /** Whether the extract covers a key, so that the key's absence from it is a deletion. */
  const covers = (entry: ManifestEntry) =>
    !entry.latest &&
    sections.has(sectionOf(entry.key)) &&
    !held.has(rowOf(entry.key)) &&
    (period === undefined || isWithin(period, entry.occurredAt));
  const old = new Map(manifest.map((entry) => [entry.key, entry]));
  const after = new Map<string, ManifestEntry>();
  const writes = new Map<string, CaseWrite>();
  const writeOf = (caseId: string) => {
    let write = writes.get(caseId);
    if (!write) {
      write = { caseId, events: [], entries: [], before: new Map() };
      writes.set(caseId, write);
    }
    return write;
  };
  const retract = (entry: ManifestEntry) => {
    const id = retractionIdOf(entry.id);
    const write = writeOf(entry.caseId);
    write.events.push({
      id,
      type: 'event.retracted',
      caseId: entry.caseId,
      occurredAt: entry.occurredAt,
      source,
      data: { eventId: entry.id },
    });
    write.before.set(id, { key: entry.key, entry });
  };
  let corrected = 0;
  let withdrawn = 0;
  let unchanged = 0;

  for (const entry of manifest) {
    if (entry.withdrawn) {
      after.set(entry.key, entry);
      continue;
    }
    const now = candidates.get(entry.key);
    if (now && now.hash === entry.hash) {
      unchanged += 1;
      after.set(entry.key, entry);
    } else if (now) {
      corrected += 1;
      retract(entry);
    } else if (!covers(entry)) {
      after.set(entry.key, entry);
    } else {
      withdrawn += 1;
      retract(entry);
      after.set(entry.key, { ...entry, withdrawn: true, rev: entry.rev + 1 });
    }
  }
  const fresh: CaseEvent[] = [];
  for (const [key, { mapped, hash }] of candidates) {
    const previous = old.get(key);
    if (previous && !previous.withdrawn && previous.hash === hash) continue;
    const rev = previous ? previous.rev + (previous.withdrawn ? 0 : 1) : 0;
    const id = eventIdOf(source, key, hash, rev);
    const event = { ...mapped.event, id, source } as CaseEvent;
    fresh.push(event);
    writeOf(event.caseId).before.set(id, { key, entry: previous });
    after.set(key, {
      key,
      id,
      caseId: event.caseId,
      occurredAt: event.occurredAt,
      hash,
      rev,
      ...(mapped.latest && { latest: true }),
    });
  }
  for (const event of fresh) writeOf(event.caseId).events.push(event);
  for (const entry of after.values()) writes.get(entry.caseId)?.entries.push(entry);
  const children = new Set([...candidates.values()].map(({ mapped }) => mapped.event.caseId)).size;
  return {
    writes: [...writes.values()],
    children,
    made: fresh.length,
    corrected,
    withdrawn,
    unchanged,
    problems,
  };
}

/**
 * A case's entries to save once its write is done, given the ids ingest refused: an entry whose event
 * was refused goes back to what it was before (or is left out, so the next import tries again).
 */
export function settledEntries(write: CaseWrite, refused: ReadonlySet<string>): ManifestEntry[] {
  if (refused.size === 0) return write.entries;
  const entries = new Map(write.entries.map((entry) => [entry.key, entry]));
  for (const id of refused) {
    const before = write.before.get(id);
    if (!before) continue;
    if (before.entry && before.entry.caseId === write.caseId) entries.set(before.key, before.entry);
    else entries.delete(before.key);
  }
  return [...entries.values()];
}
