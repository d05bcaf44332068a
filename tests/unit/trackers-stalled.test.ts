/**
 * Children stalled in one state, flagged on the trackers: each kind fires past its threshold and not
 * before, takes its threshold from the council profile (or the rule the profile overrides), sits on the
 * tracker its child is on, and is not moved by an event that has nothing to do with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { evaluateCase, momentOf, type Profile } from '../../functions/core/engine/index.ts';
import { buildProfile, builtInProfile, checkProfile } from '../../functions/core/rules/load.ts';
import { type StalledFlag, trackerEntries } from '../../functions/core/trackers/index.ts';
import { DEFAULT_TRACKER_SETTINGS } from '../../rules/schema.ts';
import { event } from '../support/case-history.ts';

const defaults = builtInProfile('default');

/** The stalled flags on every tracker entry of the case, with the tracker each is on. */
function flagsOn(events: readonly CaseEvent[], asOf: string, profile: Profile = defaults) {
  const moment = momentOf(asOf);
  const evaluation = evaluateCase('CASE-T', events, profile, moment);
  return trackerEntries(events, evaluation, moment, profile).flatMap((entry) =>
    entry.stalled.map((flag): StalledFlag & { tracker: string } => ({ ...flag, tracker: entry.tracker })),
  );
}

const kinds = (events: readonly CaseEvent[], asOf: string, profile?: Profile) =>
  flagsOn(events, asOf, profile).map((flag) => flag.kind);

describe('pre-proceedings past the council’s review point', () => {
  const decided = [event('decision.recorded', '2026-03-02', { decision: 'initiate-pre-proceedings' })];

  it('flags a child still in pre-proceedings the day after the review point, on the legal tracker', () => {
    expect(kinds(decided, '2026-06-22')).toEqual([]);
    expect(flagsOn(decided, '2026-06-23')).toEqual([
      {
        kind: 'pre-proceedings-past-review-point',
        tracker: 'legal',
        since: '2026-06-22',
        explain:
          "In pre-proceedings since Mon 2 Mar 2026, past the council's review point on Mon 22 Jun 2026 with no step-down and no proceedings issued.",
        threshold: { value: '16 weeks', source: 'rule court.pre-proceedings-review-point' },
      },
    ]);
  });

  it('does not flag pre-proceedings that ended or became proceedings', () => {
    const stepped = [...decided, event('pre_proceedings.ended', '2026-06-01', { outcome: 'step-down' })];
    expect(kinds(stepped, '2026-07-01')).toEqual([]);
    expect(kinds([...decided, event('proceedings.issued', '2026-06-01', {})], '2026-07-01')).toEqual([]);
  });

  it('takes the review point the council’s profile gives the rule', () => {
    const council = buildProfile({
      name: 'twelve-weeks',
      overrides: {
        'court.pre-proceedings-review-point': { intervals: [{ offset: { amount: 12, unit: 'weeks' } }] },
      },
    });
    const [flag] = flagsOn(decided, '2026-05-26', council);
    expect(flag).toMatchObject({ since: '2026-05-25', threshold: { value: '12 weeks' } });
  });
});

describe('section 20 with no permanence plan by the second looked-after review', () => {
  const accommodated = [
    event('care_period.started', '2026-01-05', { legalStatus: 'section-20' }),
    event('cic_review.held', '2026-01-30', {}),
  ];
  const second = [...accommodated, event('cic_review.held', '2026-04-30', {})];

  it('flags the child from the second review when no permanency planning meeting was held', () => {
    expect(kinds(accommodated, '2026-04-29')).toEqual([]);
    expect(flagsOn(second, '2026-05-01')).toEqual([
      {
        kind: 'section-20-no-permanence-plan',
        tracker: 'permanency',
        since: '2026-04-30',
        explain:
          'Accommodated under section 20 and looked after since Mon 5 Jan 2026; no permanency planning meeting was held by the second looked-after review, on Thu 30 Apr 2026.',
        threshold: {
          value: 'the second looked-after review',
          source: 'profile trackers.stalled.permanencePlanByReview',
        },
      },
    ]);
  });

  it('does not flag a child with a permanency planning meeting, or under a care order', () => {
    const planned = [...second, event('meeting.held', '2026-03-10', { meetingType: 'permanency-planning' })];
    expect(kinds(planned, '2026-05-01')).toEqual([]);
    const ordered = [...second, event('care_period.started', '2026-04-30', { legalStatus: 'care-order' })];
    expect(kinds(ordered, '2026-05-01')).toEqual([]);
  });

  it('counts the reviews of the current care period only', () => {
    const returned = [
      ...second,
      event('care_period.ended', '2026-05-04', { reason: 'returned-home' }),
      event('care_period.started', '2026-06-01', { legalStatus: 'section-20' }),
      event('cic_review.held', '2026-06-26', {}),
    ];
    expect(kinds(returned, '2026-07-01')).toEqual([]);
  });

  it('waits for the review the council’s profile names', () => {
    const third = buildProfile({
      name: 'third-review',
      trackers: { stalled: { permanencePlanByReview: 3 } },
    });
    expect(kinds(second, '2026-05-01', third)).toEqual([]);
    const flags = flagsOn([...second, event('cic_review.held', '2026-07-30', {})], '2026-08-01', third);
    expect(flags[0]).toMatchObject({
      since: '2026-07-30',
      threshold: { value: 'the third looked-after review' },
    });
  });
});

