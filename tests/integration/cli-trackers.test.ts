/**
 * `los trackers --data-dir`: events ingested into the local store and a directory imported beside them
 * give the legal and permanency trackers per team, as JSON and as a list for people, with `--team`
 * choosing a locality and the teams below it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { directoryCsv } from '../../functions/core/directory/csv.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { event } from '../support/case-history.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { los } from '../support/los.ts';

/** The small directory with a second locality: north (team-north-1) and south (team-south-1). */
const DIRECTORY: DirectoryData = {
  teams: [
    ...SMALL_DIRECTORY.teams,
    { id: 'south', name: 'South locality', parentId: 'childrens-services', teamsChannel: null },
    { id: 'team-south-1', name: 'South 1', parentId: 'south', teamsChannel: null },
  ],
  staff: [
    ...SMALL_DIRECTORY.staff,
    {
      id: 'SW-9',
      name: 'Synthetic SW-9',
      email: 'sw-9@council.example',
      level: 'worker',
      teamId: 'team-south-1',
      reportsTo: 'TM-1',
    },
  ],
};

const allocated = (caseId: string, workerId: string) =>
  event('case.allocated', '2026-03-01', { workerId, reason: 'new' }, { caseId });

const EVENTS: CaseEvent[] = [
  allocated('CASE-PLO', 'SW-1'),
  event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' }, { caseId: 'CASE-PLO' }),
  event('pre_proceedings.letter_sent', '2026-03-05', {}, { caseId: 'CASE-PLO' }),
  allocated('CASE-UNREG', 'SW-9'),
  event('care_period.started', '2026-03-02', { legalStatus: 'care-order' }, { caseId: 'CASE-UNREG' }),
  event('placement.started', '2026-03-02', { placementType: 'unregistered' }, { caseId: 'CASE-UNREG' }),
  allocated('CASE-QUIET', 'SW-2'),
  event('cin_plan.started', '2026-03-02', {}, { caseId: 'CASE-QUIET' }),
];

describe('los trackers on the local store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-trackers-'));

  beforeAll(async () => {
    const eventsFile = join(dataDir, 'events.ndjson');
    writeFileSync(eventsFile, `${EVENTS.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expect((await los('ingest', '--file', eventsFile, '--data-dir', dataDir)).code).toBe(0);
    const csv = join(dataDir, 'directory.csv');
    writeFileSync(csv, directoryCsv(DIRECTORY));
    expect((await los('directory', 'import', csv, '--data-dir', dataDir)).code).toBe(0);
  });

  it('prints each team’s children on the legal and permanency trackers as JSON, with their deadlines', async () => {
    const result = await los('trackers', '--data-dir', dataDir, '--as-of', '2026-03-04', '--json');
    expect(result.code).toBe(0);
    const { asOf, units } = JSON.parse(result.out);
    expect(asOf).toBe('2026-03-04');
    expect(units.map((u: { unitId: string }) => u.unitId)).toEqual(['team-south-1', 'team-north-1']);
    const [south, north] = units;
    expect(north.above).toEqual(['childrens-services']);
    expect(north.trackers.legal).toMatchObject([
      { caseId: 'CASE-PLO', reasons: ['pre-proceedings'], facts: { preProceedings: { stage: 'decided' } } },
    ]);
    expect(north.trackers.legal[0].deadlines).toContainEqual(
      expect.objectContaining({ rule: 'court.pre-proceedings-review-point', due: '2026-06-22' }),
    );
    expect(south.above).toEqual(['childrens-services', 'south']);
    expect(south.trackers.permanency[0]).toMatchObject({
      caseId: 'CASE-UNREG',
      reasons: expect.arrayContaining(['unregistered-placement']),
      facts: { placementType: 'unregistered', legalStatus: 'care-order' },
    });
    expect(result.out).not.toContain('CASE-QUIET');
  });

  it('narrows to a locality and the teams below it with --team', async () => {
    const result = await los(
      'trackers',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-03-04',
      '--team',
      'south',
      '--json',
    );
    expect(JSON.parse(result.out).units.map((u: { unitId: string }) => u.unitId)).toEqual(['team-south-1']);
  });

  it('prints a list for people naming cases by reference only', async () => {
    const result = await los('trackers', '--data-dir', dataDir, '--as-of', '2026-03-04');
    expect(result.code).toBe(0);
    expect(result.out).toContain('North 1 (team-north-1), in childrens-services');
    expect(result.out).toContain('Legal tracker');
    expect(result.out).toMatch(/CASE-PLO: pre-proceedings\n {6}pre-proceedings since 2026-03-02 \(decided\)/);
    expect(result.out).not.toContain('Synthetic');
  });

  it('refuses a team the directory does not have, with exit code 2', async () => {
    const result = await los('trackers', '--data-dir', dataDir, '--team', 'nowhere');
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toBe('los: --team: no team or unit with the id nowhere is in the directory');
  });
});
