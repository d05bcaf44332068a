/**
 * `los soak` (`npm run soak`): the bounded soak of `local/soak.ts` at full size, with its figures, and
 * a failing exit code when any check fails.
 */
import type { Command } from 'commander';
import { type SoakReport, soak } from '../../local/soak.ts';
import { EXIT, UsageError } from '../errors.ts';
import { todayInLondon, wholeNumber } from '../options.ts';

interface SoakCommandOptions {
  events: string;
  days: string;
  faultRate: string;
  duplicateRate: string;
  seed: string;
  asOf: string;
  json?: boolean;
}

const rate = (option: string, text: string) => {
  const value = Number(text);
  if (!(value >= 0 && value < 1)) throw new UsageError(`${option} ${text} is not a rate from 0 to below 1`);
  return value;
};

/** What failed, in words; empty when everything held. */
export function soakFailures(report: SoakReport): string[] {
  return [
    ...(report.stored === report.events ? [] : [`${report.stored} events stored of ${report.events}`]),
    ...(report.notices.duplicated > 0 ? [`${report.notices.duplicated} notices sent more than once`] : []),
    ...(report.notices.missing > 0 ? [`${report.notices.missing} notices never sent`] : []),
    ...(report.notices.unexpected > 0
      ? [`${report.notices.unexpected} notices the clean run did not send`]
      : []),
    ...(report.deadLetters.left > 0
      ? [`${report.deadLetters.left} messages left in a dead-letter queue`]
      : []),
  ];
}

/** Adds the `soak` command. */
export function registerSoak(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('soak')
    .description(
      'feed a synthetic council day by day with duplicates and faults, and check nothing is lost or sent twice',
    )
    .option('--events <n>', 'about how many events', '100000')
    .option('--days <n>', 'simulated days of arrivals and runs', '60')
    .option('--fault-rate <p>', 'probability that a store or sender call fails', '0.05')
    .option('--duplicate-rate <p>', 'share of each day’s events sent again', '0.1')
    .option('--seed <n>', 'which synthetic council', '1')
    .option('--as-of <date>', 'the last simulated day', todayInLondon())
    .option('--json', 'print the report as JSON')
    .action(async (options: SoakCommandOptions) => {
      const report = await soak({
        events: wholeNumber('--events', options.events),
        days: wholeNumber('--days', options.days),
        faultRate: rate('--fault-rate', options.faultRate),
        duplicateRate: rate('--duplicate-rate', options.duplicateRate),
        seed: wholeNumber('--seed', options.seed),
        asOf: options.asOf,
        progress: options.json ? undefined : io.warn,
      });
      const failures = soakFailures(report);
      if (options.json) {
        io.print(JSON.stringify({ ...report, failures }, null, 2));
      } else {
        const n = (value: number) => value.toLocaleString('en-GB');
        io.print(
          [
            `Soak: ${n(report.events)} events of ${n(report.cases)} cases over ${report.days} days, ${n(report.runs)} scheduled runs, in ${(report.ms / 1000).toFixed(1)} s`,
            `  offered ${n(report.offered)} (with resends), ${n(report.ingestAttempts)} queue deliveries; ${n(report.stored)} stored`,
            `  faults injected ${n(report.faults.injected)}: ${n(report.faults.ingestRetries)} ingest retries, ${n(report.faults.runRetries)} run retries, ${n(report.faults.sendRetries)} send retries`,
            `  dead letters: ${n(report.deadLetters.ingest)} events and ${n(report.deadLetters.notices)} messages, ${n(report.deadLetters.replayed)} replayed, ${n(report.deadLetters.left)} left`,
            `  notices: ${n(report.notices.sent)} sent of ${n(report.notices.expected)} a clean run sends; ${report.notices.duplicated} twice, ${report.notices.missing} missing, ${report.notices.unexpected} unexpected`,
            failures.length === 0 ? 'Every check held.' : `FAILED: ${failures.join('; ')}`,
            ...report.notices.examples.map((example) => `  ${example}`),
          ].join('\n'),
        );
      }
      if (failures.length > 0) io.setExitCode(EXIT.internal);
    });
}
