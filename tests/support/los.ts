/** Runs `los` in this process and collects what it printed, as the CLI tests read it. */
import { runCli } from '../../cli/main.ts';

/** The exit code, standard output and standard error of `los <args>`. */
export async function los(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { print: (t) => out.push(t), warn: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
