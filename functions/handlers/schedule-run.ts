/**
 * The scheduled runs' handler, invoked by EventBridge Scheduler: the morning run and the weekly run on
 * weekdays, and the hourly run. The schedule's input is
 * `{ "run": "morning" | "hourly" | "weekly", "scheduledTime": "<aws.scheduler.scheduled-time>" }`; the
 * scheduled time is the run's as-of moment, so a retry of the same invocation decides exactly what the
 * first attempt decided. Invoked without them (by hand, `{}`), it is a manual run as of now.
 *
 * An hourly run on the first working day of a week also tries again a weekly summary that had to wait
 * for cases awaiting their recompute, and logs its own summary line for it.
 *
 * Only the run's counts and the directory gaps' kinds and ids are logged, never a name, an address or
 * a deadline. A failure to hand a message on throws: the invocation fails and is retried (see
 * docs/operations.md).
 *
 * The gaps are how the administrators hear of the directory's holes (a vacant post, a leaver still
 * allocated, an undeliverable address): the stack counts the `gaps` field of the summary line with a
 * metric filter and raises an alarm when a run met any.
 */
import { z } from 'zod';
import type { DirectoryGap } from '../core/notices/message.ts';
import { type RunContext, type RunSummary, runSchedule } from '../runs/due-run.ts';
import {
  runWeekly,
  type ScheduledRunKind,
  type WeeklyContext,
  type WeeklySummary,
  weeklyRetryDue,
} from '../runs/weekly-run.ts';
import { RUN_SUMMARY_LOG } from './lambda/environment.ts';
import type { HandlerLogger } from './logger.ts';

/** Gaps listed one by one on the summary line; the rest are counted, so the line stays small. */
export const MAX_GAPS_LOGGED = 100;

/** What the schedules send; anything else in the event is ignored. */
const SCHEDULED_EVENT = z.object({
  run: z.string().max(32).optional(),
  scheduledTime: z.string().max(64).optional(),
});

/** Whether an event names a run kind; anything else is a manual run. */
const isRunKind = (run: string | undefined): run is ScheduledRunKind =>
  run === 'morning' || run === 'hourly' || run === 'weekly' || run === 'manual';

/**
 * The run's kind and as-of moment: the schedule's `morning`, `hourly` or `weekly` (anything else is a
 * manual run, which acts as the morning run), and the scheduled time when the event carries a valid
 * one, else now.
 */
export function runOf(event: unknown, now: () => number): { run: ScheduledRunKind; asOf: number } {
  const parsed = SCHEDULED_EVENT.safeParse(event);
  const fields = parsed.success ? parsed.data : {};
  const scheduled = fields.scheduledTime === undefined ? Number.NaN : Date.parse(fields.scheduledTime);
  const run = isRunKind(fields.run) ? fields.run : 'manual';
  return { run, asOf: Number.isNaN(scheduled) ? now() : scheduled };
}

/** A gap as logged: its kind and the ids and level it names. Its sentence is left out (ids are enough). */
const loggedGap = ({ kind, caseId, staffId, teamId, level }: DirectoryGap) => ({
  kind,
  ...(caseId !== undefined && { caseId }),
  ...(staffId !== undefined && { staffId }),
  ...(teamId !== undefined && { teamId }),
  ...(level !== undefined && { level }),
});

/**
 * The rules a run works by, as its summary line names them: the profile's name, and a council profile
 * file's version (its content hash, as `los rules check` prints it), so a line shows what was deployed.
 */
export interface RulesInUse {
  readonly profile: string;
  readonly profileVersion: string | null;
}

/**
 * The summary line's attributes: every count (and, for the weekly run, the week), and the gaps by kind
 * and (up to a limit) one by one. The summaries hold counts, dates and gaps only, never content.
 */
export function summaryAttributes(
  summary: RunSummary | WeeklySummary,
  asOf: number,
  rules: RulesInUse,
): Record<string, unknown> {
  const { gaps, ...counts } = summary;
  const gapKinds: Record<string, number> = {};
  for (const gap of gaps) gapKinds[gap.kind] = (gapKinds[gap.kind] ?? 0) + 1;
  return {
    ...counts,
    asOf: new Date(asOf).toISOString(),
    ruleProfile: rules.profile,
    ...(rules.profileVersion !== null && { profileVersion: rules.profileVersion }),
    [RUN_SUMMARY_LOG.gapsField]: gaps.length,
    gapKinds,
    gapList: gaps.slice(0, MAX_GAPS_LOGGED).map(loggedGap),
    gapsNotListed: Math.max(0, gaps.length - MAX_GAPS_LOGGED),
  };
}

/**
 * Builds the handler over what the runs need (the morning and hourly runs and the weekly run; the
 * notices queue takes every message) and where its summary lines go (the entry point wires the real ones).
 */
export function createScheduleRunHandler(
  runtime: { context: RunContext & WeeklyContext; logger: HandlerLogger; profileVersion?: string | null },
  now = Date.now,
) {
  const rules: RulesInUse = {
    profile: runtime.context.profile.name,
    profileVersion: runtime.profileVersion ?? null,
  };
  return async (event: unknown): Promise<RunSummary | WeeklySummary> => {
    const { run, asOf } = runOf(event, now);
    if (run === 'weekly') {
      const summary = await runWeekly(asOf, runtime.context);
      runtime.logger.info(RUN_SUMMARY_LOG.message, summaryAttributes(summary, asOf, rules));
      return summary;
    }
    const summary = await runSchedule(asOf, run, runtime.context);
    runtime.logger.info(RUN_SUMMARY_LOG.message, summaryAttributes(summary, asOf, rules));
    // A weekly summary that waited for recomputes is tried again by the day's hourly runs.
    if (run === 'hourly' && (await weeklyRetryDue(asOf, runtime.context))) {
      const weekly = await runWeekly(asOf, runtime.context);
      runtime.logger.info(RUN_SUMMARY_LOG.message, summaryAttributes(weekly, asOf, rules));
    }
    return summary;
  };
}
