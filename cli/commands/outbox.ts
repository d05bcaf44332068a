/**
 * `los outbox list`: what the runs would have sent while sending was paused (the quiet start,
 * `los:sending` on AWS, `los serve --sending paused` on a laptop), for the administrators to read before
 * sending goes live: counts by recipient and by rule, then the lines, with staff, team and case ids only
 * (never a name, an address or what a message says). In the local store under a data directory (also
 * while `npm start` holds it), or, with `--table`, in the table on AWS through the default AWS
 * credentials and region. Nothing held is ever sent: once sending is live, the next run sends what is
 * then current.
 */
import type { Command } from 'commander';
import {
  DynamoNoticeOutbox,
  OUTBOX_RETENTION_DAYS,
} from '../../functions/adapters/dynamodb/notice-outbox.ts';
import { formatIsoDate, isIsoDate, londonDayOf } from '../../functions/core/calendar/index.ts';
import type { HeldRecord, NoticeOutbox } from '../../functions/core/ports.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { awsTableClient, tableOption } from '../aws-table.ts';
import { UsageError } from '../errors.ts';

interface ListOptions {
  dataDir: string;
  table?: string;
  since?: string;
  json?: boolean;
}

const DAY_MS = 86_400_000;

/** The London days from `since` to `today` (both `YYYY-MM-DD`), oldest first. */
function daysFrom(since: string, today: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${since}T00:00:00Z`); at <= Date.parse(`${today}T00:00:00Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** `--since`, checked: a real date, not in the future, within the outbox's retention. */
function sinceOf(text: string | undefined, today: string): string {
  if (text === undefined) return today;
  if (!isIsoDate(text)) throw new UsageError(`--since ${text} is not a date: use YYYY-MM-DD`);
  if (text > today) throw new UsageError(`--since ${text} is in the future`);
  const oldest = new Date(Date.parse(`${today}T00:00:00Z`) - OUTBOX_RETENTION_DAYS * DAY_MS)
    .toISOString()
    .slice(0, 10);
  if (text < oldest) {
    throw new UsageError(
      `--since ${text} is too far back: held lines are kept ${OUTBOX_RETENTION_DAYS} days`,
    );
  }
  return text;
}

/**
 * Every line held on the days from `since` to `today`, each once (the latest day it was held: a line
 * still due is held again each morning), oldest first.
 */
async function heldSince(outbox: NoticeOutbox, since: string, today: string): Promise<HeldRecord[]> {
  const latest = new Map<string, HeldRecord>();
  for (const day of daysFrom(since, today)) {
    for (const record of await outbox.heldOn(day)) latest.set(record.key, record);
  }
  return [...latest.values()].sort(
    (a, b) =>
      a.heldAt.localeCompare(b.heldAt) || a.message.localeCompare(b.message) || a.key.localeCompare(b.key),
  );
}

/** How many of `records` each value of `field` has, most first. */
function countBy(records: readonly HeldRecord[], field: (record: HeldRecord) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(field(record), (counts.get(field(record)) ?? 0) + 1);
  return [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
}

const ruleOf = (record: HeldRecord) => record.rule ?? '(weekly summary)';

/** `2026-11-23  SW-014  digest  CASE-10001  cp.visit  escalation-1 (as TM)  due 2026-11-18`. */
function lineText(record: HeldRecord): string {
  if (record.caseId === null)
    return `  ${record.day}  ${record.recipient}  ${record.kind}  ${record.message}`;
  return (
    `  ${record.day}  ${record.recipient}  ${record.kind}  ${record.caseId}  ${record.rule}  ` +
    `${record.stageKey} (as ${record.as})  due ${record.due}`
  );
}

/** The outbox on AWS. */
function tableOutbox(tableName: string) {
  const { client, close } = awsTableClient();
  return { outbox: new DynamoNoticeOutbox(client, tableName), close };
}

/** Adds the `outbox` command and its `list` subcommand. */
export function registerOutbox(program: Command, io: { print: (text: string) => void }) {
  const outbox = program
    .command('outbox')
    .description(
      'what the runs would have sent while sending was paused (the quiet start): held, never sent',
    );

  outbox
    .command('list')
    .description('list the held lines: counts by recipient and by rule, then each line (ids only)')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(tableOption())
    .option('--since <YYYY-MM-DD>', 'from this London day; today by default')
    .option('--json', 'print JSON: { since, lines, byRecipient, byRule }')
    .action(async (options: ListOptions) => {
      const today = formatIsoDate(londonDayOf(Date.now()));
      const since = sinceOf(options.since, today);
      const store = options.table ? tableOutbox(options.table) : await openSharedStore(options.dataDir);
      let lines: HeldRecord[];
      try {
        lines = await heldSince(store.outbox, since, today);
      } finally {
        await store.close();
      }
      const byRecipient = countBy(lines, (record) => record.recipient);
      const byRule = countBy(lines, ruleOf);
      if (options.json) {
        io.print(
          JSON.stringify(
            {
              since,
              lines,
              byRecipient: Object.fromEntries(byRecipient),
              byRule: Object.fromEntries(byRule),
            },
            null,
            2,
          ),
        );
        return;
      }
      if (lines.length === 0) {
        io.print(`Nothing was held since ${since}: either sending is live, or the runs had nothing to send.`);
        return;
      }
      const messages = new Set(lines.map((record) => record.message)).size;
      io.print(
        `Held since ${since} (sending paused; none of it will be sent): ${lines.length} lines in ${messages} messages to ${byRecipient.length} recipients.`,
      );
      io.print('By recipient:');
      for (const [recipient, count] of byRecipient) io.print(`  ${recipient}  ${count}`);
      io.print('By rule:');
      for (const [rule, count] of byRule) io.print(`  ${rule}  ${count}`);
      io.print('Lines (day, recipient, message kind, case, rule, stage, due):');
      for (const record of lines) io.print(lineText(record));
    });
}
