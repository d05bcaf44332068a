/**
 * The staff of a synthetic council: social workers in teams, each team under a Team Manager with
 * Assistant Team Managers, teams under Service Managers, then Heads of Service, Assistant Directors and
 * one Director, the chain that alerts escalate along. Sized from the caseload: about 16 cases a worker.
 */

/** A level in the management chain, lowest first. */
export type StaffLevel = 'worker' | 'ATM' | 'TM' | 'SM' | 'HOS' | 'AD' | 'DIRECTOR';

/** One member of staff, by id only: synthetic councils have no names. */
export interface SyntheticStaff {
  id: string;
  level: StaffLevel;
  /** The team (or, above team level, the service, division or directorate) they belong to. */
  teamId: string;
  /** Their line manager's id; `null` only for the Director. */
  reportsTo: string | null;
}

/** The services that hold cases, each with its own teams, in the order a case usually passes through them. */
export const SERVICES = [
  'early-help',
  'assessment',
  'family-support',
  'children-in-care',
  'leaving-care',
] as const;
/** See {@link SERVICES}. */
export type Service = (typeof SERVICES)[number];

/** The staff, and the look-ups needed to allocate cases to them. */
export interface StaffDirectory {
  /** Everyone, top down: the Director first, each manager before the staff who report to them. */
  readonly staff: readonly SyntheticStaff[];
  /** The workers of each service, in id order. */
  readonly workers: Readonly<Record<Service, readonly string[]>>;
  /** The team of a worker. */
  teamOf(workerId: string): string;
  /** The Team Manager of a team. */
  teamManagerOf(teamId: string): string;
}

/** The average caseload the council is staffed for (domain notes §5). */
const CASES_PER_WORKER = 16;
const WORKERS_PER_TEAM = 6;
const WORKERS_PER_ATM = 4;
const TEAMS_PER_SM = 4;
const SMS_PER_HOS = 3;
const HOS_PER_AD = 3;
const LOCALITIES = ['north', 'south', 'east', 'west', 'central'] as const;

interface ServiceUnit {
  service: Service;
  locality: string;
  /** Workers in each of its teams. */
  teams: number[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** `total` split into `parts` sizes that differ by at most one. */
function evenSplit(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor((total + index) / parts));
}

/**
 * Staffs a council for `casesByService` cases. Every service gets at least one worker, so a case can
 * always pass through it, even in a tiny council.
 */
export function buildStaff(casesByService: Readonly<Record<Service, number>>): StaffDirectory {
  const units: ServiceUnit[] = [];
  for (const service of SERVICES) {
    const workers = Math.max(1, Math.ceil(casesByService[service] / CASES_PER_WORKER));
    const teams = evenSplit(workers, Math.ceil(workers / WORKERS_PER_TEAM));
    for (const group of chunk(teams, TEAMS_PER_SM)) {
      units.push({ service, locality: LOCALITIES[units.length % LOCALITIES.length] as string, teams: group });
    }
  }

  const staff: SyntheticStaff[] = [];
  const counters = new Map<string, number>();
  const nextNumber = (key: string) => {
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    return number;
  };
  const hire = (
    level: StaffLevel,
    prefix: string,
    width: number,
    teamId: string,
    reportsTo: string | null,
  ) => {
    const id = `${prefix}-${String(nextNumber(level)).padStart(width, '0')}`;
    staff.push({ id, level, teamId, reportsTo });
    return id;
  };

  const workers: Record<Service, string[]> = {
    'early-help': [],
    assessment: [],
    'family-support': [],
    'children-in-care': [],
    'leaving-care': [],
  };
  const teamOfWorker = new Map<string, string>();
  const managerOfTeam = new Map<string, string>();

  const director = hire('DIRECTOR', 'DIR', 2, 'childrens-services', null);
  for (const adUnits of chunk(chunk(units, SMS_PER_HOS), HOS_PER_AD)) {
    const ad = hire('AD', 'AD', 2, `directorate-${nextNumber('directorate')}`, director);
    for (const hosUnits of adUnits) {
      const hos = hire('HOS', 'HOS', 2, `division-${nextNumber('division')}`, ad);
      for (const unit of hosUnits) {
        const sm = hire(
          'SM',
          'SM',
          2,
          `service-${unit.locality}-${nextNumber(`service-${unit.locality}`)}`,
          hos,
        );
        for (const size of unit.teams) {
          const teamId = `team-${unit.locality}-${nextNumber(`team-${unit.locality}`)}`;
          const tm = hire('TM', 'TM', 2, teamId, sm);
          managerOfTeam.set(teamId, tm);
          const atms = Array.from({ length: Math.ceil(size / WORKERS_PER_ATM) }, () =>
            hire('ATM', 'ATM', 2, teamId, tm),
          );
          for (let index = 0; index < size; index++) {
            const worker = hire('worker', 'SW', 3, teamId, atms[index % atms.length] as string);
            workers[unit.service].push(worker);
            teamOfWorker.set(worker, teamId);
          }
        }
      }
    }
  }

  return {
    staff,
    workers,
    teamOf: (workerId) => teamOfWorker.get(workerId) as string,
    teamManagerOf: (teamId) => managerOfTeam.get(teamId) as string,
  };
}
