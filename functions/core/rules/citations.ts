/**
 * Citations a person can read: what a rule rests on, one short entry per document, each place in it
 * named once ("Practice Standards 2020: Children in Care 32, 33, 34, 36 and Children with Disabilities
 * 16", "Management Oversight List 2023: Child in Care", "Care Planning Regulations 2010: reg 28"). The
 * full references are in `docs/rules.md`; a notice line needs only where to look. Pure.
 */
import documents from '../../../rules/documents.json' with { type: 'json' };
import type { Citation } from '../../../rules/schema.ts';
import { joinAnd } from '../engine/explain.ts';

const DOCUMENTS = new Map(documents.documents.map((document) => [document.key, document]));

/** A regulation or a section of an Act names its place on its own: "reg 28", "s32(1)(a)". */
const NAMES_ITSELF = /^(regs?|s)\s?\d/;
/** A paragraph is numbered within its chapter: "para 82" in "Chapter 1: Assessing need…". */
const PARAGRAPH = /^paras?\s?\d/;

/** "Chapter 4" of "Chapter 4: Initial child protection conferences"; a section with no label whole. */
const labelOf = (section: string) => section.split(':')[0]?.trim() ?? section;

/** Where a citation points, as a place a reader can find, and the standard's number there if it has one. */
function placeOf(citation: Citation): { place: string; number?: string } {
  const { section, ref } = citation;
  // The local standards are numbered within their sections: "Children in Care 32".
  if (/^\d+$/.test(ref)) return { place: section, number: ref };
  if (NAMES_ITSELF.test(ref)) return { place: ref };
  if (PARAGRAPH.test(ref)) return { place: `${labelOf(section)} ${ref}` };
  // A reference in words ("Late reports for CIC reviews", "Recording Timescales Table: Chronology") is
  // too long for a line: its section says where it is, unless the section is the whole document.
  return { place: section === DOCUMENTS.get(citation.document)?.title ? '' : labelOf(section) };
}

/**
 * A rule's citations (a compiled rule's `source`: its standards, then the law where it applies) as
 * one short entry per document, in the order first cited, each place once and each standard's number
 * once: "Practice Standards 2020: Children in Care 32, 34, 36", "Care Planning Regulations 2010: reg 28".
 */
export function readableCitations(citations: readonly Citation[]): string[] {
  const byDocument = new Map<string, Map<string, Set<string>>>();
  for (const citation of citations) {
    const places = byDocument.get(citation.document) ?? new Map<string, Set<string>>();
    byDocument.set(citation.document, places);
    const { place, number } = placeOf(citation);
    const numbers = places.get(place) ?? new Set<string>();
    places.set(place, numbers);
    if (number) numbers.add(number);
  }
  return [...byDocument].map(([key, places]) => {
    const named = [...places]
      .filter(([place]) => place !== '')
      .map(([place, numbers]) => (numbers.size > 0 ? `${place} ${[...numbers].join(', ')}` : place));
    const title = DOCUMENTS.get(key)?.short ?? key;
    return named.length > 0 ? `${title}: ${joinAnd(named)}` : title;
  });
}
