/**
 * `los directory import`: check a staff directory CSV and, only if it has no problems at all, replace
 * the directory with it: in the local store under a data directory (also while `npm start` holds it),
 * or, with `--table`, in the table on AWS through the default AWS credentials and region (see
 * docs/operations.md, "The staff directory"). `los directory synthetic`: the directory of a synthetic
 * council as such a CSV, to try the import with or to start a real one from.
 */
import type { Command } from 'commander';
import {
  DirectoryChangedError,
  DynamoDirectoryStore,
} from '../../functions/adapters/dynamodb/directory-store.ts';
import {
  type DirectoryCsvProblem,
  directoryCsv,
  parseDirectoryCsv,
} from '../../functions/core/directory/csv.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';
import { awsTableClient, tableOption } from '../aws-table.ts';
import { EXIT, UsageError } from '../errors.ts';
import { readTextFile, todayInLondon, wholeNumber } from '../options.ts';

interface ImportOptions {
  dataDir: string;
  table?: string;
  json?: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `row 4, reports_to: nobody has the id TM-09`, or `row 1: …` for the whole row or file. */
const problemText = (problem: DirectoryCsvProblem) =>
  `row ${problem.row}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`;

/** The directory in a table on AWS, through the default AWS credentials and region, and how to let it go. */
function tableDirectory(tableName: string) {
  const { client, close } = awsTableClient();
  return { directory: new DynamoDirectoryStore(client, tableName), close };
}

/** Adds the `directory` command and its subcommands. */
export function registerDirectory(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  const directory = program
    .command('directory')
    .description(
      'the staff directory notices are addressed from: import it from CSV (see docs/operations.md)',
    );

  directory
    .command('import')
    .description(
      'check a directory CSV and, if it has no problems, replace the directory: in the local store, or on AWS with --table',
    )
    .argument('<csv>', 'the directory: one row per team and per member of staff')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .option(
      '--json',
      'print JSON: { staff, teams } when imported, { problems: [ { row, column, message } ] } when not',
    )
    .action(async (file: string, options: ImportOptions) => {
      const result = parseDirectoryCsv(readTextFile(file));
      if (!result.ok) {
        // Nothing is written: a directory half imported would address notices from a mixture of both.
        if (options.json) io.print(JSON.stringify({ problems: result.problems }, null, 2));
        else {
          io.warn(`${file}: ${plural(result.problems.length, 'problem', 'problems')}; nothing was imported:`);
          for (const problem of result.problems) io.warn(`  ${problemText(problem)}`);
        }
        io.setExitCode(EXIT.usage);
        return;
      }
      const store = options.table ? tableDirectory(options.table) : await openSharedStore(options.dataDir);
      try {
        const counts = await store.directory.replace(result.directory).catch((error: unknown) => {
          if (error instanceof DirectoryChangedError) throw new UsageError(error.message);
          throw error;
        });
        if (options.json) io.print(JSON.stringify(counts, null, 2));
        else {
          io.print(
            `Imported ${plural(counts.staff, 'member of staff', 'staff')} and ${plural(counts.teams, 'team', 'teams')}; ` +
              'entries not in the file were removed, and undeliverable addresses stay marked.',
          );
        }
      } finally {
        await store.close();
      }
    });

  directory
    .command('synthetic')
    .description('print the directory of a synthetic council as CSV (invented names, .example addresses)')
    .option('--cases <n>', 'how many synthetic cases the council has (it is staffed for them)', '300')
    .option('--seed <n>', 'which synthetic council (the same as los deadlines --synthetic --seed)', '1')
    .action((options: { cases: string; seed: string }) => {
      const seed = wholeNumber('--seed', options.seed);
      // The staff depend on the caseload, not on the date, so any date the calendar knows will do.
      const council = generateCouncil({
        seed,
        cases: wholeNumber('--cases', options.cases),
        asOf: todayInLondon(),
      });
      io.print(directoryCsv(syntheticDirectory(council, seed)).trimEnd());
    });
}
