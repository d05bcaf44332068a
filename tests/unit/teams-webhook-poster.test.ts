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
    const final = new SendError('Teams channel south-team has no webhook secret', false);
    const error = await failureOf(
      new WebhookTeamsPoster(() => Promise.reject(final)).post('south-team', CARD),
    );
    expect(error).toBe(final);
  });
});

describe('secretsManagerUrlResolver', () => {
  function fakeSecrets(answer: (secretId: string) => Promise<GetSecretValueCommandOutput>) {
    const secretIds: (string | undefined)[] = [];
    const client: SecretValueClient = {
      send(command: GetSecretValueCommand) {
        secretIds.push(command.input.SecretId);
        return answer(command.input.SecretId ?? '');
      },
    };
    return { client, secretIds };
  }

  it('reads the secret named after the channel', async () => {
    const { client, secretIds } = fakeSecrets(async () => ({
      SecretString: ` ${SIGNED_URL}\n`,
      $metadata: {},
    }));
    await expect(secretsManagerUrlResolver(client)('north-team')).resolves.toBe(SIGNED_URL);
    expect(secretIds).toEqual(['north-team']);
  });

  it('refuses, for good, a channel with no secret', async () => {
    const { client } = fakeSecrets(() =>
      Promise.reject(new ResourceNotFoundException({ message: 'not found', $metadata: {} })),
    );
    const error = await failureOf(secretsManagerUrlResolver(client)('south-team'));
    expect([error.retryable, error.message]).toEqual([
      false,
      'Teams channel south-team has no webhook secret',
    ]);
  });

  it.each([
    ['not a URL', 'not a url'],
    ['an http URL', SIGNED_URL.replace('https:', 'http:')],
    ['empty', undefined],
  ])('refuses, for good, a secret that is %s, without quoting it', async (_, value) => {
    const { client } = fakeSecrets(async () => ({ SecretString: value, $metadata: {} }));
    const error = await failureOf(secretsManagerUrlResolver(client)('north-team'));
    expect([error.retryable, error.message]).toEqual([
      false,
      'the webhook secret of Teams channel north-team is not an https URL',
    ]);
  });

  it('treats other failures (throttling, the network, permissions) as retryable', async () => {
    const { client } = fakeSecrets(() =>
      Promise.reject(
        new SecretsManagerServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
      ),
    );
    const error = await failureOf(secretsManagerUrlResolver(client)('north-team'));
    expect([error.retryable, error.message]).toEqual([
      true,
      'the webhook secret of Teams channel north-team could not be read (ThrottlingException)',
    ]);
  });
});
