/**
 * Who a notice about a case goes to, read from the staff directory as of a day: the allocated worker,
 * the manager at the level an escalation names, and the Teams channel of the case's team. Pure.
 *
 * Nobody is silently skipped: when the right person has left, their address bounced or their post is
 * vacant, the notice goes to the next person up and a {@link DirectoryGap} says so, for the
 * administrators to put right.
 *
 * - **The holder** is the allocated worker. A leaver, or a worker whose address is undeliverable, is
 *   stood in for by the first person up their reporting line (a leaver's line still counts) who is in
 *   post with a deliverable address. A worker missing from the directory is stood in for by the team
 *   manager of the case's team (then the team's parent units, upwards).
 * - **A manager at a level** is the first person up the worker's reporting line at that level or
 *   above who is in post with a deliverable address. A reporting line that skips the level (no ATM in
 *   the team, say) is a vacant post; a leaver or undeliverable address is passed over; each is a gap.
 *   When nobody at or above the level can be told, the most senior manager below it who can be is told
 *   instead, so an escalation is never lost while anyone above the worker is in post. The holder's
 *   own level does not count: oversight of a case a manager holds goes above that manager.
 * - **An unallocated case** (no `case.allocated` yet) is the duty team's: the team marked `duty` in
 *   the directory (the front door, MASH or duty team) stands where its worker and team would, so its
 *   notices go to that team's manager and up that team's chain, and its cards to that team's channel.
 *   It is not a gap: cases wait for allocation every day. Without a duty team nobody can be addressed,
 *   and the gap says so.
 *
 * Look-ups are by map, and each reporting line and chain of units is worked out once and reused: a
 * scheduled run asks thousands of times.
 */

import type { OversightLevel } from '../../../events/index.ts';
import { isIsoDate } from '../calendar/index.ts';
import type { AddressBook, Resolved } from '../notices/compose.ts';
import type { DirectoryGap } from '../notices/message.ts';
import type { CaseAllocation } from '../ports.ts';
import { inPostOn } from './lines.ts';
import { type DirectoryData, STAFF_LEVELS, type StaffLevel, type StaffMember, type Team } from './model.ts';

const RANK = Object.fromEntries(STAFF_LEVELS.map((level, rank) => [level, rank])) as Record<
  StaffLevel,
  number
>;

/** Someone passed over on the way up, or a post found vacant. */
type Skip =
  | { kind: 'leaver' | 'undeliverable'; member: StaffMember }
  | { kind: 'vacant-level'; level: StaffLevel };

/** Where a climb started from, for the gaps' wording: above a member of staff, or in a team. */
type Start = { staffId: string } | { teamId: string };

interface Climb {
  recipient: StaffMember | null;
  skipped: Skip[];
}

const instead = (recipient: StaffMember | null) =>
  recipient ? `notice sent to ${recipient.id} instead` : 'nobody could be sent the notice';

const byRankThenId = (a: StaffMember, b: StaffMember) =>
  RANK[a.level] - RANK[b.level] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The staff directory as of one day, answering who each notice goes to. */
export class Directory implements AddressBook {
  private readonly staff = new Map<string, StaffMember>();
  private readonly teams = new Map<string, Team>();
  /** Each unit's members, lowest level first. */
  private readonly members = new Map<string, StaffMember[]>();
  private readonly lines = new Map<string, StaffMember[]>();
  private readonly unitChains = new Map<string, StaffMember[]>();
  private readonly channels = new Map<string, Resolved<string>>();
  /** The team that answers for unallocated cases, if the directory names one. */
  private readonly dutyTeam: Team | undefined;

  /**
   * @param asOfDay The London day (`YYYY-MM-DD`) the notices are for: a leaver is in post up to and
   * including their `leftOn` day.
   * @throws `RangeError` when `asOfDay` is not a real `YYYY-MM-DD` date.
   */
  constructor(
    data: DirectoryData,
    private readonly asOfDay: string,
  ) {
    if (!isIsoDate(asOfDay)) throw new RangeError(`asOfDay must be a YYYY-MM-DD date, not ${asOfDay}`);
    for (const team of data.teams) this.teams.set(team.id, team);
    this.dutyTeam = data.teams.find((team) => team.duty === true);
    for (const member of data.staff) {
      this.staff.set(member.id, member);
      const unit = this.members.get(member.teamId);
      if (unit) unit.push(member);
      else this.members.set(member.teamId, [member]);
    }
    for (const unit of this.members.values()) unit.sort(byRankThenId);
  }

