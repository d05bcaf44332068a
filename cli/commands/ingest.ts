/**
 * `los ingest`: send a file of case events through the same ingest code the Lambdas run, into the local
 * store under a data directory. Prints what was accepted, repeated and rejected, with every reason.
 */
import type { Command } from 'commander';
import { defaultNoticeTiming } from '../../functions/core/notices/schedule.ts';
import { caseProblemText, ingestBatch } from '../../functions/ingest/ingest.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { EXIT } from '../errors.ts';
import { resolveProfile } from '../options.ts';
import { readRawItems } from '../read-events.ts';

interface IngestOptions {
  file: string;
  dataDir: string;
  profile: string;
  json?: boolean;
}

/** Adds the `ingest` command. */
export function registerIngest(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('ingest')
    .description('ingest a file of case events into the local store (the same code the Lambdas run)')
    .requiredOption('--file <file>', 'case events: NDJSON (one per line) or a JSON array')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { accepted, duplicates, rejected, cases, caseProblems, items }')
    .action(async (options: IngestOptions) => {
      const profile = resolveProfile(options.profile);
      const raw = readRawItems(options.file);
      const store = await openSharedStore(options.dataDir);
      try {
        const summary = await ingestBatch(
          raw.map((r) => r.item),
          `file:${options.file}`,
          { ...store, profile, timing: defaultNoticeTiming(profile), now: Date.now },
        );
        const rejected = summary.items.filter((item) => item.outcome === 'rejected');
        if (options.json) {
          const items = summary.items.map((item) => ({ ...item, line: raw[item.position]?.line }));
          io.print(JSON.stringify({ ...summary, items }, null, 2));
        } else {
          io.print(
            `${summary.accepted} accepted, ${summary.duplicates} already stored, ${summary.rejected} rejected; ` +
              `deadlines recomputed for ${summary.cases} cases.`,
          );
          for (const item of rejected) {
            const where = `line ${raw[item.position]?.line}${item.id ? ` (event ${item.id})` : ''}`;
            for (const p of item.problems) io.warn(`${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
          }
          for (const p of summary.caseProblems) {
            io.warn(caseProblemText(p));
          }
        }
        if (rejected.length > 0 || summary.caseProblems.length > 0) io.setExitCode(EXIT.partial);
      } finally {
        await store.close();
      }
    });
}
