/**
 * Reading what senders send before the contract is checked: bytes as UTF-8 text, a batch as one JSON
 * document or NDJSON lines, and JSON that fails to parse described by where it fails. Nothing here
 * repeats the input: a message names a byte, a line and a column, never the text found there, since
 * the text may be a child's name.
 */

/** Text read from bytes, or where the bytes stop being UTF-8. */
export type Utf8Text = { ok: true; text: string } | { ok: false; message: string };

/** JSON read from text, or why it is not JSON. */
export type DecodedJson = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Where bytes stop being UTF-8: the first byte of the first sequence that is not. Decoded with
 * replacement characters and encoded again, valid UTF-8 comes back byte for byte and a bad sequence as
 * the replacement character's bytes, EF BF BD. So the bytes first differ in the bad sequence, up to two
 * bytes into it when it starts like the replacement character (EF, or EF BF); a valid character cannot
 * end in those, so stepping back over them finds the sequence's start.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const again = new TextEncoder().encode(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  let at = 0;
  while (at < bytes.length && bytes[at] === again[at]) at++;
  if (again[at - 1] === 0xef) return at - 1;
  if (again[at - 2] === 0xef && again[at - 1] === 0xbf) return at - 2;
  return at;
}

/**
 * Bytes as UTF-8 text, with a leading byte-order mark dropped (exports from Windows tools start with
 * one). Invalid bytes are refused with the offset of the first one (counted from 0), never replaced:
 * a silently rewritten character could change an id or a date.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Text {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: `is not valid UTF-8 text (at byte offset ${firstInvalidByte(bytes)})` };
  }
}

/** Text received already decoded (a queue message, an HTTP body), without a leading byte-order mark. */
export const withoutByteOrderMark = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

/** Where JSON text fails: a character that cannot continue it, or its end, reached too soon. */
type JsonFault = { at: number; kind: 'character' | 'control' } | { at: null };

const ENDS_TOO_SOON: JsonFault = { at: null };
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Readonly<Record<string, string>> = { t: 'true', f: 'false', n: 'null' };

/** The end of the JSON string starting at `start` (its opening quote), or where it fails. */
function stringEnd(text: string, start: number): number | JsonFault {
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '"') return at + 1;
    if (char < ' ') return { at, kind: 'control' };
    if (char !== '\\') continue;
    const escaped = text[at + 1];
    if (escaped === undefined) return ENDS_TOO_SOON;
    if (escaped !== 'u') {
      if (!ESCAPES.has(escaped)) return { at: at + 1, kind: 'character' };
      at += 1;
      continue;
    }
    for (let digit = at + 2; digit < at + 6; digit++) {
      if (digit >= text.length) return ENDS_TOO_SOON;
      if (!HEX.test(text[digit] as string)) return { at: digit, kind: 'character' };
    }
    at += 5;
  }
  return ENDS_TOO_SOON;
}

/** The end of the number, `true`, `false` or `null` starting at `start`, or where it fails. */
function scalarEnd(text: string, start: number): number | JsonFault {
  const literal = LITERALS[text[start] as string];
  if (literal !== undefined) {
    for (let offset = 1; offset < literal.length; offset++) {
      if (start + offset >= text.length) return ENDS_TOO_SOON;
      if (text[start + offset] !== literal[offset]) return { at: start + offset, kind: 'character' };
    }
    return start + literal.length;
  }
  NUMBER.lastIndex = start;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  // Only a minus sign with no digit after it reaches here having started like a number.
  if (text[start] !== '-') return { at: start, kind: 'character' };
  return start + 1 < text.length ? { at: start + 1, kind: 'character' } : ENDS_TOO_SOON;
}

/**
 * Where `text` stops being one JSON value, or null if it is one. A loop over a stack of open objects
 * and lists rather than recursion, so no depth of nesting can overflow it. Used only to describe
 * text that `JSON.parse` refused: V8's own messages quote the text around the fault.
 */
