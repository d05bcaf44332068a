/**
 * The SSD's staff and teams beside the directory loaded from HR. HR wins: its staff (names, email
 * addresses, levels, reporting lines) and teams stand as they are. The SSD only fills what HR lacks:
 * teams HR does not have (from `ssd_department`, under their parents: the reporting lines between
 * units), and a parent for an HR team that has none. Staff in the SSD but not in HR cannot be added
 * (the SSD has no email address or level for them), so they are listed, as are the staff the SSD
 * allocates cases to who are missing from the directory. Pure.
 */
import type { CaseEvent } from '../../../../events/index.ts';
import type { DirectoryData, Team } from '../../directory/model.ts';
import type { DirectorySeed } from '../format.ts';

/** The directory with what the SSD adds, and what it could not. */
export interface DirectoryMerge {
  directory: DirectoryData;
  /** Teams added from the SSD. */
  teamsAdded: string[];
  /** HR teams given the parent the SSD names. */
  parentsFilled: string[];
  /** Staff of `ssd_professionals` not in the directory (by their HR id where the SSD has it). */
  staffNotInDirectory: string[];
}

/** HR's directory with the SSD's teams filled in (see the module's description). */
export function mergeDirectory(hr: DirectoryData, seed: DirectorySeed): DirectoryMerge {
  const known = new Set([...hr.teams.map((team) => team.id), ...seed.teams.map((team) => team.id)]);
  const fromSsd = new Map(seed.teams.map((team) => [team.id, team]));
  const parentsFilled: string[] = [];
  const teams: Team[] = hr.teams.map((team) => {
    const parentId = fromSsd.get(team.id)?.parentId;
    if (team.parentId !== null || parentId === undefined || parentId === null || !known.has(parentId))
      return team;
    parentsFilled.push(team.id);
    return { ...team, parentId };
  });
  const inHr = new Set(hr.teams.map((team) => team.id));
  const teamsAdded: string[] = [];
  for (const team of seed.teams) {
    if (inHr.has(team.id) || teamsAdded.includes(team.id)) continue;
    teamsAdded.push(team.id);
    teams.push({
      id: team.id,
      name: team.name,
      parentId: team.parentId !== null && known.has(team.parentId) ? team.parentId : null,
      teamsChannel: null,
    });
  }
  const staffIds = new Set(hr.staff.map((member) => member.id));
  return {
    directory: { staff: hr.staff, teams },
    teamsAdded,
    parentsFilled,
    staffNotInDirectory: [
      ...new Set(seed.staff.map((member) => member.id).filter((id) => !staffIds.has(id))),
    ],
  };
}

/** The workers the events allocate cases to who are not in the directory, each once, in id order. */
export function allocatedNotInDirectory(
  events: readonly Pick<CaseEvent, 'type' | 'data'>[],
  directory: DirectoryData,
): string[] {
  const staff = new Set(directory.staff.map((member) => member.id));
  const missing = new Set<string>();
  for (const event of events) {
    if (event.type !== 'case.allocated') continue;
    const { workerId } = event.data as { workerId: string };
    if (!staff.has(workerId)) missing.add(workerId);
  }
  return [...missing].sort();
}
