/**
 * `los ingest`: send a file of case events through the same ingest code the Lambdas run, into the local
 * store under a data directory. Prints what was accepted, repeated and rejected, with every reason.
 */
import type { Command } from 'commander';
import { decodeUtf8 } from '../../events/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import {
  caseProblemText,
  type IngestContext,
  type IngestSummary,
  ingestBatch,
} from '../../functions/ingest/ingest.ts';
import { quarantineUnreadable, unreadableBytes } from '../../functions/ingest/unreadable.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { EXIT } from '../errors.ts';
import { readFileBytes, resolveProfile } from '../options.ts';
import { type RawItem, rawItemsOf } from '../read-events.ts';

interface IngestOptions {
  file: string;
  dataDir: string;
  profile: string;
  json?: boolean;
}

/**
 * Ingests a file's bytes: each item of its text through ingest; or, when the bytes are not UTF-8
 * text, nothing in it can be read as events, so the whole file is refused and quarantined as one item
 * on line 1.
 */
async function ingestFile(
  bytes: Buffer,
  channel: string,
  context: IngestContext,
): Promise<{
  raw: RawItem[];
  summary: Pick<IngestSummary, 'items' | 'accepted' | 'duplicates' | 'rejected' | 'cases' | 'caseProblems'>;
}> {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) {
    const raw = rawItemsOf(decoded.text);
    return {
      raw,
      summary: await ingestBatch(
        raw.map((r) => r.item),
        channel,
        context,
      ),
    };
  }
  const unreadable = unreadableBytes(bytes, decoded.message);
  await quarantineUnreadable(context, channel, unreadable);
  const problems = [{ path: '', message: unreadable.message }];
  return {
    raw: [{ line: 1, item: null }],
    summary: {
      items: [{ position: 0, id: null, outcome: 'rejected', problems }],
      accepted: 0,
      duplicates: 0,
      rejected: 1,
      cases: 0,
      caseProblems: [],
    },
  };
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
      const bytes = readFileBytes(options.file);
      const store = await openSharedStore(options.dataDir);
      try {
        const { raw, summary } = await ingestFile(bytes, `file:${options.file}`, {
          ...store,
          profile,
          timing: defaultNoticeTiming(profile),
          now: Date.now,
        });
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
