/**
 * Which of the Line of Sight meeting's trackers a child is on, and why. The seed `line-of-sight`
 * ("Locality Line of Sight Meeting") lists them: the legal tracker (pre-proceedings including unborn
 * babies, proceedings, deprivation of liberty) and the permanency tracker (children accommodated under
 * section 20, unregistered, unregulated and Reg 24 placements, initial health assessments, SDQs).
 *
 * Pure: the case's events and its evaluation (by the engine, as of the same moment) in, the facts that
 * put the child on each tracker and their live deadlines out. The facts are folded from the events in
 * the engine's own order (retractions and events after the as-of moment left out), so a tracker and
 * the deadlines beside it never disagree about what happened.
 */
import type { CaseEvent } from '../../../events/index.ts';
import type { TrackerSettings } from '../../../rules/schema.ts';
import { formatIsoDate } from '../calendar/index.ts';
import {
  type CaseEvaluation,
  type DeadlineStatus,
  describeOffset,
  dueSentence,
  type Moment,
  momentText,
  OPEN_STATUSES,
  openStanding,
  openStatusAt,
  orderEvents,
  type Profile,
} from '../engine/index.ts';
import { STALLED_KINDS, type StalledFlag, stalledFlags } from './stalled.ts';
import { shiftByWindow } from './window.ts';

/** The two trackers the seed names. */
export const TRACKERS = ['legal', 'permanency'] as const;
/** See {@link TRACKERS}. */
export type Tracker = (typeof TRACKERS)[number];

/**
 * Why a child is on a tracker, each with the rules whose live deadlines are shown beside it. The seed's
 * "Legal" line is care proceedings, "DOLS" deprivation of liberty orders; "CIC IHA's" and "SDQ's" are
 * children with an initial health assessment or a Strengths and Difficulties Questionnaire still due.
 * A Reg 24 placement shows the Assistant Director's oversight and the end of the temporary approval
 * (16 weeks, extendable once by up to 8: `cic.reg-24-temporary-approval`).
 */
export const TRACKER_REASONS = {
  'pre-proceedings': {
    tracker: 'legal',
    rules: ['court.pre-proceedings-review-point', 'oversight.pre-proceedings'],
  },
  'care-proceedings': { tracker: 'legal', rules: ['court.proceedings-concluded'] },
  'dol-order': { tracker: 'legal', rules: ['court.dol-order-renewal'] },
  'section-20': { tracker: 'permanency', rules: ['oversight.accommodation', 'cic.ppm-cadence'] },
  'unregistered-placement': { tracker: 'permanency', rules: ['oversight.unregistered-placement'] },
  'unregulated-placement': { tracker: 'permanency', rules: ['oversight.unregistered-placement'] },
  'reg-24-placement': {
    tracker: 'permanency',
    rules: ['oversight.reg-24-placement', 'cic.reg-24-temporary-approval'],
  },
  'initial-health-assessment-due': { tracker: 'permanency', rules: ['cic.initial-health-assessment'] },
  'sdq-due': { tracker: 'permanency', rules: ['cic.sdq'] },
} as const satisfies Record<string, { tracker: Tracker; rules: readonly string[] }>;
/** See {@link TRACKER_REASONS}. */
export type TrackerReason = keyof typeof TRACKER_REASONS;

/** How far pre-proceedings have gone: decided, letter before proceedings sent, first or review meeting held. */
export type PreProceedingsStage = 'decided' | 'letter-sent' | 'initial-meeting-held' | 'review-meeting-held';

/** The facts about a child that the trackers show, as of the moment asked (dates as `YYYY-MM-DD`). */
export interface TrackerFacts {
  /** An unborn baby: an expected date of birth and no date of birth yet. */
  unborn: boolean;
  legalStatus: string | null;
  placementType: string | null;
  preProceedings: { since: string; stage: PreProceedingsStage } | null;
  proceedings: { issuedOn: string; extensions: number } | null;
  dolOrder: { madeOn: string; endsOn: string; renewalApplied: boolean } | null;
  /**
   * While the child is looked after: since when (the care period's start, not a change of legal status),
   * the looked-after reviews held since, and the last permanency planning meeting (where the
   * permanence plan is decided: Practice Standards 2020, Permanency Planning Meetings 8).
   */
  lookedAfter: { since: string; reviewsHeld: string[]; permanencyPlanningOn: string | null } | null;
}

/** What of a profile the trackers read: its tracker settings, and the calendar a date's standing counts on. */
export type TrackerProfile = Pick<Profile, 'trackers' | 'calendar'>;

/** A live deadline beside a tracker entry, with the engine's explanation of its date. */
export interface TrackerDeadline {
  rule: string;
  title: string;
  due: string;
  status: DeadlineStatus;
  explain: string;
}

