/**
 * An import's report in plain English, for `los import` and the import bucket's loader: what it made
 * of the extract, the problems (by file, row and column, never a cell's text), what the format cannot
 * feed, and where the directory stands. Pure.
 */
import type { EventType } from '../../events/index.ts';
import { eventTypeLabel } from '../core/engine/event-labels.ts';
import type { NotJudgedBecause, NotJudgedRule, UncoveredRule } from '../core/imports/coverage.ts';
import { isRefusal, problemText } from '../core/imports/format.ts';
import { caseProblemText } from '../ingest/ingest.ts';
import type { ImportReport } from './run-import.ts';

/** Where the contract's events are described, for what a format cannot carry. */
export const NATIVE_EVENTS_DOC = 'docs/operations.md, "Sending events"';

/** The report's text, in two parts: the summary (stdout) and the problems (stderr). */
export interface ImportReportText {
  summary: string[];
  problems: string[];
}

const count = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** The ids of a list, the first few and how many more. */
function someOf(ids: readonly string[], shown = 10): string {
  const more = ids.length - shown;
  return `${ids.slice(0, shown).join(', ')}${more > 0 ? ` and ${count(more)} more` : ''}`;
}

/** The event types the uncovered rules need, most needed first, each with how many rules need it. */
function byEventType(rules: readonly UncoveredRule[]): [EventType, number][] {
  const counts = new Map<EventType, number>();
  for (const rule of rules) for (const type of rule.needs) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The lines on what the format cannot feed: counts, the events that would, and where they are described. */
function coverageLines(report: ImportReport, title: string, shownTypes: number): string[] {
  const { noSource, neverMet, notJudged } = report.coverage;
  const judged = notJudgedLines(notJudged, title);
  if (noSource.length === 0 && neverMet.length === 0)
    return [`Every rule has a source in ${title}.`, ...judged];
  const types = byEventType([...noSource, ...neverMet]);
  const more = types.length - shownTypes;
  return [
    `What ${title} cannot feed: ${plural(noSource.length, 'rule has', 'rules have')} no source in it, and ` +
      `${plural(neverMet.length, 'rule', 'rules')} it starts can never be seen met from it, so ` +
      'their deadlines show overdue until the case system sends what meets them.',
    'No import format carries management oversight, supervision or core group meetings: send them, and the ' +
      `other events below, as native events of the contract (${NATIVE_EVENTS_DOC}). The events that would feed them:`,
    ...types
      .slice(0, shownTypes)
      .map(([type, rules]) => `  ${eventTypeLabel(type)} (${type}): ${plural(rules, 'rule', 'rules')}`),
    ...(more > 0
      ? [`  and ${plural(more, 'other event type', 'other event types')} (--json lists every rule)`]
      : []),
    ...judged,
  ];
}

/** What each reason a rule is not judged says. */
const NOT_JUDGED: Record<NotJudgedBecause, string> = {
  'no-recording-times':
    'counting from when an event was written up, which it does not record, so opening no deadline',
  'no-times-of-day': 'counting hours, from dates without times, so falling due up to a day late',
  'same-date':
    'weighing two things it dates alike (an assessment’s completion and its authorisation), so always looking met on time',
};

/** The lines on rules the format feeds but cannot judge, by why. */
function notJudgedLines(rules: readonly NotJudgedRule[], title: string): string[] {
  if (rules.length === 0) return [];
  return [
    `${plural(rules.length, 'rule', 'rules')} ${rules.length === 1 ? 'is' : 'are'} fed by ${title} but not judged from it:`,
    ...(Object.keys(NOT_JUDGED) as NotJudgedBecause[]).flatMap((because) => {
      const ids = rules.filter((rule) => rule.because === because).map((rule) => rule.rule);
      return ids.length === 0
        ? []
        : [`  ${plural(ids.length, 'rule', 'rules')} ${NOT_JUDGED[because]}: ${someOf(ids, 6)}`];
    }),
  ];
}

/** The lines on the staff directory, for a target that has one. */
function directoryLines(report: ImportReport): string[] {
  const lines: string[] = [];
  const { directory } = report;
  if (directory) {
    const added = directory.teamsAdded.length;
    const filled = directory.parentsFilled.length;
    switch (directory.outcome) {
      case 'updated':
        lines.push(
          `Directory: ${plural(added, 'team', 'teams')} added from the extract and ` +
            `${plural(filled, 'team', 'teams')} given the parent it names; HR's staff, names and addresses stand as they were.`,
        );
        break;
      case 'unchanged':
        lines.push('Directory: unchanged; the extract names no team it lacks.');
        break;
      case 'no-hr-directory':
        lines.push(
          'Directory: none is loaded yet, so the extract’s teams were not added (it has no email addresses or levels): ' +
            'load the directory from HR first (los directory import).',
        );
        break;
      case 'refused':
        lines.push(`Directory: the extract’s teams were not added: ${directory.problems.join('; ')}.`);
        break;
    }
    if (directory.staffNotInDirectory.length > 0) {
      lines.push(
        `  ${plural(directory.staffNotInDirectory.length, 'member of staff', 'staff')} of the extract ` +
          `${directory.staffNotInDirectory.length === 1 ? 'is' : 'are'} not in the directory: ${someOf(directory.staffNotInDirectory)}.`,
      );
    }
  }
  const missing = report.allocatedNotInDirectory;
  if (missing && missing.length > 0) {
    lines.push(
      `Allocated but not in the directory: ${plural(missing.length, 'worker', 'workers')} (${someOf(missing)}); ` +
        'until HR’s directory has them, notices for their cases go to the manager of the case’s team.',
    );
  }
  return lines;
}

/** How many problems, and what they did. */
function problemsLine(problems: number, refusals: number): string {
  if (problems === 0) return 'No problems.';
  const kept = problems - refusals;
  const parts = [
    ...(refusals > 0
      ? [`${count(refusals)} refused a row, cell or file, leaving what it made before as it was`]
      : []),
    ...(kept > 0 ? [`${count(kept)} imported all the same, for the council to check`] : []),
  ];
  return `${plural(problems, 'problem', 'problems')}, on stderr by file, row and column (no cell is quoted): ${parts.join('; ')}.`;
}

/**
 * The report as text: the summary, and each problem (at most `shownProblems`, then how many more).
 * `title` names the format (`the Standard Safeguarding Dataset`), `from` what was read.
 */
export function importReportText(
  report: ImportReport,
  options: { title: string; from: string; shownProblems?: number; shownTypes?: number },
): ImportReportText {
  const { title, from, shownProblems = 50, shownTypes = 12 } = options;
  const refusals = report.problems.filter(isRefusal).length;
  const summary = [
    `Imported ${title} from ${from} (source ${report.source}) into ${report.target}.`,
    `${plural(report.children, 'child', 'children')}: ${plural(report.made, 'event', 'events')} made, ` +
      `${count(report.corrected)} corrected (each a retraction and a new event), ${count(report.withdrawn)} withdrawn ` +
      `(rows deleted since the last import), ${count(report.unchanged)} unchanged.`,
    problemsLine(report.problems.length, refusals),
    ...(report.caseProblems.length > 0
      ? [
          `${plural(report.caseProblems.length, 'deadline', 'deadlines')} could not be worked out (on stderr).`,
        ]
      : []),
    ...directoryLines(report),
    ...coverageLines(report, title, shownTypes),
  ];
  const shown = report.problems.slice(0, shownProblems).map(problemText);
  const hidden = report.problems.length - shown.length;
  return {
    summary,
    problems: [
      ...shown,
      ...(hidden > 0
        ? [`… and ${plural(hidden, 'more problem', 'more problems')}: --json lists them all.`]
        : []),
      ...report.caseProblems.map(caseProblemText),
    ],
  };
}
