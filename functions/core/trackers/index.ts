/**
 * The Line of Sight meeting's trackers: which children are on them and why, with their live deadlines,
 * grouped by the directory's units.
 *
 * @packageDocumentation
 */
export { groupByUnit, type PlacedEntry, type UnitTrackers, UnknownUnitError } from './grouping.ts';
export {
  type PreProceedingsStage,
  TRACKER_REASONS,
  TRACKERS,
  type Tracker,
  type TrackerDeadline,
  type TrackerEntry,
  type TrackerFacts,
  type TrackerReason,
  trackerEntries,
  trackerFacts,
} from './membership.ts';
