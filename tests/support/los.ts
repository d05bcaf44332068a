/** Runs `los` in this process and collects what it printed, as the CLI tests read it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../cli/main.ts';
import type { CaseEvent } from '../../events/index.ts';
import { directoryCsv } from '../../functions/core/directory/csv.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';

/** The exit code, standard output and standard error of `los <args>`. */
export async function los(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { print: (t) => out.push(t), warn: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes events to `name` in the data directory as NDJSON and ingests them with `los ingest`. */
export async function ingestEvents(dataDir: string, events: readonly CaseEvent[], name = 'events.ndjson') {
  const file = join(dataDir, name);
  writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  expect((await los('ingest', '--file', file, '--data-dir', dataDir)).code).toBe(0);
}

/** Writes a directory to `name` in the data directory as CSV and imports it with `los directory import`. */
export async function importDirectory(dataDir: string, directory: DirectoryData, name = 'directory.csv') {
  const csv = join(dataDir, name);
  writeFileSync(csv, directoryCsv(directory));
  expect((await los('directory', 'import', csv, '--data-dir', dataDir)).code).toBe(0);
}
