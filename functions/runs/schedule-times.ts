/**
 * When the scheduled runs start, in London time, from the deployment's morning run time: the one
 * source for the EventBridge Scheduler schedules (`infra/stateless/scheduled-runs.ts`) and their stand-ins on a
 * laptop (`local/schedules.ts`).
 */

/** A 24-hour London time of day, `HH:MM`: how a deployment names its morning run. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `07:00` → 420, minutes after London midnight; null when `text` is not a 24-hour `HH:MM`. */
export function minutesOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** How long after the morning run the weekly run starts. */
export const WEEKLY_AFTER_MORNING_MINUTES = 15;

/** An hour and minute of the day, as cron fields (`"7"`, `"0"`). */
export interface ScheduleTime {
  hour: string;
  minute: string;
}

/**
 * The London times of the three schedules. The hourly run is offset half an hour from the morning
 * run's minute, so the two never start together (a run at the same moment would read the same due
 * deadlines and hand on the same messages twice). The weekly run goes
 * {@link WEEKLY_AFTER_MORNING_MINUTES} after the morning run, so the morning's digests go first and the
 * two runs do not compete for the table.
 *
 * @throws Error when `morningRunTime` is not a 24-hour `HH:MM`.
 */
export function scheduleTimes(morningRunTime: string): {
  morning: ScheduleTime;
  hourlyMinute: string;
  weekly: ScheduleTime;
} {
  const minutes = minutesOfDay(morningRunTime);
  if (minutes === null) {
    throw new Error(`the morning run time must be HH:MM, such as 07:00 (got "${morningRunTime}")`);
  }
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const weekly = (minutes + WEEKLY_AFTER_MORNING_MINUTES) % (24 * 60);
  return {
    morning: { hour: String(hour), minute: String(minute) },
    hourlyMinute: String((minute + 30) % 60),
    weekly: { hour: String(Math.floor(weekly / 60)), minute: String(weekly % 60) },
  };
}
