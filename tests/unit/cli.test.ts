/**
 * The `los` command line as a person or script uses it: output, JSON shapes, help and exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { los } from '../support/los.ts';

const events = new URL('../fixtures/two-cases.ndjson', import.meta.url).pathname;
const exampleProfile = new URL('../../rules/profiles/example-council.json', import.meta.url).pathname;

describe('los calendar', () => {
  it('prints the date n working days later, alone on a line', async () => {
    expect(await los('calendar', 'add', '2022-09-12', '15')).toEqual({ code: 0, out: '2022-10-04', err: '' });
  });
  it('counts inclusively on request and backwards for negative n', async () => {
    expect((await los('calendar', 'add', '2022-09-12', '15', '--inclusive')).out).toBe('2022-10-03');
    expect((await los('calendar', 'add', '2026-12-29', '-2')).out).toBe('2026-12-23');
  });
  it('uses a council profile’s closure days', async () => {
    expect((await los('calendar', 'add', '2026-12-24', '1', '--profile', exampleProfile)).out).toBe(
      '2027-01-04',
    );
  });
  it('counts working days between two dates', async () => {
    expect((await los('calendar', 'between', '2026-12-24', '2027-01-04')).out).toBe('4');
  });
  it('refuses dates outside the known years and impossible dates, with exit code 2', async () => {
    const outside = await los('calendar', 'add', '2031-01-02', '3');
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(
      /2031-01-02 is outside the bank holiday years this calendar knows \(2010–2028\)/,
    );
    expect((await los('calendar', 'add', '2026-02-30', '3')).code).toBe(2);
    expect((await los('calendar', 'add', '2026-02-03', 'three')).err).toMatch(/three is not a whole number/);
  });
});

describe('los deadlines', () => {
  it('prints a table of open deadlines per case, and reports rejected and repeated events', async () => {
    const result = await los('deadlines', '--events', events, '--as-of', '2026-01-09');
    expect(result.code).toBe(3);
    expect(result.out).toContain('Deadlines as of Fri 9 Jan 2026 (profile: default)');
    expect(result.out).toContain(
      '\nCASE-A\n  OVERDUE    Management oversight recorded (oversight.cadence)\n',
    );
    expect(result.out).toContain('  OVERDUE    Child protection visit (cp.visit)\n');
    expect(result.out).toContain('25 and 26 Dec and 1 Jan are bank holidays');
    expect(result.err).toContain('1 repeated event was counted once.');
    expect(result.err).toContain('line 7 (event B-3): data.childSeen: is required');
  });

  it('prints JSON with the published fields', async () => {
    const result = await los('deadlines', '--events', events, '--as-of', '2026-01-09', '--json');
    const json = JSON.parse(result.out);
    expect(json.asOf).toBe('2026-01-09');
    expect(json.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['CASE-A', 'CASE-B']);
    const visit = json.cases[0].deadlines.find(
      (d: { rule: string; occurrence: number }) => d.rule === 'cp.visit',
    );
    expect(visit).toMatchObject({
      rule: 'cp.visit',
      title: 'Child protection visit',
      category: 'visit',
      due: '2025-12-19',
      status: 'met',
      metAt: '2025-12-19T10:30:00+00:00',
      anchor: { eventId: 'A-2', type: 'cp_plan.started', occurredAt: '2025-12-05' },
      escalation: [{ after: { amount: 0, unit: 'working-days' }, levels: ['ATM', 'TM'] }],
    });
    expect(visit.source[0]).toEqual({
      document: 'practice-standards-2020',
      section: 'Child Protection Plans and Reviews',
      ref: '1',
    });
  });

  it('takes a JSON array as well as NDJSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'los-'));
    const file = join(dir, 'events.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'X-1', type: 'cin_plan.started', caseId: 'CASE-X', occurredAt: '2026-06-01', data: {} },
      ]),
    );
    const result = await los('deadlines', '--events', file, '--as-of', '2026-06-02', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).cases[0].deadlines.map((d: { rule: string }) => d.rule)).toEqual(
      expect.arrayContaining(['cin.visit', 'cin.review']),
    );
  });

  it('evaluates a synthetic council, showing upcoming deadlines within the days asked', async () => {
    const result = await los('deadlines', '--synthetic', '40', '--as-of', '2026-11-23', '--within', '3');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Deadlines as of Mon 23 Nov 2026 \(profile: default\)\n40 cases: \d+ overdue/,
    );
    expect(result.out).toContain('upcoming ones only when due within 3 working days');
    expect(result.out).not.toMatch(/Due in ([4-9]|\d\d) working days/);
  });

  it('needs exactly one source of events', async () => {
    expect((await los('deadlines')).err).toMatch(/--events <file>, --data-dir <dir> or --synthetic <cases>/);
    expect((await los('deadlines', '--events', events, '--synthetic', '3')).err).toMatch(/not more/);
    expect((await los('deadlines', '--synthetic', 'many')).code).toBe(2);
  });

  it('explains a missing file, a bad date and an unknown profile with exit code 2', async () => {
    expect((await los('deadlines', '--events', '/nonexistent.ndjson')).err).toMatch(
      /Cannot read \/nonexistent.ndjson: ENOENT/,
    );
    expect((await los('deadlines', '--events', events, '--as-of', '8/1/2027')).err).toMatch(
      /--as-of 8\/1\/2027 is not a date/,
    );
    const unknown = await los('deadlines', '--events', events, '--profile', 'strict');
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.err).toMatch(/Unknown profile "strict"/);
  });
});

describe('los rules', () => {
  it('lists every rule with id, title, category, source and escalation as JSON', async () => {
    const json = JSON.parse((await los('rules', '--json')).out);
    expect(json.profile).toBe('default');
    for (const rule of json.rules) {
      expect(Object.keys(rule)).toEqual(
        expect.arrayContaining(['id', 'title', 'category', 'source', 'escalation']),
      );
      expect(rule.escalation[0].after.amount).toBe(0);
    }
  });
  it('gives the national floor with --profile statutory', async () => {
    const json = JSON.parse((await los('rules', '--profile', 'statutory', '--json')).out);
    expect(json.rules.find((r: { id: string }) => r.id === 'cic.review').source[0].document).toBe(
      'cppcr-2010',
    );
  });
  it('checks the catalogue itself, every rule against the national floor, when given no file', async () => {
    expect(await los('rules', 'check')).toEqual({
      code: 0,
      out: 'rules/catalogue: no problems found.',
      err: '',
    });
  });
  it('checks a council profile and reports overrides laxer than the floor', async () => {
    expect(await los('rules', 'check', exampleProfile)).toMatchObject({ code: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'los-'));
    const lax = join(dir, 'lax.json');
    writeFileSync(
      lax,
      JSON.stringify({
        name: 'lax',
        overrides: {
          'cp.initial-conference': { intervals: [{ offset: { amount: 20, unit: 'working-days' } }] },
        },
      }),
    );
    const result = await los('rules', 'check', lax);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'overrides.cp.initial-conference.intervals: 20 working days is longer than the national floor of 15 working days',
    );
  });
});

describe('los serve', () => {
  // Refused before anything starts: neither a port nor the data directory is touched.
  const dataDir = () => join(mkdtempSync(join(tmpdir(), 'los-')), 'data');

  it('refuses a port number that cannot be one, with exit code 2', async () => {
    const dir = dataDir();
    expect(await los('serve', '--port', '70000', '--data-dir', dir, '--cases', '1')).toEqual({
      code: 2,
      out: '',
      err: 'los: --port 70000 is not a port: use 0 to 65535 (0 for any free one)',
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a morning run time that is not HH:MM, with exit code 2', async () => {
    const dir = dataDir();
    expect(await los('serve', '--morning-run-time', '7am', '--data-dir', dir)).toEqual({
      code: 2,
      out: '',
      err: 'los: --morning-run-time 7am is not a time of day: use HH:MM, such as 07:00',
    });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('help', () => {
  it.each([
    [[]],
    [['calendar']],
    [['calendar', 'add']],
    [['deadlines']],
    [['rules']],
    [['rules', 'check']],
    [['trackers']],
  ])('is available for %j', async (command) => {
    const result = await los(...command, '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Usage: los/);
  });
  it.each([[['report']], [['report', 'timeliness']], [['report', 'backtest']]])(
    'is available for the reports, %j',
    async (command) => {
      const result = await los(...command, '--help');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^Usage: los report/);
    },
  );
  it('names the meeting agenda and its week among the trackers’ options', async () => {
    const { out } = await los('trackers', '--help');
    expect(out).toContain('--agenda');
    expect(out).toContain('--week <monday>');
  });
  it('exits 2 on an unknown command', async () => {
    expect((await los('deadline')).code).toBe(2);
  });
  it('gives the package’s version with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await los('--version')).toEqual({ code: 0, out: version, err: '' });
  });
});

describe('files as councils’ tools write them', () => {
  const fileOf = (bytes: Uint8Array) => {
    const file = join(mkdtempSync(join(tmpdir(), 'los-')), 'profile.json');
    writeFileSync(file, bytes);
    return file;
  };
  const profileBytes = readFileSync(exampleProfile);

  it('reads a file that starts with a byte-order mark', async () => {
    const file = fileOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), profileBytes]));
    expect((await los('calendar', 'add', '2026-12-24', '1', '--profile', file)).out).toBe('2027-01-04');
  });

  it('refuses a file that is not JSON saying where, never quoting it, with exit code 2', async () => {
    const file = fileOf(Buffer.from('{\n  "name": "Jane Sentinel-Smith’s profile",\n  oops\n}'));
    expect(await los('calendar', 'add', '2026-12-24', '1', '--profile', file)).toEqual({
      code: 2,
      out: '',
      err: `los: ${file} is not valid JSON: unexpected character at line 3 column 3`,
    });
  });

  it('refuses a file that is not UTF-8 naming the first bad byte, with exit code 2', async () => {
    const file = fileOf(
      Buffer.concat([profileBytes.subarray(0, 20), Buffer.from([0xff]), profileBytes.subarray(20)]),
    );
    expect(await los('calendar', 'add', '2026-12-24', '1', '--profile', file)).toEqual({
      code: 2,
      out: '',
      err: `los: Cannot read ${file}: it is not valid UTF-8 text (at byte offset 20)`,
    });
  });
});
