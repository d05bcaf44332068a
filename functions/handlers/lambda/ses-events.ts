/**
 * Lambda entry point of the SES-events function (`handler`), subscribed to the topic the SES
 * configuration set reports bounces and complaints to. The environment (TABLE_NAME) is checked when
 * the module loads. The event itself is never logged (`logEvent: false` overrides
 * POWERTOOLS_LOGGER_LOG_EVENT): SES's notifications hold email addresses.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createSesEventsHandler } from '../ses-events.ts';
import { sesEventsRuntimeFrom } from './runtime.ts';

const { directory, logger, handlerLogger } = sesEventsRuntimeFrom(process.env);

export const handler = middy(createSesEventsHandler(directory, handlerLogger)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
