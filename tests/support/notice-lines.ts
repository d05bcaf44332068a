/**
 * Synthetic notice lines and messages for tests of rendering and sending: a worker's digest, a
 * manager's, an hour-scale alert and a team summary as of the morning run on Monday 23 November 2026.
 * The rules are real catalogue rules; every case, person and team is made up.
 */
import {
  englandAndWalesCalendar,
  formatIsoDate,
  formatLongDate,
  parseIsoDate,
} from '../../functions/core/calendar/index.ts';
import type { EmailNotice, NoticeLine, TeamsNotice } from '../../functions/core/notices/message.ts';
import type { RenderSettings } from '../../functions/delivery/render-settings.ts';

/** The London day of the run, a Monday. */
export const RUN_DAY = '2026-11-23';
/** The morning run's as-of instant (07:00 GMT). */
export const RUN_AS_OF = '2026-11-23T07:00:00.000Z';

/** Settings as a deployment would have them. */
export const renderSettings: RenderSettings = {
  caseLinkTemplate: 'https://casesystem.example.gov.uk/cases/{caseId}',
  calendar: englandAndWalesCalendar,
  showInitials: false,
};

/** Why a child protection visit is due on `due`: 10 working days after the last one. */
const visitWhy = (due: string) =>
  `10 working days after the visit on ${formatLongDate(englandAndWalesCalendar.addWorkingDays(parseIsoDate(due), -10))}`;

/**
 * One line: a child protection visit due today to worker W-101 (Sam Example), unless `overrides` say
 * otherwise. The ledger key is built from the overrides, as the planner would build it.
 */
export function noticeLine(overrides: Partial<NoticeLine> = {}, recipient = 'W-101'): NoticeLine {
  const due = overrides.due ?? RUN_DAY;
  const line: NoticeLine = {
    key: '',
    caseId: 'CASE-1001',
    rule: 'cp.visit',
    title: 'Child protection visit',
    action: 'Visit and see the child',
    source: [
      { document: 'practice-standards-2020', section: 'Child Protection Plans and Reviews', ref: '6' },
    ],
    why: overrides.why ?? visitWhy(due),
    occurrence: 1,
    stage: 'due-today',
    stageKey: 'due-today',
    ladderStep: null,
    due,
    hourScale: false,
    owner: 'worker',
    as: 'worker',
    actorName: 'Sam Example',
    escalatedTo: [],
    workerId: 'W-101',
    workerName: 'Sam Example',
    teamId: 'T-NORTH',
    ...overrides,
  };
  return {
    ...line,
    key: overrides.key ?? `${line.caseId}|${line.rule}|${line.occurrence}|${line.stageKey}|${recipient}`,
  };
}

/**
 * A breach at `ladderStep` of a deadline due on `due`, told to `as`: the default ladder's first step
 * goes to the ATM and TM, its second to the SM.
 */
export const breach = (
  due: string,
  ladderStep: number,
  overrides: Partial<NoticeLine> = {},
  recipient?: string,
): NoticeLine =>
  noticeLine(
    {
      due,
      ladderStep,
      stage: 'escalation',
      stageKey: `escalation-${ladderStep - 1}`,
      escalatedTo: ladderStep === 1 ? ['ATM', 'TM'] : ['SM'],
      ...overrides,
    },
    recipient,
  );

/** A reminder of a deadline due on `due`. */
export const reminder = (due: string, overrides: Partial<NoticeLine> = {}): NoticeLine =>
  noticeLine({ due, stage: 'reminder', stageKey: 'reminder-5-working-days', ...overrides });

/** A child in need review, for lines that need a second rule. */
const cinReview: Partial<NoticeLine> = {
  rule: 'cin.review',
  title: 'Child in need review held',
  action: 'Hold the child in need review',
  source: [{ document: 'practice-standards-2020', section: 'Child in Need Plans and Reviews', ref: '7' }],
  why: '3 months after the child in need review on Tue 18 Aug 2026',
};

/**
 * Worker W-101's lines on the run day: 2 overdue (3 and 1 working days), 1 due today and 3 coming up
 * (in 1, 3 and 5 working days).
 */
export const workerLines = (): NoticeLine[] => [
  breach('2026-11-18', 1, { caseId: 'CASE-1002', ...cinReview }),
  breach('2026-11-20', 1, { caseId: 'CASE-1003' }),
  noticeLine(),
  reminder('2026-11-24', { caseId: 'CASE-1004' }),
  reminder('2026-11-26', {
    caseId: 'CASE-1005',
    rule: 'cp.review-conference',
    title: 'Review child protection conference held',
    action: 'Hold the review child protection conference',
    source: [
      {
        document: 'working-together',
        section: 'Chapter 4: The child protection review conference',
        ref: 'within 3 months of the initial conference',
      },
    ],
    why: '91 days after the initial child protection conference on Thu 27 Aug 2026',
  }),
  reminder('2026-11-30', { caseId: 'CASE-1006' }),
];

