/**
 * The board's sign-in on AWS (Cognito + Entra ID), driven through its routes with Cognito's real ID
 * token verifier over a key made here (its JWKS preloaded, so nothing is fetched) and a fake token
 * endpoint: what it sends to Cognito, what it refuses, and the session cookie it sets.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CognitoSignIn, pkceChallenge, safeReturnPath } from '../../functions/board/cognito-sign-in.ts';
import type { BoardEnv } from '../../functions/board/deps.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';

const USER_POOL_ID = 'eu-west-2_Board1';
const ISSUER = `https://cognito-idp.eu-west-2.amazonaws.com/${USER_POOL_ID}`;
const CLIENT_ID = 'board-client-1';
const CLIENT_SECRET = 'client-secret/with+odd=characters';
const COGNITO = 'https://los-dev-board.auth.eu-west-2.amazoncognito.com';
const BOARD = 'https://board.council.example.gov.uk';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-key-1';

/** An RS256 JWT over `claims`, signed with `key`. */
function signed(claims: Record<string, unknown>, key = privateKey): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

/** An ID token as Cognito issues one for a user federated through Entra; `overrides` change its claims. */
function idToken(overrides: Record<string, unknown> = {}): string {
  const seconds = Math.floor(Date.now() / 1000);
  return signed({
    sub: 'f1e2d3c4-0000-4000-8000-000000000001',
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: 'id',
    auth_time: seconds,
    iat: seconds,
    exp: seconds + 3600,
    email: 'Sam.Service@Council.Example.gov.uk',
    'custom:entra_oid': '00000000-0000-4000-8000-0000000000aa',
    identities: [{ providerName: 'EntraID', providerType: 'OIDC', userId: 'entra-user-1' }],
    ...overrides,
  });
}

const DIRECTORY: DirectoryData = {
  staff: [
    {
      id: 'SM-1',
      name: 'Sam Service',
      email: 'sam.service@council.example.gov.uk',
      level: 'SM',
      teamId: 'east',
      reportsTo: null,
    },
    {
      id: 'SW-9',
      name: 'Lee Left',
      email: 'lee.left@council.example.gov.uk',
      level: 'worker',
      teamId: 'east-1',
      reportsTo: 'SM-1',
      leftOn: '2020-03-31',
    },
  ],
  teams: [],
} as unknown as DirectoryData;

