/**
 * `los ingest --bus` and `los ingest --http`: a file of case events sent to a deployment, through the
 * AWS SDK and a SigV4-signed request, against stand-ins on loopback ports: EventBridge's `PutEvents`,
 * and the HTTPS endpoint answered by the ingest-http Lambda's own handler behind a check of the
 * signature. Nothing leaves the machine unless every event of the file passes the checks ingest makes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CaseEvent, EVENT_FIXTURES } from '../../events/index.ts';
import { createIngestHttpHandler } from '../../functions/handlers/ingest-http.ts';
import { apiGatewayRoute } from '../../local/http-ingest.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from '../support/eventbridge-stand-in.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';
import { los } from '../support/los.ts';

const CREDENTIALS = { accessKeyId: 'AKIDLOSTEST', secretAccessKey: 'los-test-secret' };
const REGION = 'eu-west-2';
const BUS = 'line-of-sight-dev-case-events';
const dir = mkdtempSync(join(tmpdir(), 'los-send-'));

/** `count` visits on `cases` cases, each with an id of its own. */
function visits(count: number, cases = 20): CaseEvent[] {
  const visit = EVENT_FIXTURES['visit.completed'];
  return Array.from({ length: count }, (_, n) => ({
    ...structuredClone(visit),
    id: `visit-${n + 1}`,
    caseId: `CASE-${String((n % cases) + 1).padStart(4, '0')}`,
  }));
}

