/**
 * One `los` command in a process of its own, as a council runs it: the import benchmark forks this
 * with the command's arguments and reads back one {@link CommandOutcome} (its exit code, what it
 * printed, its wall time and its peak resident set), so each command's memory is its own.
 */
import { runCli } from '../cli/main.ts';

/** What one command came to. */
export interface CommandOutcome {
  exitCode: number;
  /** What it printed on stdout (its `--json` report), line by line. */
  printed: string[];
  wallMs: number;
  rssPeakMb: number;
}

const printed: string[] = [];
const started = performance.now();
const exitCode = await runCli(process.argv.slice(2), {
  print: (text) => printed.push(text),
  // Progress and problems: counted in the report, not needed here.
  warn: () => undefined,
});
const outcome: CommandOutcome = {
  exitCode,
  printed,
  wallMs: performance.now() - started,
  rssPeakMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.send?.(outcome, () => process.exit(0));
