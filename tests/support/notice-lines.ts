/**
 * Synthetic notice lines and messages for tests of rendering and sending: a worker's digest, a
 * manager's, an hour-scale alert and a team summary as of the morning run on Monday 23 November 2026.
 * The rules are real catalogue rules; every case, person and team is made up.
 */
import { englandAndWalesCalendar, formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
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

/**
 * One line: a child protection visit due today to worker W-101, unless `overrides` say otherwise. The
 * ledger key is built from the overrides, as the planner would build it.
 */
export function noticeLine(overrides: Partial<NoticeLine> = {}, recipient = 'W-101'): NoticeLine {
  const line: NoticeLine = {
    key: '',
    caseId: 'CASE-1001',
    rule: 'cp.visit',
    title: 'Child protection visit',
    source: [
      { document: 'practice-standards-2020', section: 'Child Protection Plans and Reviews', ref: '6' },
    ],
    occurrence: 1,
    stage: 'due-today',
    stageKey: 'due-today',
    ladderStep: null,
    due: RUN_DAY,
    hourScale: false,
    as: 'worker',
    workerId: 'W-101',
    teamId: 'T-NORTH',
    ...overrides,
  };
  return {
    ...line,
    key: overrides.key ?? `${line.caseId}|${line.rule}|${line.occurrence}|${line.stageKey}|${recipient}`,
  };
}

/** A breach at `ladderStep` of a deadline due on `due`, told to `as`. */
export const breach = (
  due: string,
  ladderStep: number,
  overrides: Partial<NoticeLine> = {},
  recipient?: string,
): NoticeLine =>
  noticeLine(
    { due, ladderStep, stage: 'escalation', stageKey: `escalation-${ladderStep - 1}`, ...overrides },
    recipient,
  );

/** A reminder of a deadline due on `due`. */
export const reminder = (due: string, overrides: Partial<NoticeLine> = {}): NoticeLine =>
  noticeLine({ due, stage: 'reminder', stageKey: 'reminder-5-working-days', ...overrides });

/** A child in need review, for lines that need a second rule. */
const cinReview: Partial<NoticeLine> = {
  rule: 'cin.review',
  title: 'Child in need review held',
  source: [{ document: 'practice-standards-2020', section: 'Child in Need Plans and Reviews', ref: '7' }],
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
    source: [
      {
        document: 'working-together',
        section: 'Chapter 4: The child protection review conference',
        ref: 'within 3 months of the initial conference',
      },
    ],
  }),
  reminder('2026-11-30', { caseId: 'CASE-1006' }),
];

/**
 * Team manager M-201's escalations on the run day: 3 breaches on cases of workers W-101 and W-102,
 * and 1 on an unallocated case.
 */
export const managerLines = (): NoticeLine[] => [
  breach('2026-11-18', 1, { caseId: 'CASE-1002', ...cinReview, as: 'TM' }, 'M-201'),
  breach('2026-11-11', 2, { caseId: 'CASE-2001', as: 'TM', workerId: 'W-102' }, 'M-201'),
  breach('2026-11-20', 1, { caseId: 'CASE-1003', as: 'TM' }, 'M-201'),
  breach('2026-11-13', 1, { caseId: 'CASE-3001', as: 'TM', workerId: null }, 'M-201'),
];

/** An hour-scale breach: a visit to be recorded within 24 hours, due at 14:30 the day before the run. */
export const hourScaleBreach = (overrides: Partial<NoticeLine> = {}, recipient?: string): NoticeLine =>
  breach(
    '2026-11-22T14:30:00+00:00',
    1,
    {
      caseId: 'CASE-4001',
      rule: 'cp.visit-recorded',
      title: 'Child protection visit recorded within 24 hours',
      source: [
        { document: 'practice-standards-2020', section: 'Child Protection Plans and Reviews', ref: '7' },
      ],
      hourScale: true,
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
      { caseId: `CASE-${5000 + index}`, workerId: `W-${100 + (index % 12)}` },
      'team:T-NORTH',
    ),
  );