function jsonFault(text: string): JsonFault | null {
  const open: ('{' | '[')[] = [];
  // What may come next: a value (or, first in a list, its end), a key (or, first in an object, its
  // end), the colon after a key, or what follows a value.
  let expecting: 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after-value' = 'value';
  let at = 0;
  for (;;) {
    while (at < text.length && WHITESPACE.has(text[at] as string)) at++;
    const char = text[at];
    if (char === undefined) return open.length === 0 && expecting === 'after-value' ? null : ENDS_TOO_SOON;
    let end: number | JsonFault;
    if (expecting === 'after-value') {
      const container = open.at(-1);
      if (char === ',' && container !== undefined) {
        expecting = container === '{' ? 'key' : 'value';
      } else if (char === (container === '{' ? '}' : ']') && container !== undefined) {
        open.pop();
      } else {
        return { at, kind: 'character' };
      }
      end = at + 1;
    } else if (expecting === 'colon') {
      if (char !== ':') return { at, kind: 'character' };
      expecting = 'value';
      end = at + 1;
    } else if ((expecting === 'first-key' && char === '}') || (expecting === 'first-value' && char === ']')) {
      open.pop();
      expecting = 'after-value';
      end = at + 1;
    } else if (expecting === 'key' || expecting === 'first-key') {
      if (char !== '"') return { at, kind: 'character' };
      expecting = 'colon';
      end = stringEnd(text, at);
    } else if (char === '{' || char === '[') {
      open.push(char);
      expecting = char === '{' ? 'first-key' : 'first-value';
      end = at + 1;
    } else {
      expecting = 'after-value';
      end = char === '"' ? stringEnd(text, at) : scalarEnd(text, at);
    }
    if (typeof end !== 'number') return end;
    at = end;
  }
}

/** Where a fault is, for people: a column on a single line, a line and column in a document. */
function placeOf(text: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < at; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  const column = at - lineStart + 1;
  return text.includes('\n') ? `line ${line} column ${column}` : `column ${column}`;
}

/** Why `text` is not JSON, in our words: where it fails and what kind of fault it is, never its text. */
function notJson(text: string): string {
  const fault = jsonFault(text);
  if (fault === null) return 'is not valid JSON';
  if (fault.at === null) return 'is not valid JSON: it ends too soon';
  const place = placeOf(text, fault.at);
  return fault.kind === 'control'
    ? `is not valid JSON: a tab, line break or other control character inside quotes at ${place}`
    : `is not valid JSON: unexpected character at ${place}`;
}

/** Parses JSON text; text that is not JSON gives a message for the sender rather than an exception. */
export function decodeJson(text: string): DecodedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: notJson(text) };
  }
}

/** One item of a batch: its line (or 1-based position in a JSON list) and what it holds. */
export interface BatchLine {
  line: number;
  /** The parsed JSON, or the line's text when it is not JSON. */
  item: unknown;
}

/** A batch as sent: one JSON document, or NDJSON lines (blank ones skipped). */
export type BatchText = { document: DecodedJson } | { lines: BatchLine[] };

/**
 * Splits a batch (an HTTP body, a file) into one JSON document or NDJSON lines. A batch that is one
 * JSON document is one; otherwise it is NDJSON, one event a line, unless it starts with `[` (never
 * NDJSON) or is a pretty-printed object: several lines, the first ending in `{` or `[` as pretty-
 * printers open an object or a list, where an NDJSON line holds a whole event (or, cut short, part of
 * one). Such a batch is one document that fails, refused as one rather than split into dozens of
 * fragments.
 */
export function splitBatch(text: string): BatchText {
  const content = text.trim();
  if (content.startsWith('[') || content.startsWith('{')) {
    const document = decodeJson(text);
    const firstLine = /^.*/.exec(content)?.[0] ?? '';
    const prettyPrinted = firstLine.length < content.length && /[{[]\s*$/.test(firstLine);
    if (document.ok || content.startsWith('[') || prettyPrinted) return { document };
  }
  return {
    lines: text.split(/\r?\n/).flatMap((lineText, index) => {
      if (lineText.trim() === '') return [];
      const decoded = decodeJson(lineText);
      return [{ line: index + 1, item: decoded.ok ? decoded.value : lineText }];
    }),
  };
}
