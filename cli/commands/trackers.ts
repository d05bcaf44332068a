/**
 * `los trackers`: the Line of Sight meeting's legal and permanency trackers from the local store, per
 * unit of the directory, with the children stalled on them, as a list for people or JSON; with
 * `--agenda`, the meeting's agenda for a week instead. Case references only, never names.
 */
import type { Command } from 'commander';
import type { CaseEvent } from '../../events/index.ts';
import { caseActions } from '../../functions/core/actions/index.ts';
import {
  formatIsoDate,
  formatLongDate,
  parseIsoDate,
  readIsoDate,
} from '../../functions/core/calendar/index.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { evaluateCase, type Moment, momentText } from '../../functions/core/engine/index.ts';
import {
  type Agenda,
  groupByUnit,
  meetingAgenda,
  mondayOf,
  NotAMondayError,
  type PlacedEntry,
  TRACKERS,
  type TrackerEntry,
  thresholdSentence,
  trackerEntries,
  type UnitTrackers,
  UnknownUnitError,
} from '../../functions/core/trackers/index.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { UsageError } from '../errors.ts';
import { parseAsOf, resolveProfile, todayInLondon } from '../options.ts';

interface TrackersOptions {
  dataDir: string;
  team?: string;
  asOf: string;
  profile: string;
  json?: boolean;
  agenda?: boolean;
  week?: string;
}

/** The facts of an entry in a few words: what put the child on the tracker. */
function factsLine(entry: TrackerEntry): string {
  const { facts } = entry;
  const parts = [
    facts.unborn ? 'unborn' : null,
    facts.preProceedings
      ? `pre-proceedings since ${facts.preProceedings.since} (${facts.preProceedings.stage})`
      : null,
    facts.proceedings
      ? `proceedings issued ${facts.proceedings.issuedOn}, ${facts.proceedings.extensions} extension(s)`
      : null,
    facts.dolOrder
      ? `DoL order ends ${facts.dolOrder.endsOn}, renewal ${facts.dolOrder.renewalApplied ? 'applied for' : 'not applied for'}`
      : null,
    facts.legalStatus ? `legal status ${facts.legalStatus}` : null,
    facts.placementType ? `placement ${facts.placementType}` : null,
  ];
  return parts.filter((part) => part !== null).join('; ');
}

function renderUnits(units: readonly UnitTrackers[], asOf: Moment): string {
  const out = [`Line of Sight trackers as of ${momentText(asOf)}`];
  if (units.length === 0) out.push('', 'No child is on a tracker.');
  for (const unit of units) {
    const where = unit.unitId === null ? 'No team in the directory' : `${unit.name} (${unit.unitId})`;
    out.push('', unit.above.length > 0 ? `${where}, in ${unit.above.join(' › ')}` : where);
    for (const tracker of TRACKERS) {
      const entries = unit.trackers[tracker];
      if (entries.length === 0) continue;
      out.push(`  ${tracker === 'legal' ? 'Legal' : 'Permanency'} tracker`);
      for (const entry of entries) {
        out.push(`    ${entry.caseId}: ${entry.reasons.join(', ')}`, `      ${factsLine(entry)}`);
        for (const d of entry.deadlines)
          out.push(`      ${d.status.padEnd(8)} ${d.title} (${d.rule})`, `               ${d.explain}`);
        for (const flag of entry.stalled)
          out.push(
            `      stalled  since ${flag.since}: ${flag.explain}`,
            `               ${thresholdSentence(flag)}`,
          );
      }
    }
  }
  return out.join('\n');
}

function renderAgenda(agenda: Agenda, asOf: Moment): string {
  const day = (iso: string) => formatLongDate(parseIsoDate(iso));
  const out = [
    `Line of Sight meeting agenda for the week ${day(agenda.week.from)} to ${day(agenda.week.to)}, as of ${momentText(asOf)}`,
  ];
  for (const section of agenda.sections) {
    out.push('', section.title);
    if (section.items.length === 0) out.push('  None.');
    for (const item of section.items)
      out.push(`  ${item.date}  ${item.caseId}: ${item.what} (${item.about})`, `              ${item.why}`);
  }
  return out.join('\n');
}

