/**
 * Reading a placement code that says less than the contract needs (`dfe-codes.ts` marks it ambiguous,
 * with its stricter and laxer readings and why), as every format carrying SSDA903 placement codes
 * must: the laxer reading only where another fact settles it, otherwise the stricter one, noted for the
 * council to confirm.
 *
 * - A foster placement with a relative or friend (`U1`–`U3`) may be a Regulation 24 temporary
 *   approval, which lasts at most 24 weeks: a placement that started longer ago than that is not one
 *   any more, and is read as an approved carer's.
 * - A placement with parents (`P1`) may have been made before their assessment was complete
 *   (Regulation 19), which applies only under a care order or interim care order: under any other
 *   legal status it is an ordinary placement with parents. An unknown legal status settles nothing.
 *
 * Pure.
 */
import type { DfeCodeReading } from '../../../events/dfe-codes.ts';
import type { LegalStatus, PlacementType } from '../../../events/index.ts';
import { parseIsoDate } from '../calendar/index.ts';
import { stricterReadingNote } from './stricter-reading.ts';

/**
 * The longest a connected person can be a temporarily approved foster carer: 16 weeks (CPPCR 2010
 * reg 24), extended by at most 8 (reg 25).
 */
export const TEMPORARY_APPROVAL_DAYS = 24 * 7;

/** A placement type as read, and why it was read the stricter way (null when nothing was left open). */
export interface PlacementReading {
  placementType: PlacementType;
  note: string | null;
}

/** The facts beside a placement's code that may settle what it means. */
export interface PlacementFacts {
  /** The day it started, `YYYY-MM-DD`. */
  started: string;
  /** The import's day, `YYYY-MM-DD`. */
  today: string;
  /** The legal status it was made under; null when unknown. */
  legalStatus: LegalStatus | null;
}

/** Whether the facts settle an ambiguous placement code on its laxer reading (see the module's description). */
function settlesLaxer(laxer: PlacementType, facts: PlacementFacts): boolean {
  if (laxer === 'connected-carer') {
    return parseIsoDate(facts.today) - parseIsoDate(facts.started) > TEMPORARY_APPROVAL_DAYS;
  }
  if (laxer === 'placed-with-parents') {
    const { legalStatus } = facts;
    return legalStatus !== null && legalStatus !== 'care-order' && legalStatus !== 'interim-care-order';
  }
  return false;
}

/** How a placement code, as `dfe-codes.ts` reads it, is taken, given the facts beside it. */
export function placementReading(
  code: DfeCodeReading<PlacementType> & { meaning: PlacementType },
  facts: PlacementFacts,
): PlacementReading {
  const { meaning, ambiguous } = code;
  if (ambiguous === undefined) return { placementType: meaning, note: null };
  if (settlesLaxer(ambiguous.laxer, facts)) return { placementType: ambiguous.laxer, note: null };
  return { placementType: meaning, note: stricterReadingNote(code) };
}
