/**
 * `los demo`: one scheduled cycle end to end on the embedded stack, then exit. A synthetic council is
 * loaded through ingest as the case system would have sent it by the evening before, the morning run
 * goes at the morning run time of the as-of date (and, with `--weekly`, the weekly run after it), and
 * every email that reached the local SES and every card that reached the Teams sink is written to the
 * outbox.
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { OPEN_STATUSES } from '../../functions/core/engine/index.ts';
import { morningRunOn } from '../../functions/core/notices/plan.ts';
import { WEEKLY_AFTER_MORNING_MINUTES } from '../../functions/runs/schedule-times.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { startLocalPipeline } from '../../local/pipeline.ts';
import { UsageError } from '../errors.ts';
import { resolveProfile, todayInLondon, wholeNumber } from '../options.ts';

interface DemoOptions {
  asOf: string;
  outbox?: string;
  json?: boolean;
  weekly?: boolean;
  cases: string;
  seed: string;
  profile: string;
}

/** What `los demo --json` prints. */
export interface DemoSummary {
  asOf: string;
  cases: number;
  events: number;
  /** Deadline occurrences computed for the council. */
  deadlines: number;
  /** Of those, the ones open on the morning (upcoming, due or overdue). */
  openDeadlines: number;
  /** Every email sent: digests and alerts, and with `--weekly` the weekly summaries. */
  emails: number;
  /** Of those, weekly summaries (with `--weekly` on the first working day of a week; else 0). */
  weeklySummaries: number;
  teams: number;
  /** Gaps in the directory the runs met (vacant posts, leavers, unallocated cases). */
  gaps: number;
}

/** A file name from an id: letters, digits and dashes only. */
const safeName = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '_');

/** Adds the `demo` command. */
export function registerDemo(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void },
) {
  program
    .command('demo')
    .description('run one morning of the whole pipeline on a synthetic council, on this machine, and exit')
    .option('--as-of <date>', 'the morning of the run (YYYY-MM-DD)', todayInLondon())
    .option('--outbox <dir>', 'write each email (email/*.json) and Teams card (teams/*.json) sent here')
    .option('--json', 'print a summary as JSON: { cases, events, deadlines, emails, teams, … }')
    .option(
      '--weekly',
      "also run the weekly summaries after the morning run (sent when the date is the week's first working day)",
    )
    .option('--cases <n>', 'how many synthetic cases', '300')
    .option('--seed <n>', 'which synthetic council', '1')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .action(async (options: DemoOptions) => {
      if (!isIsoDate(options.asOf))
        throw new UsageError(`--as-of ${options.asOf} is not a date (YYYY-MM-DD)`);
      const profile = resolveProfile(options.profile);
      const morning = parseIsoDate(options.asOf);
      const council = demoCouncil({
        seed: wholeNumber('--seed', options.seed),
        cases: wholeNumber('--cases', options.cases),
        morning,
      });
      let now = council.loadedAt;
      const pipeline = await startLocalPipeline({ profile, now: () => now });
      try {
        const progress = options.json
          ? undefined
          : (step: string, done: number, total: number) =>
              io.warn(`loading the synthetic council: ${done} of ${total} ${step}`);
        const loaded = await loadCouncil(
          council,
          { store: pipeline.store, ingest: pipeline.ingestContext },
          progress,
        );
        let deadlines = 0;
        let openDeadlines = 0;
        for (const caseId of council.caseIds) {
          const stored = await pipeline.store.deadlines.deadlinesOf(caseId);
          deadlines += stored.length;
          openDeadlines += stored.filter((d) => OPEN_STATUSES.has(d.deadline.status)).length;
        }
        now = morningRunOn(morning, pipeline.timing);
        const run = await pipeline.run(now, 'morning');
        const weekly = options.weekly
          ? await pipeline.runWeekly(now + WEEKLY_AFTER_MORNING_MINUTES * 60_000)
          : null;
        const emails = await pipeline.ses.sent();
        const cards = pipeline.teams.cards();
        if (options.outbox) {
          for (const folder of ['email', 'teams']) {
            rmSync(join(options.outbox, folder), { recursive: true, force: true });
            mkdirSync(join(options.outbox, folder), { recursive: true });
          }
          emails.forEach((email, index) => {
            const { to, cc, subject, text, html } = email;
            const name = `${String(index + 1).padStart(4, '0')}-${safeName(to[0] ?? 'unknown')}.json`;
            writeFileSync(
              join(options.outbox as string, 'email', name),
              `${JSON.stringify({ to, cc, subject, text, html }, null, 2)}\n`,
            );
          });
          cards.forEach((card, index) => {
            const name = `${String(index + 1).padStart(4, '0')}-${safeName(card.channel)}.json`;
            writeFileSync(
              join(options.outbox as string, 'teams', name),
              `${JSON.stringify({ channel: card.channel, payload: card.payload }, null, 2)}\n`,
            );
          });
        }
        const summary: DemoSummary = {
          asOf: options.asOf,
          cases: loaded.cases,
          events: loaded.accepted,
          deadlines,
          openDeadlines,
          emails: emails.length,
          weeklySummaries: weekly?.delivered.messages ?? 0,
          teams: cards.length,
          gaps: new Set([...run.gaps, ...(weekly?.gaps ?? [])].map((gap) => gap.message)).size,
        };
        if (options.json) {
          io.print(JSON.stringify(summary, null, 2));
        } else {
          io.print(
            [
              `Morning of ${options.asOf}: ${summary.cases} synthetic cases, ${summary.events} events, ${deadlines} deadlines (${openDeadlines} open).`,
              `The morning run read ${run.read} due deadlines and sent ${summary.emails - summary.weeklySummaries} emails and ${summary.teams} Teams cards` +
                ` (${run.lines} notices in all; ${run.gaps.length} gaps in the directory reported).`,
              ...run.gaps.slice(0, 5).map((gap) => `  gap: ${gap.message}`),
              ...(weekly === null
                ? []
                : [
                    weekly.week
                      ? `The weekly run read ${weekly.read} deadlines and sent ${summary.weeklySummaries} summaries to team and service managers for ${weekly.week.start} to ${weekly.week.end}.`
                      : `No weekly summaries: ${options.asOf} is not the first working day of its week.`,
                  ]),
              options.outbox
                ? `Written to ${options.outbox}/email and ${options.outbox}/teams.`
                : 'Add --outbox <dir> to keep what was sent.',
            ].join('\n'),
          );
        }
      } finally {
        await pipeline.close();
      }
    });
}
