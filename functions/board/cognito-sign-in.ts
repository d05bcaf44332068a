/**
 * Sign-in to the board on AWS: the council's Microsoft Entra ID through an Amazon Cognito user pool,
 * with the OAuth flow run here, in the board's Lambda, and the session in a cookie (an API Gateway JWT
 * authorizer reads only a header or the query string, which a page load does not send).
 *
 * - `GET /auth/login` puts a fresh state, nonce and PKCE verifier in a signed `__Host-` cookie (Lax, 10
 *   minutes) and sends the browser to Cognito's `/oauth2/authorize` with `identity_provider=EntraID`,
 *   which goes straight on to Entra without Cognito's own page.
 * - `GET /auth/callback` checks the state against that cookie, exchanges the code at `/oauth2/token`
 *   (with the verifier, the client authenticated with its secret, `client_secret_basic`), verifies the
 *   ID token (signature, issuer, audience, `token_use`, expiry, and that it came through Entra) and its
 *   nonce, finds the member of staff, and sets the session cookie (`sign-in.ts`: `__Host-`, HttpOnly,
 *   Secure, SameSite=Lax, signed) holding the ID token, for as long as the token is valid.
 * - Every request's session is the cookie's ID token verified again and its member of staff found
 *   again in the directory in use, so a leaver is refused at once (`access.ts`); an expired token is no
 *   session, and the board sends a page load through `/auth/login` again, which Entra's own session
 *   makes quick.
 * - `POST /auth/logout` (a form, so no other site's link signs anyone out) deletes the cookie and sends
 *   the browser to Cognito's `/logout`, which ends Cognito's session and comes back to
 *   `/auth/signed-out`; Entra's own session stays, as for any app signed in to with it.
 *
 * Who a token is: the staff directory holds work email addresses, so the token's `email` (Cognito maps
 * it from Entra's `email` claim), lower-cased, is matched with a member of staff in post. Microsoft says
 * `email` is mutable and not for authorisation ("ID token claims reference"): here the issuer is pinned
 * to the council's own tenant (the Cognito identity provider's issuer URL), so only the council's
 * administrators can set it. Pinning Entra's immutable `oid` (carried as `custom:entra_oid`) to the
 * staff record at the first match would need a write the directory does not have (an import replaces
 * it whole), so it is not done: see "The board on AWS" in docs/operations.md.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import { inPostOn } from '../core/directory/lines.ts';
import type { DirectoryData, StaffMember } from '../core/directory/model.ts';
import type { WarningLogger } from '../handlers/logger.ts';
import type { BoardEnv } from './deps.ts';
import { clearSessionCookie, type Session, type SignIn, sessionCookie, setSessionCookie } from './sign-in.ts';

/** The Cognito identity provider's name, which `identity_provider` names and the token's `identities` carry. */
export const ENTRA_PROVIDER_NAME = 'EntraID';

/** The sign-in cookie's name (state, nonce, PKCE verifier), without its `__Host-` prefix. */
export const SIGN_IN_COOKIE = 'los-sign-in';

/** How long a sign-in may take, from `/auth/login` to `/auth/callback`. */
export const SIGN_IN_SECONDS = 10 * 60;

/** Verifies an ID token (signature, issuer, audience, token use, expiry): aws-jwt-verify's verifiers. */
export interface IdTokenVerifier {
  verify(token: string): Promise<Readonly<Record<string, unknown>>>;
}

/** Everything the Cognito sign-in needs, built at cold start. */
export interface CognitoSignInOptions {
  /** The board's origin (`https://…`, no path): where `/auth/callback` and the sign-out page are. */
  readonly boardUrl: string;
  /** The user pool's domain (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly cognitoDomain: string;
  /** The board's app client in the pool. */
  readonly clientId: string;
  /** The app client's secret, read at cold start (never an environment variable). */
  readonly clientSecret: string;
  /** Verifies Cognito's ID tokens for this client: `CognitoJwtVerifier` with `tokenUse: 'id'`. */
  readonly verifier: IdTokenVerifier;
  /** The directory in use, read at each sign-in's callback (its members' emails and leaving dates). */
  readonly directory: { load(): Promise<DirectoryData> };
  /** Sign-ins, refusals and sign-outs, by staff id and outcome: never an address or a token. */
  readonly logger: WarningLogger;
  /** The clock, for leavers' dates and the session cookie's lifetime. */
  readonly now: () => number;
  /** How the token endpoint is reached; the global `fetch` unless given (tests give a fake one). */
  readonly fetch?: typeof fetch;
}

