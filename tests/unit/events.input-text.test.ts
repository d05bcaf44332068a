/** Reading what senders send: bytes as text, batches as documents or lines, JSON faults in our words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decodeJson,
  decodeUtf8,
  jsonText,
  splitBatch,
  withoutByteOrderMark,
} from '../../events/index.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeUtf8', () => {
  it('reads UTF-8 and drops a leading byte-order mark, and only a leading one', () => {
    expect(decodeUtf8(utf8('\uFEFF{"id":"é"}\n\uFEFF'))).toEqual({ ok: true, text: '{"id":"é"}\n\uFEFF' });
  });

  it.each([
    ['a lone continuation byte', bytes(0x41, 0x80, 0x42), 1],
    ['a Latin-1 é', bytes(0x41, 0x42, 0xe9, 0x43), 2],
    ['a lead byte followed by ASCII', bytes(0x41, 0xc3, 0x28), 1],
    ['a three-byte character cut short before ASCII', bytes(0x41, 0xef, 0xbf, 0x41), 1],
    ['a character cut short at the end', bytes(0x41, 0xf0, 0x9f, 0x98), 1],
    ['an encoded surrogate', bytes(0x41, 0xed, 0xa0, 0x80), 1],
    ['an overlong encoding', bytes(0xc0, 0x80), 0],
    ['a bad byte after a replacement character that was sent', bytes(0xef, 0xbf, 0xbd, 0xff), 3],
  ])('refuses %s, naming the offset of the first bad byte, never rewriting it', (_what, input, offset) => {
    expect(decodeUtf8(input)).toEqual({
      ok: false,
      message: `is not valid UTF-8 text (at byte offset ${offset})`,
    });
  });
});

describe('withoutByteOrderMark', () => {
  it('drops a byte-order mark at the start of text already decoded, and nothing else', () => {
    expect(withoutByteOrderMark('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(withoutByteOrderMark('{"a":"\uFEFF"}')).toBe('{"a":"\uFEFF"}');
  });
});

describe('decodeJson', () => {
  it('agrees with JSON.parse on what is JSON, for any text near JSON', () => {
    const nearJson = fc.oneof(
      fc.json(),
      fc
        .tuple(
          fc.json(),
          fc.nat(),
          fc.constantFrom('', ',', ']', '}', '"', ':', '\\', '\t', '-', 'x', '{', '['),
        )
        .map(
          ([text, at, char]) =>
            `${text.slice(0, at % (text.length + 1))}${char}${text.slice((at % (text.length + 1)) + 1)}`,
        ),
      fc.string(),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        let parsed = true;
        try {
          JSON.parse(text);
        } catch {
          parsed = false;
        }
        const decoded = decodeJson(text);
        expect(decoded.ok).toBe(parsed);
        if (!decoded.ok)
          expect(decoded.message).toMatch(
            /^is not valid JSON: (it ends too soon|.* at (line \d+ )?column \d+)$/,
          );
      }),
      { numRuns: 2_000 },
    );
  });

  it('describes a fault by line and column in text of several lines', () => {
    const pretty = `[\n  {"id": "e-1"},\n  {"id": "e-2"},\n]`;
    expect(decodeJson(pretty)).toEqual({
      ok: false,
      message: 'is not valid JSON: unexpected character at line 4 column 1',
    });
  });

  it('describes a fault deep in nesting without overflowing the stack', () => {
    expect(decodeJson(`${'['.repeat(200_000)}x`)).toEqual({
      ok: false,
      message: 'is not valid JSON: unexpected character at column 200001',
    });
  });
});

describe('splitBatch', () => {
  const event = (id: string) => ({
    id,
    type: 'case.closed',
    caseId: 'CASE-1',
    occurredAt: '2026-11-02',
    data: {},
  });

  it('reads NDJSON line by line, each line as JSON or, when it is not, as its text', () => {
    const text = `${JSON.stringify(event('e-1'))}\r\n\n{broken\n${JSON.stringify(event('e-2'))}\n`;
    expect(splitBatch(text)).toEqual({
      lines: [
        { line: 1, item: event('e-1') },
        { line: 3, item: '{broken' },
        { line: 4, item: event('e-2') },
      ],
    });
  });

  it('reads NDJSON whose first line is cut short as lines, so the events after it are kept', () => {
    const cut = '{"id":"e-0","type":"case.closed","caseId":"CASE-1","data":{"reason":';
    expect(splitBatch(`${cut}\n${JSON.stringify(event('e-1'))}`)).toEqual({
      lines: [
        { line: 1, item: cut },
        { line: 2, item: event('e-1') },
      ],
    });
  });

  it('reads one JSON document whole: a list, or an object over several lines', () => {
    const list = [event('e-1'), event('e-2')];
    expect(splitBatch(JSON.stringify(list, null, 2))).toEqual({ document: { ok: true, value: list } });
    expect(splitBatch(JSON.stringify(event('e-1'), null, 2))).toEqual({
      document: { ok: true, value: event('e-1') },
    });
  });

  it('refuses a broken pretty-printed list as one document, however many lines it has', () => {
    const events = Array.from({ length: 100 }, (_, index) => event(`e-${index}`));
    const pretty = `${JSON.stringify(events, null, 2).slice(0, -2)},\n]`;
    expect(splitBatch(pretty)).toEqual({
      document: { ok: false, message: 'is not valid JSON: unexpected character at line 702 column 1' },
    });
    expect(splitBatch('[{"id":"e-1"},]')).toEqual({
      document: { ok: false, message: 'is not valid JSON: unexpected character at column 15' },
    });
  });

  it('refuses a broken pretty-printed object as one document, not as lines', () => {
    expect(splitBatch('{\n  "events": [\n    {"id": "e-1"}\n  ],\n}')).toEqual({
      document: { ok: false, message: 'is not valid JSON: unexpected character at line 5 column 1' },
    });
  });
});

describe('canonicalJson and jsonText', () => {
  /** The recursive definition canonicalJson had, kept here as the reference. */
  const sortedReference = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(sortedReference).join(',')}]`;
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${sortedReference(inner)}`).join(',')}}`;
  };

  it('write any JSON value as before: canonically sorted, or as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(sortedReference(value));
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 1_000 },
    );
  });

  it('write input nested far deeper than JSON.stringify can', () => {
    const text = `${'{"a":['.repeat(50_000)}"\\ud800"${']}'.repeat(50_000)}`;
    const value = JSON.parse(text);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(jsonText(value)).toBe(text);
    expect(canonicalJson(value)).toBe(text);
  });
});
