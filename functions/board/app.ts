/**
 * The Line of Sight board: the trackers, the meeting's agenda and each case's page with its actions,
 * for the managers' weekly meeting. One Hono app, built from its dependencies
 * ({@link BoardDeps}), served by the board's Lambda on AWS and by `npm start` on a laptop.
 *
 * Security, in the order a request meets it:
 * - Every answer carries a content security policy (`default-src 'self'`, no script at all, forms to
 *   the board only, never framed), the other secure headers, and `Cache-Control: no-store`.
 * - A form posted from another origin is refused (`hono/csrf`, with the board's origin given).
 * - Only `/auth/*` (sign-in), `/static/*` and `/health` are public. Any other request without a session
 *   is sent to sign in (a page load) or refused with 403 (anything else); a reader the directory does
 *   not hold in post is refused with 403.
 * - Every POST must be a form carrying the session's CSRF token, else 403.
 * - A case route answers 404 alike for a case that does not exist and one outside the reader's line,
 *   so a reference cannot be probed for.
 * - Every case a page shows is recorded in the read audit: who, which case, when, and the page.
 */

import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { caseIdSchema } from '../../events/identifiers.ts';
import { formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import { Directory } from '../core/directory/resolve.ts';
import type { Moment } from '../core/engine/index.ts';
import { lineIncludes, type ReaderLine, readerLine } from './access.ts';
import { actionHandlers } from './action-routes.ts';
import type { CaseContext, Handler } from './board-request.ts';
import { CSRF_FIELD, csrfToken, csrfTokenHolds } from './csrf-token.ts';
import type { BoardDeps, BoardEnv, CaseRead } from './deps.ts';
import { pageHandlers } from './pages.ts';
import { timelinessHandlers } from './timeliness-routes.ts';
import { type PageReader, problemPage } from './views/layout.ts';
import { BOARD_CSS } from './views/style.ts';

/** What a route needs of its reader: a session and a line, or, besides, the case it names in that line. */
export type RouteAccess = 'line' | 'case';

/** One of the board's routes. */
export interface BoardRoute {
  method: 'GET' | 'POST';
  path: string;
  access: RouteAccess;
}

/**
 * Every route of the board besides the public ones (`/auth/*`, `/static/*`, `/health`). The app
 * registers exactly these, and the route tests go through each, so a route added here is covered by the
 * access tests and one added any other way is not served.
 */
export const BOARD_ROUTES = [
  { method: 'GET', path: '/', access: 'line' },
  { method: 'GET', path: '/trackers/legal', access: 'line' },
  { method: 'GET', path: '/trackers/permanency', access: 'line' },
  { method: 'GET', path: '/agenda', access: 'line' },
  { method: 'GET', path: '/timeliness', access: 'line' },
  { method: 'GET', path: '/timeliness.csv', access: 'line' },
  { method: 'GET', path: '/cases/:ref', access: 'case' },
  { method: 'POST', path: '/cases/:ref/actions', access: 'case' },
  { method: 'POST', path: '/cases/:ref/actions/:id/done', access: 'case' },
  { method: 'POST', path: '/cases/:ref/actions/:id/move', access: 'case' },
  { method: 'POST', path: '/cases/:ref/actions/:id/withdraw', access: 'case' },
] as const satisfies readonly BoardRoute[];

/** `GET /`, `POST /cases/:ref/actions`…: each route's method and path. */
type RouteKey = (typeof BOARD_ROUTES)[number] extends infer R
  ? R extends BoardRoute
    ? `${R['method']} ${R['path']}`
    : never
  : never;

/** The paths served without a session. */
const PUBLIC = /^\/(auth|static)\/|^\/health$/;

/** The form media types a POST may have. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Builds the board over its dependencies. */
export function createBoardApp(deps: BoardDeps): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>();
  const asOfNow = (): Moment => {
    const ms = deps.now().getTime();
    return { day: londonDayOf(ms), ms };
  };

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', csrf({ origin: deps.origin }));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/static/board.css', (c) => c.body(BOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  deps.signIn.mount(app);

  // Deny by default: everything past here needs a session and a line.
  app.use('*', async (c, next) => {
    if (PUBLIC.test(c.req.path)) return next();
    // Read once a request, and only when there is a session to check (a sign-in may need it first).
    let read: Promise<DirectoryData> | undefined;
    const directory = () => {
      read ??= deps.board.directory();
      return read;
    };
    const session = await deps.signIn.sessionOf(c, directory);
    if (session === null) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/auth/login', 302);
      return c.html(problemPage('Sign in first', 'Sign in to the board, then try again.', null), 403);
    }
    const directoryData = await directory();
    const line = readerLine(directoryData, session.staffId, formatIsoDate(asOfNow().day));
    if (typeof line === 'string') {
      return c.html(
        problemPage(
          'No access to the board',
          line === 'leaver'
            ? 'The staff directory records that you have left, so the board is closed to you.'
            : 'You are not in the staff directory, so the board cannot tell which cases are in your line. Ask an administrator to add you.',
          null,
        ),
        403,
      );
    }
    c.set('session', session);
    c.set('line', line);
    c.set('directoryData', directoryData);
    return next();
  });

  const { home, trackerPage, agenda, casePage } = pageHandlers(deps);
  const { timelinessPage, timelinessCsv } = timelinessHandlers(deps);
  const { recordActionRoute, doneRoute, moveRoute, withdrawRoute } = actionHandlers(deps, casePage);
  const handlers: Record<RouteKey, Handler> = {
    'GET /': home,
    'GET /trackers/legal': (c, request) => trackerPage(c, request, 'legal'),
    'GET /trackers/permanency': (c, request) => trackerPage(c, request, 'permanency'),
    'GET /agenda': agenda,
    'GET /timeliness': timelinessPage,
    'GET /timeliness.csv': timelinessCsv,
    'GET /cases/:ref': casePage,
    'POST /cases/:ref/actions': recordActionRoute,
    'POST /cases/:ref/actions/:id/done': doneRoute,
    'POST /cases/:ref/actions/:id/move': moveRoute,
    'POST /cases/:ref/actions/:id/withdraw': withdrawRoute,
  };

  for (const route of BOARD_ROUTES) {
    const handler = handlers[`${route.method} ${route.path}` as RouteKey];
    const wrapped = async (c: Context<BoardEnv>) => {
      const asOf = asOfNow();
      const line = c.get('line');
      const session = c.get('session');
      const directoryData = c.get('directoryData');
      const reader: PageReader = {
        staff: line.staff,
        teamName: directoryData.teams.find((team) => team.id === line.staff.teamId)?.name ?? null,
        csrf: csrfToken(session.sessionId, deps.csrfSecret),
      };
      let form: Record<string, string> = {};
      if (route.method === 'POST') {
        if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) {
          return c.html(problemPage('Not a form', 'The board takes forms only.', reader), 415);
        }
        form = Object.fromEntries(
          Object.entries(await c.req.parseBody()).flatMap(([name, value]) =>
            typeof value === 'string' ? [[name, value]] : [],
          ),
        );
        if (!csrfTokenHolds(form[CSRF_FIELD], session.sessionId, deps.csrfSecret)) {
          return c.html(
            problemPage(
              'The form has expired',
              'The form was not from this sign-in. Go back, reload the page and try again.',
              reader,
            ),
            403,
          );
        }
      }
      let found: CaseContext | null = null;
      if (route.access === 'case') {
        found = await findCase(c.req.param('ref') ?? '', asOf, line, directoryData);
        if (found === null) {
          return c.html(
            problemPage(
              'No such case in your line',
              'There is no case with this reference that you can see. Check the reference, or ask the case’s team manager.',
              reader,
            ),
            404,
          );
        }
      }
      const audit = async (reads: readonly Omit<CaseRead, 'at' | 'staffId'>[]) => {
        if (reads.length === 0) return;
        const at = new Date(asOf.ms ?? 0).toISOString();
        await deps.audit.record(reads.map((read) => ({ at, staffId: line.staff.id, ...read })));
      };
      return handler(c, { asOf, reader, audit, form, found });
    };
    if (route.method === 'GET') app.get(route.path, wrapped);
    else app.post(route.path, wrapped);
  }

  app.notFound((c) => c.html(problemPage('Page not found', 'There is no page at this address.', null), 404));

  /** The case `ref` names, when it exists and the reader's line includes it; else null (404 alike). */
  async function findCase(
    ref: string,
    asOf: Moment,
    line: ReaderLine,
    directoryData: BoardEnv['Variables']['directoryData'],
  ): Promise<CaseContext | null> {
    if (!caseIdSchema.safeParse(ref).success) return null;
    const record = await deps.board.caseOf(ref, asOf);
    if (record === null) return null;
    const directory = new Directory(directoryData, formatIsoDate(asOf.day));
    return lineIncludes(line, record.evaluation.allocation, directory) ? { caseId: ref, record } : null;
  }

  return app;
}
