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
 */
import { type EpochMs, formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import { Directory } from '../core/directory/resolve.ts';
import type { DirectoryGap, WeeklyNotice } from '../core/notices/message.ts';
import { composeWeekly, summaryWeekOf, type WeeklyRun, weeklyCountOf } from '../core/notices/weekly.ts';
import type { StoredDeadline } from '../core/ports.ts';
import type { NoticeSink, RunContext, RunKind } from './run.ts';

/** Every kind of scheduled run: those that read the due index ({@link RunKind}) and the weekly summary. */
export type ScheduledRunKind = RunKind | 'weekly';

/** What the weekly run needs: the deadlines, the directory, the rules and calendar, where summaries go. */
export type WeeklyContext = Pick<RunContext, 'deadlines' | 'directory' | 'profile' | 'timing'> & {
  notices: NoticeSink<WeeklyNotice>;
};

/** What a weekly run did: counts and the directory's gaps, never a name or a case. */
export interface WeeklySummary {
  run: 'weekly';
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
}

/**
 * Runs the weekly summary as of `asOf`, if its London day is the first working day of its week. A
 * retried run hands on the same summaries under the same keys, and the notifier's ledger sends each
 * once.
 */
export async function runWeekly(asOf: EpochMs, context: WeeklyContext): Promise<WeeklySummary> {
  const day = londonDayOf(asOf);
  const week = summaryWeekOf(day, context.timing.calendar);
  const summary: WeeklySummary = { run: 'weekly', week: null, read: 0, counted: 0, emails: 0, gaps: [] };
  if (!week) return summary;
  summary.week = { start: formatIsoDate(week.start), end: formatIsoDate(week.end) };

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
  await context.notices.send(composed.notices);
  summary.emails = composed.notices.length;
  summary.gaps = composed.gaps;
  return summary;
}
