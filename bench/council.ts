/** The synthetic councils the benchmarks share. */
import { type CaseEvent, eventsByCase } from '../events/index.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import { syntheticDirectory } from '../local/synthetic/directory.ts';
import { generateCouncil } from '../local/synthetic-council.ts';

/** The as-of date of every benchmark council and the moments the benchmarks use on it. */
export const AS_OF = '2026-11-23';
/** Deadlines are computed the evening before the morning run (London is on GMT in November). */
export const COMPUTED_AT = Date.parse('2026-11-22T18:00:00.000Z');
/** The morning run: 07:00 London. */
export const RUN_AT = Date.parse('2026-11-23T07:00:00.000Z');

/**
 * Councils are generated a slice of at most this many cases at a time: a synthetic case has about a
 * hundred events, so 20,000 cases at once would hold two million events in memory.
 */
export const SLICE_CASES = 2_000;

export interface Slice {
  cases: Map<string, CaseEvent[]>;
  events: number;
  generateMs: number;
  /** The slice's own staff, who hold its cases. */
  directory: DirectoryData;
}

let first: Slice | undefined;

/** A slice's events with its ids prefixed: the cases, and the workers and teams allocated them. */
function renamedEvent(event: CaseEvent, prefix: string): CaseEvent {
  const renamed = { ...event, caseId: `${prefix}${event.caseId}` };
  if (renamed.type !== 'case.allocated') return renamed;
  const { workerId, teamId } = renamed.data;
  return {
    ...renamed,
    data: {
      ...renamed.data,
      workerId: `${prefix}${workerId}`,
      ...(teamId && { teamId: `${prefix}${teamId}` }),
    },
  };
}

/** A slice's directory with the same prefix on every id, address and channel. */
function renamedDirectory(data: DirectoryData, prefix: string): DirectoryData {
  const id = (value: string) => `${prefix}${value}`;
  return {
    teams: data.teams.map((team) => ({
      ...team,
      id: id(team.id),
      parentId: team.parentId && id(team.parentId),
      teamsChannel: team.teamsChannel && id(team.teamsChannel),
    })),
    staff: data.staff.map((member) => ({
      ...member,
      id: id(member.id),
      teamId: id(member.teamId),
      reportsTo: member.reportsTo && id(member.reportsTo),
      email: `${prefix.toLowerCase()}${member.email}`,
    })),
  };
}

function generate(index: number, cases: number): Slice {
  const started = performance.now();
  const council = generateCouncil({ seed: 7 + index, asOf: AS_OF, cases });
  const directory = syntheticDirectory(council, 7 + index);
  // Later slices are other councils' worth of cases and staff: their ids are prefixed to stay distinct.
  const prefix = `S${index}-`;
  const events = index === 0 ? council.events : council.events.map((event) => renamedEvent(event, prefix));
  return {
    cases: eventsByCase(events),
    events: events.length,
    generateMs: performance.now() - started,
    directory: index === 0 ? directory : renamedDirectory(directory, prefix),
  };
}

/** The directories of slices, as one: a council of their size, staffed as each slice is. */
export function mergedDirectory(directories: readonly DirectoryData[]): DirectoryData {
  return {
    teams: directories.flatMap((directory) => directory.teams),
    staff: directories.flatMap((directory) => directory.staff),
  };
}

/** `total` cases, a slice at a time (the first slice is kept and reused). */
export function* slices(total: number): Generator<Slice> {
  for (let index = 0, done = 0; done < total; index++) {
    const size = Math.min(SLICE_CASES, total - done);
    if (index === 0 && size === SLICE_CASES) {
      first ??= generate(0, SLICE_CASES);
      yield first;
    } else {
      yield generate(index, size);
    }
    done += size;
  }
}
