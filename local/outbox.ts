/**
 * What the local SES and the Teams sink keep across restarts of `npm start`: one JSON file per email or
 * card received, numbered in the order received, in a folder of the data directory (`<dataDir>/outbox/
 * email`, `<dataDir>/outbox/teams`), the same layout `los demo --outbox` writes. Each file is written
 * whole (to a temporary name, then renamed), so a stop mid-write leaves no half file; the data
 * directory's lock keeps a second process from writing beside the first.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './store.ts';

/** A kept message's file: its number (six digits or more), a label for people, `.json`. */
const FILE = /^(\d{6,})-[A-Za-z0-9_-]*\.json$/;

/** A file name's label: letters, digits, dashes and underscores only, at most 60 characters. */
const safeLabel = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '_').slice(0, 60);

/** A folder of kept messages. */
export interface OutboxFolder<T> {
  /** The folder. */
  readonly dir: string;
  /** Every message kept before this start, oldest first. */
  readonly kept: readonly T[];
  /** Keeps one more message; `label` (an address, a channel) goes into its file's name. */
  add(record: T, label: string): void;
  /** Deletes every message kept. */
  clear(): void;
}

/**
 * Opens (creating if needed) the folder `dir` and reads back what it holds. `check` turns a file's JSON
 * into a record, or returns null when it is not one this folder's writer wrote: such a file stops the
 * start with a {@link DataDirError} naming it, rather than being passed over without a word.
 */
export function openOutboxFolder<T>(
  dir: string,
  what: string,
  check: (value: unknown) => T | null,
): OutboxFolder<T> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DataDirError(
      `cannot keep ${what} in ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; choose another data directory with --data-dir`,
    );
  }
  const files = readdirSync(dir)
    .map((name) => ({ name, number: Number(FILE.exec(name)?.[1] ?? Number.NaN) }))
    .filter((file) => Number.isSafeInteger(file.number))
    .sort((a, b) => a.number - b.number);
  const kept = files.map(({ name }) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      value = undefined;
    }
    const record = value === undefined ? null : check(value);
    if (record === null) {
      throw new DataDirError(
        `${join(dir, name)} is not one of the ${what} Line of Sight keeps there; move it out of the folder, or delete the folder to start with none`,
      );
    }
    return record;
  });
  let next = (files.at(-1)?.number ?? 0) + 1;
  return {
    dir,
    kept,
    add(record, label) {
      const name = `${String(next).padStart(6, '0')}-${safeLabel(label)}.json`;
      next += 1;
      const temporary = join(dir, `.${name}.tmp`);
      writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
      renameSync(temporary, join(dir, name));
    },
    clear() {
      for (const name of readdirSync(dir)) {
        if (FILE.test(name)) rmSync(join(dir, name), { force: true });
      }
      next = 1;
    },
  };
}
