/**
 * The DfE codes the synthetic extracts write for the contract's words, as a council's case system would
 * choose them: the one writer table for the SSD extract, the SSDA903 return and Annex A alike, so that
 * the three say the same of the same council. Each code reads back through the one reading table
 * (`events/dfe-codes.ts`) as the word it was written for, or, where the DfE's codes cannot say the word,
 * as the stricter reading of an ambiguous code or the nearest word they can say (listed below, and
 * checked by tests/unit/dfe-codes.test.ts).
 */
import type { CareEndReason, LegalStatus, PlacementType } from '../../events/index.ts';

/** The SSDA903 legal status (`LS`) written for each of the contract's. */
export const LEGAL_STATUS_CODES: Readonly<Record<LegalStatus, string>> = {
  'section-20': 'V2',
  'interim-care-order': 'C1',
  'care-order': 'C2',
  'placement-order': 'E1',
  'emergency-protection-order': 'L2',
  'police-protection': 'L1',
  remand: 'J1',
  'short-breaks': 'V3',
};

/**
 * The SSDA903 placement type (`PLACE`) written for each of the contract's. The codes cannot tell a
 * temporary approval from an approved connected carer (both `U3`, read the stricter way), a placement
 * with parents before their assessment from one after (both `P1`, likewise), nor a short break from
 * foster care: short breaks are most often with foster carers (`U6`, read as foster care). No code
 * says a placement is unregistered or unregulated: an unregistered one is written as another placement
 * (`Z1`), an unregulated one as semi-independent accommodation (`H5`), read back as those. A child
 * placed for adoption is placed under a placement order with new carers (`A6`), as the synthetic
 * council places them.
 */
export const PLACEMENT_CODES: Readonly<Record<PlacementType, string>> = {
  'foster-care': 'U6',
  'connected-carer': 'U3',
  'temporary-connected-carer': 'U3',
  'placed-with-parents': 'P1',
  'placed-with-parents-before-assessment': 'P1',
  residential: 'K2',
  'residential-school': 'S1',
  'semi-independent': 'H5',
  'placed-for-adoption': 'A6',
  'short-break': 'U6',
  secure: 'K1',
  unregistered: 'Z1',
  unregulated: 'H5',
  other: 'Z1',
};

/** The long-term fostering codes, for a foster placement matched long-term. */
const LONG_TERM_PLACEMENT_CODES: Partial<Record<PlacementType, string>> = {
  'foster-care': 'U4',
  'connected-carer': 'U1',
};

/** The `PLACE` written for a placement: its type's code, or the long-term fostering code for a long-term match. */
export function placementCode(placementType: PlacementType, longTermMatched = false): string {
  return (longTermMatched && LONG_TERM_PLACEMENT_CODES[placementType]) || PLACEMENT_CODES[placementType];
}

/**
 * The SSDA903 reason an episode ceased (`REC`) written for each way care ends. A child who leaves at
 * 18 is written `E17` (staying put), the one code read as turning 18; no code says a child signed
 * themselves out, so that is written as ceasing for any other reason (`E8`), like `other`. A special
 * guardianship order is written with a current code (`E47`, not the older `E43`/`E44`).
 */
export const CARE_END_CODES: Readonly<Record<CareEndReason, string>> = {
  'returned-home': 'E4A',
  'signed-themselves-out': 'E8',
  'special-guardianship': 'E47',
  adopted: 'E11',
  'turned-18': 'E17',
  other: 'E8',
};

/** `REC` for an episode that ends into the next one: the period of care goes on. */
export const EPISODE_CONTINUES = 'X1';

/** The DfE disability codes written for a disabled child (each extract picks one a child). */
export const DISABILITY_CODES = ['LD', 'AUT', 'MOB', 'COMM', 'HEAR', 'VIS', 'BEH', 'PC'] as const;
