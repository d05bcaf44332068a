/**
 * Reading the options several commands share: a profile by name or file, an as-of date, a morning
 * run time and whole numbers.
 */
import { readFileSync } from 'node:fs';
import { decodeJson, decodeUtf8 } from '../events/index.ts';
import { formatIsoDate, InvalidDateError, londonDayOf } from '../functions/core/calendar/index.ts';
import { type Moment, momentOf, type Profile } from '../functions/core/engine/index.ts';
import { buildProfile, builtInProfile } from '../functions/core/rules/load.ts';
import { RuleValidationError } from '../functions/core/rules/problems.ts';
import { minutesOfDay } from '../functions/runs/schedule-times.ts';
import { UsageError } from './errors.ts';

/** Reads a file's bytes, with an error that names the file and why it could not be read. */
export function readFileBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * Reads a UTF-8 text file, without the byte-order mark Windows tools write. Bytes that are not UTF-8
 * are an error naming the file and the first bad byte, never rewritten.
 */
export function readTextFile(path: string): string {
  const decoded = decodeUtf8(readFileBytes(path));
  if (!decoded.ok) throw new UsageError(`Cannot read ${path}: it ${decoded.message}`);
  return decoded.text;
}

/** Parses JSON text, with an error that names the file and where it fails, never quoting it. */
export function parseJsonText(path: string, text: string): unknown {
  const decoded = decodeJson(text);
  if (!decoded.ok) throw new UsageError(`${path} ${decoded.message}`);
  return decoded.value;
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

/** A `--morning-run-time` as minutes after London midnight (`07:00` → 420), or a usage error. */
export function morningRunMinutes(text: string): number {
  const minutes = minutesOfDay(text);
  if (minutes === null) {
    throw new UsageError(`--morning-run-time ${text} is not a time of day: use HH:MM, such as 07:00`);
  }
  return minutes;
}

/** A whole number given for an option, or a usage error naming the option. */
export function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} ${text} is not a whole number`);
  return Number(text);
}
