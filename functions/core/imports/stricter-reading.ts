/**
 * What every format says of a DfE code that cannot tell the stricter reading from a laxer one
 * (`events/dfe-codes.ts` marks it ambiguous, with why): it is imported the stricter way, and the
 * problem says so for the council to confirm. Pure.
 */
import type { DfeCodeReading } from '../../../events/dfe-codes.ts';

/** The note for an ambiguous code read the stricter way; null for a code that leaves nothing open. */
export function stricterReadingNote<Meaning>(reading: DfeCodeReading<Meaning>): string | null {
  const { ambiguous, meaning } = reading;
  return ambiguous === undefined
    ? null
    : `${ambiguous.why}: imported as ${String(meaning)}, the stricter reading; the council should confirm which it is`;
}