/** Worker W-102's cases, for lines about a second worker. */
const jo: Partial<NoticeLine> = { workerId: 'W-102', workerName: 'Jo Example', actorName: 'Jo Example' };

/**
 * Team manager M-201's escalations on the run day: 3 breaches on cases of workers W-101 (Sam Example)
 * and W-102 (Jo Example), one of them at the ladder's second step, and 1 on an unallocated case.
 */
export const managerLines = (): NoticeLine[] => [
  breach('2026-11-18', 1, { caseId: 'CASE-1002', ...cinReview, as: 'TM' }, 'M-201'),
  breach('2026-11-11', 2, { caseId: 'CASE-2001', as: 'TM', escalatedTo: ['TM'], ...jo }, 'M-201'),
  breach('2026-11-20', 1, { caseId: 'CASE-1003', as: 'TM' }, 'M-201'),
  breach(
    '2026-11-13',
    1,
    { caseId: 'CASE-3001', as: 'TM', workerId: null, workerName: null, actorName: 'Duty Manager' },
    'M-201',
  ),
];

/** Management oversight of case CASE-1001, owned by the Assistant Team Manager (Ash Example). */
const oversight: Partial<NoticeLine> = {
  rule: 'oversight.cadence',
  title: 'Management oversight recorded',
  action: 'Record management oversight',
  source: [
    { document: 'mo-standard', section: 'Practice Standard – Management Oversight', ref: 'frequency' },
  ],
  why: '3 months after the management oversight on Thu 20 Aug 2026',
  owner: 'ATM',
  actorName: 'Ash Example',
};

/**
 * A deadline owned by a manager, as each reader gets it: the ATM who must record oversight today
 * (their own), and worker W-101, who is told it waits on their manager.
 */
export const oversightLines = () => ({
  forManager: noticeLine({ ...oversight, as: 'ATM' }, 'M-101'),
  forWorker: noticeLine({ ...oversight, as: 'worker' }),
});

/** An hour-scale breach: a visit to be recorded within 24 hours, due at 14:30 the day before the run. */
export const hourScaleBreach = (overrides: Partial<NoticeLine> = {}, recipient?: string): NoticeLine =>
  breach(
    '2026-11-22T14:30:00+00:00',
    1,
    {
      caseId: 'CASE-4001',
      rule: 'cp.visit-recorded',
      title: 'Child protection visit recorded within 24 hours',
      action: 'Record the visit on the case system',
      source: [
        { document: 'practice-standards-2020', section: 'Child Protection Plans and Reviews', ref: '7' },
      ],
      hourScale: true,
      why: '24 hours after the visit at Sat 21 Nov 2026, 14:30 GMT',
      ...overrides,
    },
    recipient,
  );

/** An email notice to worker W-101 (or whoever `recipient` names) with `lines`. */
export function emailNotice(
  lines: NoticeLine[],
  options: { kind?: EmailNotice['kind']; recipient?: Partial<EmailNotice['recipient']> } = {},
): EmailNotice {
  const recipient = {
    staffId: 'W-101',
    name: 'Sam Example',
    email: 'sam.example@council.example.gov.uk',
    level: 'worker' as const,
    ...options.recipient,
  };
  const kind = options.kind ?? 'digest';
  return {
    channel: 'email',
    kind,
    key:
      kind === 'digest'
        ? `digest|${recipient.staffId}|${RUN_DAY}`
        : `alert|${recipient.staffId}|${lines[0]?.key}`,
    day: RUN_DAY,
    asOf: RUN_AS_OF,
    recipient,
    lines,
  };
}

/** A Teams notice to team T-NORTH's channel with `lines`. */
export function teamsNotice(lines: NoticeLine[], kind: TeamsNotice['kind'] = 'team-summary'): TeamsNotice {
  return {
    channel: 'teams',
    kind,
    key: `${kind}|T-NORTH|${RUN_DAY}`,
    day: RUN_DAY,
    asOf: RUN_AS_OF,
    teamId: 'T-NORTH',
    teamName: 'North Locality Team',
    teamsChannel: 'north-locality',
    lines,
  };
}

/**
 * `count` breaches for a team channel, spread over 12 workers and due over the 20 working days before
 * the run, for size and speed tests.
 */
export const manyBreaches = (count: number): NoticeLine[] =>
  Array.from({ length: count }, (_, index) =>
    breach(
      formatIsoDate(englandAndWalesCalendar.addWorkingDays(parseIsoDate(RUN_DAY), -(1 + (index % 20)))),
      1 + (index % 3),
      {
        caseId: `CASE-${5000 + index}`,
        workerId: `W-${100 + (index % 12)}`,
        workerName: `Worker ${100 + (index % 12)}`,
      },
      'team:T-NORTH',
    ),
  );
