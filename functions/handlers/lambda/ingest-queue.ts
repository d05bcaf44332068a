/**
 * Lambda entry point of the SQS ingest function (`handler`). The environment is checked when the module
 * loads, so a function deployed without TABLE_NAME, RULE_PROFILE or MORNING_RUN_TIME fails at cold start
 * with a message naming the variable. The logger middleware adds the request id and cold start to each
 * line; the event itself is never logged (`logEvent: false` overrides POWERTOOLS_LOGGER_LOG_EVENT).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createIngestQueueHandler } from '../ingest-queue.ts';
import { ingestRuntimeFrom } from './runtime.ts';

const { context, logger, handlerLogger } = ingestRuntimeFrom(process.env);

export const handler = middy(createIngestQueueHandler(context, handlerLogger)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
