/** The CIN census as an import format: its reader and mapping (map.ts), and what it carries. */
import { carriedKind } from '../carried-kinds.ts';
import type { ImportFormat } from '../format.ts';
import { readCinCensus } from './map.ts';

/** The CIN census (the DfE's children in need return): one XML file, every child in need with their episodes. */
export const CIN_CENSUS_FORMAT: ImportFormat = {
  name: 'cin-census',
  title: 'the CIN census',
  input: 'file',
  accepts: (file) => /\.xml$/i.test(file.name),
  read: readCinCensus,
  carries: [
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
    carriedKind('cin_plan.ended'),
  ],
};