/** The board's sign-in on an app with one page that says who is signed in, and what it sent and logged. */
function harness(
  tokenFor: (request: { nonce: string }) => string | null = ({ nonce }) => idToken({ nonce }),
) {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: USER_POOL_ID,
    tokenUse: 'id',
    clientId: CLIENT_ID,
  });
  const { n, e } = publicKey.export({ format: 'jwk' });
  verifier.cacheJwks({
    keys: [{ kty: 'RSA', n: String(n), e: String(e), kid: KID, alg: 'RS256', use: 'sig' }],
  });
  const requests: { url: string; headers: Headers; body: URLSearchParams }[] = [];
  const logged: { message: string; attributes: Record<string, unknown> }[] = [];
  let nonce = '';
  const signIn = new CognitoSignIn({
    boardUrl: BOARD,
    cognitoDomain: COGNITO,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    verifier,
    directory: { load: async () => DIRECTORY },
    logger: {
      info: (message, attributes) => logged.push({ message, attributes }),
      warn: (message, attributes) => logged.push({ message, attributes }),
    },
    // The verifier checks expiry by the clock, so the sign-in's clock is the same one.
    now: Date.now,
    fetch: async (url, init) => {
      requests.push({
        url: String(url),
        headers: new Headers(init?.headers),
        body: new URLSearchParams(String(init?.body)),
      });
      const token = tokenFor({ nonce });
      return token === null
        ? new Response('{"error":"invalid_grant"}', { status: 400 })
        : Response.json({ id_token: token, access_token: 'a', token_type: 'Bearer', expires_in: 3600 });
    },
  });
  const app = new Hono<BoardEnv>();
  signIn.mount(app);
  app.get('/whoami', async (c) => {
    const session = await signIn.sessionOf(c, async () => DIRECTORY);
    return session ? c.json(session) : c.text('no session', 401);
  });

  /** Starts a sign-in: Cognito's authorize URL and the sign-in cookie to come back with. */
  const login = async (returnTo = '/trackers/legal') => {
    const response = await app.request(`${BOARD}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const location = new URL(response.headers.get('location') ?? '');
    nonce = location.searchParams.get('nonce') ?? '';
    return { response, location, cookie: cookiePairs(response) };
  };
  const callback = (query: string, cookie: string) =>
    app.request(`${BOARD}/auth/callback?${query}`, { headers: { cookie } });
  return { app, requests, logged, login, callback };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header sends them back. */
const cookiePairs = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');

/** The Set-Cookie line of the session cookie. */
const sessionLine = (response: Response) =>
  response.headers.getSetCookie().find((line) => line.startsWith('__Host-los-board-session='));

describe('the Cognito sign-in of the board', () => {
  it('sends the browser to Cognito for Entra with state, nonce and a PKCE S256 challenge, in a signed __Host- cookie', async () => {
    const { login } = harness();
    const { response, location } = await login();
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${COGNITO}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${BOARD}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      identity_provider: 'EntraID',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) {
      expect(location.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    const [line] = response.headers.getSetCookie();
    expect(line).toMatch(/^__Host-los-sign-in=[^;]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('signs a member of staff in: the code exchanged with the verifier and the client secret, a Lax HttpOnly Secure __Host- session', async () => {
    const { login, callback, requests, logged, app } = harness();
    const { location, cookie } = await login('/trackers/legal?unit=east');
    const response = await callback(`code=code-1&state=${location.searchParams.get('state')}`, cookie);

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/trackers/legal?unit=east');
    expect(sessionLine(response)).toMatch(
      /^__Host-los-board-session=[^;]+; Max-Age=(359\d|3600); Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    // The sign-in cookie is spent.
    expect(response.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(/^__Host-los-sign-in=; Max-Age=0/),
    );

    const [request] = requests;
    expect(request?.url).toBe(`${COGNITO}/oauth2/token`);
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`,
    );
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.body ?? [])).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'code-1',
      redirect_uri: `${BOARD}/auth/callback`,
    });
    expect(pkceChallenge(request?.body.get('code_verifier') ?? '')).toBe(
      location.searchParams.get('code_challenge'),
    );

    const whoami = await app.request(`${BOARD}/whoami`, { headers: { cookie: cookiePairs(response) } });
    expect(await whoami.json()).toMatchObject({
      staffId: 'SM-1',
      sessionId: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(logged).toEqual([{ message: 'board sign-in', attributes: { staffId: 'SM-1' } }]);
  });

  it('refuses a callback whose state is not the one it sent, and asks Cognito nothing', async () => {
    const { login, callback, requests, logged } = harness();
    const { cookie } = await login();
    const response = await callback('code=code-1&state=not-the-state', cookie);
    expect(response.status).toBe(400);
    expect(sessionLine(response)).toBeUndefined();
    expect(requests).toEqual([]);
    expect(logged).toEqual([{ message: 'board sign-in refused', attributes: { reason: 'state' } }]);
  });

  it('refuses a callback that brings an error instead of a code, asking Cognito nothing', async () => {
    const { login, callback, requests, logged } = harness();
    const { location, cookie } = await login();
    const response = await callback(
      `error=access_denied&state=${location.searchParams.get('state')}`,
      cookie,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('access_denied');
    expect(requests).toEqual([]);
    expect(logged).toEqual([{ message: 'board sign-in refused', attributes: { reason: 'no-code' } }]);
  });

  it('refuses a callback without its sign-in cookie, or with one changed', async () => {
    const { login, callback, requests } = harness();
    const { location, cookie } = await login();
    const state = location.searchParams.get('state');
    expect((await callback(`code=code-1&state=${state}`, '')).status).toBe(400);
    const [name, value = ''] = cookie.split(/=(.*)/s);
    const changed = `${name}=${value.startsWith('A') ? 'B' : 'A'}${value.slice(1)}`;
    expect((await callback(`code=code-1&state=${state}`, changed)).status).toBe(400);
    expect(requests).toEqual([]);
  });

  it('refuses an ID token whose nonce is not the sign-in’s', async () => {
    const { login, callback, logged } = harness(() => idToken({ nonce: 'another-sign-in' }));
    const { location, cookie } = await login();
    const response = await callback(`code=code-1&state=${location.searchParams.get('state')}`, cookie);
    expect(response.status).toBe(400);
    expect(sessionLine(response)).toBeUndefined();
    expect(logged).toEqual([{ message: 'board sign-in refused', attributes: { reason: 'nonce' } }]);
  });

  it('refuses a token the endpoint would not give, one not signed by the pool, or one for another client', async () => {
    for (const tokenFor of [
      () => null,
      ({ nonce }: { nonce: string }) => idToken({ nonce, aud: 'another-client' }),
      ({ nonce }: { nonce: string }) => idToken({ nonce, identities: undefined }),
      ({ nonce }: { nonce: string }) =>
        signed(
          { ...JSON.parse(Buffer.from(idToken({ nonce }).split('.')[1] ?? '', 'base64url').toString()) },
          generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        ),
    ]) {
      const { login, callback, logged } = harness(tokenFor);
      const { location, cookie } = await login();
      const response = await callback(`code=code-1&state=${location.searchParams.get('state')}`, cookie);
      expect(response.status).toBe(400);
      expect(logged).toEqual([{ message: 'board sign-in refused', attributes: { reason: 'token' } }]);
    }
  });

  it('refuses with 403 an address the directory does not hold, or holds for a leaver, and never quotes it', async () => {
    for (const email of ['someone.else@council.example.gov.uk', 'lee.left@council.example.gov.uk']) {
      const { login, callback, logged } = harness(({ nonce }) => idToken({ nonce, email }));
      const { location, cookie } = await login();
      const response = await callback(`code=code-1&state=${location.searchParams.get('state')}`, cookie);
      expect(response.status).toBe(403);
      expect(sessionLine(response)).toBeUndefined();
      expect(await response.text()).not.toContain(email.split('@')[0]);
      expect(logged).toEqual([{ message: 'board sign-in refused', attributes: { reason: 'not-staff' } }]);
    }
  });

  it('has no session for a changed session cookie, or an expired token (the board sends the reader to sign in again)', async () => {
    const { login, callback, app } = harness(({ nonce }) => idToken({ nonce }));
    const { location, cookie } = await login();
    const signedIn = cookiePairs(
      await callback(`code=c&state=${location.searchParams.get('state')}`, cookie),
    );
    const ask = (sessionCookie: string) =>
      app.request(`${BOARD}/whoami`, { headers: { cookie: sessionCookie } });
    expect((await ask(signedIn)).status).toBe(200);
    expect((await ask(signedIn.replace(/\.([^.;]*)$/, '.x$1'))).status).toBe(401);
    expect((await ask('')).status).toBe(401);

    // The same signing of the cookie, over a token that expired an hour ago.
    const expired = harness(({ nonce }) => idToken({ nonce, exp: Math.floor(Date.now() / 1000) - 3600 }));
    const started = await expired.login();
    const refused = await expired.callback(
      `code=c&state=${started.location.searchParams.get('state')}`,
      started.cookie,
    );
    expect(refused.status).toBe(400);
  });

  it('signs out: the session cookie deleted and the browser sent to Cognito’s logout with the client and the signed-out page', async () => {
    const { app } = harness();
    const response = await app.request(`${BOARD}/auth/logout`, { method: 'POST' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${COGNITO}/logout`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: CLIENT_ID,
      logout_uri: `${BOARD}/auth/signed-out`,
    });
    expect(sessionLine(response)).toMatch(/^__Host-los-board-session=; Max-Age=0; Path=\/; Secure/);
    expect((await app.request(`${BOARD}/auth/signed-out`)).status).toBe(200);
  });

  it('returns only to a path on the board', () => {
    expect(safeReturnPath('/cases/CASE-1')).toBe('/cases/CASE-1');
    for (const elsewhere of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '', undefined]) {
      expect(safeReturnPath(elsewhere)).toBe('/');
    }
  });
});
