/** The SQS ingest handler: partial batch failures for storage faults, quarantine for bad input. */
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryCaseEventStore, type MemoryQuarantineStore } from '../../functions/adapters/memory/stores.ts';
import { createIngestQueueHandler } from '../../functions/handlers/ingest-queue.ts';
import { INGEST_LOG } from '../../functions/handlers/lambda/environment.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

class FlakyEventStore extends MemoryCaseEventStore {
  override async append(...args: Parameters<MemoryCaseEventStore['append']>) {
    if (args[0].caseId === 'CASE-DOWN') throw new Error('ProvisionedThroughputExceededException');
    return super.append(...args);
  }
}

function setup() {
  const logged: Record<string, unknown>[] = [];
  const context = memoryIngestContext(undefined, new FlakyEventStore());
  const handler = createIngestQueueHandler(context, {
    info: (_message, attributes) => logged.push(attributes),
  });
  return { handler, context, logged };
}

const record = (messageId: string, detail: unknown) => ({
  messageId,
  receiptHandle: messageId,
  body:
    typeof detail === 'string'
      ? detail
      : JSON.stringify({ 'detail-type': 'case-event', source: 'mosaic', detail }),
  attributes: {} as never,
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-2:111111111111:ingest',
  awsRegion: 'eu-west-2',
});
const event = (caseId: string, id: string) => ({
  id,
  type: 'cp_plan.started',
  caseId,
  occurredAt: '2026-12-04',
  data: {},
});

