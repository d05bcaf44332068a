/**
 * Lambda entry point of the scheduled run (`handler`), invoked by EventBridge Scheduler: the morning run
 * on working days and the hourly run (`infra/stateless-stack.ts`). The schedule's input is
 * `{ "run": "morning" | "hourly", "scheduledTime": "<aws.scheduler.scheduled-time>" }`; the scheduled
 * time is the run's as-of moment, so a retry of the same invocation decides exactly what the first
 * attempt decided. Invoked without one (by hand, `{}`), it runs as of now.
 *
 * The environment (TABLE_NAME, RULE_PROFILE, MORNING_RUN_TIME, INTENT_QUEUE_URL) is checked when the
 * module loads. Only the run's counts are logged, never a case or its deadlines. A failure to hand an
 * intent on throws: the invocation fails and is retried (see docs/operations.md).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { type RunSummary, runSchedule } from '../../schedule/run.ts';
import { type ScheduleRunRuntime, scheduleRunRuntimeFrom } from './runtime.ts';

/** What the schedules send; anything else in the event is ignored. */
const SCHEDULED_EVENT = z.object({
  run: z.string().max(32).optional(),
  scheduledTime: z.string().max(64).optional(),
});

/** The run's name and as-of moment: the scheduled time when the event carries a valid one, else now. */
export function runOf(event: unknown, now: () => number): { run: string; asOf: number } {
  const parsed = SCHEDULED_EVENT.safeParse(event);
  const fields = parsed.success ? parsed.data : {};
  const scheduled = fields.scheduledTime === undefined ? Number.NaN : Date.parse(fields.scheduledTime);
  return { run: fields.run ?? 'manual', asOf: Number.isNaN(scheduled) ? now() : scheduled };
}

/** The handler over a runtime (exported for tests). */
export function createScheduleRunHandler(
  runtime: Pick<ScheduleRunRuntime, 'context' | 'logger'>,
  now = Date.now,
) {
  return async (event: unknown): Promise<RunSummary> => {
    const { run, asOf } = runOf(event, now);
    const summary = await runSchedule(asOf, runtime.context);
    runtime.logger.info('scheduled run finished', {
      run,
      asOf: new Date(asOf).toISOString(),
      read: summary.read,
      intents: summary.intents,
      unknownRules: summary.unknownRules,
    });
    return summary;
  };
}

const runtime = scheduleRunRuntimeFrom(process.env);

export const handler = middy(createScheduleRunHandler(runtime)).use(
  injectLambdaContext(runtime.logger, { logEvent: false, resetKeys: true }),
);
