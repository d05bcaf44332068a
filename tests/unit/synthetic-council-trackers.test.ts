/**
 * What the synthetic council holds for the Line of Sight meeting's trackers: unborn babies and other
 * children in pre-proceedings and how those end, care proceedings extended, deprivation of liberty
 * orders, unregistered, unregulated and Regulation 24 placements, children accommodated under section
 * 20 with and without permanence planning by their second review, all in small, realistic numbers,
 * with some children stalled on the as-of date for the board to show.
 */
import { describe, expect, it } from 'vitest';
import { type CaseEvent, type EventOf, type EventType, eventsByCase } from '../../events/index.ts';
import { ageOn, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { trackerFacts } from '../../functions/core/trackers/membership.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const AS_OF = '2026-03-04';
const asOf = momentOf(AS_OF);
const cases = [
  ...eventsByCase(generateCouncil({ seed: 20260304, asOf: AS_OF, cases: 1_000 }).events).values(),
];
const dayOf = (event: CaseEvent) => parseIsoDate(event.occurredAt.slice(0, 10));

function ofType<T extends EventType>(events: readonly CaseEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type);
}
const has = (events: readonly CaseEvent[], type: EventType) => events.some((event) => event.type === type);
const inCare = cases.filter((events) => has(events, 'care_period.started'));

describe('the synthetic council’s trackers', () => {
  it('has unborn babies in pre-proceedings, some born since and some still to be born', () => {
    const unborn = cases.filter(
      (events) => ofType(events, 'child.updated')[0]?.data.expectedDateOfBirth !== undefined,
    );
    expect(unborn.length).toBeGreaterThan(3);
    expect(unborn.length).toBeLessThan(cases.length * 0.03);
    const born = unborn.filter((events) =>
      ofType(events, 'child.updated').some((event) => event.data.dateOfBirth !== undefined),
    );
    expect(born.length).toBeGreaterThan(0);
    const stillUnborn = unborn.map((events) => trackerFacts(events, asOf)).filter((facts) => facts.unborn);
    expect(stillUnborn.length).toBeGreaterThan(0);
    expect(stillUnborn.some((facts) => facts.preProceedings !== null)).toBe(true);
    // Legal planning follows the pre-birth conference: only the newest cases are still waiting for it.
    const decided = unborn.filter((events) =>
      ofType(events, 'decision.recorded').some((event) => event.data.decision === 'initiate-pre-proceedings'),
    );
    expect(decided.length).toBeGreaterThan(unborn.length / 2);
  });

  it('ends pre-proceedings each way, and extends some care proceedings, by 8 weeks at most, with a reason', () => {
    const outcomes = new Set(
      cases.flatMap((events) => ofType(events, 'pre_proceedings.ended').map((event) => event.data.outcome)),
    );
    expect([...outcomes].sort()).toEqual(['issue-proceedings', 'other', 'step-down']);
    const extended = cases.filter((events) => has(events, 'proceedings.extended'));
    expect(extended.length).toBeGreaterThan(2);
    for (const events of extended) {
      const issued = ofType(events, 'proceedings.issued')[0];
      for (const extension of ofType(events, 'proceedings.extended')) {
        expect(extension.data.weeks).toBeLessThanOrEqual(8);
        expect(dayOf(extension) - dayOf(issued as CaseEvent)).toBeGreaterThan(26 * 7 - 30);
      }
    }
  });

  it('authorises depriving a few children in care of 10 or more of their liberty, with renewals and endings', () => {
    const withOrders = inCare.filter((events) => has(events, 'dol_order.made'));
    expect(withOrders.length).toBeGreaterThan(0);
    expect(withOrders.length).toBeLessThan(inCare.length * 0.03);
    expect(withOrders.some((events) => has(events, 'dol_order.renewal_applied'))).toBe(true);
    expect(withOrders.some((events) => has(events, 'dol_order.ended'))).toBe(true);
    for (const events of withOrders) {
      const born = ofType(events, 'child.updated').find((event) => event.data.dateOfBirth !== undefined);
      const cameIntoCare = dayOf(ofType(events, 'care_period.started')[0] as CaseEvent);
      for (const order of ofType(events, 'dol_order.made')) {
        expect(dayOf(order)).toBeGreaterThan(cameIntoCare);
        expect(ageOn(parseIsoDate(born?.data.dateOfBirth ?? ''), dayOf(order))).toBeGreaterThanOrEqual(10);
        expect(order.data.endsOn > order.occurredAt).toBe(true);
      }
    }
  });

  it('places a few children in care in unregistered or unregulated placements, which a Service Manager reviews weekly', () => {
    const placed = (type: string) =>
      inCare.filter((events) =>
        ofType(events, 'placement.started').some((event) => event.data.placementType === type),
      );
    expect(placed('unregistered').length).toBeGreaterThan(0);
    expect(placed('unregulated').length).toBeGreaterThan(0);
    expect(placed('unregistered').length + placed('unregulated').length).toBeLessThan(inCare.length * 0.06);
    expect(placed('temporary-connected-carer').length).toBeGreaterThan(inCare.length * 0.05);
    for (const events of [...placed('unregistered'), ...placed('unregulated')]) {
      const start = ofType(events, 'placement.started').find((event) =>
        ['unregistered', 'unregulated'].includes(event.data.placementType),
      ) as CaseEvent;
      const reviewed = ofType(events, 'oversight.recorded').filter(
        (event) =>
          event.data.level === 'SM' && dayOf(event) > dayOf(start) && dayOf(event) <= dayOf(start) + 14,
      );
      if (dayOf(start) + 14 <= asOf.day) expect(reviewed.length).toBeGreaterThan(0);
    }
  });

  it('accommodates children under section 20 with and without permanence planning by their second review', () => {
    let planned = 0;
    let notPlanned = 0;
    for (const events of inCare) {
      const started = ofType(events, 'care_period.started')[0];
      if (started?.data.legalStatus !== 'section-20') continue;
      const second = ofType(events, 'cic_review.held')[1];
      if (second === undefined) continue;
      const meeting = ofType(events, 'meeting.held').find(
        (event) => event.data.meetingType === 'permanency-planning',
      );
      if (meeting !== undefined && dayOf(meeting) <= dayOf(second)) planned++;
      else notPlanned++;
    }
    expect(notPlanned).toBeGreaterThan(0);
    expect(planned).toBeGreaterThan(notPlanned);
  });

  it('leaves some children stalled on the as-of date, as the board must show', () => {
    const profile = builtInProfile('default');
    let driftingPreProceedings = 0;
    let orderEndingUnrenewed = 0;
    let reviewLapsed = 0;
    for (const events of cases) {
      const facts = trackerFacts(events, asOf);
      if (facts.preProceedings !== null && asOf.day - momentOf(facts.preProceedings.since).day > 16 * 7) {
        driftingPreProceedings++;
      }
      const order = facts.dolOrder;
      if (order !== null && !order.renewalApplied && momentOf(order.endsOn).day - asOf.day <= 28) {
        orderEndingUnrenewed++;
      }
      if (facts.placementType === 'unregistered' || facts.placementType === 'unregulated') {
        const caseId = events[0]?.caseId as string;
        const deadlines = evaluateCase(caseId, events, profile, asOf).deadlines;
        if (
          deadlines.some((d) => d.rule.id === 'oversight.unregistered-placement' && d.status === 'overdue')
        ) {
          reviewLapsed++;
        }
      }
    }
    expect(driftingPreProceedings).toBeGreaterThan(0);
    expect(orderEndingUnrenewed).toBeGreaterThan(0);
    expect(reviewLapsed).toBeGreaterThan(0);
  });
});
