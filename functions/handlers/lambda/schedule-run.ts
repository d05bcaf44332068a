/**
 * Lambda entry point of the scheduled runs (`handler`), invoked by EventBridge Scheduler (the morning,
 * hourly and weekly schedules of `infra/stateless/scheduled-runs.ts`). The environment (TABLE_NAME,
 * RULE_PROFILE, MORNING_RUN_TIME, NOTICE_QUEUE_URL, SENDING, TEAMS_CARDS) is checked when the module loads, so a function
 * deployed without one fails at cold start with a message naming it. The event itself is never logged
 * (`logEvent: false` overrides POWERTOOLS_LOGGER_LOG_EVENT).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createScheduleRunHandler } from '../schedule-run.ts';
import { scheduleRunRuntimeFrom } from './runtime.ts';

const { context, logger, handlerLogger, environment } = scheduleRunRuntimeFrom(process.env);

export const handler = middy(
  createScheduleRunHandler({
    context,
    logger: handlerLogger,
    profileVersion: environment.ruleProfileVersion,
  }),
).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }));
