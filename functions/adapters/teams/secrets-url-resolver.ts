/**
 * Teams webhook URLs kept in Secrets Manager: one secret for every channel (`los:teamsWebhooksSecret`),
 * whose SecretString is a JSON object mapping each `teams_channel` of the directory to its Workflows
 * webhook URL, such as `{"teams-north-1":"https://prod-00.uksouth.logic.azure.com/workflows/…"}`. One
 * secret rather than one per channel, because Secrets Manager bills each secret by the month.
 *
 * Neither the secret's value nor any URL in it is ever put in an error message (a URL carries its
 * flow's signature): messages name the channel, the secret and the error only.
 */
import { GetSecretValueCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigurationError, SendError } from '../../core/ports.ts';
import type { ResolveWebhookUrl } from './webhook-poster.ts';

/** What the resolver needs of a Secrets Manager client (a `SecretsManagerClient` has it). */
export interface SecretValueClient {
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>;
}

/**
 * How long a read of the secret is used: short, so a channel added to the secret (or a URL replaced in
 * it) is picked up without a redeploy, and shorter than the notices queue's visibility timeout (6
 * minutes), so the retry of a card refused with a replaced URL reads the secret afresh.
 */
export const WEBHOOKS_CACHE_MS = 5 * 60_000;

/** How the resolver caches the secret; tests set the clock. */
export interface SecretsUrlResolverOptions {
  /** How long a read of the secret is used, in milliseconds; {@link WEBHOOKS_CACHE_MS} by default. */
  readonly cacheMs?: number;
  /** The clock the cache is timed by (milliseconds since the epoch); `Date.now` by default. */
  readonly now?: () => number;
}

/** The secret's value: a JSON object (not an array), whatever its values. */
const WEBHOOK_MAP = z.record(z.string(), z.unknown());

const HTTPS_URL = z.url({ protocol: /^https$/ });

/** Each channel of the secret and its URL, or null when its value is not an https URL. */
type Webhooks = ReadonlyMap<string, string | null>;

/** The error's name, such as ThrottlingException: never its message, which could quote a request. */
const nameOf = (error: unknown) => (error as { name?: string } | null)?.name ?? 'Error';

/** The text parsed as JSON, or undefined when it is not JSON (the parser's message would quote it). */
function jsonOf(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Reads the secret and checks its shape. A value that is not an https URL is kept as null, so that it
 * fails its own channel and no other.
 */
async function readWebhooks(client: SecretValueClient, secretName: string): Promise<Webhooks> {
  let output: GetSecretValueCommandOutput;
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
  } catch (error) {
    const name = nameOf(error);
    if (name === 'ResourceNotFoundException') {
      throw new ConfigurationError(
        `the Teams webhooks secret ${secretName} does not exist`,
        'teams-webhooks',
      );
    }
    throw new SendError(`the Teams webhooks secret ${secretName} could not be read (${name})`, true);
  }
  const value = jsonOf(output.SecretString);
  if (!WEBHOOK_MAP.safeParse(value).success) {
    throw new ConfigurationError(
      `the Teams webhooks secret ${secretName} is not a JSON map of channel to webhook URL`,
      'teams-webhooks',
    );
  }
  // From the parsed JSON itself, not zod's copy (which drops a `__proto__` key), into a Map, so that a
  // channel named like an Object property (`constructor`) is not found on the prototype.
  return new Map(
    Object.entries(value as Record<string, unknown>).map(([channel, url]) => [
      channel,
      HTTPS_URL.safeParse(url).success ? (url as string) : null,
    ]),
  );
}

/** The channels of the webhooks secret, never their URLs: those with an https URL, and those without. */
export interface WebhookChannels {
  readonly channels: readonly string[];
  readonly notHttps: readonly string[];
}

/**
 * Which channels the webhooks secret holds, for `los doctor` to compare with the directory's
 * (`channelsWithoutWebhook`): a read of the secret, reporting channel names only, never a URL. Throws
 * the {@link SendError}s a send would meet: a {@link ConfigurationError} when the secret does not
 * exist or is not a JSON map of channel to URL.
 */
export async function webhookChannelsIn(
  client: SecretValueClient,
  secretName: string,
): Promise<WebhookChannels> {
  const webhooks = [...(await readWebhooks(client, secretName))];
  return {
    channels: webhooks.filter(([, url]) => url !== null).map(([channel]) => channel),
    notHttps: webhooks.filter(([, url]) => url === null).map(([channel]) => channel),
  };
}

/**
 * Resolves a Teams channel to its webhook URL from the one secret named `secretName` (null or empty
 * when Teams is not configured: every channel is then refused for good).
 *
 * One read of the secret serves every channel for {@link SecretsUrlResolverOptions.cacheMs} (5
 * minutes): look-ups meanwhile, including concurrent ones, share one GetSecretValue. A read that
 * failed is not kept, so the next look-up reads again.
 *
 * Errors are {@link SendError}s. For good, and {@link ConfigurationError}s (a retry cannot fix them
 * until the secret or the setting is put right): Teams not configured, the secret missing, a secret that
 * is not a JSON map of channel to URL, a channel absent from the map, or a channel whose value is not
 * an https URL. Retryable: any other failure to read the secret (throttling,
 * the network, and also a missing permission or KMS grant), so that a deployment fault ends in the
 * dead-letter queue and its alarm rather than in a quiet "failed" in the ledger.
 */
export function secretsManagerUrlResolver(
  client: SecretValueClient,
  secretName: string | null,
  options: SecretsUrlResolverOptions = {},
): ResolveWebhookUrl {
  if (!secretName) {
    return () =>
      Promise.reject(
        new ConfigurationError('Teams is not configured (los:teamsWebhooksSecret)', 'teams-webhooks'),
      );
  }
  const cacheMs = options.cacheMs ?? WEBHOOKS_CACHE_MS;
  const now = options.now ?? Date.now;
  let cached: { readonly readAt: number; readonly webhooks: Promise<Webhooks> } | undefined;

  const webhooks = (): Promise<Webhooks> => {
    const at = now();
    if (!cached || at - cached.readAt >= cacheMs) {
      const read = readWebhooks(client, secretName);
      cached = { readAt: at, webhooks: read };
      read.catch(() => {
        // Only this read is forgotten: a later one may have replaced it already.
        if (cached?.webhooks === read) cached = undefined;
      });
    }
    return cached.webhooks;
  };

  return async (teamsChannel) => {
    const url = (await webhooks()).get(teamsChannel);
    if (url === undefined) {
      throw new ConfigurationError(
        `Teams channel ${teamsChannel} has no webhook URL in the webhooks secret`,
        'teams-webhooks',
      );
    }
    if (url === null) {
      throw new ConfigurationError(
        `the webhook URL of Teams channel ${teamsChannel} in the webhooks secret is not an https URL`,
        'teams-webhooks',
      );
    }
    return url;
  };
}
