/**
 * Lambda entry point of the HTTPS ingest function (`handler`), behind the IAM-authorised
 * `POST /events` route. The environment is checked when the module loads, so a function deployed
 * without TABLE_NAME, RULE_PROFILE or MORNING_RUN_TIME fails at cold start with a message naming the
 * variable. The request body is never logged (`logEvent: false` overrides POWERTOOLS_LOGGER_LOG_EVENT).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createIngestHttpHandler } from '../ingest-http.ts';
import { ingestRuntimeFrom } from './runtime.ts';

const { context, logger, handlerLogger } = ingestRuntimeFrom(process.env);

export const handler = middy(createIngestHttpHandler(context, handlerLogger)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
