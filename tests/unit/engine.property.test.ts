/**
 * Properties of the engine over random case histories: arrival order does not matter, events no rule
 * reads change nothing, a retraction is the same as never sending the event, and nothing falls due
 * before what it counts from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  CONFERENCE_OUTCOMES,
  CONFERENCE_TYPES,
  EVENT_FIXTURES,
  EVENT_TYPES,
  type EventType,
  LEGAL_STATUSES,
  OVERSIGHT_LEVELS,
  PLACEMENT_TYPES,
  REPORT_OCCASIONS,
  REPORT_STAGES,
  S47_OUTCOMES,
  VISIT_TYPES,
} from '../../events/index.ts';
import { addDays, formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { applyEvent, emptyCaseState } from '../../functions/core/engine/case-state.ts';
import { caseDeadlinesJson, evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';

const profile = builtInProfile('default');
const asOf = momentOf('2027-01-31');
const firstDay = parseIsoDate('2025-01-01');

/** Dates over two years, or crowded into a few weeks so that same-day events are common. */
const dateWithin = (days: number) =>
  fc.integer({ min: 0, max: days }).map((offset) => formatIsoDate(addDays(firstDay, offset)));
const date = dateWithin(760);
/** Some events carry a time, as case systems send for visits and strategy discussions. */
const occurredAtWithin = (days: number) =>
  fc.oneof(
    dateWithin(days),
    fc
      .tuple(dateWithin(days), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([day, h, m]) => `${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`),
  );

const data = {
  'referral.received': fc.constant({}),
  'threshold.decided': fc.record({
    decision: fc.constantFrom(
      'strategy-discussion',
      'child-and-family-assessment',
      'early-help',
      'no-further-action',
    ),
  }),
  's47.started': fc.constant({}),
  'assessment.started': fc.record({ assessmentType: fc.constantFrom('child-and-family', 'early-help') }),
  'assessment.completed': fc.record({ assessmentType: fc.constantFrom('child-and-family', 'early-help') }),
  'decision.recorded': fc.record({
    decision: fc.constantFrom('close-case', 'step-down-to-early-help', 'accommodate'),
  }),
  'placement.ended': fc.constant({}),
  'strategy_discussion.held': fc.record({ s47Initiated: fc.boolean() }),
  's47.completed': fc.record({ outcome: fc.constantFrom(...S47_OUTCOMES) }),
  'conference.held': fc.record({
    conferenceType: fc.constantFrom(...CONFERENCE_TYPES),
    outcome: fc.constantFrom(...CONFERENCE_OUTCOMES),
  }),
  'cp_plan.started': fc.constant({}),
  'cp_plan.ended': fc.constant({}),
  'core_group.held': fc.constant({}),
  'cin_plan.started': fc.constant({}),
  'cin_plan.ended': fc.constant({}),
  'cin_review.held': fc.constant({}),
  'care_period.started': fc.record({ legalStatus: fc.constantFrom(...LEGAL_STATUSES) }),
  'care_period.ended': fc.constant({}),
  'placement.started': fc.record({
    placementType: fc.constantFrom(...PLACEMENT_TYPES),
    longTermMatched: fc.boolean(),
    intendedToAge18: fc.boolean(),
  }),
  'cic_review.held': fc.constant({}),
  'visit.completed': fc.record({ visitType: fc.constantFrom(...VISIT_TYPES), childSeen: fc.boolean() }),
  'oversight.recorded': fc.record({ level: fc.constantFrom(...OVERSIGHT_LEVELS) }),
  'case.allocated': fc.record({
    workerId: fc.constantFrom('SW-001', 'SW-002'),
    reason: fc.constantFrom('new' as const, 'reallocation' as const, 'transfer' as const),
  }),
  'case.closed': fc.constant({}),
  'child.updated': fc.oneof(
    fc.record({ disabled: fc.boolean() }),
    fc.record({
      dateOfBirth: dateWithin(760).map((day) => `${Number(day.slice(0, 4)) - 16}${day.slice(4)}`),
    }),
  ),
  'conference.scheduled': fc.record({ conferenceType: fc.constantFrom(...CONFERENCE_TYPES), date }),
  'cic_review.scheduled': fc.record({ date }),
  'report.submitted': fc.record({
    for: fc.constantFrom(...REPORT_OCCASIONS),
    stage: fc.constantFrom(...REPORT_STAGES),
  }),
  'missing_episode.ended': fc.constant({}),
  'return_interview.held': fc.constant({}),

  'visit_frequency.agreed': fc.record({
    rule: fc.constantFrom('cin.visit', 'cp.visit', 'cic.visit'),
    every: fc.record({
      amount: fc.integer({ min: 1, max: 10 }),
      unit: fc.constantFrom('weeks' as const, 'working-days' as const),
    }),
    agreedBy: fc.constant('TM-01'),
  }),
} as const;

const eventWithin = (days: number) =>
  fc
    .tuple(fc.constantFrom(...(Object.keys(data) as (keyof typeof data)[])), occurredAtWithin(days))
    .chain(([type, at]) => data[type].map((body) => ({ type, occurredAt: at, data: body })));

