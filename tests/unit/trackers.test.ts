/**
 * The Line of Sight trackers: which children are on the legal and permanency trackers and why, each
 * reason in and out, the live deadlines beside them, and the grouping by the directory's units.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import type { Team } from '../../functions/core/directory/model.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import {
  entriesAt,
  groupByUnit,
  noFacts,
  openDeadlines,
  type PlacedEntry,
  type TrackerEntry,
  trackerEntries,
  trackerFacts,
  UnknownUnitError,
} from '../../functions/core/trackers/index.ts';
import { boardRows, entryOfRow } from '../../functions/core/trackers/row.ts';
import { event } from '../support/case-history.ts';

const profile = builtInProfile('default');

function entriesOn(events: readonly CaseEvent[], asOf: string): TrackerEntry[] {
  const moment = momentOf(asOf);
  return trackerEntries(events, evaluateCase('CASE-T', events, profile, moment), moment, profile);
}

const reasonsOn = (events: readonly CaseEvent[], asOf: string) =>
  Object.fromEntries(entriesOn(events, asOf).map((entry) => [entry.tracker, entry.reasons]));

const decided = event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' });

describe('the legal tracker', () => {
  it('lists a child in pre-proceedings with its stage and the review point, until pre-proceedings end', () => {
    const history = [
      decided,
      event('pre_proceedings.letter_sent', '2026-03-05', {}),
      event('pre_proceedings.meeting_held', '2026-03-20', { meeting: 'initial' }),
    ];
    const [entry] = entriesOn(history, '2026-04-01');
    expect(entry).toMatchObject({
      caseId: 'CASE-T',
      tracker: 'legal',
      reasons: ['pre-proceedings'],
      facts: { preProceedings: { since: '2026-03-02', stage: 'initial-meeting-held' } },
    });
    const reviewPoint = entry?.deadlines.find((d) => d.rule === 'court.pre-proceedings-review-point');
    expect(reviewPoint).toMatchObject({ due: '2026-06-22', status: 'upcoming' });
    expect(reviewPoint?.explain).toMatch(/^Due /);

    const ended = [...history, event('pre_proceedings.ended', '2026-04-10', { outcome: 'step-down' })];
    expect(entriesOn(ended, '2026-04-20')).toEqual([]);
  });

  it('lists an unborn baby in pre-proceedings as unborn, and not once the birth is recorded', () => {
    const unborn = [event('child.updated', '2026-02-01', { expectedDateOfBirth: '2026-05-01' }), decided];
    expect(entriesOn(unborn, '2026-03-10')[0]?.facts.unborn).toBe(true);
    const born = [...unborn, event('child.updated', '2026-05-03', { dateOfBirth: '2026-05-02' })];
    expect(entriesOn(born, '2026-05-10')[0]?.facts.unborn).toBe(false);
  });

  it('moves a child from pre-proceedings to care proceedings when they are issued, with the 26-week limit and its extensions', () => {
    const issued = [decided, event('proceedings.issued', '2026-04-06', {})];
    const [entry] = entriesOn(issued, '2026-04-10');
    expect(entry).toMatchObject({
      reasons: ['care-proceedings'],
      facts: { preProceedings: null, proceedings: { issuedOn: '2026-04-06', extensions: 0 } },
    });
    expect(entry?.deadlines.map((d) => [d.rule, d.due])).toEqual([
      ['court.proceedings-concluded', '2026-10-04'],
    ]);

    const extended = [
      ...issued,
      event('proceedings.extended', '2026-09-20', { weeks: 8, reason: 'expert-evidence' }),
    ];
    const [later] = entriesOn(extended, '2026-09-25');
    expect(later?.facts.proceedings?.extensions).toBe(1);
    expect(later?.deadlines[0]?.due).toBe('2026-11-29');

    const concluded = [...extended, event('proceedings.concluded', '2026-11-01', {})];
    expect(entriesOn(concluded, '2026-11-02')).toEqual([]);
  });

  it('lists a deprivation of liberty order with its end date and whether renewal was applied for, until it ends', () => {
    const made = [event('dol_order.made', '2026-04-06', { endsOn: '2026-10-05' })];
    const [entry] = entriesOn(made, '2026-05-01');
    expect(entry).toMatchObject({
      reasons: ['dol-order'],
      facts: { dolOrder: { madeOn: '2026-04-06', endsOn: '2026-10-05', renewalApplied: false } },
    });
    expect(entry?.deadlines.map((d) => d.rule)).toEqual(['court.dol-order-renewal']);

    const applied = [...made, event('dol_order.renewal_applied', '2026-08-20', {})];
    const [renewing] = entriesOn(applied, '2026-08-21');
    expect(renewing?.facts.dolOrder?.renewalApplied).toBe(true);
    expect(renewing?.deadlines).toEqual([]);

    expect(entriesOn([...applied, event('dol_order.ended', '2026-10-05', {})], '2026-10-06')).toEqual([]);
  });

  it('forgets everything a retracted event said', () => {
    const mistaken = event('dol_order.made', '2026-04-06', { endsOn: '2026-10-05' });
    const retraction = event('event.retracted', '2026-04-07', { eventId: mistaken.id });
    expect(entriesOn([mistaken, retraction], '2026-05-01')).toEqual([]);
  });
});

describe('the permanency tracker', () => {
  const inCare = (legalStatus: 'section-20' | 'care-order') => [
    event('care_period.started', '2026-03-02', { legalStatus }),
  ];

  it('lists a child accommodated under section 20, with the initial health assessment due, and neither once it is done and care ends', () => {
    const accommodated = inCare('section-20');
    expect(reasonsOn(accommodated, '2026-03-05')).toEqual({
      permanency: ['section-20', 'initial-health-assessment-due'],
    });
    const assessed = [
      ...accommodated,
      event('health_assessment.completed', '2026-03-20', { kind: 'initial' }),
    ];
    expect(reasonsOn(assessed, '2026-03-25').permanency).not.toContain('initial-health-assessment-due');
    const left = [...assessed, event('care_period.ended', '2026-04-01', { reason: 'returned-home' })];
    expect(reasonsOn(left, '2026-04-02')).toEqual({});
  });

  it('does not list a child under a care order for section 20', () => {
    expect(reasonsOn(inCare('care-order'), '2026-03-05').permanency).not.toContain('section-20');
  });

  it('lists an unregistered placement with its weekly review, and drops it when the child moves', () => {
    const unregistered = [
      ...inCare('care-order'),
      event('placement.started', '2026-03-02', { placementType: 'unregistered' }),
    ];
    const entry = entriesOn(unregistered, '2026-03-04').find((e) => e.tracker === 'permanency');
    expect(entry?.reasons).toContain('unregistered-placement');
    expect(entry?.facts.placementType).toBe('unregistered');
    expect(entry?.deadlines.map((d) => d.rule)).toContain('oversight.unregistered-placement');

    const moved = [
      ...unregistered,
      event('placement.ended', '2026-03-10', {}),
      event('placement.started', '2026-03-10', { placementType: 'foster-care' }),
    ];
    const after = reasonsOn(moved, '2026-03-12').permanency ?? [];
    expect(after).not.toContain('unregistered-placement');
  });

  it('lists unregulated and Regulation 24 placements by their own reasons', () => {
    for (const [placementType, reason] of [
      ['unregulated', 'unregulated-placement'],
      ['temporary-connected-carer', 'reg-24-placement'],
    ] as const) {
      const history = [...inCare('care-order'), event('placement.started', '2026-03-02', { placementType })];
      expect(reasonsOn(history, '2026-03-04').permanency).toContain(reason);
    }
  });

  describe('an SDQ', () => {
    // Looked after since January 2025, aged 10 at the review health assessment of 12 Jan 2026: the
    // questionnaire falls due on 12 Jan 2027 and stays open all year.
    const history = [
      event('child.updated', '2025-01-06', { dateOfBirth: '2016-01-01' }),
      event('care_period.started', '2025-01-06', { legalStatus: 'care-order' }),
      event('health_assessment.completed', '2025-01-20', { kind: 'initial' }),
      event('health_assessment.completed', '2026-01-12', { kind: 'review' }),
    ];
    const sdqDue = (asOf: string, settings = profile.trackers) => {
      const moment = momentOf(asOf);
      const evaluation = evaluateCase('CASE-T', history, profile, moment);
      return trackerEntries(history, evaluation, moment, { ...profile, trackers: settings }).some((entry) =>
        entry.reasons.includes('sdq-due'),
      );
    };

    it('is not listed while its deadline is open but months away', () => {
      expect(sdqDue('2026-06-01')).toBe(false);
    });

    it('is listed from the start of the profile’s window (4 weeks by default) and while overdue', () => {
      expect(sdqDue('2026-12-14')).toBe(false);
      expect(sdqDue('2026-12-15')).toBe(true);
      expect(sdqDue('2027-02-01')).toBe(true);
      const [entry] = entriesOn(history, '2026-12-20');
      expect(entry?.deadlines.map((d) => [d.rule, d.due])).toEqual([['cic.sdq', '2027-01-12']]);
    });

    it('follows a council’s own window', () => {
      const eightWeeks = { ...profile.trackers, sdqDueWithin: { amount: 8, unit: 'weeks' as const } };
      expect(sdqDue('2026-11-20', eightWeeks)).toBe(true);
      expect(sdqDue('2026-11-20')).toBe(false);
    });

    it('is not listed for a child never in care', () => {
      expect(entriesOn([event('referral.received', '2026-03-02', {})], '2026-03-05')).toEqual([]);
    });
  });

  it('shows a Regulation 24 placement’s oversight and the end of its temporary approval, moved by an extension', () => {
    const reg24 = [
      ...inCare('care-order'),
      event('placement.started', '2026-03-02', { placementType: 'temporary-connected-carer' }),
    ];
    const rules = (history: CaseEvent[], asOf: string) =>
      entriesOn(history, asOf)
        .find((entry) => entry.reasons.includes('reg-24-placement'))
        ?.deadlines.filter((d) => d.rule.includes('reg-24'))
        .map((d) => [d.rule, d.due, d.status]);
    expect(rules(reg24, '2026-03-02')).toEqual([
      ['oversight.reg-24-placement', '2026-03-03', 'upcoming'],
      ['cic.reg-24-temporary-approval', '2026-06-21', 'upcoming'],
    ]);
    const extended = [...reg24, event('placement.temporary_approval_extended', '2026-06-15', { weeks: 8 })];
    expect(rules(extended, '2026-06-22')).toContainEqual([
      'cic.reg-24-temporary-approval',
      '2026-08-16',
      'upcoming',
    ]);
  });

  it('takes a child off every tracker when the case closes', () => {
    const closed = [...inCare('section-20'), decided, event('case.closed', '2026-03-09', {})];
    expect(entriesOn(closed, '2026-03-10')).toEqual([]);
  });
});

describe('entries worked out later from an earlier evaluation', () => {
  it('match a fresh evaluation when no event came between: statuses, SDQ window and stalls move with time alone', () => {
    const history = [
      event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' }),
      event('child.updated', '2025-01-06', { dateOfBirth: '2016-01-01' }),
      event('care_period.started', '2025-01-06', { legalStatus: 'section-20' }),
      event('health_assessment.completed', '2025-01-20', { kind: 'initial' }),
      event('health_assessment.completed', '2026-01-12', { kind: 'review' }),
      event('placement.started', '2026-03-02', { placementType: 'unregistered' }),
      event('oversight.recorded', '2026-06-20', { level: 'SM' }),
    ];
    const earlier = momentOf('2026-06-20');
    const facts = trackerFacts(history, earlier);
    const open = openDeadlines(evaluateCase('CASE-T', history, profile, earlier));
    for (const later of ['2026-06-23', '2026-06-30', '2026-12-20']) {
      const fresh = entriesOn(history, later);
      expect(entriesAt('CASE-T', facts, open, momentOf(later), profile)).toEqual(fresh);
    }
    // The trackers index's rows, stored at the earlier evaluation, give the same entries when read later.
    const rows = boardRows(history, evaluateCase('CASE-T', history, profile, earlier), earlier);
    for (const later of ['2026-06-23', '2026-12-20']) {
      const read = rows.flatMap((row) =>
        row.list === 'actions' ? [] : (entryOfRow(row, momentOf(later), profile) ?? []),
      );
      // Explanations included: where each date stands is worked out when the row is read.
      expect(read).toEqual(entriesOn(history, later));
    }
    const kinds = entriesOn(history, '2026-12-20').flatMap((e) => [
      ...e.reasons,
      ...e.stalled.map((f) => f.kind),
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'sdq-due',
        'pre-proceedings-past-review-point',
        'unregistered-placement-not-reviewed',
      ]),
    );
  });
});

describe('grouping by the directory’s units', () => {
  const teams: Team[] = [
    { id: 'childrens', name: 'Children’s Services', parentId: null, teamsChannel: null },
    { id: 'east', name: 'East locality', parentId: 'childrens', teamsChannel: null },
    { id: 'east-1', name: 'East 1', parentId: 'east', teamsChannel: null },
    { id: 'east-2', name: 'East 2', parentId: 'east', teamsChannel: null },
    { id: 'west', name: 'West locality', parentId: 'childrens', teamsChannel: null },
    { id: 'west-1', name: 'West 1', parentId: 'west', teamsChannel: null },
  ];
  const entry = (caseId: string, tracker: 'legal' | 'permanency'): TrackerEntry => ({
    caseId,
    tracker,
    reasons: [tracker === 'legal' ? 'pre-proceedings' : 'section-20'],
    facts: noFacts(),
    deadlines: [],
    stalled: [],
  });
  const placed: PlacedEntry[] = [
    { unitId: 'east-2', entry: entry('CASE-2', 'legal') },
    { unitId: 'east-1', entry: entry('CASE-3', 'permanency') },
    { unitId: 'east-1', entry: entry('CASE-1', 'legal') },
    { unitId: 'west-1', entry: entry('CASE-4', 'legal') },
    { unitId: 'gone', entry: entry('CASE-5', 'legal') },
  ];

  it('puts each child under their team, parents before children, with the units above each team', () => {
    const units = groupByUnit(placed, teams);
    expect(units.map((u) => [u.unitId, u.above, u.trackers.legal.map((e) => e.caseId)])).toEqual([
      ['east-1', ['childrens', 'east'], ['CASE-1']],
      ['east-2', ['childrens', 'east'], ['CASE-2']],
      ['west-1', ['childrens', 'west'], ['CASE-4']],
      [null, [], ['CASE-5']],
    ]);
    expect(units[0]?.trackers.permanency.map((e) => e.caseId)).toEqual(['CASE-3']);
  });

  it('selects a locality and the teams below it, and nothing else', () => {
    const units = groupByUnit(placed, teams, 'east');
    expect(units.map((u) => u.unitId)).toEqual(['east-1', 'east-2']);
    expect(units[0]?.above).toEqual(['childrens', 'east']);
    expect(groupByUnit(placed, teams, 'west-1').map((u) => u.unitId)).toEqual(['west-1']);
  });

  it('refuses a unit the directory does not have', () => {
    expect(() => groupByUnit(placed, teams, 'north')).toThrow(UnknownUnitError);
  });
});
