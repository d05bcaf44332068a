import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  EVENT_FIXTURES,
  EVENT_TYPES,
  type EventType,
  MAX_NESTING,
  type ParseResult,
  type Problem,
  parseCaseEvent,
  parseEventLine,
} from '../../events/index.ts';

type Json = Record<string, unknown>;

/** A mutable copy of a type's fixture, with `changes` applied at dotted paths (`undefined` removes). */
function eventWith(type: EventType, changes: Record<string, unknown> = {}): Json {
  const event = structuredClone(EVENT_FIXTURES[type]) as unknown as Json;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node[key] as Json, event);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return event;
}

function problemsOf(result: ParseResult): Problem[] {
  if (result.ok) throw new Error(`expected problems, but parsed ${JSON.stringify(result.event)}`);
  return result.problems;
}

const problems = (input: unknown) => problemsOf(parseCaseEvent(input));
const paths = (input: unknown) => problems(input).map(({ path }) => path);
const messageAt = (input: unknown, path: string) =>
  problems(input).find((problem) => problem.path === path)?.message;

const ENVELOPE_REQUIRED = ['id', 'type', 'caseId', 'occurredAt', 'data'] as const;

// Written out from the contract rather than read from the schema, so a field that becomes optional by
// mistake fails here.
const DATA_REQUIRED: Record<EventType, readonly string[]> = {
  'child.updated': [],
  'referral.received': [],
  'assessment.started': [],
  'assessment.completed': [],
  'assessment.authorised': [],
  'strategy_discussion.held': ['s47Initiated'],
  's47.started': [],
  's47.completed': [],
  'conference.scheduled': ['conferenceType', 'date'],
  'conference.held': ['conferenceType', 'outcome'],
  'cp_plan.started': [],
  'cp_plan.ended': [],
  'core_group.held': [],
  'cin_plan.started': [],
  'cin_plan.ended': [],
  'cin_review.held': [],
  'care_period.started': ['legalStatus'],
  'care_period.ended': [],
  'placement.started': ['placementType'],
  'placement.ended': [],
  'placement.temporary_approval_extended': ['weeks'],
  'cic_review.held': [],
  'health_assessment.completed': ['kind'],
  'visit.completed': ['visitType', 'childSeen'],
  'oversight.recorded': ['level'],
  'supervision.held': [],
  'case.allocated': ['workerId', 'reason'],
  'case.closed': [],
  'early_help.started': [],
  'early_help.ended': [],
  'family.contacted': [],
  'threshold.decided': ['decision'],
  'mash_enquiry.started': ['grading'],
  'mash_enquiry.completed': [],
  'meeting.held': ['meetingType'],
  'record.updated': ['record'],
  'report.submitted': ['for', 'stage'],
  'cic_review.scheduled': ['date'],
  'iro.appointed': [],
  'cic_notification.sent': [],
  'missing_episode.started': [],
  'missing_episode.ended': [],
  'return_interview.held': [],
  'assessment.refused': [],
  'lado.referred': [],
  'serious_incident.recorded': ['kind'],
  'case.transfer_requested': [],
  'case_audit.completed': [],
  'decision.recorded': ['decision'],
  'personal_adviser.allocated': ['staffId'],
  'benefits_application.supported': [],
  'transitions.notified': [],
  'transitions.referred': [],
  'pre_proceedings.letter_sent': [],
  'pre_proceedings.meeting_held': ['meeting'],
  'pre_proceedings.ended': ['outcome'],
  'proceedings.issued': [],
  'proceedings.extended': ['weeks', 'reason'],
  'proceedings.concluded': [],
  'dol_order.made': ['endsOn'],
  'dol_order.renewal_applied': [],
  'dol_order.ended': [],
  'significant_change.recorded': ['kind'],
  'family_placement.completed': ['work'],
  'private_fostering.notified': [],
  'private_fostering.ended': [],
  'visit_frequency.agreed': ['rule', 'every', 'agreedBy'],
  'action.recorded': ['actionId', 'ownerId', 'dueOn'],
  'action.done': ['actionId'],
  'action.moved': ['actionId', 'dueOn', 'reason'],
  'event.retracted': ['eventId'],
};