/** Writes events as an NDJSON file (lines given as text are written as they are) and returns its path. */
function ndjson(name: string, lines: readonly (CaseEvent | string)[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`,
  );
  return path;
}

beforeEach(() => {
  // What an administrator's shell would hold: static credentials and a region, no profile.
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  // Never the instance metadata service: nothing here may leave the machine.
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('los ingest --bus', () => {
  let bus: EventBridgeStandIn;

  beforeAll(async () => {
    bus = await startEventBridgeStandIn();
  });
  afterAll(async () => bus.close());
  beforeEach(() => {
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', bus.url);
    bus.calls.length = 0;
    bus.accepted.length = 0;
    bus.answer(() => ({ entries: () => 'ok' }));
  });

  it('puts every event on the bus once, ten entries a call, as case-event entries whose detail is the event', async () => {
    const events = visits(25);
    const file = ndjson('twenty-five.ndjson', [...events, events[3] as CaseEvent]);
    const { code, out, err } = await los('ingest', '--file', file, '--bus', BUS);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(bus.calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(bus.accepted.map(({ entry }) => JSON.parse(entry.Detail))).toEqual(events);
    for (const { entry } of bus.accepted) {
      expect(entry).toMatchObject({ EventBusName: BUS, DetailType: 'case-event', Source: 'los-ingest' });
    }
    expect(out).toBe(
      `Sent 25 events to the bus ${BUS} (1 repeated in the file, sent once): 25 taken by EventBridge, 0 not accepted. ` +
        'Ingest stores each event once, so sending the file again is safe.',
    );
  });

  it('sends again only the entries EventBridge failed with a retryable code, until they are taken', async () => {
    const events = visits(10);
    // The first call fails the 3rd and 7th entries (throttled); later calls take everything.
    bus.answer((call) => ({
      entries: (entry) =>
        call === 1 && ['visit-3', 'visit-7'].includes(JSON.parse(entry.Detail).id)
          ? { errorCode: 'ThrottlingException' }
          : 'ok',
    }));
    const { code } = await los('ingest', '--file', ndjson('retry.ndjson', events), '--bus', BUS);
    expect(code).toBe(0);
    expect(bus.calls.map((call) => call.map((entry) => JSON.parse(entry.Detail).id))).toEqual([
      events.map((event) => event.id),
      ['visit-3', 'visit-7'],
    ]);
    expect(bus.accepted.map(({ entry }) => JSON.parse(entry.Detail).id).sort()).toEqual(
      events.map((event) => event.id).sort(),
    );
  });

  it('reports by line the events not taken after the last attempt, and exits with 3', async () => {
    const events = visits(4);
    bus.answer(() => ({
      entries: (entry) => {
        const { id } = JSON.parse(entry.Detail);
        if (id === 'visit-2') return { errorCode: 'ThrottlingException' };
        if (id === 'visit-4') return { errorCode: 'MalformedDetail' };
        return 'ok';
      },
    }));
    const { code, out, err } = await los('ingest', '--file', ndjson('failing.ndjson', events), '--bus', BUS);
    expect(code).toBe(3);
    expect(out).toContain('2 taken by EventBridge, 2 not accepted');
    expect(err.split('\n')).toEqual([
      'line 2 (event visit-2): EventBridge did not accept it (ThrottlingException); sending the file again is safe',
      'line 4 (event visit-4): EventBridge did not accept it (MalformedDetail); sending the file again is safe',
    ]);
    // The throttled entry was tried five times in all; the malformed one once.
    const tries = (id: string) =>
      bus.calls.flat().filter((entry) => JSON.parse(entry.Detail).id === id).length;
    expect([tries('visit-2'), tries('visit-4')]).toEqual([5, 1]);
  });

  it('refuses the whole file, sending nothing, when any event fails the checks, listing every problem by line', async () => {
    const events = visits(3);
    const file = ndjson('invalid.ndjson', [
      events[0] as CaseEvent,
      { ...events[1], data: { visitType: 'cp' } } as CaseEvent,
      '{"id": "broken',
      { ...events[2], occurredAt: '2099-01-01', recordedAt: '2099-01-02' } as CaseEvent,
    ]);
    const { code, out, err } = await los('ingest', '--file', file, '--bus', BUS);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(bus.calls).toEqual([]);
    const lines = err.split('\n');
    expect(lines[0]).toBe(`${file}: 3 of its events cannot be sent, so nothing was sent:`);
    expect(lines.slice(1).map((line) => line.replace(/:.*/, ''))).toEqual([
      '  line 2 (event visit-2)',
      '  line 3',
      '  line 4 (event visit-3)',
      '  line 4 (event visit-3)',
    ]);
    expect(err).toContain('data.childSeen');
    expect(err).toContain('occurredAt: is after the event was received');
  });

  it('stops with what to do when the bus is not there, having sent nothing', async () => {
    bus.answer(() => ({ error: 'ResourceNotFoundException', status: 400 }));
    const { code, err } = await los(
      'ingest',
      '--file',
      ndjson('nobus.ndjson', visits(3)),
      '--bus',
      'no-such-bus',
    );
    expect(code).toBe(2);
    expect(err).toBe(
      'los: the event bus no-such-bus was not found in this account and region: check --bus (line-of-sight-<env>-case-events) and AWS_REGION; nothing was sent',
    );
  });

  it('says how far it got when the bus refuses a later call, and exits with 3', async () => {
    bus.answer((call) =>
      call === 3 ? { error: 'AccessDeniedException', status: 400 } : { entries: () => 'ok' },
    );
    const { code, err } = await los('ingest', '--file', ndjson('denied.ndjson', visits(35)), '--bus', BUS);
    expect(code).toBe(3);
    expect(err).toBe(
      `Sending stopped at line 21: these AWS credentials may not put events on ${BUS}: give the role the ` +
        'policy line-of-sight-<env>-case-event-sender. 15 events from line 21 on were not sent; sending the file again is safe.',
    );
  });

  it('shows its progress on stderr on a long file', async () => {
    const { code, err } = await los('ingest', '--file', ndjson('long.ndjson', visits(2_500)), '--bus', BUS);
    expect(code).toBe(0);
    expect(err.split('\n')).toEqual(['1000 of 2500 events sent (40%)…', '2000 of 2500 events sent (80%)…']);
  });

  it('says what to set when no AWS credentials or region can be found', async () => {
    const file = ndjson('creds.ndjson', visits(1));
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    expect((await los('ingest', '--file', file, '--bus', BUS)).err).toMatch(
      /^los: no AWS region is set: set AWS_REGION/,
    );
    expect(bus.calls).toEqual([]);
  });

  it('says what to set when no AWS credentials can be found, either way in', async () => {
    const file = ndjson('no-credentials.ndjson', visits(1));
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    for (const target of [
      ['--bus', BUS],
      ['--http', 'http://127.0.0.1:9/events'],
    ]) {
      const { code, err } = await los('ingest', '--file', file, ...target);
      expect(code).toBe(2);
      expect(err).toBe(
        'los: no AWS credentials were found: set AWS_PROFILE (and sign in), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; nothing was sent',
      );
    }
    expect(bus.calls).toEqual([]);
  });

  it('cannot be combined with --data-dir, --http or --profile', async () => {
    const file = ndjson('one.ndjson', visits(1));
    for (const other of [
      ['--data-dir', dir],
      ['--http', 'https://example.invalid/events'],
      ['--profile', 'statutory'],
    ]) {
      const { code, err } = await los('ingest', '--file', file, '--bus', BUS, ...other);
      expect(code).toBe(2);
      expect(err).toContain('cannot be used with option');
    }
    expect(bus.calls).toEqual([]);
  });
});

/** What the HTTPS stand-in saw of each request. */
interface Received {
  contentType: string | undefined;
  lines: number;
}

/**
 * The HTTPS endpoint's stand-in: checks the request's SigV4 signature by signing it again with the
 * same credentials (a request without one, or with a wrong one, gets 403 as from API Gateway), then
 * answers with the ingest-http Lambda's handler over memory stores, unless `override` answers first.
 */
async function startEndpoint() {
  const context = memoryIngestContext(new Date().toISOString());
  const ingest = apiGatewayRoute(createIngestHttpHandler(context, { info: () => undefined }));
  const signer = new SignatureV4({
    service: 'execute-api',
    region: REGION,
    credentials: CREDENTIALS,
    sha256: Sha256,
  });
  const received: Received[] = [];
  let override: ((request: number) => number | null) | null = null;

  const signatureValid = async (method: string, path: string, headers: IncomingHttpHeaders, body: string) => {
    const authorization = String(headers.authorization ?? '');
    const parts =
      /^AWS4-HMAC-SHA256 Credential=(\w+)\/(\d{8})\/([\w-]+)\/execute-api\/aws4_request, SignedHeaders=([\w;-]+), Signature=[0-9a-f]{64}$/.exec(
        authorization,
      );
    if (!parts || parts[1] !== CREDENTIALS.accessKeyId || parts[3] !== REGION) return false;
    const signed = Object.fromEntries(
      (parts[4] as string).split(';').map((name) => [name, String(headers[name])]),
    );
    const amzDate = String(headers['x-amz-date']);
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
    );
    const again = await signer.sign(
      { method, protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers: signed, body },
      { signingDate },
    );
    return again.headers.authorization === authorization;
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      received.push({
        contentType: request.headers['content-type'],
        lines: body.split('\n').filter(Boolean).length,
      });
      const answer = (status: number, text: string) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(text);
      };
      if (!(await signatureValid(request.method ?? '', request.url ?? '', request.headers, body))) {
        answer(403, '{"message":"Forbidden"}');
        return;
      }
      const status = override?.(received.length);
      if (status) {
        answer(status, '{"error":"from the stand-in"}');
        return;
      }
      const result = await ingest(bytes);
      answer(result.statusCode, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    received,
    context,
    answerFirst(status: (request: number) => number | null) {
      override = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('los ingest --http', () => {
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;

  beforeEach(async () => {
    endpoint = await startEndpoint();
  });
  afterEach(async () => endpoint.close());

  it('sends signed NDJSON batches of at most 500 and reports each event’s outcome; a resend finds them stored', async () => {
    const events = visits(1_203, 40);
    const file = ndjson('http.ndjson', events);
    const first = await los('ingest', '--file', file, '--http', endpoint.url);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      `Sent 1203 events to ${endpoint.url}: 1203 accepted, 0 already stored, 0 rejected; deadlines recomputed for 120 cases.`,
    );
    expect(first.err).toBe('1000 of 1203 events sent (83%)…');
    expect(endpoint.received).toEqual([
      { contentType: 'application/x-ndjson', lines: 500 },
      { contentType: 'application/x-ndjson', lines: 500 },
      { contentType: 'application/x-ndjson', lines: 203 },
    ]);
    const again = await los('ingest', '--file', file, '--http', endpoint.url, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      events: 1203,
      accepted: 0,
      duplicates: 1203,
      stopped: null,
    });
  });

  it('sends a batch again when the endpoint answers 503, and reports what it then stored', async () => {
    endpoint.answerFirst((request) => (request === 1 ? 503 : null));
    const { code, out } = await los(
      'ingest',
      '--file',
      ndjson('busy.ndjson', visits(3)),
      '--http',
      endpoint.url,
    );
    expect(code).toBe(0);
    expect(out).toContain('3 accepted');
    expect(endpoint.received).toHaveLength(2);
  });

  it('lists by line the events ingest refused there, exiting with 3', async () => {
    const [first, second] = visits(2);
    // Stored there before with other content: this one is refused, and the first one stands.
    await endpoint.context.events.append(
      { ...(second as CaseEvent), occurredAt: '2026-06-01' },
      '2026-06-02T00:00:00Z',
    );
    const { code, err } = await los(
      'ingest',
      '--file',
      ndjson('conflict.ndjson', [first, second] as CaseEvent[]),
      '--http',
      endpoint.url,
    );
    expect(code).toBe(3);
    expect(err).toBe(
      'line 2 (event visit-2): id: an event with id visit-2 was already received with different content; the first one stands',
    );
  });

  it('stops at once when the endpoint refuses the signature, saying what to check', async () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-the-secret');
    const { code, err } = await los(
      'ingest',
      '--file',
      ndjson('forbidden.ndjson', visits(3)),
      '--http',
      endpoint.url,
    );
    expect(code).toBe(2);
    expect(err).toMatch(/^los: the endpoint refused the request \(403\): the credentials, their region/);
    expect(endpoint.received).toHaveLength(1);
  });

  it('sends plain http to this machine only', async () => {
    const file = ndjson('plain.ndjson', visits(1));
    const { code, err } = await los('ingest', '--file', file, '--http', 'http://example.org/events');
    expect(code).toBe(2);
    expect(err).toBe(
      'los: --http must be an https address (plain http only to this machine), such as https://abc123.execute-api.eu-west-2.amazonaws.com/events (the IngestApiEndpoint output)',
    );
    expect((await los('ingest', '--file', file, '--http', 'not a url')).code).toBe(2);
  });
});
