/**
 * The bad-input corpus (tests/corpus/bad-events/manifest.json) through every way into ingest: the
 * ingest code itself (on dynalite), the HTTPS handler, the SQS handler with each event in an
 * EventBridge envelope, and `los ingest --file` (on dynalite on disk). Each bad input is refused with a
 * problem naming its field and quarantined with its payload (cut, and saying so, where it is larger
 * than an item), nothing told back repeats it, and the valid events sent with it are kept with their
 * deadlines. Input that looks hostile but is valid under the contract is accepted, and the test says
 * what deals with it instead. Then what arrives as a whole body, file or message: a byte-order mark, a
 * broken pretty-printed list, bytes that are not UTF-8.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { jsonText, type Problem } from '../../events/index.ts';
import { MAX_ITEM_BYTES, truncationNote } from '../../functions/adapters/dynamodb/quarantine-store.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { QuarantineEntry } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { createIngestHttpHandler } from '../../functions/handlers/ingest-http.ts';
import { createIngestQueueHandler } from '../../functions/handlers/ingest-queue.ts';
import { type ItemOutcome, ingestBatch } from '../../functions/ingest/ingest.ts';
import { apiGatewayRoute, MAX_REQUEST_BYTES, startLocalIngestServer } from '../../local/http-ingest.ts';
import { type OpenedLocalStore, openLocalStore } from '../../local/store.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

interface CorpusEntry {
  name: string;
  raw: string;
  why: string;
  /** Rejected entries: the field the refusal must name, and words its message must hold. */
  path?: string;
  says?: string;
  fillBytes?: number;
  /** Nesting written out in place of {{NEST}}: `depth` opens, the inner value, `depth` closes. */
  nest?: { depth: number; open: string; inner: string; close: string };
  /** Text of the payload that nothing told back (an answer, output, a log line) may repeat. */
  never?: string;
}

interface Manifest {
  valid: string[];
  rejected: CorpusEntry[];
  accepted: CorpusEntry[];
}

const manifest = JSON.parse(
  readFileSync(new URL('../corpus/bad-events/manifest.json', import.meta.url), 'utf8'),
) as Manifest;

/** An entry as sent: its payload with any filler written out, and the two valid events around it. */
interface Delivery {
  name: string;
  payload: string;
  /** The valid events sent in the same batch, before and after it, with ids of their own. */
  valid: [string, string];
  expected: { outcome: 'rejected'; path: string; says?: string } | { outcome: 'accepted' };
  never?: string;
}

/** An entry's payload as sent: its filler and nesting written out. */
const payloadOf = ({ raw, fillBytes, nest }: CorpusEntry) => {
  const filled = fillBytes ? raw.replace('{{FILL}}', 'A'.repeat(fillBytes)) : raw;
  return nest
    ? filled.replace(
        '{{NEST}}',
        `${nest.open.repeat(nest.depth)}${nest.inner}${nest.close.repeat(nest.depth)}`,
      )
    : filled;
};

const deliveryOf = (entry: CorpusEntry, outcome: 'rejected' | 'accepted'): Delivery => {
  // Ids and a case of the entry's own, so that what each delivery stored can be told apart.
  const [before, after] = manifest.valid.map((text) => {
    const event = JSON.parse(text) as { id: string; caseId: string };
    return JSON.stringify({
      ...event,
      id: `${entry.name}.${event.id}`,
      caseId: `${event.caseId}.${entry.name}`,
    });
  }) as [string, string];
  return {
    name: entry.name,
    payload: payloadOf(entry),
    valid: [before, after],
    expected:
      outcome === 'rejected'
        ? { outcome, path: entry.path ?? '', ...(entry.says !== undefined && { says: entry.says }) }
        : { outcome },
    ...(entry.never !== undefined && { never: entry.never }),
  };
};

const deliveries = [
  ...manifest.rejected.map((entry) => deliveryOf(entry, 'rejected')),
  ...manifest.accepted.map((entry) => deliveryOf(entry, 'accepted')),
];