describe('a valid event', () => {
  it('is returned unchanged and typed by its type', () => {
    const result = parseCaseEvent(eventWith('visit.completed'));
    expect(result).toEqual({ ok: true, event: EVENT_FIXTURES['visit.completed'] });
    if (result.ok && result.event.type === 'visit.completed') {
      const childSeen: boolean = result.event.data.childSeen;
      expect(childSeen).toBe(true);
    }
  });

  it('may leave out every optional field', () => {
    const bare = eventWith('placement.started', {
      source: undefined,
      recordedAt: undefined,
      'data.longTermMatched': undefined,
      'data.intendedToAge18': undefined,
    });
    expect(parseCaseEvent(bare).ok).toBe(true);
  });
});

describe.each(EVENT_TYPES)('a %s event with required fields missing', (type) => {
  const required = [...ENVELOPE_REQUIRED, ...DATA_REQUIRED[type].map((field) => `data.${field}`)];

  it.each(required)('reports %s as required', (path) => {
    expect(problems(eventWith(type, { [path]: undefined }))).toContainEqual({ path, message: 'is required' });
  });

  it('reports every missing envelope and data field at once', () => {
    // `type` stays: without it the data cannot be checked (see the test below).
    const missing = required.filter((path) => path !== 'type' && path !== 'data');
    const event = eventWith(type, Object.fromEntries(missing.map((path) => [path, undefined])));
    expect(problems(event)).toEqual(missing.map((path) => ({ path, message: 'is required' })));
  });
});

describe('missing fields', () => {
  it('are all reported with the type when the type itself is missing', () => {
    const event = eventWith('case.closed', {
      type: undefined,
      id: undefined,
      caseId: undefined,
      data: undefined,
    });
    expect(paths(event)).toEqual(['id', 'type', 'caseId', 'data']);
  });

  it('include the fields of a nested object', () => {
    const event = eventWith('visit_frequency.agreed', { 'data.every': {} });
    expect(problems(event)).toEqual([
      { path: 'data.every.amount', message: 'is required' },
      { path: 'data.every.unit', message: 'is required' },
    ]);
  });

  it('are reported for a child update that updates nothing', () => {
    expect(problems(eventWith('child.updated', { data: {} }))).toEqual([
      { path: 'data', message: 'must include at least one of: dateOfBirth, expectedDateOfBirth, disabled' },
    ]);
  });

  it('are reported together with problems found elsewhere', () => {
    const event = eventWith('visit.completed', {
      caseId: 'CASE 1',
      'data.visitType': 'home',
      'data.childSeen': undefined,
    });
    expect(paths(event)).toEqual(['caseId', 'data.visitType', 'data.childSeen']);
  });
});

describe('enum fields', () => {
  it.each([
    ['conference.held', 'data.conferenceType', 'icpc', 'must be one of: initial, review'],
    ['conference.held', 'data.outcome', 'Plan', 'must be one of: plan, no-plan, continue, end'],
    ['s47.completed', 'data.outcome', 'nfa', 'must be one of: conference, no-further-action, child-in-need'],
    ['oversight.recorded', 'data.level', 'tm', 'must be one of: ATM, TM, SM, HOS, AD, DIRECTOR'],
    [
      'visit.completed',
      'data.visitType',
      'cla',
      'must be one of: cin, cp, cic, care-leaver, early-help, private-fostering',
    ],
    ['case.allocated', 'data.reason', 'moved', 'must be one of: new, reallocation, transfer'],
    [
      'health_assessment.completed',
      'data.kind',
      'annual',
      'must be one of: initial, review, strengths-and-difficulties',
    ],
    [
      'visit_frequency.agreed',
      'data.every.unit',
      'hours',
      'must be one of: working-days, days, weeks, months',
    ],
  ] as const)('%s rejects %s = %s, listing the allowed values', (type, path, value, message) => {
    expect(problems(eventWith(type, { [path]: value }))).toEqual([{ path, message }]);
  });

  it('list every legal status and placement type, and the DfE codes also accepted', () => {
    expect(
      messageAt(eventWith('care_period.started', { 'data.legalStatus': 'S20' }), 'data.legalStatus'),
    ).toBe(
      'must be one of: section-20, interim-care-order, care-order, placement-order, emergency-protection-order, ' +
        'police-protection, remand, short-breaks; ' +
        'or a code of the SSDA903 legal statuses (LS): C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4',
    );
    expect(
      messageAt(eventWith('placement.started', { 'data.placementType': 'kinship' }), 'data.placementType'),
    ).toBe(
      'must be one of: foster-care, connected-carer, temporary-connected-carer, placed-with-parents, ' +
        'placed-with-parents-before-assessment, residential, residential-school, semi-independent, ' +
        'placed-for-adoption, short-break, secure, unregistered, unregulated, other; ' +
        'or a code of the SSDA903 placement types (PLACE): A3, A4, A5, A6, H5, K1, K2, P1, P2, P3, R1, R2, R3, ' +
        'R5, S1, T0, T1, T2, T3, T4, U1, U2, U3, U4, U5, U6, Z1, Q1, Q2',
    );
  });
});

