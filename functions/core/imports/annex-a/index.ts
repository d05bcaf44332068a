/** Ofsted's Annex A lists as an import format: its parser (sheets.ts), its mapping (map.ts), and what it carries. */
import { carriedKind, cinProcessKinds, dfeCodedCareKinds } from '../carried-kinds.ts';
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
    ...cinProcessKinds(),
    carriedKind('visit.completed', { visitType: 'cin', childSeen: true }),
    ...(['cp', 'cic'] as const).flatMap((visitType) => [
      carriedKind('visit.completed', { visitType, childSeen: true }),
      carriedKind('visit.completed', { visitType, childSeen: true, seenAlone: true }),
      carriedKind('visit.completed', { visitType, childSeen: true, seenAlone: false }),
    ]),
    carriedKind('visit.completed', { visitType: 'care-leaver', childSeen: true }),
    ...dfeCodedCareKinds(),
    carriedKind('cic_review.held'),
    carriedKind('health_assessment.completed', { kind: 'initial' }),
    carriedKind('care_period.ended'),
    carriedKind('record.updated', { record: 'pathway-plan' }),
  ],
};
