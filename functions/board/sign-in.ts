/**
 * How the board knows who is reading: a {@link SignIn} adapter mounts the sign-in routes under
 * `/auth/*` and reads the session from each request. On AWS the adapter signs staff in with the
 * council's Entra ID through Cognito and keeps the ID token in the session cookie
 * (`cognito-sign-in.ts`); on a laptop, `local/board-serve.ts` lets you pick a member of staff.
 *
 * The session cookie is the one cookie the board sets for a signed-in reader: `__Host-` prefixed (so
 * Secure, `Path=/`, no `Domain`), HttpOnly, SameSite=Lax (a link from Teams or an email must open the
 * board signed in; Strict would drop it), signed with HMAC-SHA256 so a changed value is refused.
 */
import type { Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { DirectoryData } from '../core/directory/model.ts';
import type { BoardEnv } from './deps.ts';

/** A signed-in reader. */
export interface Session {
  /** The directory's staff id of the reader. */
  staffId: string;
  /**
   * A value unique to this sign-in, never shown (a random id, or the ID token's own identifier): the
   * board's CSRF tokens are bound to it, so a token from another session is refused.
   */
  sessionId: string;
}

/** Signs readers in and out, and says who a request's reader is. */
export interface SignIn {
  /**
   * Registers the sign-in routes on the board's app, all under `/auth/` (the one public prefix besides
   * `/static/` and `/health`). `GET /auth/login` must start a sign-in: the board redirects there any
   * page load without a session.
   */
  mount(app: Hono<BoardEnv>): void;
  /**
   * The request's session, or null when there is none or it is not valid (expired, tampered with).
   * `directory` reads the directory in use, once for the request (the board reads it to check the
   * reader's line): a sign-in that finds its staff member there asks it rather than reading again.
   */
  sessionOf(c: Context<BoardEnv>, directory: () => Promise<DirectoryData>): Promise<Session | null>;
}

/** The session cookie's name, without the `__Host-` prefix hono adds. */
export const SESSION_COOKIE = 'los-board-session';

/** The session cookie's attributes: see the module's documentation. */
const SESSION_COOKIE_OPTIONS = { prefix: 'host', httpOnly: true, sameSite: 'Lax' } as const;

/** Sets the session cookie to `value`, signed with `secret`, for `maxAgeSeconds`. */
export async function setSessionCookie(
  c: Context<BoardEnv>,
  value: string,
  secret: string,
  maxAgeSeconds: number,
): Promise<void> {
  await setSignedCookie(c, SESSION_COOKIE, value, secret, {
    ...SESSION_COOKIE_OPTIONS,
    maxAge: maxAgeSeconds,
  });
}

/** The session cookie's value when its signature holds, else null. */
export async function sessionCookie(c: Context<BoardEnv>, secret: string): Promise<string | null> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE, 'host');
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Deletes the session cookie (signing out). */
export function clearSessionCookie(c: Context<BoardEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' });
}
