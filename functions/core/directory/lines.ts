/**
 * The directory's reporting lines as a manager's reach reads them: the units at and below a unit,
 * the staff of a set of units, and who is in post on a day. Pure.
 */
import type { StaffMember, Team } from './model.ts';

/** The units at and below `unitId`, parents before children; a circle in the directory ends the walk. */
export function unitsBelow(teams: readonly Team[], unitId: string): string[] {
  const children = new Map<string, string[]>();
  for (const team of teams) {
    if (team.parentId === null) continue;
    children.set(team.parentId, [...(children.get(team.parentId) ?? []), team.id]);
  }
  if (!teams.some((team) => team.id === unitId)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [unitId];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(...[...(children.get(next) ?? [])].sort());
  }
  return out;
}

/** The ids of the staff (any level) whose team is one of `units`. */
export function staffOfUnits(staff: readonly StaffMember[], units: ReadonlySet<string>): string[] {
  return staff.filter((member) => units.has(member.teamId)).map((member) => member.id);
}

/** Whether a member of staff is in post on `day` (`YYYY-MM-DD`): a leaver is, up to and including their `leftOn` day. */
export const inPostOn = (member: Pick<StaffMember, 'leftOn'>, day: string): boolean =>
  member.leftOn === undefined || member.leftOn >= day;
