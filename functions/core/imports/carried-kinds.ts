/**
 * Building a format's `carries` (format.ts): the kinds of event it can make, from which coverage.ts
 * works out the rules it cannot feed. The care events every format reading the SSDA903's codes makes
 * are the ones the table of DfE codes can say, so no format lists them by hand. Pure.
 */
import { dfeMeanings } from '../../../events/dfe-codes.ts';
import type { CaseEvent } from '../../../events/index.ts';

/** One kind of event a format can make: its type, and the data that tells it from other kinds. */
export type CarriedKind = Pick<CaseEvent, 'type' | 'data'>;

/** A kind of event of `type`, with the data that tells it apart. */
export const carriedKind = (type: CaseEvent['type'], data: object = {}) => ({ type, data }) as CarriedKind;

/**
 * The start of care under each legal status, its end for each reason and the start of each kind of
 * placement that an SSDA903 code can say (no code says a short break, or that a child signed themselves
 * out of care).
 */
export function dfeCodedCareKinds(): CarriedKind[] {
  return [
    ...dfeMeanings('legal-status').map((legalStatus) => carriedKind('care_period.started', { legalStatus })),
    ...dfeMeanings('reason-episode-ceased').map((reason) => carriedKind('care_period.ended', { reason })),
    ...dfeMeanings('placement-type').map((placementType) =>
      carriedKind('placement.started', { placementType }),
    ),
  ];
}

/**
 * The child's date of birth and disability, and the child in need process every format reading the CIN
 * census's stages makes: referral to closure, assessment, strategy discussion and section 47 enquiry,
 * conferences initial and review with their outcomes, child protection plans and the start of a child in
 * need plan.
 */
export function cinProcessKinds(): CarriedKind[] {
  return [
    carriedKind('child.updated', { dateOfBirth: '2015-01-01' }),
    carriedKind('child.updated', { disabled: true }),
    carriedKind('referral.received'),
    carriedKind('case.closed'),
    carriedKind('assessment.started'),
    carriedKind('assessment.completed'),
    carriedKind('assessment.authorised'),
    carriedKind('strategy_discussion.held', { s47Initiated: true }),
    carriedKind('s47.started'),
    carriedKind('conference.held', { conferenceType: 'initial', outcome: 'plan' }),
    carriedKind('conference.held', { conferenceType: 'initial', outcome: 'no-plan' }),
    carriedKind('conference.held', { conferenceType: 'review', outcome: 'continue' }),
    carriedKind('conference.held', { conferenceType: 'review', outcome: 'end' }),
    carriedKind('cp_plan.started'),
    carriedKind('cp_plan.ended'),
    carriedKind('cin_plan.started'),
  ];
}
