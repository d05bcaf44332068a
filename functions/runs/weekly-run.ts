/**
 * The weekly run: on the first working day of each week, a summary for each team manager and service
 * manager of last week's deadlines on the cases of their line (`functions/core/notices/weekly.ts`),
 * handed to the notifier as the other runs' messages are. On any other day it does nothing, so its
 * schedule can fire every weekday morning and leave the calendar to decide.
 *
 * Unlike the morning and hourly runs, it reads every stored deadline (`DeadlineStore.all`): on
 * DynamoDB a Scan of the whole table, once a week, whose cost grows with the number of cases. The
 * deadlines that count are kept in memory (those met, late or missed last week and those overdue now);
 * the rest are passed over as they are read.
 *
 * Summaries are only as right as the deadlines they count: while any case awaits its recompute (its
 * events stored, its deadlines not yet worked out from them, see `RecomputeMarks`), the run waits,
 * sends nothing, and the day's hourly runs try again ({@link weeklyRetryDue}) until the week is done.
 * A week still waiting {@link WEEKLY_LATE_MS} after its time is reported late, which raises an alarm.
 */
import { type EpochMs, formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import { Directory } from '../core/directory/resolve.ts';
import type { DirectoryGap, WeeklyNotice } from '../core/notices/message.ts';
import { morningRunOn, type NoticeTiming } from '../core/notices/plan.ts';
import { composeWeekly, summaryWeekOf, type WeeklyRun, weeklyCountOf } from '../core/notices/weekly.ts';
import type { NoticeSink, RecomputeMarks, StoredDeadline, WeeklyRunLog } from '../core/ports.ts';
import type { RunContext, RunKind } from './due-run.ts';
import { heldLines } from './held-lines.ts';
import { WEEKLY_AFTER_MORNING_MINUTES } from './schedule-times.ts';

/** Every kind of scheduled run: those that read the due index ({@link RunKind}) and the weekly summary. */
export type ScheduledRunKind = RunKind | 'weekly';

/** What the weekly run needs: the deadlines, the directory, the rules and calendar, where summaries go. */
export type WeeklyContext = Pick<RunContext, 'deadlines' | 'directory' | 'profile' | 'timing' | 'holdIn'> & {
  notices: NoticeSink<WeeklyNotice>;
  marks: Pick<RecomputeMarks, 'pending'>;
  weeklyRuns: WeeklyRunLog;
};

/** How long after its time a weekly run may wait for recomputes before it is reported late. */
export const WEEKLY_LATE_MS = 3 * 3_600_000;

/** What a weekly run did: counts and the directory's gaps, never a name or a case. */
export interface WeeklySummary {
  run: 'weekly';
  /** `paused` when the summaries were held in the outbox instead of handed on (and the week marked done). */
  sending: 'live' | 'paused';
  /** The Monday and Sunday (`YYYY-MM-DD`) summarised; null when the run's day is not the first working day of its week. */
  week: { start: string; end: string } | null;
  /** Deadlines read: every one stored. */
  read: number;
  /** Deadlines counted in some summary: met, late or missed last week, or overdue now. */
  counted: number;
  /** Summaries handed on, one per manager with something to count. */
  emails: number;
  /** Gaps in the directory met while finding each case's managers. */
  gaps: DirectoryGap[];
  /** The week's summaries had already been handed on by an earlier run: nothing was done. */
  alreadyDone: boolean;
  /** Cases awaiting their recompute: while any is, the run waits and sends nothing. */
  awaitingRecompute: number;
  /**
   * 1 when the run waited {@link WEEKLY_LATE_MS} or more after the weekly run's time, else 0: a number,
   * so the stack's metric filter can count it and raise an alarm.
   */
  late: 0 | 1;
}

/** The moment of the weekly run on a London day. */
export const weeklyRunOn = (day: number, timing: Pick<NoticeTiming, 'morningRunMinutes'>) =>
  morningRunOn(day, timing) + WEEKLY_AFTER_MORNING_MINUTES * 60_000;

/**
 * Whether a run at `asOf` should try the weekly run again: on the first working day of a week, when
 * that day's weekly run had to wait and the summaries have not been handed on since.
 */
export async function weeklyRetryDue(asOf: EpochMs, context: Pick<WeeklyContext, 'timing' | 'weeklyRuns'>) {
  const week = summaryWeekOf(londonDayOf(asOf), context.timing.calendar);
  return week !== null && (await context.weeklyRuns.stateOf(formatIsoDate(week.start))) === 'waiting';
}

/**
 * Runs the weekly summary as of `asOf`, if its London day is the first working day of its week. A
 * retried run hands on the same summaries under the same keys, and the notifier's ledger sends each
 * once.
 */
export async function runWeekly(asOf: EpochMs, context: WeeklyContext): Promise<WeeklySummary> {
  const day = londonDayOf(asOf);
  const week = summaryWeekOf(day, context.timing.calendar);
  const summary: WeeklySummary = {
    run: 'weekly',
    sending: context.holdIn ? 'paused' : 'live',
    week: null,
    read: 0,
    counted: 0,
    emails: 0,
    gaps: [],
    alreadyDone: false,
    awaitingRecompute: 0,
    late: 0,
  };
  if (!week) return summary;
  const weekStart = formatIsoDate(week.start);
  summary.week = { start: weekStart, end: formatIsoDate(week.end) };
  if ((await context.weeklyRuns.stateOf(weekStart)) === 'done') return { ...summary, alreadyDone: true };
  summary.awaitingRecompute = (await context.marks.pending()).length;
  if (summary.awaitingRecompute > 0) {
    await context.weeklyRuns.record(weekStart, 'waiting', new Date(asOf).toISOString());
    return { ...summary, late: asOf - weeklyRunOn(day, context.timing) >= WEEKLY_LATE_MS ? 1 : 0 };
  }

  const run: WeeklyRun = { ...week, day, asOf };
  // A rule no longer in the profile is no longer enforced: its stored deadlines wait to be recomputed.
  const rules = new Set(context.profile.rules.map((rule) => rule.id));
  const counted: StoredDeadline[] = [];
  for await (const stored of context.deadlines.all()) {
    summary.read += 1;
    if (rules.has(stored.deadline.rule) && weeklyCountOf(stored, run) !== null) counted.push(stored);
  }
  summary.counted = counted.length;

  const directory = new Directory(await context.directory.load(), formatIsoDate(day));
  const composed = composeWeekly(counted, directory, run);
  // While sending is paused the week's summaries are held, and the week is done all the same: once
  // sending is live, the next summaries are of the week that is then the latest.
  if (context.holdIn) {
    await context.holdIn.hold(formatIsoDate(day), new Date(asOf).toISOString(), heldLines(composed.notices));
  } else {
    await context.notices.send(composed.notices);
  }
  await context.weeklyRuns.record(weekStart, 'done', new Date(asOf).toISOString());
  summary.emails = composed.notices.length;
  summary.gaps = composed.gaps;
  return summary;
}
