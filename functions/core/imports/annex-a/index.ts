/** Ofsted's Annex A lists as an import format: its parser (sheets.ts), its mapping (map.ts), and what it carries. */
import { carriedKind, dfeCodedCareKinds } from '../carried-kinds.ts';
import type { ImportFormat, SourceFile } from '../format.ts';
import { readAnnexA } from './map.ts';

/** A sheet of a workbook, or a CSV file of a folder: every one is read, and one that is no list is listed. */
const isSheetOrCsv = (file: SourceFile) =>
  file.rows !== undefined || file.name.toLowerCase().endsWith('.csv');

/** Ofsted's Annex A lists: a workbook (`.xlsx`, one sheet per list) or a folder of CSV files, one per list. */
export const ANNEX_A_FORMAT: ImportFormat = {
  name: 'annex-a',
  title: 'Ofsted’s Annex A lists',
  input: 'file-or-folder',
  accepts: isSheetOrCsv,
  read: readAnnexA,
  carries: [
    carriedKind('child.updated', { dateOfBirth: '2015-01-01' }),
    carriedKind('child.updated', { disabled: true }),
    carriedKind('referral.received'),
    carriedKind('assessment.started'),
    carriedKind('assessment.completed'),
    carriedKind('assessment.authorised'),
    carriedKind('strategy_discussion.held', { s47Initiated: true }),
    carriedKind('s47.started'),
    carriedKind('conference.held', { conferenceType: 'initial', outcome: 'plan' }),
    carriedKind('conference.held', { conferenceType: 'initial', outcome: 'no-plan' }),
    carriedKind('conference.held', { conferenceType: 'review', outcome: 'continue' }),
    carriedKind('conference.held', { conferenceType: 'review', outcome: 'end' }),
    carriedKind('case.closed'),
    carriedKind('cin_plan.started'),
    carriedKind('visit.completed', { visitType: 'cin', childSeen: true }),
    ...(['cp', 'cic'] as const).flatMap((visitType) => [
      carriedKind('visit.completed', { visitType, childSeen: true }),
      carriedKind('visit.completed', { visitType, childSeen: true, seenAlone: true }),
      carriedKind('visit.completed', { visitType, childSeen: true, seenAlone: false }),
    ]),
    carriedKind('visit.completed', { visitType: 'care-leaver', childSeen: true }),
    carriedKind('cp_plan.started'),
    carriedKind('cp_plan.ended'),
    ...dfeCodedCareKinds(),
    carriedKind('cic_review.held'),
    carriedKind('health_assessment.completed', { kind: 'initial' }),
    carriedKind('care_period.ended'),
    carriedKind('record.updated', { record: 'pathway-plan' }),
  ],
};
