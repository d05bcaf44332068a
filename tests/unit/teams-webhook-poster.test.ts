/** The Teams webhook poster and the Secrets Manager URL resolver, over fake fetch and a fake client. */
import {
  type GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  ResourceNotFoundException,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type SecretValueClient,
  secretsManagerUrlResolver,
  WEBHOOKS_CACHE_MS,
} from '../../functions/adapters/teams/secrets-url-resolver.ts';
import { WebhookTeamsPoster } from '../../functions/adapters/teams/webhook-poster.ts';
import { SendError } from '../../functions/core/ports.ts';

const SIGNED_URL =
  'https://prod-07.uksouth.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRET-SIGNATURE';
const CARD = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] };

/** Replaces the global fetch with one answering each call from `answers` in turn. */
function fakeFetch(...answers: (() => Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const next = answers[Math.min(calls.length, answers.length) - 1];
    if (!next) throw new Error('no answer configured');
    return next();
  });
  return calls;
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  async () =>
    new Response(code === 202 ? null : `error at ${SIGNED_URL}`, { status: code, headers });

async function failureOf(promise: Promise<unknown>): Promise<SendError> {
  const thrown = await promise.catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(SendError);
  const error = thrown as SendError;
  expect(error.message).not.toContain('logic.azure.com');
  expect(error.message).not.toContain('SECRET-SIGNATURE');
  return error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('WebhookTeamsPoster', () => {
  it('posts the card as JSON to the resolved URL, with a timeout, and resolves the URL once per channel', async () => {
    const calls = fakeFetch(status(202), status(200));
    const resolveUrl = vi.fn(async () => SIGNED_URL);
    const poster = new WebhookTeamsPoster(resolveUrl);
    await poster.post('north-team', CARD);
    await poster.post('north-team', CARD);
    expect(resolveUrl).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.url).toBe(SIGNED_URL);
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual(CARD);
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [404, false],
    [413, false],
  ])(
    'answers HTTP %i with a SendError, retryable: %s, naming the channel, never the URL',
    async (code, retryable) => {
      fakeFetch(status(code));
      const error = await failureOf(new WebhookTeamsPoster(async () => SIGNED_URL).post('north-team', CARD));
      expect(error.retryable).toBe(retryable);
      expect(error.message).toBe(`Teams post to north-team answered HTTP ${code}`);
    },
  );

  it('passes on Retry-After', async () => {
    fakeFetch(status(429, { 'retry-after': '7' }));
    const error = await failureOf(new WebhookTeamsPoster(async () => SIGNED_URL).post('north-team', CARD));
    expect(error.message).toBe('Teams post to north-team answered HTTP 429 (retry after 7)');
  });

  it('treats a network failure or a timeout as retryable, with its code only', async () => {
    fakeFetch(
      () =>
        Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET', host: SIGNED_URL } })),
      () => Promise.reject(new DOMException(`timed out posting to ${SIGNED_URL}`, 'TimeoutError')),
    );
    const poster = new WebhookTeamsPoster(async () => SIGNED_URL);
    const reset = await failureOf(poster.post('north-team', CARD));
    expect([reset.retryable, reset.message]).toEqual([true, 'Teams post to north-team failed (ECONNRESET)']);
    const timeout = await failureOf(poster.post('north-team', CARD));
    expect([timeout.retryable, timeout.message]).toEqual([
      true,
      'Teams post to north-team failed (TimeoutError)',
    ]);
  });

  it('reads the URL again after an answer saying it is no longer good, and after a failed look-up', async () => {
    fakeFetch(status(404), status(202));
    const resolveUrl = vi
      .fn<(channel: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('throttled'))
      .mockResolvedValue(SIGNED_URL);
    const poster = new WebhookTeamsPoster(resolveUrl);
    const lookUp = await failureOf(poster.post('north-team', CARD));
    expect([lookUp.retryable, lookUp.message]).toEqual([
      true,
      'the webhook of Teams channel north-team could not be read (Error)',
    ]);
    await failureOf(poster.post('north-team', CARD));
    await poster.post('north-team', CARD);
    expect(resolveUrl).toHaveBeenCalledTimes(3);
  });

  it('passes on the SendError of the resolver as it is', async () => {
    const final = new SendError('Teams channel south-team has no webhook URL in the webhooks secret', false);
    const error = await failureOf(
      new WebhookTeamsPoster(() => Promise.reject(final)).post('south-team', CARD),
    );
    expect(error).toBe(final);
  });
});