const NOT_JSON = Symbol('not JSON');
const decode = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
};

/** As every way in reads a payload: the JSON it holds, or the text itself when it is not JSON. */
const itemOf = (payload: string): unknown => {
  const json = decode(payload);
  return json === NOT_JSON ? payload : json;
};

/** The payload as the quarantine keeps it: decoded input is kept as its JSON, anything else as sent. */
const quarantinedForm = (payload: string) => {
  const json = decode(payload);
  // Not JSON.stringify, which overflows the stack on the deeply nested entries.
  return json === NOT_JSON ? payload : jsonText(json);
};

/** What one way in made of one delivery. */
interface Outcome {
  /** The outcome and problems of the entry (not of the valid events around it). */
  item: Pick<ItemOutcome, 'outcome' | 'problems'>;
  /** The outcomes of the two valid events. */
  valid: ItemOutcome['outcome'][];
  /** What the delivery added to the quarantine. */
  quarantined: QuarantineEntry[];
  /** Which of the valid events' ids are in the event log afterwards. */
  stored: string[];
  /** How many deadlines the valid events' case has afterwards. */
  deadlines: number;
  /** Everything told back: the answer, the command's output, the log lines. */
  told: string;
  /** Whether the quarantine is DynamoDB's, which cuts what does not fit in an item. */
  dynamo: boolean;
}

const NOW = '2026-11-23T10:00:00.000Z';
const profile = builtInProfile('default');
const idsOf = (valid: readonly string[]) => valid.map((text) => (JSON.parse(text) as { id: string }).id);
const storedIds = async (store: Pick<OpenedLocalStore, 'events'>, valid: readonly string[]) => {
  const { caseId } = JSON.parse(valid[0] as string) as { caseId: string };
  const ids = new Set((await store.events.eventsOf(caseId)).map((event) => event.id));
  return idsOf(valid).filter((id) => ids.has(id));
};
const deadlineCount = async (store: Pick<OpenedLocalStore, 'deadlines'>, valid: readonly string[]) => {
  const { caseId } = JSON.parse(valid[0] as string) as { caseId: string };
  return (await store.deadlines.deadlinesOf(caseId)).length;
};

/** `ingestBatch` itself, over dynalite: each delivery a minute after the last, to tell their entries apart. */
async function throughIngest(store: OpenedLocalStore, index: number, delivery: Delivery): Promise<Outcome> {
  const now = Date.parse(NOW) + index * 60_000;
  const receivedAt = new Date(now).toISOString();
  const context = { ...store, profile, timing: defaultNoticeTiming(profile), now: () => now };
  const [before, after] = delivery.valid;
  const summary = await ingestBatch([before, delivery.payload, after].map(itemOf), 'test', context);
  const quarantined = (await store.quarantine.onDay(receivedAt.slice(0, 10))).filter(
    (entry) => entry.receivedAt === receivedAt,
  );
  return {
    item: summary.items[1] as ItemOutcome,
    valid: [summary.items[0]?.outcome, summary.items[2]?.outcome] as ItemOutcome['outcome'][],
    quarantined,
    stored: await storedIds(store, delivery.valid),
    deadlines: await deadlineCount(store, delivery.valid),
    told: JSON.stringify(summary),
    dynamo: true,
  };
}

/** The HTTPS handler, the three as NDJSON lines in one request body. */
async function throughHttp(delivery: Delivery): Promise<Outcome> {
  const context = memoryIngestContext(NOW);
  const handler = createIngestHttpHandler(context, { info: () => {} });
  const [before, after] = delivery.valid;
  const response = await handler({
    body: [before, delivery.payload, after].join('\n'),
    isBase64Encoded: false,
    requestContext: { requestId: delivery.name },
  } as APIGatewayProxyEventV2);
  expect(response.statusCode).toBe(200);
  const { items } = JSON.parse(response.body ?? '{}') as { items: ItemOutcome[] };
  return {
    item: items[1] as ItemOutcome,
    valid: [items[0]?.outcome, items[2]?.outcome] as ItemOutcome['outcome'][],
    quarantined: context.quarantine.entries,
    stored: await storedIds(context, delivery.valid),
    deadlines: await deadlineCount(context, delivery.valid),
    told: response.body ?? '',
    dynamo: false,
  };
}

