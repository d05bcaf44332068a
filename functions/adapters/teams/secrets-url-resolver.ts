/**
 * Teams webhook URLs kept in Secrets Manager: one secret per channel, named after the channel, whose
 * SecretString is the Workflows webhook URL. The URL is never put in an error message (it carries the
 * flow's signature). {@link WebhookTeamsPoster} keeps what this resolves for the container's life, so a
 * secret is read once per channel per container.
 */
import { GetSecretValueCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { SendError } from '../../core/ports.ts';
import type { ResolveWebhookUrl } from './webhook-poster.ts';

/** What the resolver needs of a Secrets Manager client (a `SecretsManagerClient` has it). */
export interface SecretValueClient {
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>;
}

/** The secret's value as an https URL, or null. */
function httpsUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    return new URL(value.trim()).protocol === 'https:' ? value.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Resolves a Teams channel to its webhook URL from the secret of the same name.
 *
 * A missing secret, or one that does not hold an https URL, is a {@link SendError} that a retry cannot
 * fix, naming the channel. Any other failure (throttling, the network, and also a missing permission
 * or KMS grant) is retryable: a deployment fault then ends in the dead-letter queue and its alarm
 * rather than in a quiet "failed" in the ledger.
 */
export function secretsManagerUrlResolver(client: SecretValueClient): ResolveWebhookUrl {
  return async (teamsChannel) => {
    let output: GetSecretValueCommandOutput;
    try {
      output = await client.send(new GetSecretValueCommand({ SecretId: teamsChannel }));
    } catch (error) {
      const name = (error as { name?: string } | null)?.name ?? 'Error';
      if (name === 'ResourceNotFoundException') {
        throw new SendError(`Teams channel ${teamsChannel} has no webhook secret`, false);
      }
      throw new SendError(
        `the webhook secret of Teams channel ${teamsChannel} could not be read (${name})`,
        true,
      );
    }
    const url = httpsUrl(output.SecretString);
    if (!url) {
      throw new SendError(`the webhook secret of Teams channel ${teamsChannel} is not an https URL`, false);
    }
    return url;
  };
}
