/** The CIN census as an import format: its reader and mapping (map.ts), and what it carries. */
import { carriedKind, cinProcessKinds } from '../carried-kinds.ts';
import type { ImportFormat } from '../format.ts';
import { readCinCensus } from './map.ts';

/** The CIN census (the DfE's children in need return): one XML file, every child in need with their episodes. */
export const CIN_CENSUS_FORMAT: ImportFormat = {
  name: 'cin-census',
  title: 'the CIN census',
  input: 'file',
  accepts: (file) => /\.xml$/i.test(file.name),
  read: readCinCensus,
  carries: [...cinProcessKinds(), carriedKind('cin_plan.ended')],
};
