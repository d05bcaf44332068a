/**
 * The weekly summary: for each team manager and service manager, the deadlines on the cases of their
 * line that were met in and out of timescale last week, those missed, and those overdue now, by rule,
 * with the longest overdue named by case reference. Pure: the deadlines and the directory are passed in.
 *
 * It goes on the first working day of each week (a Monday, or the Tuesday after a bank holiday
 * Monday) and covers the Monday to Sunday before. A week with no working day at all (a council closed
 * between Christmas and New Year, say) has no summary; the next one covers only its own week before.
 *
 * A stored deadline's status is as of its case's last computation, so an open deadline's standing is
 * worked out again here from its due date: overdue when its due date is before the day of the run (or,
 * for a deadline counted in hours, its due moment before the run's). One whose window had already
 * closed when it was computed, before its due date, would now be missed; it counts as overdue until
 * its case is next computed, which is out of timescale either way.
 */
import type { OversightLevel } from '../../../events/index.ts';
import {
  type DayNumber,
  dayOfWeek,
  type EpochMs,
  formatIsoDate,
  type WorkingCalendar,
} from '../calendar/index.ts';
import type { StaffMember } from '../directory/model.ts';
import { actingAllocation, momentOf, OPEN_STATUSES } from '../engine/index.ts';
import { compareMoments } from '../engine/moments.ts';
import type { StoredDeadline } from '../ports.ts';
import type { AddressBook } from './compose.ts';
import type { DirectoryGap, OverdueCase, WeeklyNotice, WeeklyRow } from './message.ts';

/** How many of the longest-overdue deadlines a weekly summary lists. */
export const WEEKLY_LONGEST_OVERDUE = 5;

/** The managers who get a weekly summary of the cases on their line. */
export const WEEKLY_LEVELS: readonly OversightLevel[] = ['TM', 'SM'];

/** The Monday and Sunday of the week a summary covers. */
export interface SummaryWeek {
  start: DayNumber;
  end: DayNumber;
}

/** One weekly run: the week it covers, and its London day and instant ("overdue now" is as of these). */
export interface WeeklyRun extends SummaryWeek {
  day: DayNumber;
  asOf: EpochMs;
}

/** How a deadline counts in a weekly summary. */
export type WeeklyCount = 'met' | 'late' | 'missed' | 'overdue';

/** The summaries of one run, and the gaps in the directory it met (reported to the administrators). */
export interface ComposedWeekly {
  notices: WeeklyNotice[];
  gaps: DirectoryGap[];
}

/**
 * The week a summary sent on `day` covers: the Monday to Sunday before, when `day` is the first
 * working day of its own week; otherwise null (no summary that day).
 */
export function summaryWeekOf(day: DayNumber, calendar: WorkingCalendar): SummaryWeek | null {
  const monday = day - ((dayOfWeek(day) + 6) % 7);
  if (!calendar.isWorkingDay(day)) return null;
  for (let earlier = monday; earlier < day; earlier++) {
    if (calendar.isWorkingDay(earlier)) return null;
  }
  return { start: monday - 7, end: monday - 1 };
}

/**
 * How a stored deadline counts in the summary of `run`'s week, or null when it has nothing to say:
 * met in timescale or late (met during the week), missed (due during the week, its window closed
 * unmet), or overdue (open and past due as of the run, whenever it fell due). Cancelled deadlines and
 * those still in time do not count.
 */
export function weeklyCountOf(stored: StoredDeadline, run: WeeklyRun): WeeklyCount | null {
  const { status, due, metAt } = stored.deadline;
  const inWeek = (day: DayNumber) => day >= run.start && day <= run.end;
  const dueMoment = momentOf(due);
  if ((status === 'met' || status === 'met-late') && metAt !== undefined) {
    if (!inWeek(momentOf(metAt).day)) return null;
    return status === 'met' ? 'met' : 'late';
  }
  if (status === 'missed') return inWeek(dueMoment.day) ? 'missed' : null;
  if (!OPEN_STATUSES.has(status)) return null;
  const overdue = dueMoment.ms === null ? dueMoment.day < run.day : dueMoment.ms < run.asOf;
  return overdue ? 'overdue' : null;
}

