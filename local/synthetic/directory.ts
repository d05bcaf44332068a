/**
 * The staff directory of a synthetic council: its staff with invented names and `.example` addresses
 * (a domain reserved for examples, so nothing can ever be delivered to them), and its units as teams,
 * each under the unit its head reports into.
 */
import type { DirectoryData, StaffMember, Team } from '../../functions/core/directory/model.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { SyntheticStaff } from './staff.ts';

/** Invented first names, for synthetic staff and children. */
export const FIRST_NAMES = [
  'Alex',
  'Amira',
  'Ben',
  'Chloe',
  'Dev',
  'Ellie',
  'Femi',
  'Grace',
  'Hassan',
  'Isla',
  'Jamal',
  'Kate',
  'Liam',
  'Maya',
  'Niamh',
  'Owen',
  'Priya',
  'Rhys',
  'Sana',
  'Tom',
] as const;
/** Invented last names, for synthetic staff and children. */
export const LAST_NAMES = [
  'Ahmed',
  'Baker',
  'Clarke',
  'Davies',
  'Evans',
  'Fraser',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morgan',
  'Nowak',
  'Okafor',
  'Patel',
  'Roberts',
  'Singh',
  'Taylor',
  'Walsh',
] as const;

/** The random stream the names are drawn from: one no case uses (cases use 0 and 1 upwards). */
const NAME_STREAM = 0x7fff_ffff;

/** `team-north-1` → `Team North 1`. */
const nameOfUnit = (id: string) =>
  id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

/**
 * The directory of a synthetic council's staff. Deterministic: the same staff and seed give the same
 * names. Every unit is a team; a unit's parent is the unit of whoever its members report to outside it;
 * each `team-…` unit has the Teams channel `teams-<id>`, and the units above inherit none. The
 * council's duty team, when it names one, is marked so.
 */
export function syntheticDirectory(
  council: { staff: readonly SyntheticStaff[]; dutyTeamId?: string },
  seed: number,
): DirectoryData {
  const random = createRandom(deriveSeed(seed, NAME_STREAM));
  const unitOf = new Map(council.staff.map((member) => [member.id, member.teamId]));
  const parents = new Map<string, string | null>();
  for (const member of council.staff) {
    const managerUnit = member.reportsTo === null ? null : (unitOf.get(member.reportsTo) ?? null);
    if (managerUnit !== member.teamId && !parents.has(member.teamId)) parents.set(member.teamId, managerUnit);
  }
  const teams: Team[] = [...parents].map(([id, parentId]) => ({
    id,
    name: nameOfUnit(id),
    parentId,
    teamsChannel: id.startsWith('team-') ? `teams-${id}` : null,
    ...(id === council.dutyTeamId && { duty: true }),
  }));
  // Every member of staff a name of their own (a board's sign-in page and its owner lists name them),
  // drawn without putting back; past the 400 pairs a council this size never reaches, numbered.
  const pairs = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));
  const names = council.staff.map((_, index) => {
    const drawn = index % pairs.length;
    const pick = drawn + Math.floor(random.next() * (pairs.length - drawn));
    [pairs[drawn], pairs[pick]] = [pairs[pick] as string, pairs[drawn] as string];
    const round = Math.floor(index / pairs.length);
    return round === 0 ? (pairs[drawn] as string) : `${pairs[drawn]} ${round + 1}`;
  });
  const staff: StaffMember[] = council.staff.map((member, index) => ({
    id: member.id,
    name: names[index] as string,
    email: `${member.id.toLowerCase()}@council.example`,
    level: member.level,
    teamId: member.teamId,
    reportsTo: member.reportsTo,
  }));
  return { staff, teams };
}
