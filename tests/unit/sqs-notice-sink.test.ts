/** The SQS notice sink: batches of 10, one notice per message, big ones split, failed entries resent, then a loud failure. */
import type {
  SendMessageBatchCommand,
  SendMessageBatchCommandOutput,
  SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  NoticeQueueError,
  queueBodies,
  type SqsBatchClient,
  SqsNoticeSink,
} from '../../functions/adapters/sqs/notice-sink.ts';
import type { EmailNotice, Notice, NoticeLine } from '../../functions/core/notices/message.ts';
import { reminder } from '../support/notice-lines.ts';

const QUEUE_URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-notices';

const line = (n: number): NoticeLine =>
  reminder('2026-12-18', {
    caseId: `CASE-${n}`,
    source: [{ document: 'wt-2023', section: 'ch. 3', ref: 'para 190' }],
    workerId: 'SW-001',
    teamId: 'team-north-1',
  });

/** A digest with `lines` lines, keyed by `n`. */
const digest = (n: number, lines = 1): EmailNotice => ({
  channel: 'email',
  kind: 'digest',
  key: `digest|SW-${n}|2026-12-11`,
  day: '2026-12-11',
  asOf: '2026-12-11T07:00:00.000Z',
  recipient: {
    staffId: `SW-${n}`,
    name: 'Synthetic Worker',
    email: `sw-${n}@council.example`,
    level: 'worker',
  },
  lines: Array.from({ length: lines }, (_, i) => line(i)),
});
const intent = (n: number): Notice => digest(n);

type Failure = { Code: string; SenderFault?: boolean };

/** A fake SQS client: records each call's entries; `refuse(call, entry)` fails an entry on a call. */
function fakeSqs(
  refuse: (call: number, entry: SendMessageBatchRequestEntry) => Failure | undefined = () => undefined,
) {
  const calls: { queueUrl: string | undefined; entries: SendMessageBatchRequestEntry[] }[] = [];
  const client: SqsBatchClient = {
    async send(command: SendMessageBatchCommand) {
      const entries = command.input.Entries ?? [];
      const call = calls.push({ queueUrl: command.input.QueueUrl, entries });
      const Successful = [];
      const Failed = [];
      for (const entry of entries) {
        const failure = refuse(call, entry);
        if (failure)
          Failed.push({ Id: entry.Id, SenderFault: failure.SenderFault ?? false, Code: failure.Code });
        else Successful.push({ Id: entry.Id, MessageId: `m-${call}-${entry.Id}`, MD5OfMessageBody: 'x' });
      }
      return { Successful, Failed, $metadata: {} } as SendMessageBatchCommandOutput;
    },
  };
  return { client, calls };
}

const noWait = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

const bodies = (entries: SendMessageBatchRequestEntry[]) =>
  entries.map((entry) => JSON.parse(entry.MessageBody ?? '') as Notice);