/** What one manager's summary gathers while the deadlines are read. */
interface Tally {
  member: StaffMember;
  rows: Map<string, WeeklyRow>;
  overdue: StoredDeadline[];
}

/** Longest overdue first: the earliest due, then by case, rule and occurrence so the order is stable. */
const longestFirst = (a: StoredDeadline, b: StoredDeadline) =>
  compareMoments(momentOf(a.deadline.due), momentOf(b.deadline.due)) ||
  a.caseId.localeCompare(b.caseId) ||
  a.deadline.rule.localeCompare(b.deadline.rule) ||
  a.deadline.occurrence - b.deadline.occurrence;

const overdueCase = ({ caseId, deadline, allocation }: StoredDeadline, book: AddressBook): OverdueCase => {
  // A board action's row names its owner: the one who must act on it.
  const acting = actingAllocation(allocation, deadline.assignee);
  return {
    caseId,
    rule: deadline.rule,
    title: deadline.title,
    due: deadline.due,
    hourScale: momentOf(deadline.due).ms !== null,
    workerName: acting ? book.nameOf(acting.workerId) : null,
    // A deadline stored before owners were kept is the worker's, as every rule was then.
    owner: deadline.owner ?? 'worker',
  };
};

/**
 * The weekly summaries of `run`: each deadline that counts (see {@link weeklyCountOf}) is counted for
 * the team manager and the service manager on its case's line (a board action's: on its owner's), found through the directory as an
 * escalation to those levels would be (a vacant post or a leaver passes to the next level up, and the
 * gap is noted). Someone who stands in at both levels counts each deadline once. A manager with nothing
 * to count gets no summary.
 */
export function composeWeekly(
  deadlines: Iterable<StoredDeadline>,
  book: AddressBook,
  run: WeeklyRun,
): ComposedWeekly {
  const gaps = new Map<string, DirectoryGap>();
  const tallies = new Map<string, Tally>();
  for (const stored of deadlines) {
    const count = weeklyCountOf(stored, run);
    if (count === null) continue;
    const managers = new Map<string, StaffMember>();
    for (const level of WEEKLY_LEVELS) {
      // A board action's managers are its owner's, as its breach climbs their line.
      const found = book.managerAt(
        actingAllocation(stored.allocation, stored.deadline.assignee),
        level,
        stored.caseId,
      );
      for (const gap of found.gaps) gaps.set(gap.message, gap);
      if (found.recipient) managers.set(found.recipient.id, found.recipient);
    }
    for (const member of managers.values()) {
      const tally: Tally = tallies.get(member.id) ?? { member, rows: new Map(), overdue: [] };
      tallies.set(member.id, tally);
      const { rule, title, source } = stored.deadline;
      const row = tally.rows.get(rule) ?? { rule, title, source, met: 0, late: 0, missed: 0, overdue: 0 };
      tally.rows.set(rule, row);
      row[count] += 1;
      if (count === 'overdue') tally.overdue.push(stored);
    }
  }

  const week = { start: formatIsoDate(run.start), end: formatIsoDate(run.end) };
  const notices = [...tallies.values()]
    .sort((a, b) => a.member.id.localeCompare(b.member.id))
    .map(
      ({ member, rows, overdue }): WeeklyNotice => ({
        channel: 'email',
        kind: 'weekly',
        key: `weekly|${member.id}|${week.start}`,
        day: formatIsoDate(run.day),
        asOf: new Date(run.asOf).toISOString(),
        recipient: { staffId: member.id, name: member.name, email: member.email, level: member.level },
        week,
        rows: [...rows.values()].sort(
          (a, b) => a.title.localeCompare(b.title) || a.rule.localeCompare(b.rule),
        ),
        longest: overdue
          .sort(longestFirst)
          .slice(0, WEEKLY_LONGEST_OVERDUE)
          .map((stored) => overdueCase(stored, book)),
      }),
    );
  return { notices, gaps: [...gaps.values()] };
}
