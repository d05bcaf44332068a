/**
 * `los serve` (what `npm start` runs): the whole pipeline on this machine until Ctrl+C. See
 * `local/serve.ts`.
 */
import type { Command } from 'commander';
import { SENDING_MODES } from '../../functions/handlers/lambda/environment.ts';
import { serve } from '../../local/serve.ts';
import { UsageError } from '../errors.ts';
import { morningRunMinutes, resolveProfile, wholeNumber } from '../options.ts';

interface ServeCommandOptions {
  dataDir: string;
  port: string;
  cases: string;
  seed: string;
  morningRunTime: string;
  profile: string;
  sending: string;
}

/** A `--port`: 0 (any free one) to 65535, or a usage error. */
function portNumber(text: string): number {
  const port = wholeNumber('--port', text);
  if (port > 65_535)
    throw new UsageError(`--port ${text} is not a port: use 0 to 65535 (0 for any free one)`);
  return port;
}

/** Adds the `serve` command. */
export function registerServe(program: Command, io: { print: (text: string) => void }) {
  program
    .command('serve')
    .description(
      'run the whole pipeline on this machine (local DynamoDB, SES, Teams and the web board) until Ctrl+C',
    )
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .option(
      '--port <port>',
      'the local ingest endpoint’s port; the inbox, the Teams sink and the web board take the next three (0 for any free ones)',
      '4730',
    )
    .option('--cases <n>', 'on first start, how many synthetic cases to load', '300')
    .option('--seed <n>', 'on first start, which synthetic council', '1')
    .option('--morning-run-time <HH:MM>', 'the London time of the morning run', '07:00')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option(
      '--sending <mode>',
      'live, or paused: the runs hold what they would send in the outbox (los outbox list), as los:sending does on AWS',
      'live',
    )
    .action(async (options: ServeCommandOptions) => {
      // Checked here, with the other options, before anything starts: the pipeline takes it as text.
      morningRunMinutes(options.morningRunTime);
      const sending = SENDING_MODES.find((mode) => mode === options.sending);
      if (!sending) throw new UsageError(`--sending ${options.sending} is not a mode: use live or paused`);
      const serving = await serve({
        dataDir: options.dataDir,
        profile: resolveProfile(options.profile),
        port: portNumber(options.port),
        cases: wholeNumber('--cases', options.cases),
        seed: wholeNumber('--seed', options.seed),
        morningRunTime: options.morningRunTime,
        sending,
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
