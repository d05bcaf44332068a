/**
 * `los rebuild`: recompute every case's deadlines from its events, with the code ingest runs. In the
 * local store under a data directory (also while `npm start` holds it), or, with `--table`, in the
 * table on AWS through the default AWS credentials and region (see docs/operations.md, "Rebuild").
 */

import type { Command } from 'commander';
import { dynamoIngestStores } from '../../functions/adapters/dynamodb/ingest-stores.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { caseProblemText, type IngestContext } from '../../functions/ingest/ingest.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { awsTableClient, tableOption } from '../aws-table.ts';
import { EXIT } from '../errors.ts';
import { morningRunMinutes, resolveProfile } from '../options.ts';

interface RebuildOptions {
  dataDir: string;
  table?: string;
  profile: string;
  morningRunTime: string;
  json?: boolean;
}

/** The stores a rebuild uses, and how to let them go. */
type RebuildStores = Pick<
  IngestContext,
  'events' | 'deadlines' | 'trackers' | 'timeliness' | 'quarantine' | 'marks'
> & {
  close(): Promise<void>;
};

/** A progress line every this many cases, so a rebuild of a whole council on AWS shows it is moving. */
const PROGRESS_EVERY = 500;

/**
 * The stores over a table on AWS. The client takes its region and credentials from the default chain
 * (environment, shared config and SSO, instance or container role), as the AWS CLI does.
 */
function tableStores(tableName: string): RebuildStores {
  const { client, close } = awsTableClient();
  return {
    ...dynamoIngestStores(client, tableName),
    close,
  };
}

/** Adds the `rebuild` command. */
export function registerRebuild(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('rebuild')
    .description(
      'recompute every case’s deadlines and next actions from its events: in the local store, or on AWS with --table',
    )
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .option(
      '--profile <name>',
      'default, statutory, or a council profile .json (on AWS: los:ruleProfile)',
      'default',
    )
    .option(
      '--morning-run-time <HH:MM>',
      'the London time of the morning run (on AWS: los:morningRunTime)',
      '07:00',
    )
    .option('--json', 'print JSON: { cases, deadlines, caseProblems, durationMs }')
    .action(async (options: RebuildOptions) => {
      const profile = resolveProfile(options.profile);
      const timing = defaultNoticeTiming(profile, morningRunMinutes(options.morningRunTime));
      const stores = options.table ? tableStores(options.table) : await openSharedStore(options.dataDir);
      try {
        const summary = await rebuildAll({ ...stores, profile, timing, now: Date.now }, (done, total) => {
          if (done % PROGRESS_EVERY === 0) io.warn(`${done} of ${total} cases rebuilt…`);
        });
        if (options.json) io.print(JSON.stringify(summary, null, 2));
        else {
          io.print(
            `Rebuilt ${summary.cases} cases from their events: ${summary.deadlines} deadlines stored, ` +
              `in ${(summary.durationMs / 1000).toFixed(1)} s.`,
          );
          for (const p of summary.caseProblems) {
            io.warn(caseProblemText(p));
          }
        }
        if (summary.caseProblems.length > 0) io.setExitCode(EXIT.partial);
      } finally {
        await stores.close();
      }
    });
}
