/**
 * The board on AWS, wired: the same app as on a laptop (`createBoardApp`), with the Cognito + Entra
 * sign-in, the table's stores, ingest's code for the actions it records, and every read of a case
 * logged as a structured line (who, which case, when, on which page). The entry module
 * (`lambda/board.ts`) builds it once per container, at cold start.
 *
 * Secrets (the app client's secret, the action-text key) are read from Secrets Manager at cold start,
 * by the names the environment gives, never from the environment itself.
 */

import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretValueClient } from '../adapters/teams/secrets-url-resolver.ts';
import { CognitoSignIn, derivedKey, type IdTokenVerifier } from '../board/cognito-sign-in.ts';
import type { BoardDeps, BoardReader, ReadAudit } from '../board/deps.ts';
import type { ActionTextStore, DirectoryStore } from '../core/ports.ts';
import { type IngestContext, ingestBatch } from '../ingest/ingest.ts';
import { type BoardEnvironment, EnvironmentError } from './lambda/environment.ts';
import type { WarningLogger } from './logger.ts';

/** The ingest channel the board's events arrive by, as the quarantine records it. */
export const BOARD_CHANNEL = 'board';

/** The log line of each page's reads of cases: the audit trail (CloudWatch Logs, kept 90 days). */
export const CASE_READ_LOG = 'board case read';

/** The board's secrets, read at cold start. */
export interface BoardSecrets {
  /** The Cognito app client's secret: the token endpoint's client authentication. */
  readonly clientSecret: string;
  /** The secret the action texts' key is derived from (`keyFromSecret`). */
  readonly actionTextKey: string;
}

/**
 * Reads the board's two secrets by the names in its environment.
 *
 * @throws {EnvironmentError} naming the secret that is missing or empty (never its value).
 */
export async function readBoardSecrets(
  secrets: SecretValueClient,
  environment: Pick<BoardEnvironment, 'clientSecretName' | 'actionTextKeyName'>,
): Promise<BoardSecrets> {
  const read = async (name: string) => {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
    if (!SecretString) throw new EnvironmentError([`the secret ${name} has no string value`]);
    return SecretString;
  };
  const [clientSecret, actionTextKey] = await Promise.all([
    read(environment.clientSecretName),
    read(environment.actionTextKeyName),
  ]);
  return { clientSecret, actionTextKey };
}

/** The audit trail of reads as log lines: one per page, listing the cases it showed. */
export function loggedReadAudit(logger: Pick<WarningLogger, 'info'>): ReadAudit {
  return {
    async record(reads) {
      if (reads.length > 0) logger.info(CASE_READ_LOG, { reads });
    },
  };
}

/** What {@link boardDeps} is made from: the checked environment, the secrets, and the stores and clients. */
export interface BoardParts {
  readonly environment: BoardEnvironment;
  readonly secrets: BoardSecrets;
  readonly verifier: IdTokenVerifier;
  readonly reader: BoardReader;
  /** The action texts, sealed under the key `keyFromSecret` derives from the generated secret. */
  readonly actionTexts: ActionTextStore;
  readonly directory: Pick<DirectoryStore, 'load'>;
  readonly ingest: IngestContext;
  readonly logger: WarningLogger;
  readonly now?: () => number;
}

/** The board's dependencies on AWS. */
export function boardDeps(parts: BoardParts): BoardDeps {
  const { environment, secrets, verifier, reader, actionTexts, directory, ingest, logger } = parts;
  const now = parts.now ?? Date.now;
  return {
    signIn: new CognitoSignIn({
      boardUrl: environment.boardUrl,
      cognitoDomain: environment.cognitoDomain,
      clientId: environment.clientId,
      clientSecret: secrets.clientSecret,
      verifier,
      directory,
      logger,
      now,
    }),
    board: reader,
    actionTexts,
    send: (events) => ingestBatch(events, BOARD_CHANNEL, ingest),
    audit: loggedReadAudit(logger),
    now: () => new Date(now()),
    profile: ingest.profile,
    origin: environment.boardUrl,
    csrfSecret: derivedKey(secrets.clientSecret, 'csrf'),
  };
}
