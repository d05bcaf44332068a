/**
 * What the ingest Lambda entry points share: the environment checked, the Powertools logger, one
 * DynamoDB document client and the stores over it, and the rule profile, all made once per container
 * (at cold start) and reused by every invocation.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { builtInProfile } from '../../../rules/load.ts';
import { DynamoDeadlineStore } from '../../adapters/dynamodb/deadline-store.ts';
import { DynamoCaseEventStore } from '../../adapters/dynamodb/event-store.ts';
import { DynamoQuarantineStore } from '../../adapters/dynamodb/quarantine-store.ts';
import { SqsIntentSink } from '../../adapters/sqs/intent-sink.ts';
import { defaultNoticeTiming } from '../../core/notices/schedule.ts';
import type { IngestContext } from '../../ingest/ingest.ts';
import type { RunContext } from '../../schedule/run.ts';
import type { HandlerLogger } from '../ingest-queue.ts';
import {
  type IngestEnvironment,
  ingestEnvironmentFrom,
  type ScheduleRunEnvironment,
  scheduleRunEnvironmentFrom,
} from './environment.ts';

/** Everything an ingest entry point wires together. */
export interface IngestRuntime {
  readonly environment: IngestEnvironment;
  /** For Powertools' middleware, which adds the request id and cold start to every line. */
  readonly logger: Logger;
  /** What the handlers log through: ids and counts only (the handlers never pass event content). */
  readonly handlerLogger: HandlerLogger;
  readonly context: IngestContext;
}

/** The Powertools logger behind the handlers' small logging interface. */
export function handlerLoggerOf(logger: Logger): HandlerLogger {
  return { info: (message, attributes) => logger.info(message, attributes) };
}

/** What every entry point builds from its checked environment: logger, table client, rules, timing. */
function basicsOf(environment: IngestEnvironment) {
  const profile = builtInProfile(environment.ruleProfile);
  return {
    logger: new Logger({ serviceName: environment.serviceName }),
    // The region and credentials come from the Lambda environment. The stores write plain JSON
    // (`plainJson`), so no marshalling options are needed.
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    profile,
    // The morning run's time is a deployment setting: the due index must be keyed on the minute the
    // scheduled run actually starts (ingest and the run alike), or a day's notices would wait a day.
    timing: { ...defaultNoticeTiming(profile), morningRunMinutes: environment.morningRunMinutes },
  };
}

/**
 * Checks the environment first, so that a missing variable is reported before anything is built,
 * then builds the client, the stores and the profile.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function ingestRuntimeFrom(env: Readonly<Record<string, string | undefined>>): IngestRuntime {
  const environment = ingestEnvironmentFrom(env);
  const { logger, client, profile, timing } = basicsOf(environment);
  return {
    environment,
    logger,
    handlerLogger: handlerLoggerOf(logger),
    context: {
      events: new DynamoCaseEventStore(client, environment.tableName),
      deadlines: new DynamoDeadlineStore(client, environment.tableName),
      quarantine: new DynamoQuarantineStore(client, environment.tableName),
      profile,
      timing,
      now: Date.now,
    },
  };
}

/** Everything the scheduled-run entry point wires together. */
export interface ScheduleRunRuntime {
  readonly environment: ScheduleRunEnvironment;
  readonly logger: Logger;
  readonly context: RunContext;
}

/**
 * The scheduled run's runtime: the deadline store over the table (the `due` index and the next
 * action), the intents queue, the profile and the timing, made once per container.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function scheduleRunRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
): ScheduleRunRuntime {
  const environment = scheduleRunEnvironmentFrom(env);
  const { logger, client, profile, timing } = basicsOf(environment);
  return {
    environment,
    logger,
    context: {
      deadlines: new DynamoDeadlineStore(client, environment.tableName),
      intents: new SqsIntentSink(new SQSClient({}), environment.intentQueueUrl),
      profile,
      timing,
    },
  };
}
