/**
 * What a notice line says, in the words the email and the Teams card share: the case reference, the
 * rule, when it is due, how late or how soon, the escalation step and the standard it enforces. The
 * words come from the rule catalogue and the calendar only: nothing about the child.
 */
import type { OversightLevel } from '../../events/index.ts';
import documents from '../../rules/documents.json' with { type: 'json' };
import type { Citation } from '../../rules/schema.ts';
import {
  formatLondonDateTime,
  formatLongDate,
  isIsoDate,
  londonDayOf,
  parseInstant,
  parseIsoDate,
  type WorkingCalendar,
} from '../core/calendar/index.ts';
import type { NoticeLine } from '../core/notices/message.ts';

const DOCUMENT_TITLES = new Map(documents.documents.map((d) => [d.key, d.title]));

/** `Children's Services Practice Standards 2020–2021 (v1.2), Duty Team (MASH), standard 3`. */
export function describeCitation(citation: Citation): string {
  const title = DOCUMENT_TITLES.get(citation.document) ?? citation.document;
  // The local standards number their paragraphs; other references already say what they are ("reg 48").
  const ref = /^\d+$/.test(citation.ref) ? `standard ${citation.ref}` : citation.ref;
  return `${title}, ${citation.section}, ${ref}`;
}

/** The manager levels in words, for headings: the abbreviations are how the standards name them. */
export const LEVEL_NAMES: Record<OversightLevel, string> = {
  ATM: 'Assistant Team Manager',
  TM: 'Team Manager',
  SM: 'Service Manager',
  HOS: 'Head of Service',
  AD: 'Assistant Director',
  DIRECTOR: 'Director',
};

/** "1 working day", "3 working days". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Where a line stands on the day it is sent, which decides the section it goes in. */
export type Standing = 'overdue' | 'due-today' | 'coming-up' | 'resolved';

/** A line with its words worked out. */
export interface DescribedLine {
  line: NoticeLine;
  standing: Standing;
  /** "Due Fri 20 Nov 2026", or "Due by 14:30 on Mon 23 Nov 2026" for a deadline counted in hours. */
  due: string;
  /** "3 working days overdue", "due today", "in 3 working days", "1 hour 20 minutes overdue". */
  when: string;
  /** "escalation step 1, to TM", "raised again after escalation step 2"; null before a breach. */
  step: string | null;
  /** The standards the rule enforces, `; `-separated. */
  source: string;
}

/** The moment a notice is read against: its London day for dates, its as-of instant for hours. */
export interface NoticeClock {
  /** `YYYY-MM-DD`. */
  day: string;
  /** ISO instant. */
  asOf: string;
  calendar: WorkingCalendar;
}

const MINUTE_MS = 60_000;

/** "less than a minute", "2 hours 5 minutes", or past a day "3 days 4 hours": minutes matter only on the day. */
function duration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const parts =
    days > 0
      ? [plural(days, 'day'), ...(hours % 24 > 0 ? [plural(hours % 24, 'hour')] : [])]
      : [
          ...(hours > 0 ? [plural(hours, 'hour')] : []),
          ...(minutes % 60 > 0 ? [plural(minutes % 60, 'minute')] : []),
        ];
  return parts.join(' ');
}

/** "14:30 on Mon 23 Nov 2026", London time (the `HH:MM` of the London ISO form). */
const timeOnDay = (ms: number) =>
  `${formatLondonDateTime(ms).slice(11, 16)} on ${formatLongDate(londonDayOf(ms))}`;

function timedStanding(due: string, asOf: string): Pick<DescribedLine, 'standing' | 'due' | 'when'> {
  const dueMs = parseInstant(due);
  const nowMs = parseInstant(asOf);
  const dueText = `Due by ${timeOnDay(dueMs)}`;
  return nowMs >= dueMs
    ? { standing: 'overdue', due: dueText, when: `${duration(nowMs - dueMs)} overdue` }
    : { standing: 'coming-up', due: dueText, when: `in ${duration(dueMs - nowMs)}` };
}

function datedStanding(
  due: string,
  day: string,
  calendar: WorkingCalendar,
): Pick<DescribedLine, 'standing' | 'due' | 'when'> {
  const dueDay = parseIsoDate(due);
  const today = parseIsoDate(day);
  const dueText = `Due ${formatLongDate(dueDay)}`;
  if (dueDay === today) return { standing: 'due-today', due: dueText, when: 'due today' };
  // A deadline in calendar days can fall at a weekend, with no working day between it and today: then
  // calendar days say how far off it is.
  if (dueDay < today) {
    const working = calendar.workingDaysBetween(dueDay, today);
    const late = working > 0 ? plural(working, 'working day') : plural(today - dueDay, 'day');
    return { standing: 'overdue', due: dueText, when: `${late} overdue` };
  }
  const working = calendar.workingDaysBetween(today, dueDay);
  const soon = working > 0 ? plural(working, 'working day') : plural(dueDay - today, 'day');
  return { standing: 'coming-up', due: dueText, when: `in ${soon}` };
}

