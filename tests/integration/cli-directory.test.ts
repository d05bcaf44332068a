/**
 * `los directory import` into the local store (dynalite on disk): a good file replaces the directory and
 * says how many were imported; a bad one lists every problem by row and column, exits 2 and changes
 * nothing. `los directory synthetic` prints a CSV the import takes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
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
