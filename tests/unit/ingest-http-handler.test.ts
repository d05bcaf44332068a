/** The HTTPS ingest endpoint: an outcome per item, quarantine for unreadable bodies, 503 to retry. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryCaseEventStore } from '../../functions/adapters/memory/stores.ts';
import { createIngestHttpHandler, MAX_BATCH } from '../../functions/handlers/ingest-http.ts';
import { INGEST_LOG } from '../../functions/handlers/lambda/environment.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

function setup(events = new MemoryCaseEventStore()) {
  const context = memoryIngestContext(undefined, events);
  const { quarantine } = context;
  const logged: Record<string, unknown>[] = [];
  const handler = createIngestHttpHandler(context, {
    info: (_message, attributes) => logged.push(attributes),
  });
  return { handler, quarantine, logged };
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

  it('counts, as numbers the alarms add up, what each request rejected and what it could not work out', async () => {
    const { handler, logged } = setup();
    const agreed = {
      id: 'H5',
      type: 'visit_frequency.agreed',
      caseId: 'CASE-H',
      occurredAt: '2026-12-05',
      data: { rule: 'no.such-rule', every: { amount: 2, unit: 'weeks' }, agreedBy: 'TM-01' },
    };
    await handler(post(JSON.stringify([plan('H1'), { ...plan('H2'), type: 'nope' }, agreed])));
    // A body that cannot be read is quarantined whole: one rejection.
    await handler(post(' '));
    expect(
      logged.map((line) => ({
        requestId: line.requestId,
        rejected: line[INGEST_LOG.rejectedField],
        caseProblems: line[INGEST_LOG.caseProblemsField],
      })),
    ).toEqual([
      { requestId: 'r1', rejected: 1, caseProblems: 1 },
      { requestId: 'r1', rejected: 1, caseProblems: 0 },
    ]);
  });
});

describe('the HTTPS ingest endpoint, given input that cannot be taken as it stands', () => {
  function open() {
    const context = memoryIngestContext();
    return { context, handler: createIngestHttpHandler(context, { info: () => {} }) };
  }
  const ndjson = (...lines: unknown[]) =>
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const deep = (depth: number) =>
    `{"id":"H2","type":"cp_plan.started","caseId":"CASE-H","occurredAt":"2026-12-04","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  const base64 = (bytes: Uint8Array) =>
    ({
      body: Buffer.from(bytes).toString('base64'),
      isBase64Encoded: true,
      requestContext: { requestId: 'r2' },
    }) as APIGatewayProxyEventV2;

  it('refuses an event nested 5,000 levels deep on its own: quarantined, its neighbours kept with their deadlines', async () => {
    const { context, handler } = open();
    const response = await handler(post(ndjson(plan('H1'), deep(5_000), plan('H3'))));
    expect(response.statusCode).toBe(200);
    const { items } = JSON.parse(response.body ?? '{}');
    expect(items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'accepted',
      'rejected',
      'accepted',
    ]);
    expect(items[1].problems).toEqual([{ path: 'data', message: 'is nested more than 32 levels deep' }]);
    expect(context.quarantine.entries.map((entry) => entry.raw)).toEqual([deep(5_000)]);
    expect((await context.events.eventsOf('CASE-H')).map((event) => event.id)).toEqual(['H1', 'H3']);
    expect(await context.deadlines.deadlinesOf('CASE-H')).not.toEqual([]);
  });

  it('refuses a list nested 100,000 levels deep in a JSON array, and quarantines it', async () => {
    const { context, handler } = open();
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await handler(post(`[${JSON.stringify(plan('H1'))},${nested}]`));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ accepted: 1, rejected: 1 });
    expect(context.quarantine.entries.map((entry) => entry.raw)).toEqual([nested]);
  });

  it('answers a fault in its own code with 500, never as storage trouble', async () => {
    class Broken extends MemoryCaseEventStore {
      override async append(): Promise<never> {
        throw new RangeError('Maximum call stack size exceeded');
      }
    }
    const { handler } = setup(new Broken());
    const response = await handler(post(JSON.stringify([plan('H1')])));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '{}').error).not.toMatch(/storage/);
  });

  it('refuses a broken pretty-printed array whole, saying where, as one quarantined body', async () => {
    const { context, handler } = open();
    const events = Array.from({ length: 100 }, (_, index) => plan(`P${index}`));
    const body = `${JSON.stringify(events, null, 2).slice(0, -2)},\n]`;
    const response = await handler(post(body));
    expect([response.statusCode, JSON.parse(response.body ?? '{}')]).toEqual([
      400,
      { error: 'the request body is not valid JSON: unexpected character at line 702 column 1' },
    ]);
    expect(context.quarantine.entries).toMatchObject([
      { channel: 'http', raw: body, problems: [{ path: '' }] },
    ]);
    expect(await context.events.eventsOf('CASE-H')).toEqual([]);
  });

  it('reads a body that starts with a byte-order mark, as text or as base64', async () => {
    const { context, handler } = open();
    const body = `\uFEFF${ndjson(plan('H1'), plan('H2'))}`;
    expect(JSON.parse((await handler(post(body))).body ?? '{}')).toMatchObject({ accepted: 2, rejected: 0 });
    const again = await handler(base64(new TextEncoder().encode(body)));
    expect(JSON.parse(again.body ?? '{}')).toMatchObject({ duplicates: 2, rejected: 0 });
    expect(context.quarantine.entries).toEqual([]);
  });

  it('refuses a body that is not UTF-8, keeping its bytes as base64 rather than rewriting them', async () => {
    const { context, handler } = open();
    const text = new TextEncoder().encode(ndjson(plan('H1'), plan('H2')));
    // A Latin-1 é (one byte, 0xE9) in the second event, at byte offset 90.
    const bytes = Uint8Array.from([...text.slice(0, 90), 0xe9, ...text.slice(90)]);
    const response = await handler(base64(bytes));
    const error =
      'the request body is not valid UTF-8 text (at byte offset 90); kept in the quarantine as base64';
    expect([response.statusCode, JSON.parse(response.body ?? '{}')]).toEqual([400, { error }]);
    expect(context.quarantine.entries).toMatchObject([
      {
        channel: 'http',
        raw: Buffer.from(bytes).toString('base64'),
        problems: [{ path: '', message: error }],
      },
    ]);
    expect(await context.events.eventsOf('CASE-H')).toEqual([]);
  });

  it('answers without repeating a field name, an id that is not one, or the text of broken JSON', async () => {
    const { handler } = open();
    const response = await handler(
      post(
        ndjson(
          { ...plan('H1'), 'Jane Sentinel-Smith\u001b[2J': true },
          { ...plan('X Jane Sentinel DOB 2015-01-01') },
          '{"id":"H3","type":"cp_plan.started","caseId":"CASE-H","note": Jane Sentinel-Smith, "data":{}}',
        ),
      ),
    );
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ accepted: 0, rejected: 3 });
    expect(response.body).not.toMatch(/Sentinel|\\u001b/);
  });
});
