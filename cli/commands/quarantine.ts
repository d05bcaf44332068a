/**
 * `los quarantine list`: what ingest refused, and why: when each input arrived, by which way in, the
 * event id it claimed (when that is an id) and every problem found. In the local store under a data
 * directory (also while `npm start` holds it), or, with `--table`, in the table on AWS through the
 * default AWS credentials and region (see docs/operations.md). The input itself is printed only with
 * `--payload`: it is what a case system sent, personal data and all.
 *
 * Nothing read from the store reaches the terminal as it is: refused input may hold anything, control
 * characters included (an escape sequence can rewrite what a terminal shows), and a problem's path can
 * name a field the input made up. Every such character is printed as its `\u` escape, and the input as a
 * JSON string.
 */
import type { Command } from 'commander';
import { claimedEventId } from '../../events/index.ts';
import {
  DynamoQuarantineStore,
  QUARANTINE_RETENTION_DAYS,
} from '../../functions/adapters/dynamodb/quarantine-store.ts';
import type { QuarantineEntry, QuarantineStore } from '../../functions/core/ports.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { awsTableClient, tableOption } from '../aws-table.ts';
import { UsageError } from '../errors.ts';

interface ListOptions {
  dataDir: string;
  table?: string;
  since?: string;
  payload?: boolean;
  json?: boolean;
}

/** How far back the listing goes unless `--since` says otherwise. */
export const DEFAULT_SINCE_DAYS = 7;

/**
 * How far back `--since` may go: the quarantine is read one day at a time, and on AWS entries are
 * deleted {@link QUARANTINE_RETENTION_DAYS} days after they arrived, so a mistyped year would only make
 * thousands of empty reads.
 */
const MAX_SINCE_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * Characters that would reach the terminal as something other than text: C0 and C1 controls and DEL
 * (escape sequences, bells, line rewrites), and bidirectional formatting, which reorders what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to find control characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text as it may be printed: each unsafe character written as its `\uXXXX` escape. */
const terminalSafe = (text: string) =>
  text.replace(UNSAFE, (char) => `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`);

/** One entry as listed: the claimed id worked out from the input, the input only when asked for. */
interface ListedEntry {
  receivedAt: string;
  channel: string;
  eventId: string | null;
  problems: QuarantineEntry['problems'];
  payload?: string;
}

/** The event id the refused input claimed, when it is JSON with a well-formed id; else null. */
function eventIdIn(raw: string): string | null {
  try {
    return claimedEventId(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** The instant the listing starts from: the start (UTC) of `--since`'s day, or 7 days ago. */
function sinceOf(text: string | undefined, now: number): number {
  if (text === undefined) return now - DEFAULT_SINCE_DAYS * DAY_MS;
  const since = Date.parse(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(since) ||
    new Date(since).toISOString().slice(0, 10) !== text
  ) {
    throw new UsageError(`--since ${text} is not a date: use YYYY-MM-DD`);
  }
  if (since > now) throw new UsageError(`--since ${text} is in the future`);
  if (since < now - MAX_SINCE_DAYS * DAY_MS) {
    throw new UsageError(
      `--since ${text} is more than ${MAX_SINCE_DAYS} days ago; refused input is kept for ${QUARANTINE_RETENTION_DAYS} days`,
    );
  }
  return since;
}

/**
 * Every entry received from `since` to `now`, oldest first: the store keeps them by UTC day, so one
 * read per day, the first day's filtered to `since`.
 */
export async function entriesSince(
  store: Pick<QuarantineStore, 'onDay'>,
  since: number,
  now: number,
): Promise<QuarantineEntry[]> {
  const entries: QuarantineEntry[] = [];
  for (let day = Math.floor(since / DAY_MS); day <= Math.floor(now / DAY_MS); day++) {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    entries.push(...(await store.onDay(date)).filter((entry) => Date.parse(entry.receivedAt) >= since));
  }
  return entries;
}

/** The quarantine on AWS. */
function tableQuarantine(tableName: string) {
  const { client, close } = awsTableClient();
  return { quarantine: new DynamoQuarantineStore(client, tableName), close };
}

/** `2026-03-02T10:00:00.000Z  http  event E-1  data.childSeen: is required; …` (all of it safe to print). */
function entryLine(entry: ListedEntry): string {
  const reasons = entry.problems
    .map((problem) => `${problem.path ? `${problem.path}: ` : ''}${problem.message}`)
    .join('; ');
  const id = entry.eventId === null ? 'no event id' : `event ${entry.eventId}`;
  const payload = entry.payload === undefined ? '' : `  payload ${JSON.stringify(entry.payload)}`;
  return terminalSafe(`${entry.receivedAt}  ${entry.channel}  ${id}  ${reasons}${payload}`);
}

/** Adds the `quarantine` command and its `list` subcommand. */
export function registerQuarantine(program: Command, io: { print: (text: string) => void }) {
  const quarantine = program
    .command('quarantine')
    .description('input ingest refused, kept with every reason for people to correct and resend');

  quarantine
    .command('list')
    .description(
      'list what was refused, oldest first: when, which way in, the event id and the reasons (the input only with --payload)',
    )
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .option(
      '--since <YYYY-MM-DD>',
      `from the start of this day (UTC); the last ${DEFAULT_SINCE_DAYS} days by default`,
    )
    .option('--payload', 'also print each refused input, as a JSON string (it may hold personal data)')
    .option(
      '--json',
      'print JSON: { since, entries: [ { receivedAt, channel, eventId, problems, payload? } ] }',
    )
    .action(async (options: ListOptions) => {
      const now = Date.now();
      const since = sinceOf(options.since, now);
      const store = options.table ? tableQuarantine(options.table) : await openSharedStore(options.dataDir);
      let found: QuarantineEntry[];
      try {
        found = await entriesSince(store.quarantine, since, now);
      } finally {
        await store.close();
      }
      const entries: ListedEntry[] = found.map((entry) => ({
        receivedAt: entry.receivedAt,
        channel: entry.channel,
        eventId: eventIdIn(entry.raw),
        problems: entry.problems,
        ...(options.payload && { payload: entry.raw }),
      }));
      const sinceText = new Date(since).toISOString();
      if (options.json) {
        // JSON escapes C0 controls itself; the rest are escaped line by line, which keeps it JSON.
        const text = JSON.stringify({ since: sinceText, entries }, null, 2);
        io.print(text.split('\n').map(terminalSafe).join('\n'));
        return;
      }
      if (entries.length === 0) {
        io.print(`Nothing was quarantined since ${sinceText}.`);
        return;
      }
      io.print(`Quarantined since ${sinceText}, oldest first:`);
      for (const entry of entries) io.print(entryLine(entry));
    });
}
