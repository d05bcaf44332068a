import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  type EventOf,
  type EventType,
  eventsByCase,
  parseCaseEvent,
} from '../../events/index.ts';
import {
  addYears,
  ageOn,
  englandAndWalesCalendar as calendar,
  formatIsoDate,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';
import { type DeadlineStatus, evaluateCase } from '../../functions/core/engine/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const AS_OF = '2026-03-04';
const dayOf = (text: string) => parseIsoDate(text.slice(0, 10));

// Generated once and shared: each test reads the same councils rather than paying to build its own.
const council = generateCouncil({ seed: 20260304, asOf: AS_OF, cases: 1_000 });

const cases = eventsByCase(council.events);

function ofType<T extends EventType>(events: readonly CaseEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type);
}

/** Early Help assessments are the Early Help service's own: the milestones below are the social work ones. */
const isChildAndFamilyAssessment = (event: CaseEvent) =>
  !event.type.startsWith('assessment.') ||
  ((event.data as { assessmentType?: string }).assessmentType ?? 'child-and-family') === 'child-and-family';

const firstDayOf = (events: readonly CaseEvent[], type: EventType) => {
  const event = events.find((candidate) => candidate.type === type && isChildAndFamilyAssessment(candidate));
  return event === undefined ? undefined : dayOf(event.occurredAt);
};

/** Where a case is, read from its events alone, as a report on the council would. */
function cohortOf(events: readonly CaseEvent[]): string {
  const has = (type: EventType) => events.some((event) => event.type === type);
  if (ofType(events, 'visit.completed').some((visit) => visit.data.visitType === 'care-leaver')) {
    return 'care-leaver';
  }
  if (has('care_period.started')) return 'child-in-care';
  if (has('cp_plan.started')) return 'child-protection';
  if (has('cin_plan.started') || has('private_fostering.notified')) return 'child-in-need';
  if (has('early_help.started') && !has('referral.received')) return 'early-help';
  return 'referral-assessment';
}