  member(staffId: string): StaffMember | null {
    const member = this.staff.get(staffId);
    return member && this.unavailable(member) === null ? member : null;
  }

  nameOf(staffId: string): string | null {
    return this.staff.get(staffId)?.name ?? null;
  }

  /** The allocated worker, or whoever stands in for them, with the gaps found on the way. */
  holderOf(allocation: CaseAllocation | null, caseId: string): Resolved<StaffMember> {
    const worker = allocation && this.staff.get(allocation.workerId);
    if (!worker) return this.fromTeam(allocation, RANK.TM, caseId);
    const why = this.unavailable(worker);
    if (why === null) return { recipient: worker, gaps: [] };
    const climb = this.climb(this.lineAbove(worker), 0, false);
    return {
      recipient: climb.recipient,
      gaps: gapsOf(
        caseId,
        { staffId: worker.id },
        [{ kind: why, member: worker }, ...climb.skipped],
        climb.recipient,
      ),
    };
  }

  /**
   * The manager at `level` or above on the allocated worker's reporting line (or the case's team's
   * chain, when the worker is not in the directory). Null only when nobody above can be told, or the
   * holder is at the top.
   */
  managerAt(allocation: CaseAllocation | null, level: OversightLevel, caseId: string): Resolved<StaffMember> {
    const worker = allocation && this.staff.get(allocation.workerId);
    if (!worker) return this.fromTeam(allocation, Math.max(RANK[level], RANK.TM), caseId);
    const rank = Math.max(RANK[level], RANK[worker.level] + 1);
    if (rank >= STAFF_LEVELS.length) return { recipient: null, gaps: [] };
    const climb = this.climb(this.lineAbove(worker), rank, true);
    return {
      recipient: climb.recipient,
      gaps: gapsOf(caseId, { staffId: worker.id }, climb.skipped, climb.recipient),
    };
  }

  /**
   * The team a case belongs to: the one its allocation names, or the allocated worker's when it names
   * none (or one the directory does not hold). For an unallocated case, the duty team, if any.
   */
  teamOf(allocation: CaseAllocation | null): Team | null {
    if (!allocation) return this.dutyTeam ?? null;
    const named = allocation.teamId === null ? undefined : this.teams.get(allocation.teamId);
    const workerTeam = this.staff.get(allocation.workerId)?.teamId;
    return named ?? (workerTeam === undefined ? null : (this.teams.get(workerTeam) ?? null));
  }

  /** The Teams channel of a team: its own, or its nearest parent unit's. */
  channelOf(teamId: string): Resolved<string> {
    let found = this.channels.get(teamId);
    if (!found) {
      let channel: string | null = null;
      const seen = new Set<string>();
      for (let team = this.teams.get(teamId); team && !seen.has(team.id); team = this.parentOf(team)) {
        seen.add(team.id);
        channel = team.teamsChannel;
        if (channel !== null) break;
      }
      const message = this.teams.has(teamId)
        ? `Team ${teamId} and the units above it have no Teams channel, so no card was sent`
        : `Team ${teamId} is not in the directory, so no card was sent`;
      found =
        channel !== null
          ? { recipient: channel, gaps: [] }
          : { recipient: null, gaps: [{ kind: 'no-channel', teamId, message }] };
      this.channels.set(teamId, found);
    }
    return { recipient: found.recipient, gaps: [...found.gaps] };
  }

  /** Why a member of staff cannot be sent a notice today, or null when they can. */
  private unavailable(member: StaffMember): 'leaver' | 'undeliverable' | null {
    if (!inPostOn(member, this.asOfDay)) return 'leaver';
    return member.undeliverable ? 'undeliverable' : null;
  }

  private parentOf(team: Team): Team | undefined {
    return team.parentId === null ? undefined : this.teams.get(team.parentId);
  }

  /**
   * Everyone above a member of staff, line manager first. An imported directory has no circles (the
   * CSV reader refuses them), but the store takes any directory, so a circle ends the line.
   */
  private lineAbove(member: StaffMember): StaffMember[] {
    let line = this.lines.get(member.id);
    if (!line) {
      line = [];
      const seen = new Set([member.id]);
      for (let next = this.managerOf(member); next && !seen.has(next.id); next = this.managerOf(next)) {
        seen.add(next.id);
        line.push(next);
      }
      this.lines.set(member.id, line);
    }
    return line;
  }

  private managerOf(member: StaffMember): StaffMember | undefined {
    return member.reportsTo === null ? undefined : this.staff.get(member.reportsTo);
  }

