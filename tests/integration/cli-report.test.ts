/**
 * `los report timeliness` and `los report backtest --data-dir`: events ingested into the local store and
 * a directory imported beside them give each team's timeliness per month and rule (a table for people,
 * JSON, CSV for Excel), from the figures ingest stored or worked out again (`--recompute`) alike, and
 * the breaches Line of Sight would have flagged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import type { KeptFigures } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { startLocalPipeline } from '../../local/pipeline.ts';
import { openLocalStore } from '../../local/store.ts';
import { event } from '../support/case-history.ts';
import { TWO_LOCALITIES } from '../support/directory.ts';
import { importDirectory, ingestEvents, los } from '../support/los.ts';

const DIRECTORY = TWO_LOCALITIES;

/** A strategy discussion that started a section 47 enquiry, and the ICPC if one was held. */
function icpcCase(caseId: string, workerId: string, discussion: string, held: string | null): CaseEvent[] {
  return [
    event('case.allocated', discussion, { workerId, reason: 'new' }, { caseId }),
    event('strategy_discussion.held', discussion, { s47Initiated: true }, { caseId }),
    ...(held
      ? [event('conference.held', held, { conferenceType: 'initial', outcome: 'plan' }, { caseId })]
      : []),
  ];
}

// ICPCs due (15 working days on): A Mon 23 Mar, held on time; B Fri 17 Apr, held 2 working days late;
// D Wed 8 Apr, not held. A and B are North 1's (SW-1), D is South 1's (SW-9).
const EVENTS: CaseEvent[] = [
  ...icpcCase('CASE-A', 'SW-1', '2026-03-02', '2026-03-20'),
  ...icpcCase('CASE-B', 'SW-1', '2026-03-25', '2026-04-21'),
  ...icpcCase('CASE-D', 'SW-9', '2026-03-16', null),
];

const ICPC = ['--rule', 'cp.initial-conference'];

