import type { Command } from 'commander';
import type { CaseEvent } from '../../events/index.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { DynamoCaseEventStore } from '../../functions/adapters/dynamodb/event-store.ts';
import { DynamoTimelinessStore } from '../../functions/adapters/dynamodb/timeliness-store.ts';
import { formatIsoDate, isIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { staffOfUnits, unitsBelow } from '../../functions/core/directory/lines.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import {
  type EvaluationProblem,
  type Moment,
  momentText,
  type Profile,
} from '../../functions/core/engine/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { CaseEventStore, DirectoryStore, TimelinessStore } from '../../functions/core/ports.ts';
import {
  type Attribution,
  backtestByRule,
  caseBreaches,
  caseOccurrences,
  figuresOf,
  type Grouping,
  isMonth,
  lastFullMonths,
  type MonthlyFigures,
  type Occurrence,
  type ReportRow,
  type RuleBacktest,
  reportCsv,
  reportRows,
  teamsAsOf,
} from '../../functions/core/timeliness/index.ts';
import { storedFigures } from '../../functions/timeliness/stored-figures.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { awsTableClient, tableOption } from '../aws-table.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseAsOf, resolveProfile, todayInLondon } from '../options.ts';

/** Every case's events in the local store, and the staff directory beside them. */
interface Council {
  cases: Map<string, CaseEvent[]>;
  directory: DirectoryData;
}

/** A problem the engine reported, with the case it is about. */
type CaseProblem = EvaluationProblem & { caseId: string };

/** Where a report reads from: the local store under a data directory, or a deployment's table. */
interface Source {
  events: CaseEventStore;
  timeliness: TimelinessStore;
  directory: DirectoryStore;
  close(): Promise<void>;
}

async function openSource(options: { dataDir: string; table?: string }): Promise<Source> {
  if (options.table === undefined) return openSharedStore(options.dataDir);
  const { client, close } = awsTableClient();
  return {
    events: new DynamoCaseEventStore(client, options.table),
    timeliness: new DynamoTimelinessStore(client, options.table),
    directory: new DynamoDirectoryStore(client, options.table),
    close,
  };
}

async function readCouncil(source: Source): Promise<Council> {
  const cases = new Map<string, CaseEvent[]>();
  for await (const caseId of source.events.caseIds()) {
    const events = await source.events.eventsOf(caseId);
    if (events.length > 0) cases.set(caseId, events);
  }
  return { cases, directory: await source.directory.load() };
}

/** Every case's monthly figures, each case evaluated once, and what the engine could not compute. */
function councilFigures(council: Council, profile: Profile, asOf: Moment) {
  const attribution: Attribution = {
    calendar: profile.calendar,
    teamOf: teamsAsOf(council.directory, asOf),
  };
  const problems: CaseProblem[] = [];
  const occurrences: Occurrence[] = [];
  for (const [caseId, events] of council.cases) {
    const result = caseOccurrences(caseId, events, profile, asOf, attribution);
    occurrences.push(...result.occurrences);
    problems.push(...result.problems.map((problem) => ({ ...problem, caseId })));
  }
  return { figures: figuresOf(occurrences), problems };
}

/** The ids of a unit of the directory and of every unit below it; a usage error for one it lacks. */
function unitAndBelow(directory: DirectoryData, teamId: string): Set<string> {
  const units = unitsBelow(directory.teams, teamId);
  if (units.length === 0) {
    throw new UsageError(`--team: no team or unit with the id ${teamId} is in the directory`);
  }
  return new Set(units);
}

function ruleOption(profile: Profile, rule: string | undefined): string | null {
  if (rule === undefined) return null;
  if (!profile.rules.some((candidate) => candidate.id === rule)) {
    throw new UsageError(`--rule: the ${profile.name} profile has no rule ${rule} (los rules lists them)`);
  }
  return rule;
}

function monthOption(name: string, text: string): string {
  if (!isMonth(text)) throw new UsageError(`${name} ${text} is not a month: use YYYY-MM`);
  return text;
}

