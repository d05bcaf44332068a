/**
 * Reading a file of case events (NDJSON, one per line, or a JSON array): every event is checked against
 * the contract, and nothing is dropped silently — each rejected line is reported with its problems.
 */
import {
  type BatchLine,
  type CaseEvent,
  claimedEventId,
  type Problem,
  parseCaseEvent,
  parseEventLine,
  splitBatch,
} from '../events/index.ts';
import { readTextFile } from './options.ts';

export interface RejectedEvent {
  /** Line number in an NDJSON file, or position (1-based) in a JSON array. */
  line: number;
  id: string | null;
  problems: Problem[];
}

export interface EventFile {
  accepted: CaseEvent[];
  duplicates: number;
  rejected: RejectedEvent[];
}

/** One item of an events file: its line (or 1-based position in a JSON array) and what it holds. */
export type RawItem = BatchLine;

/** One checked event of a file, with its line (or 1-based position in a JSON array). */
export interface LinedEvent {
  line: number;
  event: CaseEvent;
}

/** A file's events as checked: those accepted with their lines, repeats counted, and those refused. */
export interface CheckedEventFile {
  events: LinedEvent[];
  duplicates: number;
  rejected: RejectedEvent[];
}

/**
 * Every item of an events file's text (NDJSON, or one JSON document: a list of events, or one event),
 * unchecked: blank lines skipped. A document that is not JSON is one item, its whole text, on line 1,
 * refused as one with where it fails rather than line by line in fragments.
 */
export function rawItemsOf(text: string): RawItem[] {
  const batch = splitBatch(text);
  if ('lines' in batch) return batch.lines;
  if (!batch.document.ok) return [{ line: 1, item: text }];
  const { value } = batch.document;
  return Array.isArray(value)
    ? value.map((item, index) => ({ line: index + 1, item }))
    : [{ line: 1, item: value }];
}

/** Reads and checks every event in a file; identical repeats count as duplicates, conflicting ones are rejected. */
export function readEventFile(path: string): EventFile {
  const { events, duplicates, rejected } = checkEventFile(path);
  return { accepted: events.map(({ event }) => event), duplicates, rejected };
}

/** As {@link readEventFile}, keeping the line of each event accepted. */
export function checkEventFile(path: string): CheckedEventFile {
  const results = rawItemsOf(readTextFile(path)).map(({ line, item }) => ({
    line,
    raw: item,
    result: typeof item === 'string' ? parseEventLine(item) : parseCaseEvent(item),
  }));

  const file: CheckedEventFile = { events: [], duplicates: 0, rejected: [] };
  const firstSeen = new Map<string, { line: number; body: string }>();
  for (const { line, raw, result } of results) {
    if (!result.ok) {
      file.rejected.push({ line, id: claimedEventId(raw), problems: result.problems });
      continue;
    }
    const body = JSON.stringify(result.event);
    const earlier = firstSeen.get(result.event.id);
    if (!earlier) {
      firstSeen.set(result.event.id, { line, body });
      file.events.push({ line, event: result.event });
    } else if (earlier.body === body) {
      file.duplicates += 1;
    } else {
      file.rejected.push({
        line,
        id: result.event.id,
        problems: [
          {
            path: 'id',
            message: `event ${result.event.id} was already given on line ${earlier.line} with different content`,
          },
        ],
      });
    }
  }
  return file;
}

/** The rejected events as lines for people: "line 7 (event E-1): data.childSeen: is required". */
export function describeRejections(rejected: readonly RejectedEvent[]): string[] {
  return rejected.flatMap((reject) => {
    const where = `line ${reject.line}${reject.id ? ` (event ${reject.id})` : ''}`;
    return reject.problems.map((p) => `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
  });
}
