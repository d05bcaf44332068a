/**
 * The closed lists of values that event `data` fields may take. They are exported so that rule
 * conditions and reports can be checked against the same words the ingest contract accepts.
 */

/** Whether a child protection conference is the initial conference (ICPC) or a review (RCPC). */
export const CONFERENCE_TYPES = ['initial', 'review'] as const;
/** See {@link CONFERENCE_TYPES}. */
export type ConferenceType = (typeof CONFERENCE_TYPES)[number];

/**
 * What a conference decided: `plan` and `no-plan` follow an initial conference, `continue` and `end`
 * follow a review of an existing child protection plan.
 */
export const CONFERENCE_OUTCOMES = ['plan', 'no-plan', 'continue', 'end'] as const;
/** See {@link CONFERENCE_OUTCOMES}. */
export type ConferenceOutcome = (typeof CONFERENCE_OUTCOMES)[number];

/** Where a section 47 enquiry led; `conference` starts the initial conference clock. */
export const S47_OUTCOMES = ['conference', 'no-further-action', 'child-in-need'] as const;
/** See {@link S47_OUTCOMES}. */
export type S47Outcome = (typeof S47_OUTCOMES)[number];

/**
 * The legal basis on which a child is looked after. Several timescales depend on it: an interim care
 * order at home is visited weekly until the first review, short breaks follow their own review cycle.
 */
export const LEGAL_STATUSES = [
  'section-20',
  'interim-care-order',
  'care-order',
  'placement-order',
  'emergency-protection-order',
  'police-protection',
  'remand',
  'short-breaks',
] as const;
/** See {@link LEGAL_STATUSES}. */
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/**
 * Kinds of placement that change visiting and review timescales. `temporary-connected-carer` is a
 * Regulation 24 temporary approval and `placed-with-parents-before-assessment` a Regulation 19
 * placement: both are visited weekly until the first review.
 */
export const PLACEMENT_TYPES = [
  'foster-care',
  'connected-carer',
  'temporary-connected-carer',
  'placed-with-parents',
  'placed-with-parents-before-assessment',
  'residential',
  'residential-school',
  'semi-independent',
  'placed-for-adoption',
  'short-break',
  'secure',
  'other',
] as const;
/** See {@link PLACEMENT_TYPES}. */
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

/** The first health assessment after a child becomes looked after, or a later periodic one. */
export const HEALTH_ASSESSMENT_KINDS = ['initial', 'review'] as const;
/** See {@link HEALTH_ASSESSMENT_KINDS}. */
export type HealthAssessmentKind = (typeof HEALTH_ASSESSMENT_KINDS)[number];

/** The plan or service a visit was made under; each has its own visiting frequency. */
export const VISIT_TYPES = ['cin', 'cp', 'cic', 'care-leaver', 'early-help'] as const;
/** See {@link VISIT_TYPES}. */
export type VisitType = (typeof VISIT_TYPES)[number];

/**
 * Management levels from lowest to highest, as the management oversight list names them:
 * Assistant Team Manager, Team Manager, Service Manager, Head of Service, Assistant Director, Director.
 */
export const OVERSIGHT_LEVELS = ['ATM', 'TM', 'SM', 'HOS', 'AD', 'DIRECTOR'] as const;
/** See {@link OVERSIGHT_LEVELS}. */
export type OversightLevel = (typeof OVERSIGHT_LEVELS)[number];

/** Why a case was allocated; a `transfer` between teams has its own escalation timescale. */
export const ALLOCATION_REASONS = ['new', 'reallocation', 'transfer'] as const;
/** See {@link ALLOCATION_REASONS}. */
export type AllocationReason = (typeof ALLOCATION_REASONS)[number];

/** Units in which a locally agreed visiting frequency may be expressed. */
export const FREQUENCY_UNITS = ['working-days', 'days', 'weeks', 'months'] as const;
/** See {@link FREQUENCY_UNITS}. */
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];
