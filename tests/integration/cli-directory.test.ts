/**
 * `los directory import` into the local store (dynalite on disk), and with `--table` into a table reached
 * through the default AWS configuration (here dynalite, named by the SDK's endpoint variable): a good
 * file replaces the directory and says how many were imported; a bad one lists every problem by row
 * and column, exits 2 and changes nothing. `los directory synthetic` prints a CSV the import takes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';
import { openLocalStore } from '../../local/store.ts';

async function los(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { print: (t) => out.push(t), warn: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const HEADER = 'record,id,name,email,level,team,reports_to,left_on,parent,teams_channel';
const GOOD = [
  HEADER,
  'team,service-north,North Service,,,,,,,teams-north',
  'team,team-north-1,North Team 1,,,,,,service-north,',
  'staff,SM-01,Sam Example,sm-01@council.example,SM,service-north,,,,',
  'staff,TM-01,Tara Example,tm-01@council.example,TM,team-north-1,SM-01,,,',
  'staff,SW-001,Jo Example,sw-001@council.example,worker,team-north-1,TM-01,,,',
].join('\r\n');
const BAD = [
  HEADER,
  'team,team-north-1,North Team 1,,,,,,,',
  'staff,TM-01,Tara Example,tm-01@council.example,Team Manager,team-north-1,,,,',
  'staff,SW-001,Jo Example,not an address,worker,team-north-9,TM-09,,,',
].join('\n');

/** A file in a fresh folder. */
function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'los-directory-')), name);
  writeFileSync(path, text);
  return path;
}

async function storedDirectory(dataDir: string) {
  const store = await openLocalStore(dataDir);
  try {
    return await store.directory.load();
  } finally {
    await store.close();
  }
}

describe('los directory import', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-store-'));

  it('imports a good file into the local store and says how many were imported', async () => {
    const result = await los('directory', 'import', file('good.csv', GOOD), '--data-dir', dataDir);
    expect(result).toEqual({
      code: 0,
      out: 'Imported 3 staff and 2 teams; entries not in the file were removed, and undeliverable addresses stay marked.',
      err: '',
    });
    const stored = await storedDirectory(dataDir);
    expect(stored.staff.map((member) => member.id)).toEqual(['SM-01', 'SW-001', 'TM-01']);
    expect(stored.teams.map((team) => team.id)).toEqual(['service-north', 'team-north-1']);
  });

  it('refuses a bad file, listing every problem by row and column, and writes nothing', async () => {
    const before = await storedDirectory(dataDir);
    const bad = file('bad.csv', BAD);
    const result = await los('directory', 'import', bad, '--data-dir', dataDir);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toEqual([
      `${bad}: 4 problems; nothing was imported:`,
      '  row 3, level: is not a level: use one of worker, ATM, TM, SM, HOS, AD, DIRECTOR',
      '  row 4, email: is not an email address',
      '  row 4, team: no team has the id team-north-9',
      '  row 4, reports_to: nobody has the id TM-09',
    ]);
    expect(result.err).not.toContain('Example');
    expect(await storedDirectory(dataDir)).toEqual(before);
  });

  it('answers in JSON with --json', async () => {
    const good = await los('directory', 'import', file('good.csv', GOOD), '--data-dir', dataDir, '--json');
    expect(JSON.parse(good.out)).toEqual({ staff: 3, teams: 2 });
    const bad = await los('directory', 'import', file('bad.csv', BAD), '--data-dir', dataDir, '--json');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).problems[0]).toEqual({
      row: 3,
      column: 'level',
      message: 'is not a level: use one of worker, ATM, TM, SM, HOS, AD, DIRECTOR',
    });
  });

  it('says plainly when the file cannot be read', async () => {
    const result = await los('directory', 'import', join(dataDir, 'missing.csv'), '--data-dir', dataDir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^los: Cannot read .*missing\.csv: ENOENT$/);
  });

  it('imports the directory of a synthetic council, as los directory synthetic prints it', async () => {
    const synthetic = await los('directory', 'synthetic', '--cases', '100', '--seed', '4');
    expect(synthetic.code).toBe(0);
    // Files made before the duty column existed (HEADER, above) still import; what is written has it.
    expect(synthetic.out.split('\r\n')[0]).toBe(`${HEADER},duty`);
    const result = await los(
      'directory',
      'import',
      file('synthetic.csv', synthetic.out),
      '--data-dir',
      dataDir,
    );
    expect(result.code).toBe(0);
    const stored = await storedDirectory(dataDir);
    expect(stored.staff.some((member) => member.id === 'DIR-01')).toBe(true);
    expect(stored.staff.every((member) => member.email.endsWith('@council.example'))).toBe(true);
    expect(stored.teams.filter((team) => team.duty).map((team) => team.id)).toEqual(['team-south-1']);
  });
});

describe('los directory import --table', () => {
  const table = 'line-of-sight-directory-cli';
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await ensureTable(dynamo.client, table);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** What an operator's shell would hold; the endpoint variable is how the SDK is sent to dynalite. */
  const awsShell = () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_PROFILE', undefined);
  };

  it('imports a good file into the named table, as a new version the runs then read', async () => {
    awsShell();
    const result = await los('directory', 'import', file('good.csv', GOOD), '--table', table);
    expect(result).toEqual({
      code: 0,
      out: 'Imported 3 staff and 2 teams; entries not in the file were removed, and undeliverable addresses stay marked.',
      err: '',
    });
    const stored = await new DynamoDirectoryStore(dynamo.client, table).load();
    expect(stored.staff.map((member) => member.id)).toEqual(['SM-01', 'SW-001', 'TM-01']);
  });

  it('refuses a bad file with the same report, and leaves the table as it was', async () => {
    awsShell();
    const before = await new DynamoDirectoryStore(dynamo.client, table).load();
    const bad = file('bad.csv', BAD);
    const result = await los('directory', 'import', bad, '--table', table);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toBe(`${bad}: 4 problems; nothing was imported:`);
    expect(result.err).not.toContain('Example');
    expect(await new DynamoDirectoryStore(dynamo.client, table).load()).toEqual(before);
  });

  it('refuses --table with --data-dir', async () => {
    const result = await los(
      'directory',
      'import',
      file('good.csv', GOOD),
      '--table',
      table,
      '--data-dir',
      '.data',
    );
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--table.*cannot be used with option '--data-dir/);
  });
});
