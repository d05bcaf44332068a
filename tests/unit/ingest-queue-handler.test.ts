/** The SQS ingest handler: partial batch failures for storage faults, quarantine for bad input. */
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryCaseEventStore, type MemoryQuarantineStore } from '../../functions/adapters/memory/stores.ts';
import { createIngestQueueHandler } from '../../functions/handlers/ingest-queue.ts';
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
      { messageId: 'm1', eventId: null, outcome: 'rejected', problems: 1 },
      { messageId: 'm2', eventId: 'E3', outcome: 'rejected', problems: 1 },
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
        caseProblems: [
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
});