describe('a deprivation of liberty order nearing its end with no renewal applied for', () => {
  const made = [event('dol_order.made', '2026-04-06', { endsOn: '2026-10-05' })];

  it('flags the order from 4 weeks before it ends, as court.dol-order-renewal’s lead time, on the legal tracker', () => {
    expect(kinds(made, '2026-09-06')).toEqual([]);
    expect(flagsOn(made, '2026-09-07')).toEqual([
      {
        kind: 'dol-order-ending-no-renewal',
        tracker: 'legal',
        since: '2026-09-07',
        explain:
          'The deprivation of liberty order ends on Mon 5 Oct 2026 and no renewal has been applied for.',
        threshold: {
          value: '4 weeks before the order ends',
          source: 'profile trackers.stalled.dolOrderEndingWithin',
        },
      },
    ]);
    expect(flagsOn(made, '2026-10-06')[0]?.explain).toMatch(/^The deprivation of liberty order ended on/);
  });

  it('does not flag an order whose renewal was applied for, or which ended', () => {
    expect(kinds([...made, event('dol_order.renewal_applied', '2026-09-01', {})], '2026-09-20')).toEqual([]);
    expect(kinds([...made, event('dol_order.ended', '2026-09-10', {})], '2026-09-20')).toEqual([]);
  });

  it('takes the window from the council’s profile, and counts a short order from the day it was made', () => {
    const eight = buildProfile({
      name: 'eight-weeks',
      trackers: { stalled: { dolOrderEndingWithin: { amount: 8, unit: 'weeks' } } },
    });
    expect(flagsOn(made, '2026-08-10', eight)[0]?.since).toBe('2026-08-10');
    expect(kinds(made, '2026-08-10')).toEqual([]);
    const short = [event('dol_order.made', '2026-09-01', { endsOn: '2026-09-20' })];
    expect(flagsOn(short, '2026-09-02')[0]?.since).toBe('2026-09-01');
  });
});

describe('an unregistered placement without its weekly senior review', () => {
  const placed = [
    event('care_period.started', '2026-03-02', { legalStatus: 'care-order' }),
    event('placement.started', '2026-03-02', { placementType: 'unregistered' }),
  ];

  it('flags the placement once the weekly review is overdue, on the permanency tracker', () => {
    expect(kinds(placed, '2026-03-09')).toEqual([]);
    expect(flagsOn(placed, '2026-03-10')).toEqual([
      expect.objectContaining({
        kind: 'unregistered-placement-not-reviewed',
        tracker: 'permanency',
        since: '2026-03-09',
        threshold: { value: '1 week', source: 'rule oversight.unregistered-placement' },
      }),
    ]);
  });

  it('does not flag a placement reviewed by a Service Manager, or one the child has left', () => {
    const reviewed = [...placed, event('oversight.recorded', '2026-03-06', { level: 'SM' })];
    expect(kinds(reviewed, '2026-03-10')).toEqual([]);
    const moved = [...placed, event('placement.started', '2026-03-05', { placementType: 'foster-care' })];
    expect(kinds(moved, '2026-03-10')).toEqual([]);
  });
});

describe('the tracker settings in a council profile', () => {
  it('default to Line of Sight’s when the profile says nothing, and keep the defaults of what it leaves out', () => {
    expect(defaults.trackers).toEqual(DEFAULT_TRACKER_SETTINGS);
    const partial = buildProfile({
      name: 'partial',
      trackers: { sdqDueWithin: { amount: 2, unit: 'months' } },
    });
    expect(partial.trackers).toEqual({
      ...DEFAULT_TRACKER_SETTINGS,
      sdqDueWithin: { amount: 2, unit: 'months' },
    });
  });

  it('are checked at load, saying where', () => {
    const problems = checkProfile({
      name: 'bad',
      trackers: { sdqDueWithin: { amount: 4, unit: 'working-days' }, stalled: { permanencePlanByReview: 0 } },
    });
    expect(problems.map((problem) => problem.path)).toEqual([
      'trackers.sdqDueWithin.unit',
      'trackers.stalled.permanencePlanByReview',
    ]);
  });
});

describe('an event with nothing to do with a stall', () => {
  // Every kind of stall at once: pre-proceedings past the review point, section 20 past the second
  // review, a deprivation of liberty order ending, an unregistered placement not reviewed.
  const stalled: CaseEvent[] = [
    event('decision.recorded', '2026-01-05', { decision: 'initiate-pre-proceedings' }),
    event('care_period.started', '2026-01-05', { legalStatus: 'section-20' }),
    event('placement.started', '2026-01-05', { placementType: 'unregistered' }),
    event('cic_review.held', '2026-01-30', {}),
    event('cic_review.held', '2026-04-30', {}),
    event('dol_order.made', '2026-02-02', { endsOn: '2026-06-01' }),
  ];
  const asOf = '2026-05-20';
  const unrelated = fc.record({
    type: fc.constantFrom(
      'supervision.held',
      'iro.appointed',
      'cic_notification.sent',
      'core_group.held',
      'family.contacted',
    ),
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 5 }),
  });

  it('leaves the child’s stalled flags as they were', () => {
    const before = flagsOn(stalled, asOf);
    expect(before.map((flag) => flag.kind)).toEqual([
      'pre-proceedings-past-review-point',
      'dol-order-ending-no-renewal',
      'section-20-no-permanence-plan',
      'unregistered-placement-not-reviewed',
    ]);
    fc.assert(
      fc.property(unrelated, ({ type, day, month }) => {
        const occurredAt = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const extra = event(type, occurredAt, {} as never);
        expect(flagsOn([...stalled, extra], asOf)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