describe('generateCouncil', () => {
  it('produces only events that pass the ingest contract', () => {
    const problems = council.events.slice(0, 20_000).flatMap((event) => {
      const result = parseCaseEvent(event);
      return result.ok ? [] : [{ id: event.id, problems: result.problems }];
    });
    expect(problems).toEqual([]);
  });

  it('gives identical output for the same options', () => {
    const options = { seed: 42, asOf: AS_OF, cases: 150 };
    expect(generateCouncil(options)).toEqual(generateCouncil(options));
  });

  it('gives a different council for a different seed', () => {
    const one = generateCouncil({ seed: 1, asOf: AS_OF, cases: 50 });
    const other = generateCouncil({ seed: 2, asOf: AS_OF, cases: 50 });
    expect(other.caseIds).toEqual(one.caseIds);
    expect(other.events).not.toEqual(one.events);
  });

  it('records nothing as happening or recorded after the as-of date', () => {
    const late = council.events.filter(
      (event) => event.occurredAt.slice(0, 10) > AS_OF || (event.recordedAt ?? '').slice(0, 10) > AS_OF,
    );
    expect(late).toEqual([]);
  });

  it('starts histories no earlier than 2021 and no more than three years before the as-of date', () => {
    const earliest = formatIsoDate(addYears(parseIsoDate(AS_OF), -3));
    const first = council.events.reduce(
      (min, event) => (event.occurredAt < min ? event.occurredAt : min),
      AS_OF,
    );
    expect(first >= earliest).toBe(true);
    const early = generateCouncil({ seed: 3, asOf: '2021-06-30', cases: 100 });
    expect(early.events.every((event) => event.occurredAt >= '2021-01-01')).toBe(true);
  });

  it('numbers events uniquely, case by case and in date order', () => {
    expect(new Set(council.events.map((event) => event.id)).size).toBe(council.events.length);
    const misnumbered: string[] = [];
    const outOfOrder: string[] = [];
    for (const [caseId, events] of cases) {
      events.forEach((event, index) => {
        if (event.id !== `${caseId}-e${index + 1}`) misnumbered.push(event.id);
        if (index > 0 && event.occurredAt.slice(0, 10) < (events[index - 1]?.occurredAt.slice(0, 10) ?? '')) {
          outOfOrder.push(event.id);
        }
      });
    }
    expect(misnumbered).toEqual([]);
    expect(outOfOrder).toEqual([]);
  });

  it('uses case ids from CASE-10001 up, each with events', () => {
    expect(council.caseIds).toHaveLength(1_000);
    expect(council.caseIds[0]).toBe('CASE-10001');
    expect(new Set(council.caseIds).size).toBe(1_000);
    expect([...cases.keys()].sort()).toEqual([...council.caseIds].sort());
  });

  it('marks every event as synthetic and names no one', () => {
    expect(council.events.every((event) => event.source === 'synthetic')).toBe(true);
    const staffIds = new Set(council.staff.map((member) => member.id));
    for (const event of ofType(council.events, 'case.allocated')) {
      expect(staffIds.has(event.data.workerId)).toBe(true);
    }
  });

  it('starts each case with the child’s details and allocates it to a worker before the work begins', () => {
    for (const events of cases.values()) {
      expect(events[0]?.type).toBe('child.updated');
      // An unborn baby's case starts with the expected date of birth.
      const first = ofType(events, 'child.updated')[0]?.data;
      expect(first?.dateOfBirth ?? first?.expectedDateOfBirth).toBeDefined();
      const allocated = firstDayOf(events, 'case.allocated');
      expect(allocated).toBeDefined();
      const unallocatedWork = events.filter(
        (event) =>
          ['visit.completed', 'oversight.recorded', 'supervision.held'].includes(event.type) &&
          dayOf(event.occurredAt) < (allocated as number),
      );
      expect(unallocatedWork).toEqual([]);
    }
  });

  it('orders each case’s milestones as practice does', () => {
    const notBefore = (events: CaseEvent[], later: EventType, earlier: EventType) => {
      const laterDay = firstDayOf(events, later);
      if (laterDay === undefined) return;
      expect(firstDayOf(events, earlier)).toBeLessThanOrEqual(laterDay);
    };
    for (const events of cases.values()) {
      // A case opened straight to leaving care has no referral, and may still have a transition assessment.
      if (events.some((event) => event.type === 'referral.received')) {
        notBefore(events, 'assessment.started', 'referral.received');
      }
      notBefore(events, 'threshold.decided', 'referral.received');
      notBefore(events, 'mash_enquiry.completed', 'mash_enquiry.started');
      notBefore(events, 'assessment.completed', 'assessment.started');
      notBefore(events, 'assessment.authorised', 'assessment.completed');
      notBefore(events, 's47.started', 'strategy_discussion.held');
      notBefore(events, 's47.completed', 's47.started');
      notBefore(events, 'conference.held', 'conference.scheduled');
      notBefore(events, 'cp_plan.started', 'conference.held');
      notBefore(events, 'core_group.held', 'cp_plan.started');
      notBefore(events, 'cp_plan.ended', 'cp_plan.started');
      notBefore(events, 'cin_review.held', 'cin_plan.started');
      notBefore(events, 'cin_plan.ended', 'cin_plan.started');
      notBefore(events, 'placement.started', 'care_period.started');
      notBefore(events, 'cic_review.held', 'care_period.started');
      notBefore(events, 'health_assessment.completed', 'care_period.started');
      notBefore(events, 'care_period.ended', 'care_period.started');
      notBefore(events, 'proceedings.concluded', 'proceedings.issued');
      notBefore(events, 'missing_episode.ended', 'missing_episode.started');
      notBefore(events, 'early_help.ended', 'early_help.started');
      notBefore(events, 'private_fostering.ended', 'private_fostering.notified');
      const closed = events.findIndex((event) => event.type === 'case.closed');
      if (closed !== -1) expect(closed).toBe(events.length - 1);
    }
  });

  it('starts each child protection plan on the day of the initial conference that made it', () => {
    for (const events of cases.values()) {
      const planStart = firstDayOf(events, 'cp_plan.started');
      if (planStart === undefined) continue;
      const conference = ofType(events, 'conference.held').find(
        (held) => held.data.conferenceType === 'initial',
      );
      expect(conference?.data.outcome).toBe('plan');
      expect(dayOf(conference?.occurredAt ?? '')).toBe(planStart);
      expect(ofType(events, 'strategy_discussion.held')[0]?.data.s47Initiated).toBe(true);
    }
  });

  it('deals cases out in the intended mix', () => {
    const counts = new Map<string, number>();
    for (const events of cases.values())
      counts.set(cohortOf(events), (counts.get(cohortOf(events)) ?? 0) + 1);
    const share = (cohort: string) => (counts.get(cohort) ?? 0) / cases.size;
    expect(share('early-help')).toBeCloseTo(0.07, 1);
    expect(share('child-in-need')).toBeCloseTo(0.32, 1);
    expect(share('child-protection')).toBeCloseTo(0.14, 1);
    expect(share('child-in-care')).toBeCloseTo(0.28, 1);
    expect(share('care-leaver')).toBeCloseTo(0.09, 1);
    expect(share('referral-assessment')).toBeCloseTo(0.1, 1);
    const closed = [...cases.values()].filter((events) =>
      events.some((event) => event.type === 'case.closed'),
    );
    expect(closed.length).toBeGreaterThan(20);
  });

  it('gives children ages that fit their cohort, and records about one in twelve as disabled', () => {
    const asOf = parseIsoDate(AS_OF);
    let disabled = 0;
    for (const events of cases.values()) {
      const born = ofType(events, 'child.updated').find((event) => event.data.dateOfBirth !== undefined);
      // A baby still to be born has no age yet.
      if (born === undefined) continue;
      const age = ageOn(dayOf(born.data.dateOfBirth ?? ''), asOf);
      if (cohortOf(events) === 'care-leaver') {
        expect(age).toBeGreaterThanOrEqual(16);
        expect(age).toBeLessThanOrEqual(20);
      } else {
        expect(age).toBeLessThan(18);
      }
      if (ofType(events, 'child.updated').some((event) => event.data.disabled === true)) disabled++;
    }
    expect(disabled / cases.size).toBeGreaterThan(0.04);
    expect(disabled / cases.size).toBeLessThan(0.13);
  });

  it('builds a management chain in which everyone reports, level by level, up to a single Director', () => {
    const { staff } = council;
    const byId = new Map(staff.map((member) => [member.id, member]));
    expect(byId.size).toBe(staff.length);
    const directors = staff.filter((member) => member.level === 'DIRECTOR');
    expect(directors).toHaveLength(1);
    expect(directors[0]?.reportsTo).toBeNull();
    const rank = ['worker', 'ATM', 'TM', 'SM', 'HOS', 'AD', 'DIRECTOR'];
    for (const member of staff) {
      if (member.level === 'DIRECTOR') continue;
      const manager = byId.get(member.reportsTo ?? '');
      expect(manager, `${member.id} reports to ${member.reportsTo}`).toBeDefined();
      expect(rank.indexOf(manager?.level ?? '')).toBe(rank.indexOf(member.level) + 1);
    }
    expect(staff.every((member) => /^(SW|ATM|TM|SM|HOS|AD|DIR)-\d{2,}$/.test(member.id))).toBe(true);
  });

  it('staffs about 16 cases a worker and leaves each case with a worker of the team named', () => {
    const workers = council.staff.filter((member) => member.level === 'worker');
    expect(cases.size / workers.length).toBeGreaterThan(13);
    expect(cases.size / workers.length).toBeLessThanOrEqual(16);
    const teamOf = new Map(workers.map((worker) => [worker.id, worker.teamId]));
    const caseload = new Map<string, number>();
    for (const events of cases.values()) {
      const last = ofType(events, 'case.allocated').at(-1);
      expect(teamOf.get(last?.data.workerId ?? '')).toBe(last?.data.teamId);
      caseload.set(last?.data.workerId ?? '', (caseload.get(last?.data.workerId ?? '') ?? 0) + 1);
    }
    expect(Math.max(...caseload.values())).toBeLessThanOrEqual(17);
  });

  it('visits children on child protection plans mostly within 10 working days, with some lapses', () => {
    let onTime = 0;
    let total = 0;
    for (const events of cases.values()) {
      const seen = ofType(events, 'visit.completed').filter(
        (visit) => visit.data.visitType === 'cp' && visit.data.childSeen,
      );
      const start = firstDayOf(events, 'cp_plan.started');
      if (start === undefined) continue;
      let last = start;
      for (const visit of seen) {
        const day = dayOf(visit.occurredAt);
        total++;
        if (day <= calendar.addWorkingDays(last, 10)) onTime++;
        last = day;
      }
    }
    expect(total).toBeGreaterThan(1_000);
    expect(onTime / total).toBeGreaterThan(0.82);
    expect(onTime / total).toBeLessThan(0.95);
  });

  it('includes retractions of earlier events and agreed visiting frequencies signed off by a Team Manager', () => {
    const ids = new Map(council.events.map((event, index) => [event.id, index]));
    const retractions = ofType(council.events, 'event.retracted');
    expect(retractions.length).toBeGreaterThan(0);
    for (const retraction of retractions) {
      const target = council.events[ids.get(retraction.data.eventId) ?? -1];
      expect(target?.caseId).toBe(retraction.caseId);
      expect(ids.get(retraction.data.eventId)).toBeLessThan(ids.get(retraction.id) ?? 0);
    }
    const managers = new Set(
      council.staff.filter((member) => member.level === 'TM').map((member) => member.id),
    );
    const agreed = ofType(council.events, 'visit_frequency.agreed');
    expect(agreed.length).toBeGreaterThan(0);
    for (const agreement of agreed) {
      expect(agreement.data).toEqual({
        rule: 'cin.visit',
        every: { amount: 4, unit: 'weeks' },
        agreedBy: agreement.data.agreedBy,
      });
      expect(managers.has(agreement.data.agreedBy)).toBe(true);
    }
  });

  it('writes some times as London date-times, and some recording times a day or two later', () => {
    const timed = council.events.filter((event) => event.occurredAt.includes('T'));
    expect(timed.length).toBeGreaterThan(0);
    expect(timed.every((event) => /T\d\d:\d\d:00\+0[01]:00$/.test(event.occurredAt))).toBe(true);
    expect(ofType(timed, 'strategy_discussion.held').length).toBeGreaterThan(0);
    const recordedLater = council.events.filter(
      (event) =>
        event.recordedAt !== undefined && event.recordedAt.slice(0, 10) > event.occurredAt.slice(0, 10),
    );
    expect(recordedLater.length).toBeGreaterThan(0);
  });

  it('stays valid and inside its window for any seed and as-of date the calendar covers', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: parseIsoDate('2021-01-01'), max: calendar.lastDay }),
        (seed, day) => {
          const asOf = formatIsoDate(day);
          const { events, caseIds } = generateCouncil({ seed, asOf, cases: 12 });
          expect(caseIds).toHaveLength(12);
          for (const event of events) {
            expect(parseCaseEvent(event).ok).toBe(true);
            expect(event.occurredAt.slice(0, 10) <= asOf).toBe(true);
            expect(event.occurredAt.slice(0, 10) >= '2021-01-01').toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('staffs even an empty council with a chain up to the Director', () => {
    const empty = generateCouncil({ seed: 1, asOf: AS_OF, cases: 0 });
    expect(empty.events).toEqual([]);
    expect(empty.caseIds).toEqual([]);
    expect(empty.staff.filter((member) => member.level === 'DIRECTOR')).toHaveLength(1);
  });

  it('refuses options it cannot honour', () => {
    const valid = { seed: 1, asOf: AS_OF, cases: 10 };
    expect(() => generateCouncil({ ...valid, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateCouncil({ ...valid, asOf: '2020-12-31' })).toThrow(/2021-01-01/);
    expect(() => generateCouncil({ ...valid, asOf: '2029-01-01' })).toThrow(/2028-12-31/);
    expect(() => generateCouncil({ ...valid, cases: -1 })).toThrow(RangeError);
    expect(() => generateCouncil({ ...valid, cases: 1.5 })).toThrow(RangeError);
    expect(() => generateCouncil({ ...valid, seed: 0.5 })).toThrow(RangeError);
  });

  it('looks like a mostly compliant council under every rule of the default profile', () => {
    // Decided: met (on time or late), missed, or overdue. Each rule seen at least 20 times has at
    // least 70% of its decided occurrences met on time, and nothing is beyond the engine.
    const profile = builtInProfile('default');
    const asOf = { day: parseIsoDate(AS_OF), ms: null };
    const small = generateCouncil({ seed: 500, asOf: AS_OF, cases: 500 });
    const decided: ReadonlySet<DeadlineStatus> = new Set(['met', 'met-late', 'missed', 'overdue']);
    const tally = new Map<string, { occurrences: number; decided: number; onTime: number }>();
    const problems: string[] = [];
    let overdue = 0;
    for (const [caseId, events] of eventsByCase(small.events)) {
      const evaluation = evaluateCase(caseId, events, profile, asOf);
      problems.push(...evaluation.problems.map((problem) => `${caseId}: ${problem.message}`));
      for (const deadline of evaluation.deadlines) {
        const counts = tally.get(deadline.rule.id) ?? { occurrences: 0, decided: 0, onTime: 0 };
        counts.occurrences++;
        if (decided.has(deadline.status)) counts.decided++;
        if (deadline.status === 'met') counts.onTime++;
        if (deadline.status === 'overdue') overdue++;
        tally.set(deadline.rule.id, counts);
      }
    }
    expect(problems).toEqual([]);
    const seen = [...tally].filter(([, counts]) => counts.occurrences >= 20);
    expect(seen.length).toBeGreaterThan(profile.rules.length / 2);
    const lax = seen
      .filter(([, counts]) => counts.onTime < 0.7 * counts.decided)
      .map(([rule, counts]) => `${rule}: ${counts.onTime} of ${counts.decided} on time`);
    expect(lax).toEqual([]);
    // Tens of overdue deadlines for a council this size, not hundreds.
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(small.caseIds.length / 4);
  });

  // Its speed is the bench's to measure (bench/council.ts times each slice it generates), not a test's:
  // the time allowed is only there to stop a hung run, with room for a loaded machine.
  it('generates a council of 20,000 cases, each with its history', { timeout: 120_000 }, () => {
    const large = generateCouncil({ seed: 7, asOf: AS_OF, cases: 20_000 });
    expect(large.caseIds).toHaveLength(20_000);
    expect(large.events.length).toBeGreaterThan(20_000 * 20);
  });
});

describe('the synthetic council’s directory', () => {
  it('gives every member of staff a name of their own, the same for the same seed', () => {
    const council = generateCouncil({ seed: 1, asOf: '2026-12-07', cases: 300 });
    const { staff } = syntheticDirectory(council, 1);
    expect(staff.length).toBeGreaterThan(40);
    expect(new Set(staff.map((member) => member.name)).size).toBe(staff.length);
    expect(syntheticDirectory(council, 1)).toEqual(syntheticDirectory(council, 1));
  });
});
