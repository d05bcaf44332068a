/**
 * EventBridge's limits as the senders keep them: at most 10 entries and under 256 KB a `PutEvents`
 * call, counted as EventBridge counts an entry, in the order given; and an event too large to go on
 * the bus is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { busTarget, httpTarget, MAX_HTTP_BATCH_BYTES } from '../../cli/send-targets.ts';
import { type CaseEvent, EVENT_FIXTURES } from '../../events/index.ts';
import {
  batchesOf,
  entrySize,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
} from '../../functions/adapters/eventbridge/put-events.ts';

const limits = { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_BYTES };

describe('batchesOf', () => {
  it('keeps the order, and puts at most 10 entries in a batch', () => {
    const items = Array.from({ length: 23 }, (_, n) => n);
    const batches = batchesOf(items, limits, () => 100);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(items);
  });

  it('starts a new batch before the entries would reach 256 KB', () => {
    const sizes = [100_000, 100_000, 62_144, 1, 200_000];
    const batches = batchesOf(sizes, limits, (size) => size);
    expect(batches).toEqual([[100_000, 100_000], [62_144, 1], [200_000]]);
    for (const batch of batches) expect(batch.reduce((a, b) => a + b, 0)).toBeLessThan(PUT_EVENTS_MAX_BYTES);
  });
});

describe('entrySize', () => {
  it('counts 14 bytes for a time and the UTF-8 bytes of the source, detail-type, detail and resources', () => {
    expect(
      entrySize({
        Time: new Date(),
        Source: 'line-of-sight',
        DetailType: 'notice.sent',
        Detail: '{"caseId":"CASE-1","note":"é"}',
        Resources: ['arn:1'],
      }),
      // The detail is 30 characters and 31 bytes: é takes two.
    ).toBe(14 + 13 + 11 + 31 + 5);
  });
});

describe('what cannot be sent', () => {
  // Larger than the contract lets an event be: how a file of the future might hold one.
  const huge = { ...EVENT_FIXTURES['visit.completed'], id: 'x'.repeat(3 * 1024 * 1024) } as CaseEvent;

  it('is an event larger than the bus takes in one entry, with the way in that can take it', () => {
    expect(busTarget('bus').refuse(huge)?.message).toMatch(
      /^is \d+ bytes as a bus entry, and EventBridge takes less than 262144: send this file with --http instead$/,
    );
    expect(busTarget('bus').refuse(EVENT_FIXTURES['visit.completed'])).toBeNull();
  });

  it('is an event larger than one request to the endpoint carries', () => {
    const target = httpTarget(new URL('https://api.example/events'), async () => ({ status: 200, body: '' }));
    expect(target.refuse(huge)?.message).toMatch(
      new RegExp(
        `^is \\d+ bytes, more than one request to the endpoint carries \\(${MAX_HTTP_BATCH_BYTES}\\)$`,
      ),
    );
  });
});
