/**
 * The board's reads, on AWS and on a laptop alike: a tracker page or the agenda reads the rows of the
 * board's index held by its reader's line (one query per team or worker), never every case, and works
 * out what each row shows as of the moment asked (`entryOfRow`, `actionsOfRow`); a case page reads
 * that one case's events and evaluates them; the timeliness page reads the monthly figures ingest
 * keeps (`storedFigures`); the directory is read whole.
 *
 * Where a row is filed is where the index puts it (`trackerHolder` in `storage/table-layout.ts`): the
 * team its allocation names, else its worker, else nobody (unallocated). So a page over units asks for
 * those teams, the staff of those units (for cases allocated without a team) and, when the duty team
 * is among them, the unallocated cases; a worker's page asks for their own rows and their team's.
 * Each row is then placed as the directory places its case today (`Directory.teamOf`) and kept only if
 * that is in scope. (A case allocated to a team the directory does not hold, or to a worker under
 * another team than theirs, is filed where no page of this kind asks: it shows under "No team in the
 * directory" in `los trackers`, and on its case page to whoever's line includes it.)
 */

import type { BoardAction } from '../core/actions/index.ts';
import { formatIsoDate } from '../core/calendar/index.ts';
import { staffOfUnits } from '../core/directory/lines.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import { Directory } from '../core/directory/resolve.ts';
import { evaluateCase, type Moment, type Profile } from '../core/engine/index.ts';
import type {
  CaseEventStore,
  DirectoryStore,
  TimelinessStore,
  TrackerHolders,
  TrackerIndex,
} from '../core/ports.ts';
import { actionsOfRow, type BoardList, entryOfRow, type RowOf } from '../core/trackers/row.ts';
import { storedFigures } from '../timeliness/stored-figures.ts';
import type { BoardCase, BoardEntry, BoardReader, TrackerScope } from './deps.ts';

/** Whose rows of the index a page over `scope` reads. */
export function holdersOf(scope: TrackerScope, data: DirectoryData, directory: Directory): TrackerHolders {
  if ('units' in scope) {
    const units = new Set(scope.units);
    const duty = directory.teamOf(null);
    return {
      teams: [...units],
      workers: staffOfUnits(data.staff, units),
      unallocated: duty !== null && units.has(duty.id),
    };
  }
  const worker = data.staff.find((member) => member.id === scope.allocatedTo);
  return { teams: worker ? [worker.teamId] : [], workers: [scope.allocatedTo], unallocated: false };
}

/** A {@link BoardReader} over the event log, the directory and the board's index, under `profile`. */
export function indexBoardReader(
  stores: {
    events: CaseEventStore;
    directory: DirectoryStore;
    trackers: TrackerIndex;
    timeliness: TimelinessStore;
  },
  profile: Profile,
): BoardReader {
  /** The rows of `list` in `scope`, each with the unit the directory places its case in today. */
  const rowsIn = async <L extends BoardList>(
    scope: TrackerScope,
    list: L,
    asOf: Moment,
    data: DirectoryData,
  ) => {
    const resolved = new Directory(data, formatIsoDate(asOf.day));
    const rows = await stores.trackers.rowsHeldBy(holdersOf(scope, data, resolved), list);
    return rows.flatMap((row): { row: RowOf<L>; unitId: string | null }[] => {
      const unitId = resolved.teamOf(row.allocation)?.id ?? null;
      const inScope =
        'units' in scope
          ? unitId !== null && scope.units.includes(unitId)
          : row.allocation?.workerId === scope.allocatedTo;
      return inScope ? [{ row, unitId }] : [];
    });
  };
  return {
    directory: () => stores.directory.load(),
    async caseOf(caseId: string, asOf: Moment): Promise<BoardCase | null> {
      const events = await stores.events.eventsOf(caseId);
      return events.length === 0 ? null : { events, evaluation: evaluateCase(caseId, events, profile, asOf) };
    },
    async trackerEntries(scope, tracker, asOf, directory): Promise<BoardEntry[]> {
      return (await rowsIn(scope, tracker, asOf, directory)).flatMap(({ row, unitId }) => {
        const entry = entryOfRow(row, asOf, profile);
        return entry ? [{ unitId, allocation: row.allocation, entry }] : [];
      });
    },
    async actions(scope, asOf, directory): Promise<BoardAction[]> {
      return (await rowsIn(scope, 'actions', asOf, directory)).flatMap(({ row }) => actionsOfRow(row, asOf));
    },
    async timeliness(span, by, asOf, directory) {
      return storedFigures(stores.timeliness, span, by, { directory: directory, asOf });
    },
  };
}
