/**
 * Reading the options several commands share: a profile by name or file, and an as-of date.
 */
import { readFileSync } from 'node:fs';
import { formatIsoDate, InvalidDateError, londonDayOf } from '../functions/core/calendar/index.ts';
import { type Moment, momentOf, type Profile } from '../functions/core/engine/index.ts';
import { buildProfile, builtInProfile, RuleValidationError } from '../rules/load.ts';
import { UsageError } from './errors.ts';

/** Reads a text file, with an error that names the file and why it could not be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Parses JSON text, with an error that names the file. */
export function parseJsonText(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads and parses a JSON file. */
export const readJsonFile = (path: string): unknown => parseJsonText(path, readTextFile(path));

/** `default`, `statutory`, or the path of a council profile file. */
export function resolveProfile(nameOrPath: string): Profile {
  if (nameOrPath === 'default' || nameOrPath === 'statutory') return builtInProfile(nameOrPath);
  if (!nameOrPath.endsWith('.json')) {
    throw new UsageError(
      `Unknown profile "${nameOrPath}": use default, statutory, or the path of a profile .json file`,
    );
  }
  try {
    return buildProfile(readJsonFile(nameOrPath));
  } catch (error) {
    if (error instanceof RuleValidationError) throw new UsageError(`${nameOrPath}: ${error.message}`);
    throw error;
  }
}

/** Today's date in London, for commands run without --as-of. */
export const todayInLondon = () => formatIsoDate(londonDayOf(Date.now()));

/** An as-of date (the end of that day) or datetime. */
export function parseAsOf(text: string): Moment {
  try {
    return momentOf(text);
  } catch (error) {
    if (error instanceof InvalidDateError) {
      throw new UsageError(`--as-of ${text} is not a date (YYYY-MM-DD) or an ISO datetime with offset`);
    }
    throw error;
  }
}

/** A whole number given for an option, or a usage error naming the option. */
export function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} ${text} is not a whole number`);
  return Number(text);
}