/**
 * The SQS handler: three messages, each JSON payload the `detail` of an EventBridge envelope as the
 * bus's rule delivers it, and anything else the message body itself (EventBridge takes only JSON).
 */
async function throughQueue(delivery: Delivery): Promise<Outcome> {
  const context = memoryIngestContext(NOW);
  const logged: Record<string, unknown>[] = [];
  const handler = createIngestQueueHandler(context, {
    info: (_message, attributes) => logged.push(attributes),
  });
  const [before, after] = delivery.valid;
  const record = (messageId: string, payload: string) => ({
    messageId,
    receiptHandle: messageId,
    body:
      decode(payload) === NOT_JSON
        ? payload
        : `{"version":"0","detail-type":"case-event","source":"mosaic","detail":${payload}}`,
    attributes: {} as never,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:111111111111:line-of-sight-test-ingest',
    awsRegion: 'eu-west-2',
  });
  const response = await handler(
    { Records: [record('m1', before), record('m2', delivery.payload), record('m3', after)] } as SQSEvent,
    {} as Context,
  );
  // Bad input is not a failure to retry: no message goes back to the queue.
  expect(response.batchItemFailures).toEqual([]);
  const outcomeOf = (messageId: string) =>
    logged.find((line) => line.messageId === messageId)?.outcome as ItemOutcome['outcome'];
  const quarantined = context.quarantine.entries;
  return {
    // The handler answers SQS, not the sender: the reasons are in the quarantine.
    item: { outcome: outcomeOf('m2'), problems: quarantined[0]?.problems ?? [] },
    valid: [outcomeOf('m1'), outcomeOf('m3')],
    quarantined,
    stored: await storedIds(context, delivery.valid),
    deadlines: await deadlineCount(context, delivery.valid),
    told: JSON.stringify(logged),
    dynamo: false,
  };
}

const los = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { print: (t) => out.push(t), warn: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** `los ingest --file` into a local store on disk: one file per delivery, the quarantine read at the end. */
async function throughCli(all: readonly Delivery[]): Promise<Map<string, Outcome>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-bad-input-'));
  const runs = new Map<
    string,
    { file: string; code: number; items: ItemOutcome[]; caseProblems: number; told: string }
  >();
  const days = new Set<string>();
  for (const delivery of all) {
    const file = join(dataDir, `${delivery.name}.ndjson`);
    const [before, after] = delivery.valid;
    writeFileSync(file, `${before}\n${delivery.payload}\n${after}\n`);
    days.add(new Date().toISOString().slice(0, 10));
    const run = await los('ingest', '--file', file, '--data-dir', dataDir, '--json');
    days.add(new Date().toISOString().slice(0, 10));
    const { items, caseProblems } = JSON.parse(run.out);
    runs.set(delivery.name, {
      file,
      code: run.code,
      items,
      caseProblems: caseProblems.length,
      told: `${run.out}\n${run.err}`,
    });
  }
  const store = await openLocalStore(dataDir);
  try {
    const quarantine = (await Promise.all([...days].map((day) => store.quarantine.onDay(day)))).flat();
    const outcomes = new Map<string, Outcome>();
    for (const delivery of all) {
      const { file, code, items, caseProblems, told } = runs.get(delivery.name) as {
        file: string;
        code: number;
        items: ItemOutcome[];
        caseProblems: number;
        told: string;
      };
      // Exit code 3: done, but some input was rejected or some deadline could not be worked out (the
      // far-future booking's, counted back over years the calendar does not know).
      expect(code, delivery.name).toBe(delivery.expected.outcome === 'rejected' || caseProblems > 0 ? 3 : 0);
      expect(caseProblems > 0, delivery.name).toBe(delivery.name === 'far-future-booking');
      outcomes.set(delivery.name, {
        item: items[1] as ItemOutcome,
        valid: [items[0]?.outcome, items[2]?.outcome] as ItemOutcome['outcome'][],
        quarantined: quarantine.filter((entry) => entry.channel === `file:${file}`),
        stored: await storedIds(store, delivery.valid),
        deadlines: await deadlineCount(store, delivery.valid),
        told,
        dynamo: true,
      });
    }
    return outcomes;
  } finally {
    await store.close();
  }
}

