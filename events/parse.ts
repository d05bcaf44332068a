/**
 * Checking raw input against the contract and reporting every problem at once, so a sender fixes an
 * export in one round rather than one field at a time.
 */
import { z } from 'zod';
import { type CaseEvent, caseEventSchema, EVENT_TYPES, isEventType } from './case-event.ts';
import { envelopeOf } from './envelope.ts';
import { eventIdSchema } from './identifiers.ts';
import { kindOf, type Problem, plainEnglish, problemsFrom } from './problems.ts';

/** The outcome of checking one input: the typed event, or every problem found. */
export type ParseResult = { ok: true; event: CaseEvent } | { ok: false; problems: Problem[] };

// Without a type the data cannot be checked, but the rest of the envelope still can be.
const untypedEnvelopeSchema = envelopeOf(z.enum(EVENT_TYPES), z.record(z.string(), z.unknown()));

const UNKNOWN_TYPE = `is not a known event type; must be one of: ${EVENT_TYPES.join(', ')}`;

const failure = (problems: Problem[]): ParseResult => ({ ok: false, problems });

const problem = (path: string, message: string): ParseResult => failure([{ path, message }]);

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * Checks one event (already decoded from JSON). Lists every problem in the envelope and in `data`
 * together. An unrecognised `type` gives a single problem on `type`, since the rest of the event cannot
 * be judged without it; input that is not an object gives a single problem on `''`.
 */
export function parseCaseEvent(input: unknown): ParseResult {
  if (!isRecord(input)) {
    return problem('', `must be an object (one event), not ${kindOf(input)}`);
  }
  if (input.type === undefined) {
    const { error } = untypedEnvelopeSchema.safeParse(input, { error: plainEnglish });
    return failure(problemsFrom(error?.issues ?? []));
  }
  if (!isEventType(input.type)) {
    return problem('type', UNKNOWN_TYPE);
  }
  const result = caseEventSchema.safeParse(input, { error: plainEnglish });
  return result.success ? { ok: true, event: result.data } : failure(problemsFrom(result.error.issues));
}

/**
 * Checks one line of a JSON Lines file. Invalid JSON becomes a problem, never an exception. When
 * `lineNumber` is given, every message starts with `line N: ` so the problems can be shown on their own.
 */
export function parseEventLine(line: string, lineNumber?: number): ParseResult {
  const result = decodeThenParse(line);
  if (result.ok || lineNumber === undefined) {
    return result;
  }
  return failure(
    result.problems.map(({ path, message }) => ({ path, message: `line ${lineNumber}: ${message}` })),
  );
}

// V8 quotes the start of the line in some JSON errors; that text may be a name, so it is not repeated.
const withoutExcerpt = (message: string) => message.replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, '');

function decodeThenParse(line: string): ParseResult {
  if (line.trim() === '') {
    return problem('', 'is an empty line; expected one event as JSON');
  }
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (error) {
    return problem('', `is not valid JSON: ${withoutExcerpt((error as Error).message)}`);
  }
  return parseCaseEvent(input);
}

/**
 * The id an input claims, for reporting a rejected input by its id: only one that is a well-formed
 * event id. Anything else in `id` (300 KB of text, a terminal escape, a pasted note) is input like any
 * other, so it is not repeated in answers, command output or logs; the input is named by its position.
 */
export function claimedEventId(input: unknown): string | null {
  const id = isRecord(input) ? input.id : undefined;
  return typeof id === 'string' && eventIdSchema.safeParse(id).success ? id : null;
}
