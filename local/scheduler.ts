/**
 * The scheduled runs on a laptop: the two EventBridge Scheduler schedules of `infra/stateless-stack.ts`
 * as croner jobs in Europe/London time. The morning run at `morningRunTime`, Monday to Friday (bank
 * holidays included, as on AWS); the hourly run every hour, half an hour off the morning run's minute
 * (`scheduleTimes` there), so the two never start together. `tests/integration/local-stand-ins.test.ts`
 * checks both against `scheduleTimes`.
 *
 * Each run is handed its scheduled time, as on AWS, where it is the run's as-of moment. A run still
 * going when its next time comes is not started twice; a failed run is logged and the next one catches
 * up, as a missed run on AWS is.
 */
import { Cron } from 'croner';
import type { HandlerLogger } from '../functions/handlers/ingest-queue.ts';
import type { RunKind } from '../functions/schedule/run.ts';

/** Which schedule fired: the runs of {@link RunKind} that a schedule starts. */
export type ScheduledRunName = Exclude<RunKind, 'manual'>;

export interface LocalSchedulesOptions {
  /** The London time of the morning run, `HH:MM` (the deployment's `morningRunTime`). */
  readonly morningRunTime: string;
  readonly onRun: (run: ScheduledRunName, scheduledTime: Date) => Promise<void>;
  /** Told of each run's end, skip or failure: names and times only. */
  readonly log: HandlerLogger;
}

/** The running schedules. */
export interface LocalSchedules {
  /** The next time each schedule fires after `after` (now by default). */
  next(after?: Date): { morning: Date | null; hourly: Date | null };
  /** Stops both; a run under way finishes. */
  stop(): void;
}

/** The London time zone of both schedules, as `TimeZone.EUROPE_LONDON` on AWS. */
const SCHEDULE_TIME_ZONE = 'Europe/London';

/** The cron patterns (minute hour day month weekday) of the two schedules. */
function schedulePatterns(morningRunTime: string): Record<ScheduledRunName, string> {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(morningRunTime);
  if (!match) throw new Error(`the morning run time must be HH:MM, such as 07:00 (got "${morningRunTime}")`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return { morning: `${minute} ${hour} * * 1-5`, hourly: `${(minute + 30) % 60} * * * *` };
}

/** Starts both schedules. */
export function startLocalSchedules(options: LocalSchedulesOptions): LocalSchedules {
  const { onRun, log } = options;
  const patterns = schedulePatterns(options.morningRunTime);
  const schedule = (run: ScheduledRunName) => {
    // croner starts a run a little after its time and keeps only that moment; the scheduled time is the
    // latest the pattern gives before a reference a second on (croner compares whole seconds, and both
    // patterns fire at second 0).
    const scheduledTimeOf = (job: Cron) => job.previousRuns(1, new Date(Date.now() + 1000))[0] ?? new Date();
    return new Cron(
      patterns[run],
      {
        timezone: SCHEDULE_TIME_ZONE,
        protect: (job) =>
          log.info('scheduled run skipped: the previous one is still going', {
            run,
            scheduledTime: scheduledTimeOf(job).toISOString(),
          }),
      },
      async (job) => {
        const scheduledTime = scheduledTimeOf(job);
        const attributes = { run, scheduledTime: scheduledTime.toISOString() };
        const started = Date.now();
        // Caught here rather than by croner, which would no longer know which run it was.
        try {
          await onRun(run, scheduledTime);
          log.info('scheduled run done', { ...attributes, durationMs: Date.now() - started });
        } catch (error) {
          // The name only: a message could quote case data.
          log.info('scheduled run failed', {
            ...attributes,
            error: (error as Error | null)?.name ?? 'Error',
          });
        }
      },
    );
  };
  const jobs = { morning: schedule('morning'), hourly: schedule('hourly') };
  return {
    next: (after) => ({ morning: jobs.morning.nextRun(after), hourly: jobs.hourly.nextRun(after) }),
    stop: () => {
      jobs.morning.stop();
      jobs.hourly.stop();
    },
  };
}