const TRUNCATED =
  /\n\[truncated by Line of Sight to fit the store: the first (\d+) of (\d+) bytes are kept\]$/;

/** What every way in must do with every delivery. */
function expectHandled(delivery: Delivery, outcome: Outcome) {
  // The valid events around it are stored, with their deadlines, bad input or not.
  expect(outcome.valid).toEqual(['accepted', 'accepted']);
  expect(outcome.stored).toEqual(idsOf(delivery.valid));
  expect(outcome.deadlines).toBeGreaterThan(0);
  if (delivery.never !== undefined) expect(outcome.told).not.toContain(delivery.never);
  // Nothing told back carries a control character from the input (line breaks are the output's own).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters.
  expect(outcome.told).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]|\\u001b|\\u0007/);
  const { expected } = delivery;
  if (expected.outcome === 'accepted') {
    expect(outcome.item.outcome).toBe('accepted');
    expect(outcome.quarantined).toEqual([]);
    return;
  }
  expect(outcome.item.outcome).toBe('rejected');
  const named = outcome.item.problems.filter((problem: Problem) => problem.path === expected.path);
  expect(named, `a problem on "${expected.path}" in ${JSON.stringify(outcome.item.problems)}`).not.toEqual(
    [],
  );
  if (expected.says !== undefined) {
    expect(named.map((problem) => problem.message).join('\n')).toContain(expected.says);
  }
  expect(outcome.quarantined).toHaveLength(1);
  const [entry] = outcome.quarantined as [QuarantineEntry];
  expect(entry.problems).toEqual(outcome.item.problems);
  const kept = quarantinedForm(delivery.payload);
  const bytes = Buffer.byteLength(kept);
  if (!outcome.dynamo || bytes < MAX_ITEM_BYTES - 64 * 1024) {
    expect(entry.raw === kept, 'the quarantine holds the payload whole').toBe(true);
    return;
  }
  // Too big for an item: the start is kept, and a note at the end says how much of it.
  const note = TRUNCATED.exec(entry.raw);
  expect(note, 'the quarantined payload says it was cut').not.toBeNull();
  const [, keptBytes, totalBytes] = (note as RegExpExecArray).map(Number) as [number, number, number];
  expect(totalBytes).toBe(bytes);
  expect(entry.raw.endsWith(truncationNote(keptBytes, totalBytes))).toBe(true);
  const start = entry.raw.slice(0, entry.raw.length - truncationNote(keptBytes, totalBytes).length);
  expect(Buffer.byteLength(start)).toBe(keptBytes);
  expect(keptBytes).toBeGreaterThan(300 * 1024);
  expect(kept.startsWith(start)).toBe(true);
}

describe('a reason in words', () => {
  it('says malformed JSON is not valid JSON, and quotes no free text typed into a time', async () => {
    const ctx = memoryIngestContext();
    const summary = await ingestBatch(
      ['json-cut-short', 'free-text-after-a-time'].map(
        (name) => manifest.rejected.find((entry) => entry.name === name)?.raw,
      ),
      'test',
      ctx,
    );
    expect(summary.items[0]?.problems[0]?.message).toMatch(/not valid JSON/);
    const timeProblem = summary.items[1]?.problems.find((p) => p.path === 'occurredAt');
    expect(timeProblem?.message).toMatch(/^2026-11-10T09:30 has an offset that is not Z/);
    expect(JSON.stringify(summary.items)).not.toMatch(/Sam Example|\\u001b/);
  });
});

