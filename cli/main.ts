/**
 * The `los` command line: calendar arithmetic, deadlines from an events file, and the rule catalogue.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CalendarRangeError } from '../functions/core/calendar/index.ts';
import { RuleValidationError } from '../functions/core/rules/problems.ts';
import { PortUnavailableError } from '../local/serve.ts';
import { DataDirError } from '../local/store.ts';
import { registerCalendar } from './commands/calendar.ts';
import { registerDeadlines } from './commands/deadlines.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDirectory } from './commands/directory.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerImport } from './commands/import.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerNotices } from './commands/notices.ts';
import { registerOutbox } from './commands/outbox.ts';
import { registerQuarantine } from './commands/quarantine.ts';
import { registerRebuild } from './commands/rebuild.ts';
import { registerReport } from './commands/report.ts';
import { registerRules } from './commands/rules.ts';
import { registerServe } from './commands/serve.ts';
import { registerSoak } from './commands/soak.ts';
import { registerTrackers } from './commands/trackers.ts';
import { EXIT, UsageError } from './errors.ts';

/** Where a run writes; tests pass their own to capture output. */
export interface CliIo {
  print: (text: string) => void;
  warn: (text: string) => void;
}

/** The package's version, for `los --version`. */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Errors that say in one sentence what could not be used and what to do: printed without a stack
 * trace, exit code 2.
 */
const PLAIN_ERRORS = [
  UsageError,
  CalendarRangeError,
  RuleValidationError,
  DataDirError,
  PortUnavailableError,
];

const processIo: CliIo = {
  print: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
};

/** Runs `los` with the given arguments (without the node and script paths) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const commandIo = { ...io, setExitCode: (code: number) => (exitCode = code) };
  const program = new Command('los')
    .description('Line of Sight: deadline alerting for children’s social care')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.print(text.trimEnd()),
      writeErr: (text) => io.warn(text.trimEnd()),
    })
    .exitOverride();
  registerCalendar(program, io.print);
  registerDeadlines(program, commandIo);
  registerIngest(program, commandIo);
  registerImport(program, commandIo);
  registerRules(program, commandIo);
  registerDirectory(program, commandIo);
  registerDoctor(program, commandIo);
  registerDemo(program, io);
  registerNotices(program, io);
  registerOutbox(program, io);
  registerQuarantine(program, io);
  registerRebuild(program, commandIo);
  registerReport(program, commandIo);
  registerServe(program, io);
  registerSoak(program, commandIo);
  registerTrackers(program, io);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (PLAIN_ERRORS.some((plain) => error instanceof plain)) {
      io.warn(`los: ${(error as Error).message}`);
      return EXIT.usage;
    }
    io.warn(`los: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  }
}