describe('los report on the local store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-report-'));

  beforeAll(async () => {
    await ingestEvents(dataDir, EVENTS);
    await importDirectory(dataDir, DIRECTORY);
  });

  const timeliness = (...args: string[]) =>
    los('report', 'timeliness', '--data-dir', dataDir, '--as-of', '2026-05-01', ...ICPC, ...args);

  it('gives each team’s figures per month as JSON, over the 12 full months before the as-of date', async () => {
    const result = await timeliness('--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ asOf: '2026-05-01', from: '2025-05', to: '2026-04', by: 'team' });
    expect(
      report.rows.map((r: Record<string, unknown>) => [
        r.month,
        r.key,
        r.fellDue,
        r.onTime,
        r.late,
        r.openOverdue,
        r.medianLateness,
      ]),
    ).toEqual([
      ['2026-03', 'team-north-1', 1, 1, 0, 0, null],
      ['2026-04', 'team-north-1', 1, 0, 1, 0, 2],
      ['2026-04', 'team-south-1', 1, 0, 0, 1, null],
    ]);
    expect(report.rows[0]).toMatchObject({
      name: 'North 1',
      title: 'Initial child protection conference held',
    });
  });

  it('narrows to a locality and the teams below it, to months, and gives workers’ figures by id', async () => {
    const south = JSON.parse((await timeliness('--team', 'south', '--json')).out);
    expect(south.rows.map((r: { key: string }) => r.key)).toEqual(['team-south-1']);
    const april = JSON.parse(
      (await timeliness('--from', '2026-04', '--to', '2026-04', '--by', 'worker', '--json')).out,
    );
    expect(april.rows.map((r: { key: string; month: string }) => [r.month, r.key])).toEqual([
      ['2026-04', 'SW-1'],
      ['2026-04', 'SW-9'],
    ]);
    // Workers by their directory id only: staff names stay in the directory.
    expect(april.rows.map((r: { name: string | null }) => r.name)).toEqual([null, null]);
  });

  it('writes CSV for Excel: byte-order mark, header row, one row per month, team and rule', async () => {
    const result = await timeliness('--csv');
    expect(result.code).toBe(0);
    // Every line ends CRLF: the last one's LF is the line end the command prints.
    const lines = result.out.split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFmonth,grouping,id,name,rule,title,fell_due,met_in_timescale,/);
    expect(lines.slice(1)).toEqual([
      '2026-03,team,team-north-1,North 1,cp.initial-conference,Initial child protection conference held,1,1,0,0,0,0,100,,',
      '2026-04,team,team-north-1,North 1,cp.initial-conference,Initial child protection conference held,1,0,1,0,0,0,0,2,2',
      '2026-04,team,team-south-1,"South, team 1",cp.initial-conference,Initial child protection conference held,1,0,0,0,1,0,0,,\r',
    ]);
  });

  it('prints a table for people, by team name, never a child’s name', async () => {
    const result = await timeliness();
    expect(result.code).toBe(0);
    expect(result.out).toContain('Line of Sight timeliness, 2025-05 to 2026-04, as of 2026-05-01');
    expect(result.out).toMatch(/2026-04 {2}North 1 +cp\.initial-conference +1 +0 +1 +0 +0 +0% +2 +2/);
    expect(result.out).not.toContain('Synthetic');
  });

  it('reads the figures ingest stored, and gives the same when told to work them out again from the events', async () => {
    for (const args of [['--json'], ['--csv'], ['--by', 'worker'], []]) {
      const stored = await timeliness(...args);
      const recomputed = await timeliness('--recompute', ...args);
      expect(recomputed.code).toBe(0);
      expect(stored.out).toBe(recomputed.out);
    }
    // Every rule, not only the ICPC's: the whole report agrees too.
    const all = ['report', 'timeliness', '--data-dir', dataDir, '--as-of', '2026-12-01', '--json'];
    const stored = await los(...all);
    expect(JSON.parse(stored.out).rows.length).toBeGreaterThan(3);
    expect(stored.out).toBe((await los(...all, '--recompute')).out);
  });

  it('refuses a team, rule or month it cannot use, with exit code 2', async () => {
    expect(await timeliness('--team', 'nowhere')).toMatchObject({
      code: 2,
      err: 'los: --team: no team or unit with the id nowhere is in the directory',
    });
    expect((await los('report', 'timeliness', '--data-dir', dataDir, '--rule', 'no.such-rule')).code).toBe(2);
    expect(await timeliness('--from', '2026-13')).toMatchObject({
      code: 2,
      err: 'los: --from 2026-13 is not a month: use YYYY-MM',
    });
  });

  it('backtests a window: the breaches flagged per rule, and how early it would have told', async () => {
    const window = ['--from', '2026-04-01', '--to', '2026-04-30'];
    const result = await los('report', 'backtest', '--data-dir', dataDir, ...window, '--json');
    expect(result.code).toBe(0);
    const { rules } = JSON.parse(result.out);
    expect(rules.find((r: { rule: string }) => r.rule === 'cp.initial-conference')).toEqual({
      rule: 'cp.initial-conference',
      title: 'Initial child protection conference held',
      breaches: 2,
      metLate: 1,
      missed: 0,
      stillOpen: 1,
      reminded: 2,
      reminderLead: { min: 6, median: 6 },
      escalated: 2,
      escalationAfter: { median: 0, max: 0 },
    });
    const text = await los('report', 'backtest', '--data-dir', dataDir, ...window);
    expect(text.out).toContain(
      'Initial child protection conference held (cp.initial-conference)\n  2 flagged: 1 met late, 0 missed, 1 still open at the end',
    );
  });
});

