/**
 * When a deadline needs someone told: reminders to whoever must act (the allocated worker, or the
 * manager the rule names) at the rule's lead times, a "due today" on the morning it is due, the breach
 * on the first working day after, each later step of the escalation ladder, and a gentle repeat while
 * it stays open. Day-scale notices go out at the morning run; hour-scale deadlines are acted on at
 * their instant. Pure: the calendar and times are passed in.
 */
import { OVERSIGHT_LEVELS, type OversightLevel } from '../../../events/index.ts';
import type { EscalationStep, Offset, RuleKind, RuleOwner } from '../../../rules/schema.ts';
import {
  CalendarRangeError,
  type DayNumber,
  type EpochMs,
  startOfLondonDay,
  type WorkingCalendar,
} from '../calendar/index.ts';
import { type Deadline, OPEN_STATUSES } from '../engine/index.ts';
import type { Moment } from '../engine/moments.ts';
import { type Counting, describeOffset, shift } from '../engine/offsets.ts';
import type { StoredDeadline } from '../ports.ts';

/** Which notice a planned action sends. */
export type NoticeStage =
  | { kind: 'reminder'; lead: Offset }
  | { kind: 'due-today' }
  | { kind: 'escalation'; step: number }
  | { kind: 'repeat'; number: number }
  /** The deadline was met or cancelled after someone had been told of it: they are told it is done. */
  | { kind: 'resolved' };

/** One notice to send at a moment: to whoever must act, and to these manager levels. */
export interface PlannedNotice {
  at: EpochMs;
  /**
   * Whether it goes at its instant, in any run (an hour-scale breach, a step counted in hours), rather
   * than in the next working morning's digest.
   */
  urgent: boolean;
  stage: NoticeStage;
  /** Stable within the deadline, for the ledger: `reminder-5-working-days`, `escalation-1`… */
  key: string;
  /** The ladder's levels above the rule's owner: a breach escalates from whoever must act upwards. */
  levels: readonly OversightLevel[];
}

/** When the runs happen, and how often an unresolved breach is raised again. */
export interface NoticeTiming {
  calendar: WorkingCalendar;
  inclusiveWorkingDays: boolean;
  /** Minutes after London midnight of the morning run (07:00 → 420). */
  morningRunMinutes: number;
  /** After the last escalation step, raise the breach again this often while it is open. */
  repeatEvery: Offset;
  /** How many repeats at most. */
  repeats: number;
}

const MINUTE_MS = 60_000;
const CLOSED = new Set(['met', 'met-late', 'cancelled']);

const stageKey = (stage: NoticeStage): string => {
  switch (stage.kind) {
    case 'reminder':
      return `reminder-${describeOffset(stage.lead).replaceAll(' ', '-')}`;
    case 'due-today':
      return 'due-today';
    case 'escalation':
      return `escalation-${stage.step}`;
    case 'repeat':
      return `repeat-${stage.number}`;
    case 'resolved':
      return 'resolved';
  }
};

/** The levels of a ladder step above `owner`: those at or below it are the owner's own, already told. */
export const levelsAbove = (levels: readonly OversightLevel[], owner: RuleOwner) =>
  owner === 'worker'
    ? levels
    : levels.filter((level) => OVERSIGHT_LEVELS.indexOf(level) > OVERSIGHT_LEVELS.indexOf(owner));

/**
 * Every notice a deadline will need, earliest first. While it is open: reminders, due today, the breach
 * and the ladder, whose steps name only the levels above the rule's owner (a Service Manager's overdue
 * sign-off is not escalated down to a Team Manager). Day-scale notices are placed on working days at
 * the morning run; an hour-scale deadline's breach and escalations are counted from its due instant,
 * so they are never held back to the next morning. Once met or cancelled (`closedAt`), nothing more,
 * except a `resolved` notice on the next working morning when a notice had fallen due before it
 * closed, so that whoever was told hears it is done.
 *
 * A window that closes unmet (a term without a PEP meeting, three visits without the bedroom seen)
 * can no longer be met: its breach is told once, to its owner and the ladder's first level, and it
 * neither climbs the ladder nor repeats. That holds for a `missed` deadline and for every deadline
 * of a per-period rule (its window is its period, so past its due it is missed), so the plan is the
 * same whether the deadline was last computed before its window closed or after.
 */
export function planNotices(
  deadline: Pick<Deadline, 'due' | 'status'> & {
    closedAt: Moment | null;
    rule: {
      kind: RuleKind;
      reminders: readonly Offset[];
      escalation: readonly EscalationStep[];
      owner: RuleOwner;
    };
  },
  timing: NoticeTiming,
): PlannedNotice[] {
  const closed = CLOSED.has(deadline.status) && deadline.closedAt !== null;
  const windowed = deadline.status === 'missed' || deadline.rule.kind === 'per-period';
  if (!OPEN_STATUSES.has(deadline.status) && !closed && deadline.status !== 'missed') return [];
  const counting: Counting = { calendar: timing.calendar, inclusiveWorkingDays: timing.inclusiveWorkingDays };
  const morning = (day: DayNumber) => morningRunOn(timing.calendar.workingDayOnOrAfter(day), timing);
  const notices: PlannedNotice[] = [];
  const add = (at: EpochMs, stage: NoticeStage, levels: readonly OversightLevel[] = [], urgent = false) =>
    notices.push({ at, urgent, stage, key: stageKey(stage), levels });

  try {
    planInto(deadline, timing, counting, morning, add, windowed);
    if (closed && deadline.closedAt) {
      const closedAt = deadline.closedAt;
      // Told before it closed: a date-only closure counts from the end of its day.
      const closing = closedAt.ms ?? startOfLondonDay(closedAt.day + 1);
      const toldBefore = notices.some((notice) => notice.at < closing);
      notices.length = 0;
      if (toldBefore) add(morning(closedAt.day + 1), { kind: 'resolved' });
    }
  } catch (error) {
    // Working days past the calendar's last year cannot be counted: those notices are planned when the
    // case is next recomputed with that year's bank holidays known. Ingest must never fail on them.
    if (!(error instanceof CalendarRangeError)) throw error;
  }
  return notices.sort((a, b) => a.at - b.at);
}

