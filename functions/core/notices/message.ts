/**
 * The messages a run sends, as data: composed by the pure planner, carried on the notices queue,
 * rendered and sent by the notifier. A message names cases by reference only; what a line says comes
 * from the rule catalogue, never from the case record.
 */
import type { OversightLevel } from '../../../events/index.ts';
import type { Citation } from '../../../rules/schema.ts';
import type { StaffLevel } from '../directory/model.ts';

/** Which notice a line is. */
export type NoticeStageKind = 'reminder' | 'due-today' | 'escalation' | 'repeat' | 'resolved';

/** One deadline on one message: what is due on which case, for whom, and why they are told. */
export interface NoticeLine {
  /**
   * The ledger key of this notice to this recipient: `<caseId>|<rule>|<occurrence>|<stageKey>|<staffId>`
   * (or `…|team:<teamId>` for a Teams channel). Claimed before sending, so it is sent once.
   */
  key: string;
  caseId: string;
  rule: string;
  /** The rule's title from the catalogue (never case details). */
  title: string;
  source: Citation[];
  occurrence: number;
  stage: NoticeStageKind;
  /** `reminder-5-working-days`, `due-today`, `escalation-1`, `repeat-2`. */
  stageKey: string;
  /** The rule's escalation step this line is, from 1, for escalations and repeats. */
  ladderStep: number | null;
  /** The due date (`YYYY-MM-DD`) or instant (London ISO) as published. */
  due: string;
  /** True when the rule counts hours: these go at once, not in the next digest. */
  hourScale: boolean;
  /** In what capacity the recipient is told: the allocated worker, or a manager level of the ladder. */
  as: 'worker' | OversightLevel;
  /** The allocated worker's id (for grouping a manager's digest by worker); null when unallocated. */
  workerId: string | null;
  teamId: string | null;
  /** For a `resolved` line: how and when the deadline closed (as published: a date or London instant). */
  resolution?: { status: 'met' | 'met-late' | 'cancelled'; at: string };
}

/** An email to one person: the day's digest, or an immediate alert for hour-scale deadlines. */
export interface EmailNotice {
  channel: 'email';
  kind: 'digest' | 'alert';
  /** Ledger key of the message itself: `digest|<staffId>|<day>` or `alert|<staffId>|<first line key>`. */
  key: string;
  /** The London day of the run (`YYYY-MM-DD`). */
  day: string;
  /** The run's as-of instant (ISO). */
  asOf: string;
  recipient: { staffId: string; name: string; email: string; level: StaffLevel };
  lines: NoticeLine[];
}

/** A card to a team's Teams channel: the day's summary of breaches, or an immediate hour-scale alert. */
export interface TeamsNotice {
  channel: 'teams';
  kind: 'team-summary' | 'alert';
  key: string;
  day: string;
  asOf: string;
  teamId: string;
  teamName: string;
  /** The channel name the deployment maps to a webhook URL. */
  teamsChannel: string;
  lines: NoticeLine[];
}

/** A message made of notice lines, each claimed in the ledger on its own: an email or a Teams card. */
export type LineNotice = EmailNotice | TeamsNotice;

/** One rule's counts in a weekly summary. */
export interface WeeklyRow {
  rule: string;
  /** The rule's title from the catalogue. */
  title: string;
  source: Citation[];
  /** Met last week within the timescale. */
  met: number;
  /** Met last week, but after the due date. */
  late: number;
  /** Due last week, and the window to meet them has closed unmet. */
  missed: number;
  /** Open and past their due date on the morning of the summary, whenever they fell due. */
  overdue: number;
}

/** One of the longest-overdue deadlines a weekly summary lists: a case reference and the rule only. */
export interface OverdueCase {
  caseId: string;
  rule: string;
  title: string;
  /** The due date (`YYYY-MM-DD`) or instant (London ISO) as published. */
  due: string;
  hourScale: boolean;
}

/**
 * A manager's weekly summary (team managers and service managers): for the cases on their line, the
 * deadlines met in and out of timescale last week and those overdue now, by rule, and the longest
 * overdue. It is about many cases, so it is claimed in the ledger as one message, not line by line.
 */
export interface WeeklyNotice {
  channel: 'email';
  kind: 'weekly';
  /** Ledger key of the summary: `weekly|<staffId>|<week start>`, so each person gets one a week. */
  key: string;
  /** The London day of the run (`YYYY-MM-DD`). */
  day: string;
  /** The run's as-of instant (ISO): "overdue now" is as of this moment. */
  asOf: string;
  recipient: { staffId: string; name: string; email: string; level: StaffLevel };
  /** The Monday and Sunday (`YYYY-MM-DD`) of the week summarised. */
  week: { start: string; end: string };
  /** Rules with anything to count, by title. */
  rows: WeeklyRow[];
  /** The longest overdue first, at most `WEEKLY_LONGEST_OVERDUE` (`weekly.ts`). */
  longest: OverdueCase[];
}

/** Anything the notifier sends. */
export type Notice = LineNotice | WeeklyNotice;

/** A gap in the directory found while addressing notices: reported to the administrators. */
export interface DirectoryGap {
  kind: 'unknown-worker' | 'leaver' | 'undeliverable' | 'vacant-level' | 'unallocated' | 'no-channel';
  /** Plain English, naming ids and levels only. */
  message: string;
  caseId?: string;
  staffId?: string;
  teamId?: string;
  level?: StaffLevel;
}
