/**
 * `los deadlines`: evaluate a file of case events as of a date, as a table for people or JSON.
 */
import type { Command } from 'commander';
import { eventsByCase } from '../../events/index.ts';
import { formatIsoDate } from '../../functions/core/calendar/index.ts';
import {
  type CaseEvaluation,
  caseDeadlinesJson,
  type Deadline,
  evaluateCase,
  type Moment,
  momentText,
  OPEN_STATUSES,
} from '../../functions/core/engine/index.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';
import { renderDeadlineTable } from '../deadline-table.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseAsOf, resolveProfile, todayInLondon, wholeNumber } from '../options.ts';
import { describeRejections, type EventFile, readEventFile } from '../read-events.ts';

interface DeadlinesOptions {
  events?: string;
  dataDir?: string;
  synthetic?: string;
  seed: string;
  asOf: string;
  profile: string;
  json?: boolean;
  all?: boolean;
  within?: string;
}

/** Every event in the local store under `dataDir`. */
async function storedEvents(dataDir: string): Promise<EventFile> {
  const store = await openSharedStore(dataDir);
  try {
    const accepted = [];
    for await (const caseId of store.events.caseIds())
      accepted.push(...(await store.events.eventsOf(caseId)));
    return { accepted, duplicates: 0, rejected: [] };
  } finally {
    await store.close();
  }
}

/** The events to evaluate: a file, the local store, or a generated synthetic council (no real data). */
async function loadEvents(options: DeadlinesOptions, asOf: Moment): Promise<EventFile> {
  const sources = [options.events, options.dataDir, options.synthetic].filter(
    (source) => source !== undefined,
  );
  if (sources.length > 1) throw new UsageError('give one of --events, --data-dir and --synthetic, not more');
  if (options.events) return readEventFile(options.events);
  if (options.dataDir) return storedEvents(options.dataDir);
  if (!options.synthetic)
    throw new UsageError(
      'say which events to evaluate: --events <file>, --data-dir <dir> or --synthetic <cases>',
    );
  const council = generateCouncil({
    seed: wholeNumber('--seed', options.seed),
    asOf: formatIsoDate(asOf.day),
    cases: wholeNumber('--synthetic', options.synthetic),
  });
  return { accepted: council.events, duplicates: 0, rejected: [] };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Adds the `deadlines` command. */
export function registerDeadlines(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('deadlines')
    .description('evaluate every case in an events file (or a synthetic council) and print its deadlines')
    .option('--events <file>', 'case events: NDJSON (one per line) or a JSON array')
    .option('--data-dir <dir>', 'instead of a file, every case in the local store (see los ingest)')
    .option('--synthetic <cases>', 'instead of a file, a generated council of this many synthetic cases')
    .option('--seed <n>', 'with --synthetic: which synthetic council', '1')
    .option(
      '--as-of <date>',
      'evaluate as at the end of this date (YYYY-MM-DD) or at an ISO datetime',
      todayInLondon(),
    )
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { asOf, profile, cases: [ { caseId, deadlines } ] }')
    .option('--all', 'in the table, include met and cancelled deadlines too')
    .option(
      '--within <days>',
      'in the table, show upcoming deadlines only if due within this many working days',
    )
    .action(async (options: DeadlinesOptions) => {
      const asOf = parseAsOf(options.asOf);
      const profile = resolveProfile(options.profile);
      const file = await loadEvents(options, asOf);
      const evaluations: CaseEvaluation[] = [...eventsByCase(file.accepted)]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([caseId, events]) => evaluateCase(caseId, events, profile, asOf));
      if (options.json) {
        const cases = evaluations.map(caseDeadlinesJson);
        io.print(JSON.stringify({ asOf: momentText(asOf), profile: profile.name, cases }, null, 2));
      } else {
        const within = options.within === undefined ? null : wholeNumber('--within', options.within);
        const soonEnough = (d: Deadline) =>
          within === null ||
          d.status !== 'upcoming' ||
          // Beyond the calendar's last year is certainly not within a few working days.
          (d.due.day <= profile.calendar.lastDay &&
            profile.calendar.workingDaysBetween(asOf.day, d.due.day) <= within);
        const show = (d: Deadline) =>
          (options.all ?? false) || (OPEN_STATUSES.has(d.status) && soonEnough(d));
        const note = options.all
          ? null
          : `Showing open deadlines${within === null ? '' : `, upcoming ones only when due within ${within} working days`}; ` +
            'add --all for every deadline, --json for everything.';
        io.print(renderDeadlineTable(evaluations, { asOf, profile: profile.name, show, note }));
      }
      if (file.duplicates > 0) {
        io.warn(`${plural(file.duplicates, 'repeated event was', 'repeated events were')} counted once.`);
      }
      if (file.rejected.length > 0) {
        io.warn(`${plural(file.rejected.length, 'event was', 'events were')} rejected and left out:`);
        for (const text of describeRejections(file.rejected)) io.warn(`  ${text}`);
      }
      const problems = evaluations.flatMap((e) => e.problems.map((p) => `${e.caseId}: ${p.message}`));
      for (const text of problems) io.warn(text);
      if (file.rejected.length > 0 || problems.length > 0) io.setExitCode(EXIT.partial);
    });
}