describe('SqsNoticeSink', () => {
  it('sends 23 notices as batches of 10, 10 and 3, one notice as JSON per message, to the queue', async () => {
    const { client, calls } = fakeSqs();
    const intents = Array.from({ length: 23 }, (_, n) => intent(n));
    await new SqsNoticeSink(client, QUEUE_URL).send(intents);
    expect(calls.map((c) => c.entries.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.queueUrl === QUEUE_URL)).toBe(true);
    expect(calls.flatMap((c) => bodies(c.entries))).toEqual(intents);
    for (const { entries } of calls) {
      expect(new Set(entries.map((e) => e.Id)).size).toBe(entries.length);
      for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(['Id', 'MessageBody']);
    }
  });

  it('sends nothing for no notices', async () => {
    const { client, calls } = fakeSqs();
    await new SqsNoticeSink(client, QUEUE_URL).send([]);
    expect(calls).toEqual([]);
  });

  it('resends only the entries SQS failed, with a growing wait, until they go', async () => {
    // Entry 3 of the first batch fails on the first two calls; entry 7 on the first only.
    const { client, calls } = fakeSqs((call, entry) =>
      (entry.Id === '3' && call <= 2) || (entry.Id === '7' && call === 1)
        ? { Code: 'InternalError' }
        : undefined,
    );
    const { waits, sleep } = noWait();
    const intents = Array.from({ length: 12 }, (_, n) => intent(n));
    await new SqsNoticeSink(client, QUEUE_URL, { baseDelayMs: 100, sleep }).send(intents);
    expect(calls.map((c) => c.entries.map((e) => e.Id))).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['3', '7'],
      ['3'],
      ['0', '1'],
    ]);
    expect(bodies(calls[1]?.entries ?? [])).toEqual([intent(3), intent(7)]);
    expect(waits).toEqual([100, 200]);
  });

  it('throws after the last attempt, naming the SQS codes but no case', async () => {
    const { client, calls } = fakeSqs((_call, entry) =>
      entry.Id === '0' ? { Code: 'RequestThrottled' } : undefined,
    );
    const { waits, sleep } = noWait();
    const sink = new SqsNoticeSink(client, QUEUE_URL, { maxAttempts: 3, baseDelayMs: 50, sleep });
    const sending = sink.send([intent(1), intent(2)]);
    await expect(sending).rejects.toBeInstanceOf(NoticeQueueError);
    await expect(sending).rejects.toThrow(
      'SQS refused 1 notice message(s) after 3 attempt(s) (RequestThrottled)',
    );
    await expect(sending).rejects.not.toThrow(/CASE-|SW-/);
    expect(calls.map((c) => c.entries.length)).toEqual([2, 1, 1]);
    expect(waits).toEqual([50, 100]);
  });

  it('stops at the first batch that fails: later batches are not sent (the retried run sends them)', async () => {
    const { client, calls } = fakeSqs((call) => (call <= 4 ? { Code: 'InternalError' } : undefined));
    const { sleep } = noWait();
    const intents = Array.from({ length: 15 }, (_, n) => intent(n));
    await expect(new SqsNoticeSink(client, QUEUE_URL, { sleep }).send(intents)).rejects.toThrow(
      NoticeQueueError,
    );
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.entries.every((e) => Number(e.Id) < 10))).toBe(true);
  });

  it('does not wait to resend what SQS will never take (a sender fault)', async () => {
    const { client, calls } = fakeSqs(() => ({ Code: 'InvalidMessageContents', SenderFault: true }));
    const { waits, sleep } = noWait();
    await expect(new SqsNoticeSink(client, QUEUE_URL, { sleep }).send([intent(1)])).rejects.toThrow(
      /after 1 attempt\(s\) \(InvalidMessageContents\)/,
    );
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('lets a call that fails as a whole fail the send', async () => {
    const client: SqsBatchClient = {
      send: async () => {
        throw new Error('AccessDenied');
      },
    };
    await expect(new SqsNoticeSink(client, QUEUE_URL).send([intent(1)])).rejects.toThrow('AccessDenied');
  });

  it('keeps a batch under SQS’s size limit by sending big notices in smaller batches', async () => {
    const { client, calls } = fakeSqs();
    const big = Array.from({ length: 4 }, (_, n) => digest(n, 250));
    await new SqsNoticeSink(client, QUEUE_URL).send(big);
    for (const { entries } of calls) {
      const total = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
      expect(total).toBeLessThanOrEqual(MAX_BODY_BYTES);
    }
    expect(calls.flatMap((c) => bodies(c.entries))).toEqual(big);
  });
});

describe('a notice too big for one SQS message', () => {
  it('is split by its lines into parts with their own keys, every line kept once', () => {
    const huge = digest(1, 2_000);
    const parts = queueBodies(huge).map((body) => JSON.parse(body) as EmailNotice);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.key)).toEqual(parts.map((_, i) => `digest|SW-1|2026-12-11#part${i + 1}`));
    expect(parts.flatMap((p) => p.lines)).toEqual(huge.lines);
    for (const part of queueBodies(huge)) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('is not split when it fits', () => {
    expect(queueBodies(digest(1, 10))).toEqual([JSON.stringify(digest(1, 10))]);
  });
});
