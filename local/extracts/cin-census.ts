/**
 * A synthetic CIN census (the DfE's children in need return, XML) made from a synthetic council's
 * events, so tests can round-trip: council → census → `los import cin-census` → the same deadlines,
 * where the census carries them. Deterministic: the same events give the same file, byte for byte.
 *
 * Every child with a referral is in it, each referral an episode (`CINdetails`) up to the case's
 * closure, holding what happened in it as the census records it: assessments (start and
 * authorisation), child in need plans, section 47 enquiries (the strategy discussion that started
 * each, and its initial conference), child protection plans with their review conferences. What the
 * census has and the council's events do not (referral source, primary need, categories of abuse,
 * ethnicity, a UPN) is made up, the same for a child each time. Nothing in it is real.
 */
import type { CaseEvent } from '../../events/index.ts';
import { englandAndWalesCalendar, formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { escapeMarkup } from '../../functions/core/text/escape.ts';
import { createRandom, type Random } from '../synthetic/random.ts';
import { dayOf } from './cells.ts';
import { DISABILITY_CODES } from './dfe-codes.ts';

/** What to write. */
export interface CinCensusOptions {
  /** The census's reference date (`YYYY-MM-DD`): events after it are left out. */
  referenceDate: string;
  /** The council's DfE number, for the header. */
  la?: string;
}

/** One element: its name and either its text or its elements; an element with neither is left out. */
type Node = readonly [name: string, content: string | null | readonly Node[]];

/** Writes `node` and what it holds, one element a line, indented by depth. */
function write(node: Node, depth: number, lines: string[]) {
  const [name, content] = node;
  const indent = '  '.repeat(depth);
  if (content === null) return;
  if (typeof content === 'string') {
    lines.push(`${indent}<${name}>${escapeMarkup(content)}</${name}>`);
    return;
  }
  lines.push(`${indent}<${name}>`);
  for (const inner of content) write(inner, depth + 1, lines);
  lines.push(`${indent}</${name}>`);
}

/** `InitialCPCtarget`: the initial conference is due 15 working days after the strategy discussion. */
const INITIAL_CPC_WORKING_DAYS = 15;

/** A seed from a child's id, so what is made up for a child does not depend on the others. */
function randomFor(caseId: string): Random {
  let hash = 2166136261;
  for (const character of caseId) hash = Math.imul(hash ^ (character.codePointAt(0) as number), 16777619);
  return createRandom(hash >>> 0);
}

/** The days of a case's events of `type` (matching `test`), in order. */
function daysOf(
  events: readonly CaseEvent[],
  type: CaseEvent['type'],
  test: (data: Record<string, unknown>) => boolean = () => true,
) {
  return events
    .filter((event) => event.type === type && test(event.data as Record<string, unknown>))
    .map(dayOf)
    .sort();
}

/** Each start with the first end on or after it not taken by an earlier start. */
function pairs(starts: readonly string[], ends: readonly string[]): [string, string | null][] {
  const left = [...ends];
  return starts.map((start) => {
    const at = left.findIndex((end) => end >= start);
    return [start, at < 0 ? null : (left.splice(at, 1)[0] as string)];
  });
}

/** An episode of need: from a referral to the closure after it, if any. */
interface Span {
  from: string;
  to: string | null;
  /** The day the next referral comes in: the episode's elements are before it. */
  before: string | null;
}

const within = (span: Span, day: string) => day >= span.from && (span.before === null || day < span.before);

/** The census's `CINdetails` of one episode. */
function episodeNode(
  span: Span,
  events: readonly CaseEvent[],
  previousPlans: number,
  disabled: boolean,
  rng: Random,
): Node {
  const inSpan = events.filter((event) => within(span, dayOf(event)));
  const assessments = pairs(daysOf(inSpan, 'assessment.started'), daysOf(inSpan, 'assessment.authorised'));
  const needPlans = pairs(daysOf(inSpan, 'cin_plan.started'), daysOf(inSpan, 'cin_plan.ended'));
  const protectionPlans = pairs(daysOf(inSpan, 'cp_plan.started'), daysOf(inSpan, 'cp_plan.ended'));
  const strategies = daysOf(inSpan, 'strategy_discussion.held', (data) => data.s47Initiated === true);
  const initials = daysOf(inSpan, 'conference.held', (data) => data.conferenceType === 'initial');
  const reviews = daysOf(inSpan, 'conference.held', (data) => data.conferenceType === 'review');
  const completions = inSpan.filter((event) => event.type === 's47.completed');
  const stepDown = inSpan.some(
    (event) => event.type === 'decision.recorded' && event.data.decision === 'step-down-to-early-help',
  );
  const decision = inSpan.find((event) => event.type === 'threshold.decided');
  const enquired = strategies.length > 0 || protectionPlans.length > 0;
  const planned = needPlans.length > 0 || protectionPlans.length > 0;

  const enquiries = strategies.map((start, at): Node => {
    const next = strategies[at + 1];
    const conference = initials.find((day) => day >= start && (next === undefined || day < next));
    const completed = completions.find(
      (event) => dayOf(event) >= start && (next === undefined || dayOf(event) < next),
    );
    const target = englandAndWalesCalendar.addWorkingDays(parseIsoDate(start), INITIAL_CPC_WORKING_DAYS);
    return [
      'Section47',
      [
        ['S47ActualStartDate', start],
        ['InitialCPCtarget', formatIsoDate(target)],
        ['DateOfInitialCPC', conference ?? null],
        [
          'ICPCnotRequired',
          String(
            conference === undefined && completed !== undefined && completed.data.outcome !== 'conference',
          ),
        ],
      ],
    ];
  });
  const categories = ['NEG', 'EMO', 'PHY', 'SAB', 'MUL'] as const;
  return [
    'CINdetails',
    [
      ['CINreferralDate', span.from],
      ['ReferralSource', rng.pick(['1A', '1B', '2A', '3A', '3B', '5A', '5D', '6', '8'])],
      ['PrimaryNeedCode', enquired ? 'N1' : disabled ? 'N2' : rng.pick(['N3', 'N4', 'N5', 'N6', 'N7', 'N8'])],
      ['CINclosureDate', span.to],
      ['ReasonForClosure', span.to === null ? null : stepDown && !planned ? 'RC9' : planned ? 'RC7' : 'RC8'],
      ['DateOfInitialCPC', initials[0] ?? null],
      ['ReferralNFA', String(decision?.data.decision === 'no-further-action')],
      ...assessments.map(
        ([start, authorised]): Node => [
          'Assessments',
          [
            ['AssessmentActualStartDate', start],
            ['AssessmentAuthorisationDate', authorised],
            [
              'FactorsIdentifiedAtAssessment',
              authorised === null ? null : [['AssessmentFactors', rng.pick(['1C', '2B', '3B', '4B', '21'])]],
            ],
          ],
        ],
      ),
      ...needPlans.map(
        ([start, end]): Node => [
          'CINPlanDates',
          [
            ['CINPlanStartDate', start],
            ['CINPlanEndDate', end],
          ],
        ],
      ),
      ...enquiries,
      ...protectionPlans.map(([start, end], at): Node => {
        const initial = rng.pick(categories);
        return [
          'ChildProtectionPlans',
          [
            ['CPPstartDate', start],
            ['CPPendDate', end],
            ['InitialCategoryOfAbuse', initial],
            ['LatestCategoryOfAbuse', rng.chance(0.8) ? initial : rng.pick(categories)],
            ['NumberOfPreviousCPP', String(previousPlans + at)],
            ...reviews
              .filter((day) => day >= start && (end === null || day <= end))
              .map((day): Node => ['Reviews', [['CPPreviewDate', day]]]),
          ],
        ];
      }),
    ],
  ];
}

/** The census's `Child` for one case, or null when the case never had a referral (Early Help, some care leavers). */
function childNode(caseId: string, all: readonly CaseEvent[]): Node | null {
  const events = [...all].sort((a, b) => (dayOf(a) < dayOf(b) ? -1 : dayOf(a) > dayOf(b) ? 1 : 0));
  const referrals = daysOf(events, 'referral.received');
  if (referrals.length === 0) return null;
  const rng = randomFor(caseId);
  const closures = daysOf(events, 'case.closed');
  const born = events.find((event) => event.type === 'child.updated' && event.data.dateOfBirth !== undefined);
  const disabled = events.some((event) => event.type === 'child.updated' && event.data.disabled === true);
  let previousPlans = 0;
  const episodes = referrals.map((from, at) => {
    const before = referrals[at + 1] ?? null;
    const to = closures.find((day) => day >= from && (before === null || day < before)) ?? null;
    const node = episodeNode({ from, to, before }, events, previousPlans, disabled, rng);
    previousPlans += daysOf(events, 'cp_plan.started').filter((day) =>
      within({ from, to, before }, day),
    ).length;
    return node;
  });
  return [
    'Child',
    [
      [
        'ChildIdentifiers',
        [
          ['LAchildID', caseId],
          [
            'UPN',
            `X${String(rng.int(0, 999_999)).padStart(6, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`,
          ],
          ['UPNunknown', null],
          ['PersonBirthDate', born?.type === 'child.updated' ? (born.data.dateOfBirth ?? null) : null],
          ['Sex', rng.pick(['M', 'F'])],
        ],
      ],
      [
        'ChildCharacteristics',
        [
          [
            'Ethnicity',
            rng.pick([
              'WBRI',
              'WIRI',
              'WOTH',
              'MWBC',
              'MOTH',
              'AIND',
              'APKN',
              'BAFR',
              'BCRB',
              'CHNE',
              'OOTH',
              'REFU',
            ]),
          ],
          ['Disabilities', [['Disability', disabled ? rng.pick(DISABILITY_CODES) : 'NONE']]],
        ],
      ],
      ...episodes,
    ],
  ];
}

/**
 * The CIN census of a council's events (every case's, as `generateCouncil` makes them; retracted
 * events are left out), as of `options.referenceDate`: the text of the XML file.
 */
export function cinCensusXml(events: readonly CaseEvent[], options: CinCensusOptions): string {
  const retracted = new Set(
    events.flatMap((event) => (event.type === 'event.retracted' ? [event.data.eventId] : [])),
  );
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of events) {
    if (event.type === 'event.retracted' || retracted.has(event.id) || dayOf(event) > options.referenceDate)
      continue;
    const list = byCase.get(event.caseId) ?? [];
    list.push(event);
    byCase.set(event.caseId, list);
  }
  const year = Number(options.referenceDate.slice(0, 4));
  const message: Node = [
    'Message',
    [
      [
        'Header',
        [
          [
            'CollectionDetails',
            [
              ['Collection', 'CIN'],
              ['Year', String(year)],
              ['ReferenceDate', options.referenceDate],
            ],
          ],
          [
            'Source',
            [
              ['SourceLevel', 'L'],
              ['LEA', options.la ?? '999'],
              ['SoftwareCode', 'Line of Sight synthetic council'],
            ],
          ],
        ],
      ],
      [
        'Children',
        [...byCase].flatMap(([caseId, list]) => {
          const child = childNode(caseId, list);
          return child === null ? [] : [child];
        }),
      ],
    ],
  ];
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(message, 0, lines);
  return `${lines.join('\n')}\n`;
}