describe('values of the wrong kind', () => {
  it.each([
    ['visit.completed', 'data.childSeen', 'yes', 'must be true or false, not text'],
    ['visit.completed', 'data.seenAlone', null, 'must be true or false, not null'],
    ['strategy_discussion.held', 'data.s47Initiated', 1, 'must be true or false, not a number'],
    ['case.allocated', 'data.workerId', 14, 'must be text, not a number'],
    ['referral.received', 'caseId', 1001, 'must be text, not a number'],
    ['referral.received', 'occurredAt', 20260105, 'must be text, not a number'],
    ['referral.received', 'data', [], 'must be an object, not a list'],
    ['visit_frequency.agreed', 'data.every', '4 weeks', 'must be an object, not text'],
    ['visit_frequency.agreed', 'data.every.amount', '4', 'must be a number, not text'],
    ['visit_frequency.agreed', 'data.every.amount', 1.5, 'must be a whole number'],
    ['visit_frequency.agreed', 'data.every.amount', 0, 'must be at least 1'],
    ['visit_frequency.agreed', 'data.every.amount', 367, 'must be at most 366'],
  ] as const)('%s: %s = %j is reported as "%s"', (type, path, value, message) => {
    expect(problems(eventWith(type, { [path]: value }))).toEqual([{ path, message }]);
  });
});

describe('unknown fields', () => {
  it('are reported one by one, on the object holding each, by position rather than by name', () => {
    // The fixture has six fields (id, type, caseId, occurredAt, recordedAt, data), and four in data.
    const event = eventWith('visit.completed', { childName: 'x', 'data.notes': 'x', 'data.mood': 'x' });
    expect(problems(event)).toEqual([
      { path: 'data', message: 'its 5th field is not a recognised field' },
      { path: 'data', message: 'its 6th field is not a recognised field' },
      { path: '', message: 'its 7th field is not a recognised field' },
    ]);
  });

  it('are reported in the data of a type that has none', () => {
    expect(problems(eventWith('case.closed', { 'data.reason': 'x' }))).toEqual([
      { path: 'data', message: 'its 1st field is not a recognised field' },
    ]);
  });

  it('are reported inside nested objects', () => {
    expect(problems(eventWith('visit_frequency.agreed', { 'data.every.from': '2026-01-01' }))).toEqual([
      { path: 'data.every', message: 'its 3rd field is not a recognised field' },
    ]);
  });

  it('are reported when the type is missing too', () => {
    expect(problems(eventWith('case.closed', { type: undefined, 'Jane Sentinel-Smith': true }))).toEqual([
      { path: 'type', message: 'is required' },
      { path: '', message: 'its 6th field is not a recognised field' },
    ]);
  });

  it('never repeat the name of the field, which is input like any value', () => {
    const name = 'Jane Sentinel-Smith \u001b[2J';
    const found = problems(eventWith('visit.completed', { [name]: 1, [`data.${name}`]: 1 }));
    expect(found).toHaveLength(2);
    expect(JSON.stringify(found)).not.toMatch(/Sentinel|\\u001b/);
  });
});

