/**
 * The sentences a manager reads next to a deadline: when it is due, counted from what, which days were
 * skipped, and then where it stands ("Due Fri 8 Jan 2027: 10 working days after the visit on Fri 18 Dec
 * 2026; 25 and 28 Dec and 1 Jan are bank holidays. Overdue by 2 working days."). The first sentence is
 * why it is due (`whyDue` in `deadline-json.ts` takes it out for a notice line); a birthday it counts
 * from is never put in words.
 */

import type { RuleKind } from '../../../rules/schema.ts';
import {
  type DayNumber,
  englandAndWalesCalendar,
  formatLondonHuman,
  formatLongDate,
  formatShortDate,
  type WorkingCalendar,
} from '../calendar/index.ts';
import type { DeadlineStatus } from './evaluate.ts';
import { eventLabel } from './event-labels.ts';
import type { Moment } from './moments.ts';
import type { Counting } from './offsets.ts';
import { reasonWords } from './reasons.ts';
import type { Draft, EventRef } from './rule-run.ts';

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "25 and 28 Dec and 1 Jan": days grouped by month, in order. */
export function listDays(days: readonly DayNumber[]): string {
  const groups: { month: string; days: string[] }[] = [];
  for (const day of days) {
    const [dayOfMonth, month] = formatShortDate(day).split(' ') as [string, string];
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.days.push(dayOfMonth);
    else groups.push({ month, days: [dayOfMonth] });
  }
  return joinAnd(groups.map((group) => `${joinAnd(group.days)} ${group.month}`));
}

/** When something happened: its day for a deadline that falls on a day (`dated`), else its time too. */
const when = (at: Moment, dated: boolean) =>
  at.ms === null || dated ? `on ${formatLongDate(at.day)}` : `at ${formatLondonHuman(at.ms)}`;
const dueText = (due: Moment) => (due.ms === null ? formatLongDate(due.day) : formatLondonHuman(due.ms));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The weekdays skipped between anchor and due, split into bank holidays and the council's closure days. */
function skippedDays(draft: Draft, counting: Counting): string {
  if (!draft.workingDays) return '';
  const [from, to] = [draft.countedFrom.day, draft.due.day].sort((a, b) => a - b) as [DayNumber, DayNumber];
  const skipped = counting.calendar.nonWorkingWeekdaysBetween(from, to);
  const bankHolidays = skipped.filter((d) => !englandAndWalesCalendar.isWorkingDay(d.day)).map((d) => d.day);
  const closures = skipped.filter((d) => englandAndWalesCalendar.isWorkingDay(d.day)).map((d) => d.day);
  const parts: string[] = [];
  if (bankHolidays.length > 0) {
    parts.push(
      `${listDays(bankHolidays)} ${bankHolidays.length === 1 ? 'is a bank holiday' : 'are bank holidays'}`,
    );
  }
  if (closures.length > 0) {
    parts.push(
      `${listDays(closures)} ${closures.length === 1 ? 'is a council closure day' : 'are council closure days'}`,
    );
  }
  return parts.map((part) => `; ${part}`).join('');
}

/** How far apart two dates are in working days, falling back to calendar days beyond the known years. */
function distance(from: DayNumber, to: DayNumber, { calendar }: Pick<Counting, 'calendar'>): string {
  const known = (day: DayNumber) => day >= calendar.firstDay && day <= calendar.lastDay;
  if (known(from) && known(to)) {
    return plural(calendar.workingDaysBetween(from, to), 'working day', 'working days');
  }
  return plural(to - from, 'day', 'days');
}

const by = (ref: EventRef, dated: boolean) => `the ${eventLabel(ref.event)} ${when(ref.at, dated)}`;

function standing(
  draft: Draft,
  status: DeadlineStatus,
  kind: RuleKind,
  asOf: Moment,
  counting: Counting,
): string {
  const dated = draft.due.ms === null;
  switch (status) {
    case 'met':
      return kind === 'recording'
        ? `Recorded ${when((draft.met as EventRef).at, dated)}.`
        : `Met by ${by(draft.met as EventRef, dated)}.`;
    case 'met-late':
      return kind === 'recording'
        ? `Recorded late, ${when((draft.met as EventRef).at, dated)}.`
        : `Met late by ${by(draft.met as EventRef, dated)}.`;
    case 'cancelled': {
      const cancelled = draft.cancelled as EventRef;
      const wasOverdue = cancelled.at.day > draft.due.day;
      const late = wasOverdue
        ? ` It was ${distance(draft.due.day, cancelled.at.day, counting)} overdue then.`
        : '';
      return `No longer needed after ${by(cancelled, dated)}.${late}`;
    }
    case 'missed':
      return 'Missed: its window closed without it being met.';
    case 'due':
    case 'upcoming':
    case 'overdue':
      return openStanding(draft.due, status, asOf, counting.calendar);
  }
}

/**
 * Where a deadline still open stands as of `asOf`, the explanation's last sentence: what only the
 * passing of time changes, so a stored explanation's first sentence ({@link whyDue}) and this one,
 * worked out when it is read, say what a fresh evaluation would.
 */
export function openStanding(
  due: Moment,
  status: 'upcoming' | 'due' | 'overdue',
  asOf: Moment,
  calendar: WorkingCalendar,
): string {
  switch (status) {
    case 'due':
      // The first sentence has just said the date: "Due Mon 7 Dec 2026: …. Due today." says it twice.
      return 'That is today.';
    case 'upcoming':
      return `Due in ${distance(asOf.day, due.day, { calendar })}.`;
    case 'overdue':
      return asOf.day === due.day ? 'Overdue.' : `Overdue by ${distance(due.day, asOf.day, { calendar })}.`;
  }
}

/** The full explanation for one deadline as of a moment. */
export function explainDeadline(
  draft: Draft,
  status: DeadlineStatus,
  kind: RuleKind,
  asOf: Moment,
  counting: Counting,
): string {
  const untimed =
    draft.due.ms !== null && draft.countedFrom.ms === null
      ? ' (no time recorded, so counted from the end of that day)'
      : '';
  return `Due ${dueText(draft.due)}: ${reasonWords(draft.reason, draft.due.ms === null)}${untimed}${skippedDays(draft, counting)}. ${standing(draft, status, kind, asOf, counting)}`;
}
