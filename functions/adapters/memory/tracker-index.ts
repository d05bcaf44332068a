/** The board's index in memory, for tests and for the in-process pipeline. */
import type { CaseAllocation, TrackerHolders, TrackerIndex } from '../../core/ports.ts';
import type { BoardList, BoardRow, RowOf } from '../../core/trackers/row.ts';

const heldBy = (allocation: CaseAllocation | null, holders: TrackerHolders) =>
  allocation === null
    ? holders.unallocated
    : allocation.teamId === null
      ? holders.workers.includes(allocation.workerId)
      : holders.teams.includes(allocation.teamId);

/** {@link TrackerIndex} in a map, with the same version rule as the table's. */
export class MemoryTrackerIndex implements TrackerIndex {
  private readonly cases = new Map<string, { version: number; rows: BoardRow[] }>();

  async replaceCase(caseId: string, version: number, rows: readonly BoardRow[]) {
    const current = this.cases.get(caseId);
    if (current && current.version >= version) return 'stale' as const;
    this.cases.set(caseId, { version, rows: structuredClone([...rows]) });
    return 'replaced' as const;
  }

  async rowsHeldBy<L extends BoardList>(holders: TrackerHolders, list: L): Promise<RowOf<L>[]> {
    return [...this.cases.values()]
      .flatMap(({ rows }) => rows)
      .filter((row): row is RowOf<L> => row.list === list && heldBy(row.allocation, holders))
      .map((row) => structuredClone(row))
      .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  }
}
