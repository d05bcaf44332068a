/**
 * The web board on this machine (`npm start` serves it beside the inbox and the Teams sink): the same
 * app as the board's Lambda, over the local store, with a sign-in that lets you pick anyone in the
 * directory (no passwords: it is a laptop's synthetic council). It listens on 127.0.0.1 only and
 * answers only to the `Host` 127.0.0.1 with its own port. Nothing under `functions/` imports this file, so
 * the Lambda's bundle never holds it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { createBoardApp } from '../functions/board/app.ts';
import type { BoardEnv, ReadAudit } from '../functions/board/deps.ts';
import { indexBoardReader } from '../functions/board/index-reader.ts';
import {
  clearSessionCookie,
  type Session,
  type SignIn,
  sessionCookie,
  setSessionCookie,
} from '../functions/board/sign-in.ts';
import { page } from '../functions/board/views/layout.ts';
import { formatIsoDate, londonDayOf } from '../functions/core/calendar/index.ts';
import { STAFF_LEVELS } from '../functions/core/directory/model.ts';
import type { ActionTextStore, DirectoryStore } from '../functions/core/ports.ts';
import { type IngestContext, ingestBatch } from '../functions/ingest/ingest.ts';
import type { LocalServer } from './http-ingest.ts';
import type { LocalStore } from './store.ts';

/** How long a local sign-in lasts: a working day. */
const SESSION_SECONDS = 12 * 3600;

/**
 * The local sign-in: `GET /auth/local` lists the directory's staff in post, each with a button that
 * signs in as them; `GET /auth/login` (where the board sends a reader without a session) goes there.
 */
export class LocalSignIn implements SignIn {
  /** A new key each start: a restart signs everyone out. */
  private readonly secret = randomBytes(32).toString('hex');

  constructor(
    private readonly directory: Pick<DirectoryStore, 'load'>,
    private readonly now: () => Date,
  ) {}

  mount(app: Hono<BoardEnv>): void {
    app.get('/auth/login', (c) => c.redirect('/auth/local', 302));
    app.get('/auth/local', async (c) => c.html(await this.pickPage()));
    app.post('/auth/local', async (c) => {
      const body = await c.req.parseBody();
      const staffId = typeof body.staffId === 'string' ? body.staffId : '';
      const member = (await this.directory.load()).staff.find((m) => m.id === staffId);
      if (!member || (member.leftOn !== undefined && member.leftOn < this.today())) {
        return c.html(await this.pickPage('Choose someone in post from the list.'), 400);
      }
      await setSessionCookie(c, `${randomUUID()}.${member.id}`, this.secret, SESSION_SECONDS);
      return c.redirect('/', 303);
    });
    app.post('/auth/logout', (c) => {
      clearSessionCookie(c);
      return c.redirect('/auth/local', 303);
    });
  }

  async sessionOf(c: Context<BoardEnv>): Promise<Session | null> {
    const value = await sessionCookie(c, this.secret);
    const dot = value?.indexOf('.') ?? -1;
    if (value === null || dot < 1) return null;
    return { staffId: value.slice(dot + 1), sessionId: value };
  }

  private today() {
    return formatIsoDate(londonDayOf(this.now().getTime()));
  }

  /** The page of staff to sign in as, most senior first, then by team and name. */
  private async pickPage(problem?: string) {
    const { staff, teams } = await this.directory.load();
    const names = new Map(teams.map((team) => [team.id, team.name]));
    const today = this.today();
    const rank = (level: (typeof STAFF_LEVELS)[number]) => -STAFF_LEVELS.indexOf(level);
    const inPost = staff
      .filter((member) => member.leftOn === undefined || member.leftOn >= today)
      .sort(
        (a, b) =>
          rank(a.level) - rank(b.level) || a.teamId.localeCompare(b.teamId) || a.name.localeCompare(b.name),
      );
    return page({
      title: 'Sign in (this machine)',
      reader: null,
      flash: problem ? { text: problem, problem: true } : null,
      body: html`<h1>Sign in on this machine</h1>
<p class="lead">The board on this machine has no passwords: choose who to be. Each sees the cases in their line,
as they would on the council’s board.</p>
<form method="post" action="/auth/local">
<table>
<caption>Staff in the directory (${inPost.length})</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Level</th><th scope="col">Team</th><th scope="col"><span class="hint">Sign in</span></th></tr></thead>
<tbody>${inPost.map(
        (
          member,
        ) => html`<tr><th scope="row">${member.name}</th><td>${member.level}</td><td>${names.get(member.teamId) ?? member.teamId}</td>
<td><button type="submit" name="staffId" value="${member.id}">Sign in as ${member.name}</button></td></tr>`,
      )}</tbody>
</table>
</form>`,
    });
  }
}

/** The read audit on this machine: one JSON line per case read, appended to `file` (made 0600). */
export function fileReadAudit(file: string): ReadAudit {
  return {
    async record(reads) {
      await appendFile(file, reads.map((read) => `${JSON.stringify(read)}\n`).join(''), { mode: 0o600 });
    },
  };
}

export interface LocalBoardOptions {
  store: Pick<LocalStore, 'events' | 'directory' | 'trackers' | 'timeliness'>;
  /** The actions' texts, sealed under the data directory's key. */
  actionTexts: ActionTextStore;
  /** Where the board's actions go: the pipeline's ingest. */
  ingest: IngestContext;
  /** 0: any free one. */
  port: number;
  /** The read audit's file (`<dataDir>/board-reads.ndjson`). */
  auditFile: string;
  now?: () => Date;
}

/** Serves the board on 127.0.0.1. */
export async function startLocalBoard(options: LocalBoardOptions): Promise<LocalServer> {
  const now = options.now ?? (() => new Date());
  // The app needs the board's origin, so its port: it answers once the server listens.
  let board: ((request: Request) => Response | Promise<Response>) | null = null;
  let port = 0;
  const server = serve({
    port: options.port,
    hostname: '127.0.0.1',
    // One name only, the one printed and the forms' origin: a page of another site whose name points at
    // 127.0.0.1 (DNS rebinding) still sends its own name, and is refused.
    fetch: (request) =>
      board !== null && request.headers.get('host') === `127.0.0.1:${port}`
        ? board(request)
        : new Response(`Open the board at http://127.0.0.1:${port}/`, { status: 403 }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', resolve);
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const app = createBoardApp({
    signIn: new LocalSignIn(options.store.directory, now),
    board: indexBoardReader(options.store, options.ingest.profile),
    actionTexts: options.actionTexts,
    send: (events) => ingestBatch(events, 'board', options.ingest),
    audit: fileReadAudit(options.auditFile),
    now,
    profile: options.ingest.profile,
    origin: url,
    csrfSecret: randomBytes(32).toString('hex'),
  });
  board = app.fetch;
  return {
    url,
    close: async () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