function dayOption(name: string, text: string): number {
  if (!isIsoDate(text)) throw new UsageError(`${name} ${text} is not a date: use YYYY-MM-DD`);
  return parseIsoDate(text);
}

/** What the engine could not compute, one line each on stderr, and exit code 3. */
function reportProblems(
  problems: readonly CaseProblem[],
  io: { warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  for (const problem of problems) io.warn(`${problem.caseId}: ${problem.message}`);
  if (problems.length > 0) io.setExitCode(EXIT.partial);
}

const HEADINGS = [
  'Month',
  'Team',
  'Rule',
  'Fell due',
  'On time',
  'Late',
  'Missed',
  'Open overdue',
  'In time',
  'Median late',
  'P90 late',
];

const days = (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`;

const optional = (value: number | null, unit = '') => (value === null ? '–' : `${value}${unit}`);

/** The rows as a table for people, columns padded to their widest cell. */
function renderTable(rows: readonly ReportRow[], by: Grouping, heading: string): string {
  if (rows.length === 0) return `${heading}\n\nNo deadline fell due in these months.`;
  const cells = rows.map((row) => [
    row.month,
    row.key === null ? (by === 'team' ? 'no team' : 'unallocated') : (row.name ?? row.key),
    row.rule,
    String(row.fellDue),
    String(row.onTime),
    String(row.late),
    String(row.missed),
    String(row.openOverdue),
    optional(row.inTimescalePercent, '%'),
    optional(row.medianLateness),
    optional(row.p90Lateness),
  ]);
  const titles = HEADINGS.map((title, index) => (index === 1 && by === 'worker' ? 'Worker' : title));
  const widths = titles.map((title, index) =>
    Math.max(title.length, ...cells.map((line) => (line[index] as string).length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) =>
        index < 3 ? value.padEnd(widths[index] as number) : value.padStart(widths[index] as number),
      )
      .join('  ')
      .trimEnd();
  return [
    heading,
    '',
    line(titles),
    ...cells.map(line),
    '',
    'Lateness in working days after the due date (nearest-rank median and 90th percentile).',
  ].join('\n');
}

interface TimelinessOptions {
  dataDir: string;
  table?: string;
  recompute?: boolean;
  from?: string;
  to?: string;
  team?: string;
  rule?: string;
  by: string;
  asOf: string;
  profile: string;
  json?: boolean;
  csv?: boolean;
}

interface BacktestOptions {
  dataDir: string;
  table?: string;
  from: string;
  to: string;
  profile: string;
  json?: boolean;
}

function renderBacktest(rules: readonly RuleBacktest[], from: string, to: string): string {
  const out = [`Line of Sight backtest, ${from} to ${to}: the breaches it would have flagged`];
  if (rules.length === 0) out.push('', 'No deadline would have been flagged in these dates.');
  for (const rule of rules) {
    const lead = rule.reminderLead
      ? `reminded ${rule.reminded} of them ahead, ${days(rule.reminderLead.median)} before the breach (median; ${rule.reminderLead.min} at least)`
      : 'no reminder ahead of any of them';
    const escalation = rule.escalationAfter
      ? `escalated ${rule.escalated} to a manager, ${days(rule.escalationAfter.median)} after the breach (median; ${rule.escalationAfter.max} at most)`
      : 'escalated none to a manager';
    out.push(
      '',
      `${rule.title} (${rule.rule})`,
      `  ${rule.breaches} flagged: ${rule.metLate} met late, ${rule.missed} missed, ${rule.stillOpen} still open at the end`,
      `  ${lead}`,
      `  ${escalation}`,
    );
  }
  return out.join('\n');
}

/** Adds the `report` command: `report timeliness` and `report backtest`. */
export function registerReport(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  const report = program.command('report').description('the council’s reports from the event history');

  report
    .command('timeliness')
    .description('per month, rule and team: deadlines that fell due, met in timescale, late, missed, overdue')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .option(
      '--recompute',
      'work the figures out again from every case’s events instead of reading the stored ones',
    )
    .option('--from <month>', 'first month, YYYY-MM (default: 12 full months before the as-of date)')
    .option('--to <month>', 'last month, YYYY-MM (default: the last full month before the as-of date)')
    .option('--team <id>', 'only this unit of the directory and the units below it')
    .option('--rule <id>', 'only this rule')
    .option('--by <grouping>', 'team or worker', 'team')
    .option(
      '--as-of <date>',
      'as at the end of this date (YYYY-MM-DD) or at an ISO datetime',
      todayInLondon(),
    )
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { asOf, profile, from, to, by, rows: [ … ] }')
    .option('--csv', 'print CSV for Excel: a header row, one row per month, team and rule')
    .action(async (options: TimelinessOptions) => {
      if (options.json && options.csv) throw new UsageError('give --json or --csv, not both');
      if (options.by !== 'team' && options.by !== 'worker') {
        throw new UsageError(`--by ${options.by}: use team or worker`);
      }
      const by: Grouping = options.by;
      const asOf = parseAsOf(options.asOf);
      const profile = resolveProfile(options.profile);
      const rule = ruleOption(profile, options.rule);
      const span = lastFullMonths(formatIsoDate(asOf.day));
      const from = options.from === undefined ? span.from : monthOption('--from', options.from);
      const to = options.to === undefined ? span.to : monthOption('--to', options.to);
      if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
      const source = await openSource(options);
      let directory: DirectoryData;
      let figures: MonthlyFigures;
      let problems: CaseProblem[] = [];
      try {
        if (options.recompute) {
          const council = await readCouncil(source);
          directory = council.directory;
          ({ figures, problems } = councilFigures(council, profile, asOf));
        } else {
          directory = await source.directory.load();
          figures = await storedFigures(source.timeliness, { from, to }, by, { directory, asOf });
        }
      } finally {
        await source.close();
      }
      const units = options.team === undefined ? null : unitAndBelow(directory, options.team);
      const keys =
        units === null ? null : by === 'team' ? units : new Set(staffOfUnits(directory.staff, units));
      const titles = new Map(profile.rules.map((r) => [r.id, r.title]));
      // Workers by their directory id only: staff names stay in the directory and their own messages.
      const teamNames = new Map(directory.teams.map((team) => [team.id, team.name]));
      const rows = reportRows(
        figures,
        { from, to, by, keys, rule },
        {
          nameOf: (grouping, key) => (grouping === 'team' ? (teamNames.get(key) ?? null) : null),
          titleOf: (id) => titles.get(id) ?? id,
        },
      );
      reportProblems(problems, io);
      // print ends the text with a line feed: the CSV's last CRLF leaves it its LF.
      if (options.csv) io.print(reportCsv(rows).slice(0, -1));
      else if (options.json)
        io.print(
          JSON.stringify({ asOf: momentText(asOf), profile: profile.name, from, to, by, rows }, null, 2),
        );
      else
        io.print(
          renderTable(
            rows,
            by,
            `Line of Sight timeliness, ${from} to ${to}, as of ${momentText(asOf)} (${profile.name} profile)`,
          ),
        );
    });

  report
    .command('backtest')
    .description(
      'replay the history: the breaches Line of Sight would have flagged, and how early it would have told',
    )
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .requiredOption('--from <date>', 'first day of the window, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day of the window, YYYY-MM-DD')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { from, to, profile, rules: [ … ] }')
    .action(async (options: BacktestOptions) => {
      const window = { from: dayOption('--from', options.from), to: dayOption('--to', options.to) };
      if (window.from > window.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      const profile = resolveProfile(options.profile);
      const timing = defaultNoticeTiming(profile);
      const source = await openSource(options);
      const council = await readCouncil(source).finally(() => source.close());
      const breaches = [...council.cases].flatMap(([caseId, events]) =>
        caseBreaches(caseId, events, profile, window, timing),
      );
      const titles = new Map(profile.rules.map((r) => [r.id, r.title]));
      const rules = backtestByRule(breaches, (id) => titles.get(id) ?? id);
      io.print(
        options.json
          ? JSON.stringify({ from: options.from, to: options.to, profile: profile.name, rules }, null, 2)
          : renderBacktest(rules, options.from, options.to),
      );
    });
}