/**
 * Where a deadline due at `due` (a date, or for `hourScale` a London instant, as published) stands on
 * the clock's day or instant, and in words: "Due Fri 20 Nov 2026" and "3 working days overdue".
 */
export function describeDue(
  due: string,
  hourScale: boolean,
  clock: NoticeClock,
): Pick<DescribedLine, 'standing' | 'due' | 'when'> {
  return hourScale ? timedStanding(due, clock.asOf) : datedStanding(due, clock.day, clock.calendar);
}

const RESOLUTION_WORDS: Record<NonNullable<NoticeLine['resolution']>['status'], string> = {
  met: 'met',
  'met-late': 'met late',
  cancelled: 'no longer needed',
};

/** "met late on Fri 20 Nov 2026", "met at 14:30 on Mon 23 Nov 2026". */
function resolvedStanding(
  line: NoticeLine,
  resolution: NonNullable<NoticeLine['resolution']>,
): Pick<DescribedLine, 'standing' | 'due' | 'when'> {
  const due = line.hourScale
    ? `Was due by ${timeOnDay(parseInstant(line.due))}`
    : `Was due ${formatLongDate(parseIsoDate(line.due))}`;
  const at = isIsoDate(resolution.at)
    ? `on ${formatLongDate(parseIsoDate(resolution.at))}`
    : `at ${timeOnDay(parseInstant(resolution.at))}`;
  return { standing: 'resolved', due, when: `${RESOLUTION_WORDS[resolution.status]} ${at}` };
}

function stepText(line: NoticeLine): string | null {
  if (line.ladderStep === null) return null;
  const step =
    line.stage === 'repeat'
      ? `raised again after escalation step ${line.ladderStep}`
      : `escalation step ${line.ladderStep}`;
  return line.as === 'worker' ? step : `${step}, to ${line.as}`;
}

/**
 * A line's words as of the notice's clock. Where it stands is read from the dates, not the stage, so a
 * line never says "due today" about a date already past.
 */
export function describeLine(line: NoticeLine, clock: NoticeClock): DescribedLine {
  return {
    line,
    ...(line.resolution
      ? resolvedStanding(line, line.resolution)
      : describeDue(line.due, line.hourScale, clock)),
    step: line.resolution ? null : stepText(line),
    source: line.source.map(describeCitation).join('; '),
  };
}

/**
 * Every line described, most overdue first (then by case and rule), so each section and group reads
 * in order of urgency whatever order the planner produced.
 */
export function describeLines(lines: readonly NoticeLine[], clock: NoticeClock): DescribedLine[] {
  return [...lines]
    .sort(
      (a, b) =>
        a.due.localeCompare(b.due) ||
        a.caseId.localeCompare(b.caseId) ||
        a.rule.localeCompare(b.rule) ||
        a.occurrence - b.occurrence,
    )
    .map((line) => describeLine(line, clock));
}

/** "Overdue (2)", "Worker W-101 (3)": every heading over lines says how many. */
export const counted = (heading: string, n: number) => `${heading} (${n})`;

/** The lines of one allocated worker's cases. */
export interface WorkerGroup {
  /** "Worker W-101", or "Not allocated to a worker". */
  worker: string;
  lines: DescribedLine[];
}

/** Lines grouped by the allocated worker, workers in id order and unallocated cases last. */
export function byWorker(lines: readonly DescribedLine[]): WorkerGroup[] {
  const groups = new Map<string | null, DescribedLine[]>();
  for (const described of lines) {
    const id = described.line.workerId;
    const group = groups.get(id);
    if (group) group.push(described);
    else groups.set(id, [described]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([id, grouped]) => ({
      worker: id === null ? 'Not allocated to a worker' : `Worker ${id}`,
      lines: grouped,
    }));
}

/**
 * What an immediate alert is about, for its subject or heading: "urgent — a deadline counted in hours
 * is overdue", "2 deadlines counted in hours are due soon".
 */
export function alertHeadline(lines: readonly DescribedLine[]): string {
  const overdue = lines.filter((described) => described.standing === 'overdue').length;
  const count = overdue > 0 ? overdue : lines.length;
  const what = count === 1 ? 'a deadline counted in hours is' : `${count} deadlines counted in hours are`;
  return overdue > 0 ? `urgent — ${what} overdue` : `${what} due soon`;
}
