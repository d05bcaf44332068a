/**
 * Every import format `los import` and the import bucket's loader know, by the name a council types
 * (`los import ssd DIR`). A format is added here and nowhere else.
 */
import { ANNEX_A_FORMAT } from './annex-a/index.ts';
import { CIN_CENSUS_FORMAT } from './cin-census/index.ts';
import type { ImportFormat } from './format.ts';
import { SSD_FORMAT } from './ssd/index.ts';
import { SSDA903_FORMAT } from './ssda903/index.ts';

/** The formats, in the order the help lists them. */
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  SSD_FORMAT,
  SSDA903_FORMAT,
  CIN_CENSUS_FORMAT,
  ANNEX_A_FORMAT,
];

/** The format called `name`, or undefined. */
export function importFormat(name: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((format) => format.name === name);
}