/**
 * A case's open deadline as the trackers read it: all they need to work out its status, and whether
 * it puts the child on a tracker or flags a stall, at any moment until an event changes the case.
 */
export interface OpenDeadline {
  rule: string;
  title: string;
  due: Moment;
  /** Its explanation's first sentence: why it is due when it is ({@link dueSentence}). */
  why: string;
  /** The rule's timescale as a person would say it ("16 weeks"): a stall's threshold. */
  timescale: string;
}

/** One child on one tracker: the case reference (never a name), why, the live deadlines, any stall. */
export interface TrackerEntry {
  caseId: string;
  tracker: Tracker;
  reasons: TrackerReason[];
  facts: TrackerFacts;
  deadlines: TrackerDeadline[];
  /** Where the child has stalled on this tracker (see `stalled.ts`). */
  stalled: StalledFlag[];
}

/** The facts of a child on no tracker: what a case's events are folded into. */
export const noFacts = (): TrackerFacts => ({
  unborn: false,
  legalStatus: null,
  placementType: null,
  preProceedings: null,
  proceedings: null,
  dolOrder: null,
  lookedAfter: null,
});

const STAGE_AFTER_MEETING = { initial: 'initial-meeting-held', review: 'review-meeting-held' } as const;

/** The facts the trackers read, folded from a case's events that count as of `asOf`. */
export function trackerFacts(events: readonly CaseEvent[], asOf: Moment): TrackerFacts {
  const facts = noFacts();
  let dateOfBirth = false;
  let expected = false;
  for (const { event, at } of orderEvents(events, asOf)) {
    const day = formatIsoDate(at.day);
    switch (event.type) {
      case 'child.updated':
        dateOfBirth ||= event.data.dateOfBirth !== undefined;
        expected ||= event.data.expectedDateOfBirth !== undefined;
        break;
      case 'decision.recorded':
        if (event.data.decision === 'initiate-pre-proceedings')
          facts.preProceedings ??= { since: day, stage: 'decided' };
        break;
      case 'pre_proceedings.letter_sent':
        if (facts.preProceedings?.stage === 'decided') facts.preProceedings.stage = 'letter-sent';
        break;
      case 'pre_proceedings.meeting_held':
        if (facts.preProceedings) facts.preProceedings.stage = STAGE_AFTER_MEETING[event.data.meeting];
        break;
      case 'pre_proceedings.ended':
        facts.preProceedings = null;
        break;
      case 'proceedings.issued':
        // Issuing proceedings ends pre-proceedings, as the review-point rule counts it.
        facts.preProceedings = null;
        facts.proceedings ??= { issuedOn: day, extensions: 0 };
        break;
      case 'proceedings.extended':
        if (facts.proceedings) facts.proceedings.extensions += 1;
        break;
      case 'proceedings.concluded':
        facts.proceedings = null;
        break;
      case 'dol_order.made':
        facts.dolOrder = { madeOn: day, endsOn: event.data.endsOn, renewalApplied: false };
        break;
      case 'dol_order.renewal_applied':
        if (facts.dolOrder) facts.dolOrder.renewalApplied = true;
        break;
      case 'dol_order.ended':
        facts.dolOrder = null;
        break;
      case 'care_period.started':
        facts.legalStatus = event.data.legalStatus;
        facts.lookedAfter ??= { since: day, reviewsHeld: [], permanencyPlanningOn: null };
        break;
      case 'care_period.ended':
        facts.legalStatus = null;
        facts.placementType = null;
        facts.lookedAfter = null;
        break;
      case 'cic_review.held':
        facts.lookedAfter?.reviewsHeld.push(day);
        break;
      case 'meeting.held':
        if (facts.lookedAfter && event.data.meetingType === 'permanency-planning')
          facts.lookedAfter.permanencyPlanningOn = day;
        break;
      case 'placement.started':
        facts.placementType = event.data.placementType;
        break;
      case 'placement.ended':
        facts.placementType = null;
        break;
      case 'case.closed':
        Object.assign(facts, noFacts());
        break;
      default:
        break;
    }
  }
  facts.unborn = expected && !dateOfBirth;
  return facts;
}

const PLACEMENT_REASONS: Readonly<Record<string, TrackerReason>> = {
  unregistered: 'unregistered-placement',
  unregulated: 'unregulated-placement',
  'temporary-connected-carer': 'reg-24-placement',
};

/**
 * The rules whose open deadlines put a child on a tracker: an initial health assessment while its
 * deadline is open; an SDQ only once its deadline is within the profile's window (`sdqDueWithin`) or
 * past, as every child looked after a year has one open all year.
 */
