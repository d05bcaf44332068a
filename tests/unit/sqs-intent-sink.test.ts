/** The SQS intent sink: batches of 10, one intent per message, failed entries resent, then a loud failure. */
import type {
  SendMessageBatchCommand,
  SendMessageBatchCommandOutput,
  SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  IntentSendError,
  type SqsBatchClient,
  SqsIntentSink,
} from '../../functions/adapters/sqs/intent-sink.ts';
import type { NoticeIntent } from '../../functions/schedule/run.ts';

const QUEUE_URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-intents';

const intent = (n: number): NoticeIntent => ({
  key: `CASE-${n}|cp.visit|1|reminder-5-working-days`,
  caseId: `CASE-${n}`,
  rule: 'cp.visit',
  occurrence: 1,
  stage: 'reminder',
  stageKey: 'reminder-5-working-days',
  levels: [],
  at: '2026-12-11T07:00:00.000Z',
  due: '2026-12-18',
});

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
  entries.map((entry) => JSON.parse(entry.MessageBody ?? '') as NoticeIntent);

describe('SqsIntentSink', () => {
  it('sends 23 intents as batches of 10, 10 and 3, one intent as JSON per message, to the queue', async () => {
    const { client, calls } = fakeSqs();
    const intents = Array.from({ length: 23 }, (_, n) => intent(n));
    await new SqsIntentSink(client, QUEUE_URL).send(intents);
    expect(calls.map((c) => c.entries.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.queueUrl === QUEUE_URL)).toBe(true);
    expect(calls.flatMap((c) => bodies(c.entries))).toEqual(intents);
    for (const { entries } of calls) {
      expect(new Set(entries.map((e) => e.Id)).size).toBe(entries.length);
      for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(['Id', 'MessageBody']);
    }
  });

  it('sends nothing for no intents', async () => {
    const { client, calls } = fakeSqs();
    await new SqsIntentSink(client, QUEUE_URL).send([]);
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
    await new SqsIntentSink(client, QUEUE_URL, { baseDelayMs: 100, sleep }).send(intents);
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
    const sink = new SqsIntentSink(client, QUEUE_URL, { maxAttempts: 3, baseDelayMs: 50, sleep });
    const sending = sink.send([intent(1), intent(2)]);
    await expect(sending).rejects.toBeInstanceOf(IntentSendError);
    await expect(sending).rejects.toThrow(
      'SQS refused 1 notice intent(s) after 3 attempt(s) (RequestThrottled)',
    );
    await expect(sending).rejects.not.toThrow(/CASE-/);
    expect(calls.map((c) => c.entries.length)).toEqual([2, 1, 1]);
    expect(waits).toEqual([50, 100]);
  });

  it('stops at the first batch that fails: later batches are not sent (the retried run sends them)', async () => {
    const { client, calls } = fakeSqs((call) => (call <= 4 ? { Code: 'InternalError' } : undefined));
    const { sleep } = noWait();
    const intents = Array.from({ length: 15 }, (_, n) => intent(n));
    await expect(new SqsIntentSink(client, QUEUE_URL, { sleep }).send(intents)).rejects.toThrow(
      IntentSendError,
    );
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.entries.every((e) => Number(e.Id) < 10))).toBe(true);
  });

  it('does not wait to resend what SQS will never take (a sender fault)', async () => {
    const { client, calls } = fakeSqs(() => ({ Code: 'InvalidMessageContents', SenderFault: true }));
    const { waits, sleep } = noWait();
    await expect(new SqsIntentSink(client, QUEUE_URL, { sleep }).send([intent(1)])).rejects.toThrow(
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
    await expect(new SqsIntentSink(client, QUEUE_URL).send([intent(1)])).rejects.toThrow('AccessDenied');
  });
});