/** A case history: 1–40 events with unique ids. */
const history = fc
  .constantFrom(20, 760)
  .chain((days) => fc.array(eventWithin(days), { minLength: 1, maxLength: 40 }))
  .map((events) => events.map((e, i) => ({ id: `E-${i}`, caseId: 'CASE-P', ...e }) as CaseEvent));

const evaluate = (events: readonly CaseEvent[]) =>
  caseDeadlinesJson(evaluateCase('CASE-P', events, profile, asOf));

/** The event types each rule reads; a rule started by breaches also reads what the rules it follows read. */
const readsOf = (rule: (typeof profile.rules)[number]): Set<string> =>
  new Set([
    ...[
      ...rule.start,
      ...rule.satisfiedBy,
      ...rule.stop,
      ...rule.restart,
      ...rule.reconsider,
      ...(rule.count?.events ?? []),
      ...(rule.extension ? [rule.extension.matcher] : []),
      ...(rule.anchor?.firstAfterStart ?? []),
    ].map((m) => m.type),
    ...profile.rules
      .filter((other) => rule.breachOf.includes(other.id))
      .flatMap((other) => [...readsOf(other)]),
  ]);
/** A case with everything open that an event could close: plans, care, placement, episodes. */
const OPENERS = EVENT_TYPES.filter(
  (type) => /(\.started|\.notified|\.issued)$/.test(type) || type === 'child.updated',
);
const stateAfter = (types: readonly EventType[]) => {
  const state = emptyCaseState();
  for (const type of types) applyEvent(state, EVENT_FIXTURES[type], parseIsoDate('2026-06-01'), parseIsoDate);
  return JSON.stringify([...Object.entries(state), [...state.agreed]]);
};
/** Whether an event of this type changes what the engine knows about a case, from nothing or from everything open. */
const changesState = (type: EventType) =>
  stateAfter([type]) !== stateAfter([]) || stateAfter([...OPENERS, type]) !== stateAfter(OPENERS);
/** Event types that change no fact: to a rule that does not read them, they are unrelated. */
const FACT_NEUTRAL = EVENT_TYPES.filter((type) => !changesState(type) && type !== 'event.retracted');

describe('the engine, over random case histories', () => {
  it('gives the same deadlines whatever order the events arrive in', () => {
    fc.assert(
      fc.property(history, fc.integer(), (events, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
          seed,
          numRuns: 1,
        })[0];
        expect(evaluate(shuffled ?? events)).toEqual(evaluate(events));
      }),
      { numRuns: 300 },
    );
  });

  it("does not change a rule's deadlines for an event that rule does not read", () => {
    expect(FACT_NEUTRAL.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(history, fc.constantFrom(...FACT_NEUTRAL), date, (events, type, day) => {
        const extra = {
          ...structuredClone(EVENT_FIXTURES[type]),
          id: 'E-unrelated',
          caseId: 'CASE-P',
          occurredAt: day,
        };
        const before = evaluate(events).deadlines;
        const after = evaluate([...events, extra as CaseEvent]).deadlines;
        for (const rule of profile.rules.filter((candidate) => !readsOf(candidate).has(type))) {
          expect(after.filter((d) => d.rule === rule.id)).toEqual(before.filter((d) => d.rule === rule.id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('treats a retracted event exactly as one never sent', () => {
    fc.assert(
      fc.property(history, fc.nat(), (events, pick) => {
        const target = events[pick % events.length] as CaseEvent;
        const retraction = {
          id: 'E-retraction',
          caseId: 'CASE-P',
          type: 'event.retracted',
          occurredAt: '2027-01-01',
          data: { eventId: target.id },
        } as CaseEvent;
        expect(evaluate([...events, retraction])).toEqual(evaluate(events.filter((e) => e !== target)));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a deadline with an anchor from the first allocation after its start, whenever the allocation arrives', () => {
    fc.assert(
      fc.property(history, date, (events, day) => {
        const allocation = {
          id: 'E-allocation',
          caseId: 'CASE-P',
          type: 'case.allocated',
          occurredAt: day,
          data: { workerId: 'SW-003', reason: 'new' },
        } as CaseEvent;
        const sentLast = evaluateCase('CASE-P', [...events, allocation], profile, asOf);
        expect(caseDeadlinesJson(sentLast)).toEqual(evaluate([allocation, ...events]));
        for (const deadline of sentLast.deadlines.filter((d) => d.rule.anchor !== null)) {
          const start = deadline.rule.start.map((matcher) => matcher.type);
          expect(['case.allocated', ...start]).toContain(deadline.anchor.event.type);
          expect(deadline.due.day).toBeGreaterThanOrEqual(deadline.anchor.at.day);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never puts a due date before the event it counts from (rules counting back from a booked date or birthday aside)', () => {
    fc.assert(
      fc.property(history, (events) => {
        for (const deadline of evaluateCase('CASE-P', events, profile, asOf).deadlines) {
          if (deadline.rule.target?.direction === 'before') continue;
          expect(deadline.due.day).toBeGreaterThanOrEqual(deadline.anchor.at.day);
        }
      }),
      { numRuns: 300 },
    );
  });
});
