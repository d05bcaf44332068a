/**
 * The backtest: a council's history replayed, to say per rule how many breaches Line of Sight would
 * have flagged in a window, and how many working days before each breach it would have reminded
 * whoever had to act, and how soon after it a manager would have been told. The deadlines come from the
 * engine, the moments from the notice plan the morning runs follow. Pure.
 */
import type { CaseEvent } from '../../../events/index.ts';
import { type DayNumber, formatIsoDate, londonDayOf } from '../calendar/index.ts';
import { type Deadline, evaluateCase, type Profile } from '../engine/index.ts';
import { type NoticeTiming, planNotices } from '../notices/plan.ts';
import { type LatenessHistogram, percentile } from './figures.ts';
import { outcomeOf } from './outcomes.ts';

/** One breach Line of Sight would have flagged. */
export interface Breach {
  caseId: string;
  rule: string;
  dueOn: string;
  /** The day it would have been flagged: the first working day after the due date (an hour-scale deadline's own day). */
  flaggedOn: string;
  /** What became of it by the end of the window. */
  outcome: 'late' | 'missed' | 'open-overdue';
  /** The first reminder or "due today" notice to whoever must act; null when the rule sends none in time. */
  remindedOn: string | null;
  /** Working days from the reminder to the day it was flagged. */
  reminderLead: number | null;
  /** The first escalation that tells a manager; null when the ladder tells nobody above the owner. */
  escalatedOn: string | null;
  /** Working days from the day it was flagged to the escalation (0: the same day). */
  escalationAfter: number | null;
}

/** Per rule: the breaches in the window and how early the notices would have come. */
export interface RuleBacktest {
  rule: string;
  title: string;
  breaches: number;
  metLate: number;
  missed: number;
  stillOpen: number;
  /** Breaches with a reminder before them, and the working days it came ahead (nearest-rank percentiles). */
  reminded: number;
  reminderLead: { min: number; median: number } | null;
  /** Breaches escalated to a manager, and the working days after the flag (nearest-rank). */
  escalated: number;
  escalationAfter: { median: number; max: number } | null;
}

/** The window, first and last London day, inclusive. */
export interface BacktestWindow {
  from: DayNumber;
  to: DayNumber;
}

/** The day a deadline past its due would have been flagged: the morning run after it, or its instant. */
function flaggedDay(deadline: Deadline, timing: NoticeTiming): DayNumber {
  return deadline.due.ms !== null ? deadline.due.day : timing.calendar.nextWorkingDay(deadline.due.day);
}

/**
 * Whether the deadline was still open when it would have been flagged: one met (or no longer needed)
 * before the breach notice went was never flagged, even if it was met after its due.
 */
function openWhenFlagged(deadline: Deadline, flagged: DayNumber): boolean {
  const closed = deadline.met ?? deadline.cancelled;
  if (closed === null) return true;
  if (deadline.due.ms !== null) return closed.at.ms === null || closed.at.ms > deadline.due.ms;
  return closed.at.day >= flagged;
}

/**
 * The breaches one case's history gives in the window, replayed as of the window's last day: a
 * deadline met after that day was still open then. Events are taken to have reached Line of Sight on
 * the day they happened, so a reminder planned before the event that opened the deadline is left out:
 * Line of Sight could not have sent it.
 */
export function caseBreaches(
  caseId: string,
  events: readonly CaseEvent[],
  profile: Profile,
  window: BacktestWindow,
  timing: NoticeTiming,
): Breach[] {
  const { deadlines } = evaluateCase(caseId, events, profile, { day: window.to, ms: null });
  const breaches: Breach[] = [];
  for (const deadline of deadlines) {
    // A recording rule's deadline is known only once the record is made, which meets it: nothing could
    // have been flagged ahead of it.
    if (deadline.rule.kind === 'recording') continue;
    const outcome = outcomeOf(deadline);
    if (outcome !== 'late' && outcome !== 'missed' && outcome !== 'open-overdue') continue;
    const flagged = flaggedDay(deadline, timing);
    if (flagged < window.from || flagged > window.to || !openWhenFlagged(deadline, flagged)) continue;
    // The plan of the deadline while open: what the morning runs would have sent before it closed.
    const plan = planNotices(
      { due: deadline.due, status: 'overdue', closedAt: null, rule: deadline.rule },
      timing,
    );
    const known = deadline.anchor.at.day;
    const reminder = plan.find(
      (notice) =>
        (notice.stage.kind === 'reminder' || notice.stage.kind === 'due-today') &&
        londonDayOf(notice.at) >= known &&
        londonDayOf(notice.at) <= flagged,
    );
    const escalation = plan.find((notice) => notice.stage.kind === 'escalation' && notice.levels.length > 0);
    const remindedDay = reminder ? londonDayOf(reminder.at) : null;
    const escalatedDay = escalation ? londonDayOf(escalation.at) : null;
    breaches.push({
      caseId,
      rule: deadline.rule.id,
      dueOn: formatIsoDate(deadline.due.day),
      flaggedOn: formatIsoDate(flagged),
      outcome,
      remindedOn: remindedDay === null ? null : formatIsoDate(remindedDay),
      reminderLead: remindedDay === null ? null : timing.calendar.workingDaysBetween(remindedDay, flagged),
      escalatedOn: escalatedDay === null ? null : formatIsoDate(escalatedDay),
      escalationAfter:
        escalatedDay === null ? null : timing.calendar.workingDaysBetween(flagged, escalatedDay),
    });
  }
  return breaches;
}

/** Working-day counts as a histogram, for the nearest-rank percentiles. */
function histogramOf(values: readonly number[]): LatenessHistogram {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b);
}

/** The breaches summed per rule, in rule id order; `titleOf` names each rule. */
export function backtestByRule(
  breaches: readonly Breach[],
  titleOf: (rule: string) => string,
): RuleBacktest[] {
  const byRule = new Map<string, Breach[]>();
  for (const breach of breaches) {
    const list = byRule.get(breach.rule);
    if (list) list.push(breach);
    else byRule.set(breach.rule, [breach]);
  }
  return [...byRule]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([rule, list]) => {
      const leads = histogramOf(list.flatMap((b) => (b.reminderLead === null ? [] : [b.reminderLead])));
      const after = histogramOf(list.flatMap((b) => (b.escalationAfter === null ? [] : [b.escalationAfter])));
      return {
        rule,
        title: titleOf(rule),
        breaches: list.length,
        metLate: list.filter((b) => b.outcome === 'late').length,
        missed: list.filter((b) => b.outcome === 'missed').length,
        stillOpen: list.filter((b) => b.outcome === 'open-overdue').length,
        reminded: leads.reduce((sum, [, count]) => sum + count, 0),
        reminderLead:
          leads.length === 0
            ? null
            : { min: leads[0]?.[0] as number, median: percentile(leads, 50) as number },
        escalated: after.reduce((sum, [, count]) => sum + count, 0),
        escalationAfter:
          after.length === 0
            ? null
            : { median: percentile(after, 50) as number, max: after[after.length - 1]?.[0] as number },
      };
    });
}
