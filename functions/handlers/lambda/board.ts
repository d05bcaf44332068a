/**
 * Lambda entry point of the board (`handler`), behind the board's HTTP API (every route, GET and POST).
 * At cold start: the environment is checked (a missing variable fails at once, named), the two secrets
 * are read from Secrets Manager, and the user pool's signing keys are fetched, so no request waits for
 * them. Hono's adapter turns API Gateway's events into the app's requests, cookies included; Powertools
 * adds the request id to every log line, and never logs the event.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { handle } from 'hono/aws-lambda';
import { ActionTextCipher, keyFromSecret } from '../../adapters/action-text/cipher.ts';
import { DynamoActionTextStore } from '../../adapters/dynamodb/action-text-store.ts';
import { DynamoDirectoryStore } from '../../adapters/dynamodb/directory-store.ts';
import { createBoardApp } from '../../board/app.ts';
import { indexBoardReader } from '../../board/index-reader.ts';
import { boardDeps, readBoardSecrets } from '../board.ts';
import { boardEnvironmentFrom } from './environment.ts';
import { basicsOf, ingestContextOf } from './runtime.ts';

const { environment, logger, handlerLogger, client } = basicsOf(boardEnvironmentFrom(process.env));
const verifier = CognitoJwtVerifier.create({
  userPoolId: environment.userPoolId,
  tokenUse: 'id',
  clientId: environment.clientId,
});
// Two round trips at cold start, neither waiting on the other: the secrets and the pool's signing keys.
const [secrets] = await Promise.all([
  readBoardSecrets(new SecretsManagerClient({}), environment),
  verifier.hydrate(),
]);
const ingest = ingestContextOf(client, environment);
const directory = new DynamoDirectoryStore(client, environment.tableName);

export const handler = middy(
  handle(
    createBoardApp(
      boardDeps({
        environment,
        secrets,
        verifier,
        reader: indexBoardReader(
          { events: ingest.events, directory, trackers: ingest.trackers, timeliness: ingest.timeliness },
          ingest.profile,
        ),
        actionTexts: new DynamoActionTextStore(
          client,
          environment.tableName,
          new ActionTextCipher(keyFromSecret(secrets.actionTextKey)),
        ),
        directory,
        ingest,
        logger: handlerLogger,
      }),
    ),
  ),
  // Never the event: it carries the session cookie and the forms' fields (an action's text).
).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }));