describe('secretsManagerUrlResolver', () => {
  const SECRET = 'los/teams-webhooks';
  const SOUTH_URL = SIGNED_URL.replace('/abc/', '/def/');
  const WEBHOOKS = { 'north-team': SIGNED_URL, 'south-team': SOUTH_URL };

  /** A client answering every GetSecretValue with `answer`, recording the secret ids asked for. */
  function fakeSecrets(answer: () => Promise<GetSecretValueCommandOutput>) {
    const secretIds: (string | undefined)[] = [];
    const client: SecretValueClient = {
      send(command: GetSecretValueCommand) {
        secretIds.push(command.input.SecretId);
        return answer();
      },
    };
    return { client, secretIds };
  }

  const holding = (secretString: string | undefined) =>
    fakeSecrets(async () => ({ SecretString: secretString, $metadata: {} }));

  const failing = (name: string) =>
    fakeSecrets(() =>
      Promise.reject(
        new SecretsManagerServiceException({
          name,
          $fault: 'client',
          message: `${name} reading ${SIGNED_URL}`,
          $metadata: { httpStatusCode: 400 },
        }),
      ),
    );

  it('reads each channel’s URL from the one secret, once for several channels', async () => {
    const { client, secretIds } = holding(JSON.stringify(WEBHOOKS));
    const resolve = secretsManagerUrlResolver(client, SECRET);
    await expect(resolve('north-team')).resolves.toBe(SIGNED_URL);
    await expect(resolve('south-team')).resolves.toBe(SOUTH_URL);
    await expect(resolve('north-team')).resolves.toBe(SIGNED_URL);
    expect(secretIds).toEqual([SECRET]);
  });

  it('shares one read between concurrent look-ups', async () => {
    let release = () => {};
    const { client, secretIds } = fakeSecrets(
      () =>
        new Promise((resolve) => {
          release = () => resolve({ SecretString: JSON.stringify(WEBHOOKS), $metadata: {} });
        }),
    );
    const resolve = secretsManagerUrlResolver(client, SECRET);
    const lookUps = Promise.all([resolve('north-team'), resolve('south-team'), resolve('north-team')]);
    release();
    await expect(lookUps).resolves.toEqual([SIGNED_URL, SOUTH_URL, SIGNED_URL]);
    expect(secretIds).toEqual([SECRET]);
  });

  it('reads the secret again once the cache time has passed, so a channel added to it is found', async () => {
    let secret: Record<string, string> = { 'north-team': SIGNED_URL };
    const { client, secretIds } = fakeSecrets(async () => ({
      SecretString: JSON.stringify(secret),
      $metadata: {},
    }));
    let now = Date.parse('2026-11-23T07:00:00Z');
    const resolve = secretsManagerUrlResolver(client, SECRET, { now: () => now });
    await resolve('north-team');
    secret = WEBHOOKS;
    now += WEBHOOKS_CACHE_MS - 1;
    const missing = await failureOf(resolve('south-team'));
    expect(missing.retryable).toBe(false);
    expect(secretIds).toHaveLength(1);
    now += 1;
    await expect(resolve('south-team')).resolves.toBe(SOUTH_URL);
    expect(secretIds).toEqual([SECRET, SECRET]);
    expect(WEBHOOKS_CACHE_MS).toBe(5 * 60_000);
  });

  it('refuses, for good, a channel absent from the secret, naming it', async () => {
    const { client } = holding(JSON.stringify(WEBHOOKS));
    const error = await failureOf(secretsManagerUrlResolver(client, SECRET)('east-team'));
    expect([error.retryable, error.message]).toEqual([
      false,
      'Teams channel east-team has no webhook URL in the webhooks secret',
    ]);
  });

  it('finds no channel on Object’s prototype, and keeps a channel named __proto__', async () => {
    const { client } = holding(`{"__proto__":"${SIGNED_URL}"}`);
    const resolve = secretsManagerUrlResolver(client, SECRET);
    await expect(resolve('__proto__')).resolves.toBe(SIGNED_URL);
    const error = await failureOf(resolve('constructor'));
    expect(error.message).toBe('Teams channel constructor has no webhook URL in the webhooks secret');
  });

  it.each([
    ['not a URL', 'not a url'],
    ['an http URL', SIGNED_URL.replace('https:', 'http:')],
    ['not a string', 42],
    ['null', null],
  ])(
    'refuses, for good, a channel whose value is %s, without quoting it; the others still work',
    async (_, value) => {
      const { client, secretIds } = holding(JSON.stringify({ ...WEBHOOKS, 'east-team': value }));
      const resolve = secretsManagerUrlResolver(client, SECRET);
      const error = await failureOf(resolve('east-team'));
      expect([error.retryable, error.message]).toEqual([
        false,
        'the webhook URL of Teams channel east-team in the webhooks secret is not an https URL',
      ]);
      expect(error.message).not.toContain(String(value));
      await expect(resolve('north-team')).resolves.toBe(SIGNED_URL);
      expect(secretIds).toHaveLength(1);
    },
  );

  it('refuses, for good, a secret that does not exist', async () => {
    const { client } = fakeSecrets(() =>
      Promise.reject(new ResourceNotFoundException({ message: `no ${SIGNED_URL}`, $metadata: {} })),
    );
    const error = await failureOf(secretsManagerUrlResolver(client, SECRET)('north-team'));
    expect([error.retryable, error.message]).toEqual([
      false,
      'the Teams webhooks secret los/teams-webhooks does not exist',
    ]);
  });

  it.each([
    ['not JSON', `${SIGNED_URL} sig=SECRET-SIGNATURE`],
    ['a bare URL in JSON', JSON.stringify(SIGNED_URL)],
    ['a JSON list', JSON.stringify([SIGNED_URL])],
    ['JSON null', 'null'],
    ['empty', ''],
    ['binary (no SecretString)', undefined],
  ])('refuses, for good, a secret that is %s, without quoting it', async (_, value) => {
    const { client } = holding(value);
    const error = await failureOf(secretsManagerUrlResolver(client, SECRET)('north-team'));
    expect([error.retryable, error.message]).toEqual([
      false,
      'the Teams webhooks secret los/teams-webhooks is not a JSON map of channel to webhook URL',
    ]);
  });

  it.each(['ThrottlingException', 'AccessDeniedException', 'DecryptionFailure'])(
    'treats %s as retryable, naming the error only, and reads again on the next look-up',
    async (name) => {
      const { client, secretIds } = failing(name);
      const resolve = secretsManagerUrlResolver(client, SECRET);
      const error = await failureOf(resolve('north-team'));
      expect([error.retryable, error.message]).toEqual([
        true,
        `the Teams webhooks secret los/teams-webhooks could not be read (${name})`,
      ]);
      await failureOf(resolve('north-team'));
      expect(secretIds).toEqual([SECRET, SECRET]);
    },
  );

  it.each([null, ''])(
    'refuses every channel, for good, when Teams is not configured (%j)',
    async (secretName) => {
      const { client, secretIds } = holding(JSON.stringify(WEBHOOKS));
      const error = await failureOf(secretsManagerUrlResolver(client, secretName)('north-team'));
      expect([error.retryable, error.message]).toEqual([
        false,
        'Teams is not configured (los:teamsWebhooksSecret)',
      ]);
      expect(secretIds).toEqual([]);
    },
  );

  it('gives the poster a fresh read after a refused URL, once the cache time has passed', async () => {
    const calls = fakeFetch(status(404), status(202));
    let secret: Record<string, string> = WEBHOOKS;
    const { client, secretIds } = fakeSecrets(async () => ({
      SecretString: JSON.stringify(secret),
      $metadata: {},
    }));
    let now = 0;
    const poster = new WebhookTeamsPoster(secretsManagerUrlResolver(client, SECRET, { now: () => now }));
    await failureOf(poster.post('north-team', CARD));
    const rotated = SIGNED_URL.replace('SECRET-SIGNATURE', 'ROTATED-SIGNATURE');
    secret = { ...WEBHOOKS, 'north-team': rotated };
    now += WEBHOOKS_CACHE_MS;
    await poster.post('north-team', CARD);
    expect(calls.map((call) => call.url)).toEqual([SIGNED_URL, rotated]);
    expect(secretIds).toEqual([SECRET, SECRET]);
  });
});
