/**
 * What the Lambda entry points share: the environment checked, the Powertools logger, one DynamoDB
 * document client and the stores over it, and (for ingest and the run) the rule profile, all made once
 * per container (at cold start) and reused by every invocation.
 *
 * The notifier's wiring is in its own entry module (`notify-queue.ts`): it brings MJML and the SES and
 * Secrets Manager clients, which would otherwise be bundled into every function.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from '../../adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../../adapters/dynamodb/directory-store.ts';
import { DynamoCaseEventStore } from '../../adapters/dynamodb/event-store.ts';
import { DynamoNoticeLedger } from '../../adapters/dynamodb/notice-ledger.ts';
import { DynamoQuarantineStore } from '../../adapters/dynamodb/quarantine-store.ts';
import { DynamoRecomputeMarks } from '../../adapters/dynamodb/recompute-marks.ts';
import { DynamoWeeklyRunLog } from '../../adapters/dynamodb/weekly-run-log.ts';
import { SqsNoticeSink } from '../../adapters/sqs/notice-sink.ts';
import { defaultNoticeTiming } from '../../core/notices/plan.ts';
import type { DirectoryStore } from '../../core/ports.ts';
import { builtInProfile } from '../../core/rules/load.ts';
import type { IngestContext } from '../../ingest/ingest.ts';
import type { RunContext } from '../../runs/due-run.ts';
import type { WeeklyContext } from '../../runs/weekly-run.ts';
import type { WarningLogger } from '../logger.ts';
import {
  type FunctionEnvironment,
  type IngestEnvironment,
  ingestEnvironmentFrom,
  type ScheduleRunEnvironment,
  scheduleRunEnvironmentFrom,
  sesEventsEnvironmentFrom,
} from './environment.ts';

/** What every entry point wires together: its checked environment and its logger. */
export interface Runtime<E extends FunctionEnvironment> {
  readonly environment: E;
  /** For Powertools' middleware, which adds the request id and cold start to every line. */
  readonly logger: Logger;
  /** What the handlers log through: ids and counts only (the handlers never pass content). */
  readonly handlerLogger: WarningLogger;
}

/** Everything an ingest entry point wires together. */
export interface IngestRuntime extends Runtime<IngestEnvironment> {
  readonly context: IngestContext;
}

/** The Powertools logger behind the handlers' small logging interface. */
export function handlerLoggerOf(logger: Logger): WarningLogger {
  return {
    info: (message, attributes) => logger.info(message, attributes),
    warn: (message, attributes) => logger.warn(message, attributes),
  };
}

/** What every entry point builds from its checked environment: the loggers and the table client. */
export function basicsOf<E extends FunctionEnvironment>(environment: E) {
  const logger = new Logger({ serviceName: environment.serviceName });
  return {
    environment,
    logger,
    handlerLogger: handlerLoggerOf(logger),
    // The region and credentials come from the Lambda environment. The stores write plain JSON
    // (`plainJson`), so no marshalling options are needed.
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  };
}

/** The rules and the notice timing of the built-in profile, for ingest and the run. */
function rulesOf(environment: IngestEnvironment) {
  // The bundled catalogue is the one the tests and the check before every synth compared with the
  // national floor: a cold start checks its references only, not the floor again.
  const profile = builtInProfile(environment.ruleProfile, 'floor-checked-at-build');
  return {
    profile,
    // The morning run's time is a deployment setting: the due index must be keyed on the minute the
    // scheduled run actually starts (ingest and the run alike), or a day's notices would wait a day.
    timing: defaultNoticeTiming(profile, environment.morningRunMinutes),
  };
}

/**
 * Checks the environment first, so that a missing variable is reported before anything is built,
 * then builds the client, the stores and the profile.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function ingestRuntimeFrom(env: Readonly<Record<string, string | undefined>>): IngestRuntime {
  const { client, ...basics } = basicsOf(ingestEnvironmentFrom(env));
  const { tableName } = basics.environment;
  return {
    ...basics,
    context: {
      events: new DynamoCaseEventStore(client, tableName),
      deadlines: new DynamoDeadlineStore(client, tableName),
      quarantine: new DynamoQuarantineStore(client, tableName),
      marks: new DynamoRecomputeMarks(client, tableName),
      ...rulesOf(basics.environment),
      now: Date.now,
    },
  };
}

/** Everything the scheduled-run entry point wires together. */
export interface ScheduleRunRuntime extends Runtime<ScheduleRunEnvironment> {
  /** What the morning and hourly runs and the weekly run need; the notices queue takes every message. */
  readonly context: RunContext & WeeklyContext;
}

/**
 * The scheduled runs' runtime: the deadline store over the table (the `due` index and the next
 * action, and for the weekly run every deadline), the directory, the notices queue, the profile and
 * the timing, made once per container.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function scheduleRunRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
): ScheduleRunRuntime {
  const { client, ...basics } = basicsOf(scheduleRunEnvironmentFrom(env));
  const { tableName, noticeQueueUrl } = basics.environment;
  return {
    ...basics,
    context: {
      deadlines: new DynamoDeadlineStore(client, tableName),
      directory: new DynamoDirectoryStore(client, tableName),
      ledger: new DynamoNoticeLedger(client, tableName),
      marks: new DynamoRecomputeMarks(client, tableName),
      weeklyRuns: new DynamoWeeklyRunLog(client, tableName),
      notices: new SqsNoticeSink(new SQSClient({}), noticeQueueUrl),
      ...rulesOf(basics.environment),
    },
  };
}

/** Everything the SES-events entry point wires together. */
export interface SesEventsRuntime extends Runtime<FunctionEnvironment> {
  /** Where addresses are marked undeliverable. */
  readonly directory: Pick<DirectoryStore, 'markUndeliverable'>;
}

/**
 * The SES-events runtime: the directory over the table, to mark addresses undeliverable.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function sesEventsRuntimeFrom(env: Readonly<Record<string, string | undefined>>): SesEventsRuntime {
  const { client, ...basics } = basicsOf(sesEventsEnvironmentFrom(env));
  return { ...basics, directory: new DynamoDirectoryStore(client, basics.environment.tableName) };
}
