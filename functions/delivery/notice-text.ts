/**
 * What a notice line says, in the words the email and the Teams card share: the case reference, the
 * rule, when it is due and why then, how late or how soon, who must act and who has been told, and the
 * standard it enforces. The words come from the rule catalogue, the engine's explanation, the calendar
 * and the staff directory only: nothing about the child.
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
import { joinAnd } from '../core/engine/explain.ts';
import type { NoticeLine } from '../core/notices/message.ts';
import { readableCitations } from '../core/rules/citations.ts';

const DOCUMENT_TITLES = new Map(documents.documents.map((d) => [d.key, d.title]));

/** `Children's Services Practice Standards 2020–2021 (v1.2), Duty Team (MASH), standard 3`. */
export function describeCitation(citation: Citation): string {
  const title = DOCUMENT_TITLES.get(citation.document) ?? citation.document;
  // The local standards number their paragraphs; other references already say what they are ("reg 48").
  const ref = /^\d+$/.test(citation.ref) ? `standard ${citation.ref}` : citation.ref;
  return `${title}, ${citation.section}, ${ref}`;
}

/**
 * What a rule rests on, in one short line: "Practice Standards 2020: Children in Care 32, 33 and
 * Children with Disabilities 16; Care Planning Regulations 2010: reg 28".
 */
export const citationsText = (source: readonly Citation[]) => readableCitations(source).join('; ');

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

/** "a Team Manager", "an Assistant Team Manager". */
export const withArticle = (words: string) => `${/^[AEIOU]/.test(words) ? 'an' : 'a'} ${words}`;

/** Where a line stands on the day it is sent, which decides the section it goes in. */
export type Standing = 'overdue' | 'due-today' | 'coming-up' | 'resolved';

/**
 * Why its reader is told: they must act on it (`acts`), it was escalated to them because it is
 * overdue (`escalated`), or, as the allocated worker, it is waiting on their manager (`waiting`).
 */
export type Role = 'acts' | 'escalated' | 'waiting';

/** The role a line's reader is told in (see {@link NoticeLine.as}). */
const roleOf = (line: NoticeLine): Role =>
  line.as === line.owner ? 'acts' : line.as === 'worker' ? 'waiting' : 'escalated';

