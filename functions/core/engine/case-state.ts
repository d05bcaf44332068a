/**
 * What is true about a case at a point in its history, folded from its events in order. Rules read it
 * through the named facts below when they choose a regime, so the catalogue can say "weekly until the
 * first review" without code.
 */
import { type CaseEvent, LEGAL_STATUSES, PLACEMENT_TYPES } from '../../../events/index.ts';
import type { Offset } from '../../../rules/schema.ts';
import { ageOn, type DayNumber } from '../calendar/index.ts';

/** A per-case visiting frequency agreed by a manager (`visit_frequency.agreed`). */
export interface AgreedFrequency {
  every: Offset;
  agreedBy: string;
  day: DayNumber;
  eventId: string;
}

/** The case's state as its events have been applied so far. */
export interface CaseState {
  dateOfBirth: DayNumber | null;
  disabled: boolean;
  cpPlanSince: DayNumber | null;
  cinPlanSince: DayNumber | null;
  inCareSince: DayNumber | null;
  legalStatus: string | null;
  placementSince: DayNumber | null;
  placementType: string | null;
  longTermMatched: boolean;
  intendedToAge18: boolean;
  cicReviewsThisCarePeriod: number;
  cpPlansStarted: number;
  cinPlansStarted: number;
  earlyHelpSince: DayNumber | null;
  /** Left care aged 16 or over and still open: a care leaver the authority keeps in touch with. */
  careLeaver: boolean;
  missingSince: DayNumber | null;
  proceedingsSince: DayNumber | null;
  privateFosteringSince: DayNumber | null;
  /** An assessment other than an Early Help one under way (started, not yet completed). */
  assessmentSince: DayNumber | null;
  /** A section 47 enquiry under way. */
  s47Since: DayNumber | null;
  /** A risk assessment recorded in the current care period: kept where there are safeguarding concerns. */
  riskAssessedSince: DayNumber | null;
  agreed: Map<string, AgreedFrequency>;
}

/** A fresh state for a case with no events. */
export function emptyCaseState(): CaseState {
  return {
    dateOfBirth: null,
    disabled: false,
    cpPlanSince: null,
    cinPlanSince: null,
    inCareSince: null,
    legalStatus: null,
    placementSince: null,
    placementType: null,
    longTermMatched: false,
    intendedToAge18: false,
    cicReviewsThisCarePeriod: 0,
    cpPlansStarted: 0,
    cinPlansStarted: 0,
    earlyHelpSince: null,
    careLeaver: false,
    missingSince: null,
    proceedingsSince: null,
    privateFosteringSince: null,
    assessmentSince: null,
    s47Since: null,
    riskAssessedSince: null,
    agreed: new Map(),
  };
}

/** The child's age on `day`, or null when the date of birth is unknown or later (an unborn baby). */
function ageIn(state: CaseState, day: DayNumber): number | null {
  return state.dateOfBirth === null || day < state.dateOfBirth ? null : ageOn(state.dateOfBirth, day);
}

function endPlacement(state: CaseState) {
  state.placementSince = null;
  state.placementType = null;
  state.longTermMatched = false;
  state.intendedToAge18 = false;
}

/** Applies one event (already known to be valid and not retracted) on the day it occurred. */
export function applyEvent(
  state: CaseState,
  event: CaseEvent,
  day: DayNumber,
  dayOf: (text: string) => DayNumber,
) {
  switch (event.type) {
    case 'child.updated':
      if (event.data.dateOfBirth !== undefined) state.dateOfBirth = dayOf(event.data.dateOfBirth);
      if (event.data.disabled !== undefined) state.disabled = event.data.disabled;
      break;
    case 'cp_plan.started':
      if (state.cpPlanSince === null) state.cpPlansStarted += 1;
      state.cpPlanSince ??= day;
      break;
    case 'cp_plan.ended':
      state.cpPlanSince = null;
      break;
    case 'cin_plan.started':
      if (state.cinPlanSince === null) state.cinPlansStarted += 1;
      state.cinPlanSince ??= day;
      break;
    case 'cin_plan.ended':
      state.cinPlanSince = null;
      break;
    case 'care_period.started':
      state.careLeaver = false;
      if (state.inCareSince === null) {
        state.inCareSince = day;
        state.cicReviewsThisCarePeriod = 0;
      }
      state.legalStatus = event.data.legalStatus;
      break;
    case 'care_period.ended':
      state.careLeaver = (ageIn(state, day) ?? 0) >= 16;
      state.inCareSince = null;
      state.legalStatus = null;
      state.riskAssessedSince = null;
      endPlacement(state);
      break;
    case 'placement.started':
      state.placementSince = day;
      state.placementType = event.data.placementType;
      state.longTermMatched = event.data.longTermMatched ?? false;
      state.intendedToAge18 = event.data.intendedToAge18 ?? false;
      break;
    case 'placement.ended':
      endPlacement(state);
      break;
    case 'cic_review.held':
      state.cicReviewsThisCarePeriod += 1;
      break;
    case 'early_help.started':
      state.earlyHelpSince ??= day;
      break;
    case 'early_help.ended':
      state.earlyHelpSince = null;
      break;
    case 'missing_episode.started':
      state.missingSince ??= day;
      break;
    case 'missing_episode.ended':
      state.missingSince = null;
      break;
    case 'proceedings.issued':
      state.proceedingsSince ??= day;
      break;
    case 'proceedings.concluded':
      state.proceedingsSince = null;
      break;
    case 'private_fostering.notified':
      state.privateFosteringSince ??= day;
      break;
    case 'private_fostering.ended':
      state.privateFosteringSince = null;
      break;
    case 'assessment.started':
      if (event.data.assessmentType !== 'early-help') state.assessmentSince ??= day;
      break;
    case 'assessment.completed':
      if (event.data.assessmentType !== 'early-help') state.assessmentSince = null;
      break;
    case 's47.started':
      state.s47Since ??= day;
      break;
    case 's47.completed':
      state.s47Since = null;
      break;
    case 'record.updated':
      if (event.data.record === 'risk-assessment' && state.inCareSince !== null)
        state.riskAssessedSince ??= day;
      break;
    case 'visit_frequency.agreed':
      state.agreed.set(event.data.rule, {
        every: event.data.every,
        agreedBy: event.data.agreedBy,
        day,
        eventId: event.id,
      });
      break;
    case 'case.closed':
      // What is known about the child, and their history of plans, outlives a closure.
      Object.assign(state, emptyCaseState(), {
        dateOfBirth: state.dateOfBirth,
        disabled: state.disabled,
        cpPlansStarted: state.cpPlansStarted,
        cinPlansStarted: state.cinPlansStarted,
      });
      break;
    default:
      break;
  }
}

