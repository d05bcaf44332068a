/**
 * Who may read what on the board: the reader's line, from the directory's reporting lines. Deny by
 * default: a reader the directory does not hold in post has no line at all, and a case is in a line
 * only when the rules below put it there.
 *
 * - A worker sees the cases allocated to them.
 * - An assistant team manager or team manager sees their team's cases, and those of any unit below it.
 * - A service manager sees their area: the unit they belong to (the locality or service the directory
 *   records as their team) and every unit below it.
 * - A head of service, assistant director or director sees everything below their unit (their unit
 *   included).
 * - A manager also sees a case allocated to them personally, wherever it sits.
 *
 * A case's unit is the one notices find for it ({@link Directory.teamOf}: the team its allocation
 * names, else its worker's, else for an unallocated case the duty team). A case whose unit the
 * directory does not hold is in nobody's line until the directory is put right (`los trackers` lists
 * it under "No team in the directory"). Pure.
 */

import { inPostOn, unitsBelow } from '../core/directory/lines.ts';
import { type DirectoryData, STAFF_LEVELS, type StaffMember, type Team } from '../core/directory/model.ts';
import type { Directory } from '../core/directory/resolve.ts';
import type { CaseAllocation } from '../core/ports.ts';

/** What a reader may see. */
export interface ReaderLine {
  staff: StaffMember;
  /**
   * The units whose cases the reader sees, their own unit first, then those below it (parents before
   * children). Empty for a worker, who sees only the cases allocated to them.
   */
  units: string[];
}

/**
 * Why a reader has no line: not in the directory, or left (after their `leftOn` day). Either way the
 * board answers 403.
 */
export type NoLine = 'unknown-staff' | 'leaver';

/**
 * The line of the member of staff `staffId` as of the London day `asOfDay` (`YYYY-MM-DD`; a leaver is
 * in post up to and including their `leftOn` day), or why they have none.
 */
export function readerLine(directory: DirectoryData, staffId: string, asOfDay: string): ReaderLine | NoLine {
  const staff = directory.staff.find((member) => member.id === staffId);
  if (!staff) return 'unknown-staff';
  if (!inPostOn(staff, asOfDay)) return 'leaver';
  return { staff, units: staff.level === 'worker' ? [] : unitsBelow(directory.teams, staff.teamId) };
}

/** Whether a line includes a case, given its allocation (null while unallocated) and the directory. */
export function lineIncludes(
  line: ReaderLine,
  allocation: CaseAllocation | null,
  directory: Directory,
): boolean {
  if (allocation !== null && allocation.workerId === line.staff.id) return true;
  if (line.units.length === 0) return false;
  const unit = directory.teamOf(allocation)?.id;
  return unit !== undefined && line.units.includes(unit);
}

/**
 * The units a page narrows to with `?unit=`: `unitId` and those below it when the line holds it, else
 * null (a unit outside the line and one the directory lacks are refused alike).
 */
export function narrowTo(line: ReaderLine, teams: readonly Team[], unitId: string): string[] | null {
  return line.units.includes(unitId) ? unitsBelow(teams, unitId) : null;
}

/**
 * The staff in post whose line includes a case (the people an action on it may be given to): its
 * allocated worker, and the managers of its unit and of every unit above it. Lowest level first, then by id.
 */
export function staffInCaseLine(
  data: DirectoryData,
  allocation: CaseAllocation | null,
  directory: Directory,
  asOfDay: string,
): StaffMember[] {
  const byId = new Map(data.teams.map((team) => [team.id, team]));
  const above = new Set<string>();
  for (
    let unit = directory.teamOf(allocation) ?? undefined;
    unit !== undefined && !above.has(unit.id);
    unit = unit.parentId === null ? undefined : byId.get(unit.parentId)
  ) {
    above.add(unit.id);
  }
  const rank = (member: StaffMember) => STAFF_LEVELS.indexOf(member.level);
  return data.staff
    .filter((member) => inPostOn(member, asOfDay))
    .filter(
      (member) =>
        member.id === allocation?.workerId || (member.level !== 'worker' && above.has(member.teamId)),
    )
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
