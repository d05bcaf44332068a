/**
 * `los serve` (what `npm start` runs): the whole pipeline on this machine until Ctrl+C. See
 * `local/serve.ts`.
 */
import type { Command } from 'commander';
import { serve } from '../../local/serve.ts';
import { resolveProfile, wholeNumber } from '../options.ts';

interface ServeCommandOptions {
  dataDir: string;
  port: string;
  cases: string;
  seed: string;
  morningRunTime: string;
  profile: string;
}

/** Adds the `serve` command. */
export function registerServe(program: Command, io: { print: (text: string) => void }) {
  program
    .command('serve')
    .description('run the whole pipeline on this machine (local DynamoDB, SES and Teams) until Ctrl+C')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .option('--port <port>', 'the local ingest endpoint’s port (0 for any free one)', '4730')
    .option('--cases <n>', 'on first start, how many synthetic cases to load', '300')
    .option('--seed <n>', 'on first start, which synthetic council', '1')
    .option('--morning-run-time <HH:MM>', 'the London time of the morning run', '07:00')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .action(async (options: ServeCommandOptions) => {
      const serving = await serve({
        dataDir: options.dataDir,
        profile: resolveProfile(options.profile),
        port: wholeNumber('--port', options.port),
        cases: wholeNumber('--cases', options.cases),
        seed: wholeNumber('--seed', options.seed),
        morningRunTime: options.morningRunTime,
        log: io.print,
      });
      await new Promise<void>((resolve) => {
        const stop = () => {
          io.print('Stopping…');
          serving.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
