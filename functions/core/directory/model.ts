/**
 * The staff directory: who works where, at which level, and to whom they report. Notices go to the
 * worker a case is allocated to, and escalations climb the reporting lines to the level the standards
 * name. It is loaded from a CSV an HR or case-system export can produce (`los directory import`).
 *
 * Staff names and email addresses are personal data (of staff, not of children): they appear in
 * messages to the person themselves and in the directory, never in logs.
 */

/** Levels in the management chain, lowest first. Escalation to a level reaches that level or higher. */
export const STAFF_LEVELS = ['worker', 'ATM', 'TM', 'SM', 'HOS', 'AD', 'DIRECTOR'] as const;
/** See {@link STAFF_LEVELS}. */
export type StaffLevel = (typeof STAFF_LEVELS)[number];

/** One member of staff. */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
  level: StaffLevel;
  /** The team (or, above team level, the service or directorate) they belong to. */
  teamId: string;
  /** Their line manager's id; `null` only at the top. */
  reportsTo: string | null;
  /** The last working day (`YYYY-MM-DD`) of a leaver; absent while in post. */
  leftOn?: string;
  /** Set when the address bounced or complained: mail to it would not be read, so it is not sent. */
  undeliverable?: boolean;
}

/** A team, service or directorate. */
export interface Team {
  id: string;
  name: string;
  /** The unit it sits in; `null` at the top. */
  parentId: string | null;
  /** The Teams channel its daily card goes to: a name the deployment maps to a webhook URL. */
  teamsChannel: string | null;
  /**
   * Set on the one team that answers for cases allocated to nobody yet (the front door, MASH or duty
   * team): their notices go to its managers, and their cards to its channel.
   */
  duty?: boolean;
}

/** The whole directory, as stored and as imported. */
export interface DirectoryData {
  staff: StaffMember[];
  teams: Team[];
}
