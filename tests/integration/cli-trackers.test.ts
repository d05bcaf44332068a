/**
 * `los trackers --data-dir`: events ingested into the local store and a directory imported beside them
 * give the legal and permanency trackers per team, as JSON and as a list for people, with `--team`
 * choosing a locality and the teams below it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { event } from '../support/case-history.ts';
import { TWO_LOCALITIES } from '../support/directory.ts';
import { importDirectory, ingestEvents, los } from '../support/los.ts';

const DIRECTORY = TWO_LOCALITIES;

const allocated = (caseId: string, workerId: string) =>
  event('case.allocated', '2026-03-01', { workerId, reason: 'new' }, { caseId });

const EVENTS: CaseEvent[] = [
  allocated('CASE-PLO', 'SW-1'),
  event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' }, { caseId: 'CASE-PLO' }),
  event('pre_proceedings.letter_sent', '2026-03-05', {}, { caseId: 'CASE-PLO' }),
  allocated('CASE-UNREG', 'SW-9'),
  event('care_period.started', '2026-03-02', { legalStatus: 'care-order' }, { caseId: 'CASE-UNREG' }),
  event('placement.started', '2026-03-02', { placementType: 'unregistered' }, { caseId: 'CASE-UNREG' }),
  event(
    'action.recorded',
    '2026-03-02',
    { actionId: 'act-unreg-01', ownerId: 'SW-9', dueOn: '2026-03-12' },
    { caseId: 'CASE-UNREG' },
  ),
  allocated('CASE-QUIET', 'SW-2'),
  event('cin_plan.started', '2026-03-02', {}, { caseId: 'CASE-QUIET' }),
];

describe('los trackers on the local store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-trackers-'));

  beforeAll(async () => {
    await ingestEvents(dataDir, EVENTS);
    await importDirectory(dataDir, DIRECTORY);
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

  it('flags a child stalled on a tracker, in JSON and in the list for people', async () => {
    const json = await los('trackers', '--data-dir', dataDir, '--as-of', '2026-03-10', '--json');
    const south = JSON.parse(json.out).units.find((u: { unitId: string }) => u.unitId === 'team-south-1');
    expect(south.trackers.permanency[0].stalled).toEqual([
      expect.objectContaining({
        kind: 'unregistered-placement-not-reviewed',
        since: '2026-03-09',
        threshold: { value: '1 week', source: 'rule oversight.unregistered-placement' },
      }),
    ]);
    const text = await los('trackers', '--data-dir', dataDir, '--as-of', '2026-03-10');
    expect(text.out).toContain('      stalled  since 2026-03-09: In an unregistered placement;');
  });

  it('prints the week’s meeting agenda with --agenda, for the as-of week or the Monday given', async () => {
    const result = await los(
      'trackers',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-03-10',
      '--agenda',
      '--json',
    );
    expect(result.code).toBe(0);
    const agenda = JSON.parse(result.out);
    expect(agenda.week).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(agenda.sections.map((s: { name: string }) => s.name)).toEqual([
      'breaches',
      'near-breaches',
      'stalled',
      'actions-due',
    ]);
    expect(agenda.sections[0].items).toContainEqual(
      expect.objectContaining({
        caseId: 'CASE-UNREG',
        about: 'oversight.unregistered-placement',
        date: '2026-03-09',
      }),
    );
    expect(agenda.sections[2].items.map((i: { caseId: string }) => i.caseId)).toEqual(['CASE-UNREG']);
    expect(agenda.sections[3].items).toEqual([
      {
        caseId: 'CASE-UNREG',
        what: 'Action recorded on the board',
        why: 'Open, owned by SW-9, due Thu 12 Mar 2026.',
        date: '2026-03-12',
        about: 'act-unreg-01',
      },
    ]);

    const text = await los(
      'trackers',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-03-04',
      '--agenda',
      '--week',
      '2026-03-09',
    );
    expect(text.out).toMatch(/^Line of Sight meeting agenda for the week Mon 9 Mar 2026 to Sun 15 Mar 2026/);
    expect(text.out).toContain('Stalled children\n  None.');
    expect(text.out).not.toContain('Synthetic');
  });

  it('refuses a meeting week not given by its Monday, or without --agenda, with exit code 2', async () => {
    const tuesday = await los('trackers', '--data-dir', dataDir, '--agenda', '--week', '2026-03-10');
    expect(tuesday).toMatchObject({ code: 2, out: '' });
    expect(tuesday.err).toBe(
      'los: --week: the meeting week must be given by its Monday; 2026-03-10 is not a Monday',
    );
    expect((await los('trackers', '--data-dir', dataDir, '--week', '2026-03-09')).code).toBe(2);
  });

  it('refuses a team the directory does not have, with exit code 2', async () => {
    const result = await los('trackers', '--data-dir', dataDir, '--team', 'nowhere');
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toBe('los: --team: no team or unit with the id nowhere is in the directory');
  });
});