/** The Monday `--week` names, or the Monday of the as-of week. */
function meetingWeek(week: string | undefined, asOf: Moment): string {
  if (week === undefined) return mondayOf(formatIsoDate(asOf.day));
  if (readIsoDate(week) === undefined) throw new UsageError(`--week ${week} is not a date (YYYY-MM-DD)`);
  if (mondayOf(week) !== week) throw new UsageError(`--week: ${new NotAMondayError(week).message}`);
  return week;
}

/** Adds the `trackers` command. */
export function registerTrackers(program: Command, io: { print: (text: string) => void }) {
  program
    .command('trackers')
    .description('the Line of Sight meeting’s legal and permanency trackers, per team, from the local store')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .option('--team <id>', 'only this unit of the directory and the units below it')
    .option(
      '--as-of <date>',
      'as at the end of this date (YYYY-MM-DD) or at an ISO datetime',
      todayInLondon(),
    )
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { asOf, profile, units: [ { unitId, name, above, trackers } ] }')
    .option(
      '--agenda',
      'print the week’s meeting agenda instead: breaches, near-breaches, stalled children, actions due',
    )
    .option(
      '--week <monday>',
      'with --agenda: the meeting week, by its Monday (YYYY-MM-DD); the as-of week by default',
    )
    .action(async (options: TrackersOptions) => {
      const asOf = parseAsOf(options.asOf);
      if (options.week !== undefined && !options.agenda) throw new UsageError('--week goes with --agenda');
      const week = options.agenda ? meetingWeek(options.week, asOf) : null;
      const profile = resolveProfile(options.profile);
      const store = await openSharedStore(options.dataDir);
      const cases = new Map<string, CaseEvent[]>();
      const directoryData = await (async () => {
        try {
          for await (const caseId of store.events.caseIds()) {
            const caseEvents = await store.events.eventsOf(caseId);
            if (caseEvents.length > 0) cases.set(caseId, caseEvents);
          }
          return await store.directory.load();
        } finally {
          await store.close();
        }
      })();
      const directory = new Directory(directoryData, formatIsoDate(asOf.day));
      const placed: PlacedEntry[] = [...cases].flatMap(([caseId, caseEvents]) => {
        const evaluation = evaluateCase(caseId, caseEvents, profile, asOf);
        const unitId = directory.teamOf(evaluation.allocation)?.id ?? null;
        return trackerEntries(caseEvents, evaluation, asOf, profile).map((entry) => ({
          unitId,
          entry,
        }));
      });
      let units: UnitTrackers[];
      try {
        units = groupByUnit(placed, directoryData.teams, options.team ?? null);
      } catch (error) {
        if (error instanceof UnknownUnitError) throw new UsageError(`--team: ${error.message}`);
        throw error;
      }
      if (week !== null) {
        const entries = units.flatMap((unit) => TRACKERS.flatMap((tracker) => unit.trackers[tracker]));
        // The board's actions on the children on the trackers shown.
        const onTrackers = new Set(entries.map((entry) => entry.caseId));
        const actions = [...onTrackers].flatMap((caseId) =>
          caseActions(cases.get(caseId) ?? [], momentText(asOf)),
        );
        const agenda = meetingAgenda(entries, actions, week);
        io.print(
          options.json
            ? JSON.stringify({ asOf: momentText(asOf), profile: profile.name, ...agenda }, null, 2)
            : renderAgenda(agenda, asOf),
        );
        return;
      }
      io.print(
        options.json
          ? JSON.stringify({ asOf: momentText(asOf), profile: profile.name, units }, null, 2)
          : renderUnits(units, asOf),
      );
    });
}
