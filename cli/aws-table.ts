/**
 * What the commands that work on a deployment share: the `--table` option, a DynamoDB client that takes
 * its region and credentials from the default chain (environment, shared config and SSO, instance or
 * container role), as the AWS CLI does, and what to say when that chain gives nothing usable.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Option } from 'commander';

/** `--table <name>`: the table on AWS instead of the local store under `--data-dir`. */
export const tableOption = () =>
  new Option(
    '--table <name>',
    'the table on AWS instead (line-of-sight-<env>), through the default AWS credentials and region',
  ).conflicts('dataDir');

/** A document client for a deployment's table, and how to let it go. */
export function awsTableClient(): { client: DynamoDBDocumentClient; close: () => Promise<void> } {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return { client, close: async () => client.destroy() };
}

/** What to say of an error of the AWS SDK or the credential chain that is about the caller's setup, if it is one. */
export function setupProblem(error: unknown): string | null {
  const { name, message } = error as Error;
  if (name === 'CredentialsProviderError') {
    return 'no AWS credentials were found: set AWS_PROFILE (and sign in), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  if (/region is missing/i.test(message ?? '')) {
    return 'no AWS region is set: set AWS_REGION to the deployment’s region, such as eu-west-2';
  }
  if (
    [
      'UnrecognizedClientException',
      'InvalidSignatureException',
      'ExpiredTokenException',
      'ExpiredToken',
      'InvalidClientTokenId',
    ].includes(name)
  ) {
    return `AWS refused these credentials (${name}): they are not valid or have expired; sign in again`;
  }
  return null;
}
