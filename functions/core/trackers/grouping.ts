/**
 * The trackers per team and service area, from the directory's reporting lines: each unit (a team, or
 * above it a locality or service, a team row whose children are teams) with the children whose case
 * is allocated to it directly, and the units above it. A unit and everything below it is what a
 * manager of that unit oversees; choosing one (`--team`) keeps it and its descendants.
 */
import type { Team } from '../directory/model.ts';
import { TRACKERS, type Tracker, type TrackerEntry } from './membership.ts';

/** One unit's share of the trackers. `unitId` null gathers cases whose team the directory lacks. */
export interface UnitTrackers {
  unitId: string | null;
  name: string | null;
  /** The units above it, top first: where it sits in the service. */
  above: string[];
  trackers: Record<Tracker, TrackerEntry[]>;
}

/** A tracker entry with the unit its case belongs to (null when the directory has no team for it). */
export interface PlacedEntry {
  unitId: string | null;
  entry: TrackerEntry;
}

/** The unit `selected` names does not exist in the directory. */
export class UnknownUnitError extends Error {
  constructor(readonly unitId: string) {
    super(`no team or unit with the id ${unitId} is in the directory`);
    this.name = 'UnknownUnitError';
  }
}

/**
 * Groups tracker entries by unit, walked from the top (a parent before its children, siblings by id),
 * cases in reference order within each. With `selected`, only that unit and those below
 * it (and no unplaced cases). Units with nobody on a tracker are left out.
 *
 * @throws {@link UnknownUnitError} when `selected` is not a unit of the directory.
 */
export function groupByUnit(
  entries: readonly PlacedEntry[],
  teams: readonly Team[],
  selected: string | null = null,
): UnitTrackers[] {
  const byId = new Map(teams.map((team) => [team.id, team]));
  if (selected !== null && !byId.has(selected)) throw new UnknownUnitError(selected);
  const children = new Map<string | null, Team[]>();
  for (const team of teams) {
    // A parent the directory lacks puts the unit at the top rather than losing it.
    const parent = team.parentId !== null && byId.has(team.parentId) ? team.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), team]);
  }
  // Siblings by id: a store gives the directory back in no particular order.
  for (const siblings of children.values()) siblings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const order: { team: Team; above: string[] }[] = [];
  const seen = new Set<string>();
  const walk = (team: Team, above: string[]) => {
    if (seen.has(team.id)) return;
    seen.add(team.id);
    order.push({ team, above });
    for (const child of children.get(team.id) ?? []) walk(child, [...above, team.id]);
  };
  const roots = selected === null ? (children.get(null) ?? []) : [byId.get(selected) as Team];
  const aboveSelected: string[] = [];
  if (selected !== null) {
    const chain = new Set([selected]);
    for (
      let up = byId.get(selected)?.parentId;
      up != null && byId.has(up) && !chain.has(up);
      up = byId.get(up)?.parentId
    ) {
      chain.add(up);
      aboveSelected.unshift(up);
    }
  }
  for (const root of roots) walk(root, aboveSelected);

  const units = order.map(({ team, above }) => unit(team.id, team.name, above, entries));
  if (selected === null) {
    units.push(
      unit(
        null,
        null,
        [],
        entries.filter((placed) => placed.unitId === null || !byId.has(placed.unitId)),
      ),
    );
  }
  return units.filter((u) => TRACKERS.some((tracker) => u.trackers[tracker].length > 0));
}

function unit(
  unitId: string | null,
  name: string | null,
  above: string[],
  entries: readonly PlacedEntry[],
): UnitTrackers {
  const mine = entries
    .filter((placed) => unitId === null || placed.unitId === unitId)
    .map((placed) => placed.entry)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return {
    unitId,
    name,
    above,
    trackers: {
      legal: mine.filter((entry) => entry.tracker === 'legal'),
      permanency: mine.filter((entry) => entry.tracker === 'permanency'),
    },
  };
}
