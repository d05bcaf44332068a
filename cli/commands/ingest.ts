/**
 * `los ingest`: send a file of case events through the same ingest code the Lambdas run, into the local
 * store under a data directory. Prints what was accepted, repeated and rejected, with every reason.
 *
 * With `--bus` or `--http`, send it to a deployment on AWS instead: onto the case-event bus, or to the
 * signed HTTPS endpoint (see `../send-targets.ts`). Every event is checked here first, as ingest will
 * check it, and a file with any problem is refused whole, each problem listed by line, before anything
 * leaves the machine.
 */
import { type Command, Option } from 'commander';
import { decodeUtf8 } from '../../events/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import {
  aheadOfReceipt,
  caseProblemText,
  type IngestContext,
  type IngestSummary,
  ingestBatch,
} from '../../functions/ingest/ingest.ts';
import { quarantineUnreadable, unreadableBytes } from '../../functions/ingest/unreadable.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { EXIT, UsageError } from '../errors.ts';
import { readFileBytes, resolveProfile } from '../options.ts';
import {
  type CheckedEventFile,
  checkEventFile,
  describeRejections,
  type RawItem,
  type RejectedEvent,
  rawItemsOf,
} from '../read-events.ts';
import { progressEvery, type SendSummary, type SendTarget, sendEvents } from '../send-events.ts';
import { busTarget, httpTarget } from '../send-targets.ts';

interface IngestOptions {
  file: string;
  dataDir: string;
  bus?: string;
  http?: string;
  profile: string;
  json?: boolean;
}

type IngestIo = {
  print: (text: string) => void;
  warn: (text: string) => void;
  setExitCode: (code: number) => void;
};

/** A progress line every this many events sent to a deployment. */
const PROGRESS_EVERY = 1000;

/** Hosts plain http may be sent to: this machine only (`los serve`'s endpoint, a test's stand-in). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The `--http` address: https, or plain http to this machine only. */
function endpointUrl(text: string): URL {
  const example =
    'such as https://abc123.execute-api.eu-west-2.amazonaws.com/events (the IngestApiEndpoint output)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--http must be the endpoint’s address, ${example}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return url;
  throw new UsageError(`--http must be an https address (plain http only to this machine), ${example}`);
}

/**
 * What keeps the file's events from being sent: the contract (refusals and conflicting repeats, from
 * the file check), a date after now (as ingest refuses), or a size this way in cannot carry. By line.
 */
function unsendable(file: CheckedEventFile, target: SendTarget, now: number): RejectedEvent[] {
  const refused = [...file.rejected];
  for (const { line, event } of file.events) {
    const problems = [...aheadOfReceipt(event, now)];
    const tooLarge = target.refuse(event);
    if (tooLarge) problems.push(tooLarge);
    if (problems.length > 0) refused.push({ line, id: event.id, problems });
  }
  return refused.sort((a, b) => a.line - b.line);
}

/** Prints what a send came to, and sets the exit code: 3 when anything was not taken or stopped it. */
function reportSend(
  summary: SendSummary,
  repeats: number,
  kind: 'bus' | 'http',
  json: boolean,
  io: IngestIo,
) {
  const { stopped } = summary;
  const handled = summary.accepted + summary.duplicates + summary.rejected + summary.notAccepted;
  if (stopped && handled === 0) {
    throw new UsageError(`${stopped.reason}; nothing was sent`);
  }
  if (json) {
    io.print(JSON.stringify({ ...summary, repeatsInFile: repeats }, null, 2));
  } else {
    const repeated = repeats > 0 ? ` (${repeats} repeated in the file, sent once)` : '';
    io.print(
      kind === 'bus'
        ? `Sent ${handled} events to the bus ${summary.target}${repeated}: ${summary.accepted} taken by EventBridge, ` +
            `${summary.notAccepted} not accepted. Ingest stores each event once, so sending the file again is safe.`
        : `Sent ${handled} events to ${summary.target}${repeated}: ${summary.accepted} accepted, ` +
            `${summary.duplicates} already stored, ${summary.rejected} rejected; deadlines recomputed for ${summary.cases} cases.`,
    );
    if (stopped) {
      io.warn(
        `Sending stopped at line ${stopped.fromLine}: ${stopped.reason}. ${stopped.unsent} events from line ` +
          `${stopped.fromLine} on were not sent; sending the file again is safe.`,
      );
    }
    for (const line of describeRejections(summary.refused)) io.warn(line);
    for (const problem of summary.caseProblems) io.warn(caseProblemText(problem));
  }
  if (stopped || summary.refused.length > 0 || summary.caseProblems.length > 0) io.setExitCode(EXIT.partial);
}

