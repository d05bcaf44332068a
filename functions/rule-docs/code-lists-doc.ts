/**
 * The "Code lists" section of `docs/imports.md`, generated from the one table of DfE codes
 * (`events/dfe-codes.ts`) so that it cannot drift from it. The section sits between two markers; the
 * rest of the file is written by hand, format by format, and left as it is.
 */
import {
  DFE_CODE_LISTS,
  type DfeCodeList,
  type DfeCodeReading,
  dfeCodeList,
} from '../../events/dfe-codes.ts';

/** The line opening the generated section. */
export const CODE_LISTS_BEGIN =
  '<!-- BEGIN code lists: generated from events/dfe-codes.ts by `npm run docs`; edit the table there, not here -->';
/** The line closing it. */
export const CODE_LISTS_END = '<!-- END code lists -->';

const INTRODUCTION = `## Code lists

The DfE's codes in the contract's words: one table, \`events/dfe-codes.ts\`, through which every import
reads a code. The contract accepts the codes of the first three lists in the field each names, as well as
its own words, and stores the contract's value, however the event arrives (HTTP, the queue, \`los ingest\`,
an import). A code not on its list is refused, the list named and the value never repeated.

A code marked **ambiguous** says less than the contract needs. It is never read the laxer way by default:
its value is the stricter reading, the one whose rules fall due sooner. An import takes the fact from
another column where the format has one (a placement with parents is a Regulation 19 placement only
under a care order or interim care order, which the legal status tells), and otherwise imports the
stricter reading and lists the code as a problem for the council to resolve. An event sent directly
with an ambiguous code is stored with the stricter reading, and the ingest summary's item for it carries
a notice saying so (\`los ingest\` prints it as a note): send the contract's own word to say which.

\`U4\`–\`U6\` are not ambiguous: Regulation 24 approves only a connected person (a relative, friend or
other person connected with the child), and \`U4\`–\`U6\` are placements with other foster carers, already
approved. A council whose records put a temporarily approved connected person who is neither relative
nor friend under \`U4\`–\`U6\` should send \`temporary-connected-carer\` itself. No code says that a young
person signed themselves out of care: the Director's oversight of that (\`oversight.signed-out-of-care\`)
has no source in the DfE's codes; send \`care_period.ended\` with \`reason\` \`signed-themselves-out\`.`;

/** A list's meaning for a person: the contract's value in code type, or what a code without one does. */
function valueCell(list: DfeCodeList, reading: DfeCodeReading<unknown>): string {
  if (reading.meaning === null) {
    return list === 'reason-episode-ceased' ? 'no event: the period of care goes on' : '—';
  }
  const value = reading.meaning === true ? '`disabled: true`' : `\`${String(reading.meaning)}\``;
  if (!reading.ambiguous) return value;
  return `${value}, **ambiguous** (laxer: \`${String(reading.ambiguous.laxer)}\`): ${reading.ambiguous.why}`;
}

function listSection(list: DfeCodeList): string {
  const { title, heldIn, contractField, codes } = dfeCodeList(list);
  const heading = title.replace(/^the /, '');
  const where = [
    `Held in ${heldIn}.`,
    contractField
      ? `The contract accepts these codes in ${contractField}.`
      : list === 'reason-new-episode' || list === 'disability'
        ? 'Read by the imports only.'
        : 'No contract field holds these: an import checks the code against the list and makes no event of it.',
  ].join(' ');
  const rows = Object.entries(codes).map(
    ([code, reading]) => `| \`${code}\` | ${reading.label} | ${valueCell(list, reading)} |`,
  );
  return [
    `### ${heading[0]?.toUpperCase()}${heading.slice(1)}`,
    '',
    where,
    '',
    '| code | DfE meaning | read as |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The generated section, markers included. */
export function renderCodeListsSection(): string {
  return [CODE_LISTS_BEGIN, INTRODUCTION, ...DFE_CODE_LISTS.map(listSection), CODE_LISTS_END].join('\n\n');
}

/**
 * `markdown` (docs/imports.md) with its code lists section replaced by the current one, or the section
 * added at the end where the file has none yet. Everything outside the markers is kept as it is.
 */
export function withCodeListsSection(markdown: string): string {
  const begin = markdown.indexOf(CODE_LISTS_BEGIN);
  const end = markdown.indexOf(CODE_LISTS_END);
  if (begin === -1 && end === -1) {
    const body = markdown.trimEnd();
    return `${body}${body ? '\n\n' : ''}${renderCodeListsSection()}\n`;
  }
  // Half a pair of markers is a hand edit gone wrong: writing past it could eat the sections after it.
  if (begin === -1 || end < begin)
    throw new Error('docs/imports.md: the code lists markers are not a BEGIN then an END');
  return `${markdown.slice(0, begin)}${renderCodeListsSection()}${markdown.slice(end + CODE_LISTS_END.length)}`;
}
