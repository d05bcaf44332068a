/**
 * The web board over HTTP (`app.request`), on in-memory stores through the real ingest, with a test
 * sign-in: every route of the route table refuses a request without a session and a case outside the
 * reader's line; a worker sees only their cases, a service manager their area; forms need the session's
 * CSRF token and the board's origin; the secure headers and the session cookie's attributes; one audit
 * line per case read, with nothing but who, which case, when and the page; and the actions' round trip.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { MemoryActionTextStore } from '../../functions/adapters/memory/action-text-store.ts';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import { BOARD_ROUTES, createBoardApp } from '../../functions/board/app.ts';
import { csrfToken } from '../../functions/board/csrf-token.ts';
import type { BoardDeps, CaseRead } from '../../functions/board/deps.ts';
import { indexBoardReader } from '../../functions/board/index-reader.ts';
import type { SignIn } from '../../functions/board/sign-in.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { fileReadAudit, LocalSignIn } from '../../local/board-serve.ts';
import { event } from '../support/case-history.ts';
import { member } from '../support/directory.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

const NOW = '2026-12-07T10:00:00Z';
const ORIGIN = 'http://localhost';
const SECRET = 'a test secret of the board, 32 bytes or more';

/** Two areas (east, west) under one head of service; east has two teams. */
const DIRECTORY: DirectoryData = {
  teams: [
    { id: 'division', name: 'Division', parentId: null, teamsChannel: null },
    { id: 'east', name: 'East', parentId: 'division', teamsChannel: null },
    { id: 'west', name: 'West', parentId: 'division', teamsChannel: null },
    { id: 'east-1', name: 'East 1', parentId: 'east', teamsChannel: null },
    { id: 'east-2', name: 'East 2', parentId: 'east', teamsChannel: null },
    { id: 'west-1', name: 'West 1', parentId: 'west', teamsChannel: null },
  ],
  staff: [
    member('HOS-1', 'HOS', null, 'division'),
    member('SM-E', 'SM', 'HOS-1', 'east'),
    member('SM-W', 'SM', 'HOS-1', 'west'),
    member('TM-E1', 'TM', 'SM-E', 'east-1'),
    member('TM-E2', 'TM', 'SM-E', 'east-2'),
    member('TM-W1', 'TM', 'SM-W', 'west-1'),
    member('SW-E1', 'worker', 'TM-E1', 'east-1'),
    member('SW-E2', 'worker', 'TM-E2', 'east-2'),
    member('SW-W1', 'worker', 'TM-W1', 'west-1'),
    member('SW-GONE', 'worker', 'TM-E1', 'east-1', '2026-11-30'),
  ],
};

/** A child accommodated under section 20 (on the permanency tracker), allocated to `workerId` in `teamId`. */
const section20Case = (caseId: string, workerId: string, teamId: string) => [
  event('child.updated', '2026-01-05', { dateOfBirth: '2015-03-01' }, { caseId }),
  event('case.allocated', '2026-06-01', { workerId, teamId, reason: 'new' }, { caseId }),
  event('care_period.started', '2026-06-01', { legalStatus: 'section-20' }, { caseId }),
];

/** The test sign-in: the reader is the staff id in the `test-staff` cookie, its session id derived from it. */
const testSignIn: SignIn = {
  mount(app) {
    app.get('/auth/login', (c) => c.text('sign in here'));
  },
  async sessionOf(c) {
    const staffId = getCookie(c, 'test-staff');
    return staffId ? { staffId, sessionId: `session-of-${staffId}` } : null;
  },
};

