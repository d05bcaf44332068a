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
 * placement: both are visited weekly until the first review. `unregistered` is care and accommodation
 * given where the provider must be registered with Ofsted and is not (a children's home operating
 * without registration); `unregulated` is accommodation that gives support but not care and that no
 * regulator inspects. The Line of Sight meeting's permanency tracker lists both; the DfE's placement
 * codes say neither, so an import never reads them (only a case system that records them sends them).
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
  'unregistered',
  'unregulated',
  'other',
] as const;
/** See {@link PLACEMENT_TYPES}. */
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

/**
 * The first health assessment after a child becomes looked after, a later periodic one, or the
 * strengths and difficulties questionnaire completed with the carer.
 */
export const HEALTH_ASSESSMENT_KINDS = ['initial', 'review', 'strengths-and-difficulties'] as const;
/** See {@link HEALTH_ASSESSMENT_KINDS}. */
export type HealthAssessmentKind = (typeof HEALTH_ASSESSMENT_KINDS)[number];

/** The plan or service a visit was made under; each has its own visiting frequency. */
export const VISIT_TYPES = ['cin', 'cp', 'cic', 'care-leaver', 'early-help', 'private-fostering'] as const;
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

/** Which assessment: a child and family assessment unless said otherwise. */
export const ASSESSMENT_TYPES = ['child-and-family', 'early-help', 'short-breaks'] as const;
/** See {@link ASSESSMENT_TYPES}. */
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];

/** Meetings with timescales of their own that have no more specific event type. */
export const MEETING_TYPES = [
  'early-help-review',
  'placement-planning',
  'care-planning',
  'permanency-planning',
  'pep',
  'case-transfer',
  'team-around-the-family',
  'cin-closure',
] as const;
/** See {@link MEETING_TYPES}. */
export type MeetingType = (typeof MEETING_TYPES)[number];

/** Records the standards require to be kept up to date. */
export const RECORD_TYPES = [
  'chronology',
  'case-summary',
  'care-plan',
  'pathway-plan',
  'placement-plan',
  'safety-plan',
  'risk-assessment',
  'case-closure',
  'care-leaver-circumstances',
] as const;
/** See {@link RECORD_TYPES}. */
export type RecordType = (typeof RECORD_TYPES)[number];

/** What a report is for: a child protection conference or a looked-after review. */
export const REPORT_OCCASIONS = ['initial-conference', 'review-conference', 'cic-review'] as const;
/** See {@link REPORT_OCCASIONS}. */
export type ReportOccasion = (typeof REPORT_OCCASIONS)[number];

/**
 * The steps around a conference or review that have their own timescales: before it, the set-up and
 * invitation form, the report shared with the family, signed off by a manager, and sent to the IRO, and
 * the invitations sent out; after it, its record (the conference minutes, the review's full written
 * record) sent to those invited.
 */
export const REPORT_STAGES = [
  'setup-form',
  'shared-with-family',
  'signed-off',
  'sent-to-iro',
  'invitations-sent',
  'record-sent',
] as const;
/** See {@link REPORT_STAGES}. */
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Decisions that the management oversight list says a manager must record. */
export const DECISIONS = [
  'accommodate',
  'legal-planning',
  'close-case',
  'step-down-to-early-help',
  'recommend-continue-cp-plan',
  'recommend-end-cp-plan',
  'recommend-end-cin-plan',
  'emergency-placement-with-parents',
  'conference-or-not',
  'initiate-pre-proceedings',
  'care-plan-sign-off',
  'court-care-plan-sign-off',
] as const;
/** See {@link DECISIONS}. */
export type Decision = (typeof DECISIONS)[number];

/** Why a child stopped being looked after, where it changes who must be told. */
export const CARE_END_REASONS = [
  'returned-home',
  'signed-themselves-out',
  'special-guardianship',
  'adopted',
  'turned-18',
  'other',
] as const;
/** See {@link CARE_END_REASONS}. */
export type CareEndReason = (typeof CARE_END_REASONS)[number];

/** The duty manager's decision on a contact or referral. */
export const THRESHOLD_DECISIONS = [
  'strategy-discussion',
  'child-and-family-assessment',
  'early-help',
  'no-further-action',
] as const;
/** See {@link THRESHOLD_DECISIONS}. */
export type ThresholdDecision = (typeof THRESHOLD_DECISIONS)[number];

