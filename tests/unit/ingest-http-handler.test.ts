/** The HTTPS ingest endpoint: an outcome per item, quarantine for unreadable bodies, 503 to retry. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryCaseEventStore } from '../../functions/adapters/memory/stores.ts';
import { createIngestHttpHandler, MAX_BATCH } from '../../functions/handlers/ingest-http.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

function setup(events = new MemoryCaseEventStore()) {
  const context = memoryIngestContext(undefined, events);
  const { quarantine } = context;
  return { handler: createIngestHttpHandler(context, { info: () => {} }), quarantine };
}
const post = (body: string) =>
  ({ body, isBase64Encoded: false, requestContext: { requestId: 'r1' } }) as APIGatewayProxyEventV2;
const plan = (id: string) => ({
  id,
  type: 'cp_plan.started',
  caseId: 'CASE-H',
  occurredAt: '2026-12-04',
  data: {},
});

describe('the HTTPS ingest endpoint', () => {
  it('answers each item of a JSON array', async () => {
    const { handler } = setup();
    const response = await handler(post(JSON.stringify([plan('H1'), { ...plan('H2'), type: 'nope' }])));
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body ?? '{}');
    expect(body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['accepted', 'rejected']);
    expect(body).toMatchObject({ accepted: 1, rejected: 1, duplicates: 0 });
  });

  it('reads NDJSON, reporting a line that is not JSON on its own', async () => {
    const { handler } = setup();
    const response = await handler(
      post(`${JSON.stringify(plan('H1'))}\n{broken\n${JSON.stringify(plan('H3'))}\n`),
    );
    expect(JSON.parse(response.body ?? '{}').items.map((i: { outcome: string }) => i.outcome)).toEqual([
      'accepted',
      'rejected',
      'accepted',
    ]);
  });

  it('quarantines an empty body and refuses an oversized batch', async () => {
    const { handler, quarantine } = setup();
    expect((await handler(post('  '))).statusCode).toBe(400);
    expect(quarantine.entries).toHaveLength(1);
    const tooMany = JSON.stringify(Array.from({ length: MAX_BATCH + 1 }, (_, i) => plan(`B${i}`)));
    expect((await handler(post(tooMany))).statusCode).toBe(413);
  });

  it('answers 503 when storage fails, so the sender retries the batch', async () => {
    class Down extends MemoryCaseEventStore {
      override async append(): Promise<never> {
        throw new Error('ServiceUnavailable');
      }
    }
    const { handler } = setup(new Down());
    expect((await handler(post(JSON.stringify([plan('H1')])))).statusCode).toBe(503);
  });
});
