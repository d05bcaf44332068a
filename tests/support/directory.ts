/**
 * A small synthetic directory for tests: one team under a full management chain, Director down to
 * two workers, with a Teams channel.
 */
import type { DirectoryData, StaffMember } from '../../functions/core/directory/model.ts';

/** A member of staff of a test directory: `Synthetic <id>`, at `<id>@council.example`. */
export const member = (
  id: string,
  level: StaffMember['level'],
  reportsTo: string | null,
  teamId: string,
  leftOn?: string,
): StaffMember => ({
  id,
  name: `Synthetic ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  level,
  teamId,
  reportsTo,
  ...(leftOn !== undefined && { leftOn }),
});

/** DIR-1 → AD-1 → HOS-1 → SM-1 → TM-1 → ATM-1 → SW-1 and SW-2, in team-north-1. */
export const SMALL_DIRECTORY: DirectoryData = {
  teams: [
    { id: 'childrens-services', name: 'Children’s Services', parentId: null, teamsChannel: null },
    { id: 'team-north-1', name: 'North 1', parentId: 'childrens-services', teamsChannel: 'teams-north-1' },
  ],
  staff: [
    member('DIR-1', 'DIRECTOR', null, 'childrens-services'),
    member('AD-1', 'AD', 'DIR-1', 'childrens-services'),
    member('HOS-1', 'HOS', 'AD-1', 'childrens-services'),
    member('SM-1', 'SM', 'HOS-1', 'childrens-services'),
    member('TM-1', 'TM', 'SM-1', 'team-north-1'),
    member('ATM-1', 'ATM', 'TM-1', 'team-north-1'),
    member('SW-1', 'worker', 'ATM-1', 'team-north-1'),
    member('SW-2', 'worker', 'ATM-1', 'team-north-1'),
  ],
};

/**
 * SMALL_DIRECTORY with a second locality: north (team-north-1) and south (team-south-1, whose name has
 * a comma, as a CSV must quote), where SW-9 works.
 */
export const TWO_LOCALITIES: DirectoryData = {
  teams: [
    ...SMALL_DIRECTORY.teams,
    { id: 'south', name: 'South locality', parentId: 'childrens-services', teamsChannel: null },
    { id: 'team-south-1', name: 'South, team 1', parentId: 'south', teamsChannel: null },
  ],
  staff: [...SMALL_DIRECTORY.staff, member('SW-9', 'worker', 'TM-1', 'team-south-1')],
};