/** What the sign-in cookie holds between `/auth/login` and `/auth/callback`. */
interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  /** Where to go once signed in: a path on the board. */
  readonly returnTo: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const randomValue = () => base64url(randomBytes(32));

/**
 * A key for one use, derived from a secret (HMAC-SHA256 over the use's name), so one secret serves more
 * than one purpose without the same bytes signing two kinds of thing.
 */
export const derivedKey = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(`line-of-sight board ${purpose}`).digest('base64url');

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** Whether two strings are equal, in time that does not depend on where they differ. */
function sameValue(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A path on the board to return to after sign-in: a local path only (`/…`, not `//…` or `/\…`, which
 * browsers read as another site), else the board's front page.
 */
export function safeReturnPath(path: string | undefined): string {
  return path && /^\/(?![/\\])[^\s]*$/.test(path) ? path : '/';
}

/** The London day (`YYYY-MM-DD`) of a moment. */
const londonDay = (moment: number) => formatIsoDate(londonDayOf(moment));

/** Whether the token came through the Entra identity provider (`identities` names it). */
function federatedThroughEntra(claims: Readonly<Record<string, unknown>>): boolean {
  const identities = claims.identities;
  return (
    Array.isArray(identities) &&
    identities.some(
      (identity) => (identity as { providerName?: unknown } | null)?.providerName === ENTRA_PROVIDER_NAME,
    )
  );
}

/** The sentence of a refused sign-in whose cause is not the reader's (state, token or nonce). */
const START_AGAIN = 'The sign-in could not be completed. Please start again from the board’s address.';

/** The Cognito + Entra {@link SignIn}: its `/auth/*` routes, and each request's session. */
export class CognitoSignIn implements SignIn {
  /**
   * Signs the sign-in and session cookies: a key of its own, derived from the client secret, so no
   * other secret is kept (the session cookie's ID token is Cognito's signed token besides).
   */
  private readonly cookieKey: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: CognitoSignInOptions) {
    this.cookieKey = derivedKey(options.clientSecret, 'cookies');
    this.fetch = options.fetch ?? fetch;
  }

  /** Where Cognito sends the browser back to: the app client's callback URL. */
  get callbackUrl(): string {
    return `${this.options.boardUrl}/auth/callback`;
  }

  /** Where Cognito's `/logout` sends the browser: the app client's sign-out URL. */
  get signedOutUrl(): string {
    return `${this.options.boardUrl}/auth/signed-out`;
  }

  mount(app: Hono<BoardEnv>): void {
    app.get('/auth/login', (c) => this.login(c));
    app.get('/auth/callback', (c) => this.callback(c));
    app.post('/auth/logout', (c) => this.logout(c));
    app.get('/auth/signed-out', (c) => {
      c.header('cache-control', 'no-store');
      return c.text('You have signed out of the Line of Sight board.');
    });
  }

  /**
   * The request's session: the cookie's ID token verified (an expired one is no session), and its
   * address matched with the directory in use: a member of staff in post, else one who has left (the
   * board's access rules refuse a leaver), else none.
   */
  async sessionOf(c: Context<BoardEnv>, directory: () => Promise<DirectoryData>): Promise<Session | null> {
    const token = await sessionCookie(c, this.cookieKey);
    if (token === null) return null;
    const claims = await this.verified(token);
    if (!claims) return null;
    const member = this.staffOf(claims, await directory());
    return member === null
      ? null
      : { staffId: member.id, sessionId: createHash('sha256').update(token).digest('base64url') };
  }

  private async login(c: Context<BoardEnv>): Promise<Response> {
    const pending: PendingSignIn = {
      state: randomValue(),
      nonce: randomValue(),
      verifier: randomValue(),
      returnTo: safeReturnPath(c.req.query('returnTo')),
    };
    await setSignedCookie(
      c,
      SIGN_IN_COOKIE,
      base64url(Buffer.from(JSON.stringify(pending))),
      this.cookieKey,
      // Lax: the browser comes back to /auth/callback from Cognito, another site, by a top-level GET.
      { prefix: 'host', httpOnly: true, sameSite: 'Lax', maxAge: SIGN_IN_SECONDS },
    );
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.callbackUrl,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: pkceChallenge(pending.verifier),
      code_challenge_method: 'S256',
      identity_provider: ENTRA_PROVIDER_NAME,
    });
    c.header('cache-control', 'no-store');
    return c.redirect(`${this.options.cognitoDomain}/oauth2/authorize?${query}`, 302);
  }

  private async callback(c: Context<BoardEnv>): Promise<Response> {
    const pending = await this.pendingSignIn(c);
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/', secure: true, prefix: 'host' });
    const state = c.req.query('state');
    const code = c.req.query('code');
    if (!pending || !state || !sameValue(state, pending.state)) {
      return this.refused(c, 400, 'state', START_AGAIN);
    }
    // No code: Entra or Cognito answered with an error (declined consent, say) instead.
    if (!code) return this.refused(c, 400, 'no-code', START_AGAIN);
    const idToken = await this.exchange(code, pending.verifier);
    const claims = idToken === null ? null : await this.verified(idToken);
    if (idToken === null || !claims) return this.refused(c, 400, 'token', START_AGAIN);
    if (typeof claims.nonce !== 'string' || !sameValue(claims.nonce, pending.nonce)) {
      return this.refused(c, 400, 'nonce', START_AGAIN);
    }
    const member = this.staffOf(claims, await this.options.directory.load());
    if (member === null || !inPostOn(member, londonDay(this.options.now()))) {
      return this.refused(
        c,
        403,
        'not-staff',
        'Your account is not one the board’s staff directory holds in post. Ask the administrators to check the directory.',
      );
    }
    // Gone from the browser when the token expires; the token's own expiry is what is checked.
    const seconds = Math.max(0, Number(claims.exp) - Math.floor(this.options.now() / 1000));
    await setSessionCookie(c, idToken, this.cookieKey, seconds);
    this.options.logger.info('board sign-in', { staffId: member.id });
    c.header('cache-control', 'no-store');
    return c.redirect(pending.returnTo, 302);
  }

  private async logout(c: Context<BoardEnv>): Promise<Response> {
    const session = await this.sessionOf(c, () => this.options.directory.load());
    clearSessionCookie(c);
    if (session) this.options.logger.info('board sign-out', { staffId: session.staffId });
    const query = new URLSearchParams({ client_id: this.options.clientId, logout_uri: this.signedOutUrl });
    return c.redirect(`${this.options.cognitoDomain}/logout?${query}`, 302);
  }

  /** The sign-in cookie, if its signature holds and it parses; null otherwise. */
  private async pendingSignIn(c: Context<BoardEnv>): Promise<PendingSignIn | null> {
    const value = await getSignedCookie(c, this.cookieKey, SIGN_IN_COOKIE, 'host');
    if (!value) return null;
    try {
      const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
      const { state, nonce, verifier, returnTo } = parsed;
      return typeof state === 'string' && typeof nonce === 'string' && typeof verifier === 'string'
        ? { state, nonce, verifier, returnTo: safeReturnPath(returnTo) }
        : null;
    } catch {
      return null;
    }
  }

  /** The ID token Cognito's token endpoint gives for `code`, or null when it refuses. */
  private async exchange(code: string, verifier: string): Promise<string | null> {
    const { clientId, clientSecret, cognitoDomain } = this.options;
    // client_secret_basic: the id and secret form-encoded, then joined and base64'd (RFC 6749 §2.3.1).
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
      'base64',
    );
    const response = await this.fetch(`${cognitoDomain}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code,
        redirect_uri: this.callbackUrl,
        code_verifier: verifier,
      }).toString(),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { id_token?: unknown };
    return typeof body.id_token === 'string' ? body.id_token : null;
  }

  /** The token's claims if it verifies and came through Entra; null otherwise (expired included). */
  private async verified(token: string): Promise<Readonly<Record<string, unknown>> | null> {
    try {
      const claims = await this.options.verifier.verify(token);
      return federatedThroughEntra(claims) ? claims : null;
    } catch {
      return null;
    }
  }

  /**
   * The member of staff whose address the token carries (lower-cased on both sides): one in post if
   * any, else one who has left, else null.
   */
  private staffOf(claims: Readonly<Record<string, unknown>>, { staff }: DirectoryData): StaffMember | null {
    if (typeof claims.email !== 'string') return null;
    const email = claims.email.toLowerCase();
    const today = londonDay(this.options.now());
    const matches = staff.filter((member) => member.email.toLowerCase() === email);
    return matches.find((member) => inPostOn(member, today)) ?? matches[0] ?? null;
  }

  /** A refused sign-in: logged by its reason only, answered with a sentence that quotes nothing. */
  private refused(c: Context<BoardEnv>, status: 400 | 403, reason: string, sentence: string): Response {
    this.options.logger.warn('board sign-in refused', { reason });
    c.header('cache-control', 'no-store');
    return c.text(sentence, status);
  }
}