function dueRules(open: readonly OpenDeadline[], asOf: Moment, settings: TrackerSettings): Set<string> {
  const sdqHorizon = shiftByWindow(asOf.day, settings.sdqDueWithin);
  return new Set(
    open
      .filter((deadline) => deadline.rule !== 'cic.sdq' || deadline.due.day <= sdqHorizon)
      .map((deadline) => deadline.rule),
  );
}

/** Why the child is on the trackers, from the facts and which rules have a deadline due. */
function reasonsFor(facts: TrackerFacts, openRules: ReadonlySet<string>): TrackerReason[] {
  const placement = facts.placementType === null ? undefined : PLACEMENT_REASONS[facts.placementType];
  const candidates: [TrackerReason, boolean][] = [
    ['pre-proceedings', facts.preProceedings !== null],
    ['care-proceedings', facts.proceedings !== null],
    ['dol-order', facts.dolOrder !== null],
    ['section-20', facts.legalStatus === 'section-20'],
    ...(placement ? [[placement, true] as [TrackerReason, boolean]] : []),
    ['initial-health-assessment-due', openRules.has('cic.initial-health-assessment')],
    ['sdq-due', openRules.has('cic.sdq')],
  ];
  return candidates.filter(([, on]) => on).map(([reason]) => reason);
}

/** The deadlines of an evaluation still to be met, as the trackers read them. */
export function openDeadlines(evaluation: CaseEvaluation): OpenDeadline[] {
  return evaluation.deadlines
    .filter((deadline) => OPEN_STATUSES.has(deadline.status))
    .map(({ rule, due, explain }) => {
      const offset = rule.definition.intervals[0]?.[0]?.offset;
      return {
        rule: rule.id,
        title: rule.title,
        due,
        why: dueSentence(explain),
        timescale: offset ? describeOffset(offset) : rule.title,
      };
    });
}

/**
 * The tracker entries of one case as of `asOf`, from the facts folded from its events and its open
 * deadlines, both as of `asOf` or of any earlier moment since which no event has changed the case:
 * what only the passing of time changes (each deadline's status, an SDQ coming within its window, a
 * stall, where a date stands) is worked out here, for `asOf`, under the profile's tracker settings and
 * calendar.
 */
export function entriesAt(
  caseId: string,
  facts: TrackerFacts,
  open: readonly OpenDeadline[],
  asOf: Moment,
  profile: TrackerProfile,
): TrackerEntry[] {
  const due = dueRules(open, asOf, profile.trackers);
  const reasons = reasonsFor(facts, due);
  const stalled = stalledFlags(facts, open, asOf, profile.trackers);
  return TRACKERS.flatMap((tracker) => {
    const here = reasons.filter((reason) => TRACKER_REASONS[reason].tracker === tracker);
    if (here.length === 0) return [];
    const rules = new Set<string>(here.flatMap((reason) => TRACKER_REASONS[reason].rules));
    const deadlines = open
      .filter((deadline) => rules.has(deadline.rule) && due.has(deadline.rule))
      .map((deadline) => {
        const status = openStatusAt(deadline.due, asOf);
        return {
          rule: deadline.rule,
          title: deadline.title,
          due: momentText(deadline.due),
          status,
          explain: `${deadline.why} ${openStanding(deadline.due, status, asOf, profile.calendar)}`,
        };
      });
    const mine = stalled.filter((flag) => STALLED_KINDS[flag.kind].tracker === tracker);
    return [{ caseId, tracker, reasons: here, facts, deadlines, stalled: mine }];
  });
}

/** The rules whose open deadlines the trackers read: those shown beside each reason, stalls included. */
export const TRACKER_RULES: ReadonlySet<string> = new Set(
  Object.values(TRACKER_REASONS).flatMap((reason) => reason.rules),
);

/**
 * The trackers a case is on, or can come onto with time alone and no new event (an SDQ coming within
 * its window): those the trackers index keeps a row on it for.
 */
export function trackersWithin(facts: TrackerFacts, open: readonly OpenDeadline[]): Tracker[] {
  const reasons = reasonsFor(facts, new Set(open.map((deadline) => deadline.rule)));
  return TRACKERS.filter((tracker) => reasons.some((reason) => TRACKER_REASONS[reason].tracker === tracker));
}

/**
 * The tracker entries of one case (none, one or both trackers), given its events and the engine's
 * evaluation of them as of the same moment, under the council's tracker settings (the profile's
 * `trackers`) and calendar.
 */
export function trackerEntries(
  events: readonly CaseEvent[],
  evaluation: CaseEvaluation,
  asOf: Moment,
  profile: TrackerProfile,
): TrackerEntry[] {
  return entriesAt(evaluation.caseId, trackerFacts(events, asOf), openDeadlines(evaluation), asOf, profile);
}