describe('the bad-input corpus', () => {
  it('has an entry of each kind the issue names, each with a reason', () => {
    const names = deliveries.map((delivery) => delivery.name);
    for (const kind of [
      'json',
      'type',
      'missing',
      'impossible-date',
      'recorded-before',
      'far-future',
      'oversized',
    ]) {
      expect(
        names.some((name) => name.includes(kind)),
        kind,
      ).toBe(true);
    }
    for (const kind of [
      'control-character',
      'escape',
      'script',
      'javascript',
      'html',
      'deep-nesting',
      'free-text-id',
      'echo',
      'broken-array',
      'surrogate',
    ]) {
      expect(
        names.some((name) => name.includes(kind)),
        kind,
      ).toBe(true);
    }
    expect([...manifest.rejected, ...manifest.accepted].every((entry) => entry.why.length > 10)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('every bad input, every way in', () => {
  let store: OpenedLocalStore;
  let cli: Map<string, Outcome>;
  beforeAll(async () => {
    store = await openLocalStore(null);
    cli = await throughCli(deliveries);
  }, 180_000);
  afterAll(async () => {
    await store?.close();
  });

  describe.each(deliveries.map((delivery, index) => [delivery.name, delivery, index] as const))(
    '%s',
    (_name, delivery, index) => {
      it('ingest itself (dynalite)', async () => {
        expectHandled(delivery, await throughIngest(store, index, delivery));
      });
      it('the HTTPS handler', async () => {
        expectHandled(delivery, await throughHttp(delivery));
      });
      it('the SQS handler, from the bus', async () => {
        expectHandled(delivery, await throughQueue(delivery));
      });
      it('los ingest --file (dynalite on disk)', () => {
        expectHandled(delivery, cli.get(delivery.name) as Outcome);
      });
    },
  );
});

describe('los ingest, read by a person', () => {
  it('names each refused line and its field, and never repeats an id that is not one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-bad-input-text-'));
    const file = join(dataDir, 'corpus.ndjson');
    const rejected = deliveries.filter((delivery) => delivery.expected.outcome === 'rejected');
    writeFileSync(file, `${rejected.map((delivery) => delivery.payload).join('\n')}\n`);
    const run = await los('ingest', '--file', file, '--data-dir', dataDir);
    expect(run.code).toBe(3);
    expect(run.out).toBe(
      `0 accepted, 0 already stored, ${rejected.length} rejected; deadlines recomputed for 0 cases.`,
    );
    const lines = run.err.split('\n');
    rejected.forEach((delivery, index) => {
      const { path } = delivery.expected as { path: string };
      const prefix = new RegExp(
        `^line ${index + 1}( \\(event [^)]*\\))?: ${path ? `${path.replaceAll('.', '\\.')}: ` : ''}`,
      );
      expect(
        lines.some((line) => prefix.test(line)),
        delivery.name,
      ).toBe(true);
    });
    for (const { name, never } of rejected) {
      if (never !== undefined) expect(run.err, name).not.toContain(never);
    }
    // A terminal escape or 300 KB of text in an id stays in the quarantine, not on the screen.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters.
    expect(run.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(5000);
  }, 60_000);
});

describe('what only the HTTPS endpoint meets', () => {
  it('refuses a body over 6 MB before the handler, as AWS would, and stays up', async () => {
    const context = memoryIngestContext(NOW);
    const server = await startLocalIngestServer({
      handle: apiGatewayRoute(createIngestHttpHandler(context, { info: () => {} })),
    });
    try {
      const oversized = deliveries.find((delivery) => delivery.name === 'oversized-7mb') as Delivery;
      expect(Buffer.byteLength(oversized.payload)).toBeGreaterThan(MAX_REQUEST_BYTES);
      const post = (body: string) =>
        fetch(`${server.url}/events`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
      const refused = await post(oversized.payload);
      expect(refused.status).toBe(413);
      expect(await refused.json()).toEqual({ error: `the request body is over ${MAX_REQUEST_BYTES} bytes` });
      // The sender was told; nothing reached ingest, so nothing is stored or quarantined.
      expect(context.quarantine.entries).toEqual([]);
      const next = await post(manifest.valid.join('\n'));
      expect(next.status).toBe(200);
      expect(await next.json()).toMatchObject({ accepted: 2, rejected: 0 });
    } finally {
      await server.close();
    }
  });

  it.each([
    ['an empty body', '  \n ', 'the request body is empty'],
    ['JSON that holds no events', '{"events": "all of them"}', 'neither a list of events'],
  ])('quarantines %s whole, with the reason', async (_what, body, says) => {
    const context = memoryIngestContext(NOW);
    const handler = createIngestHttpHandler(context, { info: () => {} });
    const response = await handler({ body, isBase64Encoded: false } as APIGatewayProxyEventV2);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}').error).toContain(says);
    expect(context.quarantine.entries).toMatchObject([
      { channel: 'http', raw: body, problems: [{ path: '' }] },
    ]);
  });
});

describe('an end before its start, across events', () => {
  // No event carries both ends of a plan, placement or care period: each end is an event of its own,
  // so the order is the engine's to judge. An end with nothing open ends nothing; what starts after it
  // runs its course. Swapped dates therefore raise deadlines (seen, and put right by a correction)
  // rather than silently ending a plan before it began.
  const asOf = momentOf('2026-11-23');
  const event = (id: string, type: string, occurredAt: string, data: object = {}) =>
    ({ id, type, caseId: 'CASE-E1', occurredAt, data }) as never;
  const deadlinesOf = (events: never[]) => {
    const evaluation = evaluateCase('CASE-E1', events, profile, asOf);
    expect(evaluation.problems).toEqual([]);
    return evaluation.deadlines.map(({ rule, occurrence, due, status }) => ({
      rule: rule.id,
      occurrence,
      due,
      status,
    }));
  };

  it('a plan that ends before it starts: the end is ignored, the plan runs from its start', () => {
    const started = [event('p1', 'cp_plan.started', '2026-07-01')];
    const deadlines = deadlinesOf(started);
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlinesOf([...started, event('p0', 'cp_plan.ended', '2026-06-01')])).toEqual(deadlines);
  });

  it('a placement and a care period that end before they start: the same', () => {
    const care = [
      event('c1', 'care_period.started', '2026-05-01', { legalStatus: 'care-order' }),
      event('c2', 'placement.started', '2026-07-01', { placementType: 'foster-care' }),
    ];
    const ended = [
      event('c0', 'care_period.ended', '2026-04-01'),
      event('c3', 'placement.ended', '2026-06-01'),
    ];
    expect(deadlinesOf([...care, ...ended])).toEqual(deadlinesOf(care));
  });
});

describe('what arrives whole: a body, a file or a message', () => {
  const [first, second] = manifest.valid as [string, string];
  const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
  const bytesOf = (...parts: (string | Uint8Array)[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  // 100 events as a pretty-printer writes them, with the trailing comma JSON does not allow.
  const brokenList = `${JSON.stringify(
    Array.from({ length: 100 }, (_, index) => ({ ...JSON.parse(first), id: `list-${index}` })),
    null,
    2,
  ).slice(0, -2)},\n]`;
  const BROKEN_LIST = 'is not valid JSON: unexpected character at line 702 column 1';
  // A Latin-1 é (one byte) in the second event, as a mis-set export writes it.
  const notUtf8 = bytesOf(`${first}\n`, second.slice(0, 10), new Uint8Array([0xe9]), second.slice(10));
  const NOT_UTF8 = `is not valid UTF-8 text (at byte offset ${first.length + 11}); kept in the quarantine as base64`;

  const httpHandler = () => {
    const context = memoryIngestContext(NOW);
    return { context, handler: createIngestHttpHandler(context, { info: () => {} }) };
  };
  const base64Request = (bytes: Uint8Array) =>
    ({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true }) as APIGatewayProxyEventV2;
  const queueHandler = () => {
    const context = memoryIngestContext(NOW);
    const logged: Record<string, unknown>[] = [];
    const handler = createIngestQueueHandler(context, { info: (_message, line) => logged.push(line) });
    const send = (...bodies: string[]) =>
      handler(
        {
          Records: bodies.map((body, index) => ({
            messageId: `m${index}`,
            receiptHandle: `m${index}`,
            body,
            attributes: {} as never,
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:eu-west-2:111111111111:line-of-sight-test-ingest',
            awsRegion: 'eu-west-2',
          })),
        } as SQSEvent,
        {} as Context,
      );
    return { context, logged, send };
  };
  /** `los ingest --file` of these bytes into a store of its own: the run, and what it quarantined. */
  const losIngest = async (bytes: Uint8Array) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-whole-'));
    const file = join(dataDir, 'events.ndjson');
    writeFileSync(file, bytes);
    const day = new Date().toISOString().slice(0, 10);
    const run = await los('ingest', '--file', file, '--data-dir', dataDir, '--json');
    const store = await openLocalStore(dataDir);
    try {
      return { run, file, summary: JSON.parse(run.out), quarantined: await store.quarantine.onDay(day) };
    } finally {
      await store.close();
    }
  };
  const losDeadlines = (bytes: Uint8Array) => {
    const file = join(mkdtempSync(join(tmpdir(), 'los-whole-')), 'events.ndjson');
    writeFileSync(file, bytes);
    return los('deadlines', '--events', file, '--as-of', '2026-11-23');
  };

  describe('a byte-order mark at the start, which real exports have, is not part of the first event', () => {
    it('the HTTPS handler, as text and as base64, and the local endpoint', async () => {
      const { context, handler } = httpHandler();
      const text = await handler({
        body: `\uFEFF${first}\n${second}`,
        isBase64Encoded: false,
      } as APIGatewayProxyEventV2);
      expect(JSON.parse(text.body ?? '{}')).toMatchObject({ accepted: 2, rejected: 0 });
      const binary = await handler(base64Request(bytesOf(bom, `${first}\n${second}`)));
      expect(JSON.parse(binary.body ?? '{}')).toMatchObject({ duplicates: 2, rejected: 0 });
      const server = await startLocalIngestServer({ handle: apiGatewayRoute(handler) });
      try {
        const response = await fetch(`${server.url}/events`, {
          method: 'POST',
          body: bytesOf(bom, `[${first},${second}]`),
          headers: { 'content-type': 'application/json' },
        });
        expect(await response.json()).toMatchObject({ duplicates: 2, rejected: 0 });
      } finally {
        await server.close();
      }
      expect(context.quarantine.entries).toEqual([]);
    });

    it('the SQS handler, with or without an EventBridge envelope', async () => {
      const { context, send } = queueHandler();
      const response = await send(`\uFEFF${first}`, `\uFEFF{"detail-type":"case-event","detail":${second}}`);
      expect(response.batchItemFailures).toEqual([]);
      expect(await context.events.eventsOf('CASE-OK')).toHaveLength(2);
      expect(context.quarantine.entries).toEqual([]);
    });

    it('los ingest and los deadlines --events', async () => {
      const { run, summary } = await losIngest(bytesOf(bom, `${first}\n${second}\n`));
      expect([run.code, summary.accepted, summary.rejected]).toEqual([0, 2, 0]);
      const table = await losDeadlines(bytesOf(bom, `${first}\n${second}\n`));
      expect([table.code, table.err]).toEqual([0, '']);
    });
  });

  describe('a pretty-printed list of 100 events that is not JSON is refused as one, saying where', () => {
    it('ingest itself', async () => {
      const context = memoryIngestContext(NOW);
      const summary = await ingestBatch([brokenList], 'test', context);
      expect(summary.items).toEqual([
        { position: 0, id: null, outcome: 'rejected', problems: [{ path: '', message: BROKEN_LIST }] },
      ]);
      expect(context.quarantine.entries.map((entry) => entry.raw)).toEqual([brokenList]);
    });

    it('the HTTPS handler', async () => {
      const { context, handler } = httpHandler();
      const response = await handler({ body: brokenList, isBase64Encoded: false } as APIGatewayProxyEventV2);
      expect([response.statusCode, JSON.parse(response.body ?? '{}')]).toEqual([
        400,
        { error: `the request body ${BROKEN_LIST}` },
      ]);
      expect(context.quarantine.entries).toMatchObject([{ raw: brokenList, problems: [{ path: '' }] }]);
    });

    it('the SQS handler', async () => {
      const { context, send } = queueHandler();
      expect((await send(brokenList)).batchItemFailures).toEqual([]);
      expect(context.quarantine.entries).toMatchObject([
        { raw: brokenList, problems: [{ path: '', message: BROKEN_LIST }] },
      ]);
    });

    it('los ingest and los deadlines --events', async () => {
      const { run, file, summary, quarantined } = await losIngest(Buffer.from(brokenList));
      expect(run.code).toBe(3);
      expect(summary.items).toEqual([
        {
          position: 0,
          line: 1,
          id: null,
          outcome: 'rejected',
          problems: [{ path: '', message: BROKEN_LIST }],
        },
      ]);
      expect(quarantined).toMatchObject([{ channel: `file:${file}`, raw: brokenList }]);
      const table = await losDeadlines(Buffer.from(brokenList));
      expect([table.code, table.err]).toEqual([
        3,
        `1 event was rejected and left out:\n  line 1: ${BROKEN_LIST}`,
      ]);
    });
  });

  describe('bytes that are not UTF-8 are refused and kept as base64, never rewritten', () => {
    const base64 = notUtf8.toString('base64');

    it('the HTTPS handler, and the local endpoint', async () => {
      const { context, handler } = httpHandler();
      const response = await handler(base64Request(notUtf8));
      expect([response.statusCode, JSON.parse(response.body ?? '{}')]).toEqual([
        400,
        { error: `the request body ${NOT_UTF8}` },
      ]);
      const server = await startLocalIngestServer({ handle: apiGatewayRoute(handler) });
      try {
        const local = await fetch(`${server.url}/events`, {
          method: 'POST',
          body: notUtf8,
          headers: { 'content-type': 'application/x-ndjson' },
        });
        expect(local.status).toBe(400);
      } finally {
        await server.close();
      }
      expect(context.quarantine.entries).toMatchObject([
        { raw: base64, problems: [{ path: '', message: `the request body ${NOT_UTF8}` }] },
        { raw: base64, problems: [{ path: '', message: `the request body ${NOT_UTF8}` }] },
      ]);
      expect(await context.events.eventsOf('CASE-OK')).toEqual([]);
    });

    // An SQS message body reaches the handler as text already: SQS takes only Unicode characters.

    it('los ingest, and los deadlines --events', async () => {
      const { run, file, summary, quarantined } = await losIngest(notUtf8);
      expect(run.code).toBe(3);
      expect(summary).toMatchObject({ accepted: 0, rejected: 1 });
      expect(summary.items).toEqual([
        { position: 0, line: 1, id: null, outcome: 'rejected', problems: [{ path: '', message: NOT_UTF8 }] },
      ]);
      expect(quarantined).toMatchObject([{ channel: `file:${file}`, raw: base64 }]);
      const table = await losDeadlines(notUtf8);
      expect(table.code).toBe(2);
      expect(table.err).toMatch(
        /^los: Cannot read .*events\.ndjson: it is not valid UTF-8 text \(at byte offset \d+\)$/,
      );
    });
  });
});
