/**
 * One valid, synthetic event of every type, for tests and for councils' integration teams to copy.
 * They follow five invented cases through a plausible 2026; every id is made up and none names a person.
 */
import type { EventOf, EventType } from './case-event.ts';

/** One fixture per type, each typed as its own event; deeply frozen, so `structuredClone` one before changing it. */
export const EVENT_FIXTURES: Readonly<{ [T in EventType]: EventOf<T> }> = deepFreeze({
  'child.updated': {
    id: 'mosaic-1001-0001',
    type: 'child.updated',
    caseId: 'CASE-1001',
    occurredAt: '2026-01-05',
    source: 'mosaic',
    data: { dateOfBirth: '2019-06-14', disabled: false },
  },
  'referral.received': {
    id: 'mosaic-1001-0002',
    type: 'referral.received',
    caseId: 'CASE-1001',
    occurredAt: '2026-01-05T10:42:00Z',
    recordedAt: '2026-01-05T11:05:00Z',
    source: 'mosaic',
    data: {},
  },
  'assessment.started': {
    id: 'mosaic-1001-0004',
    type: 'assessment.started',
    caseId: 'CASE-1001',
    occurredAt: '2026-01-06',
    data: {},
  },
  'assessment.completed': {
    id: 'mosaic-1001-0009',
    type: 'assessment.completed',
    caseId: 'CASE-1001',
    occurredAt: '2026-02-20',
    recordedAt: '2026-02-20',
    data: {},
  },
  'assessment.authorised': {
    id: 'mosaic-1001-0010',
    type: 'assessment.authorised',
    caseId: 'CASE-1001',
    occurredAt: '2026-02-24T16:10:00Z',
    data: {},
  },
  'strategy_discussion.held': {
    id: 'mosaic-1002-0001',
    type: 'strategy_discussion.held',
    caseId: 'CASE-1002',
    occurredAt: '2026-01-12T14:00:00Z',
    recordedAt: '2026-01-12T17:25:00Z',
    data: { s47Initiated: true },
  },
  's47.started': {
    id: 'mosaic-1002-0002',
    type: 's47.started',
    caseId: 'CASE-1002',
    occurredAt: '2026-01-12',
    data: {},
  },
  's47.completed': {
    id: 'mosaic-1002-0004',
    type: 's47.completed',
    caseId: 'CASE-1002',
    occurredAt: '2026-01-26',
    data: { outcome: 'conference' },
  },
  'conference.scheduled': {
    id: 'mosaic-1002-0005',
    type: 'conference.scheduled',
    caseId: 'CASE-1002',
    occurredAt: '2026-01-26',
    data: { conferenceType: 'initial', date: '2026-02-02T10:00:00Z' },
  },
  'conference.held': {
    id: 'mosaic-1002-0006',
    type: 'conference.held',
    caseId: 'CASE-1002',
    occurredAt: '2026-02-02',
    data: { conferenceType: 'initial', outcome: 'plan' },
  },
  'cp_plan.started': {
    id: 'mosaic-1002-0007',
    type: 'cp_plan.started',
    caseId: 'CASE-1002',
    occurredAt: '2026-02-02',
    data: {},
  },
  'cp_plan.ended': {
    id: 'mosaic-1002-0031',
    type: 'cp_plan.ended',
    caseId: 'CASE-1002',
    occurredAt: '2026-11-02',
    data: {},
  },
  'core_group.held': {
    id: 'mosaic-1002-0010',
    type: 'core_group.held',
    caseId: 'CASE-1002',
    occurredAt: '2026-02-13',
    data: {},
  },
  'cin_plan.started': {
    id: 'lcs-1003-0003',
    type: 'cin_plan.started',
    caseId: 'CASE-1003',
    occurredAt: '2026-03-02',
    source: 'liquidlogic',
    data: {},
  },
  'cin_plan.ended': {
    id: 'lcs-1003-0012',
    type: 'cin_plan.ended',
    caseId: 'CASE-1003',
    occurredAt: '2026-06-22',
    source: 'liquidlogic',
    data: {},
  },
  'cin_review.held': {
    id: 'lcs-1003-0007',
    type: 'cin_review.held',
    caseId: 'CASE-1003',
    occurredAt: '2026-04-13',
    source: 'liquidlogic',
    data: {},
  },
  'care_period.started': {
    id: 'mosaic-1004-0001',
    type: 'care_period.started',
    caseId: 'CASE-1004',
    occurredAt: '2026-01-20',
    data: { legalStatus: 'interim-care-order' },
  },
  'care_period.ended': {
    id: 'mosaic-1005-0040',
    type: 'care_period.ended',
    caseId: 'CASE-1005',
    occurredAt: '2026-03-31',
    data: {},
  },
  'placement.started': {
    id: 'mosaic-1004-0002',
    type: 'placement.started',
    caseId: 'CASE-1004',
    occurredAt: '2026-01-20T19:30:00Z',
    data: { placementType: 'temporary-connected-carer', longTermMatched: false, intendedToAge18: false },
  },
  'placement.ended': {
    id: 'mosaic-1004-0015',
    type: 'placement.ended',
    caseId: 'CASE-1004',
    occurredAt: '2026-04-17',
    data: {},
  },
  'cic_review.held': {
    id: 'mosaic-1004-0008',
    type: 'cic_review.held',
    caseId: 'CASE-1004',
    occurredAt: '2026-02-17',
    data: {},
  },
  'health_assessment.completed': {
    id: 'mosaic-1004-0006',
    type: 'health_assessment.completed',
    caseId: 'CASE-1004',
    occurredAt: '2026-02-12',
    data: { kind: 'initial' },
  },
  'visit.completed': {
    id: 'mosaic-1002-0018',
    type: 'visit.completed',
    caseId: 'CASE-1002',
    occurredAt: '2026-06-10T15:30:00+01:00',
    recordedAt: '2026-06-11T09:12:00+01:00',
    data: { visitType: 'cp', childSeen: true, seenAlone: true, bedroomSeen: true },
  },
  'oversight.recorded': {
    id: 'mosaic-1002-0008',
    type: 'oversight.recorded',
    caseId: 'CASE-1002',
    occurredAt: '2026-02-03',
    data: { level: 'TM' },
  },
  'supervision.held': {
    id: 'mosaic-1002-0012',
    type: 'supervision.held',
    caseId: 'CASE-1002',
    occurredAt: '2026-02-19',
    data: {},
  },
  'case.allocated': {
    id: 'mosaic-1001-0003',
    type: 'case.allocated',
    caseId: 'CASE-1001',
    occurredAt: '2026-01-06T09:15:00Z',
    data: { workerId: 'SW-014', teamId: 'TEAM-N2', reason: 'new' },
  },
  'case.closed': {
    id: 'lcs-1003-0013',
    type: 'case.closed',
    caseId: 'CASE-1003',
    occurredAt: '2026-06-29',
    source: 'liquidlogic',
    data: {},
  },
  'visit_frequency.agreed': {
    id: 'mosaic-1004-0009',
    type: 'visit_frequency.agreed',
    caseId: 'CASE-1004',
    occurredAt: '2026-02-17',
    data: { rule: 'cic.visit', every: { amount: 4, unit: 'weeks' }, agreedBy: 'TM-003' },
  },
  'event.retracted': {
    id: 'mosaic-1001-0005',
    type: 'event.retracted',
    caseId: 'CASE-1001',
    occurredAt: '2026-01-07T08:50:00Z',
    data: { eventId: 'mosaic-1001-0004' },
  },
});

// Fixtures are shared by every test file; freezing turns an accidental edit into an error at the edit.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
