/**
 * What `los doctor` reads of the table, on AWS or in the local store, through the same ports the
 * pipeline uses, read-only: the staff directory in use, every open deadline's allocation (the `due`
 * index), the quarantine of the last 7 days, the recompute marks, the outbox of today, where the
 * latest weekly summaries stand, and each import source's last import.
 */
import { formatIsoDate, londonDayOf, type WorkingCalendar } from '../../functions/core/calendar/index.ts';
import {
  type AllocationGaps,
  allocationGaps,
  type OpenDeadline,
} from '../../functions/core/directory/allocation-gaps.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import type { Profile } from '../../functions/core/engine/index.ts';
import type { ImportRecord } from '../../functions/core/imports/import-record.ts';
import { summaryWeekOf } from '../../functions/core/notices/weekly.ts';
import {
  abandonedMarks,
  type DeadlineStore,
  type DirectoryStore,
  type ImportLog,
  type NoticeOutbox,
  type QuarantineStore,
  type RecomputeMarks,
  type WeeklyRunLog,
} from '../../functions/core/ports.ts';
import { WEEKLY_LATE_MS, weeklyRunOn } from '../../functions/runs/weekly-run.ts';
import { DEFAULT_SINCE_DAYS, entriesSince } from '../commands/quarantine.ts';
import {
  allocationFindings,
  directoryFindings,
  type Finding,
  type HeldToday,
  importFindings,
  quarantineFindings,
  recomputeFindings,
  sendingFindings,
  type Target,
  teamsFindings,
  type WeeklyFact,
  weeklyFindings,
} from './findings.ts';

/** What the doctor asks of the store: reads only. */
export interface DoctorStore {
  readonly deadlines: Pick<DeadlineStore, 'dueBy'>;
  readonly quarantine: Pick<QuarantineStore, 'onDay'>;
  readonly marks: Pick<RecomputeMarks, 'pending'>;
  readonly weeklyRuns: Pick<WeeklyRunLog, 'stateOf'>;
  readonly outbox: Pick<NoticeOutbox, 'heldOn'>;
  readonly directory: Pick<DirectoryStore, 'load'>;
  readonly imports: Pick<ImportLog, 'latest'>;
}

/** How the deployment runs, as far as reading its store needs. */
export interface StoreReading {
  /** The rules the runs address notices by, and the calendar the weekly run keeps. */
  readonly profile: Profile;
  /** Minutes after London midnight of the morning run (the weekly run is 15 minutes after). */
  readonly morningRunMinutes: number;
  /** Whether the runs make Teams cards (a team's channel then counts). */
  readonly teamsCards: boolean;
  /** When the schedules were made (epoch ms), if known: a weekly run before then is not missed. */
  readonly scheduledSince: number | null;
  readonly now: number;
}

/** What was read. */
export interface StoreFacts {
  readonly directory: DirectoryData;
  readonly gaps: AllocationGaps;
  /** Inputs refused in the last {@link DEFAULT_SINCE_DAYS} days. */
  readonly refused: number;
  /** Cases whose marks are older than 5 minutes. */
  readonly awaitingRecompute: number;
  readonly held: HeldToday;
  readonly weekly: WeeklyFact | null;
  /** Each import source's last import. */
  readonly imports: readonly ImportRecord[];
  /** When the store was read (epoch ms): what the imports' ages count from. */
  readonly readAt: number;
}

/**
 * Past every next action the `due` index can hold (ISO instants of four-digit years), so that reading
 * what is due by then reads every open deadline.
 */
const EVERY_NEXT_ACTION = '9999-12-31T00:00:00.000Z';

const DAY_MS = 86_400_000;

/** The latest day on or before `today` whose weekly run time had passed by `now`: its run and week. */
function latestWeeklyRun(now: number, calendar: WorkingCalendar, morningRunMinutes: number) {
  const today = londonDayOf(now);
  for (let day = today; day > today - 14; day--) {
    const week = summaryWeekOf(day, calendar);
    const at = weeklyRunOn(day, { morningRunMinutes });
    if (week && at <= now) return { day, at, weekStart: formatIsoDate(week.start) };
  }
  return null;
}

/** Reads what the doctor judges of the store. */
export async function readStore(store: DoctorStore, reading: StoreReading): Promise<StoreFacts> {
  const { profile, now } = reading;
  const today = formatIsoDate(londonDayOf(now));
  const directory = await store.directory.load();
  const open: OpenDeadline[] = [];
  for await (const due of store.deadlines.dueBy(EVERY_NEXT_ACTION)) {
    open.push({ caseId: due.caseId, rule: due.deadline.rule, allocation: due.allocation });
  }
  const gaps = allocationGaps(open, profile.rules, directory, today, reading.teamsCards);
  const refused = (await entriesSince(store.quarantine, now - DEFAULT_SINCE_DAYS * DAY_MS, now)).length;
  const awaitingRecompute = abandonedMarks(await store.marks.pending(), now).length;
  const heldLines = await store.outbox.heldOn(today);
  const held = {
    day: today,
    lines: heldLines.length,
    messages: new Set(heldLines.map(({ message }) => message)).size,
  };
  const run = latestWeeklyRun(now, profile.calendar, reading.morningRunMinutes);
  const weekly: WeeklyFact | null = run && {
    day: formatIsoDate(run.day),
    weekStart: run.weekStart,
    state: await store.weeklyRuns.stateOf(run.weekStart),
    late: now - run.at >= WEEKLY_LATE_MS,
    scheduled: reading.scheduledSince === null ? null : reading.scheduledSince <= run.at,
  };
  const imports = await store.imports.latest();
  return { directory, gaps, refused, awaitingRecompute, held, weekly, imports, readAt: now };
}

/**
 * What the store says, judged: the directory, the open deadlines' gaps, the quarantine, marks, weekly
 * run and imports.
 */
export function storeFindings(facts: StoreFacts, caveat: string | null, target: Target): Finding[] {
  const { directory } = facts;
  return [
    ...directoryFindings({ staff: directory.staff.length, teams: directory.teams.length }, target),
    ...allocationFindings(facts.gaps, caveat, target),
    ...quarantineFindings(facts.refused, DEFAULT_SINCE_DAYS, target),
    ...recomputeFindings(facts.awaitingRecompute, target),
    ...weeklyFindings(facts.weekly, target),
    ...importFindings(facts.imports, facts.readAt, target),
  ];
}

/**
 * `los doctor --data-dir`: what applies on one machine. The local pipeline's Teams sink takes every
 * channel, and only what the runs held says whether `los serve` was started with sending paused.
 */
export async function doctorLocally(
  store: DoctorStore,
  reading: Omit<StoreReading, 'teamsCards' | 'scheduledSince'>,
  target: Target,
): Promise<Finding[]> {
  const facts = await readStore(store, { ...reading, teamsCards: true, scheduledSince: null });
  return [
    ...sendingFindings(null, facts.held, target),
    ...teamsFindings({ kind: 'local' }),
    ...storeFindings(facts, null, target),
  ];
}
