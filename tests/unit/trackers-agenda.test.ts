/**
 * The week's Line of Sight meeting agenda: its sections in the meeting's order, what falls in the
 * meeting week and what does not, the board's open actions due, and the same agenda whatever order
 * the entries and actions come in.
 */
import { describe, expect, it } from 'vitest';
import {
  type AgendaAction,
  meetingAgenda,
  mondayOf,
  NotAMondayError,
  noFacts,
  type TrackerDeadline,
  type TrackerEntry,
} from '../../functions/core/trackers/index.ts';

const facts: TrackerEntry['facts'] = noFacts();

const deadline = (rule: string, due: string, status: TrackerDeadline['status']): TrackerDeadline => ({
  rule,
  title: `Title of ${rule}`,
  due,
  status,
  explain: `Due ${due}.`,
});

const entry = (caseId: string, over: Partial<TrackerEntry>): TrackerEntry => ({
  caseId,
  tracker: 'legal',
  reasons: ['pre-proceedings'],
  facts,
  deadlines: [],
  stalled: [],
  ...over,
});

const action = (caseId: string, actionId: string, dueOn: string, status: AgendaAction['status']) => ({
  caseId,
  actionId,
  ownerId: 'SW-1',
  dueOn,
  status,
});

// The meeting week of Mon 7 Dec 2026, drawn up as of the Monday.
const MONDAY = '2026-12-07';
const ENTRIES: TrackerEntry[] = [
  entry('CASE-B', {
    deadlines: [
      deadline('court.pre-proceedings-review-point', '2026-12-01', 'overdue'),
      deadline('oversight.pre-proceedings', '2026-12-09', 'upcoming'),
    ],
    stalled: [
      {
        kind: 'pre-proceedings-past-review-point',
        since: '2026-12-01',
        explain: 'In pre-proceedings since Mon 17 Aug 2026.',
        threshold: { value: '16 weeks', source: 'rule court.pre-proceedings-review-point' },
      },
    ],
  }),
  entry('CASE-A', {
    tracker: 'permanency',
    reasons: ['sdq-due'],
    deadlines: [
      deadline('cic.sdq', '2026-11-30', 'overdue'),
      deadline('cic.sdq', '2026-12-13T17:00:00Z', 'upcoming'),
      deadline('cic.review', '2026-12-14', 'upcoming'),
      deadline('cic.visit', '2026-12-07', 'due'),
    ],
  }),
];
const ACTIONS: AgendaAction[] = [
  action('CASE-A', 'ACT-3', '2026-12-13', 'open'),
  action('CASE-B', 'ACT-1', '2026-11-20', 'open'),
  action('CASE-B', 'ACT-2', '2026-12-14', 'open'),
  action('CASE-A', 'ACT-4', '2026-12-08', 'done'),
  action('CASE-A', 'ACT-5', '2026-12-08', 'withdrawn'),
];

const lines = (agenda: ReturnType<typeof meetingAgenda>) =>
  Object.fromEntries(
    agenda.sections.map((section) => [
      section.name,
      section.items.map((item) => `${item.date} ${item.caseId} ${item.about}`),
    ]),
  );

describe('the meeting agenda', () => {
  it('takes breaches, near-breaches, stalled children and actions due, in that order', () => {
    const agenda = meetingAgenda(ENTRIES, ACTIONS, MONDAY);
    expect(agenda.week).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(agenda.sections.map((section) => section.title)).toEqual([
      'Breaches: deadlines missed',
      'Near-breaches: due by the end of the week',
      'Stalled children',
      'Actions due',
    ]);
    expect(lines(agenda)).toEqual({
      breaches: ['2026-11-30 CASE-A cic.sdq', '2026-12-01 CASE-B court.pre-proceedings-review-point'],
      'near-breaches': [
        '2026-12-07 CASE-A cic.visit',
        '2026-12-09 CASE-B oversight.pre-proceedings',
        '2026-12-13 CASE-A cic.sdq',
      ],
      stalled: ['2026-12-01 CASE-B pre-proceedings-past-review-point'],
      'actions-due': ['2026-11-20 CASE-B ACT-1', '2026-12-13 CASE-A ACT-3'],
    });
  });

  it('says why in plain English, with the stall’s threshold and an action’s owner but never its text', () => {
    const agenda = meetingAgenda(ENTRIES, ACTIONS, MONDAY);
    const [stalled, actions] = [agenda.sections[2]?.items, agenda.sections[3]?.items];
    expect(stalled?.[0]).toEqual({
      caseId: 'CASE-B',
      what: 'Pre-proceedings past the review point',
      why: 'In pre-proceedings since Mon 17 Aug 2026. Threshold: 16 weeks (rule court.pre-proceedings-review-point).',
      date: '2026-12-01',
      about: 'pre-proceedings-past-review-point',
    });
    expect(actions?.map((item) => item.why)).toEqual([
      'Open, owned by SW-1, overdue since Fri 20 Nov 2026.',
      'Open, owned by SW-1, due Sun 13 Dec 2026.',
    ]);
  });

  it('leaves out what falls after the meeting week, and actions done or withdrawn', () => {
    const agenda = meetingAgenda(ENTRIES, ACTIONS, MONDAY);
    const all = agenda.sections.flatMap((section) => section.items.map((item) => item.about));
    expect(all).not.toContain('cic.review');
    expect(all).not.toContain('ACT-2');
    expect(all).not.toContain('ACT-4');
    expect(all).not.toContain('ACT-5');
    expect(lines(meetingAgenda(ENTRIES, ACTIONS, '2026-12-14'))['actions-due']).toContain(
      '2026-12-14 CASE-B ACT-2',
    );
  });

  it('lists a deadline once when the child is on both trackers, and keeps empty sections', () => {
    const both = [...ENTRIES, { ...(ENTRIES[1] as TrackerEntry), tracker: 'legal' as const }];
    expect(meetingAgenda(both, ACTIONS, MONDAY)).toEqual(meetingAgenda(ENTRIES, ACTIONS, MONDAY));
    const empty = meetingAgenda([], [], MONDAY);
    expect(empty.sections.map((section) => section.items)).toEqual([[], [], [], []]);
  });

  it('is the same whatever order the entries and actions come in', () => {
    const forwards = meetingAgenda(ENTRIES, ACTIONS, MONDAY);
    const reversed = meetingAgenda(
      [...ENTRIES].reverse().map((e) => ({ ...e, deadlines: [...e.deadlines].reverse() })),
      [...ACTIONS].reverse(),
      MONDAY,
    );
    expect(reversed).toEqual(forwards);
  });

  it('refuses a week not given by its Monday', () => {
    expect(() => meetingAgenda(ENTRIES, ACTIONS, '2026-12-08')).toThrow(NotAMondayError);
  });
});

describe('the Monday of a week', () => {
  it('is the day itself on a Monday and the Monday before on any other day', () => {
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});
