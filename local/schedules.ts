/**
 * The schedules on a laptop: the three EventBridge Scheduler schedules of
 * `infra/stateless/scheduled-runs.ts` as croner jobs in Europe/London time. The morning run at `morningRunTime`,
 * Monday to Friday (bank holidays included, as on AWS); the hourly run every hour, half an hour off the
 * morning run's minute, so the two never start together; the weekly run a quarter of an hour after the
 * morning run, Monday to Friday (it sends only on the first working day of a week). Both take their
 * times from `scheduleTimes` (`functions/runs/schedule-times.ts`).
 *
 * Each run is handed its scheduled time, as on AWS, where it is the run's as-of moment. A run still
 * going when its next time comes is not started twice; a failed run is logged and the next one catches
 * up, as a missed run on AWS is.
 */
import { Cron } from 'croner';
import type { HandlerLogger } from '../functions/handlers/logger.ts';
import { scheduleTimes } from '../functions/runs/schedule-times.ts';
import type { ScheduledRunKind } from '../functions/runs/weekly-run.ts';

/** Which schedule fired: the runs of {@link ScheduledRunKind} that a schedule starts. */
export type ScheduledRunName = Exclude<ScheduledRunKind, 'manual'>;

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
  next(after?: Date): Record<ScheduledRunName, Date | null>;
  /** Stops every schedule; a run under way finishes. */
  stop(): void;
}

/** The London time zone of the schedules, as `TimeZone.EUROPE_LONDON` on AWS. */
const SCHEDULE_TIME_ZONE = 'Europe/London';

/** The cron patterns (minute hour day month weekday) of the three schedules. */
function schedulePatterns(morningRunTime: string): Record<ScheduledRunName, string> {
  const { morning, hourlyMinute, weekly } = scheduleTimes(morningRunTime);
  return {
    morning: `${morning.minute} ${morning.hour} * * 1-5`,
    hourly: `${hourlyMinute} * * * *`,
    weekly: `${weekly.minute} ${weekly.hour} * * 1-5`,
  };
}

/** Starts the schedules. */
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
  const jobs = { morning: schedule('morning'), hourly: schedule('hourly'), weekly: schedule('weekly') };
  return {
    next: (after) => ({
      morning: jobs.morning.nextRun(after),
      hourly: jobs.hourly.nextRun(after),
      weekly: jobs.weekly.nextRun(after),
    }),
    stop: () => {
      for (const job of Object.values(jobs)) job.stop();
    },
  };
}
