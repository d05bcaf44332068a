/**
 * What the commands that work on a deployment's table share: the `--table` option and a DynamoDB
 * client that takes its region and credentials from the default chain (environment, shared config and
 * SSO, instance or container role), as the AWS CLI does.
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