/** How urgent a MASH enquiry is: red checks are due in 4 hours, amber in 24. */
export const MASH_GRADINGS = ['red', 'amber'] as const;
/** See {@link MASH_GRADINGS}. */
export type MashGrading = (typeof MASH_GRADINGS)[number];

/** Why a visit did not see the child, where the standards name who must be told. */
export const NOT_SEEN_REASONS = ['parents-refused', 'child-declined', 'not-at-home', 'other'] as const;
/** See {@link NOT_SEEN_REASONS}. */
export type NotSeenReason = (typeof NOT_SEEN_REASONS)[number];

/** Serious incidents that the management oversight list sends to a Team and Service Manager. */
export const SERIOUS_INCIDENTS = ['significant-injury', 'unexpected-death'] as const;
/** See {@link SERIOUS_INCIDENTS}. */
export type SeriousIncident = (typeof SERIOUS_INCIDENTS)[number];

/**
 * Why a court extended the time limit for care proceedings (Children Act 1989 s32(5)–(7): only when
 * necessary to resolve the proceedings justly, never routinely). Short codes, never a description of a
 * person: expert evidence still to come, the assessment of a family member or friend as a carer,
 * parallel (criminal or other) proceedings, a foreign court or authority involved, a party's capacity to
 * take part, a party joined late, the court's own listing, or another reason.
 */
export const EXTENSION_REASONS = [
  'expert-evidence',
  'carer-assessment',
  'parallel-proceedings',
  'international-element',
  'party-capacity',
  'new-party',
  'court-listing',
  'other',
] as const;
/** See {@link EXTENSION_REASONS}. */
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/**
 * What kind of significant event or change in a child's or young person's circumstances was recorded:
 * the standards ask for plans, case summaries, risk assessments and oversight to follow one. A short
 * code for the area of life it touches, never a description.
 */
export const SIGNIFICANT_CHANGES = [
  'placement-or-home',
  'care-plan',
  'education-or-work',
  'safeguarding',
  'health',
  'family',
  'custody',
  'other',
] as const;
/** See {@link SIGNIFICANT_CHANGES}. */
export type SignificantChange = (typeof SIGNIFICANT_CHANGES)[number];

/**
 * The Family Placement service's work for one child that the management oversight list asks a manager
 * to sign off: an assessment of a relative or friend as a possible carer (viability), of connected
 * carers as foster carers, of special guardians, a special guardianship support plan, an assessment of
 * a private fostering arrangement, and a placement risk assessment.
 */
export const FAMILY_PLACEMENT_WORK = [
  'viability-assessment',
  'connected-carer-assessment',
  'special-guardianship-assessment',
  'special-guardianship-plan',
  'private-fostering-assessment',
  'placement-risk-assessment',
] as const;
/** See {@link FAMILY_PLACEMENT_WORK}. */
export type FamilyPlacementWork = (typeof FAMILY_PLACEMENT_WORK)[number];

/**
 * Meetings of the pre-proceedings stage of the Public Law Outline: the first meeting with the parents
 * and their lawyers after the letter before proceedings, and a later one reviewing progress.
 */
export const PRE_PROCEEDINGS_MEETINGS = ['initial', 'review'] as const;
/** See {@link PRE_PROCEEDINGS_MEETINGS}. */
export type PreProceedingsMeeting = (typeof PRE_PROCEEDINGS_MEETINGS)[number];

/**
 * How pre-proceedings ended: stepped down (the concerns reduced enough to go on without the threat of
 * proceedings, e.g. under a child protection or child in need plan), care proceedings to be issued, or
 * another way (the family moved away, the case closed).
 */
export const PRE_PROCEEDINGS_OUTCOMES = ['step-down', 'issue-proceedings', 'other'] as const;
/** See {@link PRE_PROCEEDINGS_OUTCOMES}. */
export type PreProceedingsOutcome = (typeof PRE_PROCEEDINGS_OUTCOMES)[number];

/**
 * Why the due date of an action recorded on the Line of Sight board was moved: a short code, never free
 * text. Waiting on the court, on information from another agency or professional, on the family or on
 * a professional being available; the action reprioritised by the meeting; or the date first recorded
 * was wrong. Every move is kept with its reason and who made it.
 */
export const ACTION_MOVE_REASONS = [
  'awaiting-court',
  'awaiting-information',
  'family-unavailable',
  'professional-unavailable',
  'reprioritised',
  'date-recorded-in-error',
] as const;
/** See {@link ACTION_MOVE_REASONS}. */
export type ActionMoveReason = (typeof ACTION_MOVE_REASONS)[number];