/** The values a fact can take: used to check conditions at load and to compare a profile with the floor. */
export type FactDomain = 'boolean' | 'number' | readonly string[];

/** The facts a rule's `when` may test: what each means, and its values (null when it does not apply). */
export const FACTS = {
  disabled: { domain: 'boolean', meaning: 'the child is recorded as disabled' },
  cpPlan: { domain: 'boolean', meaning: 'a child protection plan is open' },
  cinPlan: { domain: 'boolean', meaning: 'a child in need plan is open' },
  inCare: { domain: 'boolean', meaning: 'the child is looked after' },
  legalStatus: { domain: LEGAL_STATUSES, meaning: 'the legal status of the current care period' },
  placementType: { domain: PLACEMENT_TYPES, meaning: 'the type of the current placement' },
  longTermMatched: { domain: 'boolean', meaning: 'the current placement is a long-term matched placement' },
  intendedToAge18: {
    domain: 'boolean',
    meaning: 'the current placement is intended to last until the child is 18',
  },
  daysSincePlacementStart: { domain: 'number', meaning: 'calendar days since the current placement started' },
  daysInCare: { domain: 'number', meaning: 'calendar days since the child became looked after' },
  cicReviewsThisCarePeriod: {
    domain: 'number',
    meaning: 'looked-after reviews held in the current care period',
  },
  ageYears: { domain: 'number', meaning: "the child's age in whole years" },
  cpPlansStarted: {
    domain: 'number',
    meaning: 'child protection plans the child has had, the current one included',
  },
  cinPlansStarted: {
    domain: 'number',
    meaning: 'child in need plans the child has had, the current one included',
  },
  earlyHelp: { domain: 'boolean', meaning: 'the family is open to Early Help' },
  careLeaver: {
    domain: 'boolean',
    meaning: 'the young person left care aged 16 or over and the case is open',
  },
  missing: { domain: 'boolean', meaning: 'the child is missing or absent now' },
  inProceedings: { domain: 'boolean', meaning: 'care proceedings are under way' },
  privateFostering: { domain: 'boolean', meaning: 'the child is in a private fostering arrangement' },
  daysPrivatelyFostered: {
    domain: 'number',
    meaning: 'calendar days since the authority learned of the private fostering arrangement',
  },
  inAssessment: {
    domain: 'boolean',
    meaning: 'an assessment other than an Early Help one has started and is not yet completed',
  },
  inS47Enquiry: { domain: 'boolean', meaning: 'a section 47 enquiry has started and is not yet completed' },
  riskAssessed: {
    domain: 'boolean',
    meaning:
      'a risk assessment has been recorded since the child became looked after (kept where there are safeguarding concerns)',
  },
} as const satisfies Record<string, { domain: FactDomain; meaning: string }>;
export type FactName = keyof typeof FACTS;
export type Facts = Record<FactName, string | number | boolean | null>;

const since = (start: DayNumber | null, day: DayNumber) => (start === null ? null : day - start);

/** The facts about the case on `day`, given its state then. */
export function factsOn(state: CaseState, day: DayNumber): Facts {
  return {
    disabled: state.disabled,
    cpPlan: state.cpPlanSince !== null,
    cinPlan: state.cinPlanSince !== null,
    inCare: state.inCareSince !== null,
    legalStatus: state.legalStatus,
    placementType: state.placementType,
    longTermMatched: state.longTermMatched,
    intendedToAge18: state.intendedToAge18,
    daysSincePlacementStart: since(state.placementSince, day),
    daysInCare: since(state.inCareSince, day),
    cicReviewsThisCarePeriod: state.cicReviewsThisCarePeriod,
    ageYears: ageIn(state, day),
    cpPlansStarted: state.cpPlansStarted,
    cinPlansStarted: state.cinPlansStarted,
    earlyHelp: state.earlyHelpSince !== null,
    careLeaver: state.careLeaver,
    missing: state.missingSince !== null,
    inProceedings: state.proceedingsSince !== null,
    privateFostering: state.privateFosteringSince !== null,
    daysPrivatelyFostered: since(state.privateFosteringSince, day),
    inAssessment: state.assessmentSince !== null,
    inS47Enquiry: state.s47Since !== null,
    riskAssessed: state.riskAssessedSince !== null,
  };
}

/**
 * One day of a case as its rules see it: the state once all of the day's events are applied, and the
 * facts then, worked out at most once however many rules read them.
 */
export class CaseDay {
  private known: Facts | null = null;

  constructor(
    readonly state: CaseState,
    readonly day: DayNumber,
  ) {}

  get facts(): Facts {
    this.known ??= factsOn(this.state, this.day);
    return this.known;
  }
}
