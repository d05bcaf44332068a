/**
 * The Line of Sight meeting's trackers: which children are on them and why, with their live deadlines
 * and where they have stalled, grouped by the directory's units; and the week's meeting agenda.
 *
 * @packageDocumentation
 */
export {
  type Agenda,
  type AgendaAction,
  type AgendaItem,
  type AgendaSection,
  type AgendaSectionName,
  meetingAgenda,
  mondayOf,
  NotAMondayError,
} from './agenda.ts';
export { type DateChange, dateChanges, type Slip, slips } from './date-changes.ts';
export { groupByUnit, type PlacedEntry, type UnitTrackers, UnknownUnitError } from './grouping.ts';
export {
  entriesAt,
  noFacts,
  type OpenDeadline,
  openDeadlines,
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
export { type StalledFlag, type StalledKind, thresholdSentence } from './stalled.ts';
