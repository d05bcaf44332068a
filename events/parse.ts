/**
 * Checking raw input against the contract and reporting every problem at once, so a sender fixes an
 * export in one round rather than one field at a time.
 */
import { z } from 'zod';
import { type CaseEvent, caseEventSchema, dataFieldsOf, EVENT_TYPES, isEventType } from './case-event.ts';
import { dfeCodeNotices } from './dfe-coded-field.ts';
import { envelopeOf } from './envelope.ts';
import { eventIdSchema } from './identifiers.ts';
import { decodeJson } from './input-text.ts';
import { fieldAt, kindOf, type Problem, plainEnglish, problemsFrom } from './problems.ts';

/**
 * The outcome of checking one input: the typed event, or every problem found. `notices`, present only
 * when there are some, are not refusals: they say how an ambiguous DfE code the event held was read.
 */
export type ParseResult =
  | { ok: true; event: CaseEvent; notices?: Problem[] }
  | { ok: false; problems: Problem[] };

// Without a type the data cannot be checked, but the rest of the envelope still can be.
const untypedEnvelopeSchema = envelopeOf(z.enum(EVENT_TYPES), z.record(z.string(), z.unknown()));

const UNKNOWN_TYPE = `is not a known event type; must be one of: ${EVENT_TYPES.join(', ')}`;

const failure = (problems: Problem[]): ParseResult => ({ ok: false, problems });

const problem = (path: string, message: string): ParseResult => failure([{ path, message }]);

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * The most levels of objects and lists an event may nest, the event itself counted: the contract
 * needs three (`data.every.amount`). Deeper input is refused before the schema sees it, since
 * checking or writing it out recursively could overflow the stack.
 */
export const MAX_NESTING = 32;

/** The envelope's fields: the only top-level names a problem may repeat. */
const ENVELOPE_FIELDS = new Set(Object.keys(untypedEnvelopeSchema.shape));

// With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** What is wrong with one top-level field's value at any depth: nesting, and text that is not Unicode. */
function faultsIn(value: unknown): { tooDeep: boolean; notUnicode: boolean } {
  const faults = { tooDeep: false, notUnicode: false };
  // A stack rather than recursion: the walk exists to meet input nested deeper than any stack allows.
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 2 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next.value === 'string') {
      faults.notUnicode ||= LONE_SURROGATE.test(next.value);
    } else if (typeof next.value === 'object' && next.value !== null) {
      if (next.depth > MAX_NESTING) {
        faults.tooDeep = true;
        continue;
      }
      for (const [key, inner] of Object.entries(next.value)) {
        faults.notUnicode ||= LONE_SURROGATE.test(key);
        stack.push({ value: inner, depth: next.depth + 1 });
      }
    }
  }
  return faults;
}

/**
 * Problems found before the schema runs, each on the top-level field holding it (named by position
 * when the contract has no such field): nesting deeper than {@link MAX_NESTING}, which nothing after
 * this should meet, and text that is not valid Unicode (a lone UTF-16 surrogate, as a `\ud800` escape
 * makes), which a store writing UTF-8 would replace, so two different values could be stored as one.
 */
function inputProblems(input: Record<string, unknown>): Problem[] {
  return Object.entries(input).flatMap(([key, value], position) => {
    const { tooDeep, notUnicode } = faultsIn(value);
    const known = ENVELOPE_FIELDS.has(key);
    const path = known ? key : '';
    const subject = known ? '' : `${fieldAt(position)} `;
    return [
      ...(notUnicode || LONE_SURROGATE.test(key)
        ? [{ path, message: `${subject}contains text that is not valid Unicode` }]
        : []),
      ...(tooDeep ? [{ path, message: `${subject}is nested more than ${MAX_NESTING} levels deep` }] : []),
    ];
  });
}

/**
 * Checks one event (already decoded from JSON). Lists every problem in the envelope and in `data`
 * together. An unrecognised `type` gives a single problem on `type`, since the rest of the event cannot
 * be judged without it; input that is not an object gives a single problem on `''`; input nested too
 * deep or holding text that is not Unicode gives only those problems.
 */
export function parseCaseEvent(input: unknown): ParseResult {
  if (!isRecord(input)) {
    return problem('', `must be an object (one event), not ${kindOf(input)}`);
  }
  const unsafe = inputProblems(input);
  if (unsafe.length > 0) {
    return failure(unsafe);
  }
  if (input.type === undefined) {
    const { error } = untypedEnvelopeSchema.safeParse(input, { error: plainEnglish });
    return failure(problemsFrom(error?.issues ?? [], input));
  }
  if (!isEventType(input.type)) {
    return problem('type', UNKNOWN_TYPE);
  }
  const result = caseEventSchema.safeParse(input, { error: plainEnglish });
  if (!result.success) return failure(problemsFrom(result.error.issues, input));
  const notices = dfeCodeNotices(dataFieldsOf(result.data.type), input.data);
  return notices.length > 0 ? { ok: true, event: result.data, notices } : { ok: true, event: result.data };
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

function decodeThenParse(line: string): ParseResult {
  if (line.trim() === '') {
    return problem('', 'is an empty line; expected one event as JSON');
  }
  const decoded = decodeJson(line);
  return decoded.ok ? parseCaseEvent(decoded.value) : problem('', decoded.message);
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