function planInto(
  deadline: Parameters<typeof planNotices>[0],
  timing: NoticeTiming,
  counting: Counting,
  morning: (day: DayNumber) => EpochMs,
  add: (at: EpochMs, stage: NoticeStage, levels?: readonly OversightLevel[], urgent?: boolean) => void,
  breachOnly: boolean,
) {
  const hourScale = deadline.due.ms !== null;
  // Only what is counted in hours goes at its instant; anything counted in days (a reminder a working
  // day ahead of an hour-scale deadline, a weekly repeat) waits for a working morning's digest.
  const place = (moment: Moment, inHours: boolean) =>
    inHours && moment.ms !== null
      ? { at: moment.ms, urgent: true }
      : { at: morning(moment.day), urgent: false };
  for (const lead of deadline.rule.reminders) {
    const before = place(shift(counting, deadline.due, lead, -1), lead.unit === 'hours');
    add(before.at, { kind: 'reminder', lead }, [], before.urgent);
  }
  if (!hourScale) add(morning(deadline.due.day), { kind: 'due-today' });

  // The breach: the due instant for hour-scale deadlines; else the first working day after the due date.
  const breach: Moment = hourScale
    ? deadline.due
    : { day: timing.calendar.nextWorkingDay(deadline.due.day), ms: null };
  let last = breach;
  const ladder = breachOnly ? deadline.rule.escalation.slice(0, 1) : deadline.rule.escalation;
  ladder.forEach((step, index) => {
    const atBreach = step.after.amount === 0;
    last = atBreach ? breach : shift(counting, breach, step.after);
    const placed = place(last, atBreach || step.after.unit === 'hours');
    add(
      placed.at,
      { kind: 'escalation', step: index },
      levelsAbove(step.levels, deadline.rule.owner),
      placed.urgent,
    );
  });
  if (breachOnly) return;
  const topLevels = levelsAbove(deadline.rule.escalation.at(-1)?.levels ?? [], deadline.rule.owner);
  for (let number = 1; number <= timing.repeats; number++) {
    last = shift(counting, last, timing.repeatEvery);
    const placed = place(last, timing.repeatEvery.unit === 'hours');
    add(placed.at, { kind: 'repeat', number }, topLevels, placed.urgent);
  }
}

/**
 * Notices a recomputation may still catch: a deadline whose reminder fell in the last day is kept in
 * the due index, so an event that arrives after a run (or a run that was missed) loses nothing. The
 * notice ledger stops anything being sent twice.
 */
export const CATCH_UP_MS = 24 * 3_600_000;

/** The instant of the morning run on a London day. */
export const morningRunOn = (day: DayNumber, timing: Pick<NoticeTiming, 'morningRunMinutes'>): EpochMs =>
  startOfLondonDay(day) + timing.morningRunMinutes * MINUTE_MS;

/**
 * The moment the deadline next needs attention after `since`: what the due index is keyed on. Null
 * when nothing more will be sent.
 */
export function nextActionAt(notices: readonly PlannedNotice[], since: EpochMs): EpochMs | null {
  return notices.find((notice) => notice.at > since)?.at ?? null;
}

/** What {@link keptNextAction} compares of a deadline, computed or stored. */
export type HandledState = Pick<StoredDeadline, 'plan' | 'nextActionAt' | 'handledUntil'>;

/**
 * The next action to store for a recomputed deadline, given what is stored for it. A recomputation
 * looks back over the catch-up window, so on its own it would set again a next action that a run has
 * already dealt with and moved on. When a run moved the stored one (`handledUntil`) and the plan is
 * the same (same notices, moments and levels, same allocation), the later of the two is kept with the
 * run's mark, a stored null (nothing more to send) staying null. A different plan, or a next action no
 * run set, gives the computed one: what changed is looked at again, and the ledger sends nothing twice.
 */
export function keptNextAction(
  computed: HandledState,
  stored: HandledState | undefined,
): Pick<StoredDeadline, 'nextActionAt' | 'handledUntil'> {
  const fresh = { nextActionAt: computed.nextActionAt };
  if (stored?.handledUntil === undefined || stored.plan === undefined || stored.plan !== computed.plan) {
    return fresh;
  }
  const kept = { nextActionAt: stored.nextActionAt, handledUntil: stored.handledUntil };
  if (stored.nextActionAt === null || computed.nextActionAt === null) {
    return computed.nextActionAt === null ? fresh : kept;
  }
  return Date.parse(stored.nextActionAt) > Date.parse(computed.nextActionAt) ? kept : fresh;
}

/**
 * The notice timing a council gets unless it sets its own: two weekly repeats, and the morning run at
 * `morningRunMinutes` after London midnight (07:00 unless the deployment says otherwise).
 */
export function defaultNoticeTiming(
  profile: { calendar: WorkingCalendar; inclusiveWorkingDays: boolean },
  morningRunMinutes = 7 * 60,
): NoticeTiming {
  return {
    calendar: profile.calendar,
    inclusiveWorkingDays: profile.inclusiveWorkingDays,
    morningRunMinutes,
    repeatEvery: { amount: 5, unit: 'working-days' },
    repeats: 2,
  };
}