async function harness(signIn: SignIn = testSignIn) {
  const ingest = memoryIngestContext(NOW);
  const directory = new MemoryDirectoryStore();
  await directory.replace(DIRECTORY);
  await ingestBatch(
    [
      ...section20Case('CASE-E1', 'SW-E1', 'east-1'),
      ...section20Case('CASE-E2', 'SW-E2', 'east-2'),
      ...section20Case('CASE-W1', 'SW-W1', 'west-1'),
    ],
    'test',
    ingest,
  );
  const reads: CaseRead[] = [];
  const sent: unknown[] = [];
  const deps: BoardDeps = {
    signIn,
    board: indexBoardReader(
      { events: ingest.events, directory, trackers: ingest.trackers, timeliness: ingest.timeliness },
      ingest.profile,
    ),
    actionTexts: new MemoryActionTextStore(),
    send: async (events) => {
      sent.push(...events);
      return ingestBatch(events, 'board', ingest);
    },
    audit: { record: async (batch) => void reads.push(...batch) },
    now: () => new Date(NOW),
    profile: ingest.profile,
    origin: ORIGIN,
    csrfSecret: SECRET,
  };
  const app = createBoardApp(deps);
  const get = (path: string, staffId?: string) =>
    app.request(path, { headers: staffId ? { cookie: `test-staff=${staffId}` } : {} });
  const post = (
    path: string,
    staffId: string | null,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        ...(staffId && { cookie: `test-staff=${staffId}` }),
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
  /** A form as the board draws it for `staffId`: with their session's token. */
  const withToken = (staffId: string, form: Record<string, string> = {}) => ({
    csrf: csrfToken(`session-of-${staffId}`, SECRET),
    ...form,
  });
  return { app, get, post, withToken, reads, sent, ingest };
}

/** A route's path with its parameters filled in. */
const pathOf = (path: string, ref: string, actionId = 'action-0001') =>
  path.replace(':ref', ref).replace(':id', actionId);

/** The board's case page of `ref` for `staffId`, as text. */
const textOf = async (response: Response) => response.text();

describe('the board’s routes, without a session', () => {
  it('sends every page load to sign in, and refuses every other request', async () => {
    const { get, post } = await harness();
    for (const route of BOARD_ROUTES) {
      const path = pathOf(route.path, 'CASE-E1');
      const response = route.method === 'GET' ? await get(path) : await post(path, null, {});
      if (route.method === 'GET') {
        expect(response.status, path).toBe(302);
        expect(response.headers.get('location'), path).toBe('/auth/login');
      } else {
        expect(response.status, path).toBe(403);
      }
    }
  });

  it('serves only /auth/*, /static/* and /health, and every other route the app has is in the route table', async () => {
    const { app, get } = await harness();
    expect((await get('/health')).status).toBe(200);
    expect((await get('/static/board.css')).status).toBe(200);
    expect((await get('/auth/login')).status).toBe(200);
    const table = new Set(BOARD_ROUTES.map((route) => `${route.method} ${route.path}`));
    const registered = app.routes
      .filter((route) => route.method !== 'ALL' && !/^\/(auth|static)\/|^\/health$/.test(route.path))
      .map((route) => `${route.method} ${route.path}`);
    expect(new Set(registered)).toEqual(table);
  });
});

describe('a case outside the reader’s line', () => {
  it('is refused on every case route, GET and POST, exactly as a case that does not exist, and nothing is sent or read', async () => {
    const { get, post, withToken, reads, sent } = await harness();
    // An open action on the west case, so the action routes have something they could reach.
    const recorded = await post(
      '/cases/CASE-W1/actions',
      'TM-W1',
      withToken('TM-W1', { text: 'Book the review meeting', ownerId: 'SW-W1', dueOn: '2026-12-14' }),
    );
    expect(recorded.status).toBe(303);
    const actionId = (sent[0] as { data: { actionId: string } }).data.actionId;
    const sentBefore = sent.length;
    reads.length = 0;

    const caseRoutes = BOARD_ROUTES.filter((route) => route.access === 'case');
    expect(caseRoutes.length).toBeGreaterThanOrEqual(5);
    for (const route of caseRoutes) {
      for (const reader of ['SM-E', 'TM-E1', 'SW-E1']) {
        const attempt = async (ref: string) => {
          const path = pathOf(route.path, ref, actionId);
          return route.method === 'GET'
            ? get(path, reader)
            : post(
                path,
                reader,
                withToken(reader, {
                  text: 'x',
                  ownerId: 'SW-W1',
                  dueOn: '2026-12-20',
                  reason: 'reprioritised',
                }),
              );
        };
        const outside = await attempt('CASE-W1');
        const missing = await attempt('CASE-NOPE');
        expect(outside.status, `${route.method} ${route.path} as ${reader}`).toBe(404);
        expect(missing.status).toBe(404);
        expect(await outside.text()).toBe(await missing.text());
      }
    }
    expect(sent.length).toBe(sentBefore);
    expect(reads).toEqual([]);
  });

  it('is not reachable by narrowing a tracker to a unit outside the line', async () => {
    const { get } = await harness();
    expect((await get('/trackers/permanency?unit=west-1', 'SM-E')).status).toBe(403);
    expect((await get('/trackers/permanency?unit=nowhere', 'SM-E')).status).toBe(403);
    expect((await get('/trackers/permanency?unit=east-1', 'SW-E1')).status).toBe(403);
  });
});

describe('who sees what', () => {
  it('shows a worker only their own cases', async () => {
    const { get } = await harness();
    for (const path of ['/', '/trackers/permanency', '/agenda?week=2026-12-07']) {
      const page = await textOf(await get(path, 'SW-E1'));
      expect(page, path).not.toContain('CASE-E2');
      expect(page, path).not.toContain('CASE-W1');
    }
    expect(await textOf(await get('/trackers/permanency', 'SW-E1'))).toContain('CASE-E1');
    expect((await get('/cases/CASE-E1', 'SW-E1')).status).toBe(200);
    expect((await get('/cases/CASE-E2', 'SW-E1')).status).toBe(404);
  });

  it('shows a service manager their area, and one unit of it when asked', async () => {
    const { get } = await harness();
    const area = await textOf(await get('/trackers/permanency', 'SM-E'));
    expect(area).toContain('CASE-E1');
    expect(area).toContain('CASE-E2');
    expect(area).not.toContain('CASE-W1');
    const team = await textOf(await get('/trackers/permanency?unit=east-2', 'SM-E'));
    expect(team).toContain('CASE-E2');
    expect(team).not.toContain('CASE-E1');
    expect((await get('/cases/CASE-E2', 'SM-E')).status).toBe(200);
  });

  it('links a case by its encoded reference, and opens it', async () => {
    const { get, ingest } = await harness();
    await ingestBatch(section20Case('east:7.2', 'SW-E1', 'east-1'), 'test', ingest);
    const tracker = await textOf(await get('/trackers/permanency', 'SW-E1'));
    expect(tracker).toContain('<a href="/cases/east%3A7.2">east:7.2</a>');
    const page = await get('/cases/east%3A7.2', 'SW-E1');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Case east:7.2</h1>');
  });

  it('shows a head of service everything below their unit', async () => {
    const { get } = await harness();
    const all = await textOf(await get('/trackers/permanency', 'HOS-1'));
    for (const ref of ['CASE-E1', 'CASE-E2', 'CASE-W1']) expect(all).toContain(ref);
  });

  it('refuses staff the directory does not hold, and leavers', async () => {
    const { get, post, withToken } = await harness();
    for (const staffId of ['NOBODY', 'SW-GONE']) {
      expect((await get('/', staffId)).status).toBe(403);
      expect((await get('/cases/CASE-E1', staffId)).status).toBe(403);
      expect((await post('/cases/CASE-E1/actions', staffId, withToken(staffId))).status).toBe(403);
    }
  });
});

describe('forms', () => {
  const form = { text: 'Ask the school for the attendance record', ownerId: 'SW-E1', dueOn: '2026-12-14' };

  it('refuse a POST without the session’s token, with another session’s, or from another origin', async () => {
    const { post, withToken, sent } = await harness();
    expect((await post('/cases/CASE-E1/actions', 'SM-E', form)).status).toBe(403);
    expect((await post('/cases/CASE-E1/actions', 'SM-E', withToken('TM-E1', form))).status).toBe(403);
    expect(
      (
        await post('/cases/CASE-E1/actions', 'SM-E', withToken('SM-E', form), {
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post('/cases/CASE-E1/actions', 'SM-E', withToken('SM-E', form), {
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post('/cases/CASE-E1/actions', 'SM-E', withToken('SM-E', form), {
          'content-type': 'application/json',
        })
      ).status,
    ).toBe(415);
    expect(sent).toEqual([]);
  });

  it('record an action, move it with a reason, mark it done, and keep every change with who made it', async () => {
    const { get, post, withToken, sent } = await harness();
    const recorded = await post('/cases/CASE-E1/actions', 'SM-E', withToken('SM-E', form));
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get('location')).toBe('/cases/CASE-E1?status=recorded#actions');
    const event = sent[0] as { type: string; recordedBy: string; data: Record<string, string> };
    expect(event).toMatchObject({
      type: 'action.recorded',
      recordedBy: 'SM-E',
      data: { ownerId: 'SW-E1', dueOn: '2026-12-14' },
    });
    // The text is never in the event.
    expect(JSON.stringify(event)).not.toContain('attendance');
    const { actionId } = event.data;
    // Only the board's own status codes are shown.
    expect(await textOf(await get('/cases/CASE-E1?status=toString', 'SM-E'))).not.toContain('role="status"');
    const page = await textOf(await get('/cases/CASE-E1?status=recorded', 'SM-E'));
    expect(page).toContain('The action is recorded.');
    expect(page).toContain('Ask the school for the attendance record');

    const moved = await post(
      `/cases/CASE-E1/actions/${actionId}/move`,
      'TM-E1',
      withToken('TM-E1', { dueOn: '2026-12-21', reason: 'awaiting-information' }),
    );
    expect(moved.status).toBe(303);
    expect((await post(`/cases/CASE-E1/actions/${actionId}/done`, 'SW-E1', withToken('SW-E1'))).status).toBe(
      303,
    );
    const history = await textOf(await get('/cases/CASE-E1', 'SM-E'));
    expect(history).toContain('Recorded by Synthetic SM-E');
    expect(history).toContain('Moved by Synthetic TM-E1');
    expect(history).toContain('Waiting on information from another agency or professional');
    expect(history).toContain('Marked done by Synthetic SW-E1');
    // Done: it can no longer be changed.
    expect(
      (await post(`/cases/CASE-E1/actions/${actionId}/withdraw`, 'SM-E', withToken('SM-E'))).status,
    ).toBe(404);
  });

  it('withdraw an action recorded in error, as a retraction of its recording', async () => {
    const { post, withToken, sent } = await harness();
    await post('/cases/CASE-E1/actions', 'SM-E', withToken('SM-E', form));
    const recording = sent[0] as { id: string; data: { actionId: string } };
    const withdrawn = await post(
      `/cases/CASE-E1/actions/${recording.data.actionId}/withdraw`,
      'SM-E',
      withToken('SM-E'),
    );
    expect(withdrawn.status).toBe(303);
    expect(sent[1]).toMatchObject({ type: 'event.retracted', data: { eventId: recording.id } });
  });

  it('refuse "ongoing", an owner outside the case’s line and a past date, in plain English, keeping what was typed', async () => {
    const { post, withToken, sent } = await harness();
    const ongoing = await post(
      '/cases/CASE-E1/actions',
      'SM-E',
      withToken('SM-E', { ...form, text: 'Monitor attendance - ongoing' }),
    );
    expect(ongoing.status).toBe(400);
    const page = await ongoing.text();
    expect(page).toContain('&quot;ongoing&quot; and the like are not a timescale');
    expect(page).toContain('Monitor attendance - ongoing</textarea>');
    const outsider = await post(
      '/cases/CASE-E1/actions',
      'SM-E',
      withToken('SM-E', { ...form, ownerId: 'SW-W1' }),
    );
    expect(await outsider.text()).toContain('someone whose line includes this case');
    const past = await post(
      '/cases/CASE-E1/actions',
      'SM-E',
      withToken('SM-E', { ...form, dueOn: '2026-12-01' }),
    );
    expect(await past.text()).toContain('The due date cannot be in the past.');
    expect(sent).toEqual([]);
  });
});

describe('security headers and the session cookie', () => {
  it('sends a content security policy with no script, no framing and forms to the board only, and no-store', async () => {
    const { get } = await harness();
    for (const response of [await get('/', 'SM-E'), await get('/cases/CASE-E1', 'SM-E'), await get('/')]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const page = await (await get('/', 'SM-E')).text();
    expect(page).not.toMatch(/<script|style=|onclick=/i);
  });

  it('sets the session cookie __Host-, HttpOnly, Secure and SameSite=Lax, and refuses a tampered one', async () => {
    const directory = new MemoryDirectoryStore();
    await directory.replace(DIRECTORY);
    const { app } = await harness(new LocalSignIn(directory, () => new Date(NOW)));
    const signedIn = await app.request('/auth/local', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: 'staffId=SM-E',
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-los-board-session=[^;]+/);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/'])
      expect(cookie).toContain(attribute);
    expect(cookie).not.toMatch(/Domain=/i);
    const session = cookie.split(';')[0] as string;
    expect((await app.request('/', { headers: { cookie: session } })).status).toBe(200);
    const tampered = session.replace('SM-E', 'HOS-1');
    expect((await app.request('/', { headers: { cookie: tampered } })).status).toBe(302);
    // Signing out deletes it.
    const signedOut = await app.request('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: session },
      body: '',
    });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^__Host-los-board-session=; Max-Age=0/);
    // A leaver cannot be chosen.
    const leaver = await app.request('/auth/local', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: 'staffId=SW-GONE',
    });
    expect(leaver.status).toBe(400);
    expect(leaver.headers.get('set-cookie')).toBeNull();
    // Signing in is a form too: refused from another origin.
    const forged = await app.request('/auth/local', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'staffId=SM-E',
    });
    expect(forged.status).toBe(403);
  });
});

describe('the read audit', () => {
  it('records one line per case read, with who, which case, when and the page only', async () => {
    const { get, reads } = await harness();
    await get('/cases/CASE-E1', 'SM-E');
    expect(reads).toEqual([
      { at: '2026-12-07T10:00:00.000Z', staffId: 'SM-E', caseId: 'CASE-E1', view: 'case' },
    ]);
    reads.length = 0;
    await get('/trackers/permanency', 'SM-E');
    expect(reads.map((read) => [read.caseId, read.view])).toEqual([
      ['CASE-E1', 'tracker'],
      ['CASE-E2', 'tracker'],
    ]);
    for (const read of reads) expect(Object.keys(read).sort()).toEqual(['at', 'caseId', 'staffId', 'view']);
  });
});

describe('the read audit on a laptop', () => {
  it('appends one JSON line per read to its file, readable by its owner only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'los-board-')), 'board-reads.ndjson');
    const audit = fileReadAudit(file);
    const read = {
      at: '2026-12-07T10:00:00.000Z',
      staffId: 'SM-E',
      caseId: 'CASE-E1',
      view: 'case',
    } as const;
    await audit.record([read]);
    await audit.record([{ ...read, caseId: 'CASE-E2', view: 'tracker' }]);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([read, { ...read, caseId: 'CASE-E2', view: 'tracker' }]);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});

describe('the agenda', () => {
  it('is drawn for the week asked, by its Monday (any other day goes to its Monday)', async () => {
    const { get } = await harness();
    const response = await get('/agenda?week=2026-12-09', 'SM-E');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/agenda?week=2026-12-07');
    const page = await (await get('/agenda?week=2026-12-07', 'SM-E')).text();
    expect(page).toContain('Meeting agenda: week of 2026-12-07');
    expect((await get('/agenda?week=soon', 'SM-E')).status).toBe(400);
  });
});

describe('timeliness', () => {
  /** The ids (teams' or workers') the CSV's rows are of. */
  const idsIn = (csv: string) =>
    new Set(
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    );

  it('gives each reader their line’s figures only: a worker their own, a manager their units’, by team or by worker', async () => {
    const { get } = await harness();
    const csv = async (path: string, who: string) => (await get(path, who)).text();
    const byTeam = idsIn(await csv('/timeliness.csv', 'SM-E'));
    expect(byTeam).toContain('east-1');
    expect(byTeam).toContain('east-2');
    expect(byTeam).not.toContain('west-1');
    const byWorker = idsIn(await csv('/timeliness.csv?by=worker', 'SM-E'));
    expect(byWorker).toContain('SW-E1');
    expect(byWorker).not.toContain('SW-W1');
    expect(idsIn(await csv('/timeliness.csv?unit=east-2', 'SM-E'))).toEqual(new Set(['east-2']));
    expect(idsIn(await csv('/timeliness.csv?by=team&unit=east-1', 'SW-E1'))).toEqual(new Set(['SW-E1']));
    for (const path of ['/timeliness?unit=west-1', '/timeliness.csv?unit=west-1']) {
      expect((await get(path, 'SM-E')).status, path).toBe(403);
    }
  });

  it('draws a chart per rule as an image with a title and description, each beside a table of its figures, and offers the CSV for Excel', async () => {
    const { get } = await harness();
    const page = await (await get('/timeliness', 'TM-E1')).text();
    expect(page).toContain('<h1>Timeliness</h1>');
    expect(page).toMatch(/<svg class="chart" role="img" aria-labelledby="chart-0-title chart-0-desc"/);
    expect(page).toMatch(/<table class="figures">\s*<caption>/);
    expect(page).toContain('href="/timeliness.csv"');
    expect(page.match(/<svg class="chart"/g)?.length).toBeLessThanOrEqual(3);
    // Every standard is listed, each linking to its own chart.
    const rule = /href="\/timeliness\?rule=([^"]+)"/.exec(page)?.[1] ?? '';
    expect(rule).not.toBe('');
    const one = await (await get(`/timeliness?rule=${rule}`, 'TM-E1')).text();
    expect(one.match(/<svg class="chart"/g)).toHaveLength(1);
    expect(one).toContain(`<span class="hint">${decodeURIComponent(rule)}</span>`);
    const csv = await get('/timeliness.csv', 'TM-E1');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="timeliness-2025-12-to-2026-11\.csv"$/,
    );
  });
});
