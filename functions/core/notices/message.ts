/**
 * The messages a run sends, as data: composed by the pure planner, carried on the notices queue,
 * rendered and sent by the notifier. A message names cases by reference only; what a line says comes
 * from the rule catalogue, never from the case record.
 */
import type { OversightLevel } from '../../../events/index.ts';
import type { Citation, RuleOwner } from '../../../rules/schema.ts';
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
  /** What to do to meet it, from the catalogue: "Visit and see the child". */
  action: string;
  /** Every document the rule rests on: the standards, then the law where the law applies. */
  source: Citation[];
  /**
   * Why it falls due when it does, in the engine's words: "10 working days after the visit on Fri 18
   * Dec 2026; 25 and 28 Dec and 1 Jan are bank holidays" (the engine's `whyDue`).
   */
  why: string;
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
  /**
   * Who must act on it (the rule's owner): the allocated worker, or a manager at this level or above
   * on the worker's reporting line.
   */
  owner: RuleOwner;
  /**
   * In what capacity the recipient is told: as the one who must act when it equals `owner`; otherwise
   * a manager level of the ladder the breach was escalated to, or (`worker`, of a manager's task) the
   * allocated worker, told what is waiting on their manager.
   */
  as: 'worker' | OversightLevel;
  /**
   * Set when the deadline names who must act in place of the allocated worker (an action recorded on
   * the board names its owner): their staff id. They are told as `worker` would be.
   */
  assignee?: string;
  /** Who must act, by name, as the directory found them (or whoever stands in); null when nobody could be. */
  actorName: string | null;
  /** The manager levels this step of the ladder went to; empty before a breach and on a resolved line. */
  escalatedTo: OversightLevel[];
  /** The allocated worker's id (for grouping a manager's digest by worker); null when unallocated. */
  workerId: string | null;
  /** The allocated worker's name in the directory; null when unallocated or not in the directory. */
  workerName: string | null;
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
  /** The allocated worker's name in the directory; null when unallocated or not in the directory. */
  workerName: string | null;
  /** Who must act on it (the rule's owner). */
  owner: RuleOwner;
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