describe('the SQS ingest handler', () => {
  it('reports only the messages whose storage failed, so SQS retries just those', async () => {
    const { handler, context } = setup();
    const batch = {
      Records: [record('m1', event('CASE-UP', 'E1')), record('m2', event('CASE-DOWN', 'E2'))],
    } as SQSEvent;
    const response = await handler(batch, {} as Context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(await context.events.eventsOf('CASE-UP')).toHaveLength(1);
  });

  it('quarantines malformed and invalid input and lets the message go, logging ids, not content', async () => {
    const { handler, context, logged } = setup();
    const batch = {
      Records: [record('m1', '{not json'), record('m2', { ...event('CASE-UP', 'E3'), type: 'visit.done' })],
    } as SQSEvent;
    const response = await handler(batch, {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect((context.quarantine as MemoryQuarantineStore).entries.map((e) => e.channel)).toEqual([
      'eventbridge',
      'eventbridge',
    ]);
    expect(logged).toEqual([
      { messageId: 'm1', eventId: null, outcome: 'rejected', problems: 1, rejected: 1, caseProblems: 0 },
      { messageId: 'm2', eventId: 'E3', outcome: 'rejected', problems: 1, rejected: 1, caseProblems: 0 },
    ]);
  });

  it('logs what the engine could not work out for the case, by ids and rule, with the event accepted', async () => {
    const { handler, logged } = setup();
    const agreed = {
      id: 'E4',
      type: 'visit_frequency.agreed',
      caseId: 'CASE-UP',
      occurredAt: '2026-12-05',
      data: { rule: 'no.such-rule', every: { amount: 2, unit: 'weeks' }, agreedBy: 'TM-01' },
    };
    const response = await handler({ Records: [record('m3', agreed)] } as SQSEvent, {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect(logged).toEqual([
      {
        messageId: 'm3',
        eventId: 'E4',
        outcome: 'accepted',
        problems: 0,
        rejected: 0,
        caseProblems: 1,
        caseProblemList: [
          {
            caseId: 'CASE-UP',
            rule: 'no.such-rule',
            eventId: 'E4',
            message:
              'a visiting frequency was agreed for rule no.such-rule, which the default profile does not have; it was ignored',
          },
        ],
      },
    ]);
  });

  it('counts on each line, as numbers the alarms add up, what it rejected and what it could not work out', async () => {
    const { handler, logged } = setup();
    // On a case of its own: the messages are handled at once, and each recompute reads its whole case.
    const agreed = {
      id: 'E5',
      type: 'visit_frequency.agreed',
      caseId: 'CASE-AGREED',
      occurredAt: '2026-12-05',
      data: { rule: 'no.such-rule', every: { amount: 2, unit: 'weeks' }, agreedBy: 'TM-01' },
    };
    await handler(
      {
        Records: [record('m4', event('CASE-UP', 'E6')), record('m5', '{not json'), record('m6', agreed)],
      } as SQSEvent,
      {} as Context,
    );
    const counts = Object.fromEntries(
      logged.map((line) => [
        line.messageId,
        [line[INGEST_LOG.rejectedField], line[INGEST_LOG.caseProblemsField]],
      ]),
    );
    expect(counts).toEqual({ m4: [0, 0], m5: [1, 0], m6: [0, 1] });
  });
});

describe('the SQS ingest handler, given input that cannot be taken as it stands', () => {
  const deep = `{"id":"E7","type":"cp_plan.started","caseId":"CASE-UP","occurredAt":"2026-12-04","data":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;

  it('quarantines an event nested 5,000 levels deep and lets its message go, again on a redrive', async () => {
    const { handler, context } = setup();
    const batch = {
      Records: [
        record('m1', event('CASE-UP', 'E6')),
        record('m2', `{"detail-type":"case-event","source":"mosaic","detail":${deep}}`),
        record('m3', event('CASE-UP', 'E8')),
      ],
    } as SQSEvent;
    expect((await handler(batch, {} as Context)).batchItemFailures).toEqual([]);
    // A redrive of the same messages: the bad one is quarantined again, never failed back to the queue.
    expect((await handler(batch, {} as Context)).batchItemFailures).toEqual([]);
    const quarantine = context.quarantine as MemoryQuarantineStore;
    expect(quarantine.entries.map((entry) => [entry.raw, entry.problems])).toEqual([
      [deep, [{ path: 'data', message: 'is nested more than 32 levels deep' }]],
      [deep, [{ path: 'data', message: 'is nested more than 32 levels deep' }]],
    ]);
    expect((await context.events.eventsOf('CASE-UP')).map(({ id }) => id).sort()).toEqual(['E6', 'E8']);
    expect(await context.deadlines.deadlinesOf('CASE-UP')).not.toEqual([]);
  });

  it('reads a message body that starts with a byte-order mark', async () => {
    const { handler, context } = setup();
    const body = `\uFEFF${JSON.stringify({ 'detail-type': 'case-event', detail: event('CASE-UP', 'E9') })}`;
    expect(
      (await handler({ Records: [record('m1', body)] } as SQSEvent, {} as Context)).batchItemFailures,
    ).toEqual([]);
    expect(await context.events.eventsOf('CASE-UP')).toHaveLength(1);
  });

  it('refuses a body that is not JSON with where it fails, and logs no text from it or id that is not one', async () => {
    const { handler, context, logged } = setup();
    const batch = {
      Records: [
        record('m1', '[\n  {"id": "E10", "note": Jane Sentinel-Smith}\n]'),
        record('m2', event('CASE-UP', 'X Jane Sentinel DOB 2015-01-01')),
      ],
    } as SQSEvent;
    expect((await handler(batch, {} as Context)).batchItemFailures).toEqual([]);
    // The messages are handled at once, so the entries may be in either order.
    const problems = (context.quarantine as MemoryQuarantineStore).entries.map((entry) => entry.problems);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        [{ path: '', message: 'is not valid JSON: unexpected character at line 2 column 25' }],
        [
          {
            path: 'id',
            message: 'may only contain the letters A–Z and a–z, digits and . _ : / # @ + - (no spaces)',
          },
        ],
      ]),
    );
    expect(logged.map((line) => line.eventId)).toEqual([null, null]);
    expect(JSON.stringify(logged)).not.toContain('Sentinel');
  });
});
