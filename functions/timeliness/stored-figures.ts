/**
 * The timeliness figures read from the store ingest keeps (`TimelinessStore`): a month's figures from
 * its entries, or from the figures a reading kept for it while they are still its figures. What
 * `los report timeliness` and the board's timeliness page both read.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../events/index.ts';
import { formatIsoDate } from '../core/calendar/index.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import type { Moment } from '../core/engine/index.ts';
import type { TimelinessStore } from '../core/ports.ts';
import {
  type Attribution,
  figuresOf,
  type Grouping,
  type MonthlyFigures,
  monthsOf,
  storedOccurrences,
  teamsAsOf,
} from '../core/timeliness/index.ts';

/** Months read at once from the store. */
const MONTH_READS = 4;

/** Both groupings: a month's figures are kept for each, so a report reads only the one it shows. */
const GROUPINGS: readonly Grouping[] = ['team', 'worker'];

/**
 * What a month's figures are computed from, for a month wholly before the reading: its entries (their
 * change count) and the directory that places allocations in teams. Time no longer moves such a month
 * (every open deadline in it is past due), so equal bases mean equal figures.
 */
const basisOf = (changes: number, directoryHash: string) => `${changes}:${directoryHash}`;

/** The directory's content hash, for {@link basisOf}. */
const directoryHashOf = (directory: DirectoryData) =>
  createHash('sha256').update(canonicalJson(directory)).digest('base64url').slice(0, 22);

/** What every month of one reading shares: its moment, the directory's hash and its teams then. */
interface Reading {
  asOf: Moment;
  directoryHash: string;
  teamOf: Attribution['teamOf'];
}

/**
 * One month's figures of one grouping from the store. A month wholly before the reading is read from
 * the figures kept for it while they are its figures (the month's change count and the directory are
 * those they were computed from); otherwise its entries are folded (one query), open deadlines
 * classified as of `asOf` and allocations placed in teams by the directory, and, for such a month, the
 * figures kept for the next reading. The change count is read before the entries: an entry written
 * meanwhile counts after it, so the figures kept are never taken for newer ones.
 */
async function monthFigures(
  store: TimelinessStore,
  month: string,
  by: Grouping,
  reading: Reading,
): Promise<MonthlyFigures> {
  const { asOf } = reading;
  const settled = month < formatIsoDate(asOf.day).slice(0, 7);
  const basis = settled ? basisOf(await store.changesOf(month), reading.directoryHash) : null;
  if (basis !== null) {
    const kept = await store.keptFigures(month, by);
    if (kept?.basis === basis) return kept.figures;
  }
  const entries = await store.monthOf(month);
  const figures = figuresOf(storedOccurrences(entries, asOf, reading.teamOf));
  if (basis !== null) {
    for (const grouping of GROUPINGS) {
      const cells = figures.cells.filter((cell) => cell.by === grouping);
      await store.keepFigures(month, grouping, { basis, figures: { cells } });
    }
  }
  return figures;
}

/** The figures of the months from `from` to `to` of one grouping, from the store (see {@link monthFigures}). */
export async function storedFigures(
  store: TimelinessStore,
  span: { from: string; to: string },
  by: Grouping,
  reading: { directory: DirectoryData; asOf: Moment },
): Promise<MonthlyFigures> {
  const { directory, asOf } = reading;
  const shared: Reading = {
    asOf,
    directoryHash: directoryHashOf(directory),
    teamOf: teamsAsOf(directory, asOf),
  };
  const months = monthsOf(span.from, span.to);
  const figures: MonthlyFigures[] = [];
  for (let start = 0; start < months.length; start += MONTH_READS) {
    const read = months
      .slice(start, start + MONTH_READS)
      .map((month) => monthFigures(store, month, by, shared));
    figures.push(...(await Promise.all(read)));
  }
  // Each month's cells are in the figures' order and the months are disjoint and in order, and the
  // figures order cells by month first: one month's cells after another's are the merged figures, with
  // no merge to pay for (a third of a 12-month report's time at 20,000 cases).
  return { cells: figures.flatMap((month) => month.cells) };
}
