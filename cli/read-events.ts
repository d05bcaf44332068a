/**
 * Reading a file of case events (NDJSON, one per line, or a JSON array): every event is checked against
 * the contract, and nothing is dropped silently — each rejected line is reported with its problems.
 */
import { type CaseEvent, type Problem, parseCaseEvent, parseEventLine } from '../events/index.ts';
import { UsageError } from './errors.ts';
import { parseJsonText, readTextFile } from './options.ts';

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

const idOf = (input: unknown) =>
  input && typeof input === 'object' && typeof (input as { id?: unknown }).id === 'string'
    ? (input as { id: string }).id
    : null;

/** Reads and checks every event in a file; identical repeats count as duplicates, conflicting ones are rejected. */
export function readEventFile(path: string): EventFile {
  const text = readTextFile(path);
  const results: { line: number; raw: unknown; result: ReturnType<typeof parseCaseEvent> }[] = [];
  if (text.trimStart().startsWith('[')) {
    const items = parseJsonText(path, text);
    if (!Array.isArray(items))
      throw new UsageError(`${path} holds a JSON value that is not a list of events`);
    items.forEach((raw, index) => {
      results.push({ line: index + 1, raw, result: parseCaseEvent(raw) });
    });
  } else {
    text.split(/\r?\n/).forEach((lineText, index) => {
      if (lineText.trim() === '') return;
      let raw: unknown = null;
      try {
        raw = JSON.parse(lineText);
      } catch {
        // parseEventLine reports the JSON error itself.
      }
      results.push({ line: index + 1, raw, result: parseEventLine(lineText) });
    });
  }

  const file: EventFile = { accepted: [], duplicates: 0, rejected: [] };
  const firstSeen = new Map<string, { line: number; body: string }>();
  for (const { line, raw, result } of results) {
    if (!result.ok) {
      file.rejected.push({ line, id: idOf(raw), problems: result.problems });
      continue;
    }
    const body = JSON.stringify(result.event);
    const earlier = firstSeen.get(result.event.id);
    if (!earlier) {
      firstSeen.set(result.event.id, { line, body });
      file.accepted.push(result.event);
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