/** A line with its words worked out. */
export interface DescribedLine {
  line: NoticeLine;
  standing: Standing;
  role: Role;
  /** "3 working days overdue", "due today", "in 3 working days", "1 hour 20 minutes overdue". */
  when: string;
  /**
   * Where it stands, for its reader: "3 working days overdue", "due in 3 working days", "escalated
   * because overdue by 3 working days", "met late on Fri 20 Nov 2026".
   */
  status: string;
  /**
   * Who else it concerns, when anyone does: "escalated to your Assistant Team Manager and Team
   * Manager", "for Jo Bloggs (Assistant Team Manager) to do"; null otherwise.
   */
  note: string | null;
  /**
   * What meets it: "To do: Visit and see the child." to whoever must act, "What is needed: …" to anyone
   * else told of it, "What was needed: …" once resolved.
   */
  toDo: string;
  /**
   * When it is due and why then: "Due Fri 20 Nov 2026: 10 working days after the visit on Fri 6 Nov
   * 2026." ("Due by 14:30 on …" for a deadline counted in hours, "Was due …" once resolved).
   */
  dueAndWhy: string;
  /** What the rule rests on, in one short line (see {@link citationsText}). */
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

/** Where a deadline stands as of a day or instant, in words. */
export interface DueStanding {
  standing: Exclude<Standing, 'resolved'>;
  /** "Due Fri 20 Nov 2026", or "Due by 14:30 on Mon 23 Nov 2026" for a deadline counted in hours. */
  due: string;
  /** "3 working days overdue", "due today", "in 3 working days", "1 hour 20 minutes overdue". */
  when: string;
  /** How far off or how late: "3 working days", "1 hour 20 minutes"; null when due today. */
  distance: string | null;
}

function timedStanding(due: string, asOf: string): DueStanding {
  const dueMs = parseInstant(due);
  const nowMs = parseInstant(asOf);
  const dueText = `Due by ${timeOnDay(dueMs)}`;
  if (nowMs >= dueMs) {
    const late = duration(nowMs - dueMs);
    return { standing: 'overdue', due: dueText, when: `${late} overdue`, distance: late };
  }
  const soon = duration(dueMs - nowMs);
  return { standing: 'coming-up', due: dueText, when: `in ${soon}`, distance: soon };
}

function datedStanding(due: string, day: string, calendar: WorkingCalendar): DueStanding {
  const dueDay = parseIsoDate(due);
  const today = parseIsoDate(day);
  const dueText = `Due ${formatLongDate(dueDay)}`;
  if (dueDay === today) return { standing: 'due-today', due: dueText, when: 'due today', distance: null };
  // A deadline in calendar days can fall at a weekend, with no working day between it and today: then
  // calendar days say how far off it is.
  if (dueDay < today) {
    const working = calendar.workingDaysBetween(dueDay, today);
    const late = working > 0 ? plural(working, 'working day') : plural(today - dueDay, 'day');
    return { standing: 'overdue', due: dueText, when: `${late} overdue`, distance: late };
  }
  const working = calendar.workingDaysBetween(today, dueDay);
  const soon = working > 0 ? plural(working, 'working day') : plural(dueDay - today, 'day');
  return { standing: 'coming-up', due: dueText, when: `in ${soon}`, distance: soon };
}

/**
 * Where a deadline due at `due` (a date, or for `hourScale` a London instant, as published) stands on
 * the clock's day or instant, and in words: "Due Fri 20 Nov 2026" and "3 working days overdue".
 */
export function describeDue(due: string, hourScale: boolean, clock: NoticeClock): DueStanding {
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
): { standing: 'resolved'; due: string; when: string } {
  const due = line.hourScale
    ? `Was due by ${timeOnDay(parseInstant(line.due))}`
    : `Was due ${formatLongDate(parseIsoDate(line.due))}`;
  const at = isIsoDate(resolution.at)
    ? `on ${formatLongDate(parseIsoDate(resolution.at))}`
    : `at ${timeOnDay(parseInstant(resolution.at))}`;
  return { standing: 'resolved', due, when: `${RESOLUTION_WORDS[resolution.status]} ${at}` };
}

/** "the Assistant Team Manager and Team Manager". */
const levelsText = (levels: readonly OversightLevel[]) => joinAnd(levels.map((level) => LEVEL_NAMES[level]));

/** Where an open line stands for its reader: a manager told of a breach is told why. */
function statusOf(line: NoticeLine, role: Role, due: DueStanding): string {
  if (role === 'escalated') {
    const overdue = due.distance === null ? due.when : `overdue by ${due.distance}`;
    return line.stage === 'repeat' ? `raised again: still ${overdue}` : `escalated because ${overdue}`;
  }
  return due.standing === 'coming-up' ? `due ${due.when}` : due.when;
}

/** "escalated to the Team Manager", "raised again with your Service Manager"; null before a breach. */
export function escalationText(line: NoticeLine, whose: 'your' | 'the'): string | null {
  if (line.escalatedTo.length === 0) return null;
  const levels = `${whose} ${levelsText(line.escalatedTo)}`;
  return line.stage === 'repeat' ? `raised again with ${levels}` : `escalated to ${levels}`;
}

/** "for Jo Bloggs (Assistant Team Manager) to do": who must act on a manager's task; null for a worker's. */
export function ownerText(line: NoticeLine): string | null {
  if (line.owner === 'worker') return null;
  const level = LEVEL_NAMES[line.owner];
  return line.actorName === null
    ? `for ${withArticle(level)} to do (the directory has nobody in post to tell)`
    : `for ${line.actorName} (${level}) to do`;
}

/**
 * Who else an open line concerns: a manager's task names that manager (to the worker waiting on them
 * and to the managers above); a breach of the reader's own work names the levels told of it.
 */
const noteOf = (line: NoticeLine, role: Role): string | null =>
  role === 'acts' ? escalationText(line, line.as === 'worker' ? 'your' : 'the') : ownerText(line);

/**
 * A line's words as of the notice's clock. Where it stands is read from the dates, not the stage, so a
 * line never says "due today" about a date already past.
 */
export function describeLine(line: NoticeLine, clock: NoticeClock): DescribedLine {
  const role = roleOf(line);
  const needed = line.resolution ? 'What was needed' : role === 'acts' ? 'To do' : 'What is needed';
  const words = { toDo: `${needed}: ${line.action}.`, source: citationsText(line.source) };
  if (line.resolution) {
    const { standing, due, when } = resolvedStanding(line, line.resolution);
    return {
      line,
      role,
      standing,
      when,
      status: when,
      note: null,
      dueAndWhy: `${due}: ${line.why}.`,
      ...words,
    };
  }
  const due = describeDue(line.due, line.hourScale, clock);
  return {
    line,
    role,
    standing: due.standing,
    when: due.when,
    status: statusOf(line, role, due),
    note: noteOf(line, role),
    dueAndWhy: `${due.due}: ${line.why}.`,
    ...words,
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

/** "Overdue (2)", "Priya Clarke's cases (3)": every heading over lines says how many. */
export const counted = (heading: string, n: number) => `${heading} (${n})`;

/** Items in the order given, gathered under their key in the order each key first appears. */
function gather<T, K>(items: readonly T[], keyOf: (item: T) => K): [K, T[]][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return [...groups];
}

/** The lines of one case, most urgent first. */
export interface CaseGroup {
  caseId: string;
  lines: DescribedLine[];
}

/** Lines grouped by case, each case where its most urgent line comes. */
export const byCase = (lines: readonly DescribedLine[]): CaseGroup[] =>
  gather(lines, (described) => described.line.caseId).map(([caseId, grouped]) => ({
    caseId,
    lines: grouped,
  }));

/** The lines of one allocated worker's cases. */
export interface WorkerGroup {
  /** "Priya Clarke's cases", "Cases of SW-099, who is not in the directory", "Cases not allocated to a worker". */
  worker: string;
  lines: DescribedLine[];
}

/** "Priya Clarke's cases", by the directory's name for the allocated worker. */
function workerHeading(line: NoticeLine): string {
  if (line.workerId === null) return 'Cases not allocated to a worker';
  return line.workerName === null
    ? `Cases of ${line.workerId}, who is not in the directory`
    : `${line.workerName}'s cases`;
}

/** Lines grouped by the allocated worker, workers by name and unallocated cases last. */
export function byWorker(lines: readonly DescribedLine[]): WorkerGroup[] {
  // Unallocated cases are '' (no staff id is empty).
  return gather(lines, ({ line }) => line.workerId ?? '')
    .map(([id, grouped]) => ({
      id,
      worker: workerHeading((grouped[0] as DescribedLine).line),
      lines: grouped,
    }))
    .sort((a, b) => Number(a.id === '') - Number(b.id === '') || a.worker.localeCompare(b.worker))
    .map(({ worker, lines: grouped }) => ({ worker, lines: grouped }));
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
