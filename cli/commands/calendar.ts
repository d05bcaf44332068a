/**
 * `los calendar`: working-day arithmetic from the command line, on the profile's calendar.
 */
import type { Command } from 'commander';
import { formatIsoDate, InvalidDateError, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { UsageError } from '../errors.ts';
import { resolveProfile } from '../options.ts';

const dateArgument = (text: string) => {
  try {
    return parseIsoDate(text);
  } catch (error) {
    if (error instanceof InvalidDateError) throw new UsageError(error.message);
    throw error;
  }
};

const countArgument = (text: string) => {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${text} is not a whole number of working days`);
  return Number(text);
};

/** Adds the `calendar` command and its subcommands. */
export function registerCalendar(program: Command, print: (line: string) => void) {
  const calendar = program
    .command('calendar')
    .description('working-day arithmetic on the England & Wales calendar (plus a profile’s closure days)');

  calendar
    .command('add')
    .description('print the date n working days after <date> (before it when n is negative)')
    .argument('<date>', 'the anchor date, YYYY-MM-DD')
    .argument('<n>', 'how many working days')
    .option('--inclusive', 'count <date> itself as day 1 when it is a working day')
    .option(
      '--profile <name>',
      'default, statutory, or a council profile .json (for its closure days)',
      'default',
    )
    .action((date: string, n: string, options: { inclusive?: boolean; profile: string }) => {
      const { calendar: workingDays, inclusiveWorkingDays } = resolveProfile(options.profile);
      const inclusive = options.inclusive ?? inclusiveWorkingDays;
      print(formatIsoDate(workingDays.addWorkingDays(dateArgument(date), countArgument(n), { inclusive })));
    });

  calendar
    .command('between')
    .description('print how many working days fall after <from> up to and including <to>')
    .argument('<from>', 'YYYY-MM-DD')
    .argument('<to>', 'YYYY-MM-DD')
    .option(
      '--profile <name>',
      'default, statutory, or a council profile .json (for its closure days)',
      'default',
    )
    .action((from: string, to: string, options: { profile: string }) => {
      const { calendar: workingDays } = resolveProfile(options.profile);
      print(String(workingDays.workingDaysBetween(dateArgument(from), dateArgument(to))));
    });
}
