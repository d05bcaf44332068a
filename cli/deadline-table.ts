/**
 * The deadline table for people: one block per case, most pressing first, each deadline with the
 * sentence that explains it.
 */
import { formatLongDate } from '../functions/core/calendar/index.ts';
import type { CaseEvaluation, Deadline, DeadlineStatus, Moment } from '../functions/core/engine/index.ts';

const STATUS_WORDS: Record<DeadlineStatus, string> = {
  overdue: 'OVERDUE',
  due: 'DUE TODAY',
  upcoming: 'upcoming',
  met: 'met',
  'met-late': 'met late',
  cancelled: 'cancelled',
  missed: 'MISSED',
};

/** Counts of deadlines by status across cases. */
export function countByStatus(evaluations: readonly CaseEvaluation[]): Record<DeadlineStatus, number> {
  const counts: Record<DeadlineStatus, number> = {
    overdue: 0,
    due: 0,
    upcoming: 0,
    met: 0,
    'met-late': 0,
    cancelled: 0,
    missed: 0,
  };
  for (const evaluation of evaluations) for (const d of evaluation.deadlines) counts[d.status] += 1;
  return counts;
}

const line = (d: Deadline) =>
  `  ${STATUS_WORDS[d.status].padEnd(10)} ${d.rule.title} (${d.rule.id})\n             ${d.explain}`;

/** Renders the table: the counts of everything, then the deadlines `show` picks, case by case. */
export function renderDeadlineTable(
  evaluations: readonly CaseEvaluation[],
  context: { asOf: Moment; profile: string; show: (deadline: Deadline) => boolean; note: string | null },
): string {
  const counts = countByStatus(evaluations);
  const out = [
    `Deadlines as of ${formatLongDate(context.asOf.day)} (profile: ${context.profile})`,
    `${evaluations.length} cases: ${counts.overdue} overdue, ${counts.due} due today, ${counts.upcoming} upcoming; ` +
      `${counts.met} met, ${counts['met-late']} met late, ${counts.missed} missed, ${counts.cancelled} cancelled`,
  ];
  for (const evaluation of evaluations) {
    const shown = evaluation.deadlines.filter(context.show);
    if (shown.length === 0 && evaluation.problems.length === 0) continue;
    out.push('', evaluation.caseId, ...shown.map(line));
    for (const problem of evaluation.problems) out.push(`  PROBLEM    ${problem.message}`);
  }
  if (context.note) out.push('', context.note);
  return out.join('\n');
}
