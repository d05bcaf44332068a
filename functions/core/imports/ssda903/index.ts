/** The SSDA903 children-looked-after return as an import format: its parser and mapping (map.ts), and what it carries. */
import { carriedKind, dfeCodedCareKinds } from '../carried-kinds.ts';
import type { ImportFormat } from '../format.ts';
import { readSsda903 } from './map.ts';
import { ssda903TableOf } from './tables.ts';

/**
 * The SSDA903 return (DfE): a folder of CSV files, each known by its columns. Every `.csv` file of the
 * folder is taken, so that one that is not a table of the return is listed rather than passed over.
 */
export const SSDA903_FORMAT: ImportFormat = {
  name: 'ssda903',
  title: 'the SSDA903 children looked after return',
  accepts: (file) => file.name.toLowerCase().endsWith('.csv') || ssda903TableOf(file.text) !== null,
  read: readSsda903,
  carries: [
    carriedKind('child.updated', { dateOfBirth: '2015-01-01' }),
    ...dfeCodedCareKinds(),
    carriedKind('placement.ended'),
    carriedKind('cic_review.held'),
    carriedKind('missing_episode.started'),
    carriedKind('missing_episode.ended'),
    carriedKind('case.allocated', { workerId: 'SW-1', reason: 'new' }),
    carriedKind('case.allocated', { workerId: 'SW-1', reason: 'reallocation' }),
  ],
};
