/**
 * Lambda entry point of the import loader (`handler`), invoked by the EventBridge rule on the import
 * bucket's `Object Created` events under `imports/`. The environment (ingest's variables and
 * IMPORT_BUCKET) is checked when the module loads, so a function deployed without one fails at cold
 * start with a message naming it. The event itself is never logged (`logEvent: false` overrides
 * POWERTOOLS_LOGGER_LOG_EVENT), nor is the file.
 *
 * The loader's wiring lives here rather than in `runtime.ts`, so that the S3 client and the import
 * formats are bundled into this function only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import { DynamoDirectoryStore } from '../../adapters/dynamodb/directory-store.ts';
import { DynamoImportLog } from '../../adapters/dynamodb/import-log.ts';
import { DynamoImportManifestStore } from '../../adapters/dynamodb/import-manifest-store.ts';
import { S3ImportFiles } from '../../adapters/s3/import-files.ts';
import { createImportLoaderHandler, type ImportLoaderDeps } from '../import-loader.ts';
import { type ImportLoaderEnvironment, importLoaderEnvironmentFrom } from './environment.ts';
import { basicsOf, ingestContextOf, type Runtime } from './runtime.ts';

/** Everything the import loader's entry point wires together. */
export interface ImportLoaderRuntime extends Runtime<ImportLoaderEnvironment> {
  readonly deps: ImportLoaderDeps;
}

/**
 * The loader's runtime: the import bucket's files over S3, and over the table what ingest writes, the
 * manifests, the directory and the imports' records, with the deployed profile.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function importLoaderRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
  bundleDir?: URL,
): ImportLoaderRuntime {
  const { client, ...basics } = basicsOf(importLoaderEnvironmentFrom(env));
  const { tableName, importBucket } = basics.environment;
  const { profile, timing, now, ...ingestStores } = ingestContextOf(client, basics.environment, bundleDir);
  return {
    ...basics,
    deps: {
      files: new S3ImportFiles(new S3Client({}), importBucket),
      stores: {
        ...ingestStores,
        manifests: new DynamoImportManifestStore(client, tableName),
        directory: new DynamoDirectoryStore(client, tableName),
      },
      imports: new DynamoImportLog(client, tableName),
      context: { profile, timing, now },
      logger: basics.handlerLogger,
    },
  };
}

const { deps, logger } = importLoaderRuntimeFrom(process.env);

export const handler = middy(createImportLoaderHandler(deps)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
