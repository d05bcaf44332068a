/**
 * The board's Lambda wiring: its environment checked at cold start, its secrets read from Secrets
 * Manager by name (never from the environment), every read of a case logged, and the entry module
 * loading into a handler.
 */
import { type GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { derivedKey } from '../../functions/board/cognito-sign-in.ts';
import { CASE_READ_LOG, loggedReadAudit, readBoardSecrets } from '../../functions/handlers/board.ts';
import { boardEnvironmentFrom, EnvironmentError } from '../../functions/handlers/lambda/environment.ts';

// Tests run on Node 20; the functions run on 24, where the AWS SDK has nothing to say.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BOARD = {
  TABLE_NAME: 'line-of-sight-dev',
  RULE_PROFILE: 'default',
  MORNING_RUN_TIME: '07:00',
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-board',
  BOARD_URL: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
  USER_POOL_ID: 'eu-west-2_Board1',
  USER_POOL_CLIENT_ID: '4example0client0id0abc',
  COGNITO_DOMAIN: 'https://wessex-los-board.auth.eu-west-2.amazoncognito.com',
  CLIENT_SECRET_NAME: 'line-of-sight-dev-board-client-secret',
  ACTION_TEXT_KEY_NAME: 'line-of-sight-dev-board-action-text-key',
  AWS_REGION: 'eu-west-2',
};

/** A Secrets Manager client answering from `values`, by secret name. */
const secretsFrom = (values: Record<string, string | undefined>) => ({
  send: async (command: GetSecretValueCommand) => ({
    SecretString: values[command.input.SecretId ?? ''],
    $metadata: {},
  }),
});

describe('the board function’s environment', () => {
  it('reads where the pool, the client, the domain and the board are, and the secrets’ names', () => {
    expect(boardEnvironmentFrom(BOARD)).toMatchObject({
      tableName: 'line-of-sight-dev',
      boardUrl: BOARD.BOARD_URL,
      userPoolId: 'eu-west-2_Board1',
      clientId: BOARD.USER_POOL_CLIENT_ID,
      cognitoDomain: BOARD.COGNITO_DOMAIN,
      clientSecretName: BOARD.CLIENT_SECRET_NAME,
      actionTextKeyName: BOARD.ACTION_TEXT_KEY_NAME,
    });
  });

  it('names every missing or wrong variable, so the function fails at cold start', () => {
    const problems = (env: Record<string, string | undefined>) => {
      try {
        boardEnvironmentFrom(env);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvironmentError);
        return (error as EnvironmentError).problems;
      }
      return [];
    };
    expect(problems({ ...BOARD, USER_POOL_ID: undefined, CLIENT_SECRET_NAME: undefined })).toEqual([
      'USER_POOL_ID is not set; it must be the board’s Cognito user pool id, such as eu-west-2_AbC123',
      'CLIENT_SECRET_NAME is not set; it must be the name of a Secrets Manager secret (letters, digits and / _ + = . @ -)',
    ]);
    expect(problems({ ...BOARD, BOARD_URL: 'http://abc123.execute-api.eu-west-2.amazonaws.com/' })).toEqual([
      'BOARD_URL must be the board’s https origin without a path, such as https://abc123.execute-api.eu-west-2.amazonaws.com (got "http://abc123.execute-api.eu-west-2.amazonaws.com/")',
    ]);
  });
});

describe('the board’s secrets', () => {
  it('are read from Secrets Manager by the names the environment gives', async () => {
    const secrets = secretsFrom({
      [BOARD.CLIENT_SECRET_NAME]: 'the-client-secret',
      [BOARD.ACTION_TEXT_KEY_NAME]: 'the-action-text-key',
    });
    await expect(readBoardSecrets(secrets, boardEnvironmentFrom(BOARD))).resolves.toEqual({
      clientSecret: 'the-client-secret',
      actionTextKey: 'the-action-text-key',
    });
  });

  it('refuse to start without a value, naming the secret and never a value', async () => {
    const secrets = secretsFrom({ [BOARD.CLIENT_SECRET_NAME]: 'the-client-secret' });
    const error = await readBoardSecrets(secrets, boardEnvironmentFrom(BOARD)).catch((caught) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toContain(`the secret ${BOARD.ACTION_TEXT_KEY_NAME} has no string value`);
    expect(error.message).not.toContain('the-client-secret');
  });

  it('give each use a key of its own, not the secret itself', () => {
    const csrf = derivedKey('the-client-secret', 'csrf');
    expect(csrf).not.toContain('the-client-secret');
    expect(csrf).not.toBe(derivedKey('the-client-secret', 'cookies'));
    expect(csrf).toBe(derivedKey('the-client-secret', 'csrf'));
  });
});

describe('the audit of reads', () => {
  it('logs who read which case, when and on which page, one line a page, and nothing for none', async () => {
    const info = vi.fn();
    const audit = loggedReadAudit({ info });
    await audit.record([]);
    expect(info).not.toHaveBeenCalled();
    const reads = [
      { at: '2026-12-07T10:00:00.000Z', staffId: 'SM-1', caseId: 'CASE-1', view: 'case' as const },
    ];
    await audit.record(reads);
    expect(info).toHaveBeenCalledWith(CASE_READ_LOG, { reads });
  });
});

describe('the board entry module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('reads its secrets and the pool’s keys at cold start and exports a handler', async () => {
    const read = vi.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation(async (command) => ({
      SecretString: `value of ${(command as GetSecretValueCommand).input.SecretId}`,
      $metadata: {},
    }));
    const hydrate = vi.spyOn(CognitoJwtVerifier.prototype, 'hydrate').mockResolvedValue();
    vi.resetModules();
    for (const [name, value] of Object.entries(BOARD)) vi.stubEnv(name, value);
    const module = await import('../../functions/handlers/lambda/board.ts');
    expect(typeof module.handler).toBe('function');
    expect(
      read.mock.calls.map(([command]) => (command as GetSecretValueCommand).input.SecretId).sort(),
    ).toEqual([BOARD.ACTION_TEXT_KEY_NAME, BOARD.CLIENT_SECRET_NAME].sort());
    expect(hydrate).toHaveBeenCalledTimes(1);

    // API Gateway's HTTP API events, through the same app: a page load without a session goes to sign
    // in, and sign-in sets its cookie and goes to Cognito for Entra.
    const request = (rawPath: string) => ({
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: '',
      headers: { host: 'abc123.execute-api.eu-west-2.amazonaws.com' },
      requestContext: {
        http: {
          method: 'GET',
          path: rawPath,
          protocol: 'HTTP/1.1',
          sourceIp: '192.0.2.1',
          userAgent: 'test',
        },
        domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
        requestId: 'r-1',
        routeKey: '$default',
        stage: '$default',
      },
      isBase64Encoded: false,
    });
    const context = { functionName: 'line-of-sight-dev-board', awsRequestId: 'r-1' };
    const page = await module.handler(request('/trackers/legal') as never, context as never);
    expect(page).toMatchObject({ statusCode: 302, headers: { location: '/auth/login' } });
    const login = await module.handler(request('/auth/login') as never, context as never);
    expect(login.statusCode).toBe(302);
    expect(login.headers?.location).toMatch(
      /^https:\/\/wessex-los-board\.auth\.eu-west-2\.amazoncognito\.com\/oauth2\/authorize\?/,
    );
    expect(login.cookies).toEqual([
      expect.stringMatching(/^__Host-los-sign-in=.+; HttpOnly; Secure; SameSite=Lax$/),
    ]);
  });
});
