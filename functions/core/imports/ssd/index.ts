/** The Standard Safeguarding Dataset as an import format: its parser and mapping (map.ts), and what it carries. */
import { PRE_PROCEEDINGS_OUTCOMES, S47_OUTCOMES } from '../../../../events/index.ts';
import { carriedKind, cinProcessKinds, dfeCodedCareKinds } from '../carried-kinds.ts';
import type { ImportFormat } from '../format.ts';
import { readSsd, ssdTableOf } from './map.ts';

/** Flags a visit's row may leave out (absent), or say no or yes to. */
const FLAGS = [undefined, false, true] as const;

/**
 * Every kind of visit the SSD records: child protection and child in need visits seen or not, alone or
 * not, the bedroom seen or not; looked-after visits the same but for the bedroom (no column says); a
 * care leaver's latest contact, seen.
 */
const visits = [
  ...(['cp', 'cin', 'cic'] as const).flatMap((visitType) => [
    carriedKind('visit.completed', { visitType, childSeen: false }),
    ...FLAGS.flatMap((seenAlone) =>
      (visitType === 'cic' ? [undefined] : FLAGS).map((bedroomSeen) =>
        carriedKind('visit.completed', {
          visitType,
          childSeen: true,
          ...(seenAlone !== undefined && { seenAlone }),
          ...(bedroomSeen !== undefined && { bedroomSeen }),
        }),
      ),
    ),
  ]),
  carriedKind('visit.completed', { visitType: 'care-leaver', childSeen: true }),
];

/** The SSD (Data to Insight's Standard Safeguarding Dataset): a folder of CSV files, one per table. */
export const SSD_FORMAT: ImportFormat = {
  name: 'ssd',
  title: 'the Standard Safeguarding Dataset',
  accepts: (file) => ssdTableOf(file.name) !== null,
  read: readSsd,
  // One date, cina_assessment_auth_date, for an assessment's completion and its authorisation.
  sameDate: [['assessment.completed', 'assessment.authorised']],
  carries: [
    ...cinProcessKinds(),
    carriedKind('child.updated', { expectedDateOfBirth: '2027-01-01' }),
    ...(['new', 'transfer', 'reallocation'] as const).map((reason) =>
      carriedKind('case.allocated', { workerId: 'SW-1', teamId: 'TEAM-1', reason }),
    ),
    carriedKind('personal_adviser.allocated', { staffId: 'SW-1' }),
    carriedKind('early_help.started'),
    carriedKind('early_help.ended'),
    carriedKind('s47.completed'),
    ...S47_OUTCOMES.map((outcome) => carriedKind('s47.completed', { outcome })),
    carriedKind('cin_plan.ended'),
    ...visits,
    ...dfeCodedCareKinds(),
    carriedKind('placement.ended'),
    carriedKind('cic_review.held'),
    carriedKind('health_assessment.completed', { kind: 'initial' }),
    carriedKind('health_assessment.completed', { kind: 'review' }),
    carriedKind('health_assessment.completed', { kind: 'strengths-and-difficulties' }),
    carriedKind('missing_episode.started'),
    carriedKind('missing_episode.ended'),
    carriedKind('record.updated', { record: 'pathway-plan' }),
    carriedKind('decision.recorded', { decision: 'initiate-pre-proceedings' }),
    carriedKind('pre_proceedings.letter_sent'),
    carriedKind('pre_proceedings.meeting_held', { meeting: 'initial' }),
    ...PRE_PROCEEDINGS_OUTCOMES.map((outcome) => carriedKind('pre_proceedings.ended', { outcome })),
  ],
};