describe('los report timeliness on figures kept from an earlier reading', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-report-kept-'));
  const april = async (...args: string[]) =>
    JSON.parse(
      (
        await los(
          'report',
          'timeliness',
          '--data-dir',
          dataDir,
          '--as-of',
          '2026-05-01',
          ...ICPC,
          '--from',
          '2026-04',
          '--to',
          '2026-04',
          '--json',
          ...args,
        )
      ).out,
    ).rows.map((r: Record<string, unknown>) => [r.key, r.fellDue, r.late, r.openOverdue]);

  beforeAll(async () => {
    await ingestEvents(dataDir, EVENTS);
    await importDirectory(dataDir, DIRECTORY);
  });

  it('reads a past month again only when its entries or the directory changed since', async () => {
    expect(await april()).toEqual([
      ['team-north-1', 1, 1, 0],
      ['team-south-1', 1, 0, 1],
    ]);
    // D's ICPC recorded late, after the first reading kept April's figures: April is worked out again.
    await ingestEvents(
      dataDir,
      [
        event(
          'conference.held',
          '2026-04-20',
          { conferenceType: 'initial', outcome: 'plan' },
          { caseId: 'CASE-D' },
        ),
      ],
      'late.ndjson',
    );
    expect(await april()).toEqual([
      ['team-north-1', 1, 1, 0],
      ['team-south-1', 1, 1, 0],
    ]);
    // SW-9 moves to North 1 in a new directory: D's deadline counts under North 1 now.
    const moved: DirectoryData = {
      ...DIRECTORY,
      staff: DIRECTORY.staff.map((m) => (m.id === 'SW-9' ? { ...m, teamId: 'team-north-1' } : m)),
    };
    await importDirectory(dataDir, moved, 'moved.csv');
    expect(await april()).toEqual([['team-north-1', 2, 2, 0]]);
    expect(await april()).toEqual(await april('--recompute'));
  });

  it('takes a past month’s kept figures as they are while nothing they came from has changed', async () => {
    await april();
    const store = await openLocalStore(dataDir);
    try {
      const kept = (await store.timeliness.keptFigures('2026-04', 'team')) as KeptFigures;
      const doctored = kept.figures.cells.map((cell) =>
        cell.rule === ICPC[1] ? { ...cell, fellDue: 99 } : cell,
      );
      await store.timeliness.keepFigures('2026-04', 'team', { ...kept, figures: { cells: doctored } });
    } finally {
      await store.close();
    }
    expect(await april()).toEqual([['team-north-1', 99, 2, 0]]);
  });
});

describe('los report on the synthetic council', () => {
  it('backtests its history and reports its teams’ timeliness, from a data directory `npm start` would have', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-report-council-'));
    const council = demoCouncil({ seed: 2, cases: 60, morning: parseIsoDate('2026-11-23') });
    const now = council.loadedAt;
    const pipeline = await startLocalPipeline({
      dataDir,
      profile: builtInProfile('default'),
      now: () => now,
    });
    try {
      await loadCouncil(council, { store: pipeline.store, ingest: pipeline.ingestContext });
    } finally {
      await pipeline.close();
    }
    const backtest = await los(
      'report',
      'backtest',
      '--data-dir',
      dataDir,
      '--from',
      '2026-05-01',
      '--to',
      '2026-10-31',
      '--json',
    );
    expect(backtest.code).toBe(0);
    const rules = JSON.parse(backtest.out).rules as { rule: string; breaches: number; reminded: number }[];
    const flagged = rules.filter((rule) => rule.breaches > 0);
    expect(flagged.length).toBeGreaterThan(3);
    expect(flagged.some((rule) => rule.reminded > 0)).toBe(true);

    const report = await los(
      'report',
      'timeliness',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-11-23',
      '--json',
    );
    expect(report.code).toBe(0);
    const rows = JSON.parse(report.out).rows as { month: string; fellDue: number; key: string | null }[];
    expect(new Set(rows.map((row) => row.month)).size).toBe(12);
    expect(rows.reduce((sum, row) => sum + row.fellDue, 0)).toBeGreaterThan(100);
  }, 120_000);
});