/** `los ingest --bus` or `--http`: checks the whole file, then sends it, or refuses it whole. */
async function sendToDeployment(options: IngestOptions, io: IngestIo) {
  const kind = options.bus ? 'bus' : 'http';
  const target = options.bus ? busTarget(options.bus) : httpTarget(endpointUrl(options.http as string));
  try {
    const file = checkEventFile(options.file);
    const refused = unsendable(file, target, Date.now());
    if (refused.length > 0) {
      io.warn(`${options.file}: ${refused.length} of its events cannot be sent, so nothing was sent:`);
      for (const line of describeRejections(refused)) io.warn(`  ${line}`);
      io.setExitCode(EXIT.usage);
      return;
    }
    const summary = await sendEvents(file.events, target, progressEvery(PROGRESS_EVERY, io.warn));
    reportSend(summary, file.duplicates, kind, options.json === true, io);
  } finally {
    target.close();
  }
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
export function registerIngest(program: Command, io: IngestIo) {
  program
    .command('ingest')
    .description(
      'ingest a file of case events into the local store (the same code the Lambdas run), or send it to a deployment with --bus or --http',
    )
    .requiredOption('--file <file>', 'case events: NDJSON (one per line) or a JSON array')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(
      new Option(
        '--bus <name>',
        'send to the case-event bus on AWS instead (line-of-sight-<env>-case-events), through the default AWS credentials and region',
      ).conflicts(['dataDir', 'http', 'profile']),
    )
    .addOption(
      new Option(
        '--http <url>',
        'send to the signed HTTPS endpoint on AWS instead (the IngestApiEndpoint output), through the default AWS credentials and region',
      ).conflicts(['dataDir', 'profile']),
    )
    .option(
      '--profile <name>',
      'default, statutory, or a council profile .json (the local store only)',
      'default',
    )
    .option(
      '--json',
      'print JSON: { accepted, duplicates, rejected, cases, caseProblems, items } (with --bus or --http: { target, events, accepted, duplicates, rejected, notAccepted, cases, caseProblems, refused, stopped, repeatsInFile })',
    )
    .action(async (options: IngestOptions) => {
      if (options.bus !== undefined || options.http !== undefined) {
        await sendToDeployment(options, io);
        return;
      }
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
        if (options.json) {
          const items = summary.items.map((item) => ({ ...item, line: raw[item.position]?.line }));
          io.print(JSON.stringify({ ...summary, items }, null, 2));
        } else {
          io.print(
            `${summary.accepted} accepted, ${summary.duplicates} already stored, ${summary.rejected} rejected; ` +
              `deadlines recomputed for ${summary.cases} cases.`,
          );
          for (const item of summary.items) {
            const where = `line ${raw[item.position]?.line}${item.id ? ` (event ${item.id})` : ''}`;
            for (const p of item.problems) io.warn(`${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
            for (const p of item.notices ?? []) io.warn(`${where}: note: ${p.path}: ${p.message}`);
          }
          for (const p of summary.caseProblems) {
            io.warn(caseProblemText(p));
          }
        }
        if (summary.rejected > 0 || summary.caseProblems.length > 0) io.setExitCode(EXIT.partial);
      } finally {
        await store.close();
      }
    });
}