  /** The members of a unit, lowest level first, then of each unit above it in turn. */
  private unitChain(teamId: string): StaffMember[] {
    let chain = this.unitChains.get(teamId);
    if (!chain) {
      chain = [];
      const seen = new Set<string>();
      for (let team = this.teams.get(teamId); team && !seen.has(team.id); team = this.parentOf(team)) {
        seen.add(team.id);
        chain.push(...(this.members.get(team.id) ?? []));
      }
      this.unitChains.set(teamId, chain);
    }
    return chain;
  }

  /**
   * The first of `candidates` at `rank` or above who can be told, noting who was passed over and, with
   * `findVacancy`, whether the first one at or above `rank` is above it (the post at `rank` is vacant).
   * If none can be told, the most senior manager below `rank` who can be (candidates run upwards).
   */
  private climb(candidates: readonly StaffMember[], rank: number, findVacancy: boolean): Climb {
    const skipped: Skip[] = [];
    const vacancy: Skip = { kind: 'vacant-level', level: STAFF_LEVELS[rank] as StaffLevel };
    let fallback: StaffMember | null = null;
    let reached = false;
    for (const member of candidates) {
      const why = this.unavailable(member);
      if (RANK[member.level] < rank) {
        if (why === null && RANK[member.level] >= RANK.ATM) fallback = member;
        continue;
      }
      if (!reached) {
        reached = true;
        if (findVacancy && RANK[member.level] > rank) skipped.push(vacancy);
      }
      if (why === null) return { recipient: member, skipped };
      skipped.push({ kind: why, member });
    }
    if (!reached && findVacancy) skipped.push(vacancy);
    return { recipient: fallback, skipped };
  }

  /**
   * A case whose worker is not in the directory, or that is not allocated: the first in post at `rank`
   * or above in the case's team (an unallocated case's: the duty team) and the units above it.
   */
  private fromTeam(allocation: CaseAllocation | null, rank: number, caseId: string): Resolved<StaffMember> {
    const teamId = allocation ? allocation.teamId : (this.dutyTeam?.id ?? null);
    const team = teamId === null ? undefined : this.teams.get(teamId);
    const climb: Climb = team
      ? this.climb(this.unitChain(team.id), rank, true)
      : { recipient: null, skipped: [] };
    const passedOver = team ? gapsOf(caseId, { teamId: team.id }, climb.skipped, climb.recipient) : [];
    // Waiting for allocation is routine: routed to the duty team, it is no gap unless nobody there can be told.
    if (!allocation && team && climb.recipient) return { recipient: climb.recipient, gaps: passedOver };
    const teamNote = allocation
      ? teamId === null
        ? ' and no team is recorded'
        : team
          ? ''
          : `, nor is its team ${teamId}`
      : team
        ? `, and nobody in the duty team ${team.id} or above it can be told`
        : ' and the directory has no duty team';
    const first: DirectoryGap = allocation
      ? {
          kind: 'unknown-worker',
          caseId,
          staffId: allocation.workerId,
          ...(teamId !== null && { teamId }),
          message: `Case ${caseId}: allocated worker ${allocation.workerId} is not in the directory${teamNote}; ${instead(climb.recipient)}`,
        }
      : {
          kind: 'unallocated',
          caseId,
          message: `Case ${caseId}: not allocated to a worker${teamNote}; ${instead(climb.recipient)}`,
        };
    return { recipient: climb.recipient, gaps: [first, ...passedOver] };
  }
}

/** The gaps of a climb, each saying who was told instead. */
function gapsOf(
  caseId: string,
  start: Start,
  skipped: readonly Skip[],
  recipient: StaffMember | null,
): DirectoryGap[] {
  const outcome = instead(recipient);
  return skipped.map((skip): DirectoryGap => {
    if (skip.kind === 'vacant-level') {
      const where = 'staffId' in start ? `above ${start.staffId}` : `in ${start.teamId}`;
      return {
        kind: 'vacant-level',
        caseId,
        ...start,
        level: skip.level,
        message: `Case ${caseId}: ${skip.level} post ${where} is vacant; ${outcome}`,
      };
    }
    const { member } = skip;
    const what =
      skip.kind === 'leaver' ? `left on ${member.leftOn}` : 'has an email address marked undeliverable';
    return {
      kind: skip.kind,
      caseId,
      staffId: member.id,
      level: member.level,
      message: `Case ${caseId}: ${member.id} (${member.level}) ${what}; ${outcome}`,
    };
  });
}
