/**
 * Coverage of the seed documents: every numbered standard with a timescale, and the rules that enforce
 * it or why none can. Kept as data in `rules/coverage/*.json`, checked against the catalogue, and
 * rendered to `docs/coverage.md`. A development tool: it reads files, so the runtime never imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import documents from '../../rules/documents.json' with { type: 'json' };
import { DOCUMENT_KEYS } from '../../rules/schema.ts';
import { loadCatalogue } from '../core/rules/load.ts';
import type { RuleProblem } from '../core/rules/problems.ts';

/** `significantEvent`: the standard asks for something after a significant event or change. */
const standardSchema = z.union([
  z.strictObject({
    ref: z.string().min(1),
    timescale: z.string().min(3),
    rules: z.array(z.string()).min(1),
    note: z.string().min(10).optional(),
    significantEvent: z.literal(true).optional(),
  }),
  z.strictObject({
    ref: z.string().min(1),
    timescale: z.string().min(3),
    notEncoded: z.string().min(10),
    significantEvent: z.literal(true).optional(),
  }),
]);
type Standard = z.infer<typeof standardSchema>;

/** One coverage file: a document's sections (or some of them) and their standards with timescales. */
export const coverageFileSchema = z.strictObject({
  document: z.string().refine((key) => DOCUMENT_KEYS.includes(key), { message: 'must be a document key' }),
  sections: z
    .array(z.strictObject({ section: z.string().min(1), standards: z.array(standardSchema).min(1) }))
    .min(1),
});
export type CoverageFile = z.infer<typeof coverageFileSchema>;

const directory = new URL('../../rules/coverage/', import.meta.url);

/** Every coverage file, by name, parsed (a file that does not parse is reported by {@link checkCoverage}). */
export function readCoverageFiles(): { file: string; content: unknown }[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, content: JSON.parse(readFileSync(new URL(file, directory), 'utf8')) }));
}

const key = (document: string, section: string, ref: string) => `${document} | ${section} | ${ref}`;
const LOCAL = new Set(documents.documents.filter((d) => d.kind === 'local').map((d) => d.key));

/**
 * Problems with the coverage files: shape, unknown rule ids, a standard listed twice, and any rule that
 * cites a local standard the coverage does not map to it.
 */
export function checkCoverage(files: ReadonlyArray<{ file: string; content: unknown }>): {
  coverage: CoverageFile[];
  problems: RuleProblem[];
} {
  const { rules } = loadCatalogue();
  const ids = new Set(rules.map((rule) => rule.id));
  const problems: RuleProblem[] = [];
  const coverage: CoverageFile[] = [];
  const mapped = new Map<string, Set<string>>();
  for (const { file, content } of files) {
    const parsed = coverageFileSchema.safeParse(content);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: `${file} ${issue.path.join('.')}`, message: issue.message });
      continue;
    }
    coverage.push(parsed.data);
    for (const { section, standards } of parsed.data.sections) {
      for (const standard of standards) {
        const where = key(parsed.data.document, section, standard.ref);
        if (mapped.has(where)) problems.push({ path: file, message: `${where} is listed twice` });
        const rulesHere = 'rules' in standard ? standard.rules : [];
        mapped.set(where, new Set(rulesHere));
        for (const id of rulesHere) {
          if (!ids.has(id)) problems.push({ path: `${file} ${where}`, message: `there is no rule ${id}` });
        }
      }
    }
  }
  for (const rule of rules) {
    for (const citation of rule.source) {
      if (!LOCAL.has(citation.document)) continue;
      const where = key(citation.document, citation.section, citation.ref);
      if (!mapped.get(where)?.has(rule.id)) {
        problems.push({
          path: rule.id,
          message: `cites ${where}, but the coverage does not list ${rule.id} there`,
        });
      }
    }
  }
  return { coverage, problems };
}

const TITLES = new Map(documents.documents.map((d) => [d.key, d.title]));

const cellOf = (standard: Standard) =>
  'rules' in standard
    ? `${standard.rules.map((id) => `\`${id}\``).join(', ')}${standard.note ? ` (${standard.note})` : ''}`
    : `not encoded: ${standard.notEncoded}`;

/** What follows a significant event, gathered from every document: how each is handled. */
function significantEventsSection(coverage: readonly CoverageFile[]): string[] {
  const rows = coverage.flatMap(({ document, sections }) =>
    sections.flatMap(({ section, standards }) =>
      standards
        .filter((standard) => standard.significantEvent)
        .map(
          (standard) =>
            `| \`${document}\` | ${section} | ${standard.ref} | ${standard.timescale} | ${cellOf(standard)} |`,
        ),
    ),
  );
  return [
    '## After a significant event',
    '',
    "Every standard above that asks for something after a significant event or change in a child's or young person's life, and how it is handled. Which events are significant is the practitioner's judgement, so none is inferred: the case system records one as `significant_change.recorded` (with its kind), and that event starts the deadlines below that have a length of time. Standards that only ask for other agencies or the IRO to be told of significant events (Integrated Early Help 11, Children in Care 41, Care Leavers 12, Reviews for Children in Care 65) set no time and ask nothing of the case record, so they are not listed.",
    '',
    '| Document | Section | Standard | Timescale | Enforced by |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** `docs/coverage.md` as Markdown. */
export function renderCoverageDoc(files = readCoverageFiles()): string {
  const { coverage } = checkCoverage(files);
  const byDocument = new Map<string, CoverageFile['sections']>();
  for (const file of coverage)
    byDocument.set(file.document, [...(byDocument.get(file.document) ?? []), ...file.sections]);
  const counts = { encoded: 0, notEncoded: 0 };
  const body: string[] = [];
  for (const [document, sections] of [...byDocument].sort(([a], [b]) => a.localeCompare(b))) {
    body.push(`## \`${document}\`: ${TITLES.get(document)}`, '');
    for (const { section, standards } of sections) {
      body.push(`### ${section}`, '', '| Standard | Timescale | Enforced by |', '|---|---|---|');
      for (const standard of standards) {
        const cell = cellOf(standard);
        if ('rules' in standard) counts.encoded += 1;
        else counts.notEncoded += 1;
        body.push(`| ${standard.ref} | ${standard.timescale} | ${cell} |`);
      }
      body.push('');
    }
  }
  return [
    '# Coverage of the standards',
    '',
    '<!-- Generated by `npm run docs` from rules/coverage/*.json. Do not edit by hand. -->',
    '',
    `Every statement with a timescale in the five seed documents (their numbered standards, and the named items of those that have no numbers), and the rules that enforce it (see [rules.md](rules.md)) or why none can. ${counts.encoded} are enforced by rules; ${counts.notEncoded} are not encoded, each with its reason. The documents' own review dates are not standards and are left out.`,
    '',
    ...body,
    ...significantEventsSection(coverage),
  ].join('\n');
}