describe('input nested too deep', () => {
  const nested = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it(`is refused on the field holding it, at more than ${MAX_NESTING} levels counting the event`, () => {
    // The event is level 1 and data level 2, so data may hold 30 levels more.
    expect(problems(eventWith('case.closed', { data: nested(MAX_NESTING - 1) }))).toEqual([
      { path: 'data', message: 'its 1st field is not a recognised field' },
    ]);
    expect(problems(eventWith('case.closed', { data: nested(MAX_NESTING) }))).toEqual([
      { path: 'data', message: `is nested more than ${MAX_NESTING} levels deep` },
    ]);
  });

  it('is refused without overflowing the stack, thousands of levels deep, in objects or lists', () => {
    const lists = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(problems(eventWith('case.closed', { data: nested(5_000), source: lists }))).toEqual([
      { path: 'source', message: `is nested more than ${MAX_NESTING} levels deep` },
      { path: 'data', message: `is nested more than ${MAX_NESTING} levels deep` },
    ]);
    expect(problemsOf(parseEventLine(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toEqual([
      { path: '', message: 'must be an object (one event), not a list' },
    ]);
  });

  it('names a field the contract does not have by its position', () => {
    expect(problems({ ...eventWith('case.closed'), 'Jane Sentinel-Smith': nested(40) })).toEqual([
      { path: '', message: `its 7th field is nested more than ${MAX_NESTING} levels deep` },
    ]);
  });
});

describe('text that is not valid Unicode', () => {
  it('is refused on the field holding it, as a value or a name, at any depth', () => {
    expect(problems(eventWith('visit.completed', { caseId: 'CASE-\ud800', 'data.x\udc00': true }))).toEqual([
      { path: 'caseId', message: 'contains text that is not valid Unicode' },
      { path: 'data', message: 'contains text that is not valid Unicode' },
    ]);
    expect(problems({ ...eventWith('case.closed'), '\udfff': 1 })).toEqual([
      { path: '', message: 'its 7th field contains text that is not valid Unicode' },
    ]);
  });

  it('so two ids made of different lone surrogates are both refused, not stored as one', () => {
    for (const id of ['\ud800', '\ud801']) {
      expect(problemsOf(parseEventLine(JSON.stringify(eventWith('case.closed', { id }))))).toEqual([
        { path: 'id', message: 'contains text that is not valid Unicode' },
      ]);
    }
  });

  it('is not confused with characters outside the Basic Multilingual Plane, which are whole', () => {
    expect(problems(eventWith('case.closed', { source: 'mosaic-🙂' }))).toEqual([
      {
        path: 'source',
        message: 'may only contain the letters A–Z and a–z, digits and . _ : / # @ + - (no spaces)',
      },
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['occurredAt', '2026-02-30', '2026-02-30 is not a real date'],
    ['occurredAt', '2025-02-29', '2025-02-29 is not a real date'],
    ['occurredAt', '2026-04-31T10:00:00Z', '2026-04-31 is not a real date'],
    ['occurredAt', '2026-13-01', '2026-13-01 is not a real date'],
    ['occurredAt', '2026-00-10', '2026-00-10 is not a real date'],
    ['recordedAt', '2026-06-31', '2026-06-31 is not a real date'],
    ['occurredAt', '2026-03-04T24:00:00Z', '2026-03-04T24:00:00Z is not a real time'],
    ['occurredAt', '2026-03-04T09:60Z', '2026-03-04T09:60Z is not a real time'],
    ['occurredAt', '20226-01-05', 'year 20226 is outside the accepted years 1900–2100'],
    ['occurredAt', '0001-01-05', 'year 0001 is outside the accepted years 1900–2100'],
    ['occurredAt', '1899-12-31', 'year 1899 is outside the accepted years 1900–2100'],
    ['occurredAt', '2101-01-01T00:00Z', 'year 2101 is outside the accepted years 1900–2100'],
    [
      'occurredAt',
      '05/01/2026',
      'must be a date (YYYY-MM-DD) or a date and time with an offset (for example 2026-03-04T09:30:00Z)',
    ],
    [
      'occurredAt',
      '2026-01-05 10:42:00Z',
      'must be a date (YYYY-MM-DD) or a date and time with an offset (for example 2026-03-04T09:30:00Z)',
    ],
    [
      'occurredAt',
      '',
      'must be a date (YYYY-MM-DD) or a date and time with an offset (for example 2026-03-04T09:30:00Z)',
    ],
    [
      'occurredAt',
      '2026-01-05T10:42:00+0100',
      '2026-01-05T10:42:00+0100 has an offset that is not Z or ±hh:mm (such as +01:00)',
    ],
  ])('reject %s = %s: "%s"', (path, value, message) => {
    expect(problems(eventWith('referral.received', { [path]: value }))).toEqual([{ path, message }]);
  });

  it.each(['2026-03-04T09:30:00', '2026-03-04T09:30', '2026-03-04T09:30:00.250'])(
    'reject a date and time without an offset (%s)',
    (value) => {
      expect(messageAt(eventWith('referral.received', { occurredAt: value }), 'occurredAt')).toBe(
        `${value} has no time-zone offset: add Z for UTC or an offset such as +01:00`,
      );
    },
  );

  it.each([
    '2024-02-29',
    '1900-01-01',
    '2100-12-31',
    '2026-03-04T09:30Z',
    '2026-03-04T09:30:15Z',
    '2026-03-04T09:30:15.123456Z',
    '2026-06-01T14:05+01:00',
    '2026-01-31T23:59:59-05:00',
  ])('accept %s', (value) => {
    expect(
      parseCaseEvent(eventWith('referral.received', { occurredAt: value, recordedAt: undefined })).ok,
    ).toBe(true);
  });

  it('apply inside data: a date of birth must be a real date without a time', () => {
    expect(problems(eventWith('child.updated', { 'data.dateOfBirth': '2019-02-29' }))).toEqual([
      { path: 'data.dateOfBirth', message: '2019-02-29 is not a real date' },
    ]);
    expect(problems(eventWith('child.updated', { 'data.dateOfBirth': '2019-06-14T00:00:00Z' }))).toEqual([
      { path: 'data.dateOfBirth', message: 'must be a date only (YYYY-MM-DD), without a time' },
    ]);
  });

  it('accept who recorded an event made on the board as a staff id of the directory', () => {
    const event = eventWith('pre_proceedings.ended', { recordedBy: 'TM-01.north_2' });
    expect(parseCaseEvent(event)).toEqual({ ok: true, event });
  });

  it('apply inside data: an unborn baby’s expected date of birth is a real date, and enough on its own', () => {
    const unborn = eventWith('child.updated', { data: { expectedDateOfBirth: '2026-04-20' } });
    expect(parseCaseEvent(unborn)).toEqual({ ok: true, event: unborn });
    expect(problems(eventWith('child.updated', { data: { expectedDateOfBirth: '2026-02-30' } }))).toEqual([
      { path: 'data.expectedDateOfBirth', message: '2026-02-30 is not a real date' },
    ]);
  });

  it('apply inside data: a deprivation of liberty order ends on a real date without a time', () => {
    expect(
      messageAt(eventWith('dol_order.made', { 'data.endsOn': '2026-10-05T12:00:00Z' }), 'data.endsOn'),
    ).toBe('must be a date only (YYYY-MM-DD), without a time');
  });

  it('apply inside data: a conference may be booked for a date or a date and time', () => {
    expect(parseCaseEvent(eventWith('conference.scheduled', { 'data.date': '2026-02-02' })).ok).toBe(true);
    expect(
      messageAt(eventWith('conference.scheduled', { 'data.date': '2026-02-02T10:00' }), 'data.date'),
    ).toMatch(/no time-zone offset/);
  });
});

describe('recordedAt', () => {
  const recorded = (occurredAt: string, recordedAt: string) =>
    parseCaseEvent(eventWith('referral.received', { occurredAt, recordedAt }));

  it.each([
    ['2026-03-04', '2026-03-03'],
    ['2026-03-04T09:30:00Z', '2026-03-04T09:29:59Z'],
    ['2026-03-04T09:30:00+01:00', '2026-03-04T08:29:59Z'],
    ['2026-03-04T09:30:00Z', '2026-03-03'],
    ['2026-03-04', '2026-03-03T23:59Z'],
  ])('is rejected when earlier than occurredAt (%s, recorded %s)', (occurredAt, recordedAt) => {
    expect(problemsOf(recorded(occurredAt, recordedAt))).toEqual([
      {
        path: 'recordedAt',
        message: `${recordedAt} is earlier than occurredAt (${occurredAt}); an event cannot be recorded before it happened`,
      },
    ]);
  });

  it.each([
    ['2026-03-04', '2026-03-04'],
    ['2026-03-04T09:30:00Z', '2026-03-04T09:30:00Z'],
    ['2026-03-04T09:30:00+01:00', '2026-03-04T08:45Z'],
    ['2026-03-04T17:00Z', '2026-03-04'],
    ['2026-03-04', '2026-03-04T00:00Z'],
    ['2026-03-04T09:30:00.100Z', '2026-03-04T09:30:00.1001Z'],
  ])('is accepted when not earlier (%s, recorded %s)', (occurredAt, recordedAt) => {
    expect(recorded(occurredAt, recordedAt).ok).toBe(true);
  });

  it('is checked even when other fields are wrong', () => {
    const event = eventWith('visit.completed', {
      occurredAt: '2026-03-04',
      recordedAt: '2026-03-01',
      'data.childSeen': 'y',
    });
    expect(paths(event)).toEqual(['data.childSeen', 'recordedAt']);
  });

  it('is not compared with an occurredAt that is itself wrong', () => {
    expect(
      paths(eventWith('referral.received', { occurredAt: '2026-03-40', recordedAt: '2026-03-01' })),
    ).toEqual(['occurredAt']);
  });
});

const OPAQUE_KEY = 'may only contain the letters A–Z and a–z, digits and . _ : / # @ + - (no spaces)';

describe('identifiers', () => {
  it.each([
    ['id', 'evt\n1', OPAQUE_KEY],
    ['id', 'evt\t1', OPAQUE_KEY],
    ['id', 'evt\u00001', OPAQUE_KEY],
    ['id', 'evt\u007f', OPAQUE_KEY],
    ['id', 'X Jane Smith DOB 2015-01-01', OPAQUE_KEY],
    ['id', 'évènement-1', OPAQUE_KEY],
    ['id', '<img src=x onerror=alert(1)>', OPAQUE_KEY],
    ['id', 'evt,1', OPAQUE_KEY],
    ['id', '', 'must not be empty'],
    ['id', 'x'.repeat(129), 'must be at most 128 characters long'],
    ['caseId', 'CASE-1001\t', 'may only contain letters, digits, dots, underscores, colons and hyphens'],
    ['caseId', 'Jane Doe', 'may only contain letters, digits, dots, underscores, colons and hyphens'],
    ['caseId', '', 'must not be empty'],
    ['caseId', 'C'.repeat(65), 'must be at most 64 characters long'],
    ['source', 'mosaic\r\n', OPAQUE_KEY],
    ['source', 'Mosaic live', OPAQUE_KEY],
    ['source', '<b>mosaic</b>', OPAQUE_KEY],
    ['source', 's'.repeat(65), 'must be at most 64 characters long'],
    ['recordedBy', 'Jane Smith', 'may only contain letters, digits, dots, underscores and hyphens'],
    ['recordedBy', 'SM:003', 'may only contain letters, digits, dots, underscores and hyphens'],
    ['recordedBy', '', 'must not be empty'],
  ])('reject %s = %j', (path, value, message) => {
    expect(problems(eventWith('referral.received', { [path]: value }))).toEqual([{ path, message }]);
  });

  it('accept ids up to their limits and case references with dots, colons and underscores', () => {
    const event = eventWith('referral.received', { id: `E${'x'.repeat(127)}`, caseId: 'LA:812.case_1001-A' });
    expect(parseCaseEvent(event).ok).toBe(true);
  });

  it.each([
    ['id', 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['id', 'mosaic/cases/1001/visits#3'],
    ['id', 'export+2026.11.02_0001@liquidlogic'],
    ['source', 'mosaic:live/v2+etl#1@council.example'],
  ])('accept %s = %s: the forms opaque keys take', (path, value) => {
    expect(parseCaseEvent(eventWith('referral.received', { [path]: value })).ok).toBe(true);
  });

  it.each([
    [
      'case.allocated',
      'data.workerId',
      'SW 014',
      'may only contain letters, digits, dots, underscores and hyphens',
    ],
    [
      'case.allocated',
      'data.teamId',
      'Team:North',
      'may only contain letters, digits, dots, underscores and hyphens',
    ],
    ['visit_frequency.agreed', 'data.agreedBy', '', 'must not be empty'],
    [
      'visit_frequency.agreed',
      'data.rule',
      'CIN Visit',
      'must be a rule id: lowercase words joined by dots, such as cin.visit',
    ],
    [
      'visit_frequency.agreed',
      'data.rule',
      'visit',
      'must be a rule id: lowercase words joined by dots, such as cin.visit',
    ],
    ['visit_frequency.agreed', 'data.rule', '', 'must not be empty'],
    ['event.retracted', 'data.eventId', 'mosaic-1001\n', OPAQUE_KEY],
  ])('%s rejects %s = %j', (type, path, value, message) => {
    expect(problems(eventWith(type as EventType, { [path]: value }))).toEqual([{ path, message }]);
  });

  it('accept rule ids with several dotted, hyphenated words', () => {
    expect(parseCaseEvent(eventWith('visit_frequency.agreed', { 'data.rule': 'cic.visit.reg-24' })).ok).toBe(
      true,
    );
  });
});

describe('input that is not an event object', () => {
  it.each([null, undefined, 'referral.received', 42, true, [], [EVENT_FIXTURES['case.closed']]])(
    'gives a single problem on the whole input (%j)',
    (input) => {
      const found = problems(input);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        path: '',
        message: expect.stringMatching(/^must be an object \(one event\), not /),
      });
    },
  );
});

describe('an unknown type', () => {
  it.each(['visit.done', 'Visit.Completed', '', 42, null])(
    'gives one problem on type listing the known types (%j), whatever else is wrong',
    (type) => {
      const found = problems({ type, data: 'whatever', extra: true });
      expect(found).toEqual([
        { path: 'type', message: expect.stringMatching(/^is not a known event type; must be one of: /) },
      ]);
      for (const known of EVENT_TYPES) expect(found[0]?.message).toContain(known);
    },
  );
});

describe('parseEventLine', () => {
  it('parses a line holding one valid event', () => {
    const result = parseEventLine(JSON.stringify(EVENT_FIXTURES['cp_plan.started']));
    expect(result).toEqual({ ok: true, event: EVENT_FIXTURES['cp_plan.started'] satisfies CaseEvent });
  });

  it('tolerates the carriage return left by Windows line endings', () => {
    expect(parseEventLine(`${JSON.stringify(EVENT_FIXTURES['case.closed'])}\r`).ok).toBe(true);
  });

  it.each([
    '{"id": "evt-1", "type": ',
    '{"id": x}',
    "{'id': 'evt-1'}",
    '{"id": "a"} {"id": "b"}',
    'not json',
  ])('turns invalid JSON into a problem instead of throwing (%s)', (line) => {
    const found = problemsOf(parseEventLine(line));
    expect(found).toEqual([{ path: '', message: expect.stringMatching(/^is not valid JSON: \S/) }]);
  });

  it('does not repeat the text of an invalid line, which may hold personal data', () => {
    const [problem] = problemsOf(parseEventLine('Child Surname, 12 Example Road'));
    expect(problem?.message).not.toContain('Surname');
  });

  it.each([
    // V8 quotes text around the fault in these: at the start, in the middle (after "..."), at the end.
    ['Jane Sentinel-Smith, 12 Example Road', 'unexpected character at column 1'],
    [
      '{"id":"e-1","type":"case.closed","caseId":"CASE-1","note": Jane Sentinel-Smith, "data":{}}',
      'unexpected character at column 60',
    ],
    [
      '{"id":"e-1","type":"case.closed","caseId":"CASE-1","data":{}} Jane Sentinel',
      'unexpected character at column 63',
    ],
    [
      '{"id":"e-1","note":"Jane Sentinel\t-Smith"}',
      'a tab, line break or other control character inside quotes at column 34',
    ],
    ['{"id":"e-1","note":"Jane Sentinel', 'it ends too soon'],
  ])('says where JSON fails and what kind of fault, in its own words (%s)', (line, fault) => {
    expect(problemsOf(parseEventLine(line))).toEqual([{ path: '', message: `is not valid JSON: ${fault}` }]);
  });

  it('reports an empty line as such', () => {
    expect(problemsOf(parseEventLine('   '))).toEqual([
      { path: '', message: 'is an empty line; expected one event as JSON' },
    ]);
  });

  it('starts every message with the line number when one is given', () => {
    const line = JSON.stringify(eventWith('visit.completed', { id: undefined, 'data.childSeen': 'no' }));
    expect(problemsOf(parseEventLine(line, 12))).toEqual([
      { path: 'id', message: 'line 12: is required' },
      { path: 'data.childSeen', message: 'line 12: must be true or false, not text' },
    ]);
    expect(problemsOf(parseEventLine('{', 3))[0]?.message).toMatch(/^line 3: is not valid JSON: /);
  });

  it('checks decoded JSON that is not an object like any other input', () => {
    expect(problemsOf(parseEventLine('[1, 2]'))).toEqual([
      { path: '', message: 'must be an object (one event), not a list' },
    ]);
  });
});
