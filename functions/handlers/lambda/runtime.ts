/**
 * What the Lambda entry points share: the environment checked, the Powertools logger, one DynamoDB
 * document client and the stores over it, and (for ingest and the run) the rule profile, all made once
 * per container (at cold start) and reused by every invocation.
 *
 * The notifier's wiring is in its own entry module (`notify-queue.ts`): it brings MJML and the SES and
 * Secrets Manager clients, which would otherwise be bundled into every function.
 */

import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeUtf8 } from '../../../events/index.ts';
import { DynamoDeadlineStore } from '../../adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../../adapters/dynamodb/directory-store.ts';
import { dynamoIngestStores } from '../../adapters/dynamodb/ingest-stores.ts';
import { DynamoNoticeLedger } from '../../adapters/dynamodb/notice-ledger.ts';
import { DynamoNoticeOutbox } from '../../adapters/dynamodb/notice-outbox.ts';
import { DynamoRecomputeMarks } from '../../adapters/dynamodb/recompute-marks.ts';
import { DynamoWeeklyRunLog } from '../../adapters/dynamodb/weekly-run-log.ts';
import { EventBridgeDeadlineEventPublisher } from '../../adapters/eventbridge/deadline-event-publisher.ts';
import { SqsNoticeSink } from '../../adapters/sqs/notice-sink.ts';
import { englandAndWalesCalendar, type WorkingCalendar } from '../../core/calendar/index.ts';
import { defaultNoticeTiming } from '../../core/notices/plan.ts';
import type { DirectoryStore } from '../../core/ports.ts';
import { buildProfile, builtInProfile, profileCalendar } from '../../core/rules/load.ts';
import type { IngestContext } from '../../ingest/ingest.ts';
import { BUNDLED_PROFILE_FILE, profileVersion } from '../../rule-profile.ts';
import type { RunContext } from '../../runs/due-run.ts';
import type { WeeklyContext } from '../../runs/weekly-run.ts';
import type { WarningLogger } from '../logger.ts';
import {
  EnvironmentError,
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

/** Where the function's code is: its bundle (`index.mjs`), and the council profile bundled beside it. */
const BUNDLE_DIR = new URL('./', import.meta.url);

/**
 * The council profile bundled beside the code (`functions/rule-profile.ts`), as JSON, if its bytes
 * have the version the stack set: what the synth checked is what runs, or the function does not start.
 *
 * @throws {EnvironmentError} when the file is missing or is not the version deployed.
 */
export function readBundledProfile(version: string, bundleDir: URL = BUNDLE_DIR): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(new URL(BUNDLED_PROFILE_FILE, bundleDir));
  } catch (error) {
    throw new EnvironmentError([
      `RULE_PROFILE is council, but no ${BUNDLED_PROFILE_FILE} is bundled with the function ` +
        `(${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): deploy again`,
    ]);
  }
  const bundled = profileVersion(bytes);
  if (bundled !== version) {
    throw new EnvironmentError([
      `RULE_PROFILE_VERSION is ${version}, but the bundled ${BUNDLED_PROFILE_FILE} is ${bundled}: deploy again`,
    ]);
  }
  // The synth read these bytes as UTF-8 JSON already; a byte-order mark is dropped as it was there.
  const text = decodeUtf8(bytes);
  return JSON.parse(text.ok ? text.text : '');
}

/**
 * The working calendar of the deployed profile, without its rules: the bank holidays, and a bundled
 * council profile's closure days. What the notifier counts "in 3 working days" over, as the run did.
 *
 * @throws {EnvironmentError} when a council profile is not bundled, or is not the version deployed.
 */
export function deployedCalendar(
  environment: Pick<IngestEnvironment, 'ruleProfile' | 'ruleProfileVersion'>,
  bundleDir: URL = BUNDLE_DIR,
): WorkingCalendar {
  return environment.ruleProfile === 'council'
    ? profileCalendar(readBundledProfile(environment.ruleProfileVersion as string, bundleDir))
    : englandAndWalesCalendar;
}

/** The rules and the notice timing of the deployed profile, for ingest and the run. */
function rulesOf(environment: IngestEnvironment, bundleDir: URL) {
  // The bundled catalogue is the one the tests and the check before every synth compared with the
  // national floor, and a bundled council profile is the file the synth compared, overrides and all:
  // a cold start checks references only, not the floor again.
  const { ruleProfile, ruleProfileVersion } = environment;
  const profile =
    ruleProfile === 'council'
      ? buildProfile(readBundledProfile(ruleProfileVersion as string, bundleDir), 'floor-checked-at-build')
      : builtInProfile(ruleProfile, 'floor-checked-at-build');
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
export function ingestRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
  bundleDir: URL = BUNDLE_DIR,
): IngestRuntime {
  const { client, ...basics } = basicsOf(ingestEnvironmentFrom(env));
  return { ...basics, context: ingestContextOf(client, basics.environment, bundleDir) };
}

/**
 * What ingest works with, over the table `client` reaches: its stores, the deployed profile and its
 * timing, and the clock. Ingest's functions and the import loader (which ingests what it imports).
 *
 * @throws {EnvironmentError} when a council profile is not bundled, or is not the version deployed.
 */
export function ingestContextOf(
  client: DynamoDBDocumentClient,
  environment: IngestEnvironment,
  bundleDir: URL = BUNDLE_DIR,
): IngestContext {
  return {
    ...dynamoIngestStores(client, environment.tableName),
    ...rulesOf(environment, bundleDir),
    now: Date.now,
  };
}

/** Everything the scheduled-run entry point wires together. */
export interface ScheduleRunRuntime extends Runtime<ScheduleRunEnvironment> {
  /** What the morning and hourly runs and the weekly run need; the notices queue takes every message. */
  readonly context: RunContext & WeeklyContext;
}

/**
 * The scheduled runs' runtime: the deadline store over the table (the `due` index and the next
 * action, and for the weekly run every deadline), the directory, the notices queue (or, while sending
 * is paused, the outbox), the deadlines bus, the profile and the timing, made once per container.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function scheduleRunRuntimeFrom(
  env: Readonly<Record<string, string | undefined>>,
  bundleDir: URL = BUNDLE_DIR,
): ScheduleRunRuntime {
  const { client, ...basics } = basicsOf(scheduleRunEnvironmentFrom(env));
  const { tableName, noticeQueueUrl, deadlineEventBus, sending, teamsCards } = basics.environment;
  return {
    ...basics,
    context: {
      deadlines: new DynamoDeadlineStore(client, tableName),
      directory: new DynamoDirectoryStore(client, tableName),
      ledger: new DynamoNoticeLedger(client, tableName),
      marks: new DynamoRecomputeMarks(client, tableName),
      weeklyRuns: new DynamoWeeklyRunLog(client, tableName),
      notices: new SqsNoticeSink(new SQSClient({}), noticeQueueUrl),
      deadlineEvents: new EventBridgeDeadlineEventPublisher(new EventBridgeClient({}), deadlineEventBus),
      ...(sending === 'paused' && { holdIn: new DynamoNoticeOutbox(client, tableName) }),
      teamsCards,
      ...rulesOf(basics.environment, bundleDir),
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
