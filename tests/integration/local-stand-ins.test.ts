/**
 * The local stand-ins for SES, Teams, the HTTPS endpoint, DynamoDB and EventBridge Scheduler, each on a
 * loopback port in this process, driven through the same adapters and handler code as on AWS; and what
 * they refuse from web pages of other sites.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { WebhookTeamsPoster } from '../../functions/adapters/teams/webhook-poster.ts';
import { SendError } from '../../functions/core/ports.ts';
import { createIngestHttpHandler } from '../../functions/handlers/ingest-http.ts';
import { scheduleTimes } from '../../functions/runs/schedule-times.ts';
import { startDynalite } from '../../local/dynalite.ts';
import {
  apiGatewayRoute,
  type LocalServer,
  MAX_REQUEST_BYTES,
  startLocalIngestServer,
} from '../../local/http-ingest.ts';
import { type LocalSchedules, type ScheduledRunName, startLocalSchedules } from '../../local/schedules.ts';
import { type LocalSes, startLocalSes } from '../../local/ses.ts';
import { startTeamsSink, type TeamsSink } from '../../local/teams-sink.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const require = createRequire(import.meta.url);

/** A request with exactly the headers given (fetch would set its own Host): status and body text. */
function send(url: string, method: string, headers: Record<string, string>, body = '') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('local SES (aws-ses-v2-local)', () => {
  let ses: LocalSes;
  beforeAll(async () => {
    ses = await startLocalSes();
  });
  afterAll(() => ses.close());

  it('takes mail from SesEmailSender and gives it back', async () => {
    await ses.clear();
    // The package keeps whole seconds.
    const before = Math.floor(Date.now() / 1000) * 1000;
    const sender = new SesEmailSender(ses.client, {
      from: 'Line of Sight <alerts@council.example>',
      configurationSet: 'ignored-locally',
    });
    const messageId = await sender.send({
      to: 'sam.worker@council.example',
      subject: 'CASE-17: visit due – Friday',
      text: 'Due Fri 18 Dec 2026.',
      html: '<p>Due <b>Fri 18 Dec 2026</b>.</p>',
    });
    expect(messageId).toMatch(/^ses-/);
    const after = Date.now();
    const [email, ...others] = await ses.sent();
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      messageId,
      to: ['sam.worker@council.example'],
      cc: [],
      subject: 'CASE-17: visit due – Friday',
      text: 'Due Fri 18 Dec 2026.',
      html: '<p>Due <b>Fri 18 Dec 2026</b>.</p>',
    });
    expect(email?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(email?.at.getTime()).toBeLessThanOrEqual(after);
    expect(ses.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(ses.inboxUrl)).status).toBe(200);
    await ses.clear();
    expect(await ses.sent()).toEqual([]);
  });

  it('refuses a send without a sender, for good, as a SendError', async () => {
    const thrown = await new SesEmailSender(ses.client, { from: '' })
      .send({ to: 'sam.worker@council.example', subject: 's', text: 't', html: 'h' })
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SendError);
    expect((thrown as SendError).retryable).toBe(false);
    expect((thrown as SendError).message).not.toContain('sam.worker');
  });

  it('with a folder, keeps each email it takes there, has it in its inbox again after a restart, and forgets it on clear', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'los-outbox-')), 'email');
    const email = {
      to: 'sam.worker@council.example',
      subject: 'Line of Sight: 1 overdue',
      text: 'CASE-17 is overdue.',
      html: '<p>CASE-17 is overdue.</p>',
    };
    const first = await startLocalSes({ dir });
    let messageId: string | null;
    try {
      messageId = await new SesEmailSender(first.client, { from: 'alerts@council.example' }).send(email);
    } finally {
      await first.close();
    }
    expect(readdirSync(dir)).toEqual(['000001-sam_worker_council_example.json']);
    expect(
      JSON.parse(readFileSync(join(dir, '000001-sam_worker_council_example.json'), 'utf8')),
    ).toMatchObject({
      messageId,
      from: 'alerts@council.example',
      to: [email.to],
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    // Closed, it leaves the process's mailbox as it found it.
    expect(await ses.sent()).toEqual([]);

    const again = await startLocalSes({ dir });
    try {
      expect(await again.sent()).toMatchObject([
        { messageId, to: [email.to], subject: email.subject, html: email.html },
      ]);
      const store = (await (await fetch(`${again.endpoint}/store`)).json()) as {
        emails: { messageId: string }[];
      };
      expect(store.emails.map((e) => e.messageId)).toEqual([messageId]);
      await new SesEmailSender(again.client, { from: 'alerts@council.example' }).send({
        ...email,
        to: 'pat.manager@council.example',
      });
      expect(readdirSync(dir)).toEqual([
        '000001-sam_worker_council_example.json',
        '000002-pat_manager_council_example.json',
      ]);
      await again.clear();
      expect(await again.sent()).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});

describe('the Teams sink', () => {
  let sink: TeamsSink;
  beforeAll(async () => {
    sink = await startTeamsSink({ host: '127.0.0.1', maxBodyBytes: 4096 });
  });
  afterEach(() => sink.clear());
  afterAll(() => sink.close());

  const card = (...texts: string[]) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            ...texts.map((text) => ({ type: 'TextBlock', text, wrap: true })),
            { type: 'FactSet', facts: [{ title: 'Overdue', value: '2 working days' }] },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open case', url: 'https://case.example/CASE-17' }],
        },
      },
    ],
  });

  it('takes cards through WebhookTeamsPoster, lists them newest first on its page, escaped, and as JSON', async () => {
    const poster = new WebhookTeamsPoster(async (channel) => sink.webhookUrl(channel));
    await poster.post('north team', card('First: CASE-17 visit overdue'));
    await poster.post('south-team', card('Second <script>alert(1)</script> & more'));

    const cards = (await (await fetch(`${sink.url}/cards`)).json()) as { channel: string }[];
    expect(cards.map((c) => c.channel)).toEqual(['north team', 'south-team']);
    expect(sink.cards()).toEqual(cards);
    expect(sink.cards()[0]?.payload).toEqual(card('First: CASE-17 visit overdue'));

    const response = await fetch(sink.url);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('Second &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(page).not.toContain('<script>');
    expect(page).toContain('First: CASE-17 visit overdue');
    expect(page).toContain('Overdue: 2 working days');
    expect(page.indexOf('south-team')).toBeLessThan(page.indexOf('north team'));
  });

  it('fails the next posts on request, as retryable SendErrors, then takes cards again', async () => {
    const poster = new WebhookTeamsPoster(async (channel) => sink.webhookUrl(channel));
    sink.failNext(1, 429);
    sink.failNext(1, 500);
    for (const expected of ['HTTP 429 (retry after 1)', 'HTTP 500']) {
      const thrown = await poster.post('north-team', card('x')).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(SendError);
      expect((thrown as SendError).retryable).toBe(true);
      expect((thrown as SendError).message).toBe(`Teams post to north-team answered ${expected}`);
      expect((thrown as SendError).message).not.toContain(sink.url);
    }
    expect(sink.cards()).toEqual([]);
    await poster.post('north-team', card('x'));
    expect(sink.cards()).toHaveLength(1);
  });

  it('answers 400 to a body that is not JSON, 413 to one too big, 415 to one not sent as JSON, 404 elsewhere', async () => {
    const post = (body: string, headers: Record<string, string> = JSON_TYPE) =>
      fetch(sink.webhookUrl('north-team'), { method: 'POST', body, headers });
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await post(JSON.stringify(card('x')), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${sink.url}/elsewhere`)).status).toBe(404);
    expect(sink.cards()).toEqual([]);
  });

  it('serves its page with a policy that runs its own scripts only, and the renderer from the packages that ship it', async () => {
    const page = await fetch(sink.url);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    for (const [path, type, start] of [
      [
        '/assets/adaptivecards.js',
        'text/javascript',
        readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8'),
      ],
      [
        '/assets/markdown-it.js',
        'text/javascript',
        readFileSync(require.resolve('markdown-it/browser'), 'utf8'),
      ],
      [
        '/assets/adaptivecards.css',
        'text/css',
        readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8'),
      ],
      [
        '/assets/sink.js',
        'text/javascript',
        readFileSync(new URL('../../local/teams-sink-page.js', import.meta.url), 'utf8'),
      ],
      [
        '/assets/sink.css',
        'text/css',
        readFileSync(new URL('../../local/teams-sink-page.css', import.meta.url), 'utf8'),
      ],
    ] as const) {
      const response = await fetch(`${sink.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`);
      expect(await response.text(), path).toBe(start);
    }
    expect((await fetch(`${sink.url}/assets/other.js`)).status).toBe(404);
    expect((await fetch(`${sink.url}/assets/../package.json`)).status).toBe(404);
  });

  it('with a folder, keeps each card it takes there and shows them again after a restart, oldest first; clear empties it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'los-outbox-')), 'teams');
    const first = await startTeamsSink({ dir });
    try {
      const poster = new WebhookTeamsPoster(async (channel) => first.webhookUrl(channel));
      await poster.post('north team', card('First'));
      await poster.post('south-team', card('Second'));
    } finally {
      await first.close();
    }
    expect(readdirSync(dir)).toEqual(['000001-north_team.json', '000002-south-team.json']);
    const again = await startTeamsSink({ dir });
    try {
      expect(again.cards().map((c) => [c.channel, c.payload])).toEqual([
        ['north team', card('First')],
        ['south-team', card('Second')],
      ]);
      expect(await (await fetch(`${again.url}/cards`)).json()).toEqual(again.cards());
      const page = await (await fetch(again.url)).text();
      expect(page).toContain('Teams cards received: 2');
      expect(page.indexOf('Second')).toBeLessThan(page.indexOf('First'));
      await new WebhookTeamsPoster(async (channel) => again.webhookUrl(channel)).post(
        'north team',
        card('Third'),
      );
      expect(readdirSync(dir)).toHaveLength(3);
      expect(readdirSync(dir)[2]).toBe('000003-north_team.json');
      again.clear();
      expect([again.cards(), readdirSync(dir)]).toEqual([[], []]);
    } finally {
      await again.close();
    }
  });

  it('with a folder holding a file it did not write, refuses to start, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'los-outbox-'));
    writeFileSync(join(dir, '000001-north.json'), '{"not":"a card"}');
    writeFileSync(join(dir, 'notes.txt'), 'a file of the developer’s own is left alone');
    await expect(startTeamsSink({ dir })).rejects.toThrow(
      `${join(dir, '000001-north.json')} is not one of the Teams cards Line of Sight keeps there; move it out of the folder, or delete the folder to start with none`,
    );
  });
});

describe('the local HTTPS ingest endpoint', () => {
  const servers: LocalServer[] = [];
  afterAll(() => Promise.all(servers.map((server) => server.close())));
  const start = async (...args: Parameters<typeof startLocalIngestServer>) => {
    const server = await startLocalIngestServer(...args);
    servers.push(server);
    return server;
  };

  it('hands the bytes of POST /events to the handler, answers GET /health, and mounts more routes', async () => {
    const bodies: string[] = [];
    const server = await start({
      handle: async (body) => {
        bodies.push(Buffer.from(body).toString('utf8'));
        return { statusCode: 200, body: JSON.stringify({ accepted: 2 }) };
      },
      routes: {
        'GET /deadlines': async (_, url) => ({
          statusCode: 200,
          body: `<p>${url.searchParams.get('case')}</p>`,
          contentType: 'text/html; charset=utf-8',
        }),
      },
    });
    const batch = '{"id":"e1"}\n{"id":"e2"}\n';
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      body: batch,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect([response.status, await response.json()]).toEqual([200, { accepted: 2 }]);
    expect(bodies).toEqual([batch]);
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const page = await fetch(`${server.url}/deadlines?case=CASE-17`);
    expect([page.headers.get('content-type'), await page.text()]).toEqual([
      'text/html; charset=utf-8',
      '<p>CASE-17</p>',
    ]);
    expect((await fetch(`${server.url}/events`)).status).toBe(404);
  });

  it('refuses a body over the Lambda payload limit with 413, without calling the handler', async () => {
    const handle = vi.fn(async () => ({ statusCode: 200, body: '{}' }));
    const server = await start({ handle });
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      body: 'x'.repeat(MAX_REQUEST_BYTES + 1),
      headers: JSON_TYPE,
    });
    expect(response.status).toBe(413);
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers with the Lambda’s own handler code, an outcome per item', async () => {
    const context = memoryIngestContext();
    const server = await start({
      handle: apiGatewayRoute(createIngestHttpHandler(context, { info: () => {} })),
    });
    const event = { id: 'L1', type: 'cp_plan.started', caseId: 'CASE-L', occurredAt: '2026-12-04', data: {} };
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      body: JSON.stringify([event, { ...event, id: 'L2', type: 'nope' }]),
      headers: JSON_TYPE,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: 1, duplicates: 0 });
    expect(await context.events.eventsOf('CASE-L')).toHaveLength(1);
    expect(
      (await fetch(`${server.url}/events`, { method: 'POST', body: ' ', headers: JSON_TYPE })).status,
    ).toBe(400);
  });

  it('refuses a POST that is neither JSON nor NDJSON with 415, without calling the handler', async () => {
    const handle = vi.fn(async () => ({ statusCode: 200, body: '{}' }));
    const server = await start({ handle });
    const post = (headers: Record<string, string>) => send(`${server.url}/events`, 'POST', headers, '[]');
    // What a page may post to any site without asking the browser's leave first.
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      expect(await post({ 'content-type': type })).toEqual({
        status: 415,
        body: JSON.stringify({ error: 'the content type must be application/json or application/x-ndjson' }),
      });
    }
    expect((await post({})).status).toBe(415);
    expect(handle).not.toHaveBeenCalled();
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/x-ndjson']) {
      expect((await post({ 'content-type': type })).status).toBe(200);
    }
    expect(handle).toHaveBeenCalledTimes(3);
  });
});

describe('every local server, against web pages of other sites', () => {
  const handle = vi.fn(async () => ({ statusCode: 200, body: '{}' }));
  /** Each server, and a request it serves to this machine's programs. */
  const servers = new Map<string, { url: string; path: string; close(): Promise<void> }>();
  beforeAll(async () => {
    const ingest = await startLocalIngestServer({ handle });
    const sink = await startTeamsSink();
    const ses = await startLocalSes();
    const dynamo = await startDynalite();
    servers.set('the ingest endpoint', { ...ingest, path: '/health' });
    servers.set('the Teams sink', { ...sink, path: '/cards' });
    servers.set('local SES', { url: ses.endpoint, path: '/health-check', close: ses.close });
    servers.set('dynalite', { url: dynamo.endpoint, path: '/', close: dynamo.close });
  });
  afterAll(() => Promise.all([...servers.values()].map((server) => server.close())));
  const names = ['the ingest endpoint', 'the Teams sink', 'local SES', 'dynalite'];
  const serverNamed = (name: string) => {
    const server = servers.get(name);
    if (!server) throw new Error(`${name} did not start`);
    return { ...server, port: Number(new URL(server.url).port) };
  };

  it.each(names)('%s answers only to a loopback name with its own port (DNS rebinding)', async (name) => {
    const { url, path, port } = serverNamed(name);
    const refused = {
      status: 403,
      body: JSON.stringify({
        error: 'this server answers only to localhost, 127.0.0.1 or [::1] with its own port',
      }),
    };
    for (const host of [`rebound.example:${port}`, 'rebound.example', `localhost.rebound.example:${port}`]) {
      expect(await send(`${url}${path}`, 'GET', { host })).toEqual(refused);
    }
    expect(await send(`${url}${path}`, 'GET', { host: `127.0.0.1:${port + 1}` })).toEqual(refused);
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await send(`${url}${path}`, 'GET', { host })).status).toBe(200);
    }
  });

  it.each(names)('%s refuses another site’s Origin, and serves none or its own', async (name) => {
    const { url, path, port } = serverNamed(name);
    const refused = {
      status: 403,
      body: JSON.stringify({ error: 'requests from other web pages are refused' }),
    };
    const origins = [
      'https://attacker.example',
      'null',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
    ];
    for (const origin of origins) {
      expect(await send(`${url}${path}`, 'GET', { origin })).toEqual(refused);
      // A cross-site POST is refused before it is read, whatever it claims to be.
      expect(await send(url, 'POST', { origin, ...JSON_TYPE }, '{}')).toEqual(refused);
    }
    expect(handle).not.toHaveBeenCalled();
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await send(`${url}${path}`, 'GET', { origin })).status).toBe(200);
    }
  });
});

describe('the local schedules', () => {
  /** A London wall-clock time as shown, e.g. "Mon 06/07/2026, 07:00 BST". */
  const london = (date: Date | null) =>
    date &&
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(date);

  const log = { info: vi.fn() };
  let schedules: LocalSchedules | undefined;
  afterEach(() => {
    schedules?.stop();
    vi.useRealTimers();
    log.info.mockReset();
  });

  it('gives the next runs in London time, in summer (BST) and in winter (GMT)', () => {
    schedules = startLocalSchedules({ morningRunTime: '07:00', onRun: async () => {}, log });
    // Friday 3 July 2026, 12:00 BST: the next morning and weekly runs are Monday's; the hourly one is
    // at half past.
    expect(schedules.next(new Date('2026-07-03T11:00:00Z'))).toEqual({
      morning: new Date('2026-07-06T06:00:00Z'),
      hourly: new Date('2026-07-03T11:30:00Z'),
      weekly: new Date('2026-07-06T06:15:00Z'),
    });
    // Tuesday 8 December 2026, 06:59 GMT.
    const winter = schedules.next(new Date('2026-12-08T06:59:00Z'));
    expect([london(winter.morning), london(winter.hourly)]).toEqual([
      'Tue, 08/12/2026, 07:00 GMT',
      'Tue, 08/12/2026, 07:30 GMT',
    ]);
    // From now: a weekday at 07:00 London time, and some hour at half past.
    const now = schedules.next();
    expect(london(now.morning)).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 07:00 (GMT|BST)$/);
    expect(london(now.hourly)).toMatch(/:30 (GMT|BST)$/);
  });

  it.each(['07:00', '07:45', '23:59', '00:00'])('runs at the times the AWS schedules use (%s)', (time) => {
    const aws = scheduleTimes(time);
    schedules = startLocalSchedules({ morningRunTime: time, onRun: async () => {}, log });
    const next = schedules.next(new Date('2026-03-02T00:00:00Z'));
    const parts = (date: Date | null) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: 'numeric' })
        .formatToParts(date ?? undefined)
        .filter((part) => part.type === 'hour' || part.type === 'minute')
        .map((part) => String(Number(part.value)));
    expect(parts(next.morning)).toEqual([aws.morning.hour, aws.morning.minute]);
    expect(parts(next.hourly)[1]).toBe(aws.hourlyMinute);
    expect(parts(next.weekly)).toEqual([aws.weekly.hour, aws.weekly.minute]);
    schedules.stop();
  });

  it('refuses a morning run time that is not HH:MM', () => {
    expect(() => startLocalSchedules({ morningRunTime: '7am', onRun: async () => {}, log })).toThrow(
      'the morning run time must be HH:MM',
    );
  });

  it('hands each run its scheduled time, never overlaps runs, and logs a failure by its name only', async () => {
    // Monday 6 July 2026, 06:59:50 BST.
    vi.useFakeTimers({ now: new Date('2026-07-06T05:59:50Z') });
    const runs: [ScheduledRunName, string][] = [];
    let finish: () => void = () => {};
    schedules = startLocalSchedules({
      morningRunTime: '07:00',
      onRun: async (run, scheduledTime) => {
        runs.push([run, scheduledTime.toISOString()]);
        if (run === 'morning') throw new TypeError('CASE-17 could not be read');
        if (run === 'weekly') return;
        await new Promise<void>((resolve) => (finish = resolve));
      },
      log,
    });
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    expect(runs).toEqual([
      ['morning', '2026-07-06T06:00:00.000Z'],
      ['weekly', '2026-07-06T06:15:00.000Z'],
      ['hourly', '2026-07-06T06:30:00.000Z'],
    ]);
    expect(log.info).toHaveBeenCalledWith('scheduled run failed', {
      run: 'morning',
      scheduledTime: '2026-07-06T06:00:00.000Z',
      error: 'TypeError',
    });
    // The hourly run is still going an hour later: the next one is skipped, not stacked.
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(runs).toHaveLength(3);
    expect(log.info).toHaveBeenCalledWith('scheduled run skipped: the previous one is still going', {
      run: 'hourly',
      scheduledTime: '2026-07-06T07:30:00.000Z',
    });
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.info).toHaveBeenCalledWith(
      'scheduled run done',
      expect.objectContaining({ run: 'hourly', scheduledTime: '2026-07-06T06:30:00.000Z' }),
    );
    expect(JSON.stringify(log.info.mock.calls)).not.toContain('CASE-17');
  });
});
