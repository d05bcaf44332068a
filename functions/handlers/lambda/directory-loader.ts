/**
 * Lambda entry point of the directory loader (`handler`), invoked by the EventBridge rule on the import
 * bucket's `Object Created` events under `directory/`. The environment (TABLE_NAME, IMPORT_BUCKET) is
 * checked when the module loads, so a function deployed without one fails at cold start with a message
 * naming it. The event itself is never logged (`logEvent: false` overrides
 * POWERTOOLS_LOGGER_LOG_EVENT), nor is the file.
 *
 * The loader's wiring lives here rather than in `runtime.ts`, so that the S3 client is bundled into this
 * function only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import { DynamoDirectoryStore } from '../../adapters/dynamodb/directory-store.ts';
import { S3ImportFiles } from '../../adapters/s3/import-files.ts';
import { createDirectoryLoaderHandler, type DirectoryLoaderDeps } from '../directory-loader.ts';
import { type DirectoryLoaderEnvironment, directoryLoaderEnvironmentFrom } from './environment.ts';
import { basicsOf, type Runtime } from './runtime.ts';

/** Everything the directory loader's entry point wires together. */
export interface DirectoryLoaderRuntime extends Runtime<DirectoryLoaderEnvironment> {
  readonly deps: DirectoryLoaderDeps;
}

/**
 * The loader's runtime: the import bucket's files over S3 and the directory over the table.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function directoryLoaderRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
): DirectoryLoaderRuntime {
  const { client, ...basics } = basicsOf(directoryLoaderEnvironmentFrom(env));
  const { tableName, importBucket } = basics.environment;
  return {
    ...basics,
    deps: {
      files: new S3ImportFiles(new S3Client({}), importBucket),
      directory: new DynamoDirectoryStore(client, tableName),
      logger: basics.handlerLogger,
    },
  };
}

const { deps, logger } = directoryLoaderRuntimeFrom(process.env);

export const handler = middy(createDirectoryLoaderHandler(deps)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
