/**
 * `los deadlines`: evaluate a file of case events as of a date, as a table for people or JSON.
 */
import type { Command } from 'commander';
import type { CaseEvent } from '../../events/index.ts';
import {
  type CaseEvaluation,
  caseDeadlinesJson,
  evaluateCase,
  momentText,
} from '../../functions/core/engine/index.ts';
import { renderDeadlineTable } from '../deadline-table.ts';
import { EXIT } from '../errors.ts';
import { parseAsOf, resolveProfile, todayInLondon } from '../options.ts';
import { describeRejections, readEventFile } from '../read-events.ts';

interface DeadlinesOptions {
  events: string;
  asOf: string;
  profile: string;
  json?: boolean;
  all?: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Groups events by case, cases in id order. */
function byCase(events: readonly CaseEvent[]): Map<string, CaseEvent[]> {
  const cases = new Map<string, CaseEvent[]>();
  for (const event of [...events].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))) {
    const list = cases.get(event.caseId);
    if (list) list.push(event);
    else cases.set(event.caseId, [event]);
  }
  return cases;
}

/** Adds the `deadlines` command. */
export function registerDeadlines(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('deadlines')
    .description('evaluate every case in an events file and print its deadlines')
    .requiredOption('--events <file>', 'case events: NDJSON (one per line) or a JSON array')
    .option(
      '--as-of <date>',
      'evaluate as at the end of this date (YYYY-MM-DD) or at an ISO datetime',
      todayInLondon(),
    )
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { asOf, profile, cases: [ { caseId, deadlines } ] }')
    .option('--all', 'in the table, include met and cancelled deadlines too')
    .action((options: DeadlinesOptions) => {
      const asOf = parseAsOf(options.asOf);
      const profile = resolveProfile(options.profile);
      const file = readEventFile(options.events);
      const evaluations: CaseEvaluation[] = [...byCase(file.accepted)].map(([caseId, events]) =>
        evaluateCase(caseId, events, profile, asOf),
      );
      if (options.json) {
        const cases = evaluations.map(caseDeadlinesJson);
        io.print(JSON.stringify({ asOf: momentText(asOf), profile: profile.name, cases }, null, 2));
      } else {
        io.print(
          renderDeadlineTable(evaluations, { asOf, profile: profile.name, all: options.all ?? false }),
        );
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
